//! Scenarios: everything that fixes a run before the first proposal.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::byzantine::{Role, Strategy};
use crate::id::{NodeId, MAX_NODES};
use crate::quorum;
use crate::signing::Mode;
use crate::time::Millis;

/// The smallest cluster the core accepts.
pub const MIN_NODES: u16 = 3;

/// The longest one-way latency a scenario may ask for, in milliseconds.
pub const MAX_LATENCY_MS: Millis = 60_000;

/// The latest start time `detected_at` can print: 9999-12-31T23:59:59.999 UTC,
/// less two days of simulated time (the horizon, and then some).
const MAX_START_MS: i64 = 253_402_300_799_999 - 2 * 86_400_000;

/// The range one-way message latency is drawn from, uniformly, per message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Latency {
    /// Shortest latency, in simulated milliseconds.
    pub min_ms: Millis,
    /// Longest latency, in simulated milliseconds.
    pub max_ms: Millis,
}

impl Default for Latency {
    fn default() -> Self {
        Latency {
            min_ms: 200,
            max_ms: 600,
        }
    }
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.min_ms, self.max_ms)
    }
}

impl FromStr for Latency {
    type Err = ScenarioError;

    /// Parses `MIN..MAX` in milliseconds, for example `200..600`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ScenarioError::LatencySyntax(s.to_owned());
        let (min, max) = s.trim().split_once("..").ok_or_else(error)?;
        let parse = |part: &str| part.trim().parse::<Millis>().map_err(|_| error());
        let latency = Latency {
            min_ms: parse(min)?,
            max_ms: parse(max)?,
        };
        latency.validate()?;
        Ok(latency)
    }
}

impl Latency {
    fn validate(self) -> Result<(), ScenarioError> {
        if self.min_ms == 0 || self.min_ms > self.max_ms || self.max_ms > MAX_LATENCY_MS {
            Err(ScenarioError::LatencyRange(self))
        } else {
            Ok(())
        }
    }
}

/// Everything that fixes a run: with the same scenario and the same inputs,
/// two runs are the same event for event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Cluster size N, from 3 to 64.
    pub nodes: u16,
    /// The Byzantine nodes and the strategy each follows.
    pub byzantine: BTreeMap<NodeId, Strategy>,
    /// Oral or signed messages.
    pub mode: Mode,
    /// One-way latency range.
    pub latency: Latency,
    /// The seed of the run's one random number generator and of its keys.
    pub seed: u64,
    /// Wall-clock start of the scenario, in milliseconds since the Unix
    /// epoch (UTC): `detected_at` is this plus the simulated time. It does
    /// not change what happens, only how times are printed.
    pub started_at_ms: i64,
}

impl Default for Scenario {
    /// The original demo: four nodes, node4 equivocating, oral messages.
    fn default() -> Self {
        Scenario {
            nodes: 4,
            byzantine: BTreeMap::from([(NodeId::new(4).expect("node4"), Strategy::Equivocate)]),
            mode: Mode::Oral,
            latency: Latency::default(),
            seed: 1,
            started_at_ms: 0,
        }
    }
}

impl Scenario {
    /// Checks that the scenario can run.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if !(MIN_NODES..=MAX_NODES).contains(&self.nodes) {
            return Err(ScenarioError::Nodes(self.nodes));
        }
        if let Some(node) = self.byzantine.keys().find(|id| id.number() > self.nodes) {
            return Err(ScenarioError::ByzantineOutside {
                node: *node,
                nodes: self.nodes,
            });
        }
        self.latency.validate()?;
        if !(0..=MAX_START_MS).contains(&self.started_at_ms) {
            return Err(ScenarioError::StartedAt(self.started_at_ms));
        }
        Ok(())
    }

    /// The role of `node` in this scenario.
    pub fn role(&self, node: NodeId) -> Role {
        self.byzantine
            .get(&node)
            .map_or(Role::Honest, |strategy| Role::Byzantine(*strategy))
    }

    /// f for this cluster size.
    pub fn fault_tolerance(&self) -> usize {
        quorum::fault_tolerance(usize::from(self.nodes))
    }

    /// q for this cluster size.
    pub fn quorum(&self) -> usize {
        quorum::quorum(usize::from(self.nodes))
    }

    /// Whether there are more Byzantine nodes than the cluster is sized for:
    /// allowed, as a lesson, but agreement is no longer promised.
    pub fn bound_broken(&self) -> bool {
        quorum::bound_broken(usize::from(self.nodes), self.byzantine.len())
    }

    /// Every node id, in order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> {
        NodeId::all(self.nodes)
    }
}

/// Parses a list of Byzantine nodes: `none`, `node4`, `node4,node5` (each
/// with `default_strategy`) or `node3:silent,node4:forge`.
pub fn parse_byzantine(
    text: &str,
    default_strategy: Strategy,
) -> Result<BTreeMap<NodeId, Strategy>, ScenarioError> {
    let text = text.trim();
    let mut byzantine = BTreeMap::new();
    if text == "none" {
        return Ok(byzantine);
    }
    if text.is_empty() {
        return Err(ScenarioError::ByzantineSyntax(
            "give node ids such as node4,node5, or none".to_owned(),
        ));
    }
    for item in text.split(',') {
        let (node, strategy) = match item.split_once(':') {
            Some((node, strategy)) => (
                node,
                strategy
                    .parse()
                    .map_err(|e| ScenarioError::ByzantineSyntax(format!("{e}")))?,
            ),
            None => (item, default_strategy),
        };
        let node: NodeId = node
            .parse()
            .map_err(|e| ScenarioError::ByzantineSyntax(format!("{e}")))?;
        if byzantine.insert(node, strategy).is_some() {
            return Err(ScenarioError::ByzantineSyntax(format!(
                "{node} is listed twice"
            )));
        }
    }
    Ok(byzantine)
}

/// Why a scenario cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The cluster size is outside 3..=64.
    Nodes(u16),
    /// A Byzantine node is not in the cluster.
    ByzantineOutside {
        /// The node named.
        node: NodeId,
        /// The cluster size.
        nodes: u16,
    },
    /// The Byzantine list could not be read.
    ByzantineSyntax(String),
    /// The latency text is not `MIN..MAX`.
    LatencySyntax(String),
    /// The latency range is empty, starts at 0 or is too long.
    LatencyRange(Latency),
    /// The start time cannot be printed as a date.
    StartedAt(i64),
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Nodes(n) => write!(
                f,
                "a cluster has {MIN_NODES} to {MAX_NODES} nodes, not {n}"
            ),
            ScenarioError::ByzantineOutside { node, nodes } => write!(
                f,
                "{node} cannot be Byzantine: the cluster has only {nodes} nodes"
            ),
            ScenarioError::ByzantineSyntax(why) => write!(f, "Byzantine nodes: {why}"),
            ScenarioError::LatencySyntax(text) => write!(
                f,
                "'{text}' is not a latency range: expected MIN..MAX in milliseconds, for example 200..600"
            ),
            ScenarioError::LatencyRange(latency) => write!(
                f,
                "latency {latency} is not allowed: it needs 1 <= MIN <= MAX <= {MAX_LATENCY_MS} ms"
            ),
            ScenarioError::StartedAt(ms) => write!(
                f,
                "start time {ms} ms since 1970 is outside the years 1970 to 9999"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    #[test]
    fn default_is_the_original_demo() {
        let scenario = Scenario::default();
        assert_eq!(scenario.validate(), Ok(()));
        assert_eq!(
            scenario.role(node(4)),
            Role::Byzantine(Strategy::Equivocate)
        );
        assert_eq!(scenario.role(node(1)), Role::Honest);
        assert_eq!((scenario.fault_tolerance(), scenario.quorum()), (1, 3));
        assert!(!scenario.bound_broken());
        let seven = Scenario {
            nodes: 7,
            ..Scenario::default()
        };
        assert_eq!((seven.fault_tolerance(), seven.quorum()), (2, 5));
        let two_of_four = Scenario {
            byzantine: parse_byzantine("node3,node4", Strategy::Silent).unwrap(),
            ..Scenario::default()
        };
        assert!(two_of_four.bound_broken());
    }

    #[test]
    fn refuses_impossible_scenarios() {
        let bad = |change: fn(&mut Scenario)| {
            let mut scenario = Scenario::default();
            change(&mut scenario);
            scenario.validate().unwrap_err()
        };
        assert_eq!(bad(|s| s.nodes = 2), ScenarioError::Nodes(2));
        assert_eq!(bad(|s| s.nodes = 65), ScenarioError::Nodes(65));
        assert!(matches!(
            bad(|s| s.nodes = 3),
            ScenarioError::ByzantineOutside { .. }
        ));
        assert!(matches!(
            bad(|s| s.latency = Latency {
                min_ms: 700,
                max_ms: 600
            }),
            ScenarioError::LatencyRange(_)
        ));
        assert!(matches!(
            bad(|s| s.started_at_ms = -1),
            ScenarioError::StartedAt(_)
        ));
        assert!(matches!(
            bad(|s| s.started_at_ms = 253_402_300_799_999),
            ScenarioError::StartedAt(_)
        ));
        assert_eq!(
            ScenarioError::Nodes(2).to_string(),
            "a cluster has 3 to 64 nodes, not 2"
        );
    }

    #[test]
    fn parses_latency() {
        assert_eq!(
            "10..20".parse(),
            Ok(Latency {
                min_ms: 10,
                max_ms: 20
            })
        );
        assert!("5..5".parse::<Latency>().is_ok());
        assert!(
            "1..60000".parse::<Latency>().is_ok(),
            "the longest latency allowed"
        );
        for bad in ["", "10", "20..10", "0..5", "a..b", "1..70000", "-1..5"] {
            assert!(bad.parse::<Latency>().is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_byzantine_lists() {
        assert!(parse_byzantine("none", Strategy::Forge).unwrap().is_empty());
        assert_eq!(
            parse_byzantine("node4,node5", Strategy::Forge).unwrap(),
            BTreeMap::from([(node(4), Strategy::Forge), (node(5), Strategy::Forge)])
        );
        assert_eq!(
            parse_byzantine("node3:silent,node4", Strategy::Equivocate).unwrap(),
            BTreeMap::from([(node(3), Strategy::Silent), (node(4), Strategy::Equivocate)])
        );
        for bad in ["node4,node4", "nodeX", "node3:evil", "node4,", "", " "] {
            assert!(parse_byzantine(bad, Strategy::Equivocate).is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let scenario = Scenario::default();
        let json = serde_json::to_string(&scenario).unwrap();
        assert!(
            json.contains(r#""byzantine":{"node4":"equivocate"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Scenario>(&json).unwrap(), scenario);
    }
}
