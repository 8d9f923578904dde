//! The link inspector: a link's faults, and the controls to cut, heal or
//! slow it.

use byzscope_core::trace::Action;
use byzscope_core::Link;
use leptos::prelude::*;

use super::Heading;
use crate::store::Lab;
use crate::text::links::link_state;

/// A link: whether it is up, its extra delay, and the controls to cut,
/// heal or slow it. Each is an input of the run, recorded in its trace.
#[component]
pub(super) fn LinkInspector(link: Link) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let (a, b) = link.ends();
    let state = Memo::new(move |_| lab.with(|run| run.shown().links().state(link)));
    let refusal = RwSignal::new(None::<String>);
    let act = move |action: Action| {
        refusal.set(lab.act(&action).err().map(|error| error.to_string()));
    };
    let set_delay = move |event: leptos::ev::Event| {
        let value = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if value.is_finite() && value >= 0.0 {
            act(Action::Delay {
                a,
                b,
                extra_ms: value as u64,
            });
        }
    };
    view! {
        <Heading title=format!("Link {link}") />
        <p class="note">
            {move || link_state(state.get())}
        </p>
        <div class="link-tools">
            {move || {
                if state.get().down {
                    view! {
                        <button id="heal-link" on:click=move |_| act(Action::Heal { a, b })>
                            "Heal the link"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button id="cut-link" on:click=move |_| act(Action::Cut { a, b })>
                            "Cut the link"
                        </button>
                    }
                        .into_any()
                }
            }}
            <label>
                "Extra delay "
                <input
                    id="link-delay"
                    type="range"
                    min="0"
                    max="2000"
                    step="50"
                    prop:value=move || state.get().extra_ms.to_string()
                    aria-valuetext=move || format!("{} ms", state.get().extra_ms)
                    on:change=set_delay
                />
                <output>{move || format!("{} ms", state.get().extra_ms)}</output>
            </label>
        </div>
        <p class="note">"Cutting loses the messages on it; each change is recorded, so the run stays reproducible and its link says so."</p>
        <p class="field-error" role="status">{move || refusal.get()}</p>
    }
}
