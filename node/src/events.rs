//! The node's events, as the page rebuilds a run from them: every message
//! sent and received, what the node recorded, forwarded, detected and
//! decided. Each is stamped with a per-node sequence number (the SSE `id`)
//! and wall-clock milliseconds, and kept so a client can resume.
//!
//! The JSON of each kind is documented in `node/README.md`; the tests read
//! it back from there.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use byzscope_core::{DetectionKind, Kind, Message, NodeId, Receipt, Round, Statement};
use serde::Serialize;
use tokio::sync::watch;

use crate::clock::Clock;

/// How many events a node keeps for clients that resume: far more than a
/// long demo makes (a round of four nodes is about 30 events a node), and a
/// bound on memory (an event is a few hundred bytes) for a node left running.
pub const KEPT_EVENTS: usize = 100_000;

/// What happened, with what the page needs to draw it.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// `POST /propose` was accepted: this node started `round`.
    Proposed {
        /// The round started.
        round: Round,
        /// The value proposed.
        value: Arc<str>,
    },
    /// This node sent a message (its own statement, or a forwarded copy).
    Sent {
        /// The id the receiver's `received` event carries too.
        message_id: String,
        /// The message, exactly as it was posted.
        message: Message,
        /// Whether it is a forwarded copy (`from` is not the origin).
        forward: bool,
        /// Where it was posted.
        url: String,
    },
    /// A message this node sent never got an answer or was refused.
    SendFailed {
        /// The id of the `sent` event.
        message_id: String,
        /// The peer.
        to: NodeId,
        /// Why, in words.
        error: String,
    },
    /// A message arrived and the core handled it.
    Received {
        /// The sender's id for it, from the `x-byzscope-message` header
        /// (`null` for a message posted by hand without one).
        message_id: Option<String>,
        /// The message as it arrived.
        message: Message,
        /// What the core made of it.
        receipt: ReceiptName,
    },
    /// A statement this node had not held, now recorded.
    Recorded {
        /// The message that brought it.
        message_id: Option<String>,
        /// The statement.
        statement: Arc<Statement>,
        /// Who handed it over.
        from: NodeId,
        /// Whether it came straight from its origin rather than forwarded.
        direct: bool,
    },
    /// This node passed a statement on (gossip); one `sent` event follows
    /// per copy.
    Forwarded {
        /// The statement as forwarded (a forging node alters it).
        statement: Arc<Statement>,
        /// Who had handed it over.
        from: NodeId,
        /// The peers it went to, in id order.
        to: Vec<NodeId>,
        /// The copies' ids, in the same order.
        message_ids: Vec<String>,
    },
    /// This Byzantine node split its own statement.
    Equivocated {
        /// PROPOSE or ECHO.
        statement_kind: Kind,
        /// The round.
        round: Round,
        /// Each value with the peers that got it.
        groups: Vec<SplitGroup>,
    },
    /// This node caught another one.
    Detected {
        /// Equivocation or forgery.
        detection_kind: DetectionKind,
        /// The accused.
        byzantine_node: NodeId,
        /// The round.
        round: Round,
        /// The values involved, sorted, without duplicates.
        conflicting_values: Vec<Arc<str>>,
        /// As in `/detections`.
        detected_at: String,
        /// This node.
        detected_by: NodeId,
    },
    /// This node decided a value for a round.
    Decided {
        /// The round.
        round: Round,
        /// The value.
        value: Arc<str>,
    },
    /// A round passed its 2 s timeout without a decision.
    TimedOut {
        /// The round.
        round: Round,
    },
    /// A line the console printed, in the original demo's words.
    Log {
        /// The line, with its `[nodeK]` prefix.
        line: String,
    },
}

/// One group of a split: a value and the peers that got it.
#[derive(Clone, Debug, Serialize)]
pub struct SplitGroup {
    /// The value.
    pub value: Arc<str>,
    /// The peers, in id order.
    pub to: Vec<NodeId>,
}

/// A core [`Receipt`] as one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptName {
    /// Recorded and acted on.
    Recorded,
    /// Already held; changed nothing.
    Duplicate,
    /// Already held as hearsay; this copy straight from the origin is now its vote.
    DuplicateVote,
    /// The signature did not hold: dropped, its sender accused.
    Forged,
    /// Refused by the core (never reaches an event: refusals change nothing).
    Refused,
}

impl From<Receipt> for ReceiptName {
    fn from(receipt: Receipt) -> Self {
        match receipt {
            Receipt::Recorded => ReceiptName::Recorded,
            Receipt::Duplicate { vote: false } => ReceiptName::Duplicate,
            Receipt::Duplicate { vote: true } => ReceiptName::DuplicateVote,
            Receipt::Forged => ReceiptName::Forged,
            Receipt::Refused => ReceiptName::Refused,
        }
    }
}

#[derive(Serialize)]
struct Stamped<'a> {
    seq: u64,
    node: NodeId,
    at_ms: i64,
    #[serde(flatten)]
    event: &'a EventKind,
}

/// One kept event: its sequence number and its JSON.
#[derive(Clone, Debug)]
pub struct StoredEvent {
    /// The per-node sequence number, from 1.
    pub seq: u64,
    /// The event as one line of JSON.
    pub json: Arc<str>,
}

struct Buffer {
    events: VecDeque<StoredEvent>,
    last: u64,
}

/// A node's events: written by its driver, read by every `/events` stream.
pub struct EventLog {
    node: NodeId,
    clock: Clock,
    buffer: Mutex<Buffer>,
    latest: watch::Sender<u64>,
}

impl EventLog {
    /// An empty log for `node`.
    pub fn new(node: NodeId, clock: Clock) -> EventLog {
        EventLog {
            node,
            clock,
            buffer: Mutex::new(Buffer {
                events: VecDeque::new(),
                last: 0,
            }),
            latest: watch::channel(0).0,
        }
    }

    fn buffer(&self) -> MutexGuard<'_, Buffer> {
        // A panic elsewhere while holding the lock leaves a consistent
        // buffer (pushes are single steps), so keep serving it.
        self.buffer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stamps `event` with the next sequence number and the time, keeps it
    /// and wakes the streams. Returns its sequence number.
    pub fn push(&self, event: EventKind) -> u64 {
        let mut buffer = self.buffer();
        let seq = buffer.last + 1;
        let stamped = Stamped {
            seq,
            node: self.node,
            at_ms: self.clock.wall_now(),
            event: &event,
        };
        // Serialising plain data with string keys cannot fail.
        let json = serde_json::to_string(&stamped).unwrap_or_default();
        buffer.last = seq;
        if buffer.events.len() == KEPT_EVENTS {
            buffer.events.pop_front();
        }
        buffer.events.push_back(StoredEvent {
            seq,
            json: json.into(),
        });
        drop(buffer);
        self.latest.send_replace(seq);
        seq
    }

    /// Up to `max` kept events after `seq`, in order.
    pub fn after(&self, seq: u64, max: usize) -> Vec<StoredEvent> {
        let buffer = self.buffer();
        let first = buffer.events.front().map_or(1, |event| event.seq);
        let skip =
            usize::try_from(seq.saturating_add(1).saturating_sub(first)).unwrap_or(usize::MAX);
        buffer.events.iter().skip(skip).take(max).cloned().collect()
    }

    /// The sequence numbers of the oldest kept event and of the last one
    /// (both 0 before the first).
    pub fn span(&self) -> (u64, u64) {
        let buffer = self.buffer();
        (
            buffer.events.front().map_or(0, |event| event.seq),
            buffer.last,
        )
    }

    /// Wakes on every new event.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.latest.subscribe()
    }
}
