//! What the engine says about a step: whether its wait is met, whether it
//! can still be, and how the learner's task went.

use byzscope_core::trace::{Action, Outcome};

use super::{node, Goal, Mark, Step, Wait};
use crate::model::run::Run;

/// How a task stands in the learner's run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskOutcome {
    /// The run has not settled yet.
    Open,
    /// Done, by this one fault.
    Done(Action),
    /// The run settled and the goal was not met.
    Failed,
    /// The goal was met, but with this many faults, not one.
    TooMany(usize),
}

/// Whether `step`'s wait is met in `run` as shown, counting what happened
/// since `mark`.
pub fn met(run: &Run, step: &Step, mark: Mark) -> bool {
    let shown = run.shown();
    let trace = shown.trace();
    let since = &trace.events[mark.from.min(trace.events.len())..];
    match step.wait {
        Wait::Nothing => true,
        Wait::Split => since.iter().any(|event| {
            event
                .effects
                .iter()
                .any(|outcome| matches!(outcome, Outcome::Equivocated(_)))
        }),
        Wait::Detection => since
            .iter()
            .any(|event| event.detections().next().is_some()),
        Wait::Detects { by, accused } => since.iter().any(|event| {
            event
                .detections()
                .any(|found| found.detected_by == node(by) && found.byzantine_node == node(accused))
        }),
        Wait::AllDecided => shown
            .nodes()
            .iter()
            .filter(|node| !node.role().is_byzantine())
            .all(|node| node.round(1).is_some_and(|round| round.decided().is_some())),
        Wait::Quiet => settled(run),
        Wait::Goal => step
            .task
            .is_some_and(|task| matches!(task_outcome(run, task.goal, mark), TaskOutcome::Done(_))),
    }
}

/// Whether nothing is left to happen, and the head is on screen.
fn settled(run: &Run) -> bool {
    !run.in_past() && run.head_is_quiet()
}

/// Whether `step`'s wait can no longer be met in `run`: nothing is left to
/// happen and it has not been.
pub fn stuck(run: &Run, step: &Step, mark: Mark) -> bool {
    settled(run) && !met(run, step, mark)
}

/// How the task with `goal` stands in `run`, counting the learner's inputs
/// since `mark`.
pub fn task_outcome(run: &Run, goal: Goal, mark: Mark) -> TaskOutcome {
    if !settled(run) {
        return TaskOutcome::Open;
    }
    match goal {
        Goal::Misses {
            node: missing,
            accused,
        } => {
            let caught = run.head_trace().detections().any(|found| {
                found.detected_by == node(missing)
                    && found.byzantine_node == node(accused)
                    && found.round == 1
            });
            let faults: Vec<&Action> = run.head_trace().inputs
                [mark.inputs.min(run.head_trace().inputs.len())..]
                .iter()
                .map(|input| &input.action)
                .filter(|action| !matches!(action, Action::Propose { .. } | Action::Heal { .. }))
                .collect();
            match (caught, faults.as_slice()) {
                (true, _) | (false, []) => TaskOutcome::Failed,
                (false, [fault]) => TaskOutcome::Done((*fault).clone()),
                (false, many) => TaskOutcome::TooMany(many.len()),
            }
        }
    }
}
