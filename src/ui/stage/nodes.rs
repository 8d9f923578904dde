//! A node on the ring: its circle, id, role, round, decision and detection
//! badge, with the labels placed outside the circle.

use byzscope_core::{NodeId, Role};
use leptos::prelude::*;

use super::afterglow;
use crate::model::geometry::Ring;
use crate::model::numbers::num;
use crate::model::run::RoundLook;
use crate::store::{Lab, Selection, Tour};
use crate::text::nodes::{badge as badge_title, idle, round_prefix, DECIDED, TIMED_OUT, UNDECIDED};
use crate::text::roles::role_badge;

/// One node: its circle, id, role, round, decision and detection badge.
#[component]
pub(super) fn NodeGlyph(id: NodeId, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let tour = use_context::<Tour>();
    let focused = move || tour.is_some_and(|tour| tour.focus().contains(&id));
    let look = Memo::new(move |_| lab.with(|run| run.node_look(id)));
    let centre = ring.position(id);
    let r = ring.node_radius();
    let size = ring.label_size();
    // Two label lines, outside the circle, away from the ring's centre.
    let (anchor, align) = ring.label_anchor(id);
    let (first_y, second_y) = (anchor.y, anchor.y + size * 1.15);
    let byzantine = move || look.with(|look| look.as_ref().is_some_and(|l| l.role.is_byzantine()));
    let selected = move || lab.selection.get() == Selection::Node(id);
    let pulse = move || {
        let last = look.with(|look| look.as_ref().and_then(|look| look.last_detection))?;
        let elapsed = lab.clock.get() - last as f64;
        let window = afterglow(lab);
        (0.0..window).contains(&elapsed).then(|| elapsed / window)
    };
    let role_text = move || {
        look.with(|look| {
            role_badge(
                look.as_ref().map_or(Role::Honest, |l| l.role),
                ring.compact(),
            )
        })
    };
    let state_view = move || {
        let Some(look) = look.get() else {
            return ().into_any();
        };
        let round = round_prefix(look.round, ring.compact());
        match look.state {
            RoundLook::Idle => {
                view! { <tspan class="muted">{idle(ring.compact())}</tspan> }.into_any()
            }
            RoundLook::Undecided => {
                view! { <tspan>{round}</tspan><tspan class="muted">{UNDECIDED}</tspan> }.into_any()
            }
            RoundLook::TimedOut => {
                view! { <tspan>{round}</tspan><tspan class="timed-out">{TIMED_OUT}</tspan> }
                    .into_any()
            }
            RoundLook::Decided(value, swatch) => view! {
                <tspan>{format!("{round}{DECIDED}")}</tspan>
                <tspan fill=swatch.colour>{swatch.shape.glyph()}</tspan>
                <tspan class="decided">{format!(" {value}")}</tspan>
            }
            .into_any(),
        }
    };
    let badge = move || {
        let count = look.with(|look| look.as_ref().map_or(0, |look| look.detections));
        (count > 0).then(|| {
            view! {
                <g class="badge" transform=format!("translate({} {})", num(r * 0.78), num(-r * 0.78))>
                    <title>{badge_title(&id.to_string(), count)}</title>
                    <circle r=num(size * 0.72) />
                    <text dy="0.35em" font-size=num(size * 0.8)>{format!("{count}")}</text>
                </g>
            }
        })
    };
    view! {
        <g
            class="node"
            class:byzantine=byzantine
            class:alerted=move || look.with(|look| look.as_ref().is_some_and(|look| look.detections > 0))
            class:selected=selected
            class:lesson-focus=focused
            data-node=id.to_string()
            transform=format!("translate({} {})", num(centre.x), num(centre.y))
            tabindex="0"
            role="button"
            // No aria-label: the accessible name is the text on screen (id,
            // role, round and decision), so speech matches what is seen.
            aria-describedby="node-hint"
            on:click=move |_| lab.selection.set(Selection::Node(id))
            on:keydown=move |event| {
                if event.key() == "Enter" || event.key() == " " {
                    event.prevent_default();
                    lab.selection.set(Selection::Node(id));
                }
            }
        >
            {move || {
                pulse()
                    .map(|p| {
                        view! {
                            <circle
                                class="pulse"
                                r=num(r + 8.0 + 60.0 * p)
                                stroke-opacity=num(1.0 - p)
                            />
                        }
                    })
            }}
            <circle class="body" r=num(r) />
            <text class="id" dy="0.35em" font-size=num(size * 1.05)>{id.to_string()}</text>
            <text class="label role" x=num(anchor.x) y=num(first_y) font-size=num(size) text-anchor=align.text_anchor()>
                {role_text}
            </text>
            <text class="label state" x=num(anchor.x) y=num(second_y) font-size=num(size) text-anchor=align.text_anchor()>
                {state_view}
            </text>
            {badge}
        </g>
    }
}
