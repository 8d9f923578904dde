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
        if self.node(node).is_none() {
            return Err(ProposeError::UnknownNode(node));
        }
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
        if id >= rec.message_count() {
            return Err(FaultError::UnknownMessage(id));
        }
        if !self.unschedule(id, rec.envelope(id).deliver_at) {
            return Err(FaultError::NotInFlight(id));
        }
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
        let link = self.link(a, b)?;
        let mut state = self.links.state(link);
        if state.down {
            return Err(FaultError::AlreadyDown(link));
        }
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
        let link = self.link(a, b)?;
        let mut state = self.links.state(link);
        if !state.down {
            return Err(FaultError::NotDown(link));
        }
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
        let link = self.link(a, b)?;
        if extra_ms > MAX_EXTRA_DELAY_MS {
            return Err(FaultError::DelayTooLong(extra_ms));
        }
        let mut state = self.links.state(link);
        state.extra_ms = extra_ms;
        self.links.set(link, state);
        self.input(rec, Action::Delay { a, b, extra_ms });
        Ok(())
    }
}
