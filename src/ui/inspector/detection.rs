//! The detection inspector: how a detection's statements reached the
//! detector, and its evidence.

use byzscope_core::evidence::Evidence;
use leptos::prelude::*;

use super::Heading;
use crate::store::Lab;
use crate::text::detections::{arrived_by, caught, held_by, what_happened, FORGERY_HAS_ONE_COPY};
use crate::text::messages::hops;
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
            let shown = run.shown();
            let detection = shown.detection_at(event, index)?.clone();
            let messages = &run.head_trace().messages;
            let paths = shown.provenance(event, index).map(|provenance| {
                [&provenance.held, &provenance.arrived].map(|chain| {
                    (
                        chain.statement.value.to_string(),
                        run.swatch(&chain.statement.value),
                        hops(messages, &chain.messages),
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
        view! {
            <Heading title=caught(&detection) />
            <p class="note">
                {what_happened(&detection)}
            </p>
            {match paths {
                Some([held, arrived]) => view! {
                    <ol class="provenance">
                        <li>
                            "It held "
                            <ValueChip value=held.0 swatch=held.1 />
                            {held_by(&held.2, held.3)}
                        </li>
                        <li>
                            "then received "
                            <ValueChip value=arrived.0 swatch=arrived.1 />
                            {arrived_by(&arrived.2, arrived.3)}
                        </li>
                    </ol>
                    <p class="note">"Both paths are highlighted on the stage and in the space-time diagram."</p>
                }
                .into_any(),
                None => view! { <p class="note">{FORGERY_HAS_ONE_COPY}</p> }.into_any(),
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
