//! Lessons as data: a guided story through runs of the engine, a step at a
//! time. A lesson is a scenario and steps; a step says a few plain
//! sentences, does something on entering (propose, cut a link, play, or
//! run straight to where it waits), waits for something the engine can
//! tell (a split, a detection, every honest node deciding, a quiet run),
//! highlights what it talks about, and may give the learner a task whose
//! goal the engine checks.
//!
//! Because the engine is deterministic, each step starts from an exact
//! state: the scenario and the inputs of every step before it, each run to
//! its wait ([`plan`]). Back is then a seek, and Next never waits for an
//! animation. Every sentence a step says is checked against the engine by
//! this module's tests.

mod catalog;
mod check;
mod plan;

use std::collections::BTreeMap;

use byzscope_core::{Mode, NodeId, Scenario, Strategy};

pub use catalog::LESSONS;
pub use check::{met, stuck, task_outcome, TaskOutcome};
pub use plan::{action, Mark, Plan, Position};

/// A guided story through one scenario.
#[derive(Debug)]
pub struct Lesson {
    /// Its name in links: `?lesson=<id>`.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The run it plays.
    pub setup: Setup,
    /// Its steps, in order.
    pub steps: &'static [Step],
}

/// A lesson's scenario: the settings an address carries, written as data.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// N.
    pub nodes: u16,
    /// The Byzantine nodes, by number, and what each does.
    pub byzantine: &'static [(u16, Strategy)],
    /// Signed messages, not oral.
    pub signed: bool,
    /// The seed.
    pub seed: u64,
}

impl Setup {
    /// The scenario these settings make.
    pub fn scenario(&self) -> Scenario {
        // Inserted one by one: `collect` would sort them first, with a sort
        // of its own compiled into the page.
        let mut byzantine = BTreeMap::new();
        byzantine.extend(
            self.byzantine
                .iter()
                .map(|(n, strategy)| (node(*n), *strategy)),
        );
        Scenario {
            nodes: self.nodes,
            byzantine,
            mode: if self.signed {
                Mode::Signed
            } else {
                Mode::Oral
            },
            seed: self.seed,
            ..Scenario::default()
        }
    }
}

/// Node number `n` of a lesson's data.
pub fn node(n: u16) -> NodeId {
    NodeId::new(n).expect("lessons name nodes 1 to 64")
}

/// One step of a lesson.
#[derive(Debug)]
pub struct Step {
    /// What the page says: short, plain sentences, one idea.
    pub says: &'static str,
    /// What the page does on entering the step, in order.
    pub enter: &'static [Enter],
    /// What the step waits for before it is done.
    pub wait: Wait,
    /// What the step points at.
    pub highlight: &'static [Highlight],
    /// A task for the learner, if the step has one.
    pub task: Option<Task>,
}

/// Something a step does on entering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enter {
    /// `POST /propose?value=V` on node `n`.
    Propose(u16, &'static str),
    /// Cut the link between two nodes.
    Cut(u16, u16),
    /// Start the clock, so the learner watches it happen.
    Play,
    /// Run straight to the step's wait, with no animation.
    Jump,
}

/// What a step waits for: something the engine can tell happened since the
/// step began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Nothing: the step is done when it is shown.
    Nothing,
    /// A Byzantine node splits a statement.
    Split,
    /// Some node detects misbehaviour.
    Detection,
    /// Node `by` detects node `accused`.
    Detects {
        /// The detector.
        by: u16,
        /// The accused.
        accused: u16,
    },
    /// Every honest node has decided round 1.
    AllDecided,
    /// Nothing is left to happen.
    Quiet,
    /// The step's task is done.
    Goal,
}

/// Something a step points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// These nodes, by number.
    Nodes(&'static [u16]),
    /// The first detection of `accused` by `by`: its row is selected, and
    /// the messages that brought its two statements are drawn highlighted.
    Detection {
        /// The detector.
        by: u16,
        /// The accused.
        accused: u16,
    },
    /// A panel of the page.
    Panel(Panel),
}

/// The page's panels a lesson can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The detections table and its JSON.
    Detections,
    /// The evidence verifier.
    Evidence,
    /// The timeline.
    Timeline,
    /// How detection went.
    Metrics,
}

impl Panel {
    /// Every panel, in page order.
    pub const ALL: [Panel; 4] = [
        Panel::Timeline,
        Panel::Detections,
        Panel::Metrics,
        Panel::Evidence,
    ];

    /// The CSS selector of the panel on the page.
    pub fn selector(self) -> &'static str {
        match self {
            Panel::Detections => ".detections-panel",
            Panel::Evidence => ".verifier",
            Panel::Timeline => ".timeline",
            Panel::Metrics => ".metrics",
        }
    }
}

/// A task for the learner: what to do, a goal the engine checks, a hint,
/// and a solution that "Show me" plays.
#[derive(Clone, Copy, Debug)]
pub struct Task {
    /// What the learner is asked to do.
    pub asks: &'static str,
    /// What the engine checks.
    pub goal: Goal,
    /// A nudge.
    pub hint: &'static str,
    /// What "Show me" does from the step's start.
    pub solution: &'static [Enter],
}

/// A goal the engine checks in the learner's own run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Once the run is quiet, node `node` has not detected `accused` in
    /// round 1, and exactly one network fault did it.
    Misses {
        /// The node that must miss the equivocation.
        node: u16,
        /// The equivocating node.
        accused: u16,
    },
}

/// The lesson named `id`.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|lesson| lesson.id == id)
}

#[cfg(test)]
mod tests;
