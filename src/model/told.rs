//! What of a run has been told already, so that the event log's console
//! mirror, the screen reader's announcements and the scripting API's events
//! each tell every event once: a new run is told from its start, looking
//! back at the past tells nothing (it was told when it happened), and a
//! fork tells only what happens after it.

use crate::model::run::Run;

/// How far a run's head has been told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Told {
    run_id: u64,
    branch: u64,
    events: usize,
}

impl Default for Told {
    /// Nothing told yet, of any run.
    fn default() -> Self {
        Told {
            run_id: u64::MAX,
            branch: u64::MAX,
            events: 0,
        }
    }
}

impl Told {
    /// The first of `run`'s head events not told yet (the rest up to the
    /// head's end are new), marking them all told; `None` while the viewer
    /// looks back.
    pub fn untold(&mut self, run: &Run) -> Option<usize> {
        if run.in_past() {
            return None;
        }
        let from = if self.run_id != run.run_id() {
            0
        } else if self.branch != run.branch() {
            self.events.min(run.forked_at())
        } else {
            self.events
        };
        *self = Told {
            run_id: run.run_id(),
            branch: run.branch(),
            events: run.head_trace().events.len(),
        };
        Some(from)
    }
}

#[cfg(test)]
mod tests {
    use byzscope_core::{NodeId, Scenario};

    use super::*;

    #[test]
    fn each_event_is_told_once_and_a_fork_only_from_where_it_forked() {
        let mut run = Run::new(Scenario::default()).unwrap();
        let mut told = Told::default();
        assert_eq!(told.untold(&run), Some(0));
        run.propose(NodeId::new(1).unwrap(), "test123").unwrap();
        assert_eq!(told.untold(&run), Some(0), "the proposal is new");
        run.run_until_quiet();
        let events = run.head_trace().events.len();
        assert_eq!(told.untold(&run), Some(1));
        assert_eq!(told.untold(&run), Some(events), "nothing new");
        assert!(run.seek(300.0));
        assert_eq!(told.untold(&run), None, "the past was told");
        run.propose(NodeId::new(2).unwrap(), "again").unwrap();
        assert_eq!(told.untold(&run), Some(run.forked_at()));
        // A new run starts over.
        let fresh = Run::new(Scenario::default()).unwrap();
        assert_eq!(told.untold(&fresh), Some(0));
    }
}
