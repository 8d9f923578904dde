//! `GET /events`: the node's events as Server-Sent Events. A `hello` first
//! (who the node is, its cluster, its status), then every kept event after
//! the one the client names (`Last-Event-ID`, or `?after=N` for a fresh
//! connection), then each new event as it happens.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use byzscope_core::{Mode, NodeId, StatusDocument, Strategy};
use futures_util::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::events::{EventLog, StoredEvent};
use crate::refusal::Refusal;
use crate::routes::AppState;

/// How many kept events one read of the log hands a stream.
const BATCH: usize = 256;

/// The first event of every stream (it has no SSE id: it is not kept, and a
/// resuming browser must not take it for one).
#[derive(Serialize)]
struct Hello<'a> {
    kind: &'static str,
    node: NodeId,
    at_ms: i64,
    boot: &'a str,
    started_at_ms: i64,
    is_byzantine: bool,
    strategy: Option<Strategy>,
    peers: &'a BTreeMap<NodeId, String>,
    scenario: HelloScenario<'a>,
    status: StatusDocument,
    oldest_seq: u64,
    last_seq: u64,
    resumes_after: u64,
}

/// The cluster's settings, as the simulator's scenario names them.
#[derive(Serialize)]
struct HelloScenario<'a> {
    nodes: u16,
    byzantine: &'a BTreeMap<NodeId, Strategy>,
    strategy: Strategy,
    mode: Mode,
    signed: bool,
    seed: u64,
}

#[derive(Deserialize)]
pub(crate) struct EventsQuery {
    after: Option<u64>,
}

pub(crate) async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Result<Response, Refusal> {
    let Query(query) = query.map_err(|rejection| {
        Refusal::invalid(format!(
            "after must be an event id: {}",
            rejection.body_text()
        ))
    })?;
    // A browser reconnecting sends the last id it saw; it is newer than
    // whatever the page first asked for.
    let header = match headers.get("last-event-id") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|text| text.trim().parse::<u64>().ok())
                .ok_or_else(|| Refusal::invalid("Last-Event-ID must be an event id (a number)."))?,
        ),
    };
    let asked = header.or(query.after).unwrap_or(0);
    let status = state
        .driver
        .status()
        .await
        .map_err(|_| Refusal::stopping())?;
    let (oldest, last) = state.events.span();
    // An id this life never gave comes from before a restart: start over.
    let after = if asked > last { 0 } else { asked };
    let config = &state.config;
    let cluster = &config.cluster;
    let hello = Hello {
        kind: "hello",
        node: config.id,
        at_ms: state.clock.wall_now(),
        boot: &state.boot,
        started_at_ms: state.clock.started_at_ms(),
        is_byzantine: config.role().is_byzantine(),
        strategy: config.role().strategy(),
        peers: &config.peers,
        scenario: HelloScenario {
            nodes: cluster.nodes,
            byzantine: &cluster.byzantine,
            strategy: cluster.strategy,
            mode: cluster.mode,
            signed: cluster.mode == Mode::Signed,
            seed: cluster.seed,
        },
        status,
        oldest_seq: oldest,
        last_seq: last,
        resumes_after: after,
    };
    // Plain data with string keys always serialises.
    let hello = serde_json::to_string(&hello).unwrap_or_default();
    let hello = Event::default().data(hello);
    let tail = Tail {
        log: state.events.clone(),
        after,
        latest: state.events.subscribe(),
        stop: state.stop.clone(),
        pending: VecDeque::new(),
    };
    let stream = stream::once(async move { Ok::<_, Infallible>(hello) }).chain(tail.into_stream());
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// A stream's place in the log.
struct Tail {
    log: Arc<EventLog>,
    after: u64,
    latest: watch::Receiver<u64>,
    stop: watch::Receiver<bool>,
    pending: VecDeque<StoredEvent>,
}

impl Tail {
    /// The events after `after`, kept and new, until the node stops: reading
    /// the log itself (not a channel of events) means a slow client never
    /// loses one, it only reads a longer batch.
    fn into_stream(self) -> impl Stream<Item = Result<Event, Infallible>> + Send {
        stream::unfold(self, |mut tail| async move {
            loop {
                if *tail.stop.borrow() {
                    return None;
                }
                if let Some(event) = tail.pending.pop_front() {
                    tail.after = event.seq;
                    let sse = Event::default()
                        .id(event.seq.to_string())
                        .data(&*event.json);
                    return Some((Ok(sse), tail));
                }
                let more = tail.log.after(tail.after, BATCH);
                if !more.is_empty() {
                    tail.pending.extend(more);
                    continue;
                }
                tokio::select! {
                    changed = tail.latest.changed() => if changed.is_err() { return None },
                    stopped = tail.stop.changed() => if stopped.is_err() { return None },
                }
            }
        })
    }
}
