//! The lesson being taken, beside the lab: which lesson and step, the
//! lesson's plan, the tasks skipped and the lessons finished. Every way
//! onto a step goes through [`Tour::go`], which brings the run to that
//! step's exact state ([`Plan::go`]), points at what the step highlights
//! and, if the step plays, starts the clock.

use std::collections::BTreeSet;
use std::rc::Rc;

use byzscope_core::NodeId;
use leptos::prelude::*;

use crate::model::lessons::{self, node, Enter, Highlight, Lesson, Mark, Plan, Step, TaskOutcome};
use crate::model::run::Run;
use crate::store::Lab;
use crate::text::lessons::waiting_for;

/// Where the learner stands in a step, as the panel and the API say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepState {
    /// The step's wait is met.
    pub met: bool,
    /// It can no longer be, in this run.
    pub stuck: bool,
    /// How the step's task stands, if it has one.
    pub task: Option<TaskOutcome>,
}

/// The lesson cursor: handles to signals, cheap to copy.
#[derive(Clone, Copy)]
pub struct Tour {
    lab: Lab,
    /// The lesson open, if any.
    pub lesson: RwSignal<Option<&'static Lesson>>,
    /// Its step, counted from 0.
    pub step: RwSignal<usize>,
    /// Bumped each time a step is entered, even the same one again.
    pub entered: RwSignal<u64>,
    plan: StoredValue<Option<Plan>>,
    /// Steps whose task the learner skipped: (lesson, step).
    pub skipped: RwSignal<BTreeSet<(&'static str, usize)>>,
    /// The lessons finished, by id: what is remembered between visits.
    pub finished: RwSignal<BTreeSet<String>>,
    /// Whether the list of lessons is open.
    pub list: RwSignal<bool>,
    /// Whether steps that play start the clock (tests step instead).
    animate: bool,
    /// Told of each step entered, once it is on screen.
    listeners: StoredValue<Vec<Rc<dyn Fn()>>, LocalStorage>,
}

impl Tour {
    /// No lesson open, over `lab`; `animate` lets steps that play start the
    /// clock.
    pub fn new(lab: Lab, animate: bool) -> Tour {
        Tour {
            lab,
            lesson: RwSignal::new(None),
            step: RwSignal::new(0),
            entered: RwSignal::new(0),
            plan: StoredValue::new(None),
            skipped: RwSignal::new(BTreeSet::new()),
            finished: RwSignal::new(BTreeSet::new()),
            list: RwSignal::new(false),
            animate,
            listeners: StoredValue::new_local(Vec::new()),
        }
    }

    /// Opens lesson `id` at `step` (counted from 0; the first if `None`).
    /// The error says why not, and then nothing changed.
    pub fn open(&self, id: &str, step: Option<usize>) -> Result<(), String> {
        let lesson = lessons::find(id).ok_or_else(|| {
            let ids: Vec<&str> = lessons::LESSONS.iter().map(|lesson| lesson.id).collect();
            format!(
                "there is no lesson '{id}'; the lessons are {}",
                ids.join(", ")
            )
        })?;
        let steps = lesson.steps.len();
        let step = step.unwrap_or(0);
        if step >= steps {
            return Err(format!(
                "lesson '{id}' has steps 1 to {steps}, not {}",
                step + 1
            ));
        }
        self.plan.set_value(Some(Plan::of(lesson)));
        self.lesson.set(Some(lesson));
        self.list.set(false);
        self.go(step);
        Ok(())
    }

    /// The step on screen, if a lesson is open.
    pub fn current(&self) -> Option<(&'static Lesson, usize, &'static Step)> {
        let lesson = self.lesson.get()?;
        let step = self.step.get();
        Some((lesson, step, &lesson.steps[step]))
    }

    fn mark(&self, step: usize) -> Option<Mark> {
        self.plan
            .with_value(|plan| plan.as_ref().map(|plan| plan.marks[step]))
    }

    /// Brings the run to step `k`'s exact state and enters it.
    pub fn go(&self, k: usize) {
        let Some(lesson) = self.lesson.get_untracked() else {
            return;
        };
        let plan = self.plan.get_value();
        let Some(plan) = plan else { return };
        self.lab.steer(|run| plan.go(run, k));
        self.step.set(k);
        let step = &lesson.steps[k];
        for highlight in step.highlight {
            if let Highlight::Detection { by, accused } = *highlight {
                let found = self.lab.with_untracked(|run| located(run, by, accused));
                if let Some((event, index)) = found {
                    self.lab.select_detection(event, index);
                }
            }
        }
        if self.animate && step.enter.contains(&Enter::Play) {
            self.lab.playing.set(true);
        }
        self.entered.update(|entered| *entered += 1);
        // Each entry is told, even several in one go; a listener may act
        // on the tour, so the list is let go first.
        let listeners = self.listeners.get_value();
        for listener in listeners {
            listener();
        }
    }

    /// Calls `listener` each time a step is entered, once it is on screen.
    pub fn on_step(&self, listener: impl Fn() + 'static) {
        self.listeners
            .update_value(|listeners| listeners.push(Rc::new(listener)));
    }

    /// The next step, never waiting: a task not done is skipped. Past the
    /// last step the lesson is finished and the sandbox keeps its run.
    pub fn next(&self) -> Result<(), String> {
        let (lesson, k, step) = self.current_untracked()?;
        if step.task.is_some()
            && !matches!(
                self.state_untracked(),
                Some(StepState {
                    task: Some(TaskOutcome::Done(_)),
                    ..
                })
            )
        {
            self.skipped.update(|skipped| {
                skipped.insert((lesson.id, k));
            });
        }
        if k + 1 < lesson.steps.len() {
            self.go(k + 1);
        } else {
            self.finished.update(|finished| {
                finished.insert(lesson.id.to_owned());
            });
            self.leave();
        }
        Ok(())
    }

    /// The step before, exactly as it was (the first step is put back).
    pub fn back(&self) -> Result<(), String> {
        let (_, k, _) = self.current_untracked()?;
        self.go(k.saturating_sub(1));
        Ok(())
    }

    /// Puts the run back where the step started.
    pub fn restore(&self) {
        self.go(self.step.get_untracked());
    }

    /// Plays the step's task's solution from the step's start.
    pub fn show_me(&self) {
        let Ok((_, k, step)) = self.current_untracked() else {
            return;
        };
        let Some(task) = step.task else { return };
        self.go(k);
        for enter in task.solution {
            if let Some(action) = lessons::action(enter) {
                let _ = self.lab.act(&action);
            }
        }
        if self.animate {
            self.lab.playing.set(true);
        } else {
            self.lab.run_until_quiet();
        }
    }

    /// Closes the lesson; the sandbox keeps the run as it is.
    pub fn leave(&self) {
        self.lesson.set(None);
        self.list.set(false);
    }

    fn current_untracked(&self) -> Result<(&'static Lesson, usize, &'static Step), String> {
        let lesson = self
            .lesson
            .get_untracked()
            .ok_or("no lesson is open; open one with lesson(id)")?;
        let k = self.step.get_untracked();
        Ok((lesson, k, &lesson.steps[k]))
    }

    /// Where the learner stands in the step on screen; re-runs the caller
    /// when the run or the step changes.
    pub fn state(&self) -> Option<StepState> {
        let (_, k, step) = self.current()?;
        let mark = self.mark(k)?;
        Some(self.lab.with(|run| state_of(run, step, mark)))
    }

    /// [`Tour::state`], without subscribing.
    pub fn state_untracked(&self) -> Option<StepState> {
        let (_, k, step) = self.current_untracked().ok()?;
        let mark = self.mark(k)?;
        Some(self.lab.with_untracked(|run| state_of(run, step, mark)))
    }

    /// Whether the step on screen has a task, done in the learner's run;
    /// re-runs the caller when that may change.
    pub fn task_done(&self) -> bool {
        matches!(
            self.state(),
            Some(StepState {
                task: Some(TaskOutcome::Done(_)),
                ..
            })
        )
    }

    /// What the step waits for, while it has not happened.
    pub fn waiting_for(&self) -> Option<String> {
        let (_, _, step) = self.current_untracked().ok()?;
        match self.state_untracked()?.met {
            true => None,
            false => waiting_for(step.wait),
        }
    }

    /// Whether the step's task was skipped.
    pub fn was_skipped(&self) -> bool {
        self.current()
            .is_some_and(|(lesson, k, _)| self.skipped.with(|s| s.contains(&(lesson.id, k))))
    }

    /// The nodes the step on screen points at.
    pub fn focus(&self) -> BTreeSet<NodeId> {
        let Some((_, _, step)) = self.current() else {
            return BTreeSet::new();
        };
        // Inserted one by one: `collect` would sort them first, with a
        // sort of its own compiled into the page.
        let mut focus = BTreeSet::new();
        focus.extend(
            step.highlight
                .iter()
                .flat_map(|highlight| match highlight {
                    Highlight::Nodes(nodes) => nodes.to_vec(),
                    _ => Vec::new(),
                })
                .map(node),
        );
        focus
    }
}

fn state_of(run: &Run, step: &Step, mark: Mark) -> StepState {
    StepState {
        met: lessons::met(run, step, mark),
        stuck: lessons::stuck(run, step, mark),
        task: step
            .task
            .map(|task| lessons::task_outcome(run, task.goal, mark)),
    }
}

/// Where the trace records the first detection of `accused` by `by`.
fn located(run: &Run, by: u16, accused: u16) -> Option<(usize, usize)> {
    run.shown()
        .detections(Some(node(by)))
        .into_iter()
        .find(|found| found.detection.byzantine_node == node(accused))
        .map(|found| (found.event, found.index))
}
