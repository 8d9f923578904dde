//! How detection went: for each Byzantine split, how long honest nodes took
//! to catch it and how many deliveries that took, which honest nodes have
//! not caught it, and the whole run as JSON with these figures.

use byzscope_core::metrics::{DetectionMetrics, DetectionTiming, EquivocationMetrics};
use byzscope_core::{NodeId, Trace};
use leptos::prelude::*;
use serde::Serialize;

use crate::controls::time_label;
use crate::export;
use crate::lab::Lab;

/// The run as exported: its trace (scenario, inputs, events, messages) and
/// its detection metrics.
#[derive(Serialize)]
pub struct RunExport<'a> {
    /// Everything that happened.
    #[serde(flatten)]
    pub trace: &'a Trace,
    /// How detection went.
    pub detection_metrics: DetectionMetrics,
}

/// The run as pretty JSON.
pub fn run_json(trace: &Trace) -> String {
    serde_json::to_string_pretty(&RunExport {
        trace,
        detection_metrics: DetectionMetrics::of(trace),
    })
    .expect("the trace is plain data")
}

fn list(nodes: &[NodeId]) -> String {
    nodes
        .iter()
        .map(NodeId::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn timing(which: &str, timing: &DetectionTiming) -> String {
    format!(
        "{which} honest detection: {}, {} and {} deliveries after the split",
        timing.node,
        time_label(timing.after_ms as f64),
        timing.deliveries
    )
}

/// What one split came to, in sentences.
pub fn sentences(
    metrics: &EquivocationMetrics,
    quiet: bool,
) -> (String, Vec<String>, Option<String>) {
    let values: Vec<&str> = metrics.values.iter().map(|value| &**value).collect();
    let head = format!(
        "{} split round {} at {}: {}.",
        metrics.origin,
        metrics.round,
        time_label(metrics.split_at as f64),
        values.join(" / ")
    );
    let mut lines = Vec::new();
    if let Some(first) = &metrics.first_detection {
        lines.push(timing("First", first));
    }
    if let (Some(last), Some(first)) = (&metrics.last_detection, &metrics.first_detection) {
        if last != first {
            lines.push(timing("Last", last));
        }
    }
    let missed = (!metrics.missed_by.is_empty()).then(|| {
        let who = list(&metrics.missed_by);
        let verb = if metrics.missed_by.len() == 1 {
            "has"
        } else {
            "have"
        };
        if quiet {
            format!(
                "{who} {verb} not detected {}'s equivocation in round {}, and never will: \
                 the run is over (were messages lost?).",
                metrics.origin, metrics.round
            )
        } else {
            format!(
                "{who} {verb} not detected {}'s equivocation in round {} yet.",
                metrics.origin, metrics.round
            )
        }
    });
    (head, lines, missed)
}

/// The metrics panel.
#[component]
pub fn MetricsPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Read the whole run again only when its head changes, not when the
    // viewer scrubs.
    let head = Memo::new(move |_| {
        lab.with(|run| {
            (
                run.generation(),
                run.head_trace().events.len(),
                run.sim().is_quiet(),
            )
        })
    });
    let metrics = Memo::new(move |_| {
        let (_, _, quiet) = head.get();
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
        feedback.set(
            export::download("byzscope-run.json", &text)
                .err()
                .map(|error| format!("Could not export: {error}")),
        );
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

#[cfg(test)]
mod tests {
    use byzscope_core::{Scenario, Simulation};

    use super::*;

    #[test]
    fn the_default_run_reads_as_three_detections_and_none_missed() {
        let mut sim = Simulation::new(Scenario::default()).unwrap();
        sim.propose(NodeId::new(1).unwrap(), "test123").unwrap();
        sim.run_until_quiet();
        let metrics = DetectionMetrics::of(sim.trace());
        assert_eq!(metrics.equivocations.len(), 1);
        let (head, lines, missed) = sentences(&metrics.equivocations[0], true);
        assert!(head.starts_with("node4 split round 1 at "), "{head}");
        assert!(head.ends_with("test123 / test123_BYZANTINE."), "{head}");
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("First honest detection: node"),
            "{}",
            lines[0]
        );
        assert_eq!(missed, None);
        let json: serde_json::Value = serde_json::from_str(&run_json(sim.trace())).unwrap();
        assert_eq!(
            json["detection_metrics"]["equivocations"][0]["origin"],
            "node4"
        );
        assert!(json["events"].as_array().unwrap().len() > 10);
        assert_eq!(json["scenario"]["nodes"], 4);
    }
}
