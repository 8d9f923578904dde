//! The run model: clock, stepping, rewinding and forking.

use byzscope_core::trace::{Action, MessageId};
use byzscope_core::{DetectionsDocument, Millis, NodeId, Scenario, StatusDocument};

use super::Run;
use crate::model::fixtures::{default_run, node};
use crate::model::script::{fix_times, Scripted};

#[test]
fn the_clock_drives_deliveries_and_never_falls_behind_the_simulation() {
    let mut run = Run::new(Scenario::default()).unwrap();
    run.propose(node(1), "test123").unwrap();
    assert_eq!(run.shown().in_flight().count(), 3);
    // Nothing is delivered before the shortest latency.
    assert!(!run.advance(199.5));
    assert_eq!(run.shown().in_flight().count(), 3);
    assert!(run.advance(400.0));
    assert!(run.now() >= run.head().now() as f64);
    // Past every delivery, only the decided rounds' timers are left:
    // passing over them changes the run (it goes quiet) without events.
    let events = run.shown().trace().events.len();
    run.advance(1_500.0);
    let delivered = run.shown().trace().events.len();
    assert!(run.shown().in_flight().next().is_none());
    assert!(!run.shown().is_quiet());
    assert!(run.advance(10_000.0), "the timers passing over is a change");
    assert_eq!(run.shown().trace().events.len(), delivered);
    assert!(delivered > events);
    assert!(run.shown().is_quiet());
    assert_eq!(run.shown().detections(None).len(), 3);
    assert_eq!(run.shown().detections(Some(node(2))).len(), 1);
    assert!(run.shown().detections(Some(node(4))).is_empty());
}

#[test]
fn step_moves_the_clock_to_the_event() {
    let mut run = Run::new(Scenario::default()).unwrap();
    run.propose(node(1), "test123").unwrap();
    assert!(run.step());
    let first = run.shown().trace().events.last().unwrap().at;
    assert_eq!(run.now(), first as f64);
    run.run_until_quiet();
    assert!(!run.step());
}

#[test]
fn exports_are_the_protocol_documents() {
    let run = default_run();
    let one: DetectionsDocument =
        serde_json::from_str(&run.shown().detections_json(Some(node(1)))).unwrap();
    assert_eq!(one, run.head().detections(node(1)).unwrap());
    let all: Vec<DetectionsDocument> =
        serde_json::from_str(&run.shown().detections_json(None)).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].node_id, "node4");
    let status: StatusDocument =
        serde_json::from_str(&run.shown().status_json(Some(node(3)))).unwrap();
    assert_eq!(status, run.head().status(node(3)).unwrap());
    let statuses: Vec<StatusDocument> =
        serde_json::from_str(&run.shown().status_json(None)).unwrap();
    assert_eq!(statuses.len(), 4);
}

#[test]
fn splits_name_who_got_what() {
    let run = default_run();
    let splits = run.shown().splits();
    assert_eq!(splits.len(), 1, "node4 splits its ECHO once");
    let split = &splits[0];
    assert_eq!(split.node, node(4));
    let groups: Vec<(String, Vec<NodeId>)> = split
        .split
        .groups
        .iter()
        .map(|(value, peers)| (value.to_string(), peers.clone()))
        .collect();
    assert_eq!(
        groups,
        [
            ("test123".into(), vec![node(1)]),
            ("test123_BYZANTINE".into(), vec![node(2), node(3)])
        ]
    );
    assert_eq!(split.messages.len(), 3);
}

#[test]
fn no_false_accusation_without_a_forger() {
    let run = default_run();
    let shown = run.shown();
    assert!(shown
        .detections(None)
        .iter()
        .all(|found| !shown.is_false_accusation(found.detection)));
}

#[test]
fn an_oral_forger_gets_an_honest_node_falsely_accused() {
    use byzscope_core::Strategy;
    let mut run = Run::new(Scenario {
        byzantine: [(node(4), Strategy::Forge)].into(),
        ..Scenario::default()
    })
    .unwrap();
    run.propose(node(1), "test123").unwrap();
    run.run_until_quiet();
    let shown = run.shown();
    assert!(shown
        .detections(None)
        .iter()
        .any(|found| shown.is_false_accusation(found.detection)));
}

/// Scripted proposals that wait for quiet are all made, even when the
/// run goes quiet by passing over timers that no longer matter.
#[test]
fn stepping_plays_a_whole_script_of_rounds() {
    let scenario = Scenario::default();
    let script: Vec<Scripted> = (1..=3)
        .map(|round| Scripted {
            action: Action::Propose {
                node: node(1),
                value: format!("r{round}"),
            },
            at: None,
        })
        .collect();
    let timed = fix_times(&scenario, &script);
    let mut run = Run::scripted(scenario, timed).unwrap();
    run.run_until_quiet();
    assert!(run.pending().is_empty());
    assert_eq!(run.head_trace().inputs.len(), 3);
    let status = run.head().status(node(2)).unwrap();
    assert_eq!(status.current_round, 3);
    assert_eq!(status.consensus_value.as_deref(), Some("r3"));
}

/// The state shown at a past time equals a fresh run stopped there.
#[test]
fn looking_back_shows_what_a_fresh_run_stopped_there_shows() {
    let mut run = default_run();
    let end = run.latest();
    for time in [0.0, 150.5, 420.0, 777.25, 1_200.0] {
        assert!(run.seek(time), "{time}");
        assert!(run.in_past());
        assert_eq!(run.now(), time);
        let mut fresh = Run::new(Scenario::default()).unwrap();
        fresh.propose(node(1), "test123").unwrap();
        fresh.advance(time);
        let shown: Vec<StatusDocument> =
            run.shown().nodes().iter().map(StatusDocument::of).collect();
        let expected: Vec<StatusDocument> = fresh
            .shown()
            .nodes()
            .iter()
            .map(StatusDocument::of)
            .collect();
        assert_eq!(shown, expected, "status at {time}");
        assert_eq!(
            run.shown().detections_json(None),
            fresh.shown().detections_json(None)
        );
        let flying: Vec<MessageId> = run.shown().in_flight().map(|m| m.id).collect();
        let fresh_flying: Vec<MessageId> = fresh.shown().in_flight().map(|m| m.id).collect();
        assert_eq!(flying, fresh_flying, "in flight at {time}");
        assert_eq!(run.shown().trace().events, fresh.shown().trace().events);
    }
    // Forward again to the end: back to the head.
    assert!(run.seek(end));
    assert!(!run.in_past());
}

#[test]
fn stepping_back_and_forth_visits_every_event() {
    let mut run = default_run();
    let events = run.head_trace().events.len();
    let mut back = 0;
    while !run.shown().trace().events.is_empty() {
        assert!(run.step_back());
        back += 1;
        assert!(back <= events);
    }
    assert_eq!(back, events);
    let mut forward = 0;
    while run.in_past() {
        assert!(run.step());
        forward += 1;
    }
    assert_eq!(forward, events, "the last step lands on the head");
}

#[test]
fn acting_in_the_past_forks_and_discards_the_future() {
    let mut run = default_run();
    let before = run.branch();
    let whole = run.head_trace().events.len();
    assert!(run.seek(300.0));
    let kept = run.shown().trace().events.len();
    // A refused action in the past changes nothing, not even the view.
    assert!(run.propose(node(9), "x").is_err());
    assert!(run.in_past());
    assert_eq!(run.head_trace().events.len(), whole);
    run.propose(node(2), "again").unwrap();
    assert!(!run.in_past());
    assert_ne!(run.branch(), before);
    assert_eq!(run.forked_at(), kept);
    assert_eq!(run.head_trace().events.len(), kept + 1);
    assert_eq!(run.now(), 300.0);
    let inputs: Vec<Millis> = run.head_trace().inputs.iter().map(|i| i.at).collect();
    assert_eq!(inputs, [0, 300]);
    run.run_until_quiet();
    // The fork is a run of its own: replaying its inputs gives it again.
    let replayed = byzscope_core::Simulation::replay(run.head_trace()).unwrap();
    let mut replayed = replayed;
    replayed.run_until_quiet();
    assert_eq!(replayed.trace(), run.head_trace());
}

/// Every first-hop message of a round takes exactly 200 ms: several events
/// share each millisecond.
fn lockstep() -> Scenario {
    Scenario {
        latency: byzscope_core::Latency {
            min_ms: 200,
            max_ms: 200,
        },
        ..Scenario::default()
    }
}

#[test]
fn a_refused_action_leaves_the_run_as_it_was_even_mid_millisecond() {
    let mut run = Run::new(lockstep()).unwrap();
    run.propose(node(1), "test123").unwrap();
    assert!(run.step(), "the first delivery, at 200 ms");
    assert_eq!(run.head().next_due(), Some(200), "more are due at 200 ms");
    let before = run.head_trace().clone();
    assert!(run.propose(node(1), "").is_err());
    assert!(run.propose(node(9), "x").is_err());
    assert!(run.act(&Action::Drop { message: 999 }).is_err());
    assert_eq!(run.head_trace(), &before, "nothing was handled");
    // An accepted one comes after everything due in its millisecond, as
    // an address replaying it at that millisecond gives it.
    run.propose(node(2), "again").unwrap();
    let at_200 = before.events.iter().filter(|e| e.at <= 200).count();
    assert!(run.head_trace().events.len() > before.events.len());
    assert!(run.head_trace().events[..at_200 + 1]
        .iter()
        .all(|event| event.at <= 200));
}

#[test]
fn acting_in_the_middle_of_a_millisecond_forks_after_all_of_it() {
    let mut run = Run::new(lockstep()).unwrap();
    run.propose(node(1), "test123").unwrap();
    run.run_until_quiet();
    let at_200 = run
        .head_trace()
        .events
        .iter()
        .filter(|e| e.at <= 200)
        .count();
    // Back to a moment between two of the events at 200 ms.
    while run.shown().trace().events.len() != at_200 - 1 {
        assert!(run.step_back());
    }
    assert_eq!(run.now(), 200.0);
    run.propose(node(2), "again").unwrap();
    assert_eq!(run.forked_at(), at_200);
    run.run_until_quiet();
    // The same as proposing at 200 ms on a fresh run.
    let mut fresh = Run::new(lockstep()).unwrap();
    fresh.propose(node(1), "test123").unwrap();
    fresh.advance(200.0);
    fresh.propose(node(2), "again").unwrap();
    fresh.run_until_quiet();
    assert_eq!(fresh.head_trace(), run.head_trace());
}
