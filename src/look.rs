//! How the page looks and where it lives: theme and contrast, reduced
//! motion, the notice about refused link parameters, and the link that
//! reproduces the run.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::export;
use crate::lab::Lab;
use crate::link::{self, Link, Refusal, Theme};

/// The page's look, shared by everything that changes it.
#[derive(Clone, Copy)]
pub struct Look {
    /// Light, dark or the system's choice.
    pub theme: RwSignal<Theme>,
    /// Stronger colours and borders.
    pub high_contrast: RwSignal<bool>,
    /// Shown inside another page: the stage, the essentials and the table.
    pub embed: bool,
}

impl Look {
    /// The look a link asks for.
    pub fn from_link(link: &Link) -> Look {
        Look {
            theme: RwSignal::new(link.theme),
            high_contrast: RwSignal::new(link.high_contrast),
            embed: link.embed,
        }
    }
}

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|window| window.match_media(query).ok().flatten())
}

fn media_matches(query: &str) -> bool {
    media(query).is_some_and(|list| list.matches())
}

/// Keeps `<html>`'s `data-theme`, `data-contrast` and `data-embed` in step
/// with `look` and, for the system theme, with the viewer's
/// `prefers-color-scheme` as it changes (the stylesheet does the rest), and
/// reads the viewer's motion preference; undone when the current owner goes.
pub fn apply(lab: Lab, look: Look) {
    let system_dark = RwSignal::new(media_matches("(prefers-color-scheme: dark)"));
    let scheme = media("(prefers-color-scheme: dark)");
    let on_change = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
        move |event: web_sys::Event| {
            if let Some(list) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::MediaQueryList>().ok())
            {
                system_dark.set(list.matches());
            }
        },
    );
    if let Some(scheme) = &scheme {
        let _ =
            scheme.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    }
    let listening = StoredValue::new_local((scheme, on_change));
    lab.reduced_motion
        .set(media_matches("(prefers-reduced-motion: reduce)"));
    if media_matches("(prefers-contrast: more)") {
        look.high_contrast.set(true);
    }
    let root = || document().document_element();
    Effect::new(move |_| {
        let theme = look.theme.get();
        let contrast = look.high_contrast.get();
        let Some(root) = root() else {
            return;
        };
        let resolved = match theme.attribute() {
            Some(theme) => theme,
            None if system_dark.get() => "dark",
            None => "light",
        };
        let _ = root.set_attribute("data-theme", resolved);
        let _ = if contrast {
            root.set_attribute("data-contrast", "high")
        } else {
            root.remove_attribute("data-contrast")
        };
        let _ = if look.embed {
            root.set_attribute("data-embed", "")
        } else {
            root.remove_attribute("data-embed")
        };
    });
    on_cleanup(move || {
        listening.try_with_value(|(scheme, on_change)| {
            if let Some(scheme) = scheme {
                let _ = scheme.remove_event_listener_with_callback(
                    "change",
                    on_change.as_ref().unchecked_ref(),
                );
            }
        });
        listening.dispose();
        if let Some(root) = root() {
            for name in ["data-theme", "data-contrast", "data-embed"] {
                let _ = root.remove_attribute(name);
            }
        }
    });
}

/// The address of this page with the current run in its query: opening it
/// replays the run event for event. `embed` keeps `embed=1`.
pub fn current_link(lab: Lab, look: Look, embed: bool) -> String {
    let mut query = lab.with_untracked(|run| {
        let mut proposals = link::made(run.head_trace());
        proposals.extend(run.script().iter().cloned());
        Link::query(
            &run.head_trace().scenario,
            &proposals,
            lab.speed.get_untracked(),
            !lab.playing.get_untracked(),
        )
    });
    let mut extra = form_urlencoded::Serializer::new(String::new());
    if let Some(theme) = look.theme.get_untracked().attribute() {
        extra.append_pair("theme", theme);
    }
    if look.high_contrast.get_untracked() {
        extra.append_pair("contrast", "high");
    }
    if embed {
        extra.append_pair("embed", "1");
    }
    let extra = extra.finish();
    if !extra.is_empty() {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&extra);
    }
    let location = window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    if query.is_empty() {
        base
    } else {
        format!("{base}?{query}")
    }
}

/// Says which link parameters were refused and why, until dismissed.
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

/// "Copy link", with a word on how it went.
#[component]
fn CopyLink(embed: bool) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let look = expect_context::<Look>();
    let feedback = RwSignal::new(None::<String>);
    let copy = move |_| {
        let url = current_link(lab, look, embed);
        spawn_local(async move {
            feedback.set(Some(match export::copy(&url).await {
                Ok(()) => "Link copied".to_owned(),
                Err(error) => format!("Could not copy the link: {error}"),
            }));
        });
    };
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
            anchor.set_href(&current_link(lab, look, false));
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
