//! What the colours and shapes mean, and the drop-mode switch.

use leptos::prelude::*;

use crate::store::Lab;
use crate::ui::chip::ValueChip;

/// The key to a message sent by its origin.
const DIRECT: &str = "<svg class=\"shape\" viewBox=\"-14 -14 28 28\" aria-hidden=\"true\">\
    <circle class=\"legend-direct\" r=\"9\" fill=\"#57606a\"/></svg>sent by its origin";

/// The key to a forwarded copy.
const FORWARDED: &str = "<svg class=\"shape\" viewBox=\"-14 -14 28 28\" aria-hidden=\"true\">\
    <circle class=\"legend-forwarded\" r=\"8\" fill=\"#fff\" stroke=\"#57606a\" stroke-width=\"3\"/>\
    </svg>forwarded copy";

/// What the colours and shapes mean.
#[component]
pub(super) fn Legend() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let values = Memo::new(move |_| {
        lab.with(|run| {
            run.palette()
                .entries()
                .map(|(value, swatch)| (value.to_string(), *swatch))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="legend">
            // Markup, one string each: nothing in them changes.
            <span class="legend-item" inner_html=DIRECT />
            <span class="legend-item" inner_html=FORWARDED />
            {move || {
                values
                    .get()
                    .into_iter()
                    .map(|(value, swatch)| view! { <ValueChip value swatch /> })
                    .collect_view()
            }}
            <label class="drop-mode" title="Network faults by hand: a click on a dot loses that message; a click on a link opens it to cut, heal or slow it">
                <input
                    id="drop-mode"
                    type="checkbox"
                    prop:checked=move || lab.drop_mode.get()
                    on:change=move |event| {
                        lab.drop_mode.set(event_target::<web_sys::HtmlInputElement>(&event).checked())
                    }
                />
                " Click a dot to drop it"
            </label>
        </div>
    }
}
