//! A node as the page shows it, at the time on screen: on the stage (its
//! role, round, decision and detections) and in the inspector (what it
//! heard from each origin in each round).

use byzscope_core::{Millis, NodeId, Role, Round};

use super::Run;
use crate::model::palette::Swatch;

/// What the stage shows of a node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeLook {
    /// Honest or Byzantine, and how.
    pub role: Role,
    /// Its current round (0 before any).
    pub round: Round,
    /// Where it is in that round.
    pub state: RoundLook,
    /// How many detections it has made.
    pub detections: usize,
    /// When it made its latest one.
    pub last_detection: Option<Millis>,
}

/// Where a node is in its latest round.
#[derive(Clone, Debug, PartialEq)]
pub enum RoundLook {
    /// No round has reached it.
    Idle,
    /// In a round, not decided.
    Undecided,
    /// Decided this value, drawn with this swatch.
    Decided(String, Swatch),
    /// Past the round's timeout without a decision.
    TimedOut,
}

/// One cell of the knowledge grid: the values a node holds from one origin
/// in one round.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Each value held, with its swatch.
    pub values: Vec<(String, Swatch)>,
    /// Whether the origin was caught saying two things, or two are held.
    pub conflict: bool,
    /// The value that counts as the origin's vote, if one does.
    pub vote: Option<String>,
}

impl Run {
    /// What the stage shows of node `id`, if it is in the cluster.
    pub fn node_look(&self, id: NodeId) -> Option<NodeLook> {
        let node = self.shown().node(id)?;
        let round = node.current_round();
        let state = match node.round(round) {
            None => RoundLook::Idle,
            Some(state) => match (state.decided(), state.timed_out()) {
                (Some((value, _)), _) => RoundLook::Decided(value.to_string(), self.swatch(value)),
                (None, true) => RoundLook::TimedOut,
                (None, false) => RoundLook::Undecided,
            },
        };
        Some(NodeLook {
            role: node.role(),
            round,
            state,
            detections: node.detections().len(),
            last_detection: node.detections().last().map(|detection| detection.at),
        })
    }

    /// What node `id` holds, round by round: a cell per origin, in id
    /// order.
    pub fn knowledge(&self, id: NodeId) -> Option<Vec<(Round, Vec<Cell>)>> {
        let shown = self.shown();
        let node = shown.node(id)?;
        let origins: Vec<NodeId> = shown.scenario().node_ids().collect();
        let rounds = node
            .rounds()
            .map(|(round, state)| {
                let cells = origins
                    .iter()
                    .map(|origin| {
                        let heard = state.heard_from(*origin);
                        Cell {
                            values: heard
                                .map(|heard| {
                                    heard
                                        .values()
                                        .iter()
                                        .map(|value| (value.to_string(), self.swatch(value)))
                                        .collect()
                                })
                                .unwrap_or_default(),
                            conflict: heard.is_some_and(|heard| heard.is_conflict()),
                            vote: heard.and_then(|heard| heard.vote()).map(|v| v.to_string()),
                        }
                    })
                    .collect();
                (round, cells)
            })
            .collect();
        Some(rounds)
    }
}

#[cfg(test)]
mod tests {
    use byzscope_core::{Scenario, Strategy};

    use super::*;
    use crate::model::fixtures::{default_run, node};

    #[test]
    fn after_the_default_round_each_node_shows_its_decision_and_detections() {
        let run = default_run();
        let node1 = run.node_look(node(1)).unwrap();
        assert_eq!(node1.role, Role::Honest);
        assert_eq!(node1.round, 1);
        assert!(matches!(&node1.state, RoundLook::Decided(value, _) if value == "test123"));
        assert_eq!(node1.detections, 1);
        assert!(node1.last_detection.is_some());
        let node4 = run.node_look(node(4)).unwrap();
        assert_eq!(node4.role, Role::Byzantine(Strategy::Equivocate));
        assert_eq!(node4.detections, 0);
        assert!(run.node_look(node(5)).is_none());
        let fresh = Run::new(Scenario::default()).unwrap();
        assert_eq!(fresh.node_look(node(2)).unwrap().state, RoundLook::Idle);
    }

    #[test]
    fn the_knowledge_grid_marks_node4_as_caught_and_votes_underlined() {
        let run = default_run();
        let grid = run.knowledge(node(2)).unwrap();
        assert_eq!(grid.len(), 1, "one round");
        let (round, cells) = &grid[0];
        assert_eq!(*round, 1);
        assert_eq!(cells.len(), 4, "a cell per origin");
        let from_node4 = &cells[3];
        assert!(from_node4.conflict, "node2 caught node4");
        // In the order node2 heard them: node4 sent it the fork.
        let values: Vec<&str> = from_node4.values.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["test123_BYZANTINE", "test123"]);
        let from_node1 = &cells[0];
        assert!(!from_node1.conflict);
        assert_eq!(from_node1.vote.as_deref(), Some("test123"));
    }
}
