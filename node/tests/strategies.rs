//! The other Byzantine strategies over real HTTP, as the protocol page
//! states them: a `silent` node is a crash seen from outside; a `forge`
//! node frames the honest proposer in oral mode and is caught in signed.

mod common;

use byzscope_core::{Mode, Strategy};
use common::{eventually, node, settings_with, Cluster};
use serde_json::Value;

fn accused(detections: &Value) -> Vec<String> {
    detections["detections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["byzantine_node"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_node_is_a_crash_the_others_decide_without() {
    let cluster = Cluster::start(settings_with(&[(4, Strategy::Silent)], Mode::Oral)).await;
    cluster.propose(node(1), "test123").await;
    cluster.round_done(1, "test123", &cluster.honest()).await;
    for id in cluster.honest() {
        assert_eq!(cluster.get(id, "/detections").await["total_detections"], 0);
    }
    cluster.stop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_oral_mode_a_forging_node_frames_the_honest_proposer() {
    let cluster = Cluster::start(settings_with(&[(4, Strategy::Forge)], Mode::Oral)).await;
    cluster.propose(node(1), "test123").await;
    for id in [node(2), node(3)] {
        eventually("a false accusation of node1", || async {
            accused(&cluster.get(id, "/detections").await).contains(&"node1".to_owned())
        })
        .await;
    }
    cluster.stop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_signed_mode_a_forging_node_is_caught_and_nobody_honest_accused() {
    let cluster = Cluster::start(settings_with(&[(4, Strategy::Forge)], Mode::Signed)).await;
    cluster.propose(node(1), "test123").await;
    cluster.round_done(1, "test123", &cluster.honest()).await;
    // Every honest node catches node4's split, and only node4. Whether it
    // is also sent an altered copy depends on the race: node4 forwards a
    // statement the first time it hears it, to every peer but its origin
    // and its sender, so a node that relayed all the others' statements to
    // node4 first gets no copy back. Not every node can have: the copies
    // reach at least one, which catches the forgery too.
    for id in cluster.honest() {
        eventually("node4 caught splitting", || async {
            let detections = cluster.get(id, "/detections").await;
            let accused = accused(&detections);
            assert!(accused.iter().all(|a| a == "node4"), "{id}: {detections}");
            !accused.is_empty()
        })
        .await;
    }
    eventually("node4 caught forging", || async {
        for id in cluster.honest() {
            // Once for its split, once for the copies it altered.
            if accused(&cluster.get(id, "/detections").await).len() == 2 {
                return true;
            }
        }
        false
    })
    .await;
    cluster.stop_all().await;
}
