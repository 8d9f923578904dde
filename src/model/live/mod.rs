//! Watching a real cluster: what the page recorded of each node's
//! `/events` stream, and the core [`Trace`](byzscope_core::Trace) built
//! from it, so the ring, the space-time diagram and the run export draw a
//! real run as they draw a simulated one.
//!
//! A message's arrival is known only when it happens, so the page shows
//! the cluster [`LAG_MS`] behind: by then most messages sent have arrived,
//! and a dot travels from its real send to its real arrival.

use byzscope_core::Millis;

mod events;
mod motion;
mod recording;
mod trace;

pub use events::{parse_event, Detected, Group, Happened, Hello, Kept, StreamEvent};
pub use motion::{dots, standings, Dot, Standing};
pub use recording::{Link, Recording, Taken, Watched};

/// How far behind the cluster the live view runs, in milliseconds.
pub const LAG_MS: f64 = 1_000.0;

/// The space-time diagram's spans in live mode, in ms: on one machine a
/// round takes tens of milliseconds, so shorter windows than a simulated
/// run's.
pub const LIVE_SPANS: [Millis; 5] = [100, 250, 1_000, 2_500, 10_000];
/// The span the live diagram starts with.
pub const LIVE_DEFAULT_SPAN: Millis = 250;

/// How long after its last event the view keeps drawing frames: the lag,
/// plus the 2 s a send may take before it fails.
pub const SETTLE_MS: f64 = LAG_MS + 2_500.0;

/// The first wait before reconnecting to a node that stopped answering;
/// each failure doubles it, up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: u32 = 500;
/// The longest wait between reconnections.
pub const MAX_BACKOFF_MS: u32 = 8_000;

/// The wait before reconnection attempt `failures` (1 for the first).
pub fn backoff_ms(failures: u32) -> u32 {
    FIRST_BACKOFF_MS
        .saturating_mul(1 << failures.saturating_sub(1).min(5))
        .min(MAX_BACKOFF_MS)
}

#[cfg(test)]
mod tests;
