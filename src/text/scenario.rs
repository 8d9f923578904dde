//! A scenario and a cluster in words: the form's one-line summary, the
//! 3f + 1 warning, and the stage's text alternative.

use byzscope_core::{Mode, Node, Scenario, StatusDocument};

use crate::text::nodes::{idle, UNDECIDED};

/// `4 nodes · node4 equivocate · oral · 200–600 ms · seed 1`.
pub fn summary(scenario: &Scenario) -> String {
    let byzantine = if scenario.byzantine.is_empty() {
        "no Byzantine node".to_owned()
    } else {
        scenario
            .byzantine
            .iter()
            .map(|(id, strategy)| format!("{id} {strategy}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} nodes · {byzantine} · {} · {}–{} ms · seed {}",
        scenario.nodes,
        mode(scenario.mode),
        scenario.latency.min_ms,
        scenario.latency.max_ms,
        scenario.seed
    )
}

/// `oral` or `signed`.
pub fn mode(mode: Mode) -> &'static str {
    match mode {
        Mode::Oral => "oral",
        Mode::Signed => "signed",
    }
}

/// The warning when a scenario has more Byzantine nodes than it can
/// tolerate, if it has.
pub fn bound_broken(scenario: &Scenario) -> Option<String> {
    scenario.bound_broken().then(|| {
        let f = scenario.byzantine.len();
        format!(
            "⚠ {f} Byzantine nodes among {n}: agreement needs n ≥ 3f + 1 = {need} nodes. \
             Honest nodes may decide differently or not at all.",
            n = scenario.nodes,
            need = 3 * f + 1,
        )
    })
}

/// One node's state for the stage's text alternative.
fn node_state(node: &Node) -> String {
    let status = StatusDocument::of(node);
    let decision = match (status.current_round, &status.consensus_value) {
        (0, _) => idle(false).to_owned(),
        (round, Some(value)) => format!("round {round}, decided {value}"),
        (round, None) => format!("round {round}, {UNDECIDED}"),
    };
    format!(
        "{}: {decision}, {} detections",
        status.node_id,
        node.detections().len()
    )
}

/// What the stage shows, in words, for a screen reader.
pub fn stage_summary(
    scenario: &Scenario,
    nodes: &[Node],
    in_flight: usize,
    detections: usize,
    quiet: bool,
) -> String {
    let byzantine: Vec<String> = scenario
        .byzantine
        .iter()
        .map(|(node, strategy)| format!("{node} ({strategy})"))
        .collect();
    let nodes: Vec<String> = nodes.iter().map(node_state).collect();
    format!(
        "{} nodes on a ring; Byzantine: {}. {in_flight} messages in flight{}; {detections} detections so far. {}.",
        scenario.nodes,
        if byzantine.is_empty() {
            "none".to_owned()
        } else {
            byzantine.join(", ")
        },
        if quiet { ", nothing left to happen" } else { "" },
        nodes.join("; "),
    )
}

#[cfg(test)]
mod tests {
    use byzscope_core::{NodeId, Strategy};

    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn the_original_demo_in_a_line() {
        let scenario = Scenario::default();
        assert_eq!(
            summary(&scenario),
            "4 nodes · node4 equivocate · oral · 200–600 ms · seed 1"
        );
        assert_eq!(bound_broken(&scenario), None);
        let two = Scenario {
            byzantine: [
                (NodeId::new(3).unwrap(), Strategy::Silent),
                (NodeId::new(4).unwrap(), Strategy::Forge),
            ]
            .into(),
            ..scenario
        };
        assert!(bound_broken(&two).unwrap().contains("3f + 1 = 7"));
    }

    #[test]
    fn the_stage_in_words_names_each_decision() {
        let sim = default_round();
        let text = stage_summary(sim.scenario(), sim.nodes(), 0, 3, true);
        assert!(text.starts_with("4 nodes on a ring; Byzantine: node4 (equivocate)."));
        assert!(text.contains("nothing left to happen; 3 detections"));
        assert!(text.contains("node1: round 1, decided test123, 1 detections"));
    }
}
