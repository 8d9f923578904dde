//! The page in live mode (`?live=…`): a real cluster, watched through each
//! node's `/events`, drawn on the ring and in the space-time diagram a
//! moment behind, with the nodes' own `/detections` in the table.

mod panels;
mod ring;
mod timeline;

use byzscope_core::NodeId;
use leptos::prelude::*;

use crate::store::{View, Watch};
use crate::text::live::{lag_note, watching};
use crate::web;
use panels::{Download, LiveDetections, LivePropose, NodeList, Problems};
use ring::LiveRing;
use timeline::{LiveSpaceTime, LiveTimeline};

/// The live page, watching the nodes at `urls` (base URLs).
#[component]
pub fn LiveApp(urls: Vec<String>) -> impl IntoView {
    let watch = Watch::new(&urls);
    provide_context(watch);
    web::live::watch_cluster(watch);
    let heading = move || {
        watch.recording.with(|recording| {
            let mut ids: Vec<NodeId> = recording.hellos().map(|hello| hello.node).collect();
            ids.sort();
            ids.dedup();
            watching(&ids, &urls)
        })
    };
    let tab = RwSignal::new(View::Ring);
    let tab_button = move |view: View, id: &'static str, label: &'static str| {
        view! {
            <button
                id=id
                role="tab"
                aria-selected=move || (tab.get() == view).to_string()
                aria-controls="view-panel"
                on:click=move |_| tab.set(view)
            >
                {label}
            </button>
        }
    };
    view! {
        <header class="topbar live-topbar">
            <h1>"ByzScope"</h1>
            <p class="lede" id="live-heading">{heading}</p>
            <p class="lede live-lag">{lag_note()}</p>
        </header>
        <Problems />
        <main class="workspace live">
            <section class="stage-column" aria-label="The cluster">
                <div class="view-tabs" role="tablist" aria-label="Picture">
                    {tab_button(View::Ring, "tab-ring", "Ring")}
                    {tab_button(View::SpaceTime, "tab-spacetime", "Space-time")}
                </div>
                <div id="view-panel" role="tabpanel">
                    {move || match tab.get() {
                        View::Ring => view! { <LiveRing /> }.into_any(),
                        View::SpaceTime => view! { <LiveSpaceTime /> }.into_any(),
                    }}
                </div>
                <LiveTimeline />
            </section>
            <div class="side-column">
                <div class="controls">
                    <LivePropose />
                </div>
                <NodeList />
                <LiveDetections />
                <Download />
            </div>
        </main>
    }
}
