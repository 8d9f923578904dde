//! The world of a run: nodes, the event queue, the RNG, the links and the
//! clock, and how an event is handled and written down.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::queue::Scheduled;
use crate::documents::{DetectionsDocument, StatusDocument};
use crate::effect::Effect;
use crate::id::NodeId;
use crate::network::Links;
use crate::node::Node;
use crate::scenario::{Latency, Scenario, ScenarioError};
use crate::signing::{derive_key, Directory, Mode};
use crate::time::Millis;
use crate::trace::{Envelope, Event, EventKind, Fate, Loss, Outcome, Record};

/// Everything of a run but its record: the nodes, what is due, the RNG, the
/// links and the clock. A timeline's snapshots are clones of it.
#[derive(Clone, Debug)]
pub(crate) struct World {
    pub(super) nodes: Vec<Node>,
    pub(super) now: Millis,
    /// What is due, by time; first in, first out within one millisecond,
    /// which is exactly (time, sequence number) order without storing the
    /// sequence number, and cheaper than a heap when thousands of messages
    /// share a millisecond.
    pub(super) queue: BTreeMap<Millis, VecDeque<Scheduled>>,
    pub(super) rng: ChaCha8Rng,
    pub(super) links: Links,
    pub(super) latency: Latency,
    pub(super) started_at_ms: i64,
    /// Reused buffer for a node's effects.
    pub(super) effects: Vec<Effect>,
}

impl World {
    pub(super) fn new(scenario: &Scenario) -> Result<World, ScenarioError> {
        scenario.validate()?;
        let signing = (scenario.mode == Mode::Signed).then(|| {
            let keys: Vec<_> = scenario
                .node_ids()
                .map(|node| derive_key(scenario.seed, node))
                .collect();
            let directory = Arc::new(Directory::of(&keys));
            (keys, directory)
        });
        let nodes = scenario
            .node_ids()
            .map(|id| {
                let signing = signing
                    .as_ref()
                    .map(|(keys, directory)| (keys[id.index()].clone(), directory.clone()));
                Node::new(id, scenario.nodes, scenario.role(id), signing)
            })
            .collect();
        Ok(World {
            nodes,
            now: 0,
            queue: BTreeMap::new(),
            rng: ChaCha8Rng::seed_from_u64(scenario.seed),
            links: Links::default(),
            latency: scenario.latency,
            started_at_ms: scenario.started_at_ms,
            effects: Vec::new(),
        })
    }

    pub(crate) fn now(&self) -> Millis {
        self.now
    }

    pub(crate) fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    pub(crate) fn links(&self) -> &Links {
        &self.links
    }

    pub(crate) fn status(&self, node: NodeId) -> Option<StatusDocument> {
        self.node(node).map(StatusDocument::of)
    }

    pub(crate) fn detections(&self, node: NodeId) -> Option<DetectionsDocument> {
        self.node(node)
            .map(|node| DetectionsDocument::of(node, self.started_at_ms))
    }

    /// Handles what is due up to `limit` until something makes an event;
    /// returns whether something did.
    pub(crate) fn step_until<R: Record>(&mut self, rec: &mut R, limit: Millis) -> bool {
        loop {
            let Some(mut earliest) = self.queue.first_entry() else {
                return false;
            };
            let at = *earliest.key();
            if at > limit {
                return false;
            }
            let due = earliest
                .get_mut()
                .pop_front()
                .expect("no empty slot is kept");
            if earliest.get().is_empty() {
                earliest.remove();
            }
            self.now = self.now.max(at);
            if self.handle(rec, due) {
                return true;
            }
        }
    }

    /// Sets the clock to `time` if it is later, without handling anything.
    pub(super) fn wind_to(&mut self, time: Millis) {
        self.now = self.now.max(time);
    }

    pub(super) fn handle<R: Record>(&mut self, rec: &mut R, due: Scheduled) -> bool {
        let mut effects = std::mem::take(&mut self.effects);
        match due {
            Scheduled::Delivery(id) => {
                let message = &rec.envelope(id).message;
                let to = message.to;
                let receipt = self.nodes[to.index()].receive(self.now, message, &mut effects);
                rec.settle(id, Fate::Delivered { receipt });
                let happening = EventKind::Delivered {
                    message: id,
                    receipt,
                };
                self.record(rec, to, happening, effects);
                true
            }
            Scheduled::Loss(id) => {
                let to = rec.envelope(id).message.to;
                let why = Loss::LinkDown;
                rec.settle(id, Fate::Lost { why, at: self.now });
                self.record(rec, to, EventKind::Lost { message: id, why }, effects);
                true
            }
            Scheduled::Timeout { node, round } => {
                if self.nodes[node.index()].on_timeout(self.now, round, &mut effects) {
                    self.record(rec, node, EventKind::TimedOut { round }, effects);
                    true
                } else {
                    self.effects = effects;
                    false
                }
            }
        }
    }

    /// Records an event and carries out its effects: messages get a latency
    /// (drawn for every message, lost or not, so faults never shift the
    /// draws) and join the queue, timers join the queue, the rest is recorded as outcomes.
    pub(super) fn record<R: Record>(
        &mut self,
        rec: &mut R,
        node: NodeId,
        happening: EventKind,
        mut effects: Vec<Effect>,
    ) {
        let index = rec.event_count();
        let mut outcomes = Vec::new();
        for effect in effects.drain(..) {
            match effect {
                Effect::Send(message) => {
                    let link = self.links.between(message.from, message.to);
                    // Proposals stop at the horizon, so times stay far from
                    // overflowing.
                    let latency = self
                        .rng
                        .random_range(self.latency.min_ms..=self.latency.max_ms);
                    let deliver_at = self.now + latency + link.extra_ms;
                    let id = rec.message_count();
                    let due = if link.down {
                        Scheduled::Loss(id)
                    } else {
                        Scheduled::Delivery(id)
                    };
                    self.schedule(deliver_at, due);
                    rec.message(Envelope {
                        id,
                        message,
                        sent_at: self.now,
                        deliver_at,
                        sent_by: index,
                        fate: Fate::InFlight,
                    });
                    if R::KEEPS {
                        outcomes.push(Outcome::Sent { message: id });
                    }
                }
                Effect::SetTimer { round, at } => {
                    self.schedule(at, Scheduled::Timeout { node, round });
                }
                _ if !R::KEEPS => {}
                Effect::Equivocated(split) => outcomes.push(Outcome::Equivocated(split)),
                Effect::Detected(detection) => outcomes.push(Outcome::Detected(detection)),
                Effect::Decided { round, value } => {
                    outcomes.push(Outcome::Decided { round, value })
                }
                Effect::TimedOut { round } => outcomes.push(Outcome::TimedOut { round }),
                Effect::Log(line) => outcomes.push(Outcome::Log { line }),
            }
        }
        self.effects = effects;
        rec.event(Event {
            index,
            at: self.now,
            node,
            happening,
            effects: outcomes,
        });
    }
}
