//! The command line: `cluster` or `node`, with the simulator's settings as
//! flags. Every mistake is one line naming it (the binary exits with 2).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use byzscope_core::scenario::parse_byzantine;
use byzscope_core::{Mode, NodeId, Strategy};
use lexopt::prelude::*;

use crate::config::{
    default_port, peer_host, peer_url, ClusterSettings, NodeConfig, DEFAULT_BASE_PORT,
};

/// The usage text of `--help`.
pub const USAGE: &str = "\
byzscope-node: ByzScope's real nodes, speaking the original demo's HTTP API.

Usage:
  byzscope-node cluster [FLAGS]             node1..nodeN on 127.0.0.1, one process
  byzscope-node node <nodeK> [PORT] [FLAGS] one node (PORT: base port + K - 1)

Flags (both commands):
  --nodes N           cluster size, 3 to 64 (default 4)
  --strategy S        equivocate | silent | forge: what a Byzantine node does
                      (default equivocate)
  --signed            sign statements (Ed25519 keys derived from --seed);
                      default oral, as in the original demo
  --seed N            the seed of the keys (default 1); every node of a
                      cluster needs the same one
  --base-port P       node1's port; nodeK listens on P + K - 1 (default 8001)
  --host ADDR         the address to listen on (default 127.0.0.1; 0.0.0.0
                      opens the ports to the network: read node/README.md)
  --listen ADDR       the same as --host
  -h, --help          this text

Flags of `cluster`:
  --byzantine LIST    the Byzantine nodes: node4 (default), node4,node7,
                      node3:silent,node4 (a strategy each), or none

Flags of `node`:
  --byzantine         this node is Byzantine (follows --strategy)
  --peer nodeJ=URL    where nodeJ listens, e.g. --peer node2=http://10.0.0.2:8002
                      (repeatable; without it nodeJ is looked for on this
                      host at base port + J - 1)

Examples:
  byzscope-node cluster
  byzscope-node node node1 8001
  byzscope-node node node4 8004 --byzantine
  curl -X POST \"http://127.0.0.1:8001/propose?value=test123\"
";

/// A refused command line, as one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

impl From<lexopt::Error> for CliError {
    fn from(error: lexopt::Error) -> Self {
        CliError(error.to_string())
    }
}

/// One node to start: its configuration and where it listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePlan {
    /// The node.
    pub config: NodeConfig,
    /// The address it binds.
    pub listen: SocketAddr,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the usage text.
    Help,
    /// Run these nodes in one process (`cluster`), or the one node (`node`).
    Run(Vec<NodePlan>),
}

/// The flags both commands share, with their defaults.
struct Common {
    nodes: u16,
    strategy: Option<Strategy>,
    mode: Mode,
    seed: u64,
    base_port: u16,
    host: IpAddr,
}

/// Reads the command line (without the program name).
pub fn parse<I>(args: I) -> Result<Command, CliError>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let args =
        std::iter::once(OsString::from("byzscope-node")).chain(args.into_iter().map(Into::into));
    let mut parser = lexopt::Parser::from_iter(args);
    let command = match parser.next()? {
        None => {
            return Err(CliError(
                "give a command: cluster or node (see --help)".to_owned(),
            ))
        }
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Value(command)) => command.string()?,
        Some(other) => return Err(other.unexpected().into()),
    };
    match command.as_str() {
        "cluster" => cluster(&mut parser),
        "node" => node(&mut parser),
        "help" => Ok(Command::Help),
        other => Err(CliError(format!(
            "unknown command '{other}': expected cluster or node (see --help)"
        ))),
    }
}

/// An argument that no longer borrows the parser, so a flag's value can be
/// read while matching on it.
enum Flag {
    Long(String),
    Short(char),
    Value(OsString),
}

impl Flag {
    fn of(arg: lexopt::Arg<'_>) -> Flag {
        match arg {
            Long(name) => Flag::Long(name.to_owned()),
            Short(letter) => Flag::Short(letter),
            Value(value) => Flag::Value(value),
        }
    }

    fn unexpected(&self) -> CliError {
        CliError(match self {
            Flag::Long(name) => format!("unknown flag --{name} (see --help)"),
            Flag::Short(letter) => format!("unknown flag -{letter} (see --help)"),
            Flag::Value(value) => format!(
                "unexpected argument '{}' (see --help)",
                value.to_string_lossy()
            ),
        })
    }
}

/// Reads one of the flags both commands share; `false` if `flag` is not one.
fn common(parser: &mut lexopt::Parser, flag: &Flag, flags: &mut Common) -> Result<bool, CliError> {
    let Flag::Long(name) = flag else {
        return Ok(false);
    };
    match name.as_str() {
        "nodes" => flags.nodes = number(parser, "--nodes")?,
        "strategy" => {
            let text = parser.value()?.string()?;
            flags.strategy = Some(
                text.parse()
                    .map_err(|e| CliError(format!("--strategy: {e}")))?,
            );
        }
        "signed" => flags.mode = Mode::Signed,
        "seed" => flags.seed = number(parser, "--seed")?,
        "base-port" => flags.base_port = number(parser, "--base-port")?,
        "host" | "listen" => {
            let text = parser.value()?.string()?;
            flags.host = text.parse().map_err(|_| {
                CliError(format!(
                    "--host: '{text}' is not an IP address, such as 127.0.0.1 or 0.0.0.0"
                ))
            })?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn number<T: std::str::FromStr>(parser: &mut lexopt::Parser, flag: &str) -> Result<T, CliError> {
    let text = parser.value()?.string()?;
    text.parse()
        .map_err(|_| CliError(format!("{flag}: '{text}' is not a number in range")))
}

fn defaults() -> Common {
    let settings = ClusterSettings::default();
    Common {
        nodes: settings.nodes,
        strategy: None,
        mode: settings.mode,
        seed: settings.seed,
        base_port: DEFAULT_BASE_PORT,
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
    }
}

fn cluster(parser: &mut lexopt::Parser) -> Result<Command, CliError> {
    let mut flags = defaults();
    let mut byzantine_text: Option<String> = None;
    while let Some(arg) = parser.next()? {
        let flag = Flag::of(arg);
        if common(parser, &flag, &mut flags)? {
            continue;
        }
        match flag {
            Flag::Short('h') => return Ok(Command::Help),
            Flag::Long(name) if name == "help" => return Ok(Command::Help),
            Flag::Long(name) if name == "byzantine" => {
                byzantine_text = Some(parser.value()?.string()?)
            }
            Flag::Long(name) if name == "peer" => {
                return Err(CliError(
                    "--peer is for the node command: a cluster's nodes all run here".to_owned(),
                ))
            }
            other => return Err(other.unexpected()),
        }
    }
    let strategy = flags.strategy.unwrap_or_default();
    let byzantine = parse_byzantine(byzantine_text.as_deref().unwrap_or("node4"), strategy)
        .map_err(|e| CliError(format!("--byzantine: {e}")))?;
    let settings = ClusterSettings {
        nodes: flags.nodes,
        byzantine,
        strategy,
        mode: flags.mode,
        seed: flags.seed,
    };
    let plans = NodeId::all(settings.nodes)
        .map(|id| plan(id, None, &settings, &flags, BTreeMap::new()))
        .collect::<Result<Vec<_>, _>>()?;
    if plans.is_empty() {
        // Only a cluster size the settings refuse gives no node: say why.
        settings.validate().map_err(|e| CliError(e.to_string()))?;
    }
    Ok(Command::Run(plans))
}

fn node(parser: &mut lexopt::Parser) -> Result<Command, CliError> {
    let mut flags = defaults();
    let mut byzantine = false;
    let mut id: Option<NodeId> = None;
    let mut port: Option<u16> = None;
    let mut peers: BTreeMap<NodeId, String> = BTreeMap::new();
    while let Some(arg) = parser.next()? {
        let flag = Flag::of(arg);
        if common(parser, &flag, &mut flags)? {
            continue;
        }
        match flag {
            Flag::Short('h') => return Ok(Command::Help),
            Flag::Long(name) if name == "help" => return Ok(Command::Help),
            Flag::Long(name) if name == "byzantine" => byzantine = true,
            Flag::Long(name) if name == "peer" => {
                let (peer, url) = peer(&parser.value()?.string()?)?;
                if peers.insert(peer, url).is_some() {
                    return Err(CliError(format!("--peer {peer} is given twice")));
                }
            }
            Flag::Value(value) if id.is_none() => {
                let text = value.string()?;
                id = Some(text.parse().map_err(|e| CliError(format!("{e}")))?);
            }
            Flag::Value(value) if port.is_none() => {
                let text = value.string()?;
                port = Some(text.parse().map_err(|_| {
                    CliError(format!("'{text}' is not a port number (1 to 65535)"))
                })?);
            }
            other => return Err(other.unexpected()),
        }
    }
    let id =
        id.ok_or_else(|| CliError("node needs a node id, such as: node node1 8001".to_owned()))?;
    if flags.strategy.is_some() && !byzantine {
        return Err(CliError(
            "--strategy needs --byzantine: an honest node follows the protocol".to_owned(),
        ));
    }
    let strategy = flags.strategy.unwrap_or_default();
    let settings = ClusterSettings {
        nodes: flags.nodes,
        byzantine: if byzantine {
            BTreeMap::from([(id, strategy)])
        } else {
            BTreeMap::new()
        },
        strategy,
        mode: flags.mode,
        seed: flags.seed,
    };
    Ok(Command::Run(vec![plan(
        id, port, &settings, &flags, peers,
    )?]))
}

/// `nodeJ=http://host:port`.
fn peer(text: &str) -> Result<(NodeId, String), CliError> {
    let (node, url) = text
        .split_once('=')
        .ok_or_else(|| CliError(format!("--peer '{text}': expected nodeJ=http://host:port")))?;
    let node: NodeId = node.parse().map_err(|e| CliError(format!("--peer: {e}")))?;
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        CliError(format!(
            "--peer {node}: '{url}' must start with http:// (the nodes speak plain HTTP)"
        ))
    })?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(CliError(format!("--peer {node}: '{url}' names no host")));
    }
    Ok((node, url.to_owned()))
}

/// Builds one node's plan: its port, its peers (given, or at base port +
/// J − 1 on this host), and its configuration, checked.
fn plan(
    id: NodeId,
    port: Option<u16>,
    settings: &ClusterSettings,
    flags: &Common,
    mut peers: BTreeMap<NodeId, String>,
) -> Result<NodePlan, CliError> {
    let error = |e: crate::config::ConfigError| CliError(e.to_string());
    let port = match port {
        Some(port) => port,
        None => default_port(id, flags.base_port).map_err(error)?,
    };
    for peer in NodeId::all(settings.nodes).filter(|peer| *peer != id) {
        if let std::collections::btree_map::Entry::Vacant(entry) = peers.entry(peer) {
            let port = default_port(peer, flags.base_port).map_err(error)?;
            entry.insert(peer_url(peer_host(flags.host), port));
        }
    }
    let config = NodeConfig::new(id, settings.clone(), peers).map_err(error)?;
    Ok(NodePlan {
        config,
        listen: SocketAddr::new(flags.host, port),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Vec<NodePlan>, CliError> {
        match parse(args.iter().copied())? {
            Command::Run(plans) => Ok(plans),
            Command::Help => Err(CliError("help".to_owned())),
        }
    }

    #[test]
    fn cluster_is_the_original_demo() {
        let plans = run(&["cluster"]).unwrap();
        let ports: Vec<u16> = plans.iter().map(|p| p.listen.port()).collect();
        assert_eq!(ports, [8001, 8002, 8003, 8004]);
        assert!(plans.iter().all(|p| p.listen.ip().is_loopback()));
        let byzantine: Vec<bool> = plans
            .iter()
            .map(|p| p.config.role().is_byzantine())
            .collect();
        assert_eq!(byzantine, [false, false, false, true]);
        assert_eq!(
            plans[0].config.peers[&NodeId::new(4).unwrap()],
            "http://127.0.0.1:8004"
        );
    }

    #[test]
    fn node_commands_find_each_other() {
        let plan = &run(&["node", "node4", "8004", "--byzantine"]).unwrap()[0];
        assert!(plan.config.role().is_byzantine());
        assert_eq!(plan.listen.port(), 8004);
        assert_eq!(
            plan.config.peers[&NodeId::new(1).unwrap()],
            "http://127.0.0.1:8001"
        );
        let plan = &run(&[
            "node",
            "node2",
            "--base-port=9001",
            "--peer",
            "node1=http://10.0.0.1:8001",
        ])
        .unwrap()[0];
        assert_eq!(plan.listen.port(), 9002);
        assert_eq!(
            plan.config.peers[&NodeId::new(1).unwrap()],
            "http://10.0.0.1:8001"
        );
        assert_eq!(
            plan.config.peers[&NodeId::new(3).unwrap()],
            "http://127.0.0.1:9003"
        );
    }

    #[test]
    fn mistakes_are_one_line() {
        for bad in [
            &["node"][..],
            &["nodes"],
            &["cluster", "--nodes", "2"],
            &["cluster", "--nodes", "x"],
            &["cluster", "--byzantine", "node9"],
            &["cluster", "--strategy", "evil"],
            &["cluster", "--peer", "node2=http://a:1"],
            &["cluster", "--bogus"],
            &["node", "node5"],
            &["node", "node1", "99999"],
            &["node", "node1", "--strategy", "forge"],
            &["node", "node1", "--peer", "node2=https://a:1"],
            &["node", "node1", "--peer", "node1=http://a:1"],
            &["node", "node1", "--host", "localhost"],
            &["cluster", "--base-port", "65534"],
        ] {
            let error = run(bad).unwrap_err();
            assert!(
                !error.0.contains('\n') && error.0 != "help",
                "{bad:?}: {error}"
            );
        }
        assert_eq!(parse(["--help"]), Ok(Command::Help));
        assert_eq!(parse(["node", "-h"]), Ok(Command::Help));
    }
}
