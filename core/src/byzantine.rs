//! Byzantine behaviour: the strategies a faulty node follows, and how it
//! splits and alters statements.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::id::NodeId;
use crate::value::{BYZANTINE_SUFFIX, FORGED_SUFFIX};

/// What a Byzantine node does.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// Splits every statement of its own between two values; otherwise
    /// follows the protocol. The original demo's node4.
    #[default]
    Equivocate,
    /// Sends and forwards nothing: a crash, seen from outside.
    Silent,
    /// Equivocates, and alters the value of every statement it forwards.
    Forge,
}

impl Strategy {
    /// Every strategy, in the order a menu lists them.
    pub const ALL: [Strategy; 3] = [Strategy::Equivocate, Strategy::Silent, Strategy::Forge];

    /// The strategy's name, as flags and JSON spell it.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Equivocate => "equivocate",
            Strategy::Silent => "silent",
            Strategy::Forge => "forge",
        }
    }

    /// Whether the node splits its own statements.
    pub fn equivocates(self) -> bool {
        matches!(self, Strategy::Equivocate | Strategy::Forge)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a text is not a strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyError(pub String);

impl fmt::Display for StrategyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a strategy: expected equivocate, silent or forge",
            self.0
        )
    }
}

impl std::error::Error for StrategyError {}

impl FromStr for Strategy {
    type Err = StrategyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Strategy::ALL
            .into_iter()
            .find(|strategy| strategy.name() == s.trim())
            .ok_or_else(|| StrategyError(s.to_owned()))
    }
}

/// Whether a node follows the protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Follows the protocol.
    #[default]
    Honest,
    /// Follows the given strategy.
    Byzantine(Strategy),
}

impl Role {
    /// Whether the node is Byzantine.
    pub fn is_byzantine(self) -> bool {
        matches!(self, Role::Byzantine(_))
    }

    /// The strategy, for a Byzantine node.
    pub fn strategy(self) -> Option<Strategy> {
        match self {
            Role::Honest => None,
            Role::Byzantine(strategy) => Some(strategy),
        }
    }
}

/// Splits peers sorted by id: the first ⌊k/2⌋ get the true value, the
/// remaining ⌈k/2⌉ the fork.
pub fn split_peers(peers: &[NodeId]) -> (&[NodeId], &[NodeId]) {
    peers.split_at(peers.len() / 2)
}

/// The value an equivocating node gives the second half of its peers.
pub fn forked_value(value: &str) -> String {
    format!("{value}{BYZANTINE_SUFFIX}")
}

/// The value a forging node forwards in place of `value`, or `None` when
/// `value` is already a forgery: forwarding it unchanged keeps forgeries from
/// snowballing into `_FORGED_FORGED…`.
pub fn forged_value(value: &str) -> Option<String> {
    (!value.ends_with(FORGED_SUFFIX)).then(|| format!("{value}{FORGED_SUFFIX}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_floor_then_ceiling() {
        let peers: Vec<NodeId> = (1..=3).map(|n| NodeId::new(n).unwrap()).collect();
        let (low, high) = split_peers(&peers);
        assert_eq!(low.len(), 1);
        assert_eq!(high.len(), 2);
        let peers: Vec<NodeId> = (1..=6).map(|n| NodeId::new(n).unwrap()).collect();
        let (low, high) = split_peers(&peers);
        assert_eq!((low.len(), high.len()), (3, 3));
    }

    #[test]
    fn forgeries_do_not_snowball() {
        assert_eq!(forged_value("v").as_deref(), Some("v_FORGED"));
        assert_eq!(forged_value("v_FORGED"), None);
        assert_eq!(forked_value("v"), "v_BYZANTINE");
    }

    #[test]
    fn roles_know_their_strategy() {
        assert_eq!(Role::Honest.strategy(), None);
        assert_eq!(
            Role::Byzantine(Strategy::Forge).strategy(),
            Some(Strategy::Forge)
        );
        assert!(!Strategy::Silent.equivocates());
        assert!(Strategy::Forge.equivocates());
        assert_eq!(Strategy::Silent.to_string(), "silent");
    }

    #[test]
    fn strategies_parse_by_name() {
        for strategy in Strategy::ALL {
            assert_eq!(strategy.name().parse::<Strategy>(), Ok(strategy));
        }
        assert!("evil".parse::<Strategy>().is_err());
    }
}
