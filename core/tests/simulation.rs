//! The simulator as a driver sees it: the original demo's run, its JSON
//! documents, determinism, replay and the driving API.

use byzscope_core::{
    EventKind, Fate, LogLine, Mode, NodeId, ProposeError, Scenario, Simulation, Strategy, Trace,
    ValueError,
};

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

/// 2025-12-27T12:00:00.000 UTC, the instant of the protocol's example.
const EXAMPLE_START_MS: i64 = 1_766_836_800_000;

fn default_run() -> Simulation {
    let mut sim = Simulation::new(Scenario {
        started_at_ms: EXAMPLE_START_MS,
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    sim
}

#[test]
fn the_original_demo_every_honest_node_catches_node4_and_decides() {
    let sim = default_run();
    for n in 1..=3 {
        let detections = sim.detections(id(n)).unwrap();
        assert_eq!(detections.total_detections, 1, "node{n}");
        let record = &detections.detections[0];
        assert_eq!(record.byzantine_node, "node4");
        assert_eq!(record.round, 1);
        assert_eq!(record.conflicting_values, ["test123", "test123_BYZANTINE"]);
        assert_eq!(record.detected_by, format!("node{n}"));
        assert_eq!(
            sim.status(id(n)).unwrap().consensus_value.as_deref(),
            Some("test123"),
            "node{n}"
        );
    }
    let log: Vec<String> = sim.trace().log().map(ToString::to_string).collect();
    assert!(log
        .contains(&"[node4] ⚠️ BYZANTINE: Sent conflicting values to different peers!".to_owned()));
}

#[test]
fn the_detections_document_matches_the_protocol_field_for_field() {
    let sim = default_run();
    let document = sim.detections(id(1)).unwrap();
    let at = sim.node(id(1)).unwrap().detections()[0].at;
    let detected_at = format!("2025-12-27T12:00:{:02}.{:03}", at / 1000, at % 1000);
    // The protocol's example, with this run's detection time.
    let expected = format!(
        r#"{{
  "node_id": "node1",
  "detections": [
    {{
      "detected_at": "{detected_at}",
      "byzantine_node": "node4",
      "round": 1,
      "conflicting_values": [
        "test123",
        "test123_BYZANTINE"
      ],
      "detected_by": "node1"
    }}
  ],
  "total_detections": 1
}}"#
    );
    assert!(at < 60_000, "the example's minute");
    assert_eq!(serde_json::to_string_pretty(&document).unwrap(), expected);
}

#[test]
fn the_status_document_matches_the_protocol_field_for_field() {
    let sim = default_run();
    let expected = r#"{
  "node_id": "node1",
  "is_byzantine": false,
  "current_round": 1,
  "consensus_value": "test123",
  "peers": [
    "node2",
    "node3",
    "node4"
  ]
}"#;
    let status = sim.status(id(1)).unwrap();
    assert_eq!(serde_json::to_string_pretty(&status).unwrap(), expected);
    assert!(sim.status(id(4)).unwrap().is_byzantine);
    let quiet = Simulation::new(Scenario::default()).unwrap();
    let json = serde_json::to_string(&quiet.status(id(2)).unwrap()).unwrap();
    assert!(
        json.contains(r#""current_round":0,"consensus_value":null"#),
        "{json}"
    );
}

#[test]
fn the_same_scenario_and_seed_give_the_same_trace() {
    for mode in [Mode::Oral, Mode::Signed] {
        let run = || {
            let mut sim = Simulation::new(Scenario {
                nodes: 7,
                mode,
                seed: 42,
                byzantine: [(id(3), Strategy::Forge), (id(6), Strategy::Equivocate)].into(),
                ..Scenario::default()
            })
            .unwrap();
            sim.propose(id(1), "a").unwrap();
            sim.advance_to(300);
            sim.propose(id(5), "b").unwrap();
            sim.run_until_quiet();
            sim.trace().clone()
        };
        let (first, second) = (run(), run());
        assert!(!first.events.is_empty());
        assert_eq!(first, second);
    }
}

#[test]
fn another_seed_gives_another_run() {
    let run = |seed| {
        let mut sim = Simulation::new(Scenario {
            seed,
            ..Scenario::default()
        })
        .unwrap();
        sim.propose(id(1), "test123").unwrap();
        sim.run_until_quiet();
        sim.trace().clone()
    };
    assert_ne!(run(1).messages, run(2).messages);
}

#[test]
fn a_trace_serialises_and_replays_to_the_same_state() {
    let mut sim = Simulation::new(Scenario {
        mode: Mode::Signed,
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.step();
    sim.step();
    sim.propose(id(2), "second").unwrap();
    sim.advance_to(1_000);
    sim.propose(id(3), "third").unwrap();
    sim.run_until_quiet();

    let json = serde_json::to_string(sim.trace()).unwrap();
    let trace: Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(&trace, sim.trace());

    let mut replayed = Simulation::replay(&trace).unwrap();
    replayed.run_until_quiet();
    assert_eq!(replayed.trace(), sim.trace());
    for node in sim.scenario().node_ids() {
        assert_eq!(replayed.status(node), sim.status(node));
        assert_eq!(replayed.detections(node), sim.detections(node));
    }
}

#[test]
fn a_trace_that_cannot_be_replayed_says_why() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "v").unwrap();
    let mut trace = sim.trace().clone();
    trace.inputs[0].after_events = 10_000;
    let error = Simulation::replay(&trace).unwrap_err();
    assert!(error.to_string().contains("input 0"), "{error}");
    trace.scenario.nodes = 1;
    assert!(Simulation::replay(&trace).is_err());
}

#[test]
fn a_refused_proposal_changes_nothing() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    let before = sim.trace().clone();
    assert_eq!(
        sim.propose(id(1), ""),
        Err(ProposeError::Value(ValueError::Empty))
    );
    assert_eq!(
        sim.propose(id(9), "v"),
        Err(ProposeError::UnknownNode(id(9)))
    );
    assert_eq!(sim.trace(), &before);
    assert!(sim.is_quiet());
    assert_eq!(sim.status(id(1)).unwrap().current_round, 0);
}

#[test]
fn advance_to_handles_exactly_what_is_due() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.advance_to(400);
    assert_eq!(sim.now(), 400);
    assert!(sim.trace().events.iter().all(|event| event.at <= 400));
    assert!(sim.next_due().unwrap() > 400);
    assert!(!sim.is_quiet());
    let in_flight: Vec<usize> = sim.in_flight().map(|envelope| envelope.id).collect();
    let expected: Vec<usize> = sim
        .trace()
        .messages
        .iter()
        .filter(|envelope| envelope.deliver_at > 400)
        .map(|envelope| envelope.id)
        .collect();
    assert!(!in_flight.is_empty());
    assert_eq!(
        in_flight, expected,
        "every undelivered message, in send order"
    );
    for envelope in sim.in_flight() {
        assert_eq!(envelope.fate, Fate::InFlight);
        assert!(envelope.sent_at <= 400 && envelope.deliver_at > 400);
    }
}

#[test]
fn messages_take_a_latency_from_the_scenarios_range() {
    let sim = default_run();
    let latency = sim.scenario().latency;
    assert!(!sim.trace().messages.is_empty());
    for envelope in &sim.trace().messages {
        let took = envelope.deliver_at - envelope.sent_at;
        assert!((latency.min_ms..=latency.max_ms).contains(&took), "{took}");
        assert!(matches!(envelope.fate, Fate::Delivered { .. }));
        assert_eq!(envelope.message.path.last(), Some(&envelope.message.from));
        assert_eq!(
            envelope.message.path.first(),
            Some(&envelope.message.statement.origin)
        );
    }
}

#[test]
fn step_delivers_in_time_order_and_records_the_event() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    let mut last = 0;
    while let Some(event) = sim.step().cloned() {
        assert!(event.at >= last);
        last = event.at;
        if let EventKind::Delivered { message, .. } = event.happening {
            let envelope = &sim.trace().messages[message];
            assert_eq!(envelope.deliver_at, event.at);
            assert_eq!(envelope.message.to, event.node);
        }
    }
    assert!(sim.is_quiet());
    assert_eq!(sim.in_flight().count(), 0);
}

#[test]
fn every_run_goes_quiet() {
    let mut sim = Simulation::new(Scenario {
        nodes: 16,
        byzantine: [(id(2), Strategy::Forge), (id(9), Strategy::Silent)].into(),
        ..Scenario::default()
    })
    .unwrap();
    for n in 1..=4 {
        sim.propose(id(n), "v").unwrap();
    }
    let before = sim.trace().events.len();
    let events = sim.run_until_quiet();
    assert_eq!(events, sim.trace().events.len() - before);
    assert!(events > 0);
    assert!(sim.is_quiet());
    assert_eq!(sim.in_flight().count(), 0);
}

#[test]
fn advance_to_stops_at_its_time_even_after_a_passed_over_timeout() {
    // node1 decides at 1 800 ms, so its 2 000 ms timeout does nothing; the
    // next delivery, at 2 700 ms, must wait.
    let mut sim = Simulation::new(Scenario {
        latency: byzscope_core::Latency {
            min_ms: 900,
            max_ms: 900,
        },
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "v").unwrap();
    sim.advance_to(1_999);
    sim.advance_to(2_000);
    assert_eq!(sim.now(), 2_000);
    assert!(sim.trace().events.iter().all(|event| event.at <= 2_000));
    assert_eq!(sim.next_due(), Some(2_700));
}

#[test]
fn simulated_time_stops_at_the_horizon() {
    use byzscope_core::sim::HORIZON_MS;
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.advance_to(u64::MAX);
    assert_eq!(sim.now(), HORIZON_MS);
    sim.propose(id(1), "late").unwrap();
    sim.run_until_quiet();
    let detections = sim.detections(id(1)).unwrap();
    assert_eq!(detections.total_detections, 1);
    assert!(detections.detections[0]
        .detected_at
        .starts_with("1970-01-02T"));

    let mut trace = sim.trace().clone();
    trace.inputs[0].at = u64::MAX;
    let error = Simulation::replay(&trace).unwrap_err();
    assert!(error.to_string().contains("horizon"), "{error}");
}

/// The default run's trace, pinned: the same file is checked by the browser
/// tests, so a wasm build and a native build must agree event for event,
/// and a change to the RNG or the protocol shows up here. After an
/// intentional change, rewrite it with `BYZSCOPE_BLESS=1 cargo test`.
#[test]
fn the_default_run_matches_its_pinned_trace() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    let json = serde_json::to_string_pretty(sim.trace()).unwrap() + "\n";
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/default-run.trace.json"
    );
    if std::env::var_os("BYZSCOPE_BLESS").is_some() {
        std::fs::write(path, &json).unwrap();
    }
    let pinned = std::fs::read_to_string(path).unwrap();
    assert!(pinned == json, "the default run no longer matches {path}");
}

/// Log lines are data whose JSON is their text: every line of the pinned
/// trace reads back and displays as written, and the pinned trace reads
/// back into the very trace the run makes.
#[test]
fn every_log_line_of_the_pinned_trace_reads_back_to_its_text() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/default-run.trace.json"
    );
    let pinned = std::fs::read_to_string(path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&pinned).unwrap();
    let mut lines = 0;
    for event in json["events"].as_array().unwrap() {
        for effect in event["effects"].as_array().unwrap() {
            if effect["type"] == "log" {
                let text = effect["line"].as_str().unwrap();
                let line: LogLine = text.parse().unwrap();
                assert_eq!(line.to_string(), text);
                lines += 1;
            }
        }
    }
    assert!(lines > 0, "the default run logs");

    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    let read: Trace = serde_json::from_str(&pinned).unwrap();
    assert_eq!(&read, sim.trace());
}

/// At every step of a run, the messages in flight are exactly those the
/// trace has not yet delivered, in send order: the cursor that skips the
/// delivered ones never skips one still travelling.
#[test]
fn in_flight_is_exactly_the_undelivered_messages_at_every_step() {
    let mut sim = Simulation::new(Scenario {
        nodes: 7,
        byzantine: [(id(7), Strategy::Forge)].into(),
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "v").unwrap();
    let mut steps = 0;
    loop {
        let listed: Vec<usize> = sim.in_flight().map(|envelope| envelope.id).collect();
        let expected: Vec<usize> = sim
            .trace()
            .messages
            .iter()
            .filter(|envelope| envelope.fate == Fate::InFlight)
            .map(|envelope| envelope.id)
            .collect();
        assert_eq!(listed, expected, "after {steps} steps");
        if sim.step().is_none() {
            break;
        }
        steps += 1;
    }
    assert!(steps > 100);
    assert_eq!(sim.in_flight().count(), 0);
}

#[test]
fn nodes_lists_every_node_in_id_order() {
    let sim = Simulation::new(Scenario {
        nodes: 5,
        ..Scenario::default()
    })
    .unwrap();
    let ids: Vec<NodeId> = sim.nodes().iter().map(|node| node.id()).collect();
    assert_eq!(ids, [id(1), id(2), id(3), id(4), id(5)]);
    assert_eq!(sim.node(id(5)).unwrap().id(), id(5));
    assert!(sim.node(id(6)).is_none());
}

/// An input at exactly the horizon is the latest allowed: it replays.
#[test]
fn a_proposal_at_the_horizon_replays() {
    use byzscope_core::sim::HORIZON_MS;
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.advance_to(HORIZON_MS);
    sim.propose(id(1), "last").unwrap();
    sim.run_until_quiet();
    assert_eq!(sim.trace().inputs[0].at, HORIZON_MS);
    let replayed = Simulation::replay(sim.trace()).unwrap();
    assert_eq!(replayed.trace().inputs, sim.trace().inputs);
}

/// The texts a user or a log can meet say what is wrong in words.
#[test]
fn errors_and_secrets_print_readably() {
    use byzscope_core::signing::{derive_key, Signature};
    use byzscope_core::Latency;
    assert_eq!(
        ProposeError::UnknownNode(id(9)).to_string(),
        "node9 is not in the cluster"
    );
    assert_eq!(
        ProposeError::Value(ValueError::Empty).to_string(),
        "A value cannot be empty."
    );
    assert_eq!(
        "crash".parse::<Strategy>().unwrap_err().to_string(),
        "'crash' is not a strategy: expected equivocate, silent or forge"
    );
    assert_eq!(
        Latency {
            min_ms: 200,
            max_ms: 600
        }
        .to_string(),
        "200..600"
    );
    let signature = Signature([0xab; 64]);
    assert_eq!(format!("{signature:?}"), "Signature(abababababababab…)");
    // A secret key never prints its secret: only the public half.
    let key = derive_key(1, id(1));
    let public = key.public();
    let printed = format!("{key:?}");
    let public_hex: String = public.0.iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(printed, format!("SecretKey(public: {public_hex})"));
}
