//! Runs one proposal to quiet and prints every node's `/status` and
//! `/detections` documents as one JSON document.
//!
//! ```text
//! cargo run -p byzscope-core --example simulate -- [--nodes N] [--byzantine node4[,nodeK…]|none]
//!     [--strategy equivocate|silent|forge] [--signed] [--proposer nodeK] [--value V]
//!     [--seed S] [--latency MIN..MAX]
//! ```

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use byzscope_core::scenario::parse_byzantine;
use byzscope_core::{DetectionsDocument, StatusDocument};
use byzscope_core::{Latency, Mode, NodeId, Scenario, Simulation, Strategy};
use serde::Serialize;

const USAGE: &str = "usage: simulate [--nodes N] [--byzantine node4[,nodeK...]|none] \
[--strategy equivocate|silent|forge] [--signed] [--proposer nodeK] [--value V] \
[--seed S] [--latency MIN..MAX]";

struct Args {
    nodes: u16,
    byzantine: String,
    strategy: Strategy,
    signed: bool,
    proposer: NodeId,
    value: String,
    seed: u64,
    latency: Latency,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut args = Args {
        nodes: 4,
        byzantine: "node4".into(),
        strategy: Strategy::Equivocate,
        signed: false,
        proposer: NodeId::new(1).expect("node1"),
        value: "test123".into(),
        seed: 1,
        latency: Latency::default(),
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        let flag = match arg {
            Long(name) => format!("--{name}"),
            Short('h') => "--help".to_owned(),
            other => return Err(other.unexpected().to_string()),
        };
        let mut text = || -> Result<String, String> {
            parser
                .value()
                .map_err(|e| e.to_string())?
                .into_string()
                .map_err(|_| format!("{flag}: the value is not valid UTF-8"))
        };
        match flag.as_str() {
            "--nodes" => {
                let value = text()?;
                args.nodes = value
                    .parse()
                    .map_err(|_| format!("--nodes: '{value}' is not a whole number"))?;
            }
            "--byzantine" => args.byzantine = text()?,
            "--strategy" => {
                args.strategy = text()?.parse().map_err(|e| format!("--strategy: {e}"))?
            }
            "--signed" => args.signed = true,
            "--proposer" => {
                args.proposer = text()?.parse().map_err(|e| format!("--proposer: {e}"))?
            }
            "--value" => args.value = text()?,
            "--seed" => {
                let value = text()?;
                args.seed = value.parse().map_err(|_| {
                    format!("--seed: '{value}' is not a whole number from 0 to 2^64 - 1")
                })?;
            }
            "--latency" => args.latency = text()?.parse().map_err(|e| format!("--latency: {e}"))?,
            "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

/// The printed document. A struct, not a `serde_json::Value`, so fields keep
/// the protocol's order.
#[derive(Serialize)]
struct Output {
    status: Vec<StatusDocument>,
    detections: Vec<DetectionsDocument>,
}

fn run(args: Args) -> Result<Output, String> {
    let started_at_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64);
    let scenario = Scenario {
        nodes: args.nodes,
        byzantine: parse_byzantine(&args.byzantine, args.strategy)
            .map_err(|e| format!("--byzantine: {e}"))?,
        mode: if args.signed {
            Mode::Signed
        } else {
            Mode::Oral
        },
        latency: args.latency,
        seed: args.seed,
        started_at_ms,
    };
    let mut sim = Simulation::new(scenario).map_err(|e| e.to_string())?;
    sim.propose(args.proposer, &args.value)
        .map_err(|e| format!("cannot propose: {e}"))?;
    sim.run_until_quiet();
    let ids: Vec<NodeId> = sim.scenario().node_ids().collect();
    Ok(Output {
        status: ids.iter().filter_map(|id| sim.status(*id)).collect(),
        detections: ids.iter().filter_map(|id| sim.detections(*id)).collect(),
    })
}

fn main() -> ExitCode {
    match parse_args().and_then(run) {
        Ok(document) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&document).expect("documents serialise")
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("simulate: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
