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

impl Event {
    /// The detections this event recorded, in order.
    pub fn detections(&self) -> impl Iterator<Item = &Detection> {
        self.effects.iter().filter_map(|outcome| match outcome {
            Outcome::Detected(detection) => Some(detection),
            _ => None,
        })
    }
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
        self.view().detections()
    }

    /// The whole trace, as a view: what [`Moment::view`] gives of a past
    /// moment.
    ///
    /// [`Moment::view`]: crate::timeline::Moment::view
    pub fn view(&self) -> TraceView<'_> {
        TraceView::whole(self, 0)
    }

    /// Every log line of the run, in order. Each displays as its text;
    /// [`LogLine::kind`] says what it is about.
    pub fn log(&self) -> impl Iterator<Item = &LogLine> {
        self.view().log()
    }
}

/// A trace as it stood at one point of its run: its first inputs, events
/// and messages, and what had become of each message by then.
///
/// [`Trace::view`] is the whole trace; [`Moment::view`] is the trace up to
/// a past moment, whose messages' own [`Envelope::fate`] is what became of
/// them later: ask [`TraceView::fate`] for what it was then.
///
/// [`Moment::view`]: crate::timeline::Moment::view
#[derive(Clone, Copy, Debug)]
pub struct TraceView<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The inputs given by then.
    pub inputs: &'a [Input],
    /// The events by then.
    pub events: &'a [Event],
    /// The messages sent by then.
    pub messages: &'a [Envelope],
    in_flight: InFlight<'a>,
}

/// Which messages of a view were in flight.
#[derive(Clone, Copy, Debug)]
enum InFlight<'a> {
    /// Those whose recorded fate is in flight; every message before `from`
    /// is known to be settled, so none needs reading.
    AsRecorded {
        /// The first message that may be in flight.
        from: MessageId,
    },
    /// Exactly these, in send order (a past moment's).
    Listed(&'a [MessageId]),
}

impl<'a> TraceView<'a> {
    /// The first `inputs`, `events` and `messages` of `trace`, with the
    /// messages then in flight, in send order.
    pub(crate) fn at(
        trace: &'a Trace,
        (inputs, events, messages): (usize, usize, usize),
        in_flight: &'a [MessageId],
    ) -> TraceView<'a> {
        TraceView {
            scenario: &trace.scenario,
            inputs: &trace.inputs[..inputs],
            events: &trace.events[..events],
            messages: &trace.messages[..messages],
            in_flight: InFlight::Listed(in_flight),
        }
    }

    /// The whole of `trace`, knowing every message before `settled` is
    /// delivered or lost.
    pub(crate) fn whole(trace: &'a Trace, settled: MessageId) -> TraceView<'a> {
        TraceView {
            scenario: &trace.scenario,
            inputs: &trace.inputs,
            events: &trace.events,
            messages: &trace.messages,
            in_flight: InFlight::AsRecorded { from: settled },
        }
    }

    /// Every detection by then, in the order they happened.
    pub fn detections(&self) -> impl Iterator<Item = &'a Detection> + 'a {
        self.events.iter().flat_map(Event::detections)
    }

    /// The detection recorded `index`-th in event `event`, if the view has
    /// that event.
    pub fn detection_at(&self, event: usize, index: usize) -> Option<&'a Detection> {
        self.events.get(event)?.detections().nth(index)
    }

    /// Every log line by then, in order.
    pub fn log(&self) -> impl Iterator<Item = &'a LogLine> + 'a {
        self.events.iter().flat_map(|event| {
            event.effects.iter().filter_map(|outcome| match outcome {
                Outcome::Log { line } => Some(line),
                _ => None,
            })
        })
    }

    /// Message `id`, if it was sent by then.
    pub fn message(&self, id: MessageId) -> Option<&'a Envelope> {
        self.messages.get(id)
    }

    /// What had become of message `id` by then; `None` if it was not sent
    /// yet.
    pub fn fate(&self, id: MessageId) -> Option<Fate> {
        let envelope = self.messages.get(id)?;
        match self.in_flight {
            InFlight::Listed(ids) if ids.binary_search(&id).is_ok() => Some(Fate::InFlight),
            _ => Some(envelope.fate),
        }
    }

    /// The messages in flight then, in send order.
    pub fn in_flight(&self) -> Box<dyn Iterator<Item = &'a Envelope> + 'a> {
        let messages = self.messages;
        match self.in_flight {
            InFlight::AsRecorded { from } => Box::new(
                messages[from.min(messages.len())..]
                    .iter()
                    .filter(|envelope| envelope.fate == Fate::InFlight),
            ),
            InFlight::Listed(ids) => Box::new(ids.iter().map(move |id| &messages[*id])),
        }
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
