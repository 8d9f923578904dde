//! The deterministic simulator: nodes, a network with latency and faults,
//! and virtual time, driven one event at a time.
//!
//! One seeded RNG draws every latency; the event queue is ordered by
//! `(time, order of scheduling)`, so ties break the same way on every run. The
//! same scenario and the same inputs give the same [`Trace`], event for
//! event.
//!
//! A [`Simulation`] is a `World` — nodes, queue, RNG, links and clock —
//! and the [`Trace`] it writes. The world writes through a `Record`, so a
//! timeline can step a copy of it over a trace already written without
//! copying the trace (see [`crate::timeline`]).

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::documents::{DetectionsDocument, StatusDocument};
use crate::effect::Effect;
use crate::id::NodeId;
use crate::message::MessageId;
use crate::network::{FaultError, Link, Links, MAX_EXTRA_DELAY_MS};
use crate::node::Node;
use crate::scenario::{Latency, Scenario, ScenarioError};
use crate::signing::{derive_key, Directory, Mode};
use crate::statement::Round;
use crate::time::Millis;
use crate::trace::{Action, Envelope, Event, EventKind, Fate, Input, Loss, Outcome, Record, Trace};
use crate::value::ValueError;

/// An entry of the event queue: something scheduled to happen at a
/// simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheduled {
    Delivery(MessageId),
    /// A message sent while its link was down: lost when it would arrive.
    Loss(MessageId),
    Timeout {
        node: NodeId,
        round: Round,
    },
}

impl Scheduled {
    fn message(self) -> Option<MessageId> {
        match self {
            Scheduled::Delivery(id) | Scheduled::Loss(id) => Some(id),
            Scheduled::Timeout { .. } => None,
        }
    }
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

/// Why an input ([`Action`]) was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A proposal was refused.
    Propose(ProposeError),
    /// A network fault was refused.
    Fault(FaultError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Propose(error) => error.fmt(f),
            InputError::Fault(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

impl From<ProposeError> for InputError {
    fn from(error: ProposeError) -> Self {
        InputError::Propose(error)
    }
}

impl From<FaultError> for InputError {
    fn from(error: FaultError) -> Self {
        InputError::Fault(error)
    }
}

/// Why a trace could not be replayed, or a run not be stopped where asked.
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
    /// The run never stands after `events` events at time `at`.
    Position {
        /// The number of events asked for.
        events: usize,
        /// The simulated time asked for.
        at: Millis,
        /// Why.
        why: String,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Scenario(error) => write!(f, "the trace's scenario cannot run: {error}"),
            ReplayError::Input { index, why } => write!(f, "input {index} of the trace: {why}"),
            ReplayError::Position { events, at, why } => write!(
                f,
                "the run cannot be stopped after {events} events at {at} ms: {why}"
            ),
        }
    }
}

impl std::error::Error for ReplayError {}

/// The latest simulated time a driver can move the clock to: one day.
/// Proposals happen at most then, so every time in a run stays within the
/// horizon plus what one round of messages can add (hours at the most), far
/// from overflowing, and `detected_at` can always be printed.
pub const HORIZON_MS: Millis = 86_400_000;

/// Everything of a run but its record: the nodes, what is due, the RNG, the
/// links and the clock. A timeline's snapshots are clones of it.
#[derive(Clone, Debug)]
pub(crate) struct World {
    nodes: Vec<Node>,
    now: Millis,
    /// What is due, by time; first in, first out within one millisecond,
    /// which is exactly (time, sequence number) order without storing the
    /// sequence number, and cheaper than a heap when thousands of messages
    /// share a millisecond.
    queue: BTreeMap<Millis, VecDeque<Scheduled>>,
    rng: ChaCha8Rng,
    links: Links,
    latency: Latency,
    started_at_ms: i64,
    /// Reused buffer for a node's effects.
    effects: Vec<Effect>,
}

impl World {
    fn new(scenario: &Scenario) -> Result<World, ScenarioError> {
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

    fn next_due(&self) -> Option<Millis> {
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

    fn input<R: Record>(&self, rec: &mut R, action: Action) {
        rec.input(Input {
            after_events: rec.event_count(),
            at: self.now,
            action,
        });
    }

    fn propose<R: Record>(
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

    fn drop_message<R: Record>(&mut self, rec: &mut R, id: MessageId) -> Result<(), FaultError> {
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
    fn link(&self, a: NodeId, b: NodeId) -> Result<Link, FaultError> {
        if let Some(unknown) = [a, b].into_iter().find(|id| self.node(*id).is_none()) {
            return Err(FaultError::UnknownNode(unknown));
        }
        Link::new(a, b).ok_or(FaultError::SameNode(a))
    }

    fn cut<R: Record>(
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

    fn heal<R: Record>(&mut self, rec: &mut R, a: NodeId, b: NodeId) -> Result<(), FaultError> {
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

    fn delay<R: Record>(
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

    /// Applies the inputs from `rec.input_count()` on, each at its place in the
    /// run; with `stop = Some((events, at))`, only those the run had been
    /// given by then ([`Input::given_by`]).
    pub(crate) fn replay<R: Record>(
        &mut self,
        rec: &mut R,
        inputs: &[Input],
        stop: Option<(usize, Millis)>,
    ) -> Result<(), ReplayError> {
        for (index, input) in inputs.iter().enumerate().skip(rec.input_count()) {
            if stop.is_some_and(|(events, at)| !input.given_by(events, at)) {
                break;
            }
            let refused = |why: String| ReplayError::Input { index, why };
            if input.at > HORIZON_MS {
                return Err(refused(format!(
                    "its time {} ms is after the horizon, {HORIZON_MS} ms",
                    input.at
                )));
            }
            self.reach(rec, input.after_events, input.at)
                .map_err(refused)?;
            self.apply(rec, &input.action)
                .map_err(|error| refused(error.to_string()))?;
        }
        Ok(())
    }

    /// Steps until `events` events have happened, then moves the clock to
    /// `at`. Fails if the run goes quiet first, or if it is already past
    /// that point: more events, a later clock, or an event due before `at`.
    pub(crate) fn reach<R: Record>(
        &mut self,
        rec: &mut R,
        events: usize,
        at: Millis,
    ) -> Result<(), String> {
        while rec.event_count() < events {
            if !self.step_until(rec, Millis::MAX) {
                return Err(format!(
                    "the run is quiet after {} events, short of {events}",
                    rec.event_count()
                ));
            }
        }
        if rec.event_count() > events {
            return Err(format!(
                "{} events have already happened, more than {events}",
                rec.event_count()
            ));
        }
        if at < self.now {
            return Err(format!(
                "{at} ms is before {} ms, where the run already is",
                self.now
            ));
        }
        if at > self.now && self.step_until(rec, at - 1) {
            return Err(format!(
                "event {events} happens at {} ms, before {at} ms",
                self.now
            ));
        }
        self.now = at;
        Ok(())
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
    fn wind_to(&mut self, time: Millis) {
        self.now = self.now.max(time);
    }

    fn handle<R: Record>(&mut self, rec: &mut R, due: Scheduled) -> bool {
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
    fn record<R: Record>(
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

    fn schedule(&mut self, at: Millis, what: Scheduled) {
        self.queue.entry(at).or_default().push_back(what);
    }

    /// Takes message `id`, due at `at`, out of the queue; returns whether it
    /// was there, that is, in flight.
    fn unschedule(&mut self, id: MessageId, at: Millis) -> bool {
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

/// A cluster of nodes on a simulated network.
#[derive(Clone, Debug)]
pub struct Simulation {
    world: World,
    trace: Trace,
    /// Every message before this one has been delivered or lost.
    first_in_flight: MessageId,
}

impl Simulation {
    /// A simulation of `scenario` at time 0, with nothing sent yet.
    pub fn new(scenario: Scenario) -> Result<Simulation, ScenarioError> {
        Ok(Simulation {
            world: World::new(&scenario)?,
            trace: Trace {
                scenario,
                ..Trace::default()
            },
            first_in_flight: 0,
        })
    }

    /// A simulation made of a world and the trace it wrote.
    pub(crate) fn from_parts(world: World, trace: Trace) -> Simulation {
        let mut sim = Simulation {
            world,
            trace,
            first_in_flight: 0,
        };
        sim.skip_settled();
        sim
    }

    pub(crate) fn world(&self) -> &World {
        &self.world
    }

    /// The world and the trace it writes, to drive them directly; call
    /// [`Simulation::skip_settled`] after.
    pub(crate) fn parts_mut(&mut self) -> (&mut World, &mut Trace) {
        (&mut self.world, &mut self.trace)
    }

    /// Rebuilds a run from its scenario and inputs. The result's trace equals
    /// the original's up to its last input; step it on to see the rest.
    pub fn replay(trace: &Trace) -> Result<Simulation, ReplayError> {
        let mut sim = Simulation::new(trace.scenario.clone()).map_err(ReplayError::Scenario)?;
        sim.world.replay(&mut sim.trace, &trace.inputs, None)?;
        sim.skip_settled();
        Ok(sim)
    }

    /// Rebuilds a run as it stood after `events` events at simulated time
    /// `at`: the inputs it had been given by then ([`Input::given_by`]) are
    /// applied, each where it was given, exactly as in the live run; later
    /// ones are not.
    ///
    /// The result is a fork point: step it on and it repeats the original
    /// (up to its next input); give it an input and the original's future
    /// is gone, the new trace's inputs being the prefix and the new one.
    /// Fails if the run never stood there: fewer events, or event `events`
    /// (counting from 0) before `at`, or event `events − 1` after it.
    pub fn replay_to(trace: &Trace, events: usize, at: Millis) -> Result<Simulation, ReplayError> {
        let mut sim = Simulation::new(trace.scenario.clone()).map_err(ReplayError::Scenario)?;
        sim.world
            .replay(&mut sim.trace, &trace.inputs, Some((events, at)))?;
        sim.world
            .reach(&mut sim.trace, events, at)
            .map_err(|why| ReplayError::Position { events, at, why })?;
        sim.skip_settled();
        Ok(sim)
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.trace.scenario
    }

    /// Current simulated time, in milliseconds.
    pub fn now(&self) -> Millis {
        self.world.now
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> &[Node] {
        self.world.nodes()
    }

    /// One node, if it is in the cluster.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.world.node(id)
    }

    /// The links that are down or slowed.
    pub fn links(&self) -> &Links {
        self.world.links()
    }

    /// The record of everything so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Messages sent but not yet delivered or lost, in send order.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.trace.messages[self.first_in_flight..]
            .iter()
            .filter(|envelope| envelope.fate == Fate::InFlight)
    }

    /// When the next event is due, if any is.
    pub fn next_due(&self) -> Option<Millis> {
        self.world.next_due()
    }

    /// Whether nothing is left to happen.
    pub fn is_quiet(&self) -> bool {
        self.world.queue.is_empty()
    }

    /// `GET /status` of `node`.
    pub fn status(&self, node: NodeId) -> Option<StatusDocument> {
        self.world.status(node)
    }

    /// `GET /detections` of `node`.
    pub fn detections(&self, node: NodeId) -> Option<DetectionsDocument> {
        self.world.detections(node)
    }

    /// `POST /propose?value=V` on `node`, now. A refused proposal changes
    /// nothing.
    pub fn propose(&mut self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
        self.world.propose(&mut self.trace, node, value)
    }

    /// Loses `message`, which must be in flight, now. A refused drop changes
    /// nothing.
    pub fn drop_message(&mut self, message: MessageId) -> Result<(), FaultError> {
        self.world.drop_message(&mut self.trace, message)?;
        self.skip_settled();
        Ok(())
    }

    /// Takes the link `a`–`b` down, now: the messages in flight on it are
    /// lost (returned, in send order), and so is every message sent on it
    /// until it is healed. A refused cut changes nothing.
    pub fn cut(&mut self, a: NodeId, b: NodeId) -> Result<Vec<MessageId>, FaultError> {
        let lost = self.world.cut(&mut self.trace, a, b)?;
        self.skip_settled();
        Ok(lost)
    }

    /// Brings the link `a`–`b` back up, now. Messages sent while it was down
    /// are still lost. A refused heal changes nothing.
    pub fn heal(&mut self, a: NodeId, b: NodeId) -> Result<(), FaultError> {
        self.world.heal(&mut self.trace, a, b)
    }

    /// Adds `extra_ms` to the latency of every message sent on the link
    /// `a`–`b` from now on (0 clears it; messages in flight keep theirs). A
    /// refused delay changes nothing.
    pub fn delay(&mut self, a: NodeId, b: NodeId, extra_ms: Millis) -> Result<(), FaultError> {
        self.world.delay(&mut self.trace, a, b, extra_ms)
    }

    /// Applies any driver's input, now: what [`Simulation::replay`] does
    /// with each input of a trace.
    pub fn apply(&mut self, action: &Action) -> Result<(), InputError> {
        self.world.apply(&mut self.trace, action)?;
        self.skip_settled();
        Ok(())
    }

    /// Handles the next thing due and returns the event it made, or `None`
    /// when the run is quiet. A timeout for a round already decided changes
    /// nothing and makes no event; it is passed over.
    pub fn step(&mut self) -> Option<&Event> {
        self.step_until(Millis::MAX)
    }

    /// Like [`Simulation::step`], but handles nothing due after `limit`, not
    /// even past a passed-over timeout.
    pub(crate) fn step_until(&mut self, limit: Millis) -> Option<&Event> {
        if !self.world.step_until(&mut self.trace, limit) {
            return None;
        }
        self.skip_settled();
        self.trace.events.last()
    }

    /// Handles everything due up to and including `time`, then sets the
    /// clock to `time` (if it is not already later). Simulated time stops at
    /// [`HORIZON_MS`]: a later `time` is taken as the horizon.
    pub fn advance_to(&mut self, time: Millis) {
        let time = time.min(HORIZON_MS);
        while self.step_until(time).is_some() {}
        self.world.wind_to(time);
    }

    /// Steps until nothing is left to happen, and returns how many events
    /// that made. Every run goes quiet: each node forwards each distinct
    /// statement once, and there are finitely many.
    pub fn run_until_quiet(&mut self) -> usize {
        let before = self.trace.events.len();
        while self.step().is_some() {}
        self.trace.events.len() - before
    }

    /// Moves the in-flight cursor past messages delivered or lost.
    pub(crate) fn skip_settled(&mut self) {
        while self
            .trace
            .messages
            .get(self.first_in_flight)
            .is_some_and(|envelope| envelope.fate != Fate::InFlight)
        {
            self.first_in_flight += 1;
        }
    }
}
