//! One node's `/events` stream, line by line: the JSON `node/README.md`
//! documents, read into types. Kinds the page does not draw are kept as
//! [`Happened::Other`], so a newer node never breaks an older page.

use std::collections::BTreeMap;
use std::sync::Arc;

use byzscope_core::{DetectionKind, Kind, Message, Mode, NodeId, Round, StatusDocument, Strategy};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The longest `data:` line the page reads; a node's longest event (a
/// forwarded statement to 63 peers) is far below it.
pub const MAX_LINE_CHARS: usize = 256 * 1024;

/// One event of a node's stream.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamEvent {
    /// The snapshot a stream opens with.
    Hello(Box<Hello>),
    /// A kept event, numbered by the node.
    Kept(Kept),
}

/// The `hello` a stream opens with: who the node is, in which life, and
/// where its kept events stand.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Hello {
    /// The node.
    pub node: NodeId,
    /// Wall-clock time of the snapshot, Unix epoch milliseconds.
    pub at_ms: i64,
    /// This life of the node: a restarted node has a new one.
    pub boot: String,
    /// When this life started, Unix epoch milliseconds.
    pub started_at_ms: i64,
    /// Whether the node is Byzantine.
    pub is_byzantine: bool,
    /// Its strategy, if Byzantine.
    #[serde(default)]
    pub strategy: Option<Strategy>,
    /// Its peers and where it posts to them.
    #[serde(default)]
    pub peers: BTreeMap<NodeId, String>,
    /// The cluster as this node was told of it.
    pub scenario: HelloScenario,
    /// Its `/status` document.
    pub status: StatusDocument,
    /// The newest kept event's number (0 before the first).
    pub last_seq: u64,
    /// The number the stream continues after.
    pub resumes_after: u64,
}

/// The cluster's shape, as a `hello` gives it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HelloScenario {
    /// Cluster size N.
    pub nodes: u16,
    /// The Byzantine nodes this node was told of.
    #[serde(default)]
    pub byzantine: BTreeMap<NodeId, Strategy>,
    /// Oral or signed.
    pub mode: Mode,
    /// The keys' seed.
    #[serde(default)]
    pub seed: u64,
}

/// A kept event: its number, node, wall-clock time and what happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    /// The node's sequence number (the SSE `id`).
    pub seq: u64,
    /// The node that wrote it.
    pub node: NodeId,
    /// Wall-clock time, Unix epoch milliseconds.
    pub at_ms: i64,
    /// What happened.
    pub what: Happened,
}

/// What a kept event says happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Happened {
    /// `POST /propose` started `round`.
    Proposed {
        /// The round.
        round: Round,
        /// The value.
        value: Arc<str>,
    },
    /// A message left, named by its sender.
    Sent {
        /// `node1#17`.
        message_id: String,
        /// The message.
        message: Message,
    },
    /// A sent message never arrived.
    SendFailed {
        /// The message's id.
        message_id: String,
        /// Its receiver.
        to: NodeId,
        /// Why, in words.
        error: String,
    },
    /// A message arrived and the core handled it.
    Received {
        /// Its sender's id for it; `None` when posted by hand.
        message_id: Option<String>,
        /// The message.
        message: Message,
        /// `recorded`, `duplicate`, `duplicate_vote` or `forged`.
        receipt: String,
    },
    /// A Byzantine node split its statement.
    Equivocated {
        /// PROPOSE or ECHO.
        statement_kind: Kind,
        /// The round.
        round: Round,
        /// Each value and who got it.
        groups: Vec<Group>,
    },
    /// The node caught another.
    Detected(Detected),
    /// The node decided.
    Decided {
        /// The round.
        round: Round,
        /// The value.
        value: Arc<str>,
    },
    /// A round passed its timer without a decision.
    TimedOut {
        /// The round.
        round: Round,
    },
    /// A console line.
    Log {
        /// The line, in the core's one-line form.
        line: String,
    },
    /// A kind the page does not draw (`recorded`, `forwarded`, or one a
    /// newer node adds).
    Other,
}

/// One value of a split and the peers that got it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Group {
    /// The value.
    pub value: Arc<str>,
    /// The peers.
    pub to: Vec<NodeId>,
}

/// A `detected` event's fields: the `/detections` record's, and its kind.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Detected {
    /// Equivocation or forgery.
    pub detection_kind: DetectionKind,
    /// The accused.
    pub byzantine_node: NodeId,
    /// The round.
    pub round: Round,
    /// The values, sorted.
    pub conflicting_values: Vec<Arc<str>>,
    /// Wall-clock UTC, as `/detections` prints it.
    pub detected_at: String,
    /// The detector.
    pub detected_by: NodeId,
}

/// Only the kind, read first: each kind is then read straight from the
/// text into its own type. (Reading through `serde_json::Value` would
/// add a second deserializer of every type to the wasm.)
#[derive(Deserialize)]
struct KindOnly {
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Head {
    seq: u64,
    node: NodeId,
    at_ms: i64,
}

#[derive(Deserialize)]
struct Proposed {
    round: Round,
    value: Arc<str>,
}

#[derive(Deserialize)]
struct Sent {
    message_id: String,
    message: Message,
}

#[derive(Deserialize)]
struct SendFailed {
    message_id: String,
    to: NodeId,
    #[serde(default)]
    error: String,
}

#[derive(Deserialize)]
struct Received {
    message_id: Option<String>,
    message: Message,
    receipt: String,
}

#[derive(Deserialize)]
struct Equivocated {
    statement_kind: Kind,
    round: Round,
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct RoundValue {
    round: Round,
    value: Arc<str>,
}

#[derive(Deserialize)]
struct RoundOnly {
    round: Round,
}

#[derive(Deserialize)]
struct Line {
    line: String,
}

/// Reads one `data:` line, or says why it is not an event.
pub fn parse_event(line: &str) -> Result<StreamEvent, String> {
    if line.len() > MAX_LINE_CHARS {
        return Err(format!(
            "an event of {} bytes, more than the {MAX_LINE_CHARS} the page reads",
            line.len()
        ));
    }
    let KindOnly { kind } = serde_json::from_str(line)
        .map_err(|error| format!("an event that is not JSON ({error}): {}", shorten(line)))?;
    let kind = kind.ok_or_else(|| format!("an event without a kind: {}", shorten(line)))?;
    let value = line;
    if kind == "hello" {
        return Ok(StreamEvent::Hello(Box::new(fields(value, &kind)?)));
    }
    let head: Head = fields(value, &kind)?;
    let what = match kind.as_str() {
        "proposed" => {
            let Proposed { round, value } = fields(value, &kind)?;
            Happened::Proposed { round, value }
        }
        "sent" => {
            let Sent {
                message_id,
                message,
            } = fields(value, &kind)?;
            Happened::Sent {
                message_id,
                message,
            }
        }
        "send_failed" => {
            let SendFailed {
                message_id,
                to,
                error,
            } = fields(value, &kind)?;
            Happened::SendFailed {
                message_id,
                to,
                error,
            }
        }
        "received" => {
            let Received {
                message_id,
                message,
                receipt,
            } = fields(value, &kind)?;
            Happened::Received {
                message_id,
                message,
                receipt,
            }
        }
        "equivocated" => {
            let Equivocated {
                statement_kind,
                round,
                groups,
            } = fields(value, &kind)?;
            Happened::Equivocated {
                statement_kind,
                round,
                groups,
            }
        }
        "detected" => Happened::Detected(fields(value, &kind)?),
        "decided" => {
            let RoundValue { round, value } = fields(value, &kind)?;
            Happened::Decided { round, value }
        }
        "timed_out" => {
            let RoundOnly { round } = fields(value, &kind)?;
            Happened::TimedOut { round }
        }
        "log" => {
            let Line { line } = fields(value, &kind)?;
            Happened::Log { line }
        }
        _ => Happened::Other,
    };
    Ok(StreamEvent::Kept(Kept {
        seq: head.seq,
        node: head.node,
        at_ms: head.at_ms,
        what,
    }))
}

/// The fields of a `kind` event, or why they do not fit.
fn fields<T: DeserializeOwned>(line: &str, kind: &str) -> Result<T, String> {
    serde_json::from_str(line)
        .map_err(|error| format!("a '{kind}' event that does not fit: {error}"))
}

/// The start of a long line, for a message that quotes it.
fn shorten(line: &str) -> String {
    const SHOWN: usize = 60;
    match line.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("'{}…'", &line[..end]),
        None => format!("'{line}'"),
    }
}
