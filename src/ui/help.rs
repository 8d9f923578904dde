//! The shortcuts overlay.

use leptos::prelude::*;

use crate::web::keys::SHORTCUTS;

/// The list of shortcuts, over the page while `open`.
#[component]
pub fn Help(open: RwSignal<bool>) -> impl IntoView {
    let close = NodeRef::<leptos::html::Button>::new();
    // Focus moves into the dialog when it opens, so Esc and Tab work there.
    Effect::new(move |_| {
        if open.get() {
            if let Some(button) = close.get() {
                let _ = button.focus();
            }
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="help-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="help"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-heading"
                    on:click=|event| event.stop_propagation()
                >
                    <h2 id="help-heading">"Keyboard shortcuts"</h2>
                    <table>
                        <tbody>
                            {SHORTCUTS
                                .iter()
                                .map(|shortcut| {
                                    view! {
                                        <tr>
                                            <th scope="row"><kbd>{shortcut.shown}</kbd></th>
                                            <td>{shortcut.what}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">"Shortcuts are off while you type in a field."</p>
                    <button id="help-close" node_ref=close on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </div>
            </div>
        </Show>
    }
}
