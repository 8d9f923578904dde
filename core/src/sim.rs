//! The deterministic simulator: nodes, a network with latency, and virtual
//! time, driven one event at a time.
//!
//! One seeded RNG draws every latency; the event queue is ordered by
//! `(time, order of scheduling)`, so ties break the same way on every run. The
//! same scenario and the same inputs give the same [`Trace`], event for
//! event.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::documents::{DetectionsDocument, StatusDocument};
use crate::effect::Effect;
use crate::id::NodeId;
use crate::node::Node;
use crate::scenario::{Scenario, ScenarioError};
use crate::signing::{derive_key, Directory, Mode};
use crate::statement::Round;
use crate::trace::{Action, Envelope, Event, Fate, Happening, Input, MessageId, Noted, Trace};
use crate::value::ValueError;
use crate::Millis;

/// Something due at a simulated time.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Due {
    Delivery(MessageId),
    Timeout { node: NodeId, round: Round },
}

/// Why a proposal was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposeError {
    /// The proposer is not in the cluster.
    UnknownNode(NodeId),
    /// The value breaks the value rule.
    Value(ValueError),
}

impl fmt::Display for ProposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProposeError::UnknownNode(node) => write!(f, "{node} is not in the cluster"),
            ProposeError::Value(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ProposeError {}

/// Why a trace could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The trace's scenario cannot run.
    Scenario(ScenarioError),
    /// An input was refused, or its place in the trace cannot be reached.
    Input {
        /// Its position in [`Trace::inputs`].
        index: usize,
        /// Why.
        why: String,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Scenario(error) => write!(f, "the trace's scenario cannot run: {error}"),
            ReplayError::Input { index, why } => write!(f, "input {index} of the trace: {why}"),
        }
    }
}

impl std::error::Error for ReplayError {}

/// The latest simulated time a driver can move the clock to: one day.
/// Proposals happen at most then, so every time in a run stays within the
/// horizon plus what one round of messages can add (hours at the most), far
/// from overflowing, and `detected_at` can always be printed.
pub const HORIZON_MS: Millis = 86_400_000;

/// A cluster of nodes on a simulated network.
#[derive(Clone, Debug)]
pub struct Simulation {
    nodes: Vec<Node>,
    now: Millis,
    /// What is due, by time; first in, first out within one millisecond,
    /// which is exactly (time, sequence number) order without storing the
    /// sequence number, and cheaper than a heap when thousands of messages
    /// share a millisecond.
    queue: BTreeMap<Millis, VecDeque<Due>>,
    rng: ChaCha8Rng,
    trace: Trace,
    /// Every message before this one has been delivered.
    first_in_flight: MessageId,
    /// Reused buffer for a node's effects.
    effects: Vec<Effect>,
}

impl Simulation {
    /// A simulation of `scenario` at time 0, with nothing sent yet.
    pub fn new(scenario: Scenario) -> Result<Simulation, ScenarioError> {
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
        Ok(Simulation {
            nodes,
            now: 0,
            queue: BTreeMap::new(),
            rng: ChaCha8Rng::seed_from_u64(scenario.seed),
            trace: Trace {
                scenario,
                ..Trace::default()
            },
            first_in_flight: 0,
            effects: Vec::new(),
        })
    }

    /// Rebuilds a run from its scenario and inputs. The result's trace equals
    /// the original's up to its last input; step it on to see the rest.
    pub fn replay(trace: &Trace) -> Result<Simulation, ReplayError> {
        let mut sim = Simulation::new(trace.scenario.clone()).map_err(ReplayError::Scenario)?;
        for (index, input) in trace.inputs.iter().enumerate() {
            while sim.trace.events.len() < input.after_events {
                if sim.step().is_none() {
                    return Err(ReplayError::Input {
                        index,
                        why: format!(
                            "it follows event {} but the run is quiet after {}",
                            input.after_events,
                            sim.trace.events.len()
                        ),
                    });
                }
            }
            if input.at < sim.now || input.at > HORIZON_MS {
                return Err(ReplayError::Input {
                    index,
                    why: format!(
                        "its time {} ms is not between {} ms and the horizon, {HORIZON_MS} ms",
                        input.at, sim.now
                    ),
                });
            }
            sim.now = input.at;
            match &input.action {
                Action::Propose { node, value } => {
                    sim.propose(*node, value)
                        .map_err(|error| ReplayError::Input {
                            index,
                            why: error.to_string(),
                        })?;
                }
            }
        }
        Ok(sim)
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.trace.scenario
    }

    /// Current simulated time, in milliseconds.
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// One node, if it is in the cluster.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// The record of everything so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Messages sent but not yet delivered, in send order.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.trace.messages[self.first_in_flight..]
            .iter()
            .filter(|envelope| envelope.fate == Fate::InFlight)
    }

    /// When the next event is due, if any is.
    pub fn next_due(&self) -> Option<Millis> {
        self.queue.first_key_value().map(|(at, _)| *at)
    }

    /// Whether nothing is left to happen.
    pub fn is_quiet(&self) -> bool {
        self.queue.is_empty()
    }

    /// `GET /status` of `node`.
    pub fn status(&self, node: NodeId) -> Option<StatusDocument> {
        self.node(node).map(StatusDocument::of)
    }

    /// `GET /detections` of `node`.
    pub fn detections(&self, node: NodeId) -> Option<DetectionsDocument> {
        self.node(node)
            .map(|node| DetectionsDocument::of(node, self.scenario().started_at_ms))
    }

    /// `POST /propose?value=V` on `node`, now. A refused proposal changes
    /// nothing.
    pub fn propose(&mut self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
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
        self.trace.inputs.push(Input {
            after_events: self.trace.events.len(),
            at: self.now,
            action: Action::Propose {
                node,
                value: value.to_owned(),
            },
        });
        self.record(
            node,
            Happening::Proposed {
                value: value.into(),
                round,
            },
            effects,
        );
        Ok(round)
    }

    /// Handles the next thing due and returns the event it made, or `None`
    /// when the run is quiet. A timeout for a round already decided changes
    /// nothing and makes no event; it is passed over.
    pub fn step(&mut self) -> Option<&Event> {
        self.step_until(Millis::MAX)
    }

    /// Like [`Simulation::step`], but handles nothing due after `limit`, not
    /// even past a passed-over timeout.
    fn step_until(&mut self, limit: Millis) -> Option<&Event> {
        loop {
            let mut earliest = self.queue.first_entry()?;
            let at = *earliest.key();
            if at > limit {
                return None;
            }
            let due = earliest
                .get_mut()
                .pop_front()
                .expect("no empty slot is kept");
            if earliest.get().is_empty() {
                earliest.remove();
            }
            self.now = self.now.max(at);
            if self.handle(due) {
                return self.trace.events.last();
            }
        }
    }

    /// Handles everything due up to and including `time`, then sets the
    /// clock to `time` (if it is not already later). Simulated time stops at
    /// [`HORIZON_MS`]: a later `time` is taken as the horizon.
    pub fn advance_to(&mut self, time: Millis) {
        let time = time.min(HORIZON_MS);
        while self.step_until(time).is_some() {}
        self.now = self.now.max(time);
    }

    /// Steps until nothing is left to happen, and returns how many events
    /// that made. Every run goes quiet: each node forwards each distinct
    /// statement once, and there are finitely many.
    pub fn run_until_quiet(&mut self) -> usize {
        let before = self.trace.events.len();
        while self.step().is_some() {}
        self.trace.events.len() - before
    }

    fn handle(&mut self, due: Due) -> bool {
        let mut effects = std::mem::take(&mut self.effects);
        match due {
            Due::Delivery(id) => {
                let envelope = &self.trace.messages[id];
                let to = envelope.message.to;
                let receipt =
                    self.nodes[to.index()].receive(self.now, &envelope.message, &mut effects);
                self.trace.messages[id].fate = Fate::Delivered { receipt };
                while self
                    .trace
                    .messages
                    .get(self.first_in_flight)
                    .is_some_and(|envelope| envelope.fate != Fate::InFlight)
                {
                    self.first_in_flight += 1;
                }
                self.record(
                    to,
                    Happening::Delivered {
                        message: id,
                        receipt,
                    },
                    effects,
                );
                true
            }
            Due::Timeout { node, round } => {
                if self.nodes[node.index()].on_timeout(self.now, round, &mut effects) {
                    self.record(node, Happening::TimedOut { round }, effects);
                    true
                } else {
                    self.effects = effects;
                    false
                }
            }
        }
    }

    /// Records an event and carries out its effects: messages get a latency
    /// and join the queue, timers join the queue, the rest is noted.
    fn record(&mut self, node: NodeId, happening: Happening, mut effects: Vec<Effect>) {
        let index = self.trace.events.len();
        let mut noted = Vec::new();
        for effect in effects.drain(..) {
            match effect {
                Effect::Send(message) => {
                    let latency = self.trace.scenario.latency;
                    // Proposals stop at the horizon, so times stay far from
                    // overflowing.
                    let deliver_at =
                        self.now + self.rng.random_range(latency.min_ms..=latency.max_ms);
                    let id = self.trace.messages.len();
                    self.trace.messages.push(Envelope {
                        id,
                        message,
                        sent_at: self.now,
                        deliver_at,
                        sent_by: index,
                        fate: Fate::InFlight,
                    });
                    self.schedule(deliver_at, Due::Delivery(id));
                    noted.push(Noted::Sent { message: id });
                }
                Effect::SetTimer { round, at } => {
                    self.schedule(at, Due::Timeout { node, round });
                }
                Effect::Equivocated(split) => noted.push(Noted::Equivocated(split)),
                Effect::Detected(detection) => noted.push(Noted::Detected(detection)),
                Effect::Decided { round, value } => noted.push(Noted::Decided { round, value }),
                Effect::TimedOut { round } => noted.push(Noted::TimedOut { round }),
                Effect::Log(line) => noted.push(Noted::Log { line }),
            }
        }
        self.effects = effects;
        self.trace.events.push(Event {
            index,
            at: self.now,
            node,
            happening,
            effects: noted,
        });
    }

    fn schedule(&mut self, at: Millis, what: Due) {
        self.queue.entry(at).or_default().push_back(what);
    }
}
