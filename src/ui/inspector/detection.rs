//! The detection inspector: how a detection's statements reached the
//! detector, and its evidence.

use byzscope_core::evidence::Evidence;
use byzscope_core::DetectionKind;
use leptos::prelude::*;

use super::Heading;
use crate::store::Lab;
use crate::text::messages::{count, hops};
use crate::text::time::time_label;
use crate::ui::chip::ValueChip;
use crate::web::export::{download_telling, JSON};

/// A detection: the two statements behind it and how each reached the
/// detector (highlighted on the stage and in the space-time diagram), and in
/// signed mode its evidence to export.
#[component]
pub(super) fn DetectionInspector(event: usize, index: usize) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let found = Memo::new(move |_| {
        lab.with(|run| {
            let detection = run.shown().detection_at(event, index)?.clone();
            let trace = run.head_trace();
            let paths = trace.provenance(event, &detection).ok().map(|provenance| {
                [&provenance.held, &provenance.arrived].map(|chain| {
                    (
                        chain.statement.value.to_string(),
                        run.swatch(&chain.statement.value),
                        hops(&trace.messages, &chain.messages),
                        chain.messages.len(),
                    )
                })
            });
            let evidence = Evidence::of(&detection).ok();
            Some((
                detection,
                paths,
                evidence.map(|evidence| evidence.to_json()),
            ))
        })
    });
    let feedback = RwSignal::new(None::<String>);
    move || {
        let Some((detection, paths, evidence)) = found.get() else {
            return view! { <p>"This detection is not in the run on screen."</p> }.into_any();
        };
        let kind = match detection.kind {
            DetectionKind::Equivocation => "sent different values",
            DetectionKind::Forgery => "handed over a forged copy",
        };
        view! {
            <Heading title=format!("{} caught {}", detection.detected_by, detection.byzantine_node) />
            <p class="note">
                {format!(
                    "{} {kind} in round {}, found at {}.",
                    detection.byzantine_node,
                    detection.round,
                    time_label(detection.at as f64)
                )}
            </p>
            {match paths {
                Some([held, arrived]) => view! {
                    <ol class="provenance">
                        <li>
                            "It held "
                            <ValueChip value=held.0 swatch=held.1 />
                            {format!(", which came {} ({}),", held.2, count(held.3))}
                        </li>
                        <li>
                            "then received "
                            <ValueChip value=arrived.0 swatch=arrived.1 />
                            {format!(" by {} ({}).", arrived.2, count(arrived.3))}
                        </li>
                    </ol>
                    <p class="note">"Both paths are highlighted on the stage and in the space-time diagram."</p>
                }
                .into_any(),
                None => view! { <p class="note">"A forgery rests on one bad copy: its signature did not hold."</p> }.into_any(),
            }}
            {evidence.map(|json| {
                let name = format!("evidence-{}-round{}-by-{}.json", detection.byzantine_node, detection.round, detection.detected_by);
                view! {
                    <button
                        id="export-evidence"
                        title="Both signed statements and what makes them conflict, for anyone to check"
                        on:click=move |_| {
                            download_telling(&name, JSON, &json, feedback);
                        }
                    >
                        "Export evidence"
                    </button>
                }
            })}
            <p class="feedback" role="status">{move || feedback.get()}</p>
        }
        .into_any()
    }
}
