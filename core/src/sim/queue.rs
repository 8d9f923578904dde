//! The event queue: what is scheduled, by simulated time, first in first
//! out within one millisecond.

use super::world::World;
use crate::id::NodeId;
use crate::message::MessageId;
use crate::statement::Round;
use crate::time::Millis;

/// An entry of the event queue: something scheduled to happen at a
/// simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheduled {
    Delivery(MessageId),
    /// A message sent while its link was down: lost when it would arrive.
    Loss(MessageId),
    Timeout {
        node: NodeId,
        round: Round,
    },
}

impl Scheduled {
    pub(super) fn message(self) -> Option<MessageId> {
        match self {
            Scheduled::Delivery(id) | Scheduled::Loss(id) => Some(id),
            Scheduled::Timeout { .. } => None,
        }
    }
}

impl World {
    pub(super) fn next_due(&self) -> Option<Millis> {
        self.queue.first_key_value().map(|(at, _)| *at)
    }

    /// The messages in flight, in send order: exactly those still due.
    pub(crate) fn in_flight(&self) -> Vec<MessageId> {
        let mut ids: Vec<MessageId> = self
            .queue
            .values()
            .flatten()
            .filter_map(|due| due.message())
            .collect();
        ids.sort_unstable();
        ids
    }

    pub(super) fn schedule(&mut self, at: Millis, what: Scheduled) {
        self.queue.entry(at).or_default().push_back(what);
    }

    /// Whether message `id`, due at `at`, is in the queue, that is, in
    /// flight.
    pub(crate) fn is_scheduled(&self, id: MessageId, at: Millis) -> bool {
        self.queue
            .get(&at)
            .is_some_and(|slot| slot.iter().any(|due| due.message() == Some(id)))
    }

    /// Takes message `id`, due at `at`, out of the queue; returns whether it
    /// was there, that is, in flight.
    pub(super) fn unschedule(&mut self, id: MessageId, at: Millis) -> bool {
        let Some(slot) = self.queue.get_mut(&at) else {
            return false;
        };
        let Some(position) = slot.iter().position(|due| due.message() == Some(id)) else {
            return false;
        };
        slot.remove(position);
        if slot.is_empty() {
            self.queue.remove(&at);
        }
        true
    }
}
