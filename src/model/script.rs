//! A script of inputs: the proposals and network faults a page's address
//! plays, with or without the time each happens. "Once the run is quiet" is
//! turned into a millisecond here, by running the scenario, so that reading
//! and writing an address never has to.

use std::collections::VecDeque;

use byzscope_core::trace::Action;
use byzscope_core::{Millis, Scenario, Simulation};

/// An input as an address gives it: with a time, or untimed, meaning once
/// the run has gone quiet after the input before (at time 0 for the first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scripted {
    /// What to do.
    pub action: Action,
    /// When, if the address says.
    pub at: Option<Millis>,
}

/// A scripted input with its time fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timed {
    /// When, in simulated milliseconds.
    pub at: Millis,
    /// What to do.
    pub action: Action,
}

/// Fixes the time of every scripted input by running the scenario: an
/// untimed input happens when the run has gone quiet after the input
/// before. Inputs the core refuses (dropping a message that is not in
/// flight then, say) are left out.
pub fn fix_times(scenario: &Scenario, script: &[Scripted]) -> VecDeque<Timed> {
    let Ok(mut sim) = Simulation::new(scenario.clone()) else {
        return VecDeque::new();
    };
    let mut timed = VecDeque::new();
    for input in script {
        let at = match input.at {
            Some(at) => at.max(sim.now()),
            None => {
                sim.run_until_quiet();
                sim.now()
            }
        };
        sim.advance_to(at);
        if sim.apply(&input.action).is_ok() {
            timed.push_back(Timed {
                at: sim.now(),
                action: input.action.clone(),
            });
        }
    }
    timed
}

/// The inverse of [`fix_times`]: each input, given as its time and its
/// action, keeps its time only where "once the run is quiet" would not give
/// it, so an address stays short. Proposals alone go untimed; faults always
/// say when.
pub fn drop_quiet_times<'a>(
    scenario: &Scenario,
    inputs: impl IntoIterator<Item = (Millis, &'a Action)>,
) -> Vec<Scripted> {
    let Ok(mut sim) = Simulation::new(scenario.clone()) else {
        return Vec::new();
    };
    let mut script = Vec::new();
    for (at, action) in inputs {
        let quiet = matches!(action, Action::Propose { .. }) && {
            let mut quiet = sim.clone();
            quiet.run_until_quiet();
            quiet.now() == at
        };
        script.push(Scripted {
            action: action.clone(),
            at: (!quiet).then_some(at),
        });
        sim.advance_to(at);
        // These inputs were given to this same core, so it takes them again
        // here; the time of the next untimed proposal depends on it.
        let _ = sim.apply(action);
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{node, propose};

    #[test]
    fn untimed_proposals_wait_for_quiet() {
        let scenario = Scenario::default();
        let script = [
            propose(1, "a", None),
            propose(2, "b", None),
            propose(3, "c", Some(1)),
        ];
        let timed = fix_times(&scenario, &script);
        assert_eq!(timed.len(), 3);
        assert_eq!(timed[0].at, 0);
        let mut sim = Simulation::new(scenario).unwrap();
        sim.propose(node(1), "a").unwrap();
        sim.run_until_quiet();
        assert_eq!(timed[1].at, sim.now());
        assert!(timed[1].at > 0);
        // A time already passed is taken as "now".
        assert_eq!(timed[2].at, timed[1].at);
    }

    #[test]
    fn dropping_quiet_times_undoes_fixing_them() {
        let scenario = Scenario::default();
        let script = [
            propose(1, "a", None),
            propose(2, "b", None),
            propose(3, "c", Some(100_000)),
            Scripted {
                action: Action::Cut {
                    a: node(1),
                    b: node(2),
                },
                at: Some(100_100),
            },
        ];
        let timed: Vec<Timed> = fix_times(&scenario, &script).into();
        let inputs = timed.iter().map(|input| (input.at, &input.action));
        assert_eq!(drop_quiet_times(&scenario, inputs), script);
    }
}
