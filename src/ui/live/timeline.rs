//! Rewinding over what was recorded: the slider, the Live button that
//! returns to following the cluster, and the space-time diagram of the
//! recording at the moment shown.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::model::live::{LIVE_DEFAULT_SPAN, LIVE_SPANS};
use crate::model::numbers::num;
use crate::model::spacetime::draw;
use crate::store::Watch;
use crate::text::time::{seconds, time_label};
use crate::ui::spacetime::{Diagram, SpanMenu};

/// The slider over the recording, and the Live button.
#[component]
pub fn LiveTimeline() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let end = Memo::new(move |_| watch.end());
    let note = move || {
        if watch.following.get() {
            format!(
                "Following the cluster, {} behind.",
                seconds(crate::model::live::LAG_MS)
            )
        } else {
            format!(
                "Looking back at {} of {}. Live returns to following.",
                time_label(watch.shown_at()),
                time_label(end.get())
            )
        }
    };
    view! {
        <div class="timeline" class:past=move || !watch.following.get()>
            <div class="timeline-track">
                <input
                    id="live-timeline"
                    type="range"
                    min="0"
                    step="1"
                    prop:max=move || num(end.get())
                    prop:value=move || num(watch.shown_at())
                    aria-label="Time in the recording"
                    aria-valuetext=move || format!("{} of {}", time_label(watch.shown_at()), time_label(end.get()))
                    on:input=move |event| {
                        if let Ok(at) = event_target_value(&event).parse::<f64>() {
                            watch.seek(at);
                        }
                    }
                />
            </div>
            <div class="timeline-tools">
                <button id="live-start" on:click=move |_| watch.seek(0.0)>"Start"</button>
                <button
                    id="live-follow"
                    prop:disabled=move || watch.following.get()
                    on:click=move |_| watch.follow()
                >
                    "Live"
                </button>
                <span class="timeline-note" role="status">{note}</span>
            </div>
        </div>
    }
}

/// The space-time diagram of the recording, at the moment shown.
#[component]
pub fn LiveSpaceTime() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let span = RwSignal::new(LIVE_DEFAULT_SPAN);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let drawing = Memo::new(move |_| {
        let (at, span) = (watch.shown_at(), span.get());
        watch.built.with(|built| {
            draw(
                built.trace.view(),
                &built.palette,
                at,
                span,
                &BTreeSet::new(),
            )
        })
    });
    let byzantine = Signal::derive(move || {
        watch
            .built
            .with(|built| built.trace.scenario.byzantine.keys().copied().collect())
    });
    view! {
        <div class="spacetime-frame">
            <div class="spacetime-tools">
                <SpanMenu spans=&LIVE_SPANS span />
            </div>
            <Diagram drawing svg_ref byzantine />
        </div>
    }
}
