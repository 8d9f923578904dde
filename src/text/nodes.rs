//! A node's state on the stage, in words: its round, whether it decided,
//! how many it caught, and what is on the way.

/// `round 1 · `, or `r1 · ` on a crowded ring.
pub fn round_prefix(round: u64, compact: bool) -> String {
    if compact {
        format!("r{round} · ")
    } else {
        format!("round {round} · ")
    }
}

/// A node that has seen no round yet.
pub fn idle(compact: bool) -> &'static str {
    if compact {
        "idle"
    } else {
        "waiting for a proposal"
    }
}

/// A round entered and not decided.
pub const UNDECIDED: &str = "undecided";

/// A round past its timeout without a decision.
pub const TIMED_OUT: &str = "timed out";

/// A decision's mark before the value.
pub const DECIDED: &str = "✓ ";

/// The detection badge's tooltip.
pub fn badge(node: &str, detections: usize) -> String {
    format!("{node} has made {detections} detection(s)")
}

/// The inspector's count of a signed node's signature checks, after its
/// detections.
pub fn signature_checks(count: u64) -> String {
    format!(" · {count} signature checks")
}

/// The inspector's count of a node's detections.
pub fn detections(count: usize) -> String {
    format!("{count} detection(s)")
}

/// What is on the way: `nothing in flight`, `1 message in flight`, `12
/// messages in flight`; `quiet` says whether anything is left to happen.
pub fn in_flight(messages: usize, quiet: bool) -> String {
    match messages {
        0 if quiet => "nothing in flight".to_owned(),
        1 => "1 message in flight".to_owned(),
        n => format!("{n} messages in flight"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_says_where_it_is_in_as_little_room_as_it_has() {
        assert_eq!(round_prefix(3, false), "round 3 · ");
        assert_eq!(round_prefix(3, true), "r3 · ");
        assert_eq!(idle(false), "waiting for a proposal");
        assert_eq!(idle(true), "idle");
        assert_eq!(badge("node2", 1), "node2 has made 1 detection(s)");
        assert_eq!(in_flight(0, true), "nothing in flight");
        assert_eq!(in_flight(0, false), "0 messages in flight");
        assert_eq!(in_flight(1, false), "1 message in flight");
        assert_eq!(in_flight(12, false), "12 messages in flight");
        assert_eq!(detections(2), "2 detection(s)");
        assert_eq!(signature_checks(4), " · 4 signature checks");
    }
}
