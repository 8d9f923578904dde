//! What the web app's native tests start from: the original demo's round.

use byzscope_core::trace::Action;
use byzscope_core::{Millis, NodeId, Scenario, Simulation, Trace};

use crate::model::run::Run;
use crate::model::script::{Scripted, Timed};

/// Node `n`.
pub fn node(n: u16) -> NodeId {
    NodeId::new(n).expect("a node number from 1 to 64")
}

/// The original demo's round: the default scenario, `node1` proposing
/// `test123`, run until quiet.
pub fn default_round() -> Simulation {
    let mut sim = Simulation::new(Scenario::default()).expect("the default scenario runs");
    sim.propose(node(1), "test123").expect("node1 may propose");
    sim.run_until_quiet();
    sim
}

/// The same round as the page runs it.
pub fn default_run() -> Run {
    let mut run = Run::new(Scenario::default()).expect("the default scenario runs");
    run.propose(node(1), "test123").expect("node1 may propose");
    run.run_until_quiet();
    run
}

/// `propose=node{n}:{value}`, at `at` if given.
pub fn propose(n: u16, value: &str, at: Option<Millis>) -> Scripted {
    Scripted {
        action: Action::Propose {
            node: node(n),
            value: value.into(),
        },
        at,
    }
}

/// The inputs a run was given, with their times.
pub fn given(trace: &Trace) -> Vec<Timed> {
    trace
        .inputs
        .iter()
        .map(|input| Timed {
            at: input.at,
            action: input.action.clone(),
        })
        .collect()
}
