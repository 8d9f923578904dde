//! A lesson's plan: the one run its steps make, each step entered and run
//! to its wait, and where in that run each step starts. Every way onto a
//! step (Next, Back, a link, the API) lands on exactly that state: by a
//! seek when the run on screen already holds it, by following the plan
//! when the run is on its way there, and by replaying the plan from time 0
//! when the learner's own actions took the run elsewhere.

use byzscope_core::trace::{Action, Input};
use byzscope_core::Scenario;

use super::check::met;
use super::{node, Enter, Lesson, Step};
use crate::model::run::Run;

/// Where a step starts in its lesson's run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// How many events the run had before the lesson's latest input, as of
    /// this step: its wait looks at the events from here on.
    pub from: usize,
    /// How many inputs the run had been given once the step was entered.
    pub inputs: usize,
    /// How many events the run had once the step was entered.
    pub events: usize,
    /// The simulated time then.
    pub at: f64,
}

/// Where a run stands against a step's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// The run holds the step's start, now or in its past: a seek shows it.
    Holds,
    /// The run is the plan's, short of the step's start: following the
    /// plan gets there.
    Short,
    /// The run went its own way: the plan is replayed from time 0.
    Elsewhere,
}

/// The run a lesson's steps make, and where each step starts in it.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The scenario.
    pub scenario: Scenario,
    /// Every input the lesson gives, in order, with when.
    pub inputs: Vec<Input>,
    /// Where each step starts.
    pub marks: Vec<Mark>,
    /// Whether every step's wait was reached.
    pub complete: bool,
}

/// The core action of an input a step gives, if it is one.
pub fn action(enter: &Enter) -> Option<Action> {
    match *enter {
        Enter::Propose(n, value) => Some(Action::Propose {
            node: node(n),
            value: value.to_owned(),
        }),
        Enter::Cut(a, b) => Some(Action::Cut {
            a: node(a),
            b: node(b),
        }),
        Enter::Play | Enter::Jump => None,
    }
}

/// Gives the inputs of `enters` at the head, now. Returns whether the core
/// took them all.
pub fn give(run: &mut Run, enters: &[Enter]) -> bool {
    enters
        .iter()
        .filter_map(action)
        .all(|action| run.act(&action).is_ok())
}

/// Steps the head until `step`'s wait is met, looking at events from
/// `from`. Returns whether it was.
fn reach(run: &mut Run, step: &Step, mark: Mark) -> bool {
    loop {
        if met(run, step, mark) {
            settle(run);
            return true;
        }
        if !run.step() {
            return met(run, step, mark);
        }
    }
}

/// Passes over what is left in the queue if none of it makes an event (a
/// timeout of a round already decided), so a run that has said everything
/// is quiet however it got there.
fn settle(run: &mut Run) {
    let mut probe = run.clone();
    if !probe.step() {
        *run = probe;
    }
}

/// Where `run`'s head stands, for a step whose events count from `from`.
fn mark_of(run: &Run, from: usize) -> Mark {
    Mark {
        from,
        inputs: run.head_trace().inputs.len(),
        events: run.head_trace().events.len(),
        at: run.latest(),
    }
}

impl Plan {
    /// Plays `lesson` from time 0 through all its steps: each entered, then
    /// run to its wait (a task by its solution).
    pub fn of(lesson: &Lesson) -> Plan {
        let scenario = lesson.setup.scenario();
        // Not `expect`: its panic would print the error with `Debug`, and
        // that impl would be in the wasm for a case that cannot happen.
        let mut run =
            Run::new(scenario.clone()).unwrap_or_else(|_| panic!("a lesson's scenario runs"));
        let mut marks = Vec::with_capacity(lesson.steps.len());
        let mut complete = true;
        for (k, step) in lesson.steps.iter().enumerate() {
            if k > 0 {
                complete &= finish(&mut run, &lesson.steps[k - 1], marks[k - 1]);
            }
            // A wait looks at what followed the lesson's latest input: a
            // step that gives none goes on looking where the one before did.
            let from = match (step.enter.iter().any(|e| action(e).is_some()), marks.last()) {
                (false, Some(before)) => before.from,
                _ => run.head_trace().events.len(),
            };
            complete &= give(&mut run, step.enter);
            if step.enter.contains(&Enter::Jump) {
                let entered = mark_of(&run, from);
                complete &= reach(&mut run, step, entered);
            }
            marks.push(mark_of(&run, from));
        }
        if let (Some(step), Some(mark)) = (lesson.steps.last(), marks.last()) {
            complete &= finish(&mut run, step, *mark);
        }
        Plan {
            scenario,
            inputs: run.head_trace().inputs.clone(),
            marks,
            complete,
        }
    }

    /// Where `run` stands against step `k`'s start.
    pub fn position(&self, run: &Run, k: usize) -> Position {
        let mark = self.marks[k];
        let head = run.head_trace();
        if head.scenario.nodes != self.scenario.nodes
            || head.scenario.byzantine != self.scenario.byzantine
            || head.scenario.mode != self.scenario.mode
            || head.scenario.seed != self.scenario.seed
            || head.scenario.latency != self.scenario.latency
        {
            return Position::Elsewhere;
        }
        let planned = &self.inputs[..mark.inputs];
        let given = head
            .inputs
            .iter()
            .filter(|input| input.given_by(mark.events, mark.at.floor() as u64));
        if head.events.len() >= mark.events && given.eq(planned.iter()) {
            return Position::Holds;
        }
        let n = head.inputs.len();
        if head.events.len() <= mark.events
            && n <= mark.inputs
            && head.inputs[..] == self.inputs[..n]
        {
            return Position::Short;
        }
        Position::Elsewhere
    }

    /// Brings `run` to step `k`'s start, exactly; a run that went its own
    /// way is replaced by the plan's, of the same wall-clock start.
    pub fn go(&self, run: &mut Run, k: usize) {
        let mark = self.marks[k];
        match self.position(run, k) {
            Position::Holds => {
                run.show_moment(mark.events, mark.at);
            }
            Position::Short => self.follow(run, mark),
            Position::Elsewhere => {
                let scenario = Scenario {
                    started_at_ms: run.head_trace().scenario.started_at_ms,
                    ..self.scenario.clone()
                };
                *run = Run::new(scenario).unwrap_or_else(|_| panic!("a lesson's scenario runs"));
                self.follow(run, mark);
            }
        }
    }

    /// Steps the head along the plan, giving its inputs after the events
    /// they came after, until `mark`.
    fn follow(&self, run: &mut Run, mark: Mark) {
        run.seek(f64::INFINITY);
        loop {
            let head = run.head_trace();
            let (given, events) = (head.inputs.len(), head.events.len());
            if given < mark.inputs && self.inputs[given].after_events == events {
                if run.act(&self.inputs[given].action).is_err() {
                    return;
                }
                continue;
            }
            if events >= mark.events && given >= mark.inputs {
                settle(run);
                return;
            }
            if !run.step() {
                return;
            }
        }
    }
}

/// Runs a step on to its wait: a task by applying its solution first.
fn finish(run: &mut Run, step: &Step, mark: Mark) -> bool {
    let solved = step.task.is_none_or(|task| give(run, task.solution));
    solved && reach(run, step, mark)
}
