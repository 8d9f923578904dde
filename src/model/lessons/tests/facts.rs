//! Each lesson's facts: every sentence it says, asserted against its run.

use super::*;

#[test]
fn agree_four_honest_nodes_decide_by_a_quorum_of_three() {
    let run = at_step("agree", 4);
    assert!(says("agree", 4).contains("All four nodes decided test123"));
    assert!(run.shown().scenario().byzantine.is_empty());
    for node in run.shown().nodes() {
        assert_eq!(decided(node).as_deref(), Some("test123"));
        assert!(node.round(1).unwrap().votes_for("test123") >= 3);
    }
    assert!(detections(&run).is_empty());
    // Step 2: node1's PROPOSE goes to its three peers.
    let run = at_step("agree", 2);
    let sent: Vec<u16> = run
        .shown()
        .trace()
        .messages
        .iter()
        .map(|m| m.message.to.number())
        .collect();
    assert_eq!(sent, [2, 3, 4]);
    // Step 5: q = ⌈(N + f + 1) / 2⌉ = 3 for N = 4, f = 1; any two
    // 3-subsets of 4 share 2 nodes.
    assert_eq!((quorum::fault_tolerance(4), quorum::quorum(4)), (1, 3));
    let subsets: Vec<u32> = (0u32..16).filter(|m| m.count_ones() == 3).collect();
    for a in &subsets {
        for b in &subsets {
            assert!((a & b).count_ones() >= 2);
        }
    }
}

#[test]
fn two_stories_node4_splits_its_echo() {
    let run = at_step("two-stories", 3);
    assert!(says("two-stories", 3)
        .contains("test123 to node1, but test123_BYZANTINE to node2 and node3"));
    let splits = run.shown().splits();
    assert_eq!(splits.len(), 1);
    assert_eq!(splits[0].node.number(), 4);
    let split = splits[0].split.clone();
    let groups: Vec<(String, Vec<u16>)> = split
        .groups
        .iter()
        .map(|(value, nodes)| {
            (
                value.to_string(),
                nodes.iter().map(|n| n.number()).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("test123".into(), vec![1]),
            ("test123_BYZANTINE".into(), vec![2, 3])
        ]
    );
    assert_eq!(split.kind, byzscope_core::statement::Kind::Echo);
}

#[test]
fn gossip_node1_learns_the_second_value_from_node3() {
    let run = at_step("gossip", 3);
    let shown = run.shown();
    let found = shown
        .detections(Some(node(1)))
        .into_iter()
        .find(|d| d.detection.byzantine_node == node(4))
        .unwrap();
    let provenance = shown.provenance(found.event, found.index).unwrap();
    let trace = shown.trace();
    let hops = |chain: &[usize]| -> Vec<(u16, u16)> {
        chain
            .iter()
            .map(|id| {
                let m = &trace.messages[*id].message;
                (m.from.number(), m.to.number())
            })
            .collect()
    };
    assert_eq!(&*provenance.held.statement.value, "test123");
    assert_eq!(hops(&provenance.held.messages), [(4, 1)]);
    assert_eq!(&*provenance.arrived.statement.value, "test123_BYZANTINE");
    assert_eq!(hops(&provenance.arrived.messages), [(4, 3), (3, 1)]);
    assert!(says("gossip", 3).contains("node4 → node3 → node1"));
    let heard = shown.node(node(1)).unwrap().round(1).unwrap();
    assert_eq!(heard.heard_from(node(4)).unwrap().values().len(), 2);
}

#[test]
fn caught_each_honest_node_in_turn_and_the_five_fields() {
    let order = [(2, 3, 1058), (3, 2, 1161), (4, 1, 1247)];
    for (step, detector, at) in order {
        let run = at_step("caught", step);
        let last = detections(&run).last().cloned().unwrap();
        assert_eq!((last.0, last.1, last.3, last.4), (detector, 4, both(), at));
        assert!(says("caught", step).contains(&format!("node{detector} catches node4")));
        assert!(says("caught", step).contains(&format!("{at} ms")));
    }
    let run = at_step("caught", 5);
    let json: serde_json::Value = serde_json::from_str(&run.shown().detections_json(None)).unwrap();
    let record = &json[0]["detections"][0];
    let mut keys: Vec<&str> = record
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "byzantine_node",
            "conflicting_values",
            "detected_at",
            "detected_by",
            "round"
        ]
    );
    assert_eq!(record["conflicting_values"], serde_json::json!(both()));
    let _: DetectionRecord = serde_json::from_value(record.clone()).unwrap();
}

#[test]
fn cannot_win_the_honest_nodes_decide_and_a_caught_origin_counts_for_nothing() {
    let lesson = lesson("cannot-win");
    let plan = Plan::of(lesson);
    let mut run = Run::new(plan.scenario.clone()).unwrap();
    plan.go(&mut run, 1);
    for node in honest(&run) {
        assert_eq!(decided(node).as_deref(), Some("test123"));
    }
    // At every moment of the run, test123_BYZANTINE has at most node4's vote.
    let end = plan.marks[3];
    let mut walk = Run::new(plan.scenario.clone()).unwrap();
    plan.go(&mut walk, 0);
    while walk.shown().trace().events.len() < end.events && walk.step() {
        for node in honest(&walk) {
            if let Some(round) = node.round(1) {
                assert!(round.votes_for("test123_BYZANTINE") <= 1);
            }
        }
    }
    let run = at_step("cannot-win", 4);
    for node in honest(&run) {
        let round = node.round(1).unwrap();
        let heard = round.heard_from(self::node(4)).unwrap();
        assert!(heard.is_caught() && round.votes_for("test123_BYZANTINE") == 0);
        assert_eq!(round.origins().filter(|(_, h)| h.is_caught()).count(), 1);
        assert!(round.votes_for("test123") < 4, "node4 no longer counts");
    }
}

#[test]
fn framed_oral_forgeries_make_honest_nodes_accuse_node1() {
    let run = at_step("framed", 3);
    let shown = run.shown();
    let framed: Vec<(u16, u16)> = shown
        .detections(None)
        .iter()
        .filter(|d| d.detection.byzantine_node == node(1))
        .map(|d| {
            assert!(shown.is_false_accusation(d.detection));
            assert_eq!(
                d.detection
                    .conflicting_values
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>(),
                ["test123", "test123_FORGED"]
            );
            (d.detection.detected_by.number(), 1)
        })
        .collect();
    assert_eq!(framed, [(2, 1), (3, 1)]);
    assert!(says("framed", 3).contains("node2 and node3 accuse node1"));
    // node1 made one statement only: its PROPOSE of test123.
    let from_node1: Vec<String> = shown
        .trace()
        .messages
        .iter()
        .filter(|m| m.message.from == node(1) && m.message.is_direct())
        .map(|m| m.message.statement.value.to_string())
        .collect();
    assert!(from_node1.iter().all(|v| v == "test123"));
    // Every honest node is accused by another honest node.
    for accused in [1, 2, 3] {
        assert!(detections(&run)
            .iter()
            .any(|d| d.1 == accused && d.0 != accused && d.0 != 4));
    }
}

#[test]
fn signed_nobody_honest_is_accused_the_forger_is_and_the_evidence_holds() {
    let run = at_step("signed", 3);
    let all = detections(&run);
    assert!(all.iter().all(|d| d.1 == 4), "only node4 is accused");
    for detector in [1, 2, 3] {
        assert!(all
            .iter()
            .any(|d| d.0 == detector && d.2 == DetectionKind::Forgery));
    }
    let shown = run.shown();
    let found = shown
        .detections(Some(node(1)))
        .into_iter()
        .find(|d| d.detection.kind == DetectionKind::Equivocation)
        .unwrap();
    let evidence = Evidence::of(found.detection).unwrap();
    let json = evidence.to_json();
    assert!(verify_evidence_json(&json).holds());
    assert!(evidence.verify().holds());
    // Change one character of a signature.
    let at = json.find("\"signature\"").unwrap() + "\"signature\": \"".len() + 3;
    let mut changed = json.clone().into_bytes();
    changed[at] = if changed[at] == b'0' { b'1' } else { b'0' };
    let changed = String::from_utf8(changed).unwrap();
    assert_ne!(changed, json);
    assert!(!verify_evidence_json(&changed).holds());
}

#[test]
fn gossip_fails_one_cut_makes_node1_miss_and_the_check_says_which() {
    let lesson = lesson("gossip-fails");
    let plan = Plan::of(lesson);
    let step = &lesson.steps[1];
    let task = step.task.unwrap();
    let mark = plan.marks[1];
    let start = at_step("gossip-fails", 2);
    // Doing nothing: node1 catches node4, the task fails and the wait is stuck.
    let mut idle = start.clone();
    idle.run_until_quiet();
    assert_eq!(task_outcome(&idle, task.goal, mark), TaskOutcome::Failed);
    assert!(stuck(&idle, step, mark));
    // The solution, and each single cut: which make node1 miss?
    let mut worked = Vec::new();
    for (a, b) in [(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)] {
        let mut run = start.clone();
        run.act(&Action::Cut {
            a: node(a),
            b: node(b),
        })
        .unwrap();
        assert_eq!(task_outcome(&run, task.goal, mark), TaskOutcome::Open);
        run.run_until_quiet();
        if let TaskOutcome::Done(fault) = task_outcome(&run, task.goal, mark) {
            assert_eq!(
                fault,
                Action::Cut {
                    a: node(a),
                    b: node(b)
                }
            );
            worked.push((a, b));
        }
    }
    assert_eq!(worked, [(1, 4)]);
    // Dropping node4's ECHO to node1 also works; two faults are too many.
    let mut run = start.clone();
    while !run
        .shown()
        .in_flight()
        .any(|m| m.message.from == node(4) && m.message.to == node(1))
    {
        run.step();
    }
    let echo = run
        .shown()
        .in_flight()
        .find(|m| m.message.from == node(4) && m.message.to == node(1))
        .unwrap()
        .id;
    let mut twice = run.clone();
    run.act(&Action::Drop { message: echo }).unwrap();
    run.run_until_quiet();
    assert_eq!(
        task_outcome(&run, task.goal, mark),
        TaskOutcome::Done(Action::Drop { message: echo })
    );
    twice
        .act(&Action::Cut {
            a: node(2),
            b: node(3),
        })
        .unwrap();
    twice.act(&Action::Drop { message: echo }).unwrap();
    twice.run_until_quiet();
    assert_eq!(
        task_outcome(&twice, task.goal, mark),
        TaskOutcome::TooMany(2)
    );
    // The step after: node1 heard only test123_BYZANTINE, from node2 and node3.
    let after = at_step("gossip-fails", 3);
    assert!(says("gossip-fails", 3).starts_with("Cutting node1–node4 does it"));
    let shown = after.shown();
    let round = shown.node(node(1)).unwrap().round(1).unwrap();
    let heard = round.heard_from(node(4)).unwrap();
    assert_eq!(
        heard
            .values()
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>(),
        ["test123_BYZANTINE"]
    );
    let mut through: Vec<u16> = heard.arrivals().iter().map(|a| a.from().number()).collect();
    through.sort();
    assert!(through.iter().all(|n| [2, 3].contains(n)) && !through.is_empty());
    // node4 sent test123 to node1 alone, and it was lost.
    let test123: Vec<_> = shown
        .trace()
        .messages
        .iter()
        .filter(|m| {
            m.message.from == node(4)
                && m.message.is_direct()
                && &*m.message.statement.value == "test123"
        })
        .collect();
    assert_eq!(test123.len(), 1);
    assert_eq!(test123[0].message.to, node(1));
    assert!(matches!(
        shown.fate(test123[0].id),
        Some(byzscope_core::Fate::Lost { .. })
    ));
    assert!(detections(&after).is_empty(), "nobody caught node4");
}

#[test]
fn beyond_too_many_liars_split_the_decision() {
    let run = at_step("beyond", 3);
    let scenario = run.shown().scenario();
    assert!(scenario.bound_broken());
    assert_eq!(
        (
            scenario.fault_tolerance(),
            scenario.quorum(),
            scenario.byzantine.len()
        ),
        (2, 5, 4)
    );
    let decisions: Vec<(u16, Option<String>)> = honest(&run)
        .iter()
        .map(|node| (node.id().number(), decided(node)))
        .collect();
    assert_eq!(
        decisions,
        [
            (2, Some("test123".into())),
            (5, Some("test123_BYZANTINE".into())),
            (7, Some("test123_BYZANTINE".into()))
        ]
    );
    assert!(says("beyond", 3)
        .contains("node2 decided test123, but node5 and node7 decided test123_BYZANTINE"));
}
