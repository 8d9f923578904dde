//! Seeking in a long run: the state at 20 evenly spaced points of a
//! thirty-round run at N = 16, from a timeline's snapshots, against
//! rebuilding each point by replaying the trace from the start.
//!
//! ```text
//! cargo bench -p byzscope-core --bench timeline
//! ```
//!
//! The run: sixteen nodes, `node16` equivocating, otherwise
//! `Scenario::default()` (seed 1, latency 200..600 ms); thirty proposals,
//! one per round, each run until quiet before the next. The points: after
//! 1/20, 2/20, …, 20/20 of its events, at the time of the last of them.
//!
//! - `seek/timeline` is `Timeline::at` for all 20 points: a clone of the
//!   nearest earlier snapshot, stepped forward over the trace.
//! - `seek/replay_from_zero` is `Simulation::replay_to` for the same 20
//!   points: the baseline a page without snapshots would pay.
//! - `run/simulation` and `run/timeline` are the whole run driven plainly
//!   and on a timeline: what keeping snapshots costs while a run advances.
//!
//! Before measuring, it prints the worst single seek (best of five tries
//! per point) for a few snapshot spacings, and how many snapshots each
//! keeps.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use byzscope_core::{NodeId, Scenario, Simulation, Strategy, Timeline, Trace};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};

const NODES: u16 = 16;
const ROUNDS: u16 = 30;
const POINTS: usize = 20;

fn node(number: u16) -> NodeId {
    NodeId::new(number).expect("a node id")
}

fn scenario() -> Scenario {
    Scenario {
        nodes: NODES,
        byzantine: BTreeMap::from([(node(NODES), Strategy::Equivocate)]),
        ..Scenario::default()
    }
}

/// Who proposes in `round` (from 0): the honest nodes in turn.
fn proposer(round: u16) -> NodeId {
    node(1 + round % (NODES - 1))
}

fn run_plain() -> Simulation {
    let mut sim = Simulation::new(scenario()).expect("a valid scenario");
    for round in 0..ROUNDS {
        sim.propose(proposer(round), &format!("v{round}"))
            .expect("a valid proposal");
        sim.run_until_quiet();
    }
    sim
}

fn run_on_timeline(every: usize) -> Timeline {
    let mut timeline = Timeline::new(scenario(), every).expect("a valid scenario");
    for round in 0..ROUNDS {
        timeline
            .propose(proposer(round), &format!("v{round}"))
            .expect("a valid proposal");
        timeline.run_until_quiet();
    }
    timeline
}

/// The 20 points: (events, time).
fn points(trace: &Trace) -> Vec<(usize, u64)> {
    let total = trace.events.len();
    (1..=POINTS)
        .map(|k| {
            let events = k * total / POINTS;
            (events, trace.events[events - 1].at)
        })
        .collect()
}

fn seek_all(timeline: &Timeline, points: &[(usize, u64)]) -> usize {
    points
        .iter()
        .map(|&(events, at)| {
            let moment = timeline.at(events, at).expect("a point of the run");
            moment.in_flight().len()
        })
        .sum()
}

fn replay_all(trace: &Trace, points: &[(usize, u64)]) -> usize {
    points
        .iter()
        .map(|&(events, at)| {
            let sim = Simulation::replay_to(trace, events, at).expect("a point of the run");
            sim.in_flight().count()
        })
        .sum()
}

/// The worst single seek, taking each point's best of five tries.
fn worst_seek(timeline: &Timeline, points: &[(usize, u64)]) -> (Duration, Duration) {
    let times: Vec<Duration> = points
        .iter()
        .map(|&(events, at)| {
            (0..5)
                .map(|_| {
                    let start = Instant::now();
                    black_box(timeline.at(events, at).expect("a point of the run"));
                    start.elapsed()
                })
                .min()
                .expect("five tries")
        })
        .collect();
    let worst = *times.iter().max().expect("points");
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    (worst, mean)
}

fn describe() {
    let plain = run_plain();
    let trace = plain.trace().clone();
    eprintln!(
        "run: {} events, {} messages",
        trace.events.len(),
        trace.messages.len()
    );
    let points = points(&trace);
    for every in [256, Timeline::DEFAULT_EVERY, 4096] {
        let start = Instant::now();
        let timeline = run_on_timeline(every);
        let built = start.elapsed();
        assert_eq!(timeline.trace(), &trace, "snapshots change nothing");
        let (worst, mean) = worst_seek(&timeline, &points);
        eprintln!(
            "every {every}: {} snapshots, run on a timeline {built:.1?}, seek worst {worst:.2?}, mean {mean:.2?}",
            timeline.snapshots()
        );
    }
}

fn bench_seeks(c: &mut Criterion) {
    describe();
    let timeline = run_on_timeline(Timeline::DEFAULT_EVERY);
    let trace = timeline.trace().clone();
    let points = points(&trace);
    assert_eq!(
        seek_all(&timeline, &points),
        replay_all(&trace, &points),
        "both ways find the same messages in flight"
    );

    let mut group = c.benchmark_group("seek");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("timeline", |b| {
        b.iter(|| seek_all(black_box(&timeline), &points))
    });
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("replay_from_zero", |b| {
        b.iter(|| replay_all(black_box(&trace), &points))
    });
    group.finish();

    let mut group = c.benchmark_group("run");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("simulation", |b| b.iter(run_plain));
    group.bench_function("timeline", |b| {
        b.iter(|| run_on_timeline(Timeline::DEFAULT_EVERY))
    });
    group.finish();
}

criterion_group!(benches, bench_seeks);
criterion_main!(benches);
