//! What the live view says: whom it watches, how each node answers, a
//! proposal's answer, and what the lag means.

use byzscope_core::NodeId;

use crate::model::live::{backoff_ms, Link, LAG_MS};
use crate::model::numbers::fixed;

/// The page's heading in live mode: `Live: watching node1–node4 at
/// 127.0.0.1:8001–8004`. `nodes` are the ids heard (sorted), `urls` the
/// watched base URLs in the address's order.
pub fn watching(nodes: &[NodeId], urls: &[String]) -> String {
    let who = match nodes {
        [] if urls.len() == 1 => "1 node".to_owned(),
        [] => format!("{} nodes", urls.len()),
        [one] => one.to_string(),
        [first, .., last] if usize::from(last.number() - first.number()) + 1 == nodes.len() => {
            format!("{first}–{last}")
        }
        many => many
            .iter()
            .map(NodeId::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!("Live: watching {who} at {}", places(urls))
}

/// The watched addresses in a few characters: a host's consecutive ports
/// as a range, otherwise the first and how many more.
fn places(urls: &[String]) -> String {
    let bare: Vec<&str> = urls
        .iter()
        .map(|url| url.split_once("://").map_or(url.as_str(), |(_, rest)| rest))
        .collect();
    let split: Option<Vec<(&str, u32)>> = bare
        .iter()
        .map(|place| {
            let (host, port) = place.rsplit_once(':')?;
            Some((host, port.parse().ok()?))
        })
        .collect();
    if let Some(split) = split.filter(|split| split.len() > 1) {
        let (host, first) = split[0];
        let consecutive = split
            .iter()
            .enumerate()
            .all(|(i, (h, port))| *h == host && *port == first + i as u32);
        if consecutive {
            return format!("{host}:{first}–{}", first + split.len() as u32 - 1);
        }
    }
    match bare.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}

/// How a node answers, in a word or two.
pub fn link(link: Link) -> String {
    match link {
        Link::Connecting => "connecting…".into(),
        Link::Up => "up".into(),
        Link::Down { failures } => format!(
            "down — retrying every {} s",
            fixed(f64::from(backoff_ms(failures + 1)) / 1000.0, 1)
                .trim_end_matches('0')
                .trim_end_matches('.')
        ),
    }
}

/// A node of the cluster that none of the watched addresses is.
pub const NOT_WATCHED: &str = "not watched";

/// A node's answer to `POST /propose`.
pub fn proposed(node: &str, value: &str, round: u64) -> String {
    format!("{node} proposed '{value}' for round {round}.")
}

/// What the lag is, under the heading.
pub fn lag_note() -> String {
    format!(
        "A message's arrival is known only once it happens, so this view runs \
         {} s behind the cluster: each dot travels from its real send to its real arrival.",
        fixed(LAG_MS / 1000.0, 0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(ports: &[u16]) -> Vec<String> {
        ports
            .iter()
            .map(|port| format!("http://127.0.0.1:{port}"))
            .collect()
    }

    #[test]
    fn the_heading_names_the_nodes_and_where() {
        let ids: Vec<NodeId> = (1..=4).map(|k| NodeId::new(k).unwrap()).collect();
        assert_eq!(
            watching(&ids, &urls(&[8001, 8002, 8003, 8004])),
            "Live: watching node1–node4 at 127.0.0.1:8001–8004"
        );
        assert_eq!(
            watching(&[ids[0], ids[2]], &urls(&[8001, 8003])),
            "Live: watching node1, node3 at 127.0.0.1:8001 and 1 more"
        );
        assert_eq!(
            watching(&[], &["https://a.lab".to_owned()]),
            "Live: watching 1 node at a.lab"
        );
    }

    #[test]
    fn a_down_node_says_when_it_is_tried_again() {
        assert_eq!(link(Link::Up), "up");
        assert_eq!(
            link(Link::Down { failures: 1 }),
            "down — retrying every 1 s"
        );
        assert_eq!(
            link(Link::Down { failures: 9 }),
            "down — retrying every 8 s"
        );
        assert_eq!(proposed("node1", "x", 2), "node1 proposed 'x' for round 2.");
        assert!(lag_note().contains("1 s behind"));
    }
}
