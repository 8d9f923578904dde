//! The live recording, tested on a real one: `byzscope-node cluster`,
//! node1 proposing test123, each node's `/events` recorded with `curl -N`
//! (the `data:` lines kept) and each node's `/detections` after.

use byzscope_core::{DetectionsDocument, Fate, NodeId, Outcome};

use super::*;
use crate::model::export::run_json;

const STREAMS: [&str; 4] = [
    include_str!("fixtures/node1.jsonl"),
    include_str!("fixtures/node2.jsonl"),
    include_str!("fixtures/node3.jsonl"),
    include_str!("fixtures/node4.jsonl"),
];
const DETECTIONS: [&str; 4] = [
    include_str!("fixtures/det1.json"),
    include_str!("fixtures/det2.json"),
    include_str!("fixtures/det3.json"),
    include_str!("fixtures/det4.json"),
];

fn urls() -> Vec<String> {
    (18001..=18004)
        .map(|port| format!("http://127.0.0.1:{port}"))
        .collect()
}

fn node(k: u16) -> NodeId {
    NodeId::new(k).unwrap()
}

fn recorded() -> Recording {
    let mut recording = Recording::new(&urls());
    // Streams arrive interleaved; take them one line from each in turn.
    let mut lines: Vec<_> = STREAMS.iter().map(|s| s.lines()).collect();
    loop {
        let mut any = false;
        for (at, stream) in lines.iter_mut().enumerate() {
            if let Some(line) = stream.next() {
                recording.take(at, line).unwrap();
                any = true;
            }
        }
        if !any {
            break recording;
        }
    }
}

#[test]
fn a_real_run_is_four_nodes_with_node4_byzantine() {
    let recording = recorded();
    let scenario = recording.scenario();
    assert_eq!(scenario.nodes, 4);
    assert_eq!(
        scenario.byzantine.keys().copied().collect::<Vec<_>>(),
        [node(4)]
    );
    assert!(recording
        .watched
        .iter()
        .all(|w| w.link == Link::Up && w.lives == 1));
    assert_eq!(scenario.started_at_ms, recording.origin_ms().unwrap());
}

#[test]
fn every_honest_node_detects_node4_in_round_1() {
    let trace = recorded().trace();
    let mut detectors: Vec<_> = trace
        .detections()
        .map(|detection| {
            assert_eq!(detection.byzantine_node, node(4));
            assert_eq!(detection.round, 1);
            assert_eq!(
                detection
                    .conflicting_values
                    .iter()
                    .map(|v| &**v)
                    .collect::<Vec<_>>(),
                ["test123", "test123_BYZANTINE"]
            );
            detection.detected_by
        })
        .collect();
    detectors.sort();
    assert_eq!(detectors, [node(1), node(2), node(3)]);
    // The table's rows are the nodes' own documents: the same detections.
    for (k, text) in DETECTIONS.iter().enumerate() {
        let document: DetectionsDocument = serde_json::from_str(text).unwrap();
        let expected = usize::from(k < 3);
        assert_eq!(document.detections.len(), expected, "node{}", k + 1);
    }
    let decided: Vec<_> = trace
        .events
        .iter()
        .flat_map(|event| &event.effects)
        .filter_map(|outcome| match outcome {
            Outcome::Decided { value, .. } => Some(value.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(decided.len(), 4);
    assert!(decided.iter().all(|value| value == "test123"));
}

#[test]
fn every_message_is_paired_and_none_arrives_before_it_was_sent() {
    let trace = recorded().trace();
    let sent = STREAMS
        .iter()
        .flat_map(|s| s.lines())
        .filter(|line| line.contains(r#""kind":"sent""#))
        .count();
    assert_eq!(trace.messages.len(), sent);
    for envelope in &trace.messages {
        assert!(
            matches!(envelope.fate, Fate::Delivered { .. }),
            "{envelope:?}"
        );
        assert!(envelope.deliver_at >= envelope.sent_at);
        assert_eq!(trace.events[envelope.sent_by].node, envelope.message.from);
    }
    for (index, event) in trace.events.iter().enumerate() {
        assert_eq!(event.index, index);
        if index > 0 {
            assert!(event.at >= trace.events[index - 1].at);
        }
    }
    assert!(trace
        .messages
        .windows(2)
        .all(|w| w[0].sent_at <= w[1].sent_at));
    // The run file is the simulator's, so it exports and reads back.
    let json: serde_json::Value = serde_json::from_str(&run_json(&trace)).unwrap();
    assert_eq!(json["scenario"]["nodes"], 4);
    assert_eq!(
        json["detection_metrics"]["equivocations"][0]["origin"],
        "node4"
    );
}

#[test]
fn a_dot_travels_from_its_real_send_to_its_real_arrival() {
    let trace = recorded().trace();
    let envelope = trace
        .messages
        .iter()
        .find(|envelope| envelope.deliver_at > envelope.sent_at)
        .expect("some message took a millisecond or more");
    let (s, d) = (envelope.sent_at as f64, envelope.deliver_at as f64);
    let halfway = (s + d) / 2.0;
    let dot = dots(&trace, halfway, 1e9)
        .into_iter()
        .find(|dot| dot.message == envelope.id)
        .unwrap();
    assert!((dot.along - 0.5).abs() < 1e-9);
    assert!(dots(&trace, d, 1e9)
        .iter()
        .all(|dot| dot.message != envelope.id));
    let end = trace.events.last().unwrap().at as f64;
    assert_eq!(dots(&trace, end, end), []);
    let standing = standings(&trace, end);
    assert_eq!(standing[0].round, 1);
    assert_eq!(
        standing[0].decided.as_ref().map(|(_, v)| &**v),
        Some("test123")
    );
    assert_eq!(standing[0].caught, [(node(4), 1)]);
    assert_eq!(standings(&trace, -1.0)[0], Standing::default());
}

#[test]
fn a_message_not_arrived_yet_is_in_flight_and_a_failed_one_lost() {
    let mut recording = recorded();
    let origin = recording.origin_ms().unwrap();
    let last = recording.watched[0].last_seq;
    let at = recording.latest_ms().unwrap() + 10;
    let sent = |seq: u64, id: &str, to: &str| {
        format!(
            r#"{{"seq":{seq},"node":"node1","at_ms":{at},"kind":"sent","message_id":"{id}","message":{{"from":"node1","to":"{to}","statement":{{"kind":"PROPOSE","origin":"node1","round":2,"value":"again"}},"path":["node1"]}},"forward":false,"url":"x"}}"#
        )
    };
    let proposed = format!(
        r#"{{"seq":{},"node":"node1","at_ms":{at},"kind":"proposed","round":2,"value":"again"}}"#,
        last + 1
    );
    recording.take(0, &proposed).unwrap();
    recording
        .take(0, &sent(last + 2, "node1#900", "node2"))
        .unwrap();
    recording
        .take(0, &sent(last + 3, "node1#901", "node3"))
        .unwrap();
    let failed = format!(
        r#"{{"seq":{},"node":"node1","at_ms":{},"kind":"send_failed","message_id":"node1#901","to":"node3","error":"could not connect (is it running?)"}}"#,
        last + 4,
        at + 5
    );
    recording.take(0, &failed).unwrap();
    let trace = recording.trace();
    let [.., waiting, failed] = &trace.messages[..] else {
        panic!("two more messages");
    };
    assert_eq!(waiting.fate, Fate::InFlight);
    assert!(matches!(failed.fate, Fate::Lost { .. }));
    let now = (at - origin) as f64 + 500.0;
    let moving = dots(&trace, now - 1.0, now);
    let dot = moving.iter().find(|dot| dot.message == waiting.id).unwrap();
    assert!(dot.along > 0.0 && dot.along <= 0.9);
    assert!(moving.iter().all(|dot| dot.message != failed.id));
}

#[test]
fn bad_lines_are_refused_with_a_reason_and_change_nothing() {
    let mut recording = recorded();
    let before = recording.trace();
    for (line, words) in [
        ("not json", "not JSON"),
        ("{\"no\":\"kind\"}", "without a kind"),
        (
            r#"{"kind":"sent","seq":999,"node":"node1","at_ms":1}"#,
            "'sent' event that does not fit",
        ),
        (
            r#"{"kind":"proposed","seq":999,"node":"node2","at_ms":1,"round":1,"value":"x"}"#,
            "an event of node2 on the stream of node1",
        ),
        (
            r#"{"kind":"proposed","seq":999,"node":"node77","at_ms":1,"round":1,"value":"x"}"#,
            "does not fit",
        ),
    ] {
        let why = recording.take(0, line).unwrap_err();
        assert!(why.contains(words), "{line}: {why}");
    }
    let hello2 = STREAMS[1].lines().next().unwrap();
    let why = recording.take(0, hello2).unwrap_err();
    assert!(why.contains("so does http://127.0.0.1:18002"), "{why}");
    assert_eq!(recording.trace(), before);
    // An unknown kind is a newer node's, not an error.
    let newer = r#"{"kind":"gossip_summary","seq":999,"node":"node1","at_ms":1}"#;
    assert_eq!(
        recording.take(0, newer),
        Ok(Taken::Event {
            changes_documents: false
        })
    );
    // A repeated event is ignored.
    let first = STREAMS[0].lines().nth(1).unwrap();
    assert_eq!(recording.take(0, first), Ok(Taken::Repeated));
    let mut fresh = Recording::new(&urls());
    assert!(fresh
        .take(0, first)
        .unwrap_err()
        .contains("before its hello"));
}

#[test]
fn a_restarted_node_is_a_new_life_and_keeps_the_old_one() {
    let mut recording = recorded();
    let events = recording.kept().count();
    let hello = STREAMS[2]
        .lines()
        .next()
        .unwrap()
        .replace(r#""boot":""#, r#""boot":"again-"#);
    assert_eq!(
        recording.take(2, &hello),
        Ok(Taken::Hello { new_life: true })
    );
    assert_eq!(recording.watched[2].lives, 2);
    assert_eq!(recording.watched[2].last_seq, 0);
    let first = STREAMS[2].lines().nth(1).unwrap();
    assert!(matches!(recording.take(2, first), Ok(Taken::Event { .. })));
    assert_eq!(recording.kept().count(), events + 1);
    assert_eq!(recording.mark_down(2), 1);
    assert_eq!(recording.mark_down(2), 2);
    assert_eq!(recording.watched[2].link, Link::Down { failures: 2 });
}

#[test]
fn reconnecting_waits_longer_each_time_up_to_a_limit() {
    assert_eq!(backoff_ms(1), FIRST_BACKOFF_MS);
    assert_eq!(backoff_ms(2), 2 * FIRST_BACKOFF_MS);
    assert!(backoff_ms(3) > backoff_ms(2));
    assert_eq!(backoff_ms(40), MAX_BACKOFF_MS);
}
