//! Provenance: the two statements behind an equivocation detection, each
//! with the exact chain of messages that brought it to the detector.

use byzscope_core::{
    Detection, DetectionKind, Mode, NodeId, Outcome, ProvenanceError, Scenario, Simulation,
    Strategy as ByzantineStrategy, Trace,
};
use proptest::prelude::*;

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

/// Every detection of a trace, with the event it is in.
fn detections(trace: &Trace) -> Vec<(usize, &Detection)> {
    trace
        .events
        .iter()
        .flat_map(|event| {
            event
                .effects
                .iter()
                .filter_map(move |outcome| match outcome {
                    Outcome::Detected(detection) => Some((event.index, detection)),
                    _ => None,
                })
        })
        .collect()
}

/// Checks that `chain` is a chain of hops from `origin` to `detector`: a
/// direct send, then forwards, each from the receiver of the one before,
/// each sent by the event that delivered the one before.
fn check_chain(
    trace: &Trace,
    chain: &[usize],
    origin: NodeId,
    detector: NodeId,
) -> Result<(), String> {
    let first = &trace.messages[*chain.first().ok_or("an empty chain")?];
    if first.message.from != origin || !first.message.is_direct() {
        return Err(format!(
            "message {} is not {origin}'s direct send",
            first.id
        ));
    }
    for pair in chain.windows(2) {
        let (before, after) = (&trace.messages[pair[0]], &trace.messages[pair[1]]);
        if pair[0] >= pair[1] || before.message.to != after.message.from {
            return Err(format!("{} does not lead to {}", before.id, after.id));
        }
        let sent_by = &trace.events[after.sent_by];
        if sent_by.node != after.message.from
            || !matches!(sent_by.happening,
                byzscope_core::EventKind::Delivered { message, .. } if message == before.id)
        {
            return Err(format!("{} was not forwarded on {}", after.id, before.id));
        }
    }
    let last = &trace.messages[*chain.last().expect("not empty")];
    if last.message.to != detector {
        return Err(format!("message {} does not reach {detector}", last.id));
    }
    // The hop path the last message carries names every sender of the
    // chain.
    let senders: Vec<NodeId> = chain
        .iter()
        .map(|id| trace.messages[*id].message.from)
        .collect();
    if *last.message.path != senders[..] {
        return Err(format!("the path of {} is not the chain's", last.id));
    }
    Ok(())
}

#[test]
fn node1_traces_both_of_node4s_values_back_to_node4() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    let trace = sim.trace();
    let (event, detection) = detections(trace)
        .into_iter()
        .find(|(_, detection)| detection.detected_by == id(1))
        .unwrap();
    assert_eq!(detection.byzantine_node, id(4));
    let provenance = trace.provenance(event, detection).unwrap();
    assert_eq!(
        (provenance.detector, provenance.accused, provenance.round),
        (id(1), id(4), 1)
    );
    // node1 got `test123` straight from node4 (message 15), and
    // `test123_BYZANTINE` from node3, which got it straight from node4
    // (messages 17 then 32): see the pinned default trace.
    assert_eq!(provenance.held.messages, [15]);
    assert_eq!(&*provenance.held.statement.value, "test123");
    assert_eq!(provenance.arrived.messages, [17, 32]);
    assert_eq!(&*provenance.arrived.statement.value, "test123_BYZANTINE");
    for chain in [&provenance.held, &provenance.arrived] {
        check_chain(trace, &chain.messages, id(4), id(1)).unwrap();
    }
    let Some(byzscope_core::EventKind::Delivered { message, .. }) =
        trace.events.get(event).map(|e| &e.happening)
    else {
        panic!("a delivery");
    };
    assert_eq!(
        *message, 32,
        "the arriving chain ends with the detecting delivery"
    );
    assert_eq!(trace.chain(36).unwrap(), [15, 27, 36]);
}

#[test]
fn what_cannot_be_traced_says_why() {
    let mut sim = Simulation::new(Scenario {
        byzantine: [(id(4), ByzantineStrategy::Forge)].into(),
        mode: Mode::Signed,
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    let trace = sim.trace();
    let all = detections(trace);
    let (event, equivocation) = all
        .iter()
        .find(|(_, d)| d.kind == DetectionKind::Equivocation)
        .unwrap();
    let (forgery_event, forgery) = all
        .iter()
        .find(|(_, d)| d.kind == DetectionKind::Forgery)
        .unwrap();
    assert!(trace.provenance(*event, equivocation).is_ok());
    assert_eq!(
        trace.provenance(*forgery_event, forgery),
        Err(ProvenanceError::NotAnEquivocation)
    );
    assert_eq!(
        trace.provenance(0, equivocation),
        Err(ProvenanceError::NotInEvent(0))
    );
    let beyond = trace.events.len();
    assert_eq!(
        trace.provenance(beyond, equivocation),
        Err(ProvenanceError::NoSuchEvent(beyond))
    );
    assert_eq!(
        trace.chain(trace.messages.len()),
        Err(ProvenanceError::NoSuchMessage(trace.messages.len()))
    );
    // A tampered trace is refused, not followed.
    let mut tampered = trace.clone();
    let forwarded = tampered
        .messages
        .iter()
        .position(|envelope| !envelope.message.is_direct())
        .unwrap();
    tampered.messages[forwarded].sent_by = 0;
    assert_eq!(
        tampered.chain(forwarded),
        Err(ProvenanceError::BrokenChain(forwarded))
    );
    assert_eq!(
        ProvenanceError::NotAnEquivocation.to_string(),
        "a forgery detection rests on the one message delivered in its event, not on two statements"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every equivocation detection of any run traces back to two
    /// statements of the accused with different values, each along a chain
    /// of hops from the accused to the detector.
    #[test]
    fn every_equivocation_detection_traces_back_to_its_two_statements(
        nodes in 4u16..=9,
        byzantine in proptest::sample::subsequence((1u16..=9).collect::<Vec<_>>(), 1..=3),
        forge in any::<bool>(),
        signed in any::<bool>(),
        seed in any::<u64>(),
        proposers in proptest::collection::vec(1u16..=9, 1..=3),
    ) {
        let strategy = if forge { ByzantineStrategy::Forge } else { ByzantineStrategy::Equivocate };
        let mut sim = Simulation::new(Scenario {
            nodes,
            byzantine: byzantine
                .iter()
                .map(|n| (id(1 + (n - 1) % nodes), strategy))
                .collect(),
            mode: if signed { Mode::Signed } else { Mode::Oral },
            seed,
            ..Scenario::default()
        })
        .unwrap();
        for proposer in proposers {
            sim.propose(id(1 + (proposer - 1) % nodes), "v").unwrap();
            sim.advance_to(sim.now() + 300);
        }
        sim.run_until_quiet();
        let trace = sim.trace();
        for (event, detection) in detections(trace) {
            if detection.kind != DetectionKind::Equivocation {
                continue;
            }
            let provenance = trace.provenance(event, detection).map_err(|e| e.to_string());
            prop_assert!(provenance.is_ok(), "{:?}", provenance);
            let provenance = provenance.unwrap();
            let (held, arrived) = (&provenance.held, &provenance.arrived);
            prop_assert_ne!(&held.statement.value, &arrived.statement.value);
            for chain in [held, arrived] {
                prop_assert_eq!(chain.statement.origin, detection.byzantine_node);
                prop_assert_eq!(chain.statement.round, detection.round);
                prop_assert!(detection.conflicting_values.contains(&chain.statement.value));
                let checked = check_chain(
                    trace,
                    &chain.messages,
                    detection.byzantine_node,
                    detection.detected_by,
                );
                prop_assert!(checked.is_ok(), "{:?}", checked);
            }
            // The held chain arrived before the detecting one.
            let delivered = |chain: &byzscope_core::Chain| {
                trace.messages[*chain.messages.last().unwrap()].deliver_at
            };
            prop_assert!(delivered(held) <= delivered(arrived));
        }
    }
}
