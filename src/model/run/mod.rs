//! The run being watched: a core [`Timeline`] (the run's head, with
//! snapshots to rewind it by) driven by a clock that the animation loop, the
//! Step button and the tests move, and the past moment on screen while the
//! viewer looks back. No Leptos here: the store wraps it in signals.
//!
//! Writing to the run happens here; reading what is on screen goes through
//! [`Run::shown`] ([`Shown`]), which answers for the head or the past moment
//! alike.

mod index;
mod nodes;
mod pace;
mod shown;
mod splits;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use byzscope_core::sim::{InputError, HORIZON_MS};
use byzscope_core::timeline::{Moment, Timeline};
use byzscope_core::trace::Action;
use byzscope_core::{Millis, NodeId, ProposeError, Round, Scenario, ScenarioError, Simulation};

use crate::model::numbers::clamp;
use crate::model::palette::{Palette, Swatch};
use crate::model::script::Timed;
use index::EventIndex;

pub use nodes::{Cell, NodeLook, RoundLook};
pub use pace::{afterglow, Pace, AFTERGLOW_MS};
pub use shown::{Located, Shown};
pub use splits::SplitOnScreen;

/// The most real time one animation frame may account for: after the tab
/// was hidden the run resumes where it was rather than jumping ahead.
pub const MAX_FRAME_MS: f64 = 100.0;
/// A snapshot every this many events: a seek replays at most this many.
const SNAPSHOT_EVERY: usize = 512;

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// A past moment on screen, while the viewer looks back.
#[derive(Clone, Debug)]
struct Past {
    moment: Moment,
    /// The simulated time shown, between the moment's last event and the
    /// next.
    time: f64,
}

/// A run and the simulated time on screen.
#[derive(Clone, Debug)]
pub struct Run {
    timeline: Timeline,
    /// Simulated milliseconds at the head; never behind the head's own
    /// clock. Fractional, so dots glide between milliseconds.
    latest: f64,
    /// The past moment on screen, if the viewer is looking back.
    past: Option<Past>,
    palette: Palette,
    /// Messages whose values have a swatch.
    coloured: usize,
    /// Changes with a new run and with each fork (which replaces the
    /// future, message ids and all): what was drawn may no longer hold.
    branch: u64,
    /// Changes only with a new run, not a fork: what was told stays told.
    run_id: u64,
    /// How many events the run kept at its last fork.
    forked_at: usize,
    /// Scripted inputs not given yet, in time order; each is given when the
    /// clock reaches it.
    pending: VecDeque<Timed>,
    index: EventIndex,
}

impl Run {
    /// A fresh run of `scenario` at time 0.
    pub fn new(scenario: Scenario) -> Result<Run, ScenarioError> {
        Run::scripted(scenario, VecDeque::new())
    }

    /// A fresh run of `scenario` that gives the `script`ed inputs as the
    /// clock reaches their times.
    pub fn scripted(scenario: Scenario, script: VecDeque<Timed>) -> Result<Run, ScenarioError> {
        let id = next_id();
        let mut run = Run {
            timeline: Timeline::new(scenario, SNAPSHOT_EVERY)?,
            latest: 0.0,
            past: None,
            palette: Palette::default(),
            coloured: 0,
            branch: id,
            run_id: id,
            forked_at: 0,
            pending: script,
            index: EventIndex::default(),
        };
        run.give_pending(0);
        run.catch_up();
        Ok(run)
    }

    fn head(&self) -> &Simulation {
        self.timeline.sim()
    }

    /// The whole run so far, past the time on screen if the viewer looks
    /// back: what the timeline spans.
    pub fn head_trace(&self) -> &byzscope_core::Trace {
        self.head().trace()
    }

    /// The run as shown at the time on screen.
    pub fn shown(&self) -> Shown<'_> {
        Shown::of(self)
    }

    /// Changes with each new run and each fork.
    pub fn branch(&self) -> u64 {
        self.branch
    }

    /// Changes only when a new run starts, not when one forks.
    pub fn run_id(&self) -> u64 {
        self.run_id
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
    pub fn pending(&self) -> &VecDeque<Timed> {
        &self.pending
    }

    /// Whether nothing is left to happen at the head: no event due and no
    /// scripted input waiting.
    pub fn head_is_quiet(&self) -> bool {
        self.head().is_quiet() && self.pending.is_empty()
    }

    /// The simulated time on screen, in milliseconds.
    pub fn now(&self) -> f64 {
        self.past.as_ref().map_or(self.latest, |past| past.time)
    }

    /// The latest simulated time of the run: the timeline's end.
    pub fn latest(&self) -> f64 {
        self.latest
    }

    /// The colours of this run's values.
    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    /// The swatch of `value` in this run.
    pub fn swatch(&self, value: &str) -> Swatch {
        self.palette.swatch(value)
    }

    /// Gives the scripted inputs due by `time`, each after handling
    /// everything due up to its own time, exactly as
    /// [`fix_times`](crate::model::script::fix_times) fixed them. Returns
    /// whether it gave any.
    fn give_pending(&mut self, time: Millis) -> bool {
        let mut given = false;
        while let Some(next) = self.pending.front().filter(|next| next.at <= time) {
            self.timeline.advance_to(next.at);
            // The times were fixed by running this same scenario, so the
            // core accepts each one; were it to refuse, nothing changes.
            let _ = self.timeline.apply(&next.action);
            self.pending.pop_front();
            given = true;
        }
        given
    }

    /// Moves the clock on by `elapsed` simulated milliseconds, handling
    /// everything that falls due. In the past it replays the run's own
    /// future until it catches up with the head. Returns whether the run on
    /// screen changed.
    pub fn advance(&mut self, elapsed: f64) -> bool {
        let elapsed = elapsed.max(0.0);
        if let Some(past) = &self.past {
            let target = past.time + elapsed;
            if target < self.latest {
                return self.show_past(target);
            }
            self.past = None;
            return true;
        }
        let before = (self.head().trace().events.len(), self.head().next_due());
        self.latest = (self.latest + elapsed).min(HORIZON_MS as f64);
        let time = self.latest.floor() as Millis;
        let given = self.give_pending(time);
        self.timeline.advance_to(time);
        self.catch_up();
        given || (self.head().trace().events.len(), self.head().next_due()) != before
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
        if let Some(next) = self.pending.front().map(|next| next.at) {
            if self.head().next_due().is_none_or(|due| next <= due) {
                self.give_pending(next);
                self.latest = self.latest.max(next as f64);
                self.catch_up();
                return true;
            }
        }
        let at = match self.timeline.step().map(|event| event.at) {
            Some(at) => at,
            // Only timers that no longer matter were left: the next scripted
            // input, if any, is what happens next.
            None => match self.pending.front().map(|next| next.at) {
                Some(next) => {
                    self.give_pending(next);
                    next
                }
                None => return false,
            },
        };
        self.latest = self.latest.max(at as f64);
        self.catch_up();
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
        let time = clamp(time, 0.0, self.latest);
        if time >= self.latest {
            return self.past.take().is_some();
        }
        self.show_past(time)
    }

    /// Shows the moment after the head's first `events` events, at `time`:
    /// an exact state of the run, as a lesson's step starts from. Returns
    /// whether what is shown changed.
    pub fn show_moment(&mut self, events: usize, time: f64) -> bool {
        self.show(events, clamp(time, 0.0, self.latest))
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
        if events >= self.head().trace().events.len() && time >= self.latest {
            return self.past.take().is_some();
        }
        if let Some(past) = &mut self.past {
            if past.moment.events() == events && past.moment.now() == time.floor() as Millis {
                past.time = time;
                return true;
            }
        }
        match self.timeline.at(events, time.floor() as Millis) {
            Ok(moment) => {
                self.past = Some(Past { moment, time });
                true
            }
            Err(_) => false,
        }
    }

    /// Gives `action` at the time on screen, once everything due by then
    /// has been handled (so an address that replays it at this millisecond
    /// gives the same run). In the past it forks the run there first, and
    /// only if the core will take the action. A refused action changes
    /// nothing, but for one case: dropping a message that arrives in this
    /// very millisecond is refused once that millisecond is handled.
    pub fn act(&mut self, action: &Action) -> Result<(), InputError> {
        if self.past.is_some() {
            return self.fork_and_act(action);
        }
        // Refused before anything due this millisecond is handled, so a
        // refusal leaves the run as it was.
        self.head().check(action)?;
        let now = self.latest.floor() as Millis;
        self.give_pending(now);
        self.timeline.advance_to(now);
        // Only a drop of a message that arrived in this very millisecond
        // is refused here, after the run moved on to it.
        let applied = self.timeline.apply(action);
        self.catch_up();
        applied
    }

    /// Makes the moment on screen the head, discarding the future after it,
    /// and gives `action` there: after every event of that millisecond, as
    /// on the head.
    fn fork_and_act(&mut self, action: &Action) -> Result<(), InputError> {
        let past = self.past.take().expect("only called in the past");
        let now = past.moment.now();
        let events = self
            .head()
            .trace()
            .events
            .partition_point(|event| event.at <= now);
        let after_all = match past.moment.events() == events {
            true => None,
            false => self.timeline.at(events, now).ok(),
        };
        let moment = after_all.as_ref().unwrap_or(&past.moment);
        let forked_at = moment.events();
        if let Err(refused) = self.timeline.fork_and_apply(moment, action) {
            self.past = Some(past);
            return Err(refused);
        }
        self.latest = past.time;
        self.pending.clear();
        self.branch = next_id();
        self.forked_at = forked_at;
        self.index.truncate(forked_at);
        self.catch_up();
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

    /// Brings the index and the palette up to the head.
    fn catch_up(&mut self) {
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
}

#[cfg(test)]
mod tests;
