//! The timeline under the stage: from 0 to the latest simulated time, with
//! the run's proposals, splits, detections and decisions marked. Dragging
//! it shows the exact state at that moment; acting there forks the run.

use leptos::prelude::*;

use crate::model::marks::{markers, KINDS};
use crate::model::numbers::num;
use crate::store::Lab;
use crate::text::time::time_label;

/// The timeline: a slider over the run's time with its markers, and the
/// buttons to move by event or to either end.
#[component]
pub fn TimelineBar() -> impl IntoView {
    let lab = expect_context::<Lab>();
    // The markers change only when the head of the run does, not when the
    // viewer scrubs.
    let marks = Memo::new(move |_| {
        let _ = lab.head.get();
        lab.with_untracked(|run| markers(run.head_trace()))
    });
    let head_end = Memo::new(move |_| lab.with(|run| run.latest()));
    let end = move || head_end.get().max(lab.clock.get()).max(1.0);
    let past = Memo::new(move |_| lab.with(|run| run.in_past()));
    let seek = move |event: leptos::ev::Event| {
        let value = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if value.is_finite() {
            lab.seek(value);
        }
    };
    let path = move |kind: usize| {
        let end = head_end.get().max(1.0);
        marks.with(|marks| {
            marks[kind]
                .iter()
                .map(|at| format!("M{} 0v10", num(*at as f64 / end * 1000.0)))
                .collect::<String>()
        })
    };
    view! {
        <div class="timeline" class:past=move || past.get()>
            <div class="timeline-track">
                <svg class="markers" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">
                    {KINDS
                        .iter()
                        .enumerate()
                        .map(|(kind, name)| view! { <path class=*name d=move || path(kind) /> })
                        .collect_view()}
                </svg>
                <input
                    id="timeline"
                    type="range"
                    min="0"
                    step="1"
                    prop:max=move || num(end())
                    prop:value=move || num(lab.clock.get())
                    aria-label="Time in the run"
                    aria-valuetext=move || {
                        format!("{} of {}", time_label(lab.clock.get()), time_label(end()))
                    }
                    on:input=seek
                />
            </div>
            <div class="timeline-tools">
                <button id="to-start" title="The start of the run (Home)" aria-keyshortcuts="Home" on:click=move |_| lab.seek(0.0)>
                    "Start"
                </button>
                <button id="step-back" title="The event before (←)" aria-keyshortcuts="ArrowLeft" on:click=move |_| { lab.step_back(); }>
                    "◀ Event"
                </button>
                <button
                    id="step-forward"
                    title="The event after (→)"
                    aria-keyshortcuts="ArrowRight"
                    on:click=move |_| {
                        lab.playing.set(false);
                        lab.step();
                    }
                >
                    "Event ▶"
                </button>
                <button id="to-end" title="The latest moment (End)" aria-keyshortcuts="End" on:click=move |_| lab.seek(f64::INFINITY)>
                    "Latest"
                </button>
                <span class="timeline-note" role="status">
                    {move || {
                        if past.get() {
                            format!(
                                "Looking back at {} of {}. Acting here forks the run: the rest is discarded.",
                                time_label(lab.clock.get()),
                                time_label(head_end.get()),
                            )
                        } else {
                            String::new()
                        }
                    }}
                </span>
                <span class="timeline-key" aria-hidden="true">
                    <span class="key proposal">"proposal"</span>
                    <span class="key split">"split"</span>
                    <span class="key detection">"detection"</span>
                    <span class="key decision">"decision"</span>
                </span>
            </div>
        </div>
    }
}
