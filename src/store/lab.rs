//! The lab: the run on screen behind signals that every component reads,
//! and the actions that change it. Thin: what a run does is in
//! [`model::run`](crate::model::run); this only says when the page must
//! redraw.

use std::collections::{BTreeSet, VecDeque};

use byzscope_core::sim::InputError;
use byzscope_core::trace::{Action, MessageId};
use byzscope_core::{NodeId, ProposeError, Round, Scenario, ScenarioError};
use leptos::prelude::*;

use crate::model::limits::DEFAULT_SPEED;
use crate::model::run::{Pace, Run, MAX_FRAME_MS};
use crate::model::script::Timed;
use crate::model::told::Told;
use crate::store::selection::{Selection, View};

/// What the head of the run is, as far as views that read the whole run
/// care: they recompute when it changes, not when the viewer scrubs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    /// The run's branch (see [`Run::branch`]).
    pub branch: u64,
    /// How many events the head has.
    pub events: usize,
    /// Whether nothing is left to happen at the head.
    pub quiet: bool,
}

/// The page's state: handles to signals, cheap to copy into every closure.
#[derive(Clone, Copy)]
pub struct Lab {
    run: StoredValue<Run, LocalStorage>,
    /// The inputs the page's address scripted: Reset plays them again.
    address_inputs: StoredValue<VecDeque<Timed>, LocalStorage>,
    /// Reads the wall clock, in milliseconds since the Unix epoch: when a
    /// new run starts.
    wall_clock: fn() -> i64,
    /// Bumped whenever the run changes (an event, a proposal, a reset).
    pub version: RwSignal<u64>,
    /// The simulated time on screen; changes every frame while playing.
    pub clock: RwSignal<f64>,
    /// The head of the run; changes with its events, not with scrubbing.
    pub head: Memo<Head>,
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

impl Lab {
    /// A lab running `scenario` with the inputs an address scripted,
    /// playing or paused; `wall_clock` dates the runs it starts later.
    ///
    /// # Panics
    /// If `scenario` cannot run: the page's scenarios are validated first.
    pub fn new(
        scenario: Scenario,
        script: VecDeque<Timed>,
        playing: bool,
        wall_clock: fn() -> i64,
    ) -> Lab {
        // Not `expect`: its panic would print the error with `Debug`, and
        // that impl would be in the wasm for a case that cannot happen.
        let run = Run::scripted(scenario.clone(), script.clone())
            .unwrap_or_else(|_| panic!("a valid scenario"));
        let run = StoredValue::new_local(run);
        let version = RwSignal::new(0);
        let head = Memo::new(move |_| {
            version.track();
            run.with_value(|run: &Run| Head {
                branch: run.branch(),
                events: run.head_trace().events.len(),
                quiet: run.head_is_quiet(),
            })
        });
        Lab {
            run,
            address_inputs: StoredValue::new_local(script),
            wall_clock,
            version,
            clock: RwSignal::new(0.0),
            head,
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

    /// Whenever the run changes, reads what is new in it with `read` (given
    /// the run and the first of its head's events not yet told; see
    /// [`Told`]) and hands that to `tell`, for as long as the current owner
    /// lives. `tell` runs once the run is let go, so it may act on the page
    /// (a listener of the API's events may step the run, say).
    pub fn on_untold<T: 'static>(
        &self,
        read: impl Fn(&Run, usize) -> T + 'static,
        tell: impl Fn(T) + 'static,
    ) {
        let lab = *self;
        let told = StoredValue::new(Told::default());
        Effect::new(move |_| {
            let untold = lab.with(|run| {
                let mut cursor = told.get_value();
                let from = cursor.untold(run);
                told.set_value(cursor);
                from.map(|from| read(run, from))
            });
            if let Some(untold) = untold {
                tell(untold);
            }
        });
    }

    fn mutate<T>(&self, write: impl FnOnce(&mut Run) -> T) -> T {
        self.run
            .try_update_value(write)
            .expect("the run lives as long as the page")
    }

    fn change<T>(&self, write: impl FnOnce(&mut Run) -> T) -> T {
        let result = self.mutate(write);
        let now = self.run.with_value(Run::now);
        self.version.update(|version| *version += 1);
        self.clock.set(now);
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
        self.move_clock(|run| run.advance(elapsed));
    }

    /// Moves the clock with `step`, which says whether the run changed:
    /// the views that read the run redraw only then, the dots always.
    fn move_clock(&self, step: impl FnOnce(&mut Run) -> bool) {
        let Some(changed) = self.run.try_update_value(step) else {
            return;
        };
        let now = self.run.with_value(Run::now);
        if changed {
            self.version.update(|version| *version += 1);
        }
        self.clock.set(now);
    }

    /// What the clock needs next (see [`Run::pace`]): nothing while
    /// paused, or once the page is torn down.
    pub fn pace(&self) -> Pace {
        if self.playing.try_get_untracked() != Some(true) {
            return Pace::Still;
        }
        let Some(speed) = self.speed.try_get_untracked() else {
            return Pace::Still;
        };
        self.run
            .try_with_value(|run| run.pace(speed))
            .unwrap_or(Pace::Still)
    }

    /// Ends a [`Pace::SleepUntil`] wait: moves the clock to `until`, if
    /// the run still plays.
    pub fn skip_to(&self, until: f64) {
        if self.playing.try_get_untracked() != Some(true) {
            return;
        }
        self.move_clock(|run| run.skip_to(until));
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
        let before = self.shape();
        let result = self.mutate(|run| run.propose(node, value));
        self.after_acting(before, result.is_ok());
        result
    }

    /// Gives `action` at the time on screen (forking the run there if it is
    /// in the past). A refused action changes nothing (but see
    /// [`Run::act`] for a drop refused in its own millisecond).
    pub fn act(&self, action: &Action) -> Result<(), InputError> {
        let before = self.shape();
        let result = self.mutate(|run| run.act(action));
        self.after_acting(before, result.is_ok());
        result
    }

    /// The run's branch and length: what an action may change.
    fn shape(&self) -> (u64, usize) {
        self.with_untracked(|run| (run.branch(), run.head_trace().events.len()))
    }

    /// Redraws after an action. A fork replaced the future, so what was
    /// selected in it may be gone; a refusal redraws only if the run moved
    /// on first (see [`Run::act`]).
    fn after_acting(&self, before: (u64, usize), accepted: bool) {
        let after = self.shape();
        if after.0 != before.0 {
            self.selection.set(Selection::Nothing);
            self.highlight.set(BTreeSet::new());
        }
        if accepted || after != before {
            self.change(|_| ());
        }
    }

    /// Drives the run as a lesson does, paused: `write` brings it to a
    /// step's exact state however it must (a seek, following a plan, a new
    /// run). What was selected may be gone, so it is cleared, and the
    /// scenario follows the run.
    pub fn steer(&self, write: impl FnOnce(&mut Run)) {
        self.playing.set(false);
        self.mutate(write);
        let scenario = self.with_untracked(|run| run.head_trace().scenario.clone());
        if self.scenario.get_untracked() != scenario {
            self.follow_scenario(scenario);
        }
        self.selection.set(Selection::Nothing);
        self.highlight.set(BTreeSet::new());
        self.change(|_| ());
    }

    /// Selects a detection and highlights the chains of messages that
    /// brought its two statements to the detector.
    pub fn select_detection(&self, event: usize, index: usize) {
        let chains = self.with_untracked(|run| {
            let provenance = run.shown().provenance(event, index)?;
            // Inserted one by one, not collected: see `Tour::focus`.
            let mut chain = BTreeSet::new();
            chain.extend(
                provenance
                    .held
                    .messages
                    .iter()
                    .chain(&provenance.arrived.messages)
                    .copied(),
            );
            Some(chain)
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
    /// inputs its address scripted.
    pub fn reset(&self) {
        let script = self.address_inputs.get_value();
        self.start(self.scenario.get_untracked(), script)
            .unwrap_or_else(|_| panic!("the current scenario is valid"));
    }

    /// Starts a run of `scenario`, with no scripted inputs; if it cannot
    /// run, says why and changes nothing.
    pub fn restart(&self, scenario: Scenario) -> Result<(), ScenarioError> {
        self.start(scenario, VecDeque::new())
    }

    fn start(&self, scenario: Scenario, script: VecDeque<Timed>) -> Result<(), ScenarioError> {
        let scenario = Scenario {
            started_at_ms: (self.wall_clock)(),
            ..scenario
        };
        let run = Run::scripted(scenario.clone(), script.clone())?;
        self.run.set_value(run);
        self.address_inputs.set_value(script);
        self.selection.set(Selection::Nothing);
        self.follow_scenario(scenario);
        self.change(|_| ());
        Ok(())
    }

    /// Shows `scenario` as the run's: a detections filter on a node it no
    /// longer has goes back to all nodes.
    fn follow_scenario(&self, scenario: Scenario) {
        if self
            .filter
            .get_untracked()
            .is_some_and(|node| node.number() > scenario.nodes)
        {
            self.filter.set(None);
        }
        self.scenario.set(scenario);
    }
}
