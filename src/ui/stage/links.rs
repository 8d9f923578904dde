//! The links between nodes, each clickable to cut, heal or slow it.

use byzscope_core::{Link, NodeId};
use leptos::prelude::*;

use super::line_markup;
use super::nodes::escaped;
use crate::model::geometry::Ring;
use crate::model::numbers::num;
use crate::store::{Lab, Selection};
use crate::text::links::link_label;

/// A line for every pair of nodes.
#[component]
pub(super) fn Links(ring: Memo<Ring>, nodes: Memo<Vec<NodeId>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // The network's faults, read once for every link: the run changes at
    // nearly every frame of a round and its faults hardly ever, and at
    // thirty-two nodes 496 links each reading the run would each be re-run
    // and re-subscribed at every frame.
    let faults = Memo::new(move |_| lab.with(|run| run.shown().links().clone()));
    view! {
        // A large cluster's canvas draws the healthy links' lines (see
        // `dots::move_dots`); the SVG keeps every link's target and the
        // lines of a cut, slowed, hovered or selected one.
        <g class="links" class:painted=move || ring.get().compact()>
            {move || {
                let ring = ring.get();
                let ids = nodes.get();
                let mut lines = Vec::new();
                for (i, a) in ids.iter().enumerate() {
                    for b in &ids[i + 1..] {
                        let Some(link) = Link::new(*a, *b) else {
                            continue;
                        };
                        lines.push(view! { <LinkLine link ring faults /> });
                    }
                }
                lines
            }}
        </g>
    }
}

/// A link between two nodes: a thin line, cut (dashed, with a cross) or
/// slowed (thicker, with its extra delay) as the network is at the time on
/// screen. A wide invisible stroke makes it easy to click, which opens it in
/// the inspector.
#[component]
fn LinkLine(link: Link, ring: Ring, faults: Memo<byzscope_core::Links>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let (a, b) = link.ends();
    let (p, q) = (ring.position(a), ring.position(b));
    let state = move || faults.with(|faults| faults.state(link));
    let middle = p.lerp(q, 0.5);
    let selected = move || lab.selection.get() == Selection::Link(link);
    // Markup, one string for the title, the lines and the label (see
    // `line_markup`), written anew only when the link's state changes.
    let wires = format!(
        "<title>{link}: click to cut, heal or slow it</title>{}{}<text class=\"link-label\" x=\"{}\" y=\"{}\" dy=\"0.35em\">",
        line_markup("class=\"hit\"", p, q),
        line_markup("class=\"wire\"", p, q),
        num(middle.x),
        num(middle.y)
    );
    let markup = move || format!("{wires}{}</text>", escaped(&link_label(state())));
    view! {
        <g
            class="link"
            class:cut=move || state().down
            class:slow=move || { state().extra_ms > 0 }
            class:selected=selected
            data-link=link.to_string()
            on:click=move |_| lab.selection.set(Selection::Link(link))
            inner_html=markup
        />
    }
}
