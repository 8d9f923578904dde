//! Which lessons the learner has finished, remembered in `localStorage`
//! under one key; nothing else is stored. A browser that refuses storage
//! (private modes, blocked cookies) simply forgets: every failure is
//! ignored.

use std::collections::BTreeSet;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::model::lessons::LESSONS;
use crate::store::Tour;

/// The one key the page stores.
pub const KEY: &str = "byzscope.lessons.finished";

/// `window.localStorage`, if the browser lets the page have it. Read
/// through `Reflect`, since reading it can throw.
fn storage() -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("localStorage"))
        .ok()
        .filter(JsValue::is_object)
}

fn call(storage: &JsValue, method: &str, args: &[&str]) -> Option<JsValue> {
    let function: js_sys::Function = js_sys::Reflect::get(storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().map(|arg| JsValue::from_str(arg)).collect();
    function.apply(storage, &args).ok()
}

/// The finished lessons' ids as stored, keeping only lessons that exist.
pub fn load() -> BTreeSet<String> {
    let Some(text) = storage().and_then(|s| call(&s, "getItem", &[KEY])?.as_string()) else {
        return BTreeSet::new();
    };
    let ids: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
    // Inserted one by one, not collected: `collect` would bring a sort.
    let mut finished = BTreeSet::new();
    finished.extend(
        ids.into_iter()
            .filter(|id| LESSONS.iter().any(|lesson| lesson.id == id)),
    );
    finished
}

/// Stores `finished`, if the browser lets it.
pub fn save(finished: &BTreeSet<String>) {
    let text = serde_json::to_string(&finished.iter().collect::<Vec<_>>()).unwrap_or_default();
    if let Some(storage) = storage() {
        let _ = call(&storage, "setItem", &[KEY, &text]);
    }
}

/// Loads the finished lessons into `tour`, and stores them whenever they
/// change, for as long as the current owner lives.
pub fn remember(tour: Tour) {
    tour.finished.set(load());
    Effect::new(move |first: Option<()>| {
        let finished = tour.finished.get();
        if first.is_some() {
            save(&finished);
        }
    });
}
