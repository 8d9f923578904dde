//! The run being watched: a [`Timeline`] (the run's head, with snapshots to
//! rewind it by) driven by a clock that the animation loop, the Step button
//! and the tests move; the past moment on screen while the viewer scrubs;
//! and the reactive state every part of the page reads.

use std::collections::{BTreeSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

use byzscope_core::sim::{InputError, HORIZON_MS};
use byzscope_core::timeline::{Moment, Timeline};
use byzscope_core::trace::{Action, Event, Fate, Input, MessageId};
use byzscope_core::{
    Detection, DetectionsDocument, Envelope, Millis, Node, NodeId, Noted, ProposeError, Round,
    Scenario, ScenarioError, StatusDocument, Trace,
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
/// A snapshot every this many events: a seek replays at most this many.
const SNAPSHOT_EVERY: usize = 512;

static NEXT_GENERATION: AtomicU64 = AtomicU64::new(0);

fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// Where the head's trace records detections and splits, kept as the run
/// grows: what the page lists at every frame and every scrub is found
/// without reading the whole trace again.
#[derive(Clone, Debug, Default)]
struct Index {
    /// Events that record a detection, in order.
    detections: Vec<usize>,
    /// Events that record a Byzantine split, in order.
    splits: Vec<usize>,
    /// Events read so far.
    read: usize,
}

impl Index {
    /// Reads the events added to `trace` since the last call.
    fn catch_up(&mut self, trace: &Trace) {
        for event in &trace.events[self.read.min(trace.events.len())..] {
            for noted in &event.effects {
                let list = match noted {
                    Noted::Detected(_) => &mut self.detections,
                    Noted::Equivocated(_) => &mut self.splits,
                    _ => continue,
                };
                if list.last() != Some(&event.index) {
                    list.push(event.index);
                }
            }
        }
        self.read = trace.events.len();
    }

    /// Forgets what a fork discarded: every event from `events` on.
    fn truncate(&mut self, events: usize) {
        self.detections.retain(|event| *event < events);
        self.splits.retain(|event| *event < events);
        self.read = self.read.min(events);
    }

    /// The entries of `list` among the first `events` events.
    fn before(list: &[usize], events: usize) -> &[usize] {
        &list[..list.partition_point(|event| *event < events)]
    }
}

/// A past moment on screen, while the viewer looks back.
#[derive(Clone, Debug)]
struct Past {
    moment: Moment,
    /// The simulated time shown, between the moment's last event and the
    /// next.
    clock: f64,
}

/// The trace as it stood at the time on screen: the first events,
/// messages and inputs of the run. Messages keep the fate they met later;
/// ask [`Run::fate`] for what they were then.
#[derive(Clone, Copy, Debug)]
pub struct TraceView<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The inputs given by then.
    pub inputs: &'a [Input],
    /// The events by then.
    pub events: &'a [Event],
    /// The messages sent by then.
    pub messages: &'a [Envelope],
}

impl<'a> From<&'a Trace> for TraceView<'a> {
    /// The whole of a trace.
    fn from(trace: &'a Trace) -> Self {
        TraceView {
            scenario: &trace.scenario,
            inputs: &trace.inputs,
            events: &trace.events,
            messages: &trace.messages,
        }
    }
}

impl<'a> TraceView<'a> {
    /// Every detection by then, in order.
    pub fn detections(&self) -> impl Iterator<Item = &'a Detection> + 'a {
        self.events.iter().flat_map(|event| {
            event.effects.iter().filter_map(|noted| match noted {
                Noted::Detected(detection) => Some(detection),
                _ => None,
            })
        })
    }
}

/// The run as shown: the head, or the past moment being looked at.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    run: &'a Run,
}

impl<'a> Shown<'a> {
    /// The trace up to the time on screen.
    pub fn trace(&self) -> TraceView<'a> {
        self.run.trace_view()
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        &self.run.head().trace().scenario
    }

    /// Every node, as it was.
    pub fn nodes(&self) -> &'a [Node] {
        match &self.run.past {
            Some(past) => past.moment.nodes(),
            None => self.run.head().nodes(),
        }
    }

    /// One node, as it was.
    pub fn node(&self, id: NodeId) -> Option<&'a Node> {
        self.nodes().get(id.index())
    }

    /// The links that were down or slowed.
    pub fn links(&self) -> &'a byzscope_core::Links {
        match &self.run.past {
            Some(past) => past.moment.links(),
            None => self.run.head().links(),
        }
    }

    /// Whether nothing is left to happen (never, in the past).
    pub fn is_quiet(&self) -> bool {
        self.run.past.is_none() && self.run.head().is_quiet() && self.run.script.is_empty()
    }
}

/// A run and the simulated time on screen.
#[derive(Clone, Debug)]
pub struct Run {
    timeline: Timeline,
    /// Simulated milliseconds at the head; never behind the head's own
    /// clock. Fractional, so dots glide between milliseconds.
    clock: f64,
    /// The past moment on screen, if the viewer is looking back.
    past: Option<Past>,
    palette: Palette,
    /// Messages whose values have a swatch.
    coloured: usize,
    /// Changes whenever what was drawn may no longer hold: a new run, or a
    /// fork (which replaces the future, message ids and all).
    generation: u64,
    /// Changes only with a new run (not a fork): what was told stays told.
    lineage: u64,
    /// How many events the run kept at its last fork.
    forked_at: usize,
    /// Proposals a link scripted, in time order; each is made when the
    /// clock reaches it.
    script: VecDeque<Timed>,
    index: Index,
}

impl Run {
    /// A fresh run of `scenario` at time 0.
    pub fn new(scenario: Scenario) -> Result<Run, ScenarioError> {
        Run::scripted(scenario, VecDeque::new())
    }

    /// A fresh run of `scenario` that gives the `script`ed inputs as the
    /// clock reaches their times.
    pub fn scripted(scenario: Scenario, script: VecDeque<Timed>) -> Result<Run, ScenarioError> {
        let generation = next_generation();
        let mut run = Run {
            timeline: Timeline::new(scenario, SNAPSHOT_EVERY)?,
            clock: 0.0,
            past: None,
            palette: Palette::default(),
            coloured: 0,
            generation,
            lineage: generation,
            forked_at: 0,
            script,
            index: Index::default(),
        };
        run.make_scripted(0);
        run.colour_new_messages();
        Ok(run)
    }

    fn head(&self) -> &byzscope_core::Simulation {
        self.timeline.sim()
    }

    /// The whole run so far, past the time on screen if the viewer looks
    /// back: what the timeline spans.
    pub fn head_trace(&self) -> &Trace {
        self.head().trace()
    }

    /// The run as shown at the time on screen.
    pub fn sim(&self) -> Shown<'_> {
        Shown { run: self }
    }

    fn trace_view(&self) -> TraceView<'_> {
        let trace = self.head().trace();
        let (inputs, events, messages) = match &self.past {
            Some(past) => (
                past.moment.inputs(),
                past.moment.events(),
                past.moment.messages(),
            ),
            None => (trace.inputs.len(), trace.events.len(), trace.messages.len()),
        };
        TraceView {
            scenario: &trace.scenario,
            inputs: &trace.inputs[..inputs],
            events: &trace.events[..events],
            messages: &trace.messages[..messages],
        }
    }

    /// Tells runs apart: each new run, and each fork, gets a number of its
    /// own.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes only when a new run starts, not when one forks.
    pub fn lineage(&self) -> u64 {
        self.lineage
    }

    /// How many events the run kept when it last forked (0 if it never
    /// did): the ones after may differ from what was shown before.
    pub fn forked_at(&self) -> usize {
        self.forked_at
    }

    /// Whether the viewer is looking at the past.
    pub fn in_past(&self) -> bool {
        self.past.is_some()
    }

    /// Scripted inputs not given yet.
    pub fn script(&self) -> &VecDeque<Timed> {
        &self.script
    }

    /// The simulated time on screen, in milliseconds.
    pub fn clock(&self) -> f64 {
        self.past.as_ref().map_or(self.clock, |past| past.clock)
    }

    /// The latest simulated time of the run: the timeline's end.
    pub fn end(&self) -> f64 {
        self.clock
    }

    /// The colours of this run's values.
    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    /// Gives the scripted inputs due by `time`, each after handling
    /// everything due up to its own time, exactly as [`Link::timed`] fixed
    /// them. Returns whether it gave any.
    ///
    /// [`Link::timed`]: crate::link::Link::timed
    fn make_scripted(&mut self, time: Millis) -> bool {
        let mut made = false;
        while let Some(next) = self.script.front().filter(|next| next.at <= time) {
            self.timeline.advance_to(next.at);
            // The link's times were fixed by running this same scenario, so
            // the core accepts each one; were it to refuse, nothing changes.
            let _ = self.timeline.apply(&next.action);
            self.script.pop_front();
            made = true;
        }
        made
    }

    /// Moves the clock on by `elapsed` simulated milliseconds, handling
    /// everything that falls due. In the past it replays the run's own
    /// future until it catches up with the head. Returns whether the run on
    /// screen changed.
    pub fn advance(&mut self, elapsed: f64) -> bool {
        let elapsed = elapsed.max(0.0);
        if let Some(past) = &self.past {
            let target = past.clock + elapsed;
            if target < self.clock {
                return self.show_past(target);
            }
            self.past = None;
            return true;
        }
        let before = (self.head().trace().events.len(), self.head().next_due());
        self.clock = (self.clock + elapsed).min(HORIZON_MS as f64);
        let time = self.clock.floor() as Millis;
        let scripted = self.make_scripted(time);
        self.timeline.advance_to(time);
        self.colour_new_messages();
        scripted || (self.head().trace().events.len(), self.head().next_due()) != before
    }

    /// Handles the next event, wherever it is in time, moving the clock to
    /// it; in the past, shows the moment after the next recorded event.
    /// Returns whether there was one.
    pub fn step(&mut self) -> bool {
        if let Some(past) = &self.past {
            let events = past.moment.events();
            return match self.head().trace().events.get(events) {
                Some(next) => {
                    let at = next.at as f64;
                    self.show(events + 1, at)
                }
                None => {
                    self.past = None;
                    true
                }
            };
        }
        if let Some(next) = self.script.front().map(|next| next.at) {
            if self.head().next_due().is_none_or(|due| next <= due) {
                self.make_scripted(next);
                self.clock = self.clock.max(next as f64);
                self.colour_new_messages();
                return true;
            }
        }
        let at = match self.timeline.step().map(|event| event.at) {
            Some(at) => at,
            // Only timers that no longer matter were left: the next scripted
            // input, if any, is what happens next.
            None => match self.script.front().map(|next| next.at) {
                Some(next) => {
                    self.make_scripted(next);
                    next
                }
                None => return false,
            },
        };
        self.clock = self.clock.max(at as f64);
        self.colour_new_messages();
        true
    }

    /// Shows the moment before the last event on screen. Returns whether
    /// there was one.
    pub fn step_back(&mut self) -> bool {
        let events = self
            .past
            .as_ref()
            .map_or(self.head().trace().events.len(), |past| {
                past.moment.events()
            });
        if events == 0 {
            return self.seek(0.0);
        }
        let events = events - 1;
        let at = match events {
            0 => 0.0,
            k => self.head().trace().events[k - 1].at as f64,
        };
        self.show(events, at)
    }

    /// Steps until nothing is left to happen.
    pub fn run_until_quiet(&mut self) {
        self.past = None;
        while self.step() {}
    }

    /// Shows the run as it was at simulated time `time` (the head, if that
    /// is now or later). Returns whether what is shown changed.
    pub fn seek(&mut self, time: f64) -> bool {
        let time = time.clamp(0.0, self.clock);
        if time >= self.clock {
            return self.past.take().is_some();
        }
        self.show_past(time)
    }

    /// Shows `time` in the past: the moment after every event up to it.
    fn show_past(&mut self, time: f64) -> bool {
        let millis = time.floor() as Millis;
        let events = self
            .head()
            .trace()
            .events
            .partition_point(|event| event.at <= millis);
        self.show(events, time)
    }

    /// Shows the moment after `events` events at `time`, reusing the one on
    /// screen when only the clock moved.
    fn show(&mut self, events: usize, time: f64) -> bool {
        // The moment after the last event, at the head's time, is the head.
        if events >= self.head().trace().events.len() && time >= self.clock {
            return self.past.take().is_some();
        }
        if let Some(past) = &mut self.past {
            if past.moment.events() == events && past.moment.now() == time.floor() as Millis {
                past.clock = time;
                return true;
            }
        }
        match self.timeline.at(events, time.floor() as Millis) {
            Ok(moment) => {
                self.past = Some(Past {
                    moment,
                    clock: time,
                });
                true
            }
            Err(_) => false,
        }
    }

    /// Makes the moment on screen the head, discarding the future after it,
    /// before the viewer acts there.
    fn fork_here(&mut self) {
        let Some(past) = self.past.take() else {
            return;
        };
        if self
            .timeline
            .fork(past.moment.events(), past.moment.now())
            .is_ok()
        {
            self.clock = past.clock;
            self.script.clear();
            self.generation = next_generation();
            self.forked_at = past.moment.events();
            self.index.truncate(self.forked_at);
        }
    }

    /// Gives `action` at the time on screen, once everything due by then
    /// has been handled (so a link that replays it at this millisecond
    /// gives the same run). In the past it forks the run first. A refused
    /// action changes nothing.
    pub fn act(&mut self, action: &Action) -> Result<(), InputError> {
        if let Action::Propose { node, value } = action {
            if self.head().node(*node).is_none() {
                return Err(ProposeError::UnknownNode(*node).into());
            }
            byzscope_core::value::validate(value)
                .map_err(|error| InputError::from(ProposeError::Value(error)))?;
        }
        // Refused in the past, it must not have forked: try on a copy.
        if self.past.is_some() {
            let mut trial = self.clone();
            trial.fork_here();
            trial.act(action)?;
            *self = trial;
            return Ok(());
        }
        let now = self.clock.floor() as Millis;
        self.make_scripted(now);
        self.timeline.advance_to(now);
        self.timeline.apply(action)?;
        self.colour_new_messages();
        Ok(())
    }

    /// `POST /propose` on `node`, at the time on screen.
    pub fn propose(&mut self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
        let action = Action::Propose {
            node,
            value: value.to_owned(),
        };
        match self.act(&action) {
            Ok(()) => Ok(self
                .head()
                .node(node)
                .map_or(0, |node| node.current_round())),
            Err(InputError::Propose(error)) => Err(error),
            Err(other) => unreachable!("a proposal is refused only as a proposal: {other}"),
        }
    }

    fn colour_new_messages(&mut self) {
        self.index.catch_up(self.timeline.sim().trace());
        let messages = &self.timeline.sim().trace().messages;
        for envelope in &messages[self.coloured.min(messages.len())..] {
            self.palette.assign(&envelope.message.statement.value);
        }
        self.coloured = messages.len();
        // Decisions can name a value no message carried (a proposer deciding
        // alone never happens with 3+ nodes, but the palette must not care).
        for node in self.timeline.sim().nodes() {
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
    pub fn in_flight(&self) -> Box<dyn Iterator<Item = &Envelope> + '_> {
        match &self.past {
            Some(past) => {
                let messages = &self.head().trace().messages;
                Box::new(past.moment.in_flight().iter().map(|id| &messages[*id]))
            }
            None => Box::new(self.head().in_flight()),
        }
    }

    /// What had become of message `id` by the time on screen.
    pub fn fate(&self, id: MessageId) -> Option<Fate> {
        let trace = self.head().trace();
        match &self.past {
            Some(past) => past.moment.fate(trace, id),
            None => trace.messages.get(id).map(|envelope| envelope.fate),
        }
    }

    /// One message of the run, if sent by the time on screen.
    pub fn message(&self, id: MessageId) -> Option<&Envelope> {
        self.trace_view().messages.get(id)
    }

    /// The detections that `filter` selects, oldest first: one node's (what
    /// its `GET /detections` lists) or everybody's.
    pub fn detections(&self, filter: Option<NodeId>) -> Vec<&Detection> {
        match filter {
            Some(node) => self
                .sim()
                .node(node)
                .map(|node| node.detections().iter().collect())
                .unwrap_or_default(),
            None => self
                .located_detections(None)
                .into_iter()
                .map(|located| located.detection)
                .collect(),
        }
    }

    /// The detections that `filter` selects, with where the trace records
    /// each: the same list as [`Run::detections`].
    pub fn located_detections(&self, filter: Option<NodeId>) -> Vec<Located<'_>> {
        let trace = self.trace_view();
        let mut found = Vec::new();
        for &event in Index::before(&self.index.detections, trace.events.len()) {
            let happened = &trace.events[event];
            if filter.is_some_and(|node| node != happened.node) {
                continue;
            }
            let detections = happened.effects.iter().filter_map(|noted| match noted {
                Noted::Detected(detection) => Some(detection),
                _ => None,
            });
            for (index, detection) in detections.enumerate() {
                found.push(Located {
                    event,
                    index,
                    detection,
                });
            }
        }
        found
    }

    /// The detection recorded `index`-th in event `event`, if the run on
    /// screen has it.
    pub fn detection_at(&self, event: usize, index: usize) -> Option<&Detection> {
        self.trace_view()
            .events
            .get(event)?
            .effects
            .iter()
            .filter_map(|noted| match noted {
                Noted::Detected(detection) => Some(detection),
                _ => None,
            })
            .nth(index)
    }

    /// Whether a detection accuses a node that is honest in this scenario
    /// (possible in oral mode, where a forger's copies frame the origin).
    pub fn is_false_accusation(&self, detection: &Detection) -> bool {
        !self
            .sim()
            .scenario()
            .byzantine
            .contains_key(&detection.byzantine_node)
    }

    /// `GET /detections` of one node, or of every node as an array, as
    /// pretty JSON, as they stood at the time on screen.
    pub fn detections_json(&self, filter: Option<NodeId>) -> String {
        let shown = self.sim();
        let started_at = shown.scenario().started_at_ms;
        let document = |node| DetectionsDocument::of(node, started_at);
        let text = match filter.and_then(|id| shown.node(id)) {
            Some(node) => serde_json::to_string_pretty(&document(node)),
            None => serde_json::to_string_pretty(
                &shown.nodes().iter().map(document).collect::<Vec<_>>(),
            ),
        };
        text.expect("the documents are plain data")
    }

    /// `GET /status` of one node, or of every node as an array, as pretty
    /// JSON, as they stood at the time on screen.
    pub fn status_json(&self, filter: Option<NodeId>) -> String {
        let shown = self.sim();
        let text = match filter.and_then(|id| shown.node(id)) {
            Some(node) => serde_json::to_string_pretty(&StatusDocument::of(node)),
            None => serde_json::to_string_pretty(
                &shown
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
        let trace = self.trace_view();
        let mut splits = Vec::new();
        for &event in Index::before(&self.index.splits, trace.events.len()) {
            let event = &trace.events[event];
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
    /// The link between two nodes.
    Link(byzscope_core::Link),
    /// A detection: the `index`-th one recorded in event `event`.
    Detection {
        /// The event that recorded it.
        event: usize,
        /// Its place among that event's detections.
        index: usize,
    },
}

/// A detection with where the trace records it.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    /// The event that recorded it.
    pub event: usize,
    /// Its place among that event's detections.
    pub index: usize,
    /// The detection.
    pub detection: &'a Detection,
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
    /// Messages drawn highlighted: the provenance of a selected detection.
    pub highlight: RwSignal<BTreeSet<MessageId>>,
    /// Which picture the stage column shows.
    pub view: RwSignal<View>,
    /// Clicking a dot drops its message instead of inspecting it.
    pub drop_mode: RwSignal<bool>,
}

/// The pictures of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Nodes on a ring, messages as travelling dots.
    #[default]
    Ring,
    /// One lane per node, time flowing down.
    SpaceTime,
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
            highlight: RwSignal::new(BTreeSet::new()),
            view: RwSignal::new(View::Ring),
            drop_mode: RwSignal::new(false),
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

    /// `POST /propose` on `node`, at the time on screen (forking the run
    /// there if it is in the past).
    pub fn propose(&self, node: NodeId, value: &str) -> Result<Round, ProposeError> {
        let generation = self.with_untracked(Run::generation);
        let result = self.mutate(|run| run.propose(node, value));
        if result.is_ok() {
            self.acted(generation);
        }
        result
    }

    /// Gives `action` at the time on screen (forking the run there if it is
    /// in the past). A refused action changes nothing.
    pub fn act(&self, action: &Action) -> Result<(), InputError> {
        let generation = self.with_untracked(Run::generation);
        let result = self.mutate(|run| run.act(action));
        if result.is_ok() {
            self.acted(generation);
        }
        result
    }

    /// After an action: a fork replaced the future, so what was selected
    /// in it may be gone.
    fn acted(&self, generation: u64) {
        if self.with_untracked(Run::generation) != generation {
            self.selection.set(Selection::Nothing);
            self.highlight.set(BTreeSet::new());
        }
        self.change(|_| ());
    }

    /// Selects a detection and highlights the chains of messages that
    /// brought its two statements to the detector.
    pub fn select_detection(&self, event: usize, index: usize) {
        let chains = self.with_untracked(|run| {
            let detection = run.detection_at(event, index)?;
            let provenance = run.head_trace().provenance(event, detection).ok()?;
            Some(
                provenance
                    .held
                    .messages
                    .iter()
                    .chain(&provenance.arrived.messages)
                    .copied()
                    .collect::<BTreeSet<MessageId>>(),
            )
        });
        self.highlight.set(chains.unwrap_or_default());
        self.selection.set(Selection::Detection { event, index });
    }

    /// Shows the run as it was at simulated time `time`, paused.
    pub fn seek(&self, time: f64) {
        self.playing.set(false);
        self.change(|run| run.seek(time));
    }

    /// Shows the moment before the last event on screen, paused.
    pub fn step_back(&self) -> bool {
        self.playing.set(false);
        self.change(Run::step_back)
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
        assert!(run.clock() >= run.head().now() as f64);
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
        assert_eq!(one, run.head().detections(node(1)).unwrap());
        let all: Vec<DetectionsDocument> =
            serde_json::from_str(&run.detections_json(None)).unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(all[3].node_id, "node4");
        let status: StatusDocument = serde_json::from_str(&run.status_json(Some(node(3)))).unwrap();
        assert_eq!(status, run.head().status(node(3)).unwrap());
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

    /// Scripted proposals that wait for quiet are all made, even when the
    /// run goes quiet by passing over timers that no longer matter.
    #[test]
    fn stepping_plays_a_whole_script_of_rounds() {
        let scenario = Scenario::default();
        let script: Vec<crate::link::Scripted> = (1..=3)
            .map(|round| crate::link::Scripted {
                action: Action::Propose {
                    node: node(1),
                    value: format!("r{round}"),
                },
                at: None,
            })
            .collect();
        let timed = crate::link::Link::timed(&scenario, &script);
        let mut run = Run::scripted(scenario, timed).unwrap();
        run.run_until_quiet();
        assert!(run.script().is_empty());
        assert_eq!(run.head_trace().inputs.len(), 3);
        let status = run.head().status(node(2)).unwrap();
        assert_eq!(status.current_round, 3);
        assert_eq!(status.consensus_value.as_deref(), Some("r3"));
    }

    /// The state shown at a past time equals a fresh run stopped there.
    #[test]
    fn looking_back_shows_what_a_fresh_run_stopped_there_shows() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        let end = run.end();
        for time in [0.0, 150.5, 420.0, 777.25, 1_200.0] {
            assert!(run.seek(time), "{time}");
            assert!(run.in_past());
            assert_eq!(run.clock(), time);
            let mut fresh = Run::new(Scenario::default()).unwrap();
            fresh.propose(node(1), "test123").unwrap();
            fresh.advance(time);
            let shown: Vec<StatusDocument> =
                run.sim().nodes().iter().map(StatusDocument::of).collect();
            let expected: Vec<StatusDocument> =
                fresh.sim().nodes().iter().map(StatusDocument::of).collect();
            assert_eq!(shown, expected, "status at {time}");
            assert_eq!(run.detections_json(None), fresh.detections_json(None));
            let flying: Vec<MessageId> = run.in_flight().map(|m| m.id).collect();
            let fresh_flying: Vec<MessageId> = fresh.in_flight().map(|m| m.id).collect();
            assert_eq!(flying, fresh_flying, "in flight at {time}");
            assert_eq!(run.sim().trace().events, fresh.sim().trace().events);
        }
        // Forward again to the end: back to the head.
        assert!(run.seek(end));
        assert!(!run.in_past());
    }

    #[test]
    fn stepping_back_and_forth_visits_every_event() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        let events = run.head_trace().events.len();
        let mut back = 0;
        while !run.sim().trace().events.is_empty() {
            assert!(run.step_back());
            back += 1;
            assert!(back <= events);
        }
        assert_eq!(back, events);
        let mut forward = 0;
        while run.in_past() {
            assert!(run.step());
            forward += 1;
        }
        assert_eq!(forward, events, "the last step lands on the head");
    }

    #[test]
    fn acting_in_the_past_forks_and_discards_the_future() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        run.run_until_quiet();
        let before = run.generation();
        let whole = run.head_trace().events.len();
        assert!(run.seek(300.0));
        let kept = run.sim().trace().events.len();
        // A refused action in the past changes nothing, not even the view.
        assert!(run.propose(node(9), "x").is_err());
        assert!(run.in_past());
        assert_eq!(run.head_trace().events.len(), whole);
        run.propose(node(2), "again").unwrap();
        assert!(!run.in_past());
        assert_ne!(run.generation(), before);
        assert_eq!(run.forked_at(), kept);
        assert_eq!(run.head_trace().events.len(), kept + 1);
        assert_eq!(run.clock(), 300.0);
        let inputs: Vec<Millis> = run.head_trace().inputs.iter().map(|i| i.at).collect();
        assert_eq!(inputs, [0, 300]);
        run.run_until_quiet();
        // The fork is a run of its own: replaying its inputs gives it again.
        let replayed = byzscope_core::Simulation::replay(run.head_trace()).unwrap();
        let mut replayed = replayed;
        replayed.run_until_quiet();
        assert_eq!(replayed.trace(), run.head_trace());
    }
}
