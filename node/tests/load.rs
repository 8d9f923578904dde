//! Load, on loopback and bounded: 200 proposals in a row, each waiting for
//! its round to finish; every honest node decides every round and detects
//! every equivocation. Prints proposals/s and messages/s, and the same 200
//! rounds in the core's simulator, for `docs/PERFORMANCE.md`.

mod common;

use std::time::Instant;

use byzscope_core::{Mode, Scenario, Simulation};
use common::{demo, node, Cluster};

const ROUNDS: u64 = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_rounds_are_all_decided_and_all_caught() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    let honest = cluster.honest();
    let started = Instant::now();
    for round in 1..=ROUNDS {
        let value = format!("v{round}");
        let reply = cluster.propose(node(1), &value).await;
        assert_eq!(reply["round"], round);
        cluster.round_done(round, &value, &honest).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    for id in &honest {
        let detections = cluster.get(*id, "/detections").await;
        assert_eq!(detections["total_detections"], ROUNDS, "{id}");
    }
    let messages: u64 = cluster
        .nodes
        .values()
        .map(|n| n.stats().messages_sent())
        .sum();
    println!(
        "HTTP nodes: {ROUNDS} rounds in {elapsed:.2} s: {:.0} proposals/s, {messages} messages, {:.0} messages/s",
        ROUNDS as f64 / elapsed,
        messages as f64 / elapsed
    );

    // The simulator, the same rounds natively (virtual time: it never waits).
    let mut sim = Simulation::new(Scenario::default()).expect("the default scenario");
    let started = Instant::now();
    for round in 1..=ROUNDS {
        sim.propose(node(1), &format!("v{round}"))
            .expect("a proposal");
        sim.run_until_quiet();
    }
    let sim_elapsed = started.elapsed().as_secs_f64();
    let sim_messages = sim.trace().messages.len();
    println!(
        "simulator: {ROUNDS} rounds in {:.1} ms: {:.0} proposals/s, {sim_messages} messages, {:.0} messages/s",
        sim_elapsed * 1e3,
        ROUNDS as f64 / sim_elapsed,
        sim_messages as f64 / sim_elapsed
    );
    for id in &honest {
        let detections = sim.detections(*id).expect("a node");
        assert_eq!(detections.total_detections, ROUNDS as usize);
    }
    // Not equal: how many copies a node forwards depends on which copy of a
    // statement reached it first, and real arrival order is not the
    // simulator's. Both are close to 38 a round.
    assert!(messages > 30 * ROUNDS && sim_messages as u64 > 30 * ROUNDS);
    cluster.stop_all().await;
}
