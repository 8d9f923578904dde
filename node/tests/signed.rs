//! What an open port means: anyone who can reach it can post a statement.
//! In oral mode an injected statement frames an honest node; in signed mode
//! the same forgery fails its signature and is caught. The bodies are the
//! README's `curl` commands.

mod common;

use byzscope_core::Mode;
use common::{demo, eventually, node, Cluster, SseReader};
use serde_json::{json, Value};

/// The README's injected message: node2's round-1 ECHO with another value,
/// handed to node1 as if node4 forwarded it. No header, no signature: what
/// anyone with `curl` can send.
const INJECTED: &str = r#"{"from":"node4","to":"node1","statement":{"kind":"ECHO","origin":"node2","round":1,"value":"test123_FRAMED"},"path":["node2","node4"]}"#;

async fn inject(cluster: &Cluster, body: &str) -> Value {
    let response = cluster
        .http
        .post(cluster.url(node(1), "/receive_message"))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("an answer");
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.expect("JSON")
}

fn accused(detections: &Value) -> Vec<String> {
    detections["detections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["byzantine_node"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_oral_mode_an_injected_statement_frames_an_honest_node() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    cluster.propose(node(1), "test123").await;
    cluster.round_done(1, "test123", &cluster.honest()).await;
    let reply = inject(&cluster, INJECTED).await;
    assert_eq!(reply["receipt"], "recorded");
    let detections = cluster.get(node(1), "/detections").await;
    let framed = detections["detections"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["byzantine_node"] == "node2"))
        .expect("node1 accuses honest node2");
    assert_eq!(
        framed["conflicting_values"],
        json!(["test123", "test123_FRAMED"])
    );
    assert_eq!(framed["round"], 1);
    // Gossip spreads the lie: node3 hears it through node1's forward.
    eventually("node3 to accuse node2 too", || async {
        accused(&cluster.get(node(3), "/detections").await).contains(&"node2".to_owned())
    })
    .await;
    cluster.stop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_signed_mode_the_same_forgery_is_caught() {
    let cluster = Cluster::start(demo(Mode::Signed)).await;
    let mut events = SseReader::open(&cluster.http, &cluster.url(node(1), "/events"), None).await;
    assert_eq!(events.next().await.data["scenario"]["signed"], true);
    cluster.propose(node(1), "test123").await;
    cluster.round_done(1, "test123", &cluster.honest()).await;

    let reply = inject(&cluster, INJECTED).await;
    assert_eq!(reply["receipt"], "forged");
    // A signature that is well formed but not node2's is caught the same way.
    let signed_by_nobody = INJECTED.replace(
        r#""path""#,
        &format!(r#""signature":"{}","path""#, "00".repeat(64)),
    );
    assert_eq!(
        inject(&cluster, &signed_by_nobody).await["receipt"],
        "forged"
    );

    let detections = cluster.get(node(1), "/detections").await;
    assert!(
        !accused(&detections).contains(&"node2".to_owned()),
        "{detections}"
    );
    // Equivocation and forgery, both against node4, once each per round.
    assert_eq!(accused(&detections), ["node4", "node4"]);
    assert_eq!(
        detections["detections"][1]["conflicting_values"],
        json!(["test123", "test123_FRAMED"])
    );
    let caught = events
        .until(|e| e.data["kind"] == "detected" && e.data["detection_kind"] == "forgery")
        .await;
    assert_eq!(caught[caught.len() - 1].data["byzantine_node"], "node4");
    // Nobody else heard of it: a dropped copy is not forwarded.
    for id in [node(2), node(3)] {
        assert_eq!(accused(&cluster.get(id, "/detections").await), ["node4"]);
    }
    cluster.stop_all().await;
}
