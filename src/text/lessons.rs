//! What the lesson panel says about a step beyond its own sentences: what
//! it waits for, where it stands, and how the learner's task went.

use byzscope_core::trace::Action;
use byzscope_core::{Envelope, Link, NodeId};

use crate::model::lessons::{Goal, TaskOutcome, Wait};

/// `3 / 7`: the step counter.
pub fn counter(step: usize, steps: usize) -> String {
    format!("{} / {steps}", step + 1)
}

/// What a step waits for, as the API's `waiting_for` and the panel say it;
/// `None` for a step that waits for nothing.
pub fn waiting_for(wait: Wait) -> Option<String> {
    Some(match wait {
        Wait::Nothing => return None,
        Wait::Split => "a Byzantine node to split a statement".into(),
        Wait::Detection => "a first detection".into(),
        Wait::Detects { by, accused } => format!("node{by} to detect node{accused}"),
        Wait::AllDecided => "every honest node to decide".into(),
        Wait::Quiet => "the run to go quiet".into(),
        Wait::Goal => "the task to be done".into(),
    })
}

/// Said when a step's wait can no longer be met in the learner's run.
pub const STUCK: &str =
    "This run can no longer get where this step is going. Put it back to carry on.";

/// Said on a task the learner skipped.
pub const SKIPPED: &str = "You skipped the task of this step; Show me plays a solution.";

/// A link in words, lower id first.
fn link(a: NodeId, b: NodeId) -> String {
    Link::new(a, b).map_or_else(|| format!("{a}–{b}"), |link| link.to_string())
}

/// One fault in words: `cutting the link node1–node4`.
fn fault(action: &Action, dropped: Option<&Envelope>) -> String {
    match action {
        Action::Cut { a, b } => format!("cutting the link {}", link(*a, *b)),
        Action::Drop { message } => match dropped {
            Some(envelope) => format!(
                "dropping message {message}, {}'s {} of {} to {}",
                envelope.message.statement.origin,
                envelope.message.statement.kind,
                envelope.message.statement.value,
                envelope.message.to
            ),
            None => format!("dropping message {message}"),
        },
        Action::Delay { a, b, extra_ms } => {
            format!("delaying the link {} by {extra_ms} ms", link(*a, *b))
        }
        Action::Heal { a, b } => format!("healing the link {}", link(*a, *b)),
        Action::Propose { node, value } => format!("{node} proposing {value}"),
    }
}

/// How the task with `goal` went, once there is something to say;
/// `dropped` is the message a dropping fault lost, if it was one.
pub fn task_outcome(
    goal: Goal,
    outcome: &TaskOutcome,
    dropped: Option<&Envelope>,
) -> Option<String> {
    let Goal::Misses { node, accused } = goal;
    Some(match outcome {
        TaskOutcome::Open => return None,
        TaskOutcome::Done(action) => format!(
            "Done: {} made node{node} miss node{accused}'s equivocation.",
            fault(action, dropped)
        ),
        TaskOutcome::Failed => format!(
            "Not this time: node{node} still caught node{accused}, or no fault was given. Put the run back and try again."
        ),
        TaskOutcome::TooMany(n) => format!(
            "node{node} missed it, but with {n} faults. The task asks for one: put the run back and try again."
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_says_where_a_step_stands_and_which_fault_did_it() {
        assert_eq!(counter(2, 7), "3 / 7");
        assert_eq!(waiting_for(Wait::Nothing), None);
        assert_eq!(
            waiting_for(Wait::Detects { by: 1, accused: 4 }).unwrap(),
            "node1 to detect node4"
        );
        let goal = Goal::Misses {
            node: 1,
            accused: 4,
        };
        let cut = Action::Cut {
            a: NodeId::new(4).unwrap(),
            b: NodeId::new(1).unwrap(),
        };
        assert_eq!(
            task_outcome(goal, &TaskOutcome::Done(cut), None).unwrap(),
            "Done: cutting the link node1–node4 made node1 miss node4's equivocation."
        );
        assert!(task_outcome(goal, &TaskOutcome::TooMany(2), None)
            .unwrap()
            .contains("with 2 faults"));
        assert_eq!(task_outcome(goal, &TaskOutcome::Open, None), None);
    }
}
