//! What the stage draws over the ring: a Byzantine split fanned out to its
//! peers and captioned, detections flashing from detector to accused, the
//! paths behind a selected detection, and the 3f + 1 warning.

use byzscope_core::{Detection, NodeId};
use leptos::prelude::*;

use super::afterglow;
use super::line_markup;
use super::nodes::escaped;
use crate::model::geometry::{Rect, Ring};
use crate::model::labels::{text_width, StageLabels};
use crate::model::numbers::num;
use crate::model::palette::Swatch;
use crate::model::run::SplitOnScreen;
use crate::store::Lab;
use crate::text::scenario::bound_broken;
use crate::text::splits::{caption, fan_labels, for_round, peers_got};
use crate::ui::chip::ValueChip;

/// The chains of messages that brought a selected detection's two
/// statements to the detector, drawn along their chords.
#[component]
pub(super) fn Provenance(ring: Memo<Ring>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Markup, one string for all the paths (see `nodes::markup`).
    view! {
        <g
            class="provenance"
            inner_html=move || {
                let ring = ring.get();
                let chosen = lab.highlight.get();
                lab.with(|run| {
                    chosen
                        .iter()
                        .filter_map(|id| run.head_trace().messages.get(*id))
                        .map(|envelope| {
                            let message = &envelope.message;
                            let (p, q) = ring.chord(message.from, message.to);
                            let class = if message.is_direct() { "path" } else { "path forwarded" };
                            let colour = run.swatch(&message.statement.value).colour;
                            line_markup(
                                &format!("class=\"{class}\" stroke=\"{colour}\" data-message=\"{}\"", envelope.id),
                                p,
                                q,
                            )
                        })
                        .collect::<String>()
                })
            }
        />
    }
}

/// The values a split sent, peer by peer, with their swatches.
fn split_lines(lab: Lab, split: &SplitOnScreen) -> Vec<(String, NodeId, Swatch)> {
    lab.with_untracked(|run| {
        split
            .split
            .groups
            .iter()
            .flat_map(|(value, peers)| {
                let swatch = run.swatch(value);
                peers
                    .iter()
                    .map(move |peer| (value.to_string(), *peer, swatch))
            })
            .collect()
    })
}

/// A Byzantine node's split: a coloured line to every peer, labelled with
/// the value that peer was given, while its messages travel and for a
/// moment after. Each label goes where it covers no node, no node's labels
/// and no other label of the split, in the longest form that finds such a
/// place; a line with no free place stays unlabelled (the caption names
/// every peer). Crowded rings leave the words to the caption.
#[component]
pub(super) fn FanOut(split: SplitOnScreen, ring: Ring, labels: Memo<StageLabels>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let until = split.last_delivery as f64;
    let visible = move || lab.clock.get() < until + afterglow(lab);
    let source = ring.position(split.node);
    let lines = split_lines(lab, &split);
    let node = split.node;
    let ends: Vec<(NodeId, Swatch)> = lines
        .iter()
        .map(|(_, peer, swatch)| (*peer, *swatch))
        .collect();
    let placed = move || {
        if ring.compact() {
            return Vec::new();
        }
        let layout = labels.get();
        let size = layout.font * 0.85;
        let mut taken = layout.occupied();
        let mut placed = Vec::new();
        for (value, peer, swatch) in &lines {
            let found = fan_labels(*peer, swatch.shape.glyph(), value)
                .into_iter()
                .find_map(|text| {
                    let width = text_width(&text, size);
                    ring.label_spot(node, *peer, width, size, &taken)
                        .map(|at| (text, width, at))
                });
            if let Some((text, width, at)) = found {
                taken.push(Rect::text(at, width, size));
                placed.push((text, at, size, swatch.colour));
            }
        }
        placed
    };
    // Markup, one string for the lines and the labels (see `nodes::markup`):
    // the lines stay as they are, the labels move when the layout does.
    let wires: String = ends
        .iter()
        .map(|(peer, swatch)| {
            let attributes = format!(
                "stroke=\"{}\" class=\"fan {}\"",
                swatch.colour,
                swatch.shape.name()
            );
            line_markup(&attributes, source, ring.position(*peer))
        })
        .collect();
    let markup = move || {
        let mut out = wires.clone();
        out.push_str("<g>");
        for (text, at, size, colour) in placed() {
            out.push_str(&format!(
                "<text class=\"fan-label\" x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{colour}\">{}</text>",
                num(at.x),
                num(at.y),
                num(size),
                escaped(&text)
            ));
        }
        out.push_str("</g>");
        out
    };
    view! {
        <g
            class="fanout"
            data-node=node.to_string()
            style:display=move || { if visible() { "inline" } else { "none" } }
            inner_html=markup
        />
    }
}

/// A detection's flash: a line from the detector to the accused. A large
/// cluster's canvas paints it instead (see `dots::move_dots`): fading at
/// every frame, it would have the SVG and its hundreds of links drawn again
/// at every frame.
#[component]
pub(super) fn Alert(detection: Detection, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let from = ring.position(detection.detected_by);
    let to = ring.position(detection.byzantine_node);
    let at = detection.at as f64;
    let opacity = move || {
        let elapsed = lab.clock.get() - at;
        let window = afterglow(lab);
        if (0.0..window).contains(&elapsed) {
            1.0 - elapsed / window
        } else {
            0.0
        }
    };
    (!ring.compact()).then(|| {
        view! {
            <line
                class="alert"
                x1=num(from.x)
                y1=num(from.y)
                x2=num(to.x)
                y2=num(to.y)
                stroke-opacity=move || num(opacity())
                style:display=move || { if opacity() > 0.0 { "inline" } else { "none" } }
            />
        }
    })
}

/// The warning shown when there are more Byzantine nodes than the cluster
/// can tolerate.
#[component]
pub(super) fn BoundBanner() -> impl IntoView {
    let lab = expect_context::<Lab>();
    move || {
        lab.scenario
            .with(bound_broken)
            .map(|warning| view! { <p class="banner" role="alert">{warning}</p> })
    }
}

/// Which peers got which value in the latest Byzantine split.
#[component]
pub(super) fn SplitCaption(splits: Memo<Vec<SplitOnScreen>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Redrawn only when a new split happens, not at every event.
    let latest = Memo::new(move |_| splits.with(|splits| splits.last().cloned()));
    move || {
        let split = latest.get()?;
        let (split, groups) = lab.with_untracked(|run| {
            let groups: Vec<(String, String, Swatch)> = split
                .split
                .groups
                .iter()
                .map(|(value, peers)| (peers_got(peers), value.to_string(), run.swatch(value)))
                .collect();
            (split, groups)
        });
        let active = move || lab.clock.get() < split.last_delivery as f64;
        Some(view! {
            <div class="split-caption" class:active=active aria-live="polite">
                <p>
                    <strong>{caption(split.node, &split.split)}</strong>
                    {for_round(&split.split)}
                </p>
                <ul>
                    {groups
                        .into_iter()
                        .map(|(peers, value, swatch)| {
                            view! {
                                <li>
                                    {peers}
                                    <ValueChip value swatch />
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}
