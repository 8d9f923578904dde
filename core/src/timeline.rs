//! Rewinding: the exact state of a run at any past point, fast enough to
//! scrub, and forking a new run from it.
//!
//! A [`Timeline`] drives a run (its *head*, a [`Simulation`]) and, every
//! `every` events, keeps a snapshot of its state: the nodes, what is due,
//! the RNG, the links and the clock, without the trace. To show a past point
//! it clones the nearest earlier snapshot and steps it forward over the
//! head's trace, which it reads but never copies: the events it passes were
//! already written, so it only counts them. The answer is a [`Moment`].
//!
//! A snapshot is cheap to keep because a node keeps its rounds behind an
//! `Arc`: the snapshot shares them, and the head copies a round only when
//! it changes one, which after a while it rarely does.

use crate::documents::{DetectionsDocument, StatusDocument};
use crate::id::NodeId;
use crate::message::MessageId;
use crate::network::Links;
use crate::node::Node;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::{InputError, ProposeError, ReplayError, Simulation, World};
use crate::statement::Round;
use crate::time::Millis;
use crate::trace::{Action, Envelope, Event, Fate, Input, Record, Trace, TraceView};

/// The state of a run at one point, without its trace.
#[derive(Clone, Debug)]
struct Snapshot {
    world: World,
    inputs: usize,
    events: usize,
    messages: usize,
}

/// A run being driven, with snapshots to rewind it by.
#[derive(Clone, Debug)]
pub struct Timeline {
    head: Simulation,
    /// In the order they were taken; the first is the start of the run.
    snapshots: Vec<Snapshot>,
    every: usize,
}

/// A run as it stood at one past point: the state of every node and link,
/// the clock, and which messages were in flight. The events, messages and
/// inputs up to that point are the first [`Moment::events`],
/// [`Moment::messages`] and [`Moment::inputs`] of the timeline's trace.
#[derive(Clone, Debug)]
pub struct Moment {
    world: World,
    inputs: usize,
    events: usize,
    messages: usize,
    in_flight: Vec<MessageId>,
}

/// Steps a world over a trace already written, counting instead of writing.
struct Cursor<'a> {
    trace: &'a Trace,
    inputs: usize,
    events: usize,
    messages: usize,
}

impl Record for Cursor<'_> {
    const KEEPS: bool = false;

    fn envelope(&self, id: MessageId) -> &Envelope {
        debug_assert!(id < self.messages, "message {id} is not sent yet");
        &self.trace.messages[id]
    }

    fn input_count(&self) -> usize {
        self.inputs
    }

    fn event_count(&self) -> usize {
        self.events
    }

    fn message_count(&self) -> usize {
        self.messages
    }

    fn input(&mut self, _: Input) {
        self.inputs += 1;
    }

    fn message(&mut self, _: Envelope) {
        self.messages += 1;
    }

    fn event(&mut self, _: Event) {
        self.events += 1;
    }

    fn settle(&mut self, _: MessageId, _: Fate) {}
}

impl Timeline {
    /// A snapshot every this many events: a seek then steps at most this
    /// many events (at sixteen nodes, about a tenth of a millisecond
    /// natively), and a 100 000-event run keeps about a hundred snapshots.
    pub const DEFAULT_EVERY: usize = 1024;

    /// A new run of `scenario`, keeping a snapshot every `every` events (at
    /// least 1).
    pub fn new(scenario: Scenario, every: usize) -> Result<Timeline, ScenarioError> {
        let head = Simulation::new(scenario)?;
        let start = Timeline::snapshot_of(&head);
        Ok(Timeline {
            head,
            snapshots: vec![start],
            every: every.max(1),
        })
    }

    /// The run a trace records, driven to its last event, with snapshots
    /// taken on the way.
    pub fn replay(trace: &Trace, every: usize) -> Result<Timeline, ReplayError> {
        let mut timeline =
            Timeline::new(trace.scenario.clone(), every).map_err(ReplayError::Scenario)?;
        for (index, input) in trace.inputs.iter().enumerate() {
            while timeline.head.trace().events.len() < input.after_events {
                if timeline.step().is_none() {
                    break;
                }
            }
            // Applies exactly input `index`, with replay's checks.
            let (world, record) = timeline.head.parts_mut();
            world.replay(record, &trace.inputs[..=index], None)?;
            timeline.head.skip_settled();
            timeline.keep_snapshot();
        }
        while timeline.head.trace().events.len() < trace.events.len() {
            if timeline.step().is_none() {
                break;
            }
        }
        Ok(timeline)
    }

    /// The run as far as it has gone.
    pub fn sim(&self) -> &Simulation {
        &self.head
    }

    /// Its trace.
    pub fn trace(&self) -> &Trace {
        self.head.trace()
    }

    /// The run as far as it has gone, without its snapshots.
    pub fn into_simulation(self) -> Simulation {
        self.head
    }

    /// How many snapshots are kept, the start of the run included.
    pub fn snapshots(&self) -> usize {
        self.snapshots.len()
    }

    /// [`Simulation::step`], keeping snapshots.
    pub fn step(&mut self) -> Option<&Event> {
        self.head.step_until(Millis::MAX)?;
        self.keep_snapshot();
        self.head.trace().events.last()
    }

    /// [`Simulation::advance_to`], keeping snapshots.
    pub fn advance_to(&mut self, time: Millis) {
        let time = time.min(crate::sim::HORIZON_MS);
        while self.head.step_until(time).is_some() {
            self.keep_snapshot();
        }
        self.head.advance_to(time);
    }

    /// [`Simulation::run_until_quiet`], keeping snapshots.
    pub fn run_until_quiet(&mut self) -> usize {
        let before = self.head.trace().events.len();
        while self.step().is_some() {}
        self.head.trace().events.len() - before
    }

    /// [`Simulation::propose`], keeping snapshots.
    pub fn propose(&mut self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
        let round = self.head.propose(node, value)?;
        self.keep_snapshot();
        Ok(round)
    }

    /// [`Simulation::apply`], keeping snapshots.
    pub fn apply(&mut self, action: &Action) -> Result<(), InputError> {
        self.head.apply(action)?;
        self.keep_snapshot();
        Ok(())
    }

    /// The run as it stood after `events` events at simulated time `at`
    /// (see [`Simulation::replay_to`]), rebuilt from the nearest earlier
    /// snapshot. `at` may be any time from event `events − 1` to event
    /// `events` (after the last event, any time before anything more
    /// would happen).
    pub fn at(&self, events: usize, at: Millis) -> Result<Moment, ReplayError> {
        let trace = self.head.trace();
        let position = |why: String| ReplayError::Position { events, at, why };
        if events > trace.events.len() {
            return Err(position(format!(
                "the run has {} events so far",
                trace.events.len()
            )));
        }
        // Past the last event the trace does not say how far the clock went:
        // stepping to `at` finds out whether anything happens first.
        if let Some(next) = trace.events.get(events).filter(|next| at > next.at) {
            return Err(position(format!(
                "event {events} happens at {} ms, before {at} ms",
                next.at
            )));
        }
        let inputs = trace
            .inputs
            .iter()
            .take_while(|input| input.given_by(events, at))
            .count();
        let usable = self
            .snapshots
            .partition_point(|snapshot| snapshot.events <= events);
        let snapshot = self.snapshots[..usable]
            .iter()
            .rev()
            .find(|snapshot| snapshot.world.now() <= at && snapshot.inputs <= inputs)
            .expect("the start of the run is a snapshot");
        let mut world = snapshot.world.clone();
        let mut cursor = Cursor {
            trace,
            inputs: snapshot.inputs,
            events: snapshot.events,
            messages: snapshot.messages,
        };
        world.replay(&mut cursor, &trace.inputs, Some((events, at)))?;
        world.reach(&mut cursor, events, at).map_err(position)?;
        Ok(Moment {
            in_flight: world.in_flight(),
            world,
            inputs: cursor.inputs,
            events,
            messages: cursor.messages,
        })
    }

    /// Makes the run as it stood after `events` events at `at` the head:
    /// the rest of the run is gone, and what is driven next (a new input,
    /// say) starts a new future from there.
    pub fn fork(&mut self, events: usize, at: Millis) -> Result<(), ReplayError> {
        let moment = self.at(events, at)?;
        self.fork_to(moment);
        Ok(())
    }

    /// Gives `action` at `moment`, a moment this timeline gave
    /// ([`Timeline::at`]) since it last forked: if the action is accepted
    /// there ([`Moment::check`]), the run forks at the moment
    /// ([`Timeline::fork`]) and the action is applied; if it is refused,
    /// nothing changes and the future is kept. The moment is checked, not
    /// the run copied.
    ///
    /// The action is given at the moment itself: what falls due at its
    /// time after its last event has not happened yet. To act after all
    /// of one millisecond, take the moment after every event up to it.
    pub fn fork_and_apply(&mut self, moment: &Moment, action: &Action) -> Result<(), InputError> {
        moment.check(action)?;
        self.fork_to(moment.clone());
        self.apply(action)
    }

    /// Makes `moment` the head, dropping the future after it.
    fn fork_to(&mut self, moment: Moment) {
        let at = moment.now();
        let trace = self.head.trace();
        let mut prefix = Trace {
            scenario: trace.scenario.clone(),
            inputs: trace.inputs[..moment.inputs].to_vec(),
            events: trace.events[..moment.events].to_vec(),
            messages: trace.messages[..moment.messages].to_vec(),
        };
        for id in &moment.in_flight {
            prefix.messages[*id].fate = Fate::InFlight;
        }
        self.snapshots.retain(|snapshot| {
            snapshot.events <= moment.events
                && snapshot.inputs <= moment.inputs
                && snapshot.world.now() <= at
        });
        self.head = Simulation::from_parts(moment.world, prefix);
    }

    fn snapshot_of(sim: &Simulation) -> Snapshot {
        let trace = sim.trace();
        Snapshot {
            world: sim.world().clone(),
            inputs: trace.inputs.len(),
            events: trace.events.len(),
            messages: trace.messages.len(),
        }
    }

    /// Takes a snapshot if the head has gone `every` events past the last.
    fn keep_snapshot(&mut self) {
        let last = self.snapshots.last().map_or(0, |snapshot| snapshot.events);
        if self.head.trace().events.len() >= last + self.every {
            self.snapshots.push(Timeline::snapshot_of(&self.head));
        }
    }
}

impl Moment {
    /// How many events had happened.
    pub fn events(&self) -> usize {
        self.events
    }

    /// How many messages had been sent.
    pub fn messages(&self) -> usize {
        self.messages
    }

    /// How many inputs had been given.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// The simulated time.
    pub fn now(&self) -> Millis {
        self.world.now()
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> &[Node] {
        self.world.nodes()
    }

    /// One node, if it is in the cluster.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.world.node(id)
    }

    /// The links that were down or slowed.
    pub fn links(&self) -> &Links {
        self.world.links()
    }

    /// `GET /status` of `node`, then.
    pub fn status(&self, node: NodeId) -> Option<StatusDocument> {
        self.world.status(node)
    }

    /// `GET /detections` of `node`, then.
    pub fn detections(&self, node: NodeId) -> Option<DetectionsDocument> {
        self.world.detections(node)
    }

    /// The messages in flight, in send order. In the timeline's trace their
    /// fate is what became of them later.
    pub fn in_flight(&self) -> &[MessageId] {
        &self.in_flight
    }

    /// Whether `action` would be accepted at this moment, and if not the very
    /// error applying it there would return ([`Timeline::fork_and_apply`]).
    /// Nothing changes.
    pub fn check(&self, action: &Action) -> Result<(), InputError> {
        self.world.check(action, self.messages, &|id| {
            self.in_flight.binary_search(&id).is_ok()
        })
    }

    /// The timeline's `trace` as it stood then: its first inputs, events
    /// and messages, each message with its fate as of then
    /// ([`TraceView::fate`]). `trace` must be the trace of the timeline
    /// that gave this moment, since it last forked. The view borrows the
    /// moment too, for the messages it had in flight.
    pub fn view<'a>(&'a self, trace: &'a Trace) -> TraceView<'a> {
        TraceView::at(
            trace,
            (self.inputs, self.events, self.messages),
            &self.in_flight,
        )
    }
}
