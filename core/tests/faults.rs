//! Network faults as inputs of a run: dropped messages, cut, healed and
//! slowed links. Each is recorded in the trace and replayed event for event;
//! honest nodes keep working; lost messages can cost detections.

use byzscope_core::{
    Action, DetectionKind, EventKind, Fate, FaultError, InputError, Link, LinkState, Loss,
    MessageId, Mode, NodeId, Scenario, Simulation, Strategy as ByzantineStrategy, Trace,
    MAX_EXTRA_DELAY_MS,
};
use proptest::prelude::*;

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

fn default_sim() -> Simulation {
    Simulation::new(Scenario::default()).unwrap()
}

/// Every kind of fault in one run, then the run to quiet.
fn run_with_every_fault(mode: Mode) -> Simulation {
    let mut sim = Simulation::new(Scenario {
        nodes: 5,
        mode,
        ..Scenario::default()
    })
    .unwrap();
    sim.delay(id(1), id(3), 700).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.step();
    let in_flight: Vec<MessageId> = sim.in_flight().map(|envelope| envelope.id).collect();
    sim.drop_message(in_flight[0]).unwrap();
    sim.advance_to(450);
    sim.cut(id(2), id(3)).unwrap();
    sim.advance_to(900);
    sim.heal(id(3), id(2)).unwrap();
    sim.delay(id(3), id(1), 0).unwrap();
    sim.propose(id(5), "second").unwrap();
    sim.run_until_quiet();
    sim
}

#[test]
fn faults_are_inputs_that_replay_event_for_event() {
    for mode in [Mode::Oral, Mode::Signed] {
        let sim = run_with_every_fault(mode);
        let kinds: Vec<&str> = sim
            .trace()
            .inputs
            .iter()
            .map(|input| match input.action {
                Action::Propose { .. } => "propose",
                Action::Drop { .. } => "drop",
                Action::Cut { .. } => "cut",
                Action::Heal { .. } => "heal",
                Action::Delay { .. } => "delay",
            })
            .collect();
        assert_eq!(
            kinds,
            ["delay", "propose", "drop", "cut", "heal", "delay", "propose"]
        );
        let json = serde_json::to_string(sim.trace()).unwrap();
        let trace: Trace = serde_json::from_str(&json).unwrap();
        assert_eq!(&trace, sim.trace());
        let mut replayed = Simulation::replay(&trace).unwrap();
        replayed.run_until_quiet();
        assert_eq!(replayed.trace(), sim.trace(), "{mode:?}");
        assert_eq!(replayed.links(), sim.links());
    }
}

#[test]
fn fault_inputs_serialise_with_their_action_tag() {
    let action = |json: &str| serde_json::from_str::<Action>(json).unwrap();
    assert_eq!(
        action(r#"{"action":"drop","message":7}"#),
        Action::Drop { message: 7 }
    );
    assert_eq!(
        action(r#"{"action":"cut","a":"node1","b":"node2"}"#),
        Action::Cut { a: id(1), b: id(2) }
    );
    assert_eq!(
        action(r#"{"action":"heal","a":"node1","b":"node2"}"#),
        Action::Heal { a: id(1), b: id(2) }
    );
    let delay = Action::Delay {
        a: id(3),
        b: id(4),
        extra_ms: 250,
    };
    assert_eq!(
        serde_json::to_string(&delay).unwrap(),
        r#"{"action":"delay","a":"node3","b":"node4","extra_ms":250}"#
    );
    let lost = Fate::Lost {
        why: Loss::LinkCut,
        at: 12,
    };
    assert_eq!(
        serde_json::to_string(&lost).unwrap(),
        r#"{"fate":"lost","why":"link_cut","at":12}"#
    );
}

#[test]
fn a_dropped_message_is_lost_and_never_delivered() {
    let mut sim = default_sim();
    sim.propose(id(1), "test123").unwrap();
    // Message 1 is node1's proposal to node3.
    sim.drop_message(1).unwrap();
    assert_eq!(
        sim.trace().messages[1].fate,
        Fate::Lost {
            why: Loss::Dropped,
            at: 0
        }
    );
    assert!(sim.in_flight().all(|envelope| envelope.id != 1));
    sim.run_until_quiet();
    assert!(!sim
        .trace()
        .events
        .iter()
        .any(|event| matches!(event.happening, EventKind::Delivered { message: 1, .. })));
    // node3 still hears the proposal, forwarded, echoes it and catches
    // node4; but hearsay is no vote, so it counts only its own echo and
    // node2's, one short of a quorum, and its round times out.
    let node3 = sim.node(id(3)).unwrap();
    assert_eq!(
        node3.round(1).unwrap().own().map(|own| &**own),
        Some("test123")
    );
    assert_eq!(node3.detections().len(), 1);
    assert_eq!(node3.consensus_value(), None);
    assert!(node3.round(1).unwrap().timed_out());
    for n in [1, 2] {
        assert_eq!(
            sim.status(id(n)).unwrap().consensus_value.as_deref(),
            Some("test123"),
            "node{n}"
        );
    }
}

#[test]
fn a_cut_loses_what_is_in_flight_on_the_link_both_ways_and_what_is_sent_on_it() {
    let mut sim = default_sim();
    sim.propose(id(1), "test123").unwrap();
    // 0: node1 → node2, 1: node1 → node3, 2: node1 → node4.
    let lost = sim.cut(id(2), id(1)).unwrap();
    assert_eq!(lost, [0]);
    assert_eq!(
        sim.links().state(Link::new(id(1), id(2)).unwrap()),
        LinkState {
            down: true,
            extra_ms: 0
        }
    );
    sim.run_until_quiet();
    let on_link = |envelope: &&byzscope_core::Envelope| {
        Link::new(id(1), id(2))
            .unwrap()
            .carries(envelope.message.from, envelope.message.to)
    };
    let sent_while_down: Vec<_> = sim.trace().messages[1..].iter().filter(on_link).collect();
    assert!(sent_while_down.len() >= 2, "node2 and node1 both send");
    for envelope in &sent_while_down {
        assert_eq!(
            envelope.fate,
            Fate::Lost {
                why: Loss::LinkDown,
                at: envelope.deliver_at
            },
            "lost when it would have arrived"
        );
        let event = sim
            .trace()
            .events
            .iter()
            .find(|event| {
                event.happening
                    == EventKind::Lost {
                        message: envelope.id,
                        why: Loss::LinkDown,
                    }
            })
            .expect("an event at the receiver");
        assert_eq!(
            (event.node, event.at),
            (envelope.message.to, envelope.deliver_at)
        );
    }
    // Every other message arrived. node2 still catches node4 through
    // node3, but without node1's direct proposal it has one vote too few.
    assert!(sim
        .trace()
        .messages
        .iter()
        .filter(|e| !on_link(e))
        .all(|envelope| matches!(envelope.fate, Fate::Delivered { .. })));
    let node2 = sim.node(id(2)).unwrap();
    assert_eq!(node2.detections()[0].byzantine_node, id(4));
    assert_eq!(node2.consensus_value(), None);
    assert_eq!(
        sim.status(id(3)).unwrap().consensus_value.as_deref(),
        Some("test123")
    );
}

#[test]
fn a_message_sent_while_the_link_was_down_is_lost_even_if_it_heals_first() {
    let mut sim = Simulation::new(Scenario {
        latency: byzscope_core::Latency {
            min_ms: 500,
            max_ms: 500,
        },
        ..Scenario::default()
    })
    .unwrap();
    sim.cut(id(1), id(2)).unwrap();
    sim.propose(id(1), "v").unwrap();
    sim.advance_to(100);
    sim.heal(id(1), id(2)).unwrap();
    sim.run_until_quiet();
    assert_eq!(
        sim.trace().messages[0].fate,
        Fate::Lost {
            why: Loss::LinkDown,
            at: 500
        }
    );
    // What node1 and node2 send each other after the heal arrives.
    assert!(sim.trace().messages.iter().any(|envelope| {
        envelope.sent_at >= 100
            && Link::new(id(1), id(2))
                .unwrap()
                .carries(envelope.message.from, envelope.message.to)
            && matches!(envelope.fate, Fate::Delivered { .. })
    }));
}

#[test]
fn faults_never_shift_the_random_draws() {
    // The proposal's three sends draw the same latencies with or without
    // faults; a delay adds to its link's message and to no other.
    let first_sends = |faults: fn(&mut Simulation)| {
        let mut sim = default_sim();
        faults(&mut sim);
        sim.propose(id(1), "test123").unwrap();
        sim.trace().messages[..3]
            .iter()
            .map(|envelope| envelope.deliver_at)
            .collect::<Vec<_>>()
    };
    let plain = first_sends(|_| {});
    assert_eq!(
        first_sends(|sim| {
            sim.cut(id(1), id(3)).unwrap();
        }),
        plain
    );
    let delayed = first_sends(|sim| sim.delay(id(3), id(1), 1_000).unwrap());
    assert_eq!(delayed, [plain[0], plain[1] + 1_000, plain[2]]);
}

#[test]
fn a_delay_applies_to_messages_sent_from_then_on() {
    let mut sim = default_sim();
    sim.propose(id(1), "test123").unwrap();
    let before: Vec<_> = sim.in_flight().map(|e| e.deliver_at).collect();
    sim.delay(id(1), id(2), MAX_EXTRA_DELAY_MS).unwrap();
    let after: Vec<_> = sim.in_flight().map(|e| e.deliver_at).collect();
    assert_eq!(before, after, "messages in flight keep their time");
    sim.run_until_quiet();
    let latency = sim.scenario().latency;
    for envelope in &sim.trace().messages[3..] {
        let took = envelope.deliver_at - envelope.sent_at;
        let link = Link::new(envelope.message.from, envelope.message.to).unwrap();
        if link == Link::new(id(1), id(2)).unwrap() {
            assert!(took >= MAX_EXTRA_DELAY_MS + latency.min_ms, "{took}");
        } else {
            assert!(took <= latency.max_ms, "{took}");
        }
    }
}

#[test]
fn refused_faults_say_why_and_change_nothing() {
    let mut sim = default_sim();
    sim.propose(id(1), "test123").unwrap();
    sim.step();
    sim.cut(id(1), id(4)).unwrap();
    let before = sim.trace().clone();
    let links = sim.links().clone();
    let delivered = sim.trace().events[1].happening.clone();
    let EventKind::Delivered { message, .. } = delivered else {
        panic!("event 1 delivers");
    };
    let link = Link::new(id(1), id(4)).unwrap();
    let refusals = [
        (sim.drop_message(99), FaultError::UnknownMessage(99)),
        (sim.drop_message(message), FaultError::NotInFlight(message)),
        (
            sim.cut(id(1), id(9)).map(drop),
            FaultError::UnknownNode(id(9)),
        ),
        (sim.heal(id(7), id(1)), FaultError::UnknownNode(id(7))),
        (sim.cut(id(2), id(2)).map(drop), FaultError::SameNode(id(2))),
        (
            sim.cut(id(4), id(1)).map(drop),
            FaultError::AlreadyDown(link),
        ),
        (
            sim.heal(id(2), id(3)),
            FaultError::NotDown(Link::new(id(2), id(3)).unwrap()),
        ),
        (
            sim.delay(id(1), id(2), MAX_EXTRA_DELAY_MS + 1),
            FaultError::DelayTooLong(MAX_EXTRA_DELAY_MS + 1),
        ),
    ];
    for (result, expected) in refusals {
        assert_eq!(result, Err(expected));
    }
    assert_eq!(
        sim.apply(&Action::Drop { message: 99 }),
        Err(InputError::Fault(FaultError::UnknownMessage(99)))
    );
    assert_eq!(sim.trace(), &before);
    assert_eq!(sim.links(), &links);
    let texts = [
        FaultError::UnknownNode(id(9)).to_string(),
        FaultError::SameNode(id(2)).to_string(),
        FaultError::UnknownMessage(99).to_string(),
        FaultError::NotInFlight(3).to_string(),
        FaultError::AlreadyDown(link).to_string(),
        FaultError::NotDown(link).to_string(),
        FaultError::DelayTooLong(70_000).to_string(),
    ];
    assert_eq!(
        texts,
        [
            "node9 is not in the cluster",
            "a link joins two different nodes, not node2 and itself",
            "message 99 has not been sent",
            "message 3 is no longer in flight: it was delivered or lost",
            "the link node1–node4 is already down",
            "the link node1–node4 is not down",
            "an extra delay of 70000 ms is more than the 60000 ms allowed",
        ]
    );
}

/// Runs the default scenario, dropping every message that matches `lose` as
/// soon as it is sent.
fn default_run_losing(lose: impl Fn(&byzscope_core::Envelope) -> bool) -> (Simulation, usize) {
    let mut sim = default_sim();
    sim.propose(id(1), "test123").unwrap();
    let mut dropped = 0;
    loop {
        let doomed: Vec<MessageId> = sim
            .in_flight()
            .filter(|envelope| lose(envelope))
            .map(|envelope| envelope.id)
            .collect();
        for message in doomed {
            sim.drop_message(message).unwrap();
            dropped += 1;
        }
        if sim.step().is_none() {
            return (sim, dropped);
        }
    }
}

/// node4 gives `test123` to node1 only; node1 forwards it to node2 and
/// node3, and each of them forwards it to the other.
fn carries_node4s_test123(envelope: &byzscope_core::Envelope) -> bool {
    let statement = &envelope.message.statement;
    statement.origin == id(4) && &*statement.value == "test123"
}

#[test]
fn one_dropped_forward_is_made_up_for_by_another_path() {
    // node1's forward of node4's `test123` to node2: node2 still gets it
    // through node3.
    let (sim, dropped) = default_run_losing(|envelope| {
        carries_node4s_test123(envelope)
            && envelope.message.from == id(1)
            && envelope.message.to == id(2)
    });
    assert_eq!(dropped, 1);
    assert_eq!(sim.trace().missed_detections(), []);
}

#[test]
fn dropping_the_forwards_of_one_value_to_a_node_costs_its_detection() {
    let (sim, dropped) = default_run_losing(|envelope| {
        carries_node4s_test123(envelope)
            && !envelope.message.is_direct()
            && envelope.message.to == id(2)
    });
    assert_eq!(dropped, 2, "one from node1, one from node3");
    let missed = sim.trace().missed_detections();
    assert_eq!(missed.len(), 1);
    assert_eq!((missed[0].origin, missed[0].round), (id(4), 1));
    assert_eq!(missed[0].missed_by, [id(2)]);
    assert!(sim.node(id(2)).unwrap().detections().is_empty());
    for n in [1, 3] {
        assert_eq!(sim.node(id(n)).unwrap().detections().len(), 1, "node{n}");
    }
    // The honest nodes keep working: all three decide.
    for n in 1..=3 {
        assert_eq!(
            sim.status(id(n)).unwrap().consensus_value.as_deref(),
            Some("test123"),
            "node{n}"
        );
    }
}

#[test]
fn dropping_the_one_direct_copy_of_a_value_hides_the_equivocation_from_everyone() {
    let (sim, dropped) = default_run_losing(|envelope| {
        carries_node4s_test123(envelope) && envelope.message.is_direct()
    });
    assert_eq!(dropped, 1);
    let missed = sim.trace().missed_detections();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].missed_by, [id(1), id(2), id(3)]);
}

/// A fault, chosen when the run gets to it.
#[derive(Clone, Debug)]
enum Fault {
    /// The `k`-th message in flight, modulo how many are.
    Drop(usize),
    Cut(u16, u16),
    Heal(u16, u16),
    Delay(u16, u16, u64),
}

fn faults() -> impl Strategy<Value = Fault> {
    prop_oneof![
        any::<usize>().prop_map(Fault::Drop),
        (1u16..=7, 1u16..=7).prop_map(|(a, b)| Fault::Cut(a, b)),
        (1u16..=7, 1u16..=7).prop_map(|(a, b)| Fault::Heal(a, b)),
        (1u16..=7, 1u16..=7, 0u64..=1_500).prop_map(|(a, b, ms)| Fault::Delay(a, b, ms)),
    ]
}

fn strategies() -> impl Strategy<Value = ByzantineStrategy> {
    prop_oneof![
        Just(ByzantineStrategy::Equivocate),
        Just(ByzantineStrategy::Silent),
        Just(ByzantineStrategy::Forge)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Determinism under faults: a run with random faults (refused ones
    /// included) replays event for event; and in signed mode, losing
    /// messages never gets an honest node accused.
    #[test]
    fn faults_replay_and_keep_soundness(
        nodes in 3u16..=7,
        byzantine in 1u16..=7,
        strategy in strategies(),
        signed in any::<bool>(),
        seed in any::<u64>(),
        script in proptest::collection::vec((0u64..=700, faults()), 0..=8),
    ) {
        let byzantine = id(1 + (byzantine - 1) % nodes);
        let node = |n: u16| id(1 + (n - 1) % nodes);
        let mut sim = Simulation::new(Scenario {
            nodes,
            byzantine: [(byzantine, strategy)].into(),
            mode: if signed { Mode::Signed } else { Mode::Oral },
            seed,
            ..Scenario::default()
        })
        .unwrap();
        sim.propose(id(1), "test123").unwrap();
        for (wait, fault) in &script {
            sim.advance_to(sim.now() + wait);
            let action = match *fault {
                Fault::Drop(k) => {
                    let in_flight: Vec<MessageId> = sim.in_flight().map(|e| e.id).collect();
                    if in_flight.is_empty() {
                        continue;
                    }
                    Action::Drop { message: in_flight[k % in_flight.len()] }
                }
                Fault::Cut(a, b) => Action::Cut { a: node(a), b: node(b) },
                Fault::Heal(a, b) => Action::Heal { a: node(a), b: node(b) },
                Fault::Delay(a, b, extra_ms) => Action::Delay { a: node(a), b: node(b), extra_ms },
            };
            let before = sim.trace().inputs.len();
            match sim.apply(&action) {
                Ok(()) => prop_assert_eq!(sim.trace().inputs.len(), before + 1),
                Err(_) => prop_assert_eq!(sim.trace().inputs.len(), before),
            }
        }
        sim.propose(node(2), "second").unwrap();
        sim.run_until_quiet();
        prop_assert_eq!(sim.in_flight().count(), 0);
        let mut replayed = Simulation::replay(sim.trace()).unwrap();
        replayed.run_until_quiet();
        prop_assert_eq!(replayed.trace(), sim.trace());
        if signed {
            for detection in sim.trace().detections() {
                if detection.detected_by != byzantine {
                    prop_assert_eq!(detection.byzantine_node, byzantine);
                }
            }
        }
        // Whoever missed an equivocation is honest and has no detection of it.
        for missed in sim.trace().missed_detections() {
            for node in &missed.missed_by {
                prop_assert!(*node != byzantine);
                let caught = sim.node(*node).unwrap().detections().iter().any(|d| {
                    d.kind == DetectionKind::Equivocation
                        && d.byzantine_node == missed.origin
                        && d.round == missed.round
                });
                prop_assert!(!caught, "{} missed what it caught", node);
            }
        }
    }
}
