//! How detection went, in sentences: for each Byzantine split, how long
//! honest nodes took to catch it, and who has not.

use byzscope_core::metrics::{DetectionTiming, EquivocationMetrics};
use byzscope_core::NodeId;

use crate::text::time::time_label;

/// `node1, node2`.
fn list(nodes: &[NodeId]) -> String {
    nodes
        .iter()
        .map(NodeId::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One detection's timing: `First honest detection: node2, 0.4 s and 5
/// deliveries after the split`.
fn timing(which: &str, timing: &DetectionTiming) -> String {
    format!(
        "{which} honest detection: {}, {} and {} deliveries after the split",
        timing.node,
        time_label(timing.after_ms as f64),
        timing.deliveries
    )
}

/// What one split came to, in sentences.
pub fn sentences(
    metrics: &EquivocationMetrics,
    quiet: bool,
) -> (String, Vec<String>, Option<String>) {
    let values: Vec<&str> = metrics.values.iter().map(|value| &**value).collect();
    let head = format!(
        "{} split round {} at {}: {}.",
        metrics.origin,
        metrics.round,
        time_label(metrics.split_at as f64),
        values.join(" / ")
    );
    let mut lines = Vec::new();
    if let Some(first) = &metrics.first_detection {
        lines.push(timing("First", first));
    }
    if let (Some(last), Some(first)) = (&metrics.last_detection, &metrics.first_detection) {
        if last != first {
            lines.push(timing("Last", last));
        }
    }
    let missed = (!metrics.missed_by.is_empty()).then(|| {
        let who = list(&metrics.missed_by);
        let verb = if metrics.missed_by.len() == 1 {
            "has"
        } else {
            "have"
        };
        if quiet {
            format!(
                "{who} {verb} not detected {}'s equivocation in round {}, and never will: \
                 the run is over (were messages lost?).",
                metrics.origin, metrics.round
            )
        } else {
            format!(
                "{who} {verb} not detected {}'s equivocation in round {} yet.",
                metrics.origin, metrics.round
            )
        }
    });
    (head, lines, missed)
}

#[cfg(test)]
mod tests {
    use byzscope_core::metrics::DetectionMetrics;

    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn the_default_run_reads_as_three_detections_and_none_missed() {
        let sim = default_round();
        let metrics = DetectionMetrics::of(sim.trace());
        assert_eq!(metrics.equivocations.len(), 1);
        let (head, lines, missed) = sentences(&metrics.equivocations[0], true);
        assert!(head.starts_with("node4 split round 1 at "), "{head}");
        assert!(head.ends_with("test123 / test123_BYZANTINE."), "{head}");
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("First honest detection: node"),
            "{}",
            lines[0]
        );
        assert_eq!(missed, None);
    }
}
