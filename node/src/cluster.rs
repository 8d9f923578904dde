//! Starting nodes from the command line: bind every listener first (so a
//! port in use stops everything before anything runs), then serve them all
//! until Ctrl-C or a termination signal.

use std::fmt;
use std::io;
use std::net::SocketAddr;

use byzscope_core::{Mode, NodeId};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::cli::NodePlan;
use crate::console::say;

/// A node that could not listen.
#[derive(Debug)]
pub struct BindError {
    /// The node.
    pub node: NodeId,
    /// The address it asked for.
    pub addr: SocketAddr,
    /// What the system said.
    pub source: io::Error,
}

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (node, addr, port) = (self.node, self.addr, self.addr.port());
        match self.source.kind() {
            io::ErrorKind::AddrInUse => write!(
                f,
                "port {port} is already in use: {node} cannot listen on {addr} (stop what holds it, or pick another --base-port)"
            ),
            _ => write!(f, "{node} cannot listen on {addr} (port {port}): {}", self.source),
        }
    }
}

impl std::error::Error for BindError {}

/// Binds every plan's address, in order.
pub async fn bind_all(plans: Vec<NodePlan>) -> Result<Vec<(NodePlan, TcpListener)>, BindError> {
    let mut bound = Vec::with_capacity(plans.len());
    for plan in plans {
        match TcpListener::bind(plan.listen).await {
            Ok(listener) => bound.push((plan, listener)),
            Err(source) => {
                return Err(BindError {
                    node: plan.config.id,
                    addr: plan.listen,
                    source,
                })
            }
        }
    }
    Ok(bound)
}

/// Serves every bound node until Ctrl-C (or SIGTERM), then stops them all.
pub async fn run(bound: Vec<(NodePlan, TcpListener)>) -> io::Result<()> {
    let (stop_tx, stop) = watch::channel(false);
    let mut nodes = tokio::task::JoinSet::new();
    for (plan, listener) in bound {
        let config = &plan.config;
        let role = match config.role().strategy() {
            Some(strategy) => format!(" (Byzantine: {strategy})"),
            None => String::new(),
        };
        let signed = config.cluster.mode == Mode::Signed;
        say(&format!(
            "{} listening on http://{}{role}, {} mode",
            config.id,
            plan.listen,
            if signed { "signed" } else { "oral" }
        ));
        if !plan.listen.ip().is_loopback() {
            say(&format!(
                "{}: beyond loopback, anyone who can reach port {} can post statements{}",
                config.id,
                plan.listen.port(),
                if signed {
                    " (forgeries are caught, see node/README.md)"
                } else {
                    " and frame honest nodes (oral mode; --signed catches forgeries)"
                }
            ));
        }
        let mut stop = stop.clone();
        nodes.spawn(crate::serve(plan.config, listener, async move {
            let _ = stop.wait_for(|stop| *stop).await;
        }));
    }
    say(&format!(
        "Ctrl-C stops {}.",
        if nodes.len() == 1 { "it" } else { "them all" }
    ));
    // A node that fails on its own (not by the signal) stops the rest too.
    let mut failure = None;
    tokio::select! {
        _ = termination() => {}
        Some(done) = nodes.join_next() => failure = Some(done),
    }
    stop_tx.send_replace(true);
    let mut result = match failure {
        Some(Ok(Err(error))) => Err(error),
        Some(Err(error)) => Err(io::Error::other(error)),
        _ => Ok(()),
    };
    while let Some(done) = nodes.join_next().await {
        if let (Ok(()), Ok(Err(error))) = (&result, done) {
            result = Err(error);
        }
    }
    say("Stopped.");
    result
}

/// Ctrl-C, or SIGTERM where there is one (`kill`, a service manager).
async fn termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
