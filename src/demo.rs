//! The run the page shows: the default scenario, one proposal, run until
//! nothing is left to happen.

use std::fmt;

use byzscope_core::{
    DetectionRecord, DetectionsDocument, NodeId, ProposeError, Scenario, ScenarioError, Simulation,
    StatusDocument,
};

/// The value the original demo proposes.
pub const VALUE: &str = "test123";

/// Every node's `GET /status` and `GET /detections` at the end of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// One status per node, in id order.
    pub statuses: Vec<StatusDocument>,
    /// One detections document per node, in id order.
    pub detections: Vec<DetectionsDocument>,
    /// Every node's detections together, in the order they happened.
    pub timeline: Vec<DetectionRecord>,
}

impl Outcome {
    /// Every detection of the run, oldest first.
    pub fn all_detections(&self) -> impl Iterator<Item = &DetectionRecord> {
        self.timeline.iter()
    }
}

/// Why a run could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// The scenario cannot run.
    Scenario(ScenarioError),
    /// The proposal was refused.
    Propose(ProposeError),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Scenario(error) => write!(f, "the scenario cannot run: {error}"),
            RunError::Propose(error) => write!(f, "the proposal was refused: {error}"),
        }
    }
}

impl std::error::Error for RunError {}

/// Runs `scenario` with `proposer` proposing `value` until it is quiet.
pub fn run(scenario: Scenario, proposer: NodeId, value: &str) -> Result<Outcome, RunError> {
    let mut sim = Simulation::new(scenario).map_err(RunError::Scenario)?;
    sim.propose(proposer, value).map_err(RunError::Propose)?;
    sim.run_until_quiet();
    let ids: Vec<NodeId> = sim.scenario().node_ids().collect();
    let statuses = ids.iter().filter_map(|id| sim.status(*id)).collect();
    let detections = ids.iter().filter_map(|id| sim.detections(*id)).collect();
    let started_at_ms = sim.scenario().started_at_ms;
    let timeline = sim
        .trace()
        .detections()
        .map(|detection| DetectionRecord::of(detection, started_at_ms))
        .collect();
    Ok(Outcome {
        statuses,
        detections,
        timeline,
    })
}

/// The original demo: four nodes, node4 equivocating, node1 proposing
/// [`VALUE`]. `started_at_ms` (Unix milliseconds) only sets the wall-clock
/// times that `detected_at` prints.
pub fn run_default(started_at_ms: i64) -> Result<Outcome, RunError> {
    let node1 = NodeId::new(1).expect("node1 is in every cluster");
    let scenario = Scenario {
        started_at_ms,
        ..Scenario::default()
    };
    run(scenario, node1, VALUE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_run_catches_node4() {
        let outcome = run_default(0).unwrap();
        assert_eq!(outcome.statuses.len(), 4);
        let mut accusers: Vec<&str> = outcome
            .all_detections()
            .map(|record| record.detected_by.as_str())
            .collect();
        let times: Vec<&str> = outcome
            .all_detections()
            .map(|record| record.detected_at.as_str())
            .collect();
        assert!(times.is_sorted(), "oldest first: {times:?}");
        accusers.sort();
        assert_eq!(accusers, ["node1", "node2", "node3"]);
        assert!(outcome
            .all_detections()
            .all(|record| record.byzantine_node == "node4"));
    }

    #[test]
    fn refused_proposal_is_an_error_not_a_panic() {
        let node9 = NodeId::new(9).unwrap();
        let error = run(Scenario::default(), node9, VALUE).unwrap_err();
        assert!(matches!(error, RunError::Propose(_)), "{error}");
    }
}
