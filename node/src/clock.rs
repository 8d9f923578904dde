//! Real time for the core: the core counts milliseconds from zero (its
//! `Millis`), so a node's clock starts at zero when the node starts and
//! remembers the wall-clock instant that zero stands for.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use byzscope_core::Millis;

/// A node's clock: monotonic milliseconds since the node started, and the
/// Unix time of that start, so `detected_at` and the events' `at_ms` are
/// wall-clock UTC and never run backwards.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    start: Instant,
    /// In microseconds, so that two nodes' event times agree to well under
    /// a millisecond (whole milliseconds at the start would each be up to
    /// one off, and a message could seem to arrive before it was sent).
    started_at_us: i64,
}

impl Clock {
    /// A clock starting now.
    pub fn start() -> Clock {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        Clock {
            start: Instant::now(),
            started_at_us: i64::try_from(since_epoch.as_micros()).unwrap_or(i64::MAX),
        }
    }

    /// Milliseconds since the node started: the `now` the core is given.
    pub fn now(&self) -> Millis {
        Millis::try_from(self.start.elapsed().as_millis()).unwrap_or(Millis::MAX)
    }

    /// Unix milliseconds of the node's start.
    pub fn started_at_ms(&self) -> i64 {
        self.started_at_us / 1_000
    }

    /// Unix milliseconds now.
    pub fn wall_now(&self) -> i64 {
        let elapsed = i64::try_from(self.start.elapsed().as_micros()).unwrap_or(i64::MAX);
        self.started_at_us.saturating_add(elapsed) / 1_000
    }

    /// The tokio instant of the core instant `at`, for a timer.
    pub fn deadline(&self, at: Millis) -> tokio::time::Instant {
        tokio::time::Instant::from_std(self.start + Duration::from_millis(at))
    }
}
