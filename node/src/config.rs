//! What one node is told when it starts: who it is, the cluster's shape, its
//! role, oral or signed, and where its peers listen.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use byzscope_core::signing::{derive_key, Directory};
use byzscope_core::{Mode, Node, NodeId, Role, Scenario, ScenarioError, Strategy};

/// The port node1 listens on unless told otherwise, as in the original demo.
pub const DEFAULT_BASE_PORT: u16 = 8001;

/// The settings every node of one cluster shares: the simulator's scenario
/// settings, less what real time and real sockets replace (latency, start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSettings {
    /// Cluster size N.
    pub nodes: u16,
    /// The Byzantine nodes this node was told of, with their strategies: the
    /// whole set for `cluster`, only the node itself for `node --byzantine`.
    pub byzantine: BTreeMap<NodeId, Strategy>,
    /// The strategy a Byzantine node follows unless its entry says another.
    pub strategy: Strategy,
    /// Oral or signed messages.
    pub mode: Mode,
    /// The seed the signing keys are derived from (signed mode).
    pub seed: u64,
}

impl Default for ClusterSettings {
    /// The original demo: four nodes, node4 equivocating, oral messages.
    fn default() -> Self {
        let scenario = Scenario::default();
        ClusterSettings {
            nodes: scenario.nodes,
            byzantine: scenario.byzantine,
            strategy: Strategy::Equivocate,
            mode: scenario.mode,
            seed: scenario.seed,
        }
    }
}

impl ClusterSettings {
    /// Checks the settings with the core's own scenario rules.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        Scenario {
            nodes: self.nodes,
            byzantine: self.byzantine.clone(),
            mode: self.mode,
            seed: self.seed,
            ..Scenario::default()
        }
        .validate()
    }
}

/// Everything one node needs to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeConfig {
    /// This node.
    pub id: NodeId,
    /// The cluster it belongs to.
    pub cluster: ClusterSettings,
    /// The base URL of every peer (`http://host:port`, no trailing slash).
    pub peers: BTreeMap<NodeId, String>,
    /// Whether the node prints its log lines on stdout.
    pub console: bool,
}

/// Why a node cannot be configured as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The scenario settings break a core rule.
    Scenario(ScenarioError),
    /// The node is not in the cluster.
    NotInCluster {
        /// The node.
        node: NodeId,
        /// The cluster size.
        nodes: u16,
    },
    /// A peer is named that is not another node of the cluster.
    BadPeer(NodeId),
    /// base port + K − 1 does not fit a port number.
    PortOverflow {
        /// The node whose port it would be.
        node: NodeId,
        /// The base port.
        base_port: u16,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Scenario(error) => write!(f, "{error}"),
            ConfigError::NotInCluster { node, nodes } => {
                write!(f, "{node} is not in a cluster of {nodes} nodes")
            }
            ConfigError::BadPeer(node) => {
                write!(f, "--peer {node}: not another node of this cluster")
            }
            ConfigError::PortOverflow { node, base_port } => write!(
                f,
                "{node} would listen on port {base_port} + {}, past 65535: choose a lower --base-port",
                node.number() - 1
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The port `node` listens on by default: base port + K − 1.
pub fn default_port(node: NodeId, base_port: u16) -> Result<u16, ConfigError> {
    base_port
        .checked_add(node.number() - 1)
        .ok_or(ConfigError::PortOverflow { node, base_port })
}

/// Where peers are looked for by default: the host a node listens on, or
/// loopback when it listens on every interface (an address one cannot send to).
pub fn peer_host(listen: IpAddr) -> IpAddr {
    if listen.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        listen
    }
}

/// `http://host:port` for a peer, with IPv6 hosts in brackets.
pub fn peer_url(host: IpAddr, port: u16) -> String {
    format!("http://{}", SocketAddr::new(host, port))
}

impl NodeConfig {
    /// A node of `cluster` whose peers listen at `peers` (one URL for every
    /// other node); checks the settings and that the node and its peers are
    /// in the cluster.
    pub fn new(
        id: NodeId,
        cluster: ClusterSettings,
        peers: BTreeMap<NodeId, String>,
    ) -> Result<NodeConfig, ConfigError> {
        cluster.validate().map_err(ConfigError::Scenario)?;
        if id.number() > cluster.nodes {
            return Err(ConfigError::NotInCluster {
                node: id,
                nodes: cluster.nodes,
            });
        }
        if let Some(bad) = peers
            .keys()
            .find(|peer| **peer == id || peer.number() > cluster.nodes)
        {
            return Err(ConfigError::BadPeer(*bad));
        }
        let missing: Vec<NodeId> = NodeId::all(cluster.nodes)
            .filter(|peer| *peer != id && !peers.contains_key(peer))
            .collect();
        if let Some(peer) = missing.first() {
            return Err(ConfigError::BadPeer(*peer));
        }
        Ok(NodeConfig {
            id,
            cluster,
            peers: peers
                .into_iter()
                .map(|(peer, url)| (peer, url.trim_end_matches('/').to_owned()))
                .collect(),
            console: true,
        })
    }

    /// The node's role in its cluster.
    pub fn role(&self) -> Role {
        self.cluster
            .byzantine
            .get(&self.id)
            .map_or(Role::Honest, |strategy| Role::Byzantine(*strategy))
    }

    /// The core's state machine for this node, with its key and the
    /// cluster's public keys in signed mode (all derived from the seed, as
    /// the simulator derives them, so simulated and real runs agree).
    pub fn core_node(&self) -> Node {
        let signing = (self.cluster.mode == Mode::Signed).then(|| {
            let keys: Vec<_> = NodeId::all(self.cluster.nodes)
                .map(|node| derive_key(self.cluster.seed, node))
                .collect();
            let directory = Arc::new(Directory::of(&keys));
            (keys[self.id.index()].clone(), directory)
        });
        Node::new(self.id, self.cluster.nodes, self.role(), signing)
    }
}
