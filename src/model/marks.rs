//! The timeline's markers: when the run's proposals, splits, detections
//! and decisions happened.

use byzscope_core::{EventKind, Outcome, Trace};

/// Kinds of marker, in the order they are drawn (later on top).
pub const KINDS: [&str; 4] = ["decision", "proposal", "split", "detection"];

/// The times of each kind of marker in a run.
pub fn markers(trace: &Trace) -> [Vec<u64>; 4] {
    let mut marks: [Vec<u64>; 4] = Default::default();
    for event in &trace.events {
        if matches!(event.happening, EventKind::Proposed { .. }) {
            marks[1].push(event.at);
        }
        for noted in &event.effects {
            let kind = match noted {
                Outcome::Decided { .. } => 0,
                Outcome::Equivocated(_) => 2,
                Outcome::Detected(_) => 3,
                _ => continue,
            };
            marks[kind].push(event.at);
        }
    }
    for times in &mut marks {
        times.dedup();
    }
    marks
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn the_default_run_has_one_of_each_marker_and_three_detections() {
        let sim = default_round();
        let [decisions, proposals, splits, detections] = markers(sim.trace());
        assert_eq!(proposals, [0]);
        assert_eq!(splits.len(), 1);
        assert_eq!(
            detections.len(),
            3,
            "three honest detections at distinct times"
        );
        assert!(!decisions.is_empty());
        assert!(detections.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
