//! `GET /events`: a hello with the cluster's shape, then every event, each
//! message pairable between its sender's `sent` and its receiver's
//! `received`; a client resumes after the id it names. And open CORS,
//! Chrome's private-network preflight included.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use byzscope_core::{Mode, NodeId};
use common::{demo, node, Cluster, SseReader, DEADLINE};
use serde_json::{json, Value};

/// Every event `id` has made so far, read from a fresh stream.
async fn all_events(cluster: &Cluster, id: NodeId) -> Vec<Value> {
    let mut stream =
        SseReader::open(&cluster.http, &cluster.url(id, "/events?after=0"), None).await;
    let hello = stream.next().await.data;
    let last = hello["last_seq"].as_u64().unwrap_or(0);
    let mut events = Vec::new();
    while events.len() < usize::try_from(last).unwrap_or(0) {
        let event = stream.next().await;
        assert_eq!(
            event.id,
            event.data["seq"].as_u64(),
            "the SSE id is the seq"
        );
        events.push(event.data);
    }
    events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_pair_every_message_from_its_send_to_its_arrival() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    let mut stream = SseReader::open(&cluster.http, &cluster.url(node(4), "/events"), None).await;
    let hello = stream.next().await;
    assert_eq!(hello.id, None, "the hello is not a kept event");
    let hello = hello.data;
    assert_eq!(hello["kind"], "hello");
    assert_eq!(hello["node"], "node4");
    assert_eq!(hello["is_byzantine"], true);
    assert_eq!(hello["strategy"], "equivocate");
    assert_eq!(
        hello["scenario"],
        json!({"nodes": 4, "byzantine": {"node4": "equivocate"}, "strategy": "equivocate",
               "mode": "oral", "signed": false, "seed": 1})
    );
    assert_eq!(hello["peers"]["node1"], cluster.urls[&node(1)].as_str());
    assert_eq!(hello["status"]["node_id"], "node4");
    assert_eq!(hello["last_seq"], 0);

    cluster.propose(node(1), "test123").await;
    let live = stream
        .until(|event| event.data["kind"] == "equivocated")
        .await;
    assert!(live.iter().all(|event| event.id.is_some()));
    let split = &live[live.len() - 1].data;
    assert_eq!(split["statement_kind"], "ECHO");
    assert_eq!(
        split["groups"],
        json!([{"value": "test123", "to": ["node1"]},
               {"value": "test123_BYZANTINE", "to": ["node2", "node3"]}])
    );
    cluster.round_done(1, "test123", &cluster.honest()).await;

    // Every message sent is received, and both events carry it whole.
    let started = Instant::now();
    let by_node = loop {
        let mut by_node: BTreeMap<NodeId, Vec<Value>> = BTreeMap::new();
        for id in NodeId::all(4) {
            by_node.insert(id, all_events(&cluster, id).await);
        }
        let count = |kind: &str| {
            by_node
                .values()
                .flatten()
                .filter(|e| e["kind"] == kind)
                .count()
        };
        if count("sent") > 0 && count("sent") == count("received") {
            break by_node;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "not every sent message was received"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    for event in by_node.values().flatten().filter(|e| e["kind"] == "sent") {
        let to: NodeId = event["message"]["to"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .expect("a receiver");
        let arrival = by_node[&to]
            .iter()
            .find(|e| e["kind"] == "received" && e["message_id"] == event["message_id"])
            .unwrap_or_else(|| panic!("no arrival of {}", event["message_id"]));
        assert_eq!(arrival["message"], event["message"]);
        assert!(
            arrival["at_ms"].as_i64() >= event["at_ms"].as_i64(),
            "{event} → {arrival}"
        );
    }
    // Each kind the page draws by appeared.
    let kinds: Vec<&str> = by_node
        .values()
        .flatten()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for kind in [
        "proposed",
        "sent",
        "received",
        "recorded",
        "forwarded",
        "equivocated",
        "detected",
        "decided",
        "log",
    ] {
        assert!(kinds.contains(&kind), "no {kind} event");
    }
    let forwarded = by_node[&node(2)]
        .iter()
        .find(|e| e["kind"] == "forwarded")
        .expect("a forward");
    assert_eq!(
        forwarded["to"].as_array().map(Vec::len),
        forwarded["message_ids"].as_array().map(Vec::len)
    );
    let detected = by_node[&node(1)]
        .iter()
        .find(|e| e["kind"] == "detected")
        .expect("a detection");
    assert_eq!(detected["detection_kind"], "equivocation");
    assert_eq!(detected["byzantine_node"], "node4");
    cluster.stop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_resumes_after_the_last_event_id_it_saw() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    cluster.propose(node(1), "test123").await;
    cluster.round_done(1, "test123", &cluster.honest()).await;
    let url = cluster.url(node(2), "/events");

    let mut resumed = SseReader::open(&cluster.http, &url, Some(5)).await;
    let hello = resumed.next().await.data;
    assert_eq!(hello["resumes_after"], 5);
    assert!(hello["last_seq"].as_u64() > Some(5));
    assert_eq!(resumed.next().await.id, Some(6));

    // `?after=` for a page's first connection; the header wins on a reconnect.
    let mut fresh = SseReader::open(&cluster.http, &format!("{url}?after=3"), None).await;
    fresh.next().await;
    assert_eq!(fresh.next().await.id, Some(4));
    let mut both = SseReader::open(&cluster.http, &format!("{url}?after=3"), Some(7)).await;
    both.next().await;
    assert_eq!(both.next().await.id, Some(8));

    // An id this node never gave is from before a restart: everything again.
    let mut stale = SseReader::open(&cluster.http, &url, Some(1_000_000)).await;
    assert_eq!(stale.next().await.data["resumes_after"], 0);
    assert_eq!(stale.next().await.id, Some(1));

    // Live events follow the replay on the same stream.
    let mut live = SseReader::open(&cluster.http, &url, None).await;
    let last = live.next().await.data["last_seq"].as_u64().unwrap_or(0);
    let replayed = live.until(|event| event.id == Some(last)).await;
    assert_eq!(replayed.len() as u64, last);
    cluster.propose(node(2), "next").await;
    let next = live.next().await;
    assert_eq!(next.id, Some(last + 1));
    assert_eq!(next.data["kind"], "proposed");
    assert_eq!(next.data["value"], "next");
    cluster.stop_all().await;
}

#[tokio::test]
async fn cors_is_open_and_answers_the_private_network_preflight() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    let preflight = cluster
        .http
        .request(
            reqwest::Method::OPTIONS,
            cluster.url(node(1), "/propose?value=x"),
        )
        .header("Origin", "https://example.github.io")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .header("Access-Control-Request-Private-Network", "true")
        .send()
        .await
        .expect("an answer");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(headers["access-control-allow-private-network"], "true");
    assert_eq!(headers["access-control-allow-methods"], "*");
    assert_eq!(headers["access-control-allow-headers"], "*");

    let simple = cluster
        .http
        .get(cluster.url(node(1), "/status"))
        .header("Origin", "https://example.github.io")
        .send()
        .await
        .expect("an answer");
    assert_eq!(simple.headers()["access-control-allow-origin"], "*");
    assert_eq!(
        cluster.get(node(1), "/status").await["current_round"],
        0,
        "a preflight proposes nothing"
    );
    cluster.stop_all().await;
}
