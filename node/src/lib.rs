//! # byzscope-node
//!
//! ByzScope's real nodes: the sans-IO core (`byzscope-core`) driven with
//! real sockets and real time, speaking the original demo's HTTP API
//! (`POST /propose`, `POST /receive_message`, `GET /status`,
//! `GET /detections`) plus `GET /events`, the node's events as Server-Sent
//! Events for the page.
//!
//! The simulator drives a core `Node` with virtual time; this crate is the
//! second driver ([`driver`](crate::driver)), and neither changes the core.
//! [`serve`] runs one node on a listener you bound, so tests run whole
//! clusters in one process on port 0; the binary (`main.rs`) parses flags
//! ([`cli`]) and runs one node or a [`cluster`].
#![warn(missing_docs)]

pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod console;
mod driver;
pub mod events;
pub mod refusal;
mod routes;
mod sse;
pub mod transport;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use byzscope_core::NodeId;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{ClusterSettings, ConfigError, NodeConfig};
pub use driver::Stats;

use clock::Clock;
use driver::Driver;
use events::EventLog;
use routes::AppState;
use transport::Transport;

/// Runs `config`'s node on `listener` until `shutdown` completes, then
/// stops: open event streams end, pending sends are dropped.
pub async fn serve(
    config: NodeConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with_stats(config, listener, shutdown, Arc::default()).await
}

async fn serve_with_stats(
    config: NodeConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    stats: Arc<Stats>,
) -> io::Result<()> {
    let transport = Transport::new().map_err(io::Error::other)?;
    let clock = Clock::start();
    let config = Arc::new(config);
    let events = Arc::new(EventLog::new(config.id, clock));
    let (stop_tx, stop) = watch::channel(false);
    let (driver, handle) = Driver::new(config.clone(), clock, events.clone(), stats, transport);
    let driver = tokio::spawn(driver.run(stop.clone()));
    let state = AppState {
        config,
        driver: handle,
        events,
        clock,
        boot: boot_id(clock).into(),
        stop,
    };
    let served = axum::serve(listener, routes::router(state))
        .with_graceful_shutdown(async move {
            shutdown.await;
            // Event streams never end by themselves: tell them to, or the
            // graceful shutdown would wait for them forever.
            stop_tx.send_replace(true);
        })
        .await;
    let _ = driver.await;
    served
}

/// A name for this life of a node: its start time, the process and a
/// counter, so two lives never share one even within a millisecond.
fn boot_id(clock: Clock) -> String {
    static LIVES: AtomicU64 = AtomicU64::new(0);
    let life = LIVES.fetch_add(1, Ordering::Relaxed);
    format!("{}-{}-{life}", clock.started_at_ms(), std::process::id())
}

/// A node running in this process, started with [`start`].
pub struct RunningNode {
    /// The node.
    pub id: NodeId,
    /// Where it listens.
    pub addr: SocketAddr,
    stats: Arc<Stats>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl RunningNode {
    /// `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Its counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Stops the node and waits until it has.
    pub async fn stop(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(result) => result,
            Err(error) => Err(io::Error::other(error)),
        }
    }
}

/// Starts `config`'s node on `listener` in a task of its own.
pub fn start(config: NodeConfig, listener: TcpListener) -> io::Result<RunningNode> {
    let addr = listener.local_addr()?;
    let id = config.id;
    let stats = Arc::<Stats>::default();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve_with_stats(
        config,
        listener,
        async move {
            let _ = stopped.await;
        },
        stats.clone(),
    ));
    Ok(RunningNode {
        id,
        addr,
        stats,
        stop: Some(stop),
        task,
    })
}
