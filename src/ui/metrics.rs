//! How detection went: for each Byzantine split, how long honest nodes took
//! to catch it and how many deliveries that took, which honest nodes have
//! not caught it, and the whole run as JSON with these figures.

use byzscope_core::metrics::DetectionMetrics;
use leptos::prelude::*;

use crate::model::export::run_json;
use crate::store::Lab;
use crate::text::metrics::sentences;
use crate::web::export::{download_telling, JSON};

/// The metrics panel.
#[component]
pub fn MetricsPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Read the whole run again only when its head changes, not when the
    // viewer scrubs.
    let metrics = Memo::new(move |_| {
        let quiet = lab.head.get().quiet;
        lab.with_untracked(|run| {
            DetectionMetrics::of(run.head_trace())
                .equivocations
                .iter()
                .map(|metrics| sentences(metrics, quiet))
                .collect::<Vec<_>>()
        })
    });
    let feedback = RwSignal::new(None::<String>);
    let export_run = move |_| {
        let text = lab.with_untracked(|run| run_json(run.head_trace()));
        download_telling("byzscope-run.json", JSON, &text, feedback);
    };
    view! {
        <section class="panel metrics" aria-labelledby="metrics-heading">
            <div class="panel-head">
                <h2 id="metrics-heading">"How detection went"</h2>
                <button
                    id="export-run"
                    title="The whole run (scenario, inputs, events, messages) with these figures"
                    on:click=export_run
                >
                    "Export run JSON"
                </button>
            </div>
            {move || {
                metrics
                    .with(|all| {
                        if all.is_empty() {
                            return view! { <p class="muted">"No Byzantine split yet."</p> }.into_any();
                        }
                        all.iter()
                            .map(|(head, lines, missed)| {
                                view! {
                                    <div class="equivocation">
                                        <p class="split-line">{head.clone()}</p>
                                        <ul>
                                            {lines.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
                                        </ul>
                                        {missed.clone().map(|text| view! { <p class="missed">"⚠ " {text}</p> })}
                                    </div>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
            }}
            <p class="feedback" role="status">{move || feedback.get()}</p>
        </section>
    }
}
