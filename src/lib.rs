//! The ByzScope web app: a simulated cluster running in the browser's event
//! loop, drawn as nodes on a ring with messages travelling between them,
//! with the controls to propose, play, pause, step and reconfigure it, and
//! the detections table the original demo's `GET /detections` served.
//!
//! The app is in layers, each importing only the ones before it (see
//! ARCHITECTURE.md; `scripts/check-layers.py` enforces it):
//! [`model`] (the run, no browser) → [`url`] and [`text`] → [`store`] (the
//! reactive state) → [`web`] (the browser's edges) → [`ui`] (components).

pub mod model;
pub mod store;
pub mod text;
pub mod ui;
pub mod url;
pub mod web;

pub use ui::app::App;

/// Mounts [`App`] as the page's body, for the life of the page, set up by
/// the page's query parameters.
pub fn mount() {
    use leptos::prelude::*;
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    leptos::mount::mount_to_body(move || view! { <App query /> });
}
