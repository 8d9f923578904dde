//! A detection in words: its kind, who caught whom, and how the detector
//! came to hold both statements.

use byzscope_core::{Detection, DetectionKind};

use crate::text::messages::plural;
use crate::text::time::time_label;

/// `equivocation` or `forgery`.
pub fn kind(kind: DetectionKind) -> &'static str {
    match kind {
        DetectionKind::Equivocation => "equivocation",
        DetectionKind::Forgery => "forgery",
    }
}

/// `node1 caught node4`.
pub fn caught(detection: &Detection) -> String {
    format!(
        "{} caught {}",
        detection.detected_by, detection.byzantine_node
    )
}

/// `node4 sent different values in round 1, found at 0.612 s.`
pub fn what_happened(detection: &Detection) -> String {
    let did = match detection.kind {
        DetectionKind::Equivocation => "sent different values",
        DetectionKind::Forgery => "handed over a forged copy",
    };
    format!(
        "{} {did} in round {}, found at {}.",
        detection.byzantine_node,
        detection.round,
        time_label(detection.at as f64)
    )
}

/// After the value the detector held first: `, which came node4 → node1
/// (1 message),`.
pub fn held_by(hops: &str, messages: usize) -> String {
    format!(
        ", which came {hops} ({messages} message{}),",
        plural(messages)
    )
}

/// After the value that arrived second: ` by node4 → node2 → node1 (2
/// messages).`
pub fn arrived_by(hops: &str, messages: usize) -> String {
    format!(" by {hops} ({messages} message{}).", plural(messages))
}

/// Why a forgery has no two paths to show.
pub const FORGERY_HAS_ONE_COPY: &str =
    "A forgery rests on one bad copy: its signature did not hold.";

/// The table's flag on a detection that accuses an honest node.
/// The table lists only its latest rows: what it leaves out.
pub fn older_rows_left_out(shown: usize, total: usize) -> String {
    format!("The latest {shown} of {total} detections; the JSON below lists them all.")
}

pub const FALSE_ACCUSATION: &str = " ⚠ false accusation";

/// Why it is flagged.
pub const FALSE_ACCUSATION_WHY: &str = "This node is honest: a forger's altered copies framed it.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn a_shortened_table_says_how_many_it_leaves_to_the_json() {
        assert_eq!(
            older_rows_left_out(100, 450),
            "The latest 100 of 450 detections; the JSON below lists them all."
        );
    }

    #[test]
    fn the_default_rounds_detections_read_plainly() {
        let sim = default_round();
        let detection = sim.trace().detections().next().unwrap();
        assert_eq!(kind(detection.kind), "equivocation");
        assert_eq!(
            caught(detection),
            format!("{} caught node4", detection.detected_by)
        );
        let said = what_happened(detection);
        assert!(said.starts_with("node4 sent different values in round 1, found at "));
        assert!(said.ends_with(" s."));
        assert_eq!(
            held_by("node4 → node1", 1),
            ", which came node4 → node1 (1 message),"
        );
        assert_eq!(arrived_by("a → b → c", 2), " by a → b → c (2 messages).");
    }
}
