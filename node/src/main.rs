//! `byzscope-node cluster` and `byzscope-node node <nodeK> [PORT]`: see
//! `--help` and `node/README.md`.

use std::process::ExitCode;

use byzscope_node::cli::{self, Command, USAGE};
use byzscope_node::cluster;

fn main() -> ExitCode {
    let plans = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(plans)) => plans,
        Err(error) => {
            eprintln!("byzscope-node: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("byzscope-node: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let bound = match cluster::bind_all(plans).await {
            Ok(bound) => bound,
            Err(error) => {
                eprintln!("byzscope-node: {error}");
                return ExitCode::FAILURE;
            }
        };
        match cluster::run(bound).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("byzscope-node: {error}");
                ExitCode::FAILURE
            }
        }
    })
}
