//! Checking evidence in the browser: a file (or pasted text) in the
//! evidence format the detection inspector exports is verified here — both
//! signatures, and that the two statements really conflict — and the
//! verdict is said plainly.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::text::evidence::verdict;

/// The largest evidence file read: a real one is under 2 KB.
pub const MAX_EVIDENCE_BYTES: f64 = 65_536.0;

async fn read_file(input: &web_sys::HtmlInputElement) -> Result<String, String> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or("No file was chosen.")?;
    if file.size() > MAX_EVIDENCE_BYTES {
        return Err(format!(
            "{} is {} bytes: evidence is a small JSON file (at most 64 KB), so it was not read.",
            file.name(),
            file.size() as u64
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{} could not be read.", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{} is not text.", file.name()))
}

/// The verifier: a file picker, a box to paste into, and the verdict.
#[component]
pub fn Verifier() -> impl IntoView {
    let said = RwSignal::new(None::<(bool, String)>);
    let pasted = RwSignal::new(String::new());
    let from_file = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            said.set(Some(match read_file(&input).await {
                Ok(text) => verdict(&text),
                Err(why) => (false, why),
            }));
        });
    };
    view! {
        <details class="panel verifier">
            <summary><h2>"Verify evidence"</h2></summary>
            <p class="note">
                "Evidence exported from a signed run's detection: both signed statements. \
                 It holds if both signatures verify with the key given and the statements \
                 are one origin's different values for one round."
            </p>
            <label>
                "Evidence file "
                <input id="evidence-file" type="file" accept=".json,application/json" on:change=from_file />
            </label>
            <label class="paste">
                "or paste it"
                <textarea
                    id="evidence-text"
                    rows="4"
                    spellcheck="false"
                    prop:value=move || pasted.get()
                    on:input=move |event| pasted.set(event_target_value(&event))
                ></textarea>
            </label>
            <button id="verify-evidence" on:click=move |_| said.set(Some(pasted.with(|text| verdict(text))))>
                "Verify"
            </button>
            <p
                id="evidence-verdict"
                role="status"
                class:holds=move || said.with(|said| said.as_ref().is_some_and(|(holds, _)| *holds))
                class:fails=move || said.with(|said| said.as_ref().is_some_and(|(holds, _)| !*holds))
            >
                {move || said.get().map(|(holds, text)| format!("{} {text}", if holds { "✓" } else { "✗" }))}
            </p>
        </details>
    }
}
