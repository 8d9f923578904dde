//! The page's look and address in the browser: `<html>`'s theme, contrast
//! and embed attributes kept in step with the store's [`Look`] and the
//! viewer's preferences, and the address that reproduces the run.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::script::drop_quiet_times;
use crate::store::{Lab, Look};
use crate::url::Address;

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
pub fn current_address(lab: Lab, look: Look, embed: bool) -> String {
    let mut query = lab.with_untracked(|run| {
        let trace = run.head_trace();
        // Those given, then those still to come.
        let given = trace.inputs.iter().map(|input| (input.at, &input.action));
        let pending = run.pending().iter().map(|input| (input.at, &input.action));
        Address::query(
            &trace.scenario,
            &drop_quiet_times(&trace.scenario, given.chain(pending)),
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
