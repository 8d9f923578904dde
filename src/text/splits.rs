//! A Byzantine split in words: the caption that names who got which value,
//! and the label on each fan-out line.

use byzscope_core::{NodeId, Split};

use super::labels::shortened;

/// `⚠ node4 split its ECHO`.
pub fn caption(node: NodeId, split: &Split) -> String {
    format!("⚠ {node} split its {}", split.kind)
}

/// ` for round 1:`, after the caption.
pub fn for_round(split: &Split) -> String {
    format!(" for round {}:", split.round)
}

/// `→ node2, node3: ` before the value those peers got.
pub fn peers_got(peers: &[NodeId]) -> String {
    // Four or more in a row are a range (`node1–node15`): a large
    // cluster's caption stays a line or two.
    let mut named: Vec<String> = Vec::new();
    let mut start = 0;
    while start < peers.len() {
        let mut end = start;
        while end + 1 < peers.len() && peers[end + 1].index() == peers[end].index() + 1 {
            end += 1;
        }
        if end - start >= 3 {
            named.push(format!("{}–{}", peers[start], peers[end]));
        } else {
            named.extend(peers[start..=end].iter().map(NodeId::to_string));
        }
        start = end + 1;
    }
    format!("→ {}: ", named.join(", "))
}

/// `→ node2: ◆ test123_BYZANTINE` on the fan-out line to one peer.
pub fn fan_label(peer: NodeId, glyph: &str, value: &str) -> String {
    format!("→ {peer}: {glyph} {value}")
}

/// Every way to label the fan-out line to `peer`, longest first: in full,
/// with the peer's short name, then with the value shortened too (the
/// caption names the peers in full).
pub fn fan_labels(peer: NodeId, glyph: &str, value: &str) -> Vec<String> {
    let number = peer.index() + 1;
    vec![
        fan_label(peer, glyph, value),
        format!("→ n{number}: {glyph} {value}"),
        format!("→ n{number}: {glyph} {}", shortened(value, 8)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{default_round, node};

    #[test]
    fn node4s_split_reads_as_who_got_what() {
        let sim = default_round();
        let split = sim
            .trace()
            .events
            .iter()
            .flat_map(|event| &event.effects)
            .find_map(|outcome| match outcome {
                byzscope_core::Outcome::Equivocated(split) => Some(split),
                _ => None,
            })
            .unwrap();
        assert_eq!(caption(node(4), split), "⚠ node4 split its ECHO");
        assert_eq!(for_round(split), " for round 1:");
        assert_eq!(peers_got(&[node(2), node(3)]), "→ node2, node3: ");
        assert_eq!(
            peers_got(&[node(1), node(2), node(3)]),
            "→ node1, node2, node3: "
        );
        let many: Vec<NodeId> = [1, 2, 3, 4, 5, 7, 9, 10, 11, 12].map(node).to_vec();
        assert_eq!(peers_got(&many), "→ node1–node5, node7, node9–node12: ");
        assert_eq!(
            fan_label(node(2), "◆", "test123_BYZANTINE"),
            "→ node2: ◆ test123_BYZANTINE"
        );
        assert_eq!(
            fan_labels(node(2), "◆", "test123_BYZANTINE"),
            [
                "→ node2: ◆ test123_BYZANTINE",
                "→ n2: ◆ test123_BYZANTINE",
                "→ n2: ◆ test123_…"
            ]
        );
    }
}
