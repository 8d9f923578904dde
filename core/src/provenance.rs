//! Provenance: how the statements behind a detection reached the detector,
//! message by message.
//!
//! Every copy of a statement got to its receiver by a chain: the origin's
//! direct send, then one forward per hop. A forwarded message was sent by
//! the event that delivered its forwarder's own copy, so the chain is found
//! by walking back through [`Envelope::sent_by`](crate::trace::Envelope).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::detection::{Detection, DetectionKind};
use crate::id::NodeId;
use crate::message::MessageId;
use crate::node::Receipt;
use crate::statement::{Round, Statement};
use crate::trace::{EventKind, Outcome, Trace};

/// One statement as a node got it, and the messages that brought it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// The statement, as the last message carried it.
    pub statement: Statement,
    /// The origin's direct send, then each forward, ending with the message
    /// the node received: in trace order.
    pub messages: Vec<MessageId>,
}

/// The two conflicting statements behind an equivocation detection, each
/// with the chain that brought it to the detector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The event the detection happened in.
    pub event: usize,
    /// The detector.
    pub detector: NodeId,
    /// The accused.
    pub accused: NodeId,
    /// The round.
    pub round: Round,
    /// The first statement of the accused in that round the detector held,
    /// from before the detection.
    pub held: Chain,
    /// The statement whose arrival made the detection.
    pub arrived: Chain,
}

/// Why the provenance of a detection cannot be traced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProvenanceError {
    /// The trace has no such event.
    NoSuchEvent(usize),
    /// The event does not record this detection.
    NotInEvent(usize),
    /// Only an equivocation rests on two statements; a forgery rests on the
    /// one message delivered in its event.
    NotAnEquivocation,
    /// The event is not a message's delivery.
    NotADelivery(usize),
    /// The trace has no message with this id.
    NoSuchMessage(MessageId),
    /// The message was forwarded, but the event that sent it did not deliver
    /// the forwarder a copy of the same statement: the trace is inconsistent.
    BrokenChain(MessageId),
    /// The detector held no other value of the accused in that round before
    /// the detection: the trace is inconsistent.
    NothingHeld,
}

impl fmt::Display for ProvenanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProvenanceError::NoSuchEvent(event) => write!(f, "the run has no event {event}"),
            ProvenanceError::NotInEvent(event) => {
                write!(f, "event {event} does not record this detection")
            }
            ProvenanceError::NotAnEquivocation => write!(
                f,
                "a forgery detection rests on the one message delivered in its event, not on two statements"
            ),
            ProvenanceError::NotADelivery(event) => {
                write!(f, "event {event} is not the delivery of a message")
            }
            ProvenanceError::NoSuchMessage(id) => write!(f, "the run has no message {id}"),
            ProvenanceError::BrokenChain(id) => write!(
                f,
                "message {id} is a forwarded copy, but the event that sent it delivered no copy of its statement to its sender"
            ),
            ProvenanceError::NothingHeld => write!(
                f,
                "the detector held no other value of the accused before the detection"
            ),
        }
    }
}

impl std::error::Error for ProvenanceError {}

impl Trace {
    /// The chain of messages that brought message `id`'s statement from its
    /// origin: the direct send first, `id` last, in trace order.
    pub fn chain(&self, id: MessageId) -> Result<Vec<MessageId>, ProvenanceError> {
        let mut chain = vec![id];
        let mut current = self
            .messages
            .get(id)
            .ok_or(ProvenanceError::NoSuchMessage(id))?;
        while !current.message.is_direct() {
            let broken = || ProvenanceError::BrokenChain(current.id);
            let Some(EventKind::Delivered { message, .. }) = self
                .events
                .get(current.sent_by)
                .map(|event| &event.happening)
            else {
                return Err(broken());
            };
            // A parent was sent before its child, which also guarantees the
            // walk ends on any trace.
            let parent = self
                .messages
                .get(*message)
                .filter(|parent| parent.id < current.id)
                .ok_or_else(broken)?;
            let (statement, copy) = (&parent.message.statement, &current.message.statement);
            let same_statement = (statement.kind, statement.origin, statement.round)
                == (copy.kind, copy.origin, copy.round);
            if parent.message.to != current.message.from || !same_statement {
                return Err(broken());
            }
            chain.push(parent.id);
            current = parent;
        }
        chain.reverse();
        Ok(chain)
    }

    /// The two statements behind `detection`, recorded in event `event`, and
    /// the chains that brought each to the detector.
    pub fn provenance(
        &self,
        event: usize,
        detection: &Detection,
    ) -> Result<Provenance, ProvenanceError> {
        let found = self
            .events
            .get(event)
            .ok_or(ProvenanceError::NoSuchEvent(event))?;
        if !found
            .effects
            .iter()
            .any(|outcome| matches!(outcome, Outcome::Detected(d) if d == detection))
        {
            return Err(ProvenanceError::NotInEvent(event));
        }
        if detection.kind != DetectionKind::Equivocation {
            return Err(ProvenanceError::NotAnEquivocation);
        }
        let EventKind::Delivered { message, .. } = found.happening else {
            return Err(ProvenanceError::NotADelivery(event));
        };
        let arrived = self.traced(message)?;
        let (detector, accused, round) = (found.node, detection.byzantine_node, detection.round);
        // Before the detection everything the detector held from the accused
        // in that round had one value, so the first statement it recorded is
        // the other one.
        let held = self.events[..event]
            .iter()
            .filter(|earlier| earlier.node == detector)
            .find_map(|earlier| match earlier.happening {
                EventKind::Delivered {
                    message,
                    receipt: Receipt::Recorded,
                } => {
                    let statement = &self.messages.get(message)?.message.statement;
                    (statement.origin == accused && statement.round == round).then_some(message)
                }
                _ => None,
            })
            .ok_or(ProvenanceError::NothingHeld)?;
        let held = self.traced(held)?;
        if held.statement.value == arrived.statement.value {
            return Err(ProvenanceError::NothingHeld);
        }
        Ok(Provenance {
            event,
            detector,
            accused,
            round,
            held,
            arrived,
        })
    }

    fn traced(&self, id: MessageId) -> Result<Chain, ProvenanceError> {
        let statement = (*self
            .messages
            .get(id)
            .ok_or(ProvenanceError::NoSuchMessage(id))?
            .message
            .statement)
            .clone();
        Ok(Chain {
            statement,
            messages: self.chain(id)?,
        })
    }
}
