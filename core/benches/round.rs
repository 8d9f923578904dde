//! One full round of the protocol on the simulator, at N = 4, 16 and 64, in
//! oral and in signed mode, against a bare-event-queue baseline.
//!
//! ```text
//! cargo bench -p byzscope-core --bench round
//! ```
//!
//! A round is `Simulation::new`, `propose(node1, "test123")` and
//! `run_until_quiet()`, timed together (dropping the simulation included).
//! The last node, `nodeN`, equivocates; everything else is
//! `Scenario::default()` (seed 1, latency 200..600 ms).
//!
//! Throughput is message deliveries per second: the number of
//! `EventKind::Delivered` events of the round, counted once from a real run
//! before timing starts.
//!
//! The baseline, `queue_floor`, is the event queue of that same round with
//! the protocol taken out: a `BinaryHeap<Reverse<(time, seq, message)>>`
//! fed by the same seeded `ChaCha8Rng`, popping one entry per delivery and
//! pushing as many entries as the real event sent, in the same order. It
//! pushes and pops exactly as many entries as the round delivers, with the
//! same times: the floor cost of driving this round from a binary heap,
//! whatever the protocol does.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::hint::black_box;
use std::time::Duration;

use byzscope_core::{
    EventKind, Mode, NodeId, Outcome, Receipt, Scenario, Simulation, Strategy, Trace,
};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SIZES: [u16; 3] = [4, 16, 64];
const VALUE: &str = "test123";

fn node(number: u16) -> NodeId {
    NodeId::new(number).expect("a node id")
}

/// N nodes, the last of them equivocating, otherwise the default scenario.
fn scenario(nodes: u16, mode: Mode) -> Scenario {
    Scenario {
        nodes,
        byzantine: BTreeMap::from([(node(nodes), Strategy::Equivocate)]),
        mode,
        ..Scenario::default()
    }
}

/// The measured work: one full round, from nothing to quiet.
fn round(scenario: Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario).expect("a valid scenario");
    sim.propose(node(1), VALUE).expect("a valid proposal");
    sim.run_until_quiet();
    sim
}

fn deliveries(trace: &Trace) -> u64 {
    trace
        .events
        .iter()
        .filter(|event| matches!(event.happening, EventKind::Delivered { .. }))
        .count() as u64
}

/// How many messages the proposal and then each delivery sent, in event
/// order. (A timeout sends nothing and pops no message, so it is left out.)
fn fanout(trace: &Trace) -> Vec<u32> {
    trace
        .events
        .iter()
        .filter(|event| !matches!(event.happening, EventKind::TimedOut { .. }))
        .map(|event| {
            event
                .effects
                .iter()
                .filter(|outcome| matches!(outcome, Outcome::Sent { .. }))
                .count() as u32
        })
        .collect()
}

/// Signature verifications each node did: in signed mode a node verifies a
/// copy exactly when it does not already hold that (statement, signature),
/// so every `Recorded` or `Forged` receipt is one verification, and every
/// `Duplicate` is none.
fn verifications_per_node(trace: &Trace) -> Vec<u64> {
    let mut per_node = vec![0u64; usize::from(trace.scenario.nodes)];
    for event in &trace.events {
        if let EventKind::Delivered {
            receipt: Receipt::Recorded | Receipt::Forged,
            ..
        } = event.happening
        {
            per_node[event.node.index()] += 1;
        }
    }
    per_node
}

/// Checks that the round did what it should, and describes it.
fn check(sim: &Simulation) -> String {
    let trace = sim.trace();
    let nodes = trace.scenario.nodes;
    let byzantine = node(nodes);
    for id in trace.scenario.node_ids().filter(|id| *id != byzantine) {
        let status = sim.status(id).expect("in the cluster");
        assert_eq!(status.consensus_value.as_deref(), Some(VALUE), "{id}");
        assert!(
            sim.node(id)
                .expect("in the cluster")
                .detections()
                .iter()
                .any(|detection| detection.byzantine_node == byzantine),
            "{id} did not catch {byzantine}"
        );
    }
    let mut summary = format!(
        "{} events, {} deliveries",
        trace.events.len(),
        deliveries(trace)
    );
    if trace.scenario.mode == Mode::Signed {
        let verifications = verifications_per_node(trace);
        let honest = &verifications[..verifications.len() - 1];
        summary += &format!(
            ", signature verifications per honest node {}..={}, by {byzantine} {}, total {}",
            honest.iter().min().expect("nodes"),
            honest.iter().max().expect("nodes"),
            verifications.last().expect("nodes"),
            verifications.iter().sum::<u64>(),
        );
    }
    summary
}

/// The event queue of a round with no protocol: pops one entry per event
/// after the proposal and pushes that event's sends, latencies drawn as the
/// simulator draws them.
fn queue_floor(fanout: &[u32], seed: u64, min_ms: u64, max_ms: u64) -> u64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut queue: BinaryHeap<Reverse<(u64, u64, usize)>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut now = 0u64;
    let mut checksum = 0u64;
    let mut send = |queue: &mut BinaryHeap<_>, now: u64, count: u32| {
        for _ in 0..count {
            let at = now + rng.random_range(min_ms..=max_ms);
            queue.push(Reverse((at, seq, seq as usize)));
            seq += 1;
        }
    };
    let (first, rest) = fanout.split_first().expect("the proposal");
    send(&mut queue, now, *first);
    for count in rest {
        let Reverse((at, _, message)) = queue.pop().expect("an entry per delivery");
        now = at;
        checksum = checksum.wrapping_add(message as u64);
        send(&mut queue, now, *count);
    }
    assert!(queue.is_empty());
    checksum ^ now
}

fn bench_rounds(c: &mut Criterion) {
    let mut group = c.benchmark_group("round");
    for nodes in SIZES {
        if nodes >= 64 {
            // A round takes a good part of a second: a sample is one or two
            // rounds, and ten samples are enough to see the spread.
            group
                .sampling_mode(SamplingMode::Flat)
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(8));
        } else {
            group
                .sampling_mode(SamplingMode::Auto)
                .sample_size(30)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(2));
        }

        let mut floor_fanout = None;
        for mode in [Mode::Oral, Mode::Signed] {
            let scenario = scenario(nodes, mode);
            let sim = round(scenario.clone());
            let delivered = deliveries(sim.trace());
            eprintln!("n{nodes} {mode:?}: {}", check(&sim));
            let fanout = fanout(sim.trace());
            match &floor_fanout {
                None => floor_fanout = Some(fanout),
                // One baseline stands for both modes only because both modes
                // send the same messages at the same times.
                Some(oral) => assert_eq!(oral, &fanout, "n{nodes}: the modes send differently"),
            }
            drop(sim);

            let name = match mode {
                Mode::Oral => "oral",
                Mode::Signed => "signed",
            };
            group.throughput(Throughput::Elements(delivered));
            group.bench_function(BenchmarkId::new(name, nodes), |b| {
                b.iter(|| round(black_box(scenario.clone())))
            });
        }

        let fanout = floor_fanout.expect("a round ran");
        let delivered: u64 = fanout.iter().map(|count| u64::from(*count)).sum();
        let base = Scenario::default();
        let (seed, min_ms, max_ms) = (base.seed, base.latency.min_ms, base.latency.max_ms);
        group.throughput(Throughput::Elements(delivered));
        group.bench_function(BenchmarkId::new("queue_floor", nodes), |b| {
            b.iter(|| queue_floor(black_box(&fanout), seed, min_ms, max_ms))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_rounds);
criterion_main!(benches);
