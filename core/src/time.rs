//! Simulated time. The core never reads a clock: its drivers pass the time
//! in, so one type names it everywhere.

/// Simulated time, in milliseconds since the scenario started.
pub type Millis = u64;
