//! The protocol's guarantees, checked over many seeds, sizes, Byzantine sets,
//! strategies and both modes. Each property names the guarantee it checks;
//! on failure proptest prints the scenario (seed included) to rerun.

use std::collections::BTreeMap;

use byzscope_core::scenario::Latency;
use byzscope_core::{
    DetectionKind, Mode, NodeId, Outcome, Scenario, Simulation, Strategy as ByzantineStrategy,
    Trace,
};
use proptest::prelude::*;
use proptest::sample::subsequence;

/// At least 500 cases per property, as the project promises; more with
/// `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(0)
        .max(500);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A proposal: who, what, and how long after the previous one.
#[derive(Clone, Debug)]
struct Proposal {
    node: NodeId,
    value: String,
    after_ms: u64,
}

#[derive(Clone, Debug)]
struct Run {
    scenario: Scenario,
    proposals: Vec<Proposal>,
}

impl Run {
    fn simulate(&self) -> Simulation {
        let mut sim =
            Simulation::new(self.scenario.clone()).expect("generated scenarios are valid");
        for proposal in &self.proposals {
            let at = sim.now() + proposal.after_ms;
            sim.advance_to(at);
            sim.propose(proposal.node, &proposal.value)
                .expect("valid proposal");
        }
        sim.run_until_quiet();
        sim
    }

    fn honest(&self, node: NodeId) -> bool {
        !self.scenario.byzantine.contains_key(&node)
    }
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Oral), Just(Mode::Signed)]
}

fn byzantine_strategy() -> impl Strategy<Value = ByzantineStrategy> {
    prop_oneof![
        Just(ByzantineStrategy::Equivocate),
        Just(ByzantineStrategy::Silent),
        Just(ByzantineStrategy::Forge)
    ]
}

fn latency() -> impl Strategy<Value = Latency> {
    (1u64..=300, 0u64..=2_000).prop_map(|(min_ms, span)| Latency {
        min_ms,
        max_ms: min_ms + span,
    })
}

/// Runs of 3 to 16 nodes with up to `max_byzantine(n)` Byzantine nodes, each
/// with a strategy from `strategies`, and the given number of proposals.
fn runs(
    max_byzantine: fn(usize) -> usize,
    strategies: BoxedStrategy<ByzantineStrategy>,
    modes: BoxedStrategy<Mode>,
    proposals: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Run> {
    (3u16..=16).prop_flat_map(move |n| {
        let ids: Vec<NodeId> = NodeId::all(n).collect();
        let byzantine =
            subsequence(ids.clone(), 0..=max_byzantine(usize::from(n))).prop_flat_map({
                let strategies = strategies.clone();
                move |nodes| {
                    proptest::collection::vec(strategies.clone(), nodes.len()).prop_map(
                        move |chosen| {
                            nodes
                                .iter()
                                .copied()
                                .zip(chosen)
                                .collect::<BTreeMap<NodeId, ByzantineStrategy>>()
                        },
                    )
                }
            });
        let proposal = (
            proptest::sample::select(ids),
            prop_oneof![
                Just("test123".to_owned()),
                Just("v".to_owned()),
                Just("ünïcode ✓".to_owned()),
                // Already "forged": a forger passes it on unchanged.
                Just("x_FORGED".to_owned()),
                // The longest value allowed, in multi-byte characters.
                Just("é".repeat(64)),
            ],
            0u64..=1_500,
        )
            .prop_map(|(node, value, after_ms)| Proposal {
                node,
                value,
                after_ms,
            });
        (
            byzantine,
            modes.clone(),
            latency(),
            any::<u64>(),
            proptest::collection::vec(proposal, proposals.clone()),
            // Any start from 1970 to 2100: it only changes printed times.
            0i64..=4_102_444_800_000,
        )
            .prop_map(
                move |(byzantine, mode, latency, seed, proposals, started_at_ms)| Run {
                    scenario: Scenario {
                        nodes: n,
                        byzantine,
                        mode,
                        latency,
                        seed,
                        started_at_ms,
                    },
                    proposals,
                },
            )
    })
}

fn any_byzantine(n: usize) -> usize {
    n / 2
}

fn at_most_f(n: usize) -> usize {
    (n - 1) / 3
}

fn all_strategies() -> BoxedStrategy<ByzantineStrategy> {
    byzantine_strategy().boxed()
}

/// Every equivocation in a trace: the node, the round, and the distinct
/// values it sent to honest peers.
fn equivocations(trace: &Trace, run: &Run) -> Vec<(NodeId, u64, Vec<String>)> {
    trace
        .events
        .iter()
        .flat_map(|event| {
            event
                .effects
                .iter()
                .filter_map(move |outcome| match outcome {
                    Outcome::Equivocated(split) => {
                        let mut values: Vec<String> = split
                            .groups
                            .iter()
                            .filter(|(_, to)| to.iter().any(|peer| run.honest(*peer)))
                            .map(|(value, _)| value.to_string())
                            .collect();
                        values.sort();
                        values.dedup();
                        Some((event.node, split.round, values))
                    }
                    _ => None,
                })
        })
        .collect()
}

/// Fails if any honest node accuses an honest node in `run`.
fn no_honest_node_accused(run: &Run) -> Result<(), TestCaseError> {
    let sim = run.simulate();
    for detection in sim.trace().detections() {
        if run.honest(detection.detected_by) {
            prop_assert!(
                !run.honest(detection.byzantine_node),
                "honest {} accused by {}",
                detection.byzantine_node,
                detection.detected_by
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Completeness: with no message loss, a node that sent two different
    /// values in one round to honest nodes is detected by every honest node
    /// in that round.
    #[test]
    fn completeness(run in runs(any_byzantine, all_strategies(), mode().boxed(), 1..=4)) {
        let sim = run.simulate();
        for (equivocator, round, values) in equivocations(sim.trace(), &run) {
            if values.len() < 2 {
                continue;
            }
            for node in sim.nodes().iter().filter(|node| run.honest(node.id())) {
                prop_assert!(
                    node.detections().iter().any(|d| d.kind == DetectionKind::Equivocation
                        && d.byzantine_node == equivocator
                        && d.round == round),
                    "{} did not detect {equivocator} in round {round} ({values:?})",
                    node.id()
                );
            }
        }
    }

    /// Soundness: in signed mode no honest node is ever accused.
    #[test]
    fn soundness_signed(run in runs(any_byzantine, all_strategies(), Just(Mode::Signed).boxed(), 1..=4)) {
        no_honest_node_accused(&run)?;
    }

    /// Soundness: in oral mode with no forging node no honest node is ever
    /// accused.
    #[test]
    fn soundness_oral_without_forgers(run in runs(
        any_byzantine,
        prop_oneof![Just(ByzantineStrategy::Equivocate), Just(ByzantineStrategy::Silent)].boxed(),
        Just(Mode::Oral).boxed(),
        1..=4,
    )) {
        no_honest_node_accused(&run)?;
    }

    /// Agreement: with at most f Byzantine nodes, no two honest nodes decide
    /// different values for one round.
    #[test]
    fn agreement(run in runs(at_most_f, all_strategies(), mode().boxed(), 1..=4)) {
        let sim = run.simulate();
        let mut decisions: BTreeMap<u64, (NodeId, String)> = BTreeMap::new();
        for node in sim.nodes().iter().filter(|node| run.honest(node.id())) {
            for (round, state) in node.rounds() {
                let Some((value, _)) = state.decided() else { continue };
                match decisions.get(&round) {
                    Some((other, decided)) => prop_assert_eq!(
                        decided.as_str(), &**value,
                        "{} and {} disagree in round {}", other, node.id(), round
                    ),
                    None => {
                        decisions.insert(round, (node.id(), value.to_string()));
                    }
                }
            }
        }
    }

    /// Determinism: the same scenario and seed give the same trace, event for
    /// event, and replaying the trace's inputs rebuilds it.
    #[test]
    fn determinism(run in runs(any_byzantine, all_strategies(), mode().boxed(), 1..=4)) {
        let first = run.simulate();
        let second = run.simulate();
        prop_assert_eq!(first.trace(), second.trace());
        let mut replayed = Simulation::replay(first.trace()).expect("replays");
        replayed.run_until_quiet();
        prop_assert_eq!(replayed.trace(), first.trace());
    }

    /// The lesson of oral messages: with a forging node and an honest
    /// proposer, every other honest node accuses the proposer; the same run in
    /// signed mode accuses no honest node, and every honest node detects the
    /// forger.
    #[test]
    fn the_lesson_of_oral_messages(
        n in 4u16..=16,
        forger in 1u16..=16,
        proposer in 1u16..=16,
        seed in any::<u64>(),
        latency in latency(),
    ) {
        let forger = NodeId::new(1 + (forger - 1) % n).unwrap();
        let proposer = NodeId::new(1 + (proposer - 1) % n).unwrap();
        prop_assume!(forger != proposer);
        let scenario = |mode| Scenario {
            nodes: n,
            byzantine: [(forger, ByzantineStrategy::Forge)].into(),
            mode,
            latency,
            seed,
            started_at_ms: 0,
        };
        let run = |mode| {
            let mut sim = Simulation::new(scenario(mode)).unwrap();
            sim.propose(proposer, "test123").unwrap();
            sim.run_until_quiet();
            sim
        };
        let honest = |id: NodeId| id != forger;

        let oral = run(Mode::Oral);
        for node in oral.nodes().iter().filter(|node| honest(node.id()) && node.id() != proposer) {
            prop_assert!(
                node.detections().iter().any(|d| d.byzantine_node == proposer),
                "{} did not (falsely) accuse {proposer}", node.id()
            );
        }

        let signed = run(Mode::Signed);
        let honest_nodes = || signed.nodes().iter().filter(|node| honest(node.id()));
        for node in honest_nodes() {
            prop_assert!(node.detections().iter().all(|d| !honest(d.byzantine_node)));
            prop_assert!(
                node.detections().iter().any(|d| d.byzantine_node == forger),
                "{} did not detect the forger {forger}", node.id()
            );
        }
        // And the signatures themselves expose it: some honest node is handed
        // an altered copy. (Not necessarily every one: the forger forwards
        // nothing back to the node it first heard a statement from, and
        // dropped copies are not gossiped on, so a node can see the forger
        // only equivocate.)
        prop_assert!(
            honest_nodes().any(|node| node.detections().iter().any(|d| {
                d.byzantine_node == forger && d.kind == DetectionKind::Forgery
            })),
            "nobody caught {forger} forging"
        );
    }
}

/// Breaking the rules on purpose: in oral mode a forging node makes honest
/// nodes accuse the honest proposer (PROTOCOL's false accusation).
#[test]
fn oral_mode_with_a_forger_accuses_an_honest_node() {
    let node = |n| NodeId::new(n).unwrap();
    let mut sim = Simulation::new(Scenario {
        byzantine: [(node(4), ByzantineStrategy::Forge)].into(),
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(node(1), "test123").unwrap();
    sim.run_until_quiet();
    for accuser in [node(2), node(3)] {
        let detection = sim
            .node(accuser)
            .unwrap()
            .detections()
            .iter()
            .find(|d| d.byzantine_node == node(1))
            .expect("node1 is falsely accused");
        let values: Vec<&str> = detection.conflicting_values.iter().map(|v| &**v).collect();
        assert_eq!(values, ["test123", "test123_FORGED"]);
    }
}

/// Breaking the rules on purpose: with more Byzantine nodes than f, honest
/// nodes can decide different values. Six nodes tolerate one fault; three
/// equivocators are searched over a range of seeds for a run that splits the
/// honest nodes.
#[test]
fn more_than_f_byzantine_nodes_can_break_agreement() {
    let node = |n| NodeId::new(n).unwrap();
    let scenario = |seed| Scenario {
        nodes: 6,
        byzantine: [1, 3, 5]
            .map(|n| (node(n), ByzantineStrategy::Equivocate))
            .into(),
        seed,
        ..Scenario::default()
    };
    assert!(scenario(0).bound_broken());
    let broken = (0..500).find(|seed| {
        let mut sim = Simulation::new(scenario(*seed)).unwrap();
        sim.propose(node(3), "v").unwrap();
        sim.run_until_quiet();
        let mut decided: Vec<String> = sim
            .nodes()
            .iter()
            .filter(|n| !n.role().is_byzantine())
            .filter_map(|n| n.round(1)?.decided().map(|(v, _)| v.to_string()))
            .collect();
        decided.sort();
        decided.dedup();
        decided.len() > 1
    });
    assert!(
        broken.is_some(),
        "no seed in 0..500 broke agreement with 3 Byzantine nodes of 6"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases * 20, ..config() })]

    /// Agreement where it is easiest to break: a small oral cluster with one
    /// forger and latencies wide enough that forged hearsay often outruns the
    /// genuine statement. Counting hearsay as votes breaks agreement in
    /// about one run in five hundred here, so this runs many more cases.
    #[test]
    fn agreement_with_a_forger_and_wide_latencies(
        n in 4u16..=5,
        seed in any::<u64>(),
        min_ms in 1u64..=20,
        max_ms in 600u64..=1_500,
    ) {
        let forger = NodeId::new(n).unwrap();
        let mut sim = Simulation::new(Scenario {
            nodes: n,
            byzantine: [(forger, ByzantineStrategy::Forge)].into(),
            latency: Latency { min_ms, max_ms },
            seed,
            ..Scenario::default()
        })
        .unwrap();
        sim.propose(NodeId::new(1).unwrap(), "v").unwrap();
        sim.run_until_quiet();
        let mut decided: Vec<String> = sim
            .nodes()
            .iter()
            .filter(|node| node.id() != forger)
            .filter_map(|node| node.round(1)?.decided().map(|(v, _)| v.to_string()))
            .collect();
        decided.sort();
        decided.dedup();
        prop_assert!(decided.len() <= 1, "honest nodes decided {decided:?}");
    }
}
