//! A node that is down costs its peers failed sends, never a crash; when it
//! comes back (fresh, as a restarted process) it takes part in the next
//! round.

mod common;

use byzscope_core::Mode;
use common::{demo, eventually, node, Cluster, SseReader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_node_costs_a_failed_send_and_rejoins_the_next_round() {
    let mut cluster = Cluster::start(demo(Mode::Oral)).await;
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
    let reply = cluster.propose(node(1), "again").await;
    assert_eq!(reply["round"], 2);
    cluster.round_done(2, "again", &cluster.honest()).await;
    let status = cluster.get(node(3), "/status").await;
    assert_eq!(status["current_round"], 2, "node3 caught up with round 2");
    assert_eq!(status["consensus_value"], "again");
    cluster.stop_all().await;
}
