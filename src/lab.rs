//! The run being watched: a [`Simulation`] driven by a clock that the
//! animation loop, the Step button and the tests move, and the reactive
//! state every part of the page reads.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use byzscope_core::sim::HORIZON_MS;
use byzscope_core::trace::MessageId;
use byzscope_core::{
    Detection, DetectionsDocument, Envelope, Millis, NodeId, Noted, ProposeError, Round, Scenario,
    ScenarioError, Simulation, StatusDocument,
};
use leptos::prelude::*;

use crate::link::Timed;
use crate::palette::{Palette, Swatch};

/// The slowest speed, in simulated time per real time.
pub const MIN_SPEED: f64 = 0.1;
/// The fastest speed.
pub const MAX_SPEED: f64 = 10.0;
/// The speed a run starts at: slow enough to follow a round of the default
/// scenario (messages take 200–600 ms) with the eye.
pub const DEFAULT_SPEED: f64 = 0.25;
/// The most real time one animation frame may account for: after the tab
/// was hidden the run resumes where it was rather than jumping ahead.
const MAX_FRAME_MS: f64 = 100.0;

static NEXT_GENERATION: AtomicU64 = AtomicU64::new(0);

/// A simulation and the simulated time on screen.
#[derive(Clone, Debug)]
pub struct Run {
    sim: Simulation,
    /// Simulated milliseconds shown; never behind `sim.now()`. Fractional, so
    /// dots glide between milliseconds.
    clock: f64,
    palette: Palette,
    /// Messages whose values have a swatch.
    coloured: usize,
    generation: u64,
    /// Proposals a link scripted, in time order; each is made when the
    /// clock reaches it.
    script: VecDeque<Timed>,
}

impl Run {
    /// A fresh run of `scenario` at time 0.
    pub fn new(scenario: Scenario) -> Result<Run, ScenarioError> {
        Run::scripted(scenario, VecDeque::new())
    }

    /// A fresh run of `scenario` that makes the `script`ed proposals as the
    /// clock reaches their times.
    pub fn scripted(scenario: Scenario, script: VecDeque<Timed>) -> Result<Run, ScenarioError> {
        let mut run = Run {
            sim: Simulation::new(scenario)?,
            clock: 0.0,
            palette: Palette::default(),
            coloured: 0,
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
            script,
        };
        run.make_scripted(0);
        Ok(run)
    }

    /// Scripted proposals not made yet.
    pub fn script(&self) -> &VecDeque<Timed> {
        &self.script
    }

    /// Makes the scripted proposals due by `time`, each after handling
    /// everything due up to its own time, exactly as [`Link::timed`] fixed
    /// them. Returns whether it made any.
    ///
    /// [`Link::timed`]: crate::link::Link::timed
    fn make_scripted(&mut self, time: Millis) -> bool {
        let mut made = false;
        while let Some(next) = self.script.front().filter(|next| next.at <= time) {
            self.sim.advance_to(next.at);
            // The link's times were fixed by running this same scenario, so
            // the core accepts each one; were it to refuse, nothing changes.
            let _ = self.sim.propose(next.node, &next.value);
            self.script.pop_front();
            made = true;
        }
        made
    }

    /// Tells runs apart: each new run gets a number of its own.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The simulation.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The simulated time on screen, in milliseconds.
    pub fn clock(&self) -> f64 {
        self.clock
    }

    /// The colours of this run's values.
    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    /// Moves the clock on by `elapsed` simulated milliseconds, handling
    /// everything that falls due. Returns whether the run changed: an event
    /// happened, or a timer that no longer matters was passed over (which
    /// makes no event but can leave the run quiet).
    pub fn advance(&mut self, elapsed: f64) -> bool {
        let before = (self.sim.trace().events.len(), self.sim.next_due());
        self.clock = (self.clock + elapsed.max(0.0)).min(HORIZON_MS as f64);
        let time = self.clock.floor() as Millis;
        let scripted = self.make_scripted(time);
        self.sim.advance_to(time);
        self.colour_new_messages();
        scripted || (self.sim.trace().events.len(), self.sim.next_due()) != before
    }

    /// Handles the next thing due, moving the clock to it. Returns whether
    /// there was one.
    pub fn step(&mut self) -> bool {
        if let Some(next) = self.script.front().map(|next| next.at) {
            if self.sim.next_due().is_none_or(|due| next <= due) {
                self.make_scripted(next);
                self.clock = self.clock.max(next as f64);
                self.colour_new_messages();
                return true;
            }
        }
        let Some(at) = self.sim.step().map(|event| event.at) else {
            return false;
        };
        self.clock = self.clock.max(at as f64);
        self.colour_new_messages();
        true
    }

    /// Steps until nothing is left to happen.
    pub fn run_until_quiet(&mut self) {
        while self.step() {}
    }

    /// `POST /propose` on `node`, at the time on screen, once everything
    /// due by then has been handled (so a link that replays it at this
    /// millisecond gives the same run).
    pub fn propose(&mut self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
        if self.sim.node(node).is_none() {
            return Err(ProposeError::UnknownNode(node));
        }
        byzscope_core::value::validate(value).map_err(ProposeError::Value)?;
        let now = self.clock.floor() as Millis;
        self.make_scripted(now);
        self.sim.advance_to(now);
        let round = self.sim.propose(node, value)?;
        self.colour_new_messages();
        Ok(round)
    }

    fn colour_new_messages(&mut self) {
        let messages = &self.sim.trace().messages;
        for envelope in &messages[self.coloured..] {
            self.palette.assign(&envelope.message.statement.value);
        }
        self.coloured = messages.len();
        // Decisions can name a value no message carried (a proposer deciding
        // alone never happens with 3+ nodes, but the palette must not care).
        for node in self.sim.nodes() {
            if let Some(value) = node.consensus_value() {
                self.palette.assign(value);
            }
        }
    }

    /// The swatch of `value` in this run.
    pub fn swatch(&self, value: &str) -> Swatch {
        self.palette.swatch(value)
    }

    /// Messages in flight at the time on screen, in send order.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.sim.in_flight()
    }

    /// One message of the run.
    pub fn message(&self, id: MessageId) -> Option<&Envelope> {
        self.sim.trace().messages.get(id)
    }

    /// The detections that `filter` selects, oldest first: one node's (what
    /// its `GET /detections` lists) or everybody's.
    pub fn detections(&self, filter: Option<NodeId>) -> Vec<&Detection> {
        match filter {
            Some(node) => self
                .sim
                .node(node)
                .map(|node| node.detections().iter().collect())
                .unwrap_or_default(),
            None => self.sim.trace().detections().collect(),
        }
    }

    /// Whether a detection accuses a node that is honest in this scenario
    /// (possible in oral mode, where a forger's copies frame the origin).
    pub fn is_false_accusation(&self, detection: &Detection) -> bool {
        !self
            .sim
            .scenario()
            .byzantine
            .contains_key(&detection.byzantine_node)
    }

    /// `GET /detections` of one node, or of every node as an array, as
    /// pretty JSON.
    pub fn detections_json(&self, filter: Option<NodeId>) -> String {
        let started_at = self.sim.scenario().started_at_ms;
        let document = |node| DetectionsDocument::of(node, started_at);
        let text = match filter.and_then(|id| self.sim.node(id)) {
            Some(node) => serde_json::to_string_pretty(&document(node)),
            None => serde_json::to_string_pretty(
                &self.sim.nodes().iter().map(document).collect::<Vec<_>>(),
            ),
        };
        text.expect("the documents are plain data")
    }

    /// `GET /status` of one node, or of every node as an array, as pretty
    /// JSON.
    pub fn status_json(&self, filter: Option<NodeId>) -> String {
        let text = match filter.and_then(|id| self.sim.node(id)) {
            Some(node) => serde_json::to_string_pretty(&StatusDocument::of(node)),
            None => serde_json::to_string_pretty(
                &self
                    .sim
                    .nodes()
                    .iter()
                    .map(StatusDocument::of)
                    .collect::<Vec<_>>(),
            ),
        };
        text.expect("the documents are plain data")
    }

    /// The Byzantine splits whose messages are on screen: each with the
    /// event that made it, the time it happened and the ids of its messages.
    pub fn splits(&self) -> Vec<SplitOnStage> {
        let trace = self.sim.trace();
        let mut splits = Vec::new();
        for event in &trace.events {
            for noted in &event.effects {
                let Noted::Equivocated(split) = noted else {
                    continue;
                };
                // The event may also forward others' statements: keep only
                // the copies of the split statement.
                let messages: Vec<&Envelope> = event
                    .effects
                    .iter()
                    .filter_map(|noted| match noted {
                        Noted::Sent { message } => trace.messages.get(*message),
                        _ => None,
                    })
                    .filter(|envelope| {
                        let statement = &envelope.message.statement;
                        statement.origin == event.node
                            && statement.kind == split.kind
                            && statement.round == split.round
                    })
                    .collect();
                splits.push(SplitOnStage {
                    node: event.node,
                    at: event.at,
                    split: split.clone(),
                    messages: messages.iter().map(|envelope| envelope.id).collect(),
                    last_delivery: messages
                        .iter()
                        .map(|envelope| envelope.deliver_at)
                        .max()
                        .unwrap_or(event.at),
                });
            }
        }
        splits
    }
}

/// A Byzantine split as the stage shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitOnStage {
    /// The equivocating node.
    pub node: NodeId,
    /// When it split.
    pub at: Millis,
    /// Who got which value.
    pub split: byzscope_core::Split,
    /// The messages it sent.
    pub messages: Vec<MessageId>,
    /// When the last of them arrives.
    pub last_delivery: Millis,
}

/// What the viewer has clicked on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// Nothing.
    #[default]
    Nothing,
    /// A node.
    Node(NodeId),
    /// A message.
    Message(MessageId),
}

/// The page's state: handles to signals, cheap to copy into every closure.
#[derive(Clone, Copy)]
pub struct Lab {
    run: StoredValue<Run, LocalStorage>,
    /// The proposals the page's link scripted: Reset plays them again.
    script: StoredValue<VecDeque<Timed>, LocalStorage>,
    /// Bumped whenever the run changes (an event, a proposal, a reset).
    pub version: RwSignal<u64>,
    /// The simulated time on screen; changes every frame while playing.
    pub clock: RwSignal<f64>,
    /// Whether the clock is running.
    pub playing: RwSignal<bool>,
    /// Simulated time per real time.
    pub speed: RwSignal<f64>,
    /// The scenario of the run.
    pub scenario: RwSignal<Scenario>,
    /// What the inspector shows.
    pub selection: RwSignal<Selection>,
    /// Whose detections the table lists: one node, or all (`None`).
    pub filter: RwSignal<Option<NodeId>>,
    /// The viewer asked for reduced motion: dots move in discrete steps.
    pub reduced_motion: RwSignal<bool>,
}

impl Lab {
    /// A lab running `scenario`, playing or paused.
    ///
    /// # Panics
    /// If `scenario` cannot run: the page's scenarios are validated first.
    pub fn new(scenario: Scenario, playing: bool) -> Lab {
        Lab::scripted(scenario, VecDeque::new(), playing)
    }

    /// A lab running `scenario` with proposals a link scripted.
    ///
    /// # Panics
    /// If `scenario` cannot run: the page's scenarios are validated first.
    pub fn scripted(scenario: Scenario, script: VecDeque<Timed>, playing: bool) -> Lab {
        let run = Run::scripted(scenario.clone(), script.clone()).expect("a valid scenario");
        Lab {
            run: StoredValue::new_local(run),
            script: StoredValue::new_local(script),
            version: RwSignal::new(0),
            clock: RwSignal::new(0.0),
            playing: RwSignal::new(playing),
            speed: RwSignal::new(DEFAULT_SPEED),
            scenario: RwSignal::new(scenario),
            selection: RwSignal::new(Selection::Nothing),
            filter: RwSignal::new(None),
            reduced_motion: RwSignal::new(false),
        }
    }

    /// The scenario's nodes, in id order; re-runs the caller when the
    /// scenario changes.
    pub fn node_ids(&self) -> Vec<NodeId> {
        self.scenario.with(|scenario| scenario.node_ids().collect())
    }

    /// Reads the run, and re-runs the caller when it changes.
    pub fn with<T>(&self, read: impl FnOnce(&Run) -> T) -> T {
        self.version.track();
        self.run.with_value(read)
    }

    /// Reads the run without subscribing to it.
    pub fn with_untracked<T>(&self, read: impl FnOnce(&Run) -> T) -> T {
        self.run.with_value(read)
    }

    fn mutate<T>(&self, write: impl FnOnce(&mut Run) -> T) -> T {
        self.run
            .try_update_value(write)
            .expect("the run lives as long as the page")
    }

    fn change<T>(&self, write: impl FnOnce(&mut Run) -> T) -> T {
        let result = self.mutate(write);
        let clock = self.run.with_value(Run::clock);
        self.version.update(|version| *version += 1);
        self.clock.set(clock);
        result
    }

    /// One animation frame, `real_ms` after the last: moves the clock on by
    /// that much times the speed, while playing.
    pub fn frame(&self, real_ms: f64) {
        // `try_`: a frame may still arrive while the page is being torn down.
        if self.playing.try_get_untracked() != Some(true) {
            return;
        }
        let Some(speed) = self.speed.try_get_untracked() else {
            return;
        };
        let elapsed = real_ms.clamp(0.0, MAX_FRAME_MS) * speed;
        let Some(changed) = self.run.try_update_value(|run| run.advance(elapsed)) else {
            return;
        };
        let clock = self.run.with_value(Run::clock);
        if changed {
            self.version.update(|version| *version += 1);
        }
        self.clock.set(clock);
    }

    /// Handles the next event, wherever it is in time.
    pub fn step(&self) -> bool {
        self.change(Run::step)
    }

    /// Steps until nothing is left to happen.
    pub fn run_until_quiet(&self) {
        self.change(Run::run_until_quiet)
    }

    /// `POST /propose` on `node`.
    pub fn propose(&self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
        let result = self.mutate(|run| run.propose(node, value));
        if result.is_ok() {
            self.change(|_| ());
        }
        result
    }

    /// Starts the run again from time 0, with the same scenario and the
    /// proposals its link scripted.
    pub fn reset(&self) {
        let script = self.script.get_value();
        self.start(self.scenario.get_untracked(), script)
            .expect("the current scenario is valid");
    }

    /// Starts a run of `scenario`, with no scripted proposals; if it cannot
    /// run, says why and changes nothing.
    pub fn restart(&self, scenario: Scenario) -> Result<(), ScenarioError> {
        self.start(scenario, VecDeque::new())
    }

    fn start(&self, scenario: Scenario, script: VecDeque<Timed>) -> Result<(), ScenarioError> {
        let scenario = Scenario {
            started_at_ms: wall_clock_ms(),
            ..scenario
        };
        let run = Run::scripted(scenario.clone(), script.clone())?;
        self.run.set_value(run);
        self.script.set_value(script);
        self.selection.set(Selection::Nothing);
        if self
            .filter
            .get_untracked()
            .is_some_and(|node| node.number() > scenario.nodes)
        {
            self.filter.set(None);
        }
        self.scenario.set(scenario);
        self.change(|_| ());
        Ok(())
    }
}

/// Milliseconds since the Unix epoch: the wall-clock start of a run, so
/// `detected_at` reads as the time it happened.
pub fn wall_clock_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    #[test]
    fn the_clock_drives_deliveries_and_never_falls_behind_the_simulation() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        assert_eq!(run.in_flight().count(), 3);
        // Nothing is delivered before the shortest latency.
        assert!(!run.advance(199.5));
        assert_eq!(run.in_flight().count(), 3);
        assert!(run.advance(400.0));
        assert!(run.clock() >= run.sim().now() as f64);
        // Past every delivery, only the decided rounds' timers are left:
        // passing over them changes the run (it goes quiet) without events.
        let events = run.sim().trace().events.len();
        run.advance(1_500.0);
        let delivered = run.sim().trace().events.len();
        assert!(run.in_flight().next().is_none());
        assert!(!run.sim().is_quiet());
        assert!(run.advance(10_000.0), "the timers passing over is a change");
        assert_eq!(run.sim().trace().events.len(), delivered);
        assert!(delivered > events);
        assert!(run.sim().is_quiet());
        assert_eq!(run.detections(None).len(), 3);
        assert_eq!(run.detections(Some(node(2))).len(), 1);
        assert!(run.detections(Some(node(4))).is_empty());
    }

    #[test]
    fn step_moves_the_clock_to_the_event() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        assert!(run.step());
        let first = run.sim().trace().events.last().unwrap().at;
        assert_eq!(run.clock(), first as f64);
        run.run_until_quiet();
        assert!(!run.step());
    }

    #[test]
    fn exports_are_the_protocol_documents() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        let one: DetectionsDocument =
            serde_json::from_str(&run.detections_json(Some(node(1)))).unwrap();
        assert_eq!(one, run.sim().detections(node(1)).unwrap());
        let all: Vec<DetectionsDocument> =
            serde_json::from_str(&run.detections_json(None)).unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(all[3].node_id, "node4");
        let status: StatusDocument = serde_json::from_str(&run.status_json(Some(node(3)))).unwrap();
        assert_eq!(status, run.sim().status(node(3)).unwrap());
        let statuses: Vec<StatusDocument> = serde_json::from_str(&run.status_json(None)).unwrap();
        assert_eq!(statuses.len(), 4);
    }

    #[test]
    fn splits_name_who_got_what() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        let splits = run.splits();
        assert_eq!(splits.len(), 1, "node4 splits its ECHO once");
        let split = &splits[0];
        assert_eq!(split.node, node(4));
        let groups: Vec<(String, Vec<NodeId>)> = split
            .split
            .groups
            .iter()
            .map(|(value, peers)| (value.to_string(), peers.clone()))
            .collect();
        assert_eq!(
            groups,
            [
                ("test123".into(), vec![node(1)]),
                ("test123_BYZANTINE".into(), vec![node(2), node(3)])
            ]
        );
        assert_eq!(split.messages.len(), 3);
    }

    #[test]
    fn no_false_accusation_without_a_forger() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        assert!(run
            .detections(None)
            .iter()
            .all(|detection| !run.is_false_accusation(detection)));
    }

    #[test]
    fn an_oral_forger_gets_an_honest_node_falsely_accused() {
        use byzscope_core::Strategy;
        let mut run = Run::new(Scenario {
            byzantine: [(node(4), Strategy::Forge)].into(),
            ..Scenario::default()
        })
        .unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        assert!(run
            .detections(None)
            .iter()
            .any(|detection| run.is_false_accusation(detection)));
    }
}
