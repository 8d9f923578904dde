//! Every lesson run headless to its end, and every claim its steps make
//! checked against the engine: the lessons together here, each lesson's
//! own facts in [`facts`].

mod facts;

use byzscope_core::evidence::{verify_evidence_json, Evidence};
use byzscope_core::trace::Action;
use byzscope_core::{quorum, DetectionKind, DetectionRecord, Node};

use super::*;
use crate::model::run::Run;

pub(super) fn lesson(id: &str) -> &'static Lesson {
    find(id).expect("a lesson of the catalog")
}

/// The run at step `k` (counted from 1) of lesson `id`, reached from a
/// fresh run as a link would.
pub(super) fn at_step(id: &str, k: usize) -> Run {
    let lesson = lesson(id);
    let plan = Plan::of(lesson);
    let mut run = Run::new(plan.scenario.clone()).unwrap();
    plan.go(&mut run, k - 1);
    run
}

pub(super) fn says(id: &str, k: usize) -> &'static str {
    lesson(id).steps[k - 1].says
}

pub(super) fn decided(node: &Node) -> Option<String> {
    node.round(1)?.decided().map(|(value, _)| value.to_string())
}

pub(super) fn honest(run: &Run) -> Vec<&Node> {
    let shown = run.shown();
    shown
        .nodes()
        .iter()
        .filter(|node| !node.role().is_byzantine())
        .collect()
}

/// The detections on screen, as (detector, accused, kind, values, at).
pub(super) fn detections(run: &Run) -> Vec<(u16, u16, DetectionKind, Vec<String>, u64)> {
    run.shown()
        .detections(None)
        .iter()
        .map(|found| {
            let d = found.detection;
            (
                d.detected_by.number(),
                d.byzantine_node.number(),
                d.kind,
                d.conflicting_values.iter().map(|v| v.to_string()).collect(),
                d.at,
            )
        })
        .collect()
}

pub(super) fn both() -> Vec<String> {
    vec!["test123".into(), "test123_BYZANTINE".into()]
}

#[test]
fn every_lesson_reaches_every_wait_and_each_step_is_an_exact_state() {
    let mut ids: Vec<&str> = LESSONS.iter().map(|lesson| lesson.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), LESSONS.len(), "ids are unique");
    for lesson in &LESSONS {
        let plan = Plan::of(lesson);
        assert!(plan.complete, "{}: every wait is reached", lesson.id);
        assert_eq!(plan.marks.len(), lesson.steps.len());
        let mut end = Run::new(plan.scenario.clone()).unwrap();
        plan.go(&mut end, lesson.steps.len() - 1);
        for (k, step) in lesson.steps.iter().enumerate() {
            let mark = plan.marks[k];
            // From a fresh run (a link), and back from the end (Back).
            let mut fresh = Run::new(plan.scenario.clone()).unwrap();
            plan.go(&mut fresh, k);
            let mut back = end.clone();
            plan.go(&mut back, k);
            // Back is a seek, but to a task's start: its solution was given
            // in that very millisecond, so the run is replayed up to it.
            let back_by = if step.task.is_some() {
                Position::Elsewhere
            } else {
                Position::Holds
            };
            assert_eq!(plan.position(&end, k), back_by, "{} {k}", lesson.id);
            for run in [&fresh, &back] {
                let shown = run.shown();
                assert_eq!(
                    shown.trace().events.len(),
                    mark.events,
                    "{} {}",
                    lesson.id,
                    k + 1
                );
                assert_eq!(run.now(), mark.at, "{} {}", lesson.id, k + 1);
                assert_eq!(shown.status_json(None), fresh.shown().status_json(None));
                assert_eq!(
                    shown.detections_json(None),
                    fresh.shown().detections_json(None)
                );
            }
            // A step that jumps shows its wait met.
            if step.enter.contains(&Enter::Jump) {
                assert!(met(&fresh, step, mark), "{} {}", lesson.id, k + 1);
            }
            assert!(!step.says.is_empty());
            for sentence in step.says.split(". ") {
                assert!(
                    sentence.split_whitespace().count() <= 32,
                    "short: {sentence}"
                );
            }
            for highlight in step.highlight {
                match *highlight {
                    Highlight::Nodes(nodes) => {
                        assert!(nodes.iter().all(|n| (1..=plan.scenario.nodes).contains(n)))
                    }
                    Highlight::Detection { by, accused } => assert!(
                        detections(&fresh)
                            .iter()
                            .any(|d| (d.0, d.1) == (by, accused)),
                        "{} {}: the highlighted detection exists",
                        lesson.id,
                        k + 1
                    ),
                    Highlight::Panel(panel) => assert!(Panel::ALL.contains(&panel)),
                }
            }
        }
    }
}

#[test]
fn a_learner_may_act_freely_and_next_still_lands_on_the_exact_step() {
    let lesson = lesson("gossip");
    let plan = Plan::of(lesson);
    let reference = at_step("gossip", 3);
    let mut run = at_step("gossip", 2);
    // The learner cuts a link, plays on, and scrubs back.
    run.act(&Action::Cut {
        a: node(2),
        b: node(3),
    })
    .unwrap();
    run.run_until_quiet();
    run.seek(300.0);
    assert_eq!(plan.position(&run, 2), Position::Elsewhere);
    plan.go(&mut run, 2);
    assert_eq!(
        run.shown().detections_json(None),
        reference.shown().detections_json(None)
    );
    assert_eq!(
        run.shown().trace().events.len(),
        reference.shown().trace().events.len()
    );
    assert_eq!(run.head_trace().inputs, reference.head_trace().inputs);
    // A learner who only scrubbed keeps the run: the step is a seek.
    let mut scrubbed = reference.clone();
    scrubbed.run_until_quiet();
    scrubbed.seek(100.0);
    let branch = scrubbed.branch();
    assert_eq!(plan.position(&scrubbed, 2), Position::Holds);
    plan.go(&mut scrubbed, 2);
    assert_eq!(scrubbed.branch(), branch, "no new run");
    assert_eq!(
        scrubbed.shown().status_json(None),
        reference.shown().status_json(None)
    );
}

#[test]
fn the_remaining_claims_of_each_lesson_hold_in_its_run() {
    use byzscope_core::statement::Kind;
    // agree, step 3: every node that got the PROPOSE sends an ECHO of
    // test123 to each of its three peers.
    let run = at_step("agree", 4);
    let trace = run.shown().trace();
    for n in 2..=4 {
        let echoes: Vec<u16> = trace
            .messages
            .iter()
            .filter(|m| m.message.from == node(n) && m.message.is_direct())
            .filter(|m| {
                m.message.statement.kind == Kind::Echo && &*m.message.statement.value == "test123"
            })
            .map(|m| m.message.to.number())
            .collect();
        assert_eq!(echoes.len(), 3, "node{n}");
    }
    // two-stories, step 4: only node4 ever splits; honest nodes do not.
    let run = at_step("two-stories", 5);
    let mut end = run.clone();
    end.run_until_quiet();
    assert!(end
        .shown()
        .splits()
        .iter()
        .all(|split| split.node == node(4)));
    // framed, step 1: node4's forwarded copies of others' statements end in _FORGED.
    let mut run = at_step("framed", 5);
    run.run_until_quiet();
    let forged: Vec<String> = run
        .shown()
        .trace()
        .messages
        .iter()
        .filter(|m| m.message.from == node(4) && !m.message.is_direct())
        .map(|m| m.message.statement.value.to_string())
        .collect();
    assert!(!forged.is_empty() && forged.iter().all(|v| v.ends_with("_FORGED")));
    // signed, step 1: every message carries its origin's signature.
    let run = at_step("signed", 3);
    assert!(run
        .shown()
        .trace()
        .messages
        .iter()
        .all(|m| m.message.signature.is_some()));
    // beyond, steps 1 and 2: four Byzantine nodes, and node1 splits its PROPOSE.
    let run = at_step("beyond", 3);
    let byzantine: Vec<u16> = run
        .shown()
        .scenario()
        .byzantine
        .keys()
        .map(|n| n.number())
        .collect();
    assert_eq!(byzantine, [1, 3, 4, 6]);
    let splits = run.shown().splits();
    let first = &splits[0];
    assert_eq!((first.node, first.split.kind), (node(1), Kind::Propose));
    assert!(says("beyond", 1).contains("node1, node3, node4 and node6"));
}
