//! The trace: the single record of a run, from which the UI replays,
//! scrubs and exports.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::detection::Detection;
use crate::effect::Split;
use crate::id::NodeId;
use crate::log::LogLine;
use crate::message::Message;
pub use crate::message::MessageId;
use crate::node::Receipt;
use crate::scenario::Scenario;
use crate::statement::Round;
use crate::time::Millis;

/// What a driver asked the simulation to do, and when. Replaying the inputs
/// of a trace on its scenario rebuilds the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// How many events had happened when the input was given.
    pub after_events: usize,
    /// Simulated time it was given at.
    pub at: Millis,
    /// What was asked.
    pub action: Action,
}

impl Input {
    /// Whether the run, as it stood after `events` events at time `at`, had
    /// been given this input: it came after fewer events, or after exactly
    /// that many, no later than `at`, and makes no event of its own (a
    /// proposal given there is event `events` itself, still to come).
    pub fn given_by(&self, events: usize, at: Millis) -> bool {
        self.after_events < events
            || (self.after_events == events && self.at <= at && !self.action.makes_event())
    }
}

/// An action a driver can take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// `POST /propose?value=V` on `node`.
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value proposed.
        value: String,
    },
    /// An in-flight message is lost.
    Drop {
        /// The message, in [`Trace::messages`].
        message: MessageId,
    },
    /// The undirected link `a`–`b` goes down: messages in flight on it are
    /// lost, and so is every message sent on it while it is down.
    Cut {
        /// One end.
        a: NodeId,
        /// The other end.
        b: NodeId,
    },
    /// The link `a`–`b` comes back up.
    Heal {
        /// One end.
        a: NodeId,
        /// The other end.
        b: NodeId,
    },
    /// Messages sent on the link `a`–`b` from now on take `extra_ms` more;
    /// 0 clears it.
    Delay {
        /// One end.
        a: NodeId,
        /// The other end.
        b: NodeId,
        /// The extra latency, in milliseconds.
        extra_ms: Millis,
    },
}

impl Action {
    /// Whether the action makes an event of its own: a proposal does (the
    /// proposer's [`EventKind::Proposed`]); a network fault does not.
    pub fn makes_event(&self) -> bool {
        matches!(self, Action::Propose { .. })
    }
}

/// One thing that happened at one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the trace, from 0.
    pub index: usize,
    /// Simulated time.
    pub at: Millis,
    /// The node it happened at.
    pub node: NodeId,
    /// What happened.
    pub happening: EventKind,
    /// What followed from it, in order.
    pub effects: Vec<Outcome>,
}

/// What kind of thing happened at a node: the input it handled. (An
/// event's JSON keeps it under `happening`.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The node proposed `value`, starting `round`.
    Proposed {
        /// The value proposed.
        value: Arc<str>,
        /// The round it started.
        round: Round,
    },
    /// A message reached the node.
    Delivered {
        /// The message, in [`Trace::messages`].
        message: MessageId,
        /// What the node made of it.
        receipt: Receipt,
    },
    /// The node's timeout for `round` fired before a decision.
    TimedOut {
        /// The round.
        round: Round,
    },
    /// A message to the node was lost when it would have arrived, because
    /// its link was down when it was sent. (Messages lost on a driver's
    /// input, dropped or cut in flight, make no event: the input is in
    /// [`Trace::inputs`] and their fate says when.)
    Lost {
        /// The message, in [`Trace::messages`].
        message: MessageId,
        /// Why it was lost.
        why: Loss,
    },
}

/// What followed from an event, as the trace records it: the node's
/// [`Effect`](crate::effect::Effect)s, with each message sent named by its
/// id and timers left out (they make events of their own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outcome {
    /// The node sent this message.
    Sent {
        /// The message, in [`Trace::messages`].
        message: MessageId,
    },
    /// The node split its statement between peers.
    Equivocated(Split),
    /// The node detected misbehaviour.
    Detected(Detection),
    /// The node decided.
    Decided {
        /// The round.
        round: Round,
        /// The value.
        value: Arc<str>,
    },
    /// The node's round timed out.
    TimedOut {
        /// The round.
        round: Round,
    },
    /// A line of the event log.
    Log {
        /// The line; its JSON is its text, in the original demo's words.
        line: LogLine,
    },
}

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
    /// Still travelling.
    InFlight,
    /// Delivered, and what the receiver made of it.
    Delivered {
        /// The receiver's verdict.
        receipt: Receipt,
    },
    /// Lost on the way: it never reached its receiver.
    Lost {
        /// Why.
        why: Loss,
        /// Simulated time it was lost at.
        at: Millis,
    },
}

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// A driver dropped it while it travelled.
    Dropped,
    /// Its link was cut while it travelled.
    LinkCut,
    /// It was sent while its link was down. It travels as usual and is lost
    /// when it would have arrived, even if the link is healed meanwhile: it
    /// never got onto the wire.
    LinkDown,
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Loss::Dropped => "dropped by hand",
            Loss::LinkCut => "its link was cut while it travelled",
            Loss::LinkDown => "it was sent while its link was down",
        })
    }
}

/// A message with its timing: everything the UI needs to draw it as a dot at
/// `(now − sent_at) / (deliver_at − sent_at)` along its chord.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Its index in [`Trace::messages`].
    pub id: MessageId,
    /// The message.
    pub message: Message,
    /// Simulated send time.
    pub sent_at: Millis,
    /// Simulated delivery time.
    pub deliver_at: Millis,
    /// The event that sent it.
    pub sent_by: usize,
    /// What became of it.
    pub fate: Fate,
}

/// The whole record of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The scenario it ran.
    pub scenario: Scenario,
    /// What drivers asked, in order.
    pub inputs: Vec<Input>,
    /// Everything that happened, in order.
    pub events: Vec<Event>,
    /// Every message sent, in send order.
    pub messages: Vec<Envelope>,
}

impl Trace {
    /// Every detection of the run, in the order they happened.
    pub fn detections(&self) -> impl Iterator<Item = &Detection> {
        self.events.iter().flat_map(|event| {
            event.effects.iter().filter_map(|outcome| match outcome {
                Outcome::Detected(detection) => Some(detection),
                _ => None,
            })
        })
    }

    /// Every log line of the run, in order. Each displays as its text;
    /// [`LogLine::kind`] says what it is about.
    pub fn log(&self) -> impl Iterator<Item = &LogLine> {
        self.events.iter().flat_map(|event| {
            event.effects.iter().filter_map(|outcome| match outcome {
                Outcome::Log { line } => Some(line),
                _ => None,
            })
        })
    }
}

/// Where a run writes down what happens: a [`Trace`] keeps everything; a
/// cursor over a trace already written (a timeline seeking) only counts.
pub(crate) trait Record {
    /// Whether events are kept, so their effects worth noting.
    const KEEPS: bool;
    /// A message already sent.
    fn envelope(&self, id: MessageId) -> &Envelope;
    /// How many inputs there are so far.
    fn input_count(&self) -> usize;
    /// How many events there are so far.
    fn event_count(&self) -> usize;
    /// How many messages there are so far.
    fn message_count(&self) -> usize;
    /// Writes down an input.
    fn input(&mut self, input: Input);
    /// Writes down a sent message.
    fn message(&mut self, envelope: Envelope);
    /// Writes down an event.
    fn event(&mut self, event: Event);
    /// Writes down what became of a message.
    fn settle(&mut self, id: MessageId, fate: Fate);
}

impl Record for Trace {
    const KEEPS: bool = true;

    fn envelope(&self, id: MessageId) -> &Envelope {
        &self.messages[id]
    }

    fn input_count(&self) -> usize {
        self.inputs.len()
    }

    fn event_count(&self) -> usize {
        self.events.len()
    }

    fn message_count(&self) -> usize {
        self.messages.len()
    }

    fn input(&mut self, input: Input) {
        self.inputs.push(input);
    }

    fn message(&mut self, envelope: Envelope) {
        self.messages.push(envelope);
    }

    fn event(&mut self, event: Event) {
        self.events.push(event);
    }

    fn settle(&mut self, id: MessageId, fate: Fate) {
        self.messages[id].fate = fate;
    }
}
