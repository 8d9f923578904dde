//! What the stage draws over the ring: a Byzantine split fanned out to its
//! peers and captioned, detections flashing from detector to accused, the
//! paths behind a selected detection, and the 3f + 1 warning.

use byzscope_core::Detection;
use leptos::prelude::*;

use super::afterglow;
use crate::model::geometry::{Rect, Ring};
use crate::model::numbers::num;
use crate::model::palette::Swatch;
use crate::model::run::SplitOnScreen;
use crate::store::Lab;
use crate::text::scenario::bound_broken;
use crate::text::splits::{caption, fan_label, for_round, peers_got};
use crate::ui::chip::ValueChip;

/// The chains of messages that brought a selected detection's two
/// statements to the detector, drawn along their chords.
#[component]
pub(super) fn Provenance(ring: Memo<Ring>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        <g class="provenance">
            {move || {
                let ring = ring.get();
                let chosen = lab.highlight.get();
                lab.with(|run| {
                    chosen
                        .iter()
                        .filter_map(|id| run.head_trace().messages.get(*id))
                        .map(|envelope| {
                            let (p, q) = ring.chord(envelope.message.from, envelope.message.to);
                            let colour = run.swatch(&envelope.message.statement.value).colour;
                            view! {
                                <line
                                    class="path"
                                    class:forwarded=!envelope.message.is_direct()
                                    x1=num(p.x)
                                    y1=num(p.y)
                                    x2=num(q.x)
                                    y2=num(q.y)
                                    stroke=colour
                                    data-message=envelope.id.to_string()
                                />
                            }
                        })
                        .collect_view()
                })
            }}
        </g>
    }
}

/// A Byzantine node's split: a coloured line to every peer, labelled with
/// the value that peer was given, while its messages travel and for a
/// moment after.
#[component]
pub(super) fn FanOut(split: SplitOnScreen, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let until = split.last_delivery as f64;
    let visible = move || lab.clock.get() < until + afterglow(lab);
    let labelled = ring.label_size() > 24.0;
    let source = ring.position(split.node);
    let lines = lab.with_untracked(|run| {
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
            .collect::<Vec<_>>()
    });
    view! {
        <g class="fanout" data-node=split.node.to_string() style:display=move || { if visible() { "inline" } else { "none" } }>
            {
                // Each label goes where it covers no node, no node's labels and
                // no other label of the split.
                let mut taken = ring.occupied(22);
                lines
                .into_iter()
                .map(|(value, peer, swatch)| {
                    let target = ring.position(peer);
                    let text = fan_label(peer, swatch.shape.glyph(), &value);
                    let size = ring.label_size() * 0.85;
                    let chars = text.chars().count();
                    let label_at = ring.label_spot(split.node, peer, chars, size, &taken);
                    taken.push(Rect::text(label_at, chars, size));
                    view! {
                        <line
                            x1=num(source.x)
                            y1=num(source.y)
                            x2=num(target.x)
                            y2=num(target.y)
                            stroke=swatch.colour
                            class=format!("fan {}", swatch.shape.name())
                        />
                        {labelled
                            .then(|| {
                                view! {
                                    <text
                                        class="fan-label"
                                        x=num(label_at.x)
                                        y=num(label_at.y)
                                        font-size=num(size)
                                        fill=swatch.colour
                                    >
                                        {text}
                                    </text>
                                }
                            })}
                    }
                })
                .collect_view()
            }
        </g>
    }
}

/// A detection's flash: a line from the detector to the accused.
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
pub(super) fn SplitCaption(
    splits: Memo<Vec<SplitOnScreen>>,
    #[prop(into)] compact: Signal<bool>,
) -> impl IntoView {
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
            <div class="split-caption" class:active=active class:below=compact aria-live="polite">
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
