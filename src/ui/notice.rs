//! The notice about an address's refused parameters.

use leptos::prelude::*;

use crate::url::Refusal;

/// Says which parameters of the address were refused and why, until
/// dismissed.
#[component]
pub fn Notice(refusals: Vec<Refusal>) -> impl IntoView {
    let shown = RwSignal::new(!refusals.is_empty());
    view! {
        <Show when=move || shown.get()>
            <div class="notice" role="alert">
                <div>
                    <strong>"Some of this link's settings were not used."</strong>
                    <ul>
                        {refusals
                            .iter()
                            .map(|refusal| {
                                view! {
                                    <li>
                                        <code>{refusal.parameter.clone()}</code>
                                        ": "
                                        {refusal.why.clone()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
                <button id="dismiss-notice" on:click=move |_| shown.set(false)>
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}
