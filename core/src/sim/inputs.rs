//! A driver's inputs to a world: proposals and network faults, each
//! checked first, so a refused input changes nothing.

use super::errors::{InputError, ProposeError};
use super::world::World;
use crate::id::NodeId;
use crate::message::MessageId;
use crate::network::{FaultError, Link, MAX_EXTRA_DELAY_MS};
use crate::statement::Round;
use crate::time::Millis;
use crate::trace::{Action, EventKind, Fate, Input, Loss, Record};
use crate::value;

impl World {
    /// Applies one input of a driver, now, and writes it down.
    pub(crate) fn apply<R: Record>(
        &mut self,
        rec: &mut R,
        action: &Action,
    ) -> Result<(), InputError> {
        match action {
            Action::Propose { node, value } => {
                self.propose(rec, *node, value)?;
            }
            Action::Drop { message } => self.drop_message(rec, *message)?,
            Action::Cut { a, b } => {
                self.cut(rec, *a, *b)?;
            }
            Action::Heal { a, b } => self.heal(rec, *a, *b)?,
            Action::Delay { a, b, extra_ms } => self.delay(rec, *a, *b, *extra_ms)?,
        }
        Ok(())
    }

    /// Whether `action` would be accepted now, with the error
    /// [`World::apply`] would return if not; nothing changes. Each input's
    /// rules are written once, in the `check_*` methods, which applying
    /// calls too. `sent` is how many messages have been sent, and
    /// `in_flight` says whether one of them still travels.
    pub(crate) fn check(
        &self,
        action: &Action,
        sent: usize,
        // Not generic: the head and a past moment each ask, and one copy of
        // the checks is enough in the page's wasm.
        in_flight: &dyn Fn(MessageId) -> bool,
    ) -> Result<(), InputError> {
        match action {
            Action::Propose { node, value } => self.check_proposal(*node, value)?,
            Action::Drop { message } => check_drop(*message, sent, in_flight)?,
            Action::Cut { a, b } => {
                self.check_cut(*a, *b)?;
            }
            Action::Heal { a, b } => {
                self.check_heal(*a, *b)?;
            }
            Action::Delay { a, b, extra_ms } => {
                self.check_delay(*a, *b, *extra_ms)?;
            }
        }
        Ok(())
    }

    fn check_proposal(&self, node: NodeId, value: &str) -> Result<(), ProposeError> {
        if self.node(node).is_none() {
            return Err(ProposeError::UnknownNode(node));
        }
        value::validate(value).map_err(ProposeError::Value)
    }

    fn check_cut(&self, a: NodeId, b: NodeId) -> Result<Link, FaultError> {
        let link = self.link(a, b)?;
        if self.links.state(link).down {
            return Err(FaultError::AlreadyDown(link));
        }
        Ok(link)
    }

    fn check_heal(&self, a: NodeId, b: NodeId) -> Result<Link, FaultError> {
        let link = self.link(a, b)?;
        if !self.links.state(link).down {
            return Err(FaultError::NotDown(link));
        }
        Ok(link)
    }

    fn check_delay(&self, a: NodeId, b: NodeId, extra_ms: Millis) -> Result<Link, FaultError> {
        let link = self.link(a, b)?;
        if extra_ms > MAX_EXTRA_DELAY_MS {
            return Err(FaultError::DelayTooLong(extra_ms));
        }
        Ok(link)
    }

    pub(super) fn input<R: Record>(&self, rec: &mut R, action: Action) {
        rec.input(Input {
            after_events: rec.event_count(),
            at: self.now,
            action,
        });
    }

    pub(super) fn propose<R: Record>(
        &mut self,
        rec: &mut R,
        node: NodeId,
        value: &str,
    ) -> Result<Round, ProposeError> {
        self.check_proposal(node, value)?;
        let mut effects = std::mem::take(&mut self.effects);
        let result = self.nodes[node.index()].propose(self.now, value, &mut effects);
        let round = match result {
            Ok(round) => round,
            Err(error) => {
                self.effects = effects;
                return Err(ProposeError::Value(error));
            }
        };
        let action = Action::Propose {
            node,
            value: value.to_owned(),
        };
        self.input(rec, action);
        let happening = EventKind::Proposed {
            value: value.into(),
            round,
        };
        self.record(rec, node, happening, effects);
        Ok(round)
    }

    pub(super) fn drop_message<R: Record>(
        &mut self,
        rec: &mut R,
        id: MessageId,
    ) -> Result<(), FaultError> {
        check_drop(id, rec.message_count(), &|id| {
            self.is_scheduled(id, rec.envelope(id).deliver_at)
        })?;
        self.unschedule(id, rec.envelope(id).deliver_at);
        let lost = Fate::Lost {
            why: Loss::Dropped,
            at: self.now,
        };
        rec.settle(id, lost);
        self.input(rec, Action::Drop { message: id });
        Ok(())
    }

    /// The link between two nodes of the cluster.
    pub(super) fn link(&self, a: NodeId, b: NodeId) -> Result<Link, FaultError> {
        if let Some(unknown) = [a, b].into_iter().find(|id| self.node(*id).is_none()) {
            return Err(FaultError::UnknownNode(unknown));
        }
        Link::new(a, b).ok_or(FaultError::SameNode(a))
    }

    pub(super) fn cut<R: Record>(
        &mut self,
        rec: &mut R,
        a: NodeId,
        b: NodeId,
    ) -> Result<Vec<MessageId>, FaultError> {
        let link = self.check_cut(a, b)?;
        let mut state = self.links.state(link);
        state.down = true;
        self.links.set(link, state);
        let mut lost = Vec::new();
        for slot in self.queue.values_mut() {
            slot.retain(|due| {
                let Some(id) = due.message() else {
                    return true;
                };
                let message = &rec.envelope(id).message;
                let on_link = link.carries(message.from, message.to);
                if on_link {
                    lost.push(id);
                }
                !on_link
            });
        }
        self.queue.retain(|_, slot| !slot.is_empty());
        lost.sort_unstable();
        for id in &lost {
            let fate = Fate::Lost {
                why: Loss::LinkCut,
                at: self.now,
            };
            rec.settle(*id, fate);
        }
        self.input(rec, Action::Cut { a, b });
        Ok(lost)
    }

    pub(super) fn heal<R: Record>(
        &mut self,
        rec: &mut R,
        a: NodeId,
        b: NodeId,
    ) -> Result<(), FaultError> {
        let link = self.check_heal(a, b)?;
        let mut state = self.links.state(link);
        state.down = false;
        self.links.set(link, state);
        self.input(rec, Action::Heal { a, b });
        Ok(())
    }

    pub(super) fn delay<R: Record>(
        &mut self,
        rec: &mut R,
        a: NodeId,
        b: NodeId,
        extra_ms: Millis,
    ) -> Result<(), FaultError> {
        let link = self.check_delay(a, b, extra_ms)?;
        let mut state = self.links.state(link);
        state.extra_ms = extra_ms;
        self.links.set(link, state);
        self.input(rec, Action::Delay { a, b, extra_ms });
        Ok(())
    }
}

/// A drop needs a message that was sent and still travels.
fn check_drop(
    id: MessageId,
    sent: usize,
    in_flight: &dyn Fn(MessageId) -> bool,
) -> Result<(), FaultError> {
    if id >= sent {
        return Err(FaultError::UnknownMessage(id));
    }
    if !in_flight(id) {
        return Err(FaultError::NotInFlight(id));
    }
    Ok(())
}
