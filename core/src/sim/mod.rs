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

use crate::documents::{DetectionsDocument, StatusDocument};
use crate::id::NodeId;
use crate::message::MessageId;
use crate::network::{FaultError, Links};
use crate::node::Node;
use crate::scenario::{Scenario, ScenarioError};
use crate::statement::Round;
use crate::time::Millis;
use crate::trace::{Action, Envelope, Event, Fate, Trace, TraceView};

mod errors;
mod inputs;
mod queue;
mod replay;
mod world;

pub use errors::{InputError, ProposeError, ReplayError};
pub(crate) use world::World;

/// The latest simulated time a driver can move the clock to: one day.
/// Proposals happen at most then, so every time in a run stays within the
/// horizon plus what one round of messages can add (hours at the most), far
/// from overflowing, and `detected_at` can always be printed.
pub const HORIZON_MS: Millis = 86_400_000;

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
    /// `at`: the inputs it had been given by then ([`Input::given_by`](crate::trace::Input::given_by)) are
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
        self.view().in_flight()
    }

    /// The trace so far, as a view (what [`Moment::view`] gives of a past
    /// moment); it reads the messages in flight from where they start.
    ///
    /// [`Moment::view`]: crate::timeline::Moment::view
    pub fn view(&self) -> TraceView<'_> {
        TraceView::whole(&self.trace, self.first_in_flight)
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

    /// Whether [`Simulation::apply`] would accept `action` now, and if not
    /// the very error it would return. Nothing changes.
    pub fn check(&self, action: &Action) -> Result<(), InputError> {
        let messages = &self.trace.messages;
        self.world.check(action, messages.len(), &|id| {
            self.world.is_scheduled(id, messages[id].deliver_at)
        })
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
