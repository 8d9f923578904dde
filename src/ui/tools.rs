//! The page's tools: copy the run's address, theme, contrast, the shortcuts,
//! and in an embedded page the way out to the whole page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::store::{Lab, Look};
use crate::url::Theme;
use crate::web::export::copy_telling;
use crate::web::look::current_address;

/// "Copy link", with a word on how it went.
#[component]
fn CopyLink(embed: bool) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let look = expect_context::<Look>();
    let feedback = RwSignal::new(None::<String>);
    let copy = move |_| copy_telling("link", current_address(lab, look, embed), feedback);
    view! {
        <button
            id="copy-link"
            title="Copy a link that opens this scenario and replays its proposals"
            on:click=copy
        >
            "Copy link"
        </button>
        <span class="feedback" role="status">{move || feedback.get()}</span>
    }
}

/// The header's tools: copy link, theme, contrast and the shortcuts.
#[component]
pub fn PageTools(help: RwSignal<bool>) -> impl IntoView {
    let look = expect_context::<Look>();
    let set_theme = move |event: leptos::ev::Event| {
        look.theme.set(match event_target_value(&event).as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        });
    };
    let theme_value = move || look.theme.get().attribute().unwrap_or("auto");
    view! {
        <div class="page-tools">
            <CopyLink embed=false />
            <label>
                "Theme "
                <select id="theme" prop:value=theme_value on:change=set_theme>
                    <option value="auto">"System"</option>
                    <option value="light">"Light"</option>
                    <option value="dark">"Dark"</option>
                </select>
            </label>
            <label>
                <input
                    id="high-contrast"
                    type="checkbox"
                    prop:checked=move || look.high_contrast.get()
                    on:change=move |event| {
                        let input = event_target::<web_sys::HtmlInputElement>(&event);
                        look.high_contrast.set(input.checked());
                    }
                />
                " High contrast"
            </label>
            <ShortcutsButton help text="Shortcuts ?" />
        </div>
    }
}

/// Opens the list of keyboard shortcuts.
#[component]
fn ShortcutsButton(help: RwSignal<bool>, text: &'static str) -> impl IntoView {
    view! {
        <button
            id="shortcuts"
            aria-keyshortcuts="?"
            aria-haspopup="dialog"
            // A lone "?" needs words; a labelled button is named by its text.
            aria-label=(text == "?").then_some("Keyboard shortcuts")
            on:click=move |_| help.set(true)
        >
            {text}
        </button>
    }
}

/// The few tools an embedded page keeps: open the whole page, shortcuts.
#[component]
pub fn EmbedTools(help: RwSignal<bool>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let look = expect_context::<Look>();
    // Read when clicked (or middle-clicked), so the new tab opens the run
    // as it is now.
    let open_full = move |event: leptos::ev::MouseEvent| {
        if let Some(anchor) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            anchor.set_href(&current_address(lab, look, false));
        }
    };
    view! {
        <div class="embed-tools">
            <a
                id="open-full"
                href="./"
                target="_blank"
                rel="noopener"
                on:click=open_full
                on:auxclick=open_full
            >
                "Open in ByzScope ↗"
            </a>
            <ShortcutsButton help text="?" />
        </div>
    }
}
