//! The inspector: what a clicked node knows, what a clicked message
//! carries and by which path, a link's faults, and how a detection's
//! statements reached the detector.

mod detection;
mod link;
mod message;
mod node;

use leptos::prelude::*;

use crate::store::{Lab, Selection};
use detection::DetectionInspector;
use link::LinkInspector;
use message::MessageInspector;
use node::NodeInspector;

/// The inspector panel.
#[component]
pub fn Inspector() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        // Not a live region: while a round plays its contents change every frame.
        <section class="panel inspector" aria-labelledby="inspector-heading">
            {move || match lab.selection.get() {
                Selection::Nothing => {
                    view! {
                        <h2 id="inspector-heading">"Inspector"</h2>
                        <p class="note">"Click a node or a travelling message to see inside it."</p>
                    }
                        .into_any()
                }
                Selection::Node(node) => view! { <NodeInspector node /> }.into_any(),
                Selection::Message(id) => view! { <MessageInspector id /> }.into_any(),
                Selection::Link(link) => view! { <LinkInspector link /> }.into_any(),
                Selection::Detection { event, index } => {
                    view! { <DetectionInspector event index /> }.into_any()
                }
            }}
        </section>
    }
}

/// The inspector's heading, with the button that closes it.
#[component]
fn Heading(title: String) -> impl IntoView {
    view! {
        <div class="inspector-head">
            <h2 id="inspector-heading">{title}</h2>
            <CloseButton />
        </div>
    }
}

/// Closes the inspector.
#[component]
fn CloseButton() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        <button class="close" aria-label="Close the inspector" on:click=move |_| lab.selection.set(Selection::Nothing)>
            "✕"
        </button>
    }
}
