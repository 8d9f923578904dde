//! The simulated network's faults: links a driver can cut, heal and slow
//! down, and messages it can drop. How a message was lost is part of its
//! fate, in [`crate::trace`].
//!
//! A fault is an input of the run, recorded in the trace like a proposal,
//! so replaying a trace reproduces it. Faults never change which random
//! numbers are drawn: every send draws its latency, lost or not.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::id::NodeId;
use crate::message::MessageId;
use crate::time::Millis;

/// The longest extra delay a driver may put on a link: a minute, as long as
/// the longest latency a scenario may ask for.
pub const MAX_EXTRA_DELAY_MS: Millis = crate::scenario::MAX_LATENCY_MS;

/// The undirected link between two different nodes: `node1–node2` is
/// `node2–node1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Link {
    low: NodeId,
    high: NodeId,
}

impl Link {
    /// The link between `a` and `b`, or `None` when they are the same node.
    pub fn new(a: NodeId, b: NodeId) -> Option<Link> {
        (a != b).then(|| Link {
            low: a.min(b),
            high: a.max(b),
        })
    }

    /// Its two ends, lower id first.
    pub fn ends(self) -> (NodeId, NodeId) {
        (self.low, self.high)
    }

    /// Whether a message from `from` to `to` travels on this link.
    pub fn carries(self, from: NodeId, to: NodeId) -> bool {
        Link::new(from, to) == Some(self)
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.low, self.high)
    }
}

/// How one link behaves. The default is a healthy link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkState {
    /// Whether the link is down: messages sent on it are lost.
    pub down: bool,
    /// Latency added to every message sent on it, in milliseconds.
    pub extra_ms: Millis,
}

/// Every link that is not healthy; all others are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    faulty: BTreeMap<Link, LinkState>,
}

impl Links {
    /// The state of `link`.
    pub fn state(&self, link: Link) -> LinkState {
        self.faulty.get(&link).copied().unwrap_or_default()
    }

    /// The state of the link a message from `from` to `to` travels on.
    pub fn between(&self, from: NodeId, to: NodeId) -> LinkState {
        // Asked for every message sent, and nearly always of a healthy
        // network: answer that without building the link.
        if self.faulty.is_empty() {
            return LinkState::default();
        }
        Link::new(from, to).map_or_else(LinkState::default, |link| self.state(link))
    }

    /// Every link that is down or slowed, in order.
    pub fn faulty(&self) -> impl Iterator<Item = (Link, LinkState)> + '_ {
        self.faulty.iter().map(|(link, state)| (*link, *state))
    }

    pub(crate) fn set(&mut self, link: Link, state: LinkState) {
        if state == LinkState::default() {
            self.faulty.remove(&link);
        } else {
            self.faulty.insert(link, state);
        }
    }
}

/// Why a network fault was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultError {
    /// The node is not in the cluster.
    UnknownNode(NodeId),
    /// A link joins two different nodes.
    SameNode(NodeId),
    /// No message with this id has been sent.
    UnknownMessage(MessageId),
    /// The message has already been delivered or lost.
    NotInFlight(MessageId),
    /// The link is already down.
    AlreadyDown(Link),
    /// The link is not down.
    NotDown(Link),
    /// The extra delay is longer than [`MAX_EXTRA_DELAY_MS`].
    DelayTooLong(Millis),
}

impl fmt::Display for FaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultError::UnknownNode(node) => write!(f, "{node} is not in the cluster"),
            FaultError::SameNode(node) => {
                write!(f, "a link joins two different nodes, not {node} and itself")
            }
            FaultError::UnknownMessage(id) => write!(f, "message {id} has not been sent"),
            FaultError::NotInFlight(id) => {
                write!(
                    f,
                    "message {id} is no longer in flight: it was delivered or lost"
                )
            }
            FaultError::AlreadyDown(link) => write!(f, "the link {link} is already down"),
            FaultError::NotDown(link) => write!(f, "the link {link} is not down"),
            FaultError::DelayTooLong(extra_ms) => write!(
                f,
                "an extra delay of {extra_ms} ms is more than the {MAX_EXTRA_DELAY_MS} ms allowed"
            ),
        }
    }
}

impl std::error::Error for FaultError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    #[test]
    fn a_link_is_undirected_and_joins_two_nodes() {
        let link = Link::new(node(3), node(1)).unwrap();
        assert_eq!(Link::new(node(1), node(3)), Some(link));
        assert_eq!(link.ends(), (node(1), node(3)));
        assert_eq!(link.to_string(), "node1–node3");
        assert!(link.carries(node(3), node(1)) && link.carries(node(1), node(3)));
        assert!(!link.carries(node(1), node(2)));
        assert_eq!(Link::new(node(2), node(2)), None);
    }

    #[test]
    fn only_faulty_links_are_kept() {
        let mut links = Links::default();
        let link = Link::new(node(1), node(2)).unwrap();
        let slow = LinkState {
            down: false,
            extra_ms: 5,
        };
        links.set(link, slow);
        assert_eq!(links.between(node(2), node(1)), slow);
        assert_eq!(links.between(node(2), node(3)), LinkState::default());
        assert_eq!(links.faulty().count(), 1);
        links.set(link, LinkState::default());
        assert_eq!(links.faulty().count(), 0);
    }
}
