//! Rewinding: the state of a run at a past point, rebuilt from its trace
//! (`Simulation::replay_to`) or from a timeline's snapshots
//! (`Timeline::at`), equals the run as it stood there; and forking from it
//! starts a new future.

use byzscope_core::{
    Action, EventKind, Fate, Millis, Mode, Moment, Node, NodeId, ReplayError, Scenario, Simulation,
    Strategy as ByzantineStrategy, Timeline, Trace,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

/// What can be compared of a run's state at one point.
#[derive(Debug, PartialEq)]
struct State<'a> {
    now: u64,
    nodes: Vec<NodeView<'a>>,
    in_flight: Vec<usize>,
    links: Vec<(byzscope_core::Link, byzscope_core::LinkState)>,
}

#[derive(Debug, PartialEq)]
struct NodeView<'a> {
    id: NodeId,
    current_round: u64,
    rounds: Vec<(u64, &'a byzscope_core::node::RoundState)>,
    detections: &'a [byzscope_core::Detection],
    verifications: u64,
}

fn view(node: &Node) -> NodeView<'_> {
    NodeView {
        id: node.id(),
        current_round: node.current_round(),
        rounds: node.rounds().collect(),
        detections: node.detections(),
        verifications: node.verifications(),
    }
}

fn state_of(sim: &Simulation) -> State<'_> {
    State {
        now: sim.now(),
        nodes: sim.nodes().iter().map(view).collect(),
        in_flight: sim.in_flight().map(|envelope| envelope.id).collect(),
        links: sim.links().faulty().collect(),
    }
}

fn state_of_moment(moment: &Moment) -> State<'_> {
    State {
        now: moment.now(),
        nodes: moment.nodes().iter().map(view).collect(),
        in_flight: moment.in_flight().to_vec(),
        links: moment.links().faulty().collect(),
    }
}

/// Checks a moment against the run `live` as it stood there.
fn moment_matches(moment: &Moment, live: &Simulation, trace: &Trace) -> TestCaseResult {
    let record = live.trace();
    prop_assert_eq!(
        (moment.events(), moment.messages(), moment.inputs()),
        (
            record.events.len(),
            record.messages.len(),
            record.inputs.len()
        )
    );
    prop_assert_eq!(state_of_moment(moment), state_of(live));
    for envelope in &record.messages {
        prop_assert_eq!(moment.view(trace).fate(envelope.id), Some(envelope.fate));
    }
    prop_assert_eq!(moment.view(trace).fate(record.messages.len()), None);
    Ok(())
}

fn default_trace() -> Trace {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    sim.trace().clone()
}

#[test]
fn every_point_of_the_default_run_is_rebuilt_exactly() {
    let trace = default_trace();
    let timeline = Timeline::replay(&trace, 5).unwrap();
    assert_eq!(timeline.trace(), &trace);
    assert!(timeline.snapshots() > 5);
    let mut live = Simulation::new(Scenario::default()).unwrap();
    live.propose(id(1), "test123").unwrap();
    loop {
        let (events, now) = (live.trace().events.len(), live.now());
        let rebuilt = Simulation::replay_to(&trace, events, now).unwrap();
        assert_eq!(rebuilt.trace(), live.trace(), "after {events} events");
        assert_eq!(state_of(&rebuilt), state_of(&live), "after {events} events");
        let moment = timeline.at(events, now).unwrap();
        moment_matches(&moment, &live, &trace).unwrap();
        assert_eq!(
            moment.status(id(1)),
            live.status(id(1)),
            "the documents too"
        );
        assert_eq!(moment.detections(id(2)), live.detections(id(2)));
        if live.step().is_none() {
            break;
        }
    }
}

#[test]
fn a_point_between_two_events_is_any_time_from_one_to_the_next() {
    let trace = default_trace();
    let timeline = Timeline::replay(&trace, 4).unwrap();
    // Events 1 and 2 happen at 232 and 361 ms.
    assert_eq!((trace.events[1].at, trace.events[2].at), (232, 361));
    for at in [232, 300, 361] {
        let moment = timeline.at(2, at).unwrap();
        assert_eq!(moment.now(), at);
        let rebuilt = Simulation::replay_to(&trace, 2, at).unwrap();
        assert_eq!(rebuilt.now(), at);
        assert_eq!(rebuilt.trace().events.len(), 2);
    }
    let refused = |result: Result<Simulation, ReplayError>| result.unwrap_err().to_string();
    assert_eq!(
        refused(Simulation::replay_to(&trace, 2, 231)),
        "the run cannot be stopped after 2 events at 231 ms: 231 ms is before 232 ms, where the run already is"
    );
    assert_eq!(
        refused(Simulation::replay_to(&trace, 2, 362)),
        "the run cannot be stopped after 2 events at 362 ms: event 2 happens at 361 ms, before 362 ms"
    );
    let beyond = trace.events.len() + 1;
    assert!(refused(Simulation::replay_to(&trace, beyond, 0)).contains("the run is quiet"));
    let error = timeline.at(2, 362).unwrap_err();
    assert!(
        error.to_string().contains("at 361 ms, before 362"),
        "{error}"
    );
    let error = timeline.at(beyond, 5_000).unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("has {} events", trace.events.len())),
        "{error}"
    );
}

#[test]
fn forking_drops_the_future_and_starts_another() {
    let trace = default_trace();
    // Just before node4's honest-looking echo (message 15) reaches node1.
    let delivery = trace
        .events
        .iter()
        .position(|event| matches!(event.happening, EventKind::Delivered { message: 15, .. }))
        .unwrap();
    let at = trace.events[delivery - 1].at;
    let mut timeline = Timeline::replay(&trace, 4).unwrap();
    timeline.fork(delivery, at).unwrap();
    assert_eq!(timeline.trace().events[..], trace.events[..delivery]);
    assert_eq!(timeline.sim().now(), at);
    assert_eq!(
        timeline.trace().messages[15].fate,
        Fate::InFlight,
        "the future is gone"
    );
    timeline.apply(&Action::Drop { message: 15 }).unwrap();
    timeline.run_until_quiet();
    let forked = timeline.trace().clone();
    assert_eq!(forked.inputs.len(), 2);
    assert_eq!(forked.inputs[0], trace.inputs[0]);
    assert_eq!(forked.inputs[1].action, Action::Drop { message: 15 });
    assert_eq!(
        forked.missed_detections()[0].missed_by,
        [id(1), id(2), id(3)]
    );

    // The same fork from the trace alone, and from the forked run's own
    // timeline: rewinding the fork gives the fork's past.
    let mut again = Simulation::replay_to(&trace, delivery, at).unwrap();
    again.drop_message(15).unwrap();
    again.run_until_quiet();
    assert_eq!(again.trace(), &forked);
    let moment = timeline.at(delivery + 3, forked.events[delivery + 2].at);
    assert_eq!(moment.unwrap().inputs(), 2);
}

/// An input of the random runs below.
#[derive(Clone, Debug)]
enum Input {
    Propose(u16),
    /// The `k`-th message in flight, modulo how many are.
    Drop(usize),
    Cut(u16, u16),
    Heal(u16, u16),
    Delay(u16, u16, u64),
}

fn inputs() -> impl Strategy<Value = Input> {
    prop_oneof![
        (1u16..=6).prop_map(Input::Propose),
        any::<usize>().prop_map(Input::Drop),
        (1u16..=6, 1u16..=6).prop_map(|(a, b)| Input::Cut(a, b)),
        (1u16..=6, 1u16..=6).prop_map(|(a, b)| Input::Heal(a, b)),
        (1u16..=6, 1u16..=6, 0u64..=900).prop_map(|(a, b, ms)| Input::Delay(a, b, ms)),
    ]
}

#[derive(Clone, Debug)]
struct Run {
    scenario: Scenario,
    script: Vec<(u64, Input)>,
    /// Event counts at which to keep the live state, besides around inputs.
    keep_at: Vec<usize>,
    every: usize,
}

fn runs() -> impl Strategy<Value = Run> {
    (
        3u16..=6,
        1u16..=6,
        prop_oneof![
            Just(ByzantineStrategy::Equivocate),
            Just(ByzantineStrategy::Silent),
            Just(ByzantineStrategy::Forge)
        ],
        any::<bool>(),
        any::<u64>(),
        proptest::collection::vec((0u64..=800, inputs()), 1..=6),
        proptest::collection::vec(0usize..400, 0..=4),
        1usize..=64,
    )
        .prop_map(
            |(nodes, byzantine, strategy, signed, seed, script, keep_at, every)| Run {
                scenario: Scenario {
                    nodes,
                    byzantine: [(id(1 + (byzantine - 1) % nodes), strategy)].into(),
                    mode: if signed { Mode::Signed } else { Mode::Oral },
                    seed,
                    ..Scenario::default()
                },
                script,
                keep_at,
                every,
            },
        )
}

impl Run {
    /// Drives the run live on a timeline, step by step, and keeps a full
    /// copy of the simulation at the chosen points and around every input.
    fn live(&self) -> (Timeline, Vec<Simulation>) {
        let n = self.scenario.nodes;
        let node = |k: u16| id(1 + (k - 1) % n);
        let mut timeline = Timeline::new(self.scenario.clone(), self.every).unwrap();
        timeline.propose(id(1), "test123").unwrap();
        let mut kept = Vec::new();
        let keep = |timeline: &Timeline, kept: &mut Vec<Simulation>, always: bool| {
            let events = timeline.trace().events.len();
            if always || self.keep_at.contains(&events) {
                kept.push(timeline.sim().clone());
            }
        };
        for (wait, input) in &self.script {
            let until = timeline.sim().now() + wait;
            while timeline.sim().next_due().is_some_and(|due| due <= until) {
                if timeline.step().is_none() {
                    break;
                }
                keep(&timeline, &mut kept, false);
            }
            timeline.advance_to(until);
            let action = match *input {
                Input::Propose(k) => Action::Propose {
                    node: node(k),
                    value: format!("v{k}"),
                },
                Input::Drop(k) => {
                    let in_flight: Vec<usize> = timeline.sim().in_flight().map(|e| e.id).collect();
                    if in_flight.is_empty() {
                        continue;
                    }
                    Action::Drop {
                        message: in_flight[k % in_flight.len()],
                    }
                }
                Input::Cut(a, b) => Action::Cut {
                    a: node(a),
                    b: node(b),
                },
                Input::Heal(a, b) => Action::Heal {
                    a: node(a),
                    b: node(b),
                },
                Input::Delay(a, b, extra_ms) => Action::Delay {
                    a: node(a),
                    b: node(b),
                    extra_ms,
                },
            };
            keep(&timeline, &mut kept, true);
            if timeline.apply(&action).is_ok() {
                keep(&timeline, &mut kept, true);
            }
        }
        while timeline.step().is_some() {
            keep(&timeline, &mut kept, false);
        }
        keep(&timeline, &mut kept, true);
        // A point is named by its events and time, and a fault given there
        // makes no event: the point is after it, so a state kept just
        // before such a fault has no name. (A proposal is an event, so the
        // point before it has one.)
        let inputs = &timeline.trace().inputs;
        kept.retain(|stood| {
            let (events, at) = (stood.trace().events.len(), stood.now());
            let given = inputs.iter().take_while(|i| i.given_by(events, at));
            given.count() == stood.trace().inputs.len()
        });
        (timeline, kept)
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The state at a past point, rebuilt from the trace or from either
    /// timeline's snapshots (taken live, or replaying the finished trace),
    /// equals the live run stopped there: trace, nodes, links, messages in
    /// flight. Forking there and proposing continues exactly as the live
    /// copy does.
    #[test]
    fn a_past_point_is_the_run_as_it_stood_there(run in runs()) {
        let (live, kept) = run.live();
        let trace = live.trace().clone();
        let replayed = Timeline::replay(&trace, run.every).unwrap();
        prop_assert_eq!(replayed.trace(), &trace);
        for stood in &kept {
            let (events, at) = (stood.trace().events.len(), stood.now());
            let rebuilt = Simulation::replay_to(&trace, events, at).unwrap();
            prop_assert_eq!(rebuilt.trace(), stood.trace());
            prop_assert_eq!(state_of(&rebuilt), state_of(stood));
            for timeline in [&live, &replayed] {
                moment_matches(&timeline.at(events, at).unwrap(), stood, &trace)?;
            }

            let mut fork = live.clone();
            fork.fork(events, at).unwrap();
            prop_assert_eq!(fork.trace(), stood.trace());
            let mut copy = stood.clone();
            copy.propose(id(2), "fork").unwrap();
            copy.run_until_quiet();
            fork.propose(id(2), "fork").unwrap();
            fork.run_until_quiet();
            prop_assert_eq!(fork.trace(), copy.trace());
        }
    }
}

/// Actions a driver might try, many of them refused: nodes outside the
/// cluster, bad values, unknown or settled messages, links to oneself, a
/// heal of a healthy link, too long a delay.
fn actions(messages: usize) -> impl Strategy<Value = Action> {
    let node = (1u16..=9).prop_map(id);
    let value = prop_oneof![
        Just(String::new()),
        Just("w".to_owned()),
        Just("x".repeat(65))
    ];
    let extra = prop_oneof![
        Just(0u64),
        Just(40),
        Just(byzscope_core::MAX_EXTRA_DELAY_MS + 1)
    ];
    prop_oneof![
        (node.clone(), value).prop_map(|(node, value)| Action::Propose { node, value }),
        (0..messages + 3).prop_map(|message| Action::Drop { message }),
        (node.clone(), node.clone()).prop_map(|(a, b)| Action::Cut { a, b }),
        (node.clone(), node.clone()).prop_map(|(a, b)| Action::Heal { a, b }),
        (node.clone(), node, extra).prop_map(|(a, b, extra_ms)| Action::Delay { a, b, extra_ms }),
    ]
}

/// A run with a proposal, a cut link and a slowed one, driven to its end.
fn checked_run(nodes: u16, seed: u64, cut_after: usize) -> Timeline {
    let scenario = Scenario {
        nodes,
        seed,
        ..Scenario::default()
    };
    let mut timeline = Timeline::new(scenario, 8).unwrap();
    timeline.propose(id(1), "v").unwrap();
    for _ in 0..cut_after {
        timeline.step();
    }
    timeline.apply(&Action::Cut { a: id(1), b: id(2) }).unwrap();
    timeline
        .apply(&Action::Delay {
            a: id(2),
            b: id(3),
            extra_ms: 50,
        })
        .unwrap();
    timeline.run_until_quiet();
    timeline
}

/// The moment right after the event `point` picks (or the start).
fn after_event(trace: &Trace, point: prop::sample::Index) -> (usize, Millis) {
    let events = point.index(trace.events.len() + 1);
    match events {
        0 => (0, 0),
        k => (k, trace.events[k - 1].at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Checking an action at a moment answers exactly what applying it
    /// there answers, error for error; and forking with it changes nothing
    /// when it is refused, and is the fork plus the action when not.
    #[test]
    fn checking_an_action_answers_what_applying_it_would(
        nodes in 4u16..=7,
        seed in any::<u64>(),
        cut_after in 0usize..20,
        point in any::<prop::sample::Index>(),
        tries in prop::collection::vec(actions(400), 1..6),
    ) {
        let timeline = checked_run(nodes, seed, cut_after);
        let trace = timeline.trace();
        let (events, at) = after_event(trace, point);
        let moment = timeline.at(events, at).unwrap();
        for action in &tries {
            let mut applied = timeline.clone();
            applied.fork(events, at).unwrap();
            let expected = applied.apply(action);
            prop_assert_eq!(moment.check(action), expected.clone(), "{:?}", action);

            let mut forked = timeline.clone();
            prop_assert_eq!(forked.fork_and_apply(&moment, action), expected.clone());
            if expected.is_ok() {
                prop_assert_eq!(forked.trace(), applied.trace());
            } else {
                prop_assert_eq!(forked.trace(), timeline.trace());
                prop_assert_eq!(forked.snapshots(), timeline.snapshots());
            }

            // At the head, too.
            let head = timeline.sim();
            prop_assert_eq!(head.check(action), head.clone().apply(action));
        }
    }

    /// A moment's view is the trace cut there, with each message's fate as
    /// it was then.
    #[test]
    fn a_moments_view_is_the_trace_as_it_stood(
        nodes in 4u16..=7,
        seed in any::<u64>(),
        cut_after in 0usize..20,
        point in any::<prop::sample::Index>(),
    ) {
        let timeline = checked_run(nodes, seed, cut_after);
        let trace = timeline.trace();
        let (events, at) = after_event(trace, point);
        let moment = timeline.at(events, at).unwrap();
        let view = moment.view(trace);
        prop_assert_eq!(view.events.len(), moment.events());
        prop_assert_eq!(view.messages.len(), moment.messages());
        prop_assert_eq!(view.inputs.len(), moment.inputs());
        let in_flight: Vec<usize> = view.in_flight().map(|envelope| envelope.id).collect();
        prop_assert_eq!(&in_flight[..], moment.in_flight());
        for id in 0..moment.messages() {
            let expected = if moment.in_flight().contains(&id) {
                Fate::InFlight
            } else {
                trace.messages[id].fate
            };
            prop_assert_eq!(view.fate(id), Some(expected));
        }
        prop_assert_eq!(view.fate(moment.messages()), None);
        let detections = trace.events[..events].iter().flat_map(|event| event.detections()).count();
        prop_assert_eq!(view.detections().count(), detections);
        let whole = timeline.sim().view();
        prop_assert_eq!(whole.in_flight().count(), timeline.sim().in_flight().count());
        prop_assert_eq!(trace.view().events.len(), trace.events.len());
    }
}
