//! A value as the page writes it everywhere: its shape in its colour, then
//! the value itself.

use leptos::prelude::*;

use crate::model::palette::Swatch;

/// `value` with its swatch's shape and colour.
#[component]
pub fn ValueChip(value: String, swatch: Swatch) -> impl IntoView {
    let data_value = value.clone();
    view! {
        <span class="value-chip" data-value=data_value>
            <svg class="shape" viewBox="-14 -14 28 28" aria-hidden="true">
                <path d=swatch.shape.path(10.0) fill=swatch.colour />
            </svg>
            <code>{value}</code>
        </span>
    }
}
