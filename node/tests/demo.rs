//! The original demo's README, against nodes in this process: propose
//! `test123` on node1; every honest node detects node4 in round 1 and
//! decides `test123`.

mod common;

use byzscope_core::Mode;
use common::{demo, node, Cluster};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_original_demo_detects_node4_on_every_honest_node() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    let reply = cluster.propose(node(1), "test123").await;
    assert_eq!(
        reply,
        json!({"status": "proposed", "node_id": "node1", "round": 1, "value": "test123"})
    );
    cluster.round_done(1, "test123", &cluster.honest()).await;
    for id in cluster.honest() {
        let detections = cluster.get(id, "/detections").await;
        assert_eq!(detections["node_id"], id.to_string());
        assert_eq!(detections["total_detections"], 1);
        let detection = &detections["detections"][0];
        assert_eq!(detection["byzantine_node"], "node4");
        assert_eq!(detection["round"], 1);
        assert_eq!(
            detection["conflicting_values"],
            json!(["test123", "test123_BYZANTINE"])
        );
        assert_eq!(detection["detected_by"], id.to_string());
        let at = detection["detected_at"].as_str().expect("a time");
        // Wall-clock UTC, YYYY-MM-DDTHH:MM:SS.mmm, and this very run's.
        assert_eq!(at.len(), 23, "{at}");
        assert!(at.starts_with("20"), "{at}");
        let status = cluster.get(id, "/status").await;
        assert_eq!(status["consensus_value"], "test123");
        assert_eq!(status["is_byzantine"], false);
        assert_eq!(status["current_round"], 1);
    }
    let node4 = cluster.get(node(4), "/status").await;
    assert_eq!(node4["is_byzantine"], true);
    assert_eq!(node4["peers"], json!(["node1", "node2", "node3"]));
    cluster.stop_all().await;
}
