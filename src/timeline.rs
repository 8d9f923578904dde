//! The timeline under the stage: from 0 to the latest simulated time, with
//! the run's proposals, splits, detections and decisions marked. Dragging
//! it shows the exact state at that moment; acting there forks the run.

use byzscope_core::{Happening, Noted, Trace};
use leptos::prelude::*;

use crate::controls::time_label;
use crate::lab::{Lab, Run};
use crate::numbers::num;

/// Kinds of marker, in the order they are drawn (later on top).
pub const KINDS: [&str; 4] = ["decision", "proposal", "split", "detection"];

/// The times of each kind of marker in a run.
pub fn markers(trace: &Trace) -> [Vec<u64>; 4] {
    let mut marks: [Vec<u64>; 4] = Default::default();
    for event in &trace.events {
        if matches!(event.happening, Happening::Proposed { .. }) {
            marks[1].push(event.at);
        }
        for noted in &event.effects {
            let kind = match noted {
                Noted::Decided { .. } => 0,
                Noted::Equivocated(_) => 2,
                Noted::Detected(_) => 3,
                _ => continue,
            };
            marks[kind].push(event.at);
        }
    }
    for times in &mut marks {
        times.dedup();
    }
    marks
}

/// The timeline: a slider over the run's time with its markers, and the
/// buttons to move by event or to either end.
#[component]
pub fn TimelineBar() -> impl IntoView {
    let lab = expect_context::<Lab>();
    // The markers change only when the head of the run does, not when the
    // viewer scrubs: key them by the head's length.
    let head =
        Memo::new(move |_| lab.with(|run| (run.generation(), run.head_trace().events.len())));
    let marks = Memo::new(move |_| {
        // Read, not just tracked: a memo brings itself up to date when read.
        let _ = head.get();
        lab.with_untracked(|run| markers(run.head_trace()))
    });
    let head_end = Memo::new(move |_| lab.with(Run::end));
    let end = move || head_end.get().max(lab.clock.get()).max(1.0);
    let past = Memo::new(move |_| lab.with(Run::in_past));
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

#[cfg(test)]
mod tests {
    use byzscope_core::{NodeId, Scenario, Simulation};

    use super::*;

    #[test]
    fn the_default_run_has_one_of_each_marker_and_three_detections() {
        let mut sim = Simulation::new(Scenario::default()).unwrap();
        sim.propose(NodeId::new(1).unwrap(), "test123").unwrap();
        sim.run_until_quiet();
        let [decisions, proposals, splits, detections] = markers(sim.trace());
        assert_eq!(proposals, [0]);
        assert_eq!(splits.len(), 1);
        assert_eq!(
            detections.len(),
            3,
            "three honest detections at distinct times"
        );
        assert!(!decisions.is_empty());
        assert!(detections.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
