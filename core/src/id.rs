//! Node identities: `node1` … `nodeN`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest cluster the core accepts.
pub const MAX_NODES: u16 = 64;

/// The id of a node, `node1` … `node64`.
///
/// It is stored as the node's 1-based number so that ids sort the way people
/// read them (`node2` before `node10`), which the protocol relies on when a
/// Byzantine node splits its peers "sorted by id".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(u16);

impl NodeId {
    /// The node with this 1-based number, if it is in `1..=MAX_NODES`.
    pub fn new(number: u16) -> Option<NodeId> {
        (1..=MAX_NODES).contains(&number).then_some(NodeId(number))
    }

    /// The node at this 0-based index (`0` is `node1`).
    ///
    /// # Panics
    /// If `index` is not below [`MAX_NODES`]; indices come from the cluster
    /// size, which is validated before any node exists.
    pub fn from_index(index: usize) -> NodeId {
        let number = u16::try_from(index + 1).expect("node index fits u16");
        NodeId::new(number).expect("node index within MAX_NODES")
    }

    /// The 1-based number (`3` for `node3`).
    pub fn number(self) -> u16 {
        self.0
    }

    /// The 0-based index used for per-node vectors.
    pub fn index(self) -> usize {
        usize::from(self.0) - 1
    }

    /// All ids of a cluster of `n` nodes, in order.
    pub fn all(n: u16) -> impl Iterator<Item = NodeId> {
        (1..=n.min(MAX_NODES)).map(NodeId)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "node{}", self.0)
    }
}

/// Why a text is not a node id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeIdError(pub String);

impl fmt::Display for NodeIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a node id: expected node1 … node{MAX_NODES}",
            self.0
        )
    }
}

impl std::error::Error for NodeIdError {}

impl FromStr for NodeId {
    type Err = NodeIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || NodeIdError(s.to_owned());
        let digits = s.trim().strip_prefix("node").ok_or_else(error)?;
        // `u16::from_str` accepts a leading '+', which no id is written with.
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.starts_with('0')
        {
            return Err(error());
        }
        digits
            .parse::<u16>()
            .ok()
            .and_then(NodeId::new)
            .ok_or_else(error)
    }
}

impl Serialize for NodeId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NodeId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_ids() {
        let id: NodeId = "node12".parse().unwrap();
        assert_eq!(id.number(), 12);
        assert_eq!(id.index(), 11);
        assert_eq!(id.to_string(), "node12");
        assert_eq!(NodeId::from_index(11), id);
    }

    #[test]
    fn rejects_what_is_not_an_id() {
        for bad in [
            "", "node", "node0", "node65", "node+1", "node01", "Node1", "n1", "node1x",
        ] {
            assert!(bad.parse::<NodeId>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn sorts_numerically() {
        let two: NodeId = "node2".parse().unwrap();
        let ten: NodeId = "node10".parse().unwrap();
        assert!(two < ten);
    }

    #[test]
    fn serialises_as_its_name() {
        let id = NodeId::new(4).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"node4\"");
        assert_eq!(serde_json::from_str::<NodeId>("\"node4\"").unwrap(), id);
        assert!(serde_json::from_str::<NodeId>("\"node99\"").is_err());
    }
}
