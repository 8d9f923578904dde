//! Lessons on the page: the header's entry, the list of lessons (each a
//! link), and the lesson panel — the step's sentences, a step counter,
//! Back and Next, what the step waits for, and a task with its hint,
//! "Show me" and how it went.

use byzscope_core::trace::Action;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::lessons::{Panel, TaskOutcome, LESSONS};
use crate::store::{Lab, StepState, Tour};
use crate::text::lessons::{counter, task_outcome, waiting_for, SKIPPED, STUCK};
use crate::url::Address;

/// The header's "Lessons" button: opens and closes the list.
#[component]
pub fn LessonsButton() -> impl IntoView {
    let tour = expect_context::<Tour>();
    view! {
        <button
            id="lessons-button"
            aria-expanded=move || tour.list.get().to_string()
            aria-controls="lesson-list"
            on:click=move |_| tour.list.update(|open| *open = !*open)
        >
            "Lessons"
        </button>
    }
}

/// The list of lessons, each a link that opens it at its first step.
#[component]
pub fn LessonList() -> impl IntoView {
    let tour = expect_context::<Tour>();
    // Built each time the list opens: a view is not cloned.
    let items = move || {
        LESSONS
        .iter()
        .map(|lesson| {
            let href = format!("?{}", Address::lesson_query(lesson.id, 0));
            let id = lesson.id;
            let done = move || tour.finished.with(|finished| finished.contains(id));
            view! {
                <li>
                    <a
                        href=href
                        data-lesson=id
                        on:click=move |event| {
                            event.prevent_default();
                            let _ = tour.open(id, None);
                        }
                    >
                        {lesson.title}
                    </a>
                    <span class="muted">{format!(" · {} steps", lesson.steps.len())}</span>
                    {move || done().then(|| view! { <span class="lesson-done">" ✓ finished"</span> })}
                </li>
            }
        })
        .collect_view()
    };
    view! {
        <Show when=move || tour.list.get()>
            <section id="lesson-list" class="panel lesson-list" aria-labelledby="lesson-list-heading">
                <div class="panel-head">
                    <h2 id="lesson-list-heading">"Lessons"</h2>
                    <button id="lesson-list-close" on:click=move |_| tour.list.set(false)>"Close"</button>
                </div>
                <p class="note">"Each lesson tells one idea a step. Next never waits; Back is instant."</p>
                <ol class="lessons">{items()}</ol>
            </section>
        </Show>
    }
}

/// The lesson on screen: its step's sentences, the counter, Back and
/// Next, what it waits for, and its task.
#[component]
pub fn LessonPanel() -> impl IntoView {
    let tour = expect_context::<Tour>();
    let lab = expect_context::<Lab>();
    let state = Memo::new(move |_| tour.state());
    pause_on_arrival(tour, lab, state);
    focus_panels(tour);
    view! {
        {move || {
            let (lesson, k, step) = tour.current()?;
            let steps = lesson.steps.len();
            let last = k + 1 == steps;
            let waiting = move || {
                let state = state.get()?;
                (!state.met && !state.stuck)
                    .then(|| waiting_for(step.wait))
                    .flatten()
                    .map(|what| format!("Waiting for {what}: press Play to watch, or Next to move on."))
            };
            let stuck = move || state.get().is_some_and(|state| state.stuck);
            let task = step.task.map(|task| {
                let outcome = move || {
                    let outcome = state.get()?.task?;
                    let dropped = match &outcome {
                        TaskOutcome::Done(Action::Drop { message }) => {
                            lab.with_untracked(|run| run.shown().message(*message).cloned())
                        }
                        _ => None,
                    };
                    task_outcome(task.goal, &outcome, dropped.as_ref())
                };
                view! {
                    <div class="lesson-task">
                        <p><strong>"Task: "</strong>{task.asks}</p>
                        <details class="lesson-hint">
                            <summary>"Hint"</summary>
                            <p>{task.hint}</p>
                        </details>
                        <button id="lesson-show-me" on:click=move |_| tour.show_me()>"Show me"</button>
                        <p class="lesson-outcome" role="status">{outcome}</p>
                    </div>
                }
            });
            Some(view! {
                <section class="panel lesson" aria-labelledby="lesson-heading" data-lesson=lesson.id data-step=(k + 1).to_string()>
                    <div class="panel-head">
                        <h2 id="lesson-heading">{lesson.title}</h2>
                        <span class="lesson-counter" aria-label=format!("Step {} of {steps}", k + 1)>{counter(k, steps)}</span>
                    </div>
                    <p class="lesson-says" aria-live="polite">{step.says}</p>
                    {task}
                    {move || tour.was_skipped().then(|| view! { <p class="lesson-skipped note">{SKIPPED}</p> })}
                    <p class="lesson-wait note">{waiting}</p>
                    {move || stuck().then(|| view! {
                        <p class="lesson-stuck">
                            {STUCK}" "
                            <button id="lesson-restore" on:click=move |_| tour.restore()>"Put the run back"</button>
                        </p>
                    })}
                    <div class="lesson-nav">
                        <button id="lesson-back" disabled=k == 0 aria-keyshortcuts="PageUp" on:click=move |_| { let _ = tour.back(); }>"Back"</button>
                        <button id="lesson-next" class="primary" aria-keyshortcuts="PageDown" on:click=move |_| { let _ = tour.next(); }>
                            {if last { "Finish lesson" } else { "Next" }}
                        </button>
                        <a class="lesson-link" href=format!("?{}", Address::lesson_query(lesson.id, k))>"Link to this step"</a>
                        <button id="lesson-leave" on:click=move |_| tour.leave()>"Leave lesson"</button>
                    </div>
                </section>
            })
        }}
    }
}

/// Stops the clock when a playing step reaches what it waits for, so the
/// learner reads what just happened.
fn pause_on_arrival(tour: Tour, lab: Lab, state: Memo<Option<StepState>>) {
    Effect::new(move |before: Option<(u64, bool)>| {
        let entered = tour.entered.get();
        let met = state.get().is_some_and(|state| state.met);
        if before == Some((entered, false)) && met {
            lab.playing.set(false);
        }
        (entered, met)
    });
}

/// Marks the panels the step points at with `data-lesson-focus`.
fn focus_panels(tour: Tour) {
    Effect::new(move |_| {
        let panels: Vec<Panel> = tour
            .current()
            .map(|(_, _, step)| {
                step.highlight
                    .iter()
                    .filter_map(|highlight| match highlight {
                        crate::model::lessons::Highlight::Panel(panel) => Some(*panel),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let document = document();
        if let Ok(marked) = document.query_selector_all("[data-lesson-focus]") {
            for i in 0..marked.length() {
                if let Some(element) = marked
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = element.remove_attribute("data-lesson-focus");
                }
            }
        }
        for panel in panels {
            if let Ok(Some(element)) = document.query_selector(panel.selector()) {
                let _ = element.set_attribute("data-lesson-focus", "");
            }
        }
    });
}
