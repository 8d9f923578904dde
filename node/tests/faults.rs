//! A node that is down costs its peers failed sends, never a crash; when it
//! comes back (fresh, as a restarted process) it takes part in the next
//! round.

mod common;

use std::time::{Duration, Instant};

use byzscope_core::Mode;
use common::{demo, eventually, node, Cluster, SseReader};
use tokio::net::TcpListener;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_node_costs_a_failed_send_and_rejoins_the_next_round() {
    let mut cluster = Cluster::start(demo(Mode::Oral)).await;
    let first_life = {
        let mut stream =
            SseReader::open(&cluster.http, &cluster.url(node(3), "/events"), None).await;
        stream.next().await.data["boot"].clone()
    };
    cluster.stop(node(3)).await;
    let mut events = SseReader::open(&cluster.http, &cluster.url(node(1), "/events"), None).await;
    assert_eq!(events.next().await.data["kind"], "hello");

    cluster.propose(node(1), "test123").await;
    // node1 and node2 still catch node4 without node3.
    for id in [node(1), node(2)] {
        eventually("a detection without node3", || async {
            let detections = cluster.get(id, "/detections").await;
            detections["detections"].as_array().is_some_and(|all| {
                all.iter()
                    .any(|d| d["byzantine_node"] == "node4" && d["round"] == 1)
            })
        })
        .await;
    }
    // node1's send to node3 failed, and said so in an event.
    let failed = events
        .until(|event| event.data["kind"] == "send_failed" && event.data["to"] == "node3")
        .await;
    let failed = &failed[failed.len() - 1].data;
    assert!(failed["message_id"]
        .as_str()
        .is_some_and(|id| id.starts_with("node1#")));

    cluster.restart(node(3)).await;
    eventually("node3 to answer again", || async {
        cluster.get(node(3), "/status").await["current_round"] == 0
    })
    .await;
    // A new life: a new boot, and its events count from 1 again.
    let mut stream = SseReader::open(&cluster.http, &cluster.url(node(3), "/events"), None).await;
    let hello = stream.next().await.data;
    assert_ne!(hello["boot"], first_life);
    assert_eq!(hello["last_seq"], 0);
    let reply = cluster.propose(node(1), "again").await;
    assert_eq!(reply["round"], 2);
    cluster.round_done(2, "again", &cluster.honest()).await;
    let status = cluster.get(node(3), "/status").await;
    assert_eq!(status["current_round"], 2, "node3 caught up with round 2");
    assert_eq!(status["consensus_value"], "again");
    cluster.stop_all().await;
}

/// A peer that accepts connections and never answers costs each send the
/// original demo's 2 s timeout, and nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_that_never_answers_costs_a_two_second_timeout() {
    let mut cluster = Cluster::start(demo(Mode::Oral)).await;
    cluster.stop(node(3)).await;
    let addr = cluster.urls[&node(3)]
        .trim_start_matches("http://")
        .to_owned();
    let hung = TcpListener::bind(&addr).await.expect("node3's port");
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = hung.accept().await {
            held.push(socket);
        }
    });
    let mut events = SseReader::open(&cluster.http, &cluster.url(node(1), "/events"), None).await;
    events.next().await;
    let started = Instant::now();
    cluster.propose(node(1), "test123").await;
    let seen = events
        .until(|event| event.data["kind"] == "send_failed")
        .await;
    let failed = &seen[seen.len() - 1].data;
    assert_eq!(failed["to"], "node3");
    assert_eq!(failed["error"], "no answer within 2 s");
    let sent = seen
        .iter()
        .find(|e| e.data["kind"] == "sent" && e.data["message_id"] == failed["message_id"])
        .expect("its sent event");
    let waited = failed["at_ms"].as_i64().unwrap_or(0) - sent.data["at_ms"].as_i64().unwrap_or(0);
    assert!((1_900..4_000).contains(&waited), "waited {waited} ms");
    assert!(started.elapsed() >= Duration::from_millis(1_900));
    // Meanwhile the others carried on, and node1 still answers.
    let detections = cluster.get(node(2), "/detections").await;
    assert_eq!(detections["detections"][0]["byzantine_node"], "node4");
    assert_eq!(cluster.get(node(1), "/status").await["current_round"], 1);
    hold.abort();
    cluster.stop_all().await;
}
