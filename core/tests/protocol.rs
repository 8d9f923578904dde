//! One test per rule of the protocol, driving single nodes by hand. Each
//! fails if its rule is broken.

use std::sync::Arc;

use byzscope_core::signing::{derive_key, Directory, SecretKey, Signature};
use byzscope_core::{
    DetectionKind, Effect, Kind, Message, Mode, Node, NodeId, Receipt, Role, Statement, Strategy,
    ValueError, ROUND_TIMEOUT_MS,
};

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

fn node(n: u16, size: u16, role: Role) -> Node {
    Node::new(id(n), size, role, None)
}

fn honest(n: u16) -> Node {
    node(n, 4, Role::Honest)
}

fn keys(size: u16) -> (Vec<SecretKey>, Arc<Directory>) {
    let keys: Vec<SecretKey> = (1..=size).map(|n| derive_key(9, id(n))).collect();
    let directory = Arc::new(Directory::of(&keys));
    (keys, directory)
}

fn signed_node(n: u16, role: Role) -> (Node, Vec<SecretKey>) {
    let (keys, directory) = keys(4);
    let node = Node::new(
        id(n),
        4,
        role,
        Some((keys[usize::from(n) - 1].clone(), directory)),
    );
    (node, keys)
}

fn statement(kind: Kind, origin: u16, round: u64, value: &str) -> Arc<Statement> {
    Arc::new(Statement::new(kind, id(origin), round, value))
}

/// A message carrying `statement`, handed over by the last node of `path`.
fn message(statement: &Arc<Statement>, path: &[u16], to: u16) -> Message {
    Message {
        from: id(*path.last().unwrap()),
        to: id(to),
        statement: statement.clone(),
        signature: None,
        path: path.iter().map(|n| id(*n)).collect(),
    }
}

fn signed(mut message: Message, signature: Signature) -> Message {
    message.signature = Some(signature);
    message
}

fn sends(effects: &[Effect]) -> Vec<&Message> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Send(message) => Some(message),
            _ => None,
        })
        .collect()
}

fn recipients(effects: &[Effect]) -> Vec<(NodeId, String)> {
    sends(effects)
        .into_iter()
        .map(|m| (m.to, m.statement.value.to_string()))
        .collect()
}

fn detections(effects: &[Effect]) -> Vec<&byzscope_core::Detection> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Detected(detection) => Some(detection),
            _ => None,
        })
        .collect()
}

fn logs(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Log(line) => Some(line.to_string()),
            _ => None,
        })
        .collect()
}

fn decided(effects: &[Effect]) -> Option<String> {
    effects.iter().find_map(|effect| match effect {
        Effect::Decided { value, .. } => Some(value.to_string()),
        _ => None,
    })
}

// Proposing

#[test]
fn a_proposal_starts_the_next_round_and_goes_to_every_peer() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    assert_eq!(node1.propose(100, "test123", &mut out), Ok(1));
    assert_eq!(node1.current_round(), 1);
    assert_eq!(
        recipients(&out),
        vec![
            (id(2), "test123".into()),
            (id(3), "test123".into()),
            (id(4), "test123".into())
        ]
    );
    for sent in sends(&out) {
        assert_eq!(sent.statement.kind, Kind::Propose);
        assert_eq!(sent.statement.origin, id(1));
        assert_eq!(sent.statement.round, 1);
        assert!(sent.is_direct());
        assert_eq!(&*sent.path, &[id(1)]);
    }
    assert!(out.contains(&Effect::SetTimer {
        round: 1,
        at: 100 + ROUND_TIMEOUT_MS
    }));
    out.clear();
    assert_eq!(node1.propose(200, "again", &mut out), Ok(2));
}

#[test]
fn a_refused_value_sends_nothing_and_changes_nothing() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    assert_eq!(node1.propose(0, "", &mut out), Err(ValueError::Empty));
    assert_eq!(
        node1.propose(0, &"x".repeat(65), &mut out),
        Err(ValueError::TooLong { chars: 65 })
    );
    assert!(out.is_empty());
    assert_eq!(node1.current_round(), 0);
    assert_eq!(node1.rounds().count(), 0);
    assert_eq!(node1.propose(0, &"x".repeat(64), &mut out), Ok(1));
}

#[test]
fn an_equivocating_node_splits_its_peers_floor_then_ceiling() {
    let mut node4 = node(4, 4, Role::Byzantine(Strategy::Equivocate));
    let mut out = Vec::new();
    node4.propose(0, "test123", &mut out).unwrap();
    assert_eq!(
        recipients(&out),
        vec![
            (id(1), "test123".into()),
            (id(2), "test123_BYZANTINE".into()),
            (id(3), "test123_BYZANTINE".into())
        ]
    );
    assert!(logs(&out)
        .contains(&"[node4] ⚠️ BYZANTINE: Sent conflicting values to different peers!".to_owned()));
    let split = out
        .iter()
        .find_map(|effect| match effect {
            Effect::Equivocated(split) => Some(split),
            _ => None,
        })
        .expect("the split is reported");
    assert_eq!(split.groups[0].1, vec![id(1)]);
    assert_eq!(split.groups[1].1, vec![id(2), id(3)]);

    // With six peers, three and three.
    let mut node1 = node(1, 7, Role::Byzantine(Strategy::Forge));
    out.clear();
    node1.propose(0, "v", &mut out).unwrap();
    let forked: Vec<_> = recipients(&out)
        .into_iter()
        .filter(|(_, value)| value == "v_BYZANTINE")
        .map(|(to, _)| to)
        .collect();
    assert_eq!(forked, vec![id(5), id(6), id(7)]);
}

// Receiving

#[test]
fn a_duplicate_is_ignored() {
    let mut node1 = honest(1);
    let propose = statement(Kind::Propose, 2, 1, "v");
    let mut out = Vec::new();
    assert_eq!(
        node1.receive(0, &message(&propose, &[2], 1), &mut out),
        Receipt::Recorded
    );
    out.clear();
    let again = node1.receive(10, &message(&propose, &[2, 3], 1), &mut out);
    assert_eq!(again, Receipt::Duplicate { vote: false });
    // Equal is enough: a copy need not share the original's allocation.
    let equal = statement(Kind::Propose, 2, 1, "v");
    let copy = node1.receive(20, &message(&equal, &[2, 4], 1), &mut out);
    assert_eq!(copy, Receipt::Duplicate { vote: false });
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn a_new_statement_is_recorded_under_origin_and_round() {
    let mut node1 = honest(1);
    let echo = statement(Kind::Echo, 3, 2, "v");
    node1.receive(7, &message(&echo, &[3, 2], 1), &mut Vec::new());
    let arrivals = node1
        .round(2)
        .unwrap()
        .heard_from(id(3))
        .unwrap()
        .arrivals();
    assert_eq!(arrivals.len(), 1);
    assert_eq!(*arrivals[0].statement(), echo);
    assert_eq!(arrivals[0].from(), id(2));
    assert_eq!(arrivals[0].path(), &[id(3), id(2)]);
    assert_eq!(arrivals[0].at(), 7);
    assert_eq!(node1.current_round(), 2, "the highest round seen");
}

#[test]
fn two_values_from_one_origin_in_one_round_are_detected_once() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    node1.receive(
        0,
        &message(&statement(Kind::Propose, 4, 1, "test123"), &[4], 1),
        &mut out,
    );
    assert!(detections(&out).is_empty());
    out.clear();
    let fork = statement(Kind::Propose, 4, 1, "test123_BYZANTINE");
    node1.receive(300, &message(&fork, &[4, 2], 1), &mut out);
    let found = detections(&out);
    assert_eq!(found.len(), 1);
    let detection = found[0];
    assert_eq!(detection.kind, DetectionKind::Equivocation);
    assert_eq!(detection.detected_by, id(1));
    assert_eq!(detection.byzantine_node, id(4));
    assert_eq!(detection.round, 1);
    assert_eq!(detection.at, 300);
    let values: Vec<&str> = detection.conflicting_values.iter().map(|v| &**v).collect();
    assert_eq!(values, ["test123", "test123_BYZANTINE"]);
    assert!(logs(&out).contains(&"[node1] 🚨 BYZANTINE FAULT DETECTED! Node: node4 Round: 1 Conflicting values: {'test123', 'test123_BYZANTINE'}".to_owned()));

    // A third value, or the same conflict again, is not a second detection.
    out.clear();
    node1.receive(
        400,
        &message(&statement(Kind::Propose, 4, 1, "other"), &[4, 3], 1),
        &mut out,
    );
    assert!(detections(&out).is_empty());
    assert_eq!(node1.detections().len(), 1);

    // The same origin in another round is a new detection.
    node1.receive(
        500,
        &message(&statement(Kind::Echo, 4, 2, "a"), &[4], 1),
        &mut out,
    );
    node1.receive(
        500,
        &message(&statement(Kind::Echo, 4, 2, "b"), &[4, 2], 1),
        &mut out,
    );
    assert_eq!(node1.detections().len(), 2);
}

#[test]
fn conflicting_values_are_sorted() {
    let mut node2 = honest(2);
    let mut out = Vec::new();
    node2.receive(
        0,
        &message(&statement(Kind::Echo, 4, 1, "zeta"), &[4], 2),
        &mut out,
    );
    node2.receive(
        0,
        &message(&statement(Kind::Echo, 4, 1, "alpha"), &[4, 1], 2),
        &mut out,
    );
    let values: Vec<&str> = node2.detections()[0]
        .conflicting_values
        .iter()
        .map(|v| &**v)
        .collect();
    assert_eq!(values, ["alpha", "zeta"]);
}

#[test]
fn a_new_statement_is_forwarded_once_to_all_but_origin_sender_and_self() {
    let mut node1 = honest(1);
    let echo = statement(Kind::Echo, 4, 1, "v");
    let mut out = Vec::new();
    node1.receive(0, &message(&echo, &[4, 2], 1), &mut out);
    let forwarded = sends(&out);
    let to: Vec<NodeId> = forwarded.iter().map(|m| m.to).collect();
    assert_eq!(to, [id(3)], "not to origin node4, sender node2 or itself");
    assert_eq!(&*forwarded[0].path, &[id(4), id(2), id(1)]);
    assert_eq!(forwarded[0].from, id(1));
    assert!(
        Arc::ptr_eq(&forwarded[0].statement, &echo),
        "copies share the statement"
    );

    out.clear();
    node1.receive(10, &message(&echo, &[4], 1), &mut out);
    assert!(sends(&out).is_empty(), "forwarded once only");
}

#[test]
fn the_first_proposal_of_a_round_is_echoed_to_every_peer() {
    let mut node2 = honest(2);
    let mut out = Vec::new();
    node2.receive(
        0,
        &message(&statement(Kind::Propose, 1, 1, "test123"), &[1], 2),
        &mut out,
    );
    let echoes: Vec<_> = sends(&out)
        .into_iter()
        .filter(|m| m.statement.kind == Kind::Echo)
        .collect();
    let to: Vec<NodeId> = echoes.iter().map(|m| m.to).collect();
    assert_eq!(to, [id(1), id(3), id(4)]);
    assert!(echoes
        .iter()
        .all(|m| *m.statement == Statement::new(Kind::Echo, id(2), 1, "test123")));

    // A second proposal in the same round is forwarded but not echoed.
    out.clear();
    node2.receive(
        5,
        &message(&statement(Kind::Propose, 3, 1, "other"), &[3], 2),
        &mut out,
    );
    assert!(sends(&out)
        .iter()
        .all(|m| m.statement.kind == Kind::Propose));
    assert!(!sends(&out).is_empty());
}

#[test]
fn a_node_that_made_a_statement_in_the_round_does_not_echo() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    node1.propose(0, "mine", &mut out).unwrap();
    out.clear();
    node1.receive(
        5,
        &message(&statement(Kind::Propose, 2, 1, "theirs"), &[2], 1),
        &mut out,
    );
    assert!(sends(&out)
        .iter()
        .all(|m| m.statement.kind == Kind::Propose));
}

#[test]
fn a_quorum_of_direct_votes_decides() {
    // N = 4, q = 3: node2 echoes node1's proposal (two votes: node1, node2),
    // then node3's direct echo is the third.
    let mut node2 = honest(2);
    let mut out = Vec::new();
    node2.receive(
        0,
        &message(&statement(Kind::Propose, 1, 1, "v"), &[1], 2),
        &mut out,
    );
    assert_eq!(decided(&out), None);
    out.clear();
    node2.receive(
        10,
        &message(&statement(Kind::Echo, 3, 1, "v"), &[3], 2),
        &mut out,
    );
    assert_eq!(decided(&out).as_deref(), Some("v"));
    assert!(logs(&out).contains(&"[node2] ✅ Consensus reached on 'v' for round 1".to_owned()));
    assert_eq!(node2.consensus_value().map(|v| &**v), Some("v"));

    // Decisions are final.
    out.clear();
    node2.receive(
        20,
        &message(&statement(Kind::Echo, 4, 1, "v"), &[4], 2),
        &mut out,
    );
    assert_eq!(decided(&out), None);
}

#[test]
fn in_oral_mode_hearsay_is_no_vote_until_the_origin_says_it() {
    let mut node2 = honest(2);
    let mut out = Vec::new();
    node2.receive(
        0,
        &message(&statement(Kind::Propose, 1, 1, "v"), &[1], 2),
        &mut out,
    );
    // node3's echo, forwarded by node4: hearsay.
    let echo3 = statement(Kind::Echo, 3, 1, "v");
    out.clear();
    node2.receive(10, &message(&echo3, &[3, 4], 2), &mut out);
    assert_eq!(decided(&out), None, "a forwarded copy is no vote");
    let again = node2.receive(15, &message(&echo3, &[3, 1], 2), &mut out);
    assert_eq!(
        again,
        Receipt::Duplicate { vote: false },
        "nor is a second one"
    );
    assert_eq!(decided(&out), None);
    // The same statement straight from node3 is a duplicate, but now a vote.
    out.clear();
    let receipt = node2.receive(20, &message(&echo3, &[3], 2), &mut out);
    assert_eq!(receipt, Receipt::Duplicate { vote: true });
    assert_eq!(decided(&out).as_deref(), Some("v"));
    assert!(sends(&out).is_empty(), "a duplicate is not forwarded again");
}

#[test]
fn an_origin_caught_equivocating_counts_for_no_value() {
    // N = 4, q = 3. node1 proposes; node4 equivocates and is caught before
    // node2's vote would have been its third.
    let mut node1 = honest(1);
    let mut out = Vec::new();
    node1.propose(0, "v", &mut out).unwrap();
    node1.receive(
        10,
        &message(&statement(Kind::Echo, 4, 1, "v"), &[4], 1),
        &mut out,
    );
    node1.receive(
        20,
        &message(&statement(Kind::Echo, 4, 1, "v_BYZANTINE"), &[4, 3], 1),
        &mut out,
    );
    assert_eq!(node1.detections().len(), 1);
    out.clear();
    node1.receive(
        30,
        &message(&statement(Kind::Echo, 2, 1, "v"), &[2], 1),
        &mut out,
    );
    assert_eq!(decided(&out), None, "node4's vote no longer counts");
    node1.receive(
        40,
        &message(&statement(Kind::Echo, 3, 1, "v"), &[3], 1),
        &mut out,
    );
    assert_eq!(decided(&out).as_deref(), Some("v"));
}

#[test]
fn a_round_times_out_without_a_decision_and_a_late_decision_still_counts() {
    let mut node2 = honest(2);
    let mut out = Vec::new();
    node2.receive(
        0,
        &message(&statement(Kind::Propose, 1, 1, "v"), &[1], 2),
        &mut out,
    );
    out.clear();
    assert!(node2.on_timeout(ROUND_TIMEOUT_MS, 1, &mut out));
    assert!(out.contains(&Effect::TimedOut { round: 1 }));
    assert!(logs(&out).contains(&"[node2] ⏱ Round 1 timed out without consensus".to_owned()));
    assert!(node2.round(1).unwrap().timed_out());
    out.clear();
    node2.receive(
        2_500,
        &message(&statement(Kind::Echo, 3, 1, "v"), &[3], 2),
        &mut out,
    );
    assert_eq!(decided(&out).as_deref(), Some("v"));
    assert_eq!(node2.consensus_value().map(|v| &**v), Some("v"));
    // A timer for a decided round does nothing.
    let mut node3 = honest(3);
    node3.receive(
        0,
        &message(&statement(Kind::Propose, 1, 1, "v"), &[1], 3),
        &mut out,
    );
    node3.receive(
        0,
        &message(&statement(Kind::Echo, 2, 1, "v"), &[2], 3),
        &mut out,
    );
    out.clear();
    assert!(!node3.on_timeout(ROUND_TIMEOUT_MS, 1, &mut out));
    assert!(out.is_empty());
}

#[test]
fn consensus_value_is_the_latest_decided_round() {
    let mut node2 = honest(2);
    let mut out = Vec::new();
    for (round, value) in [(1, "one"), (2, "two")] {
        node2.receive(
            0,
            &message(&statement(Kind::Propose, 1, round, value), &[1], 2),
            &mut out,
        );
        node2.receive(
            0,
            &message(&statement(Kind::Echo, 3, round, value), &[3], 2),
            &mut out,
        );
    }
    assert_eq!(node2.consensus_value().map(|v| &**v), Some("two"));
    // Entering round 3 without deciding it keeps round 2's decision.
    node2.receive(
        0,
        &message(&statement(Kind::Propose, 1, 3, "three"), &[1], 2),
        &mut out,
    );
    assert_eq!(node2.consensus_value().map(|v| &**v), Some("two"));
    assert_eq!(node2.current_round(), 3);
}

// Byzantine strategies

#[test]
fn a_silent_node_sends_and_forwards_nothing() {
    let mut node4 = node(4, 4, Role::Byzantine(Strategy::Silent));
    let mut out = Vec::new();
    node4.propose(0, "v", &mut out).unwrap();
    node4.receive(
        0,
        &message(&statement(Kind::Propose, 1, 2, "w"), &[1], 4),
        &mut out,
    );
    assert!(sends(&out).is_empty());
}

#[test]
fn a_forging_node_alters_what_it_forwards_but_not_twice() {
    let mut node4 = node(4, 4, Role::Byzantine(Strategy::Forge));
    let mut out = Vec::new();
    node4.receive(
        0,
        &message(&statement(Kind::Propose, 1, 1, "test123"), &[1], 4),
        &mut out,
    );
    let forwarded: Vec<_> = sends(&out)
        .into_iter()
        .filter(|m| m.statement.kind == Kind::Propose)
        .map(|m| (m.to, m.statement.origin, m.statement.value.to_string()))
        .collect();
    assert_eq!(
        forwarded,
        [
            (id(2), id(1), "test123_FORGED".into()),
            (id(3), id(1), "test123_FORGED".into())
        ]
    );
    // Its own echo is split like an equivocator's.
    let echoes: Vec<_> = sends(&out)
        .into_iter()
        .filter(|m| m.statement.kind == Kind::Echo)
        .map(|m| m.statement.value.to_string())
        .collect();
    assert_eq!(
        echoes,
        ["test123", "test123_BYZANTINE", "test123_BYZANTINE"]
    );

    out.clear();
    node4.receive(
        0,
        &message(&statement(Kind::Echo, 2, 1, "x_FORGED"), &[2], 4),
        &mut out,
    );
    let values: Vec<_> = sends(&out)
        .iter()
        .map(|m| m.statement.value.to_string())
        .collect();
    assert_eq!(
        values,
        ["x_FORGED", "x_FORGED"],
        "forgeries do not snowball"
    );
}

// Signed mode

#[test]
fn in_signed_mode_statements_carry_their_origins_signature() {
    let (mut node1, keys) = signed_node(1, Role::Honest);
    assert_eq!(node1.mode(), Mode::Signed);
    let directory = Directory::of(&keys);
    let mut out = Vec::new();
    node1.propose(0, "v", &mut out).unwrap();
    for sent in sends(&out) {
        let signature = sent.signature.expect("signed");
        assert!(directory.verify(&sent.statement, &signature));
    }
}

#[test]
fn in_signed_mode_a_forged_copy_is_dropped_and_its_sender_accused_once() {
    let (mut node2, keys) = signed_node(2, Role::Honest);
    let genuine = statement(Kind::Propose, 1, 1, "test123");
    let signature = keys[0].sign(&genuine);
    let mut out = Vec::new();
    node2.receive(0, &signed(message(&genuine, &[1], 2), signature), &mut out);
    out.clear();

    let forged = Arc::new(genuine.with_value("test123_FORGED"));
    let copy = signed(message(&forged, &[1, 4], 2), signature);
    assert_eq!(node2.receive(10, &copy, &mut out), Receipt::Forged);
    assert!(sends(&out).is_empty(), "a forged copy is not forwarded");
    let found = detections(&out);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, DetectionKind::Forgery);
    assert_eq!(found[0].byzantine_node, id(4), "the sender, not the origin");
    let values: Vec<&str> = found[0].conflicting_values.iter().map(|v| &**v).collect();
    assert_eq!(
        values,
        ["test123", "test123_FORGED"],
        "with the genuine value held"
    );
    assert_eq!(
        node2
            .round(1)
            .unwrap()
            .heard_from(id(1))
            .unwrap()
            .arrivals()
            .len(),
        1,
        "not recorded"
    );

    // Once per (detector, accused, round), and verified once per distinct copy.
    let verified = node2.verifications();
    out.clear();
    assert_eq!(node2.receive(20, &copy, &mut out), Receipt::Forged);
    assert!(detections(&out).is_empty());
    assert_eq!(node2.verifications(), verified);

    // A copy with no signature at all is a forgery too.
    let unsigned = message(&statement(Kind::Echo, 3, 1, "test123"), &[3, 4], 2);
    out.clear();
    assert_eq!(node2.receive(30, &unsigned, &mut out), Receipt::Forged);
    assert!(
        detections(&out).is_empty(),
        "node4 was already accused of forgery in round 1"
    );
}

#[test]
fn in_signed_mode_each_distinct_statement_is_verified_once() {
    let (mut node2, keys) = signed_node(2, Role::Honest);
    let echo = statement(Kind::Echo, 3, 1, "v");
    let signature = keys[2].sign(&echo);
    let mut out = Vec::new();
    for path in [&[3][..], &[3, 1], &[3, 4]] {
        node2.receive(0, &signed(message(&echo, path, 2), signature), &mut out);
    }
    assert_eq!(node2.verifications(), 1);
    let other = statement(Kind::Echo, 4, 1, "v");
    let other_signature = keys[3].sign(&other);
    for path in [&[4][..], &[4, 1]] {
        node2.receive(
            0,
            &signed(message(&other, path, 2), other_signature),
            &mut out,
        );
    }
    assert_eq!(node2.verifications(), 2, "one per distinct statement");
}

#[test]
fn in_signed_mode_a_signed_forwarded_copy_is_a_vote() {
    let (mut node2, keys) = signed_node(2, Role::Honest);
    let mut out = Vec::new();
    let propose = statement(Kind::Propose, 1, 1, "v");
    node2.receive(
        0,
        &signed(message(&propose, &[1], 2), keys[0].sign(&propose)),
        &mut out,
    );
    let echo3 = statement(Kind::Echo, 3, 1, "v");
    out.clear();
    node2.receive(
        10,
        &signed(message(&echo3, &[3, 4], 2), keys[2].sign(&echo3)),
        &mut out,
    );
    assert_eq!(decided(&out).as_deref(), Some("v"));
}

#[test]
fn in_signed_mode_an_equivocation_carries_two_signed_statements_as_evidence() {
    let (mut node1, keys) = signed_node(1, Role::Honest);
    let directory = Directory::of(&keys);
    let a = statement(Kind::Echo, 4, 1, "test123");
    let b = statement(Kind::Echo, 4, 1, "test123_BYZANTINE");
    let mut out = Vec::new();
    node1.receive(0, &signed(message(&a, &[4], 1), keys[3].sign(&a)), &mut out);
    node1.receive(
        5,
        &signed(message(&b, &[4, 2], 1), keys[3].sign(&b)),
        &mut out,
    );
    let detection = &node1.detections()[0];
    let evidence = detection
        .evidence
        .as_ref()
        .expect("signed mode has evidence");
    assert_ne!(evidence[0].statement.value, evidence[1].statement.value);
    for signed in evidence.iter() {
        assert_eq!(signed.statement.origin, id(4));
        assert_eq!(signed.statement.round, 1);
        assert_eq!(Some(&signed.public_key), directory.key(id(4)));
        assert!(directory.verify(&signed.statement, &signed.signature));
    }
}

#[test]
fn in_oral_mode_there_is_no_evidence_to_carry() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    node1.receive(
        0,
        &message(&statement(Kind::Echo, 4, 1, "a"), &[4], 1),
        &mut out,
    );
    node1.receive(
        0,
        &message(&statement(Kind::Echo, 4, 1, "b"), &[4, 2], 1),
        &mut out,
    );
    assert!(node1.detections()[0].evidence.is_none());
}

#[test]
fn a_dropped_forgery_does_not_enter_its_round() {
    let (mut node2, _) = signed_node(2, Role::Honest);
    let mut out = Vec::new();
    let invented = message(&statement(Kind::Propose, 1, 99, "v"), &[1, 4], 2);
    assert_eq!(node2.receive(0, &invented, &mut out), Receipt::Forged);
    assert_eq!(node2.current_round(), 0);
    assert!(node2.round(99).is_none());
    assert!(!out.iter().any(|e| matches!(e, Effect::SetTimer { .. })));
    assert_eq!(node2.detections().len(), 1, "the accusation stays");
}

#[test]
fn a_message_naming_a_node_outside_the_cluster_is_refused() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    let foreign = message(&statement(Kind::Propose, 9, 1, "v"), &[9], 1);
    assert_eq!(node1.receive(0, &foreign, &mut out), Receipt::Refused);
    let via_stranger = message(&statement(Kind::Propose, 2, 1, "v"), &[2, 9], 1);
    assert_eq!(node1.receive(0, &via_stranger, &mut out), Receipt::Refused);
    let round_zero = message(&statement(Kind::Propose, 2, 0, "v"), &[2], 1);
    assert_eq!(node1.receive(0, &round_zero, &mut out), Receipt::Refused);
    assert!(out.is_empty());
    assert_eq!(node1.current_round(), 0);
}

#[test]
fn a_message_not_meant_for_this_node_is_refused() {
    let (mut node1, _) = signed_node(1, Role::Honest);
    let mut out = Vec::new();
    let propose = statement(Kind::Propose, 2, 1, "v");
    let elsewhere = message(&propose, &[2], 3);
    assert_eq!(node1.receive(0, &elsewhere, &mut out), Receipt::Refused);
    // "From" itself, unsigned: refused, not a forgery of node1 by node1.
    let from_self = message(&statement(Kind::Echo, 2, 1, "v"), &[2, 1], 1);
    assert_eq!(node1.receive(0, &from_self, &mut out), Receipt::Refused);
    let last_round = message(&statement(Kind::Propose, 2, u64::MAX, "v"), &[2], 1);
    assert_eq!(node1.receive(0, &last_round, &mut out), Receipt::Refused);
    assert!(out.is_empty());
    assert!(node1.detections().is_empty());
}

#[test]
fn a_node_never_accuses_itself() {
    // Oral mode: forged copies of node1's own proposal come back to it.
    let mut node1 = honest(1);
    let mut out = Vec::new();
    node1.propose(0, "test123", &mut out).unwrap();
    let forged = statement(Kind::Propose, 1, 1, "test123_FORGED");
    node1.receive(10, &message(&forged, &[1, 4], 1), &mut out);
    node1.receive(20, &message(&forged, &[1, 4, 2], 1), &mut out);
    assert!(node1
        .detections()
        .iter()
        .all(|detection| detection.byzantine_node != id(1)));
}

#[test]
fn one_node_can_be_named_twice_in_a_round_once_per_kind() {
    // Signed mode: node4 equivocates its echo and forges a copy of node2's.
    let (mut node1, keys) = signed_node(1, Role::Honest);
    let mut out = Vec::new();
    let a = statement(Kind::Echo, 4, 1, "v");
    let b = statement(Kind::Echo, 4, 1, "v_BYZANTINE");
    node1.receive(0, &signed(message(&a, &[4], 1), keys[3].sign(&a)), &mut out);
    node1.receive(
        5,
        &signed(message(&b, &[4, 3], 1), keys[3].sign(&b)),
        &mut out,
    );
    let genuine = statement(Kind::Echo, 2, 1, "v");
    let forged = Arc::new(genuine.with_value("v_FORGED"));
    let copy = signed(message(&forged, &[2, 4], 1), keys[1].sign(&genuine));
    node1.receive(9, &copy, &mut out);
    node1.receive(
        9,
        &signed(message(&b, &[4, 2], 1), keys[3].sign(&b)),
        &mut out,
    );
    let kinds: Vec<(NodeId, u64, DetectionKind)> = node1
        .detections()
        .iter()
        .map(|d| (d.byzantine_node, d.round, d.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (id(4), 1, DetectionKind::Equivocation),
            (id(4), 1, DetectionKind::Forgery)
        ]
    );
}

#[test]
fn the_same_value_in_two_kinds_is_no_equivocation() {
    let mut node1 = honest(1);
    let mut out = Vec::new();
    node1.receive(
        0,
        &message(&statement(Kind::Propose, 2, 1, "v"), &[2], 1),
        &mut out,
    );
    node1.receive(
        5,
        &message(&statement(Kind::Echo, 2, 1, "v"), &[2, 3], 1),
        &mut out,
    );
    assert_eq!(
        node1
            .round(1)
            .unwrap()
            .heard_from(id(2))
            .unwrap()
            .arrivals()
            .len(),
        2
    );
    assert!(node1.detections().is_empty());
}

#[test]
fn a_node_lists_every_round_it_entered() {
    let mut node2 = honest(2);
    let mut out = Vec::new();
    for round in [3, 1] {
        node2.receive(
            0,
            &message(&statement(Kind::Propose, 1, round, "v"), &[1], 2),
            &mut out,
        );
    }
    let rounds: Vec<u64> = node2.rounds().map(|(round, _)| round).collect();
    assert_eq!(rounds, [1, 3]);
}

/// What the inspector shows of a node, read through the knowledge API: per
/// round and origin, the values heard, conflicts, votes and how each copy
/// arrived.
#[test]
fn what_a_node_heard_is_readable_per_round_and_origin() {
    let mut sim = byzscope_core::Simulation::new(byzscope_core::Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    let node2 = sim.node(id(2)).unwrap();
    let round = node2.round(1).unwrap();
    let origins: Vec<NodeId> = round.origins().map(|(origin, _)| origin).collect();
    assert_eq!(origins, [id(1), id(2), id(3), id(4)]);

    let node4 = round.heard_from(id(4)).unwrap();
    assert!(node4.is_caught() && node4.is_conflict());
    assert_eq!(node4.vote(), None, "a caught origin counts for no value");
    assert_eq!(node4.values().len(), 2);

    let node1 = round.heard_from(id(1)).unwrap();
    assert!(!node1.is_conflict());
    assert_eq!(node1.vote().map(|v| &**v), Some("test123"));
    assert!(node1.arrivals().iter().any(|arrival| arrival.is_direct()));
    assert!(round.votes_for("test123") >= 3);
    assert_eq!(round.votes_for("test123_BYZANTINE"), 0);
    assert_eq!(round.decided().map(|(v, _)| &**v), Some("test123"));
    assert!(round.saw_proposal() && round.own().is_some() && !round.timed_out());
    assert!(round.heard_from(NodeId::new(5).unwrap()).is_none());
}
