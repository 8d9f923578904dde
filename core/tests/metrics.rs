//! Detection metrics: for each equivocation, when it happened and when
//! honest nodes caught it.

use byzscope_core::{
    DetectionKind, DetectionMetrics, EventKind, NodeId, Outcome, Scenario, Simulation,
    Strategy as ByzantineStrategy, Trace,
};

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

/// Deliveries in events `after + 1 ..= until`.
fn deliveries_between(trace: &Trace, after: usize, until: usize) -> usize {
    trace.events[after + 1..=until]
        .iter()
        .filter(|event| matches!(event.happening, EventKind::Delivered { .. }))
        .count()
}

#[test]
fn the_default_run_times_node4s_split_and_its_three_detections() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    let trace = sim.trace();
    let metrics = trace.detection_metrics();
    assert_eq!(metrics.equivocations.len(), 1);
    let split = &metrics.equivocations[0];
    assert_eq!((split.origin, split.round), (id(4), 1));
    let values: Vec<&str> = split.values.iter().map(|v| &**v).collect();
    assert_eq!(values, ["test123", "test123_BYZANTINE"]);
    // node4 splits its echo when node1's proposal reaches it: event 3, at
    // 439 ms in the pinned trace.
    assert_eq!((split.split_event, split.split_at), (3, 439));
    assert!(split.missed_by.is_empty());

    // Each honest node's detection, found in the trace independently.
    let mut found: Vec<(usize, NodeId, u64)> = trace
        .events
        .iter()
        .filter(|event| {
            event
                .effects
                .iter()
                .any(|outcome| matches!(outcome, Outcome::Detected(d) if d.byzantine_node == id(4)))
        })
        .map(|event| (event.index, event.node, event.at))
        .collect();
    found.sort();
    assert_eq!(found.len(), 3);
    let order: Vec<NodeId> = found.iter().map(|(_, node, _)| *node).collect();
    assert_eq!(split.detected_by, order);
    for (timing, (event, node, at)) in [
        (split.first_detection.unwrap(), found[0]),
        (split.last_detection.unwrap(), found[2]),
    ] {
        assert_eq!((timing.event, timing.node, timing.at), (event, node, at));
        assert_eq!(timing.after_ms, at - 439);
        assert_eq!(timing.deliveries, deliveries_between(trace, 3, event));
    }
    assert!(split.first_detection.unwrap().deliveries > 0);

    let json = serde_json::to_string(&metrics).unwrap();
    assert!(
        json.starts_with(r#"{"equivocations":[{"origin":"node4","round":1,"values":["test123","test123_BYZANTINE"],"split_event":3,"split_at":439,"first_detection":{"node":"#),
        "{json}"
    );
    assert_eq!(
        serde_json::from_str::<DetectionMetrics>(&json).unwrap(),
        metrics
    );
}

#[test]
fn every_split_is_listed_and_only_honest_detections_count() {
    let mut sim = Simulation::new(Scenario {
        nodes: 7,
        byzantine: [
            (id(6), ByzantineStrategy::Equivocate),
            (id(7), ByzantineStrategy::Forge),
        ]
        .into(),
        seed: 9,
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "a").unwrap();
    sim.run_until_quiet();
    sim.propose(id(6), "b").unwrap();
    sim.run_until_quiet();
    let trace = sim.trace();
    let metrics = DetectionMetrics::of(trace);
    let splits: Vec<(NodeId, u64)> = metrics
        .equivocations
        .iter()
        .map(|m| (m.origin, m.round))
        .collect();
    // Round 1: both echo split; round 2: node6 proposes split, node7 echoes split.
    assert_eq!(splits.len(), 4, "{splits:?}");
    assert!(splits.contains(&(id(6), 2)) && splits.contains(&(id(7), 2)));
    let honest: Vec<NodeId> = (1..=5).map(id).collect();
    for m in &metrics.equivocations {
        let mut everyone = m.detected_by.clone();
        everyone.extend(&m.missed_by);
        everyone.sort();
        assert_eq!(everyone, honest, "{:?} round {}", m.origin, m.round);
        assert!(m.missed_by.is_empty(), "no message was lost");
        let (first, last) = (m.first_detection.unwrap(), m.last_detection.unwrap());
        assert!(m.split_at <= first.at && first.at <= last.at);
        assert!(first.deliveries <= last.deliveries);
        assert_eq!(
            last.deliveries,
            deliveries_between(trace, m.split_event, last.event)
        );
    }
    // Byzantine nodes detect too, but are no part of the metrics.
    assert!(trace
        .detections()
        .any(|d| d.detected_by == id(7) && d.kind == DetectionKind::Equivocation));
    assert_eq!(trace.missed_detections(), []);
}
