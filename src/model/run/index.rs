//! Where the head's trace records detections and splits, kept as the run
//! grows: what the page lists at every frame and every scrub is found
//! without reading the whole trace again.

use byzscope_core::{Outcome, Trace};

/// Events of note in the head's trace, in order.
#[derive(Clone, Debug, Default)]
pub(super) struct EventIndex {
    /// Events that record a detection.
    pub(super) detections: Vec<usize>,
    /// Events that record a Byzantine split.
    pub(super) splits: Vec<usize>,
    /// Events read so far.
    read: usize,
}

impl EventIndex {
    /// Reads the events added to `trace` since the last call.
    pub(super) fn catch_up(&mut self, trace: &Trace) {
        for event in &trace.events[self.read.min(trace.events.len())..] {
            for noted in &event.effects {
                let list = match noted {
                    Outcome::Detected(_) => &mut self.detections,
                    Outcome::Equivocated(_) => &mut self.splits,
                    _ => continue,
                };
                if list.last() != Some(&event.index) {
                    list.push(event.index);
                }
            }
        }
        self.read = trace.events.len();
    }

    /// Forgets what a fork discarded: every event from `events` on.
    pub(super) fn truncate(&mut self, events: usize) {
        self.detections.retain(|event| *event < events);
        self.splits.retain(|event| *event < events);
        self.read = self.read.min(events);
    }

    /// The entries of `list` among the first `events` events.
    pub(super) fn before(list: &[usize], events: usize) -> &[usize] {
        &list[..list.partition_point(|event| *event < events)]
    }
}
