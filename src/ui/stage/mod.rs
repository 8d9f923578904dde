//! The stage: nodes on a ring, messages as dots travelling along the chords,
//! the Byzantine node's split fanned out to its peers, and detections
//! flashing from detector to accused. This file lays the SVG's layers out;
//! each layer is drawn by its own module.

mod dots;
mod legend;
mod links;
mod nodes;
mod overlays;
mod scale;

use byzscope_core::trace::MessageId;
use std::sync::Arc;

use byzscope_core::{Detection, NodeId};
use leptos::prelude::*;

use crate::model::geometry::{Point, Ring};
use crate::model::labels::{Clock, StageLabels};
use crate::model::numbers::num;
use crate::model::run;
use crate::store::{Lab, Look, Presenting};
use crate::text::scenario::stage_summary;
use crate::ui::controls::ClockReadout;
use dots::{click_dot, dot_under, move_dots, painted_dot_at, select_dot, Dot, DotInfo};
use legend::Legend;
use links::Links;
use nodes::NodeGlyph;
use overlays::{Alert, BoundBanner, FanOut, Provenance, SplitCaption};
use scale::stage_scale;

// The live ring draws its nodes' labels as this stage does.
pub(crate) use nodes::{circle_text, label_markup};
pub(crate) use scale::stage_scale as watched_scale;

/// The afterglow at the lab's speed, in simulated milliseconds (see
/// [`run::afterglow`]).
fn afterglow(lab: Lab) -> f64 {
    run::afterglow(lab.speed.get())
}

/// A `<line>` from `p` to `q` as markup, `attributes` written before its
/// ends. Lines the stage draws but never updates one by one go into a
/// string of markup: the page is smaller for it (see `nodes::markup`).
fn line_markup(attributes: &str, p: Point, q: Point) -> String {
    format!(
        "<line {attributes} x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        num(p.x),
        num(p.y),
        num(q.x),
        num(q.y)
    )
}

/// The stripes that fill a Byzantine node's circle.
const HATCH: &str = "<pattern id=\"byzantine-hatch\" width=\"14\" height=\"14\" \
    patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
    <rect class=\"hatch-ground\" width=\"14\" height=\"14\" fill=\"#fdecea\"/>\
    <line class=\"hatch-stripe\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"14\" stroke=\"#f1a9a0\" stroke-width=\"7\"/>\
    </pattern>";

/// The latest split's caption, for a place other than the stage (an
/// embed's drawer, when the picture has no room for it).
#[component]
pub fn LatestSplit() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let splits = Memo::new(move |_| lab.with(|run| run.shown().splits()));
    view! { <SplitCaption splits /> }
}

/// Whether the stylesheet lays the clock and the captions over the
/// picture (see `.caption-spot` in style/main.css): in the presenter view,
/// and in an embed whose frame is wide (3 : 2 or wider) and over 400 px
/// tall. Read again whenever the stage is resized.
fn words_over_picture() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let embed = use_context::<Look>().is_some_and(|look| look.embed);
    let present = use_context::<Presenting>();
    move || {
        if present.is_some_and(|Presenting(on)| on.get()) {
            return true;
        }
        let Some(window) = web_sys::window().filter(|_| embed) else {
            return false;
        };
        let size = |value: Result<wasm_bindgen::JsValue, _>| {
            value.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
        };
        let (width, height) = (size(window.inner_width()), size(window.inner_height()));
        height > 400.0 && width >= 1.45 * height
    }
}

/// A number that changes with the ring's size and frame, mixed into the
/// layers' keys.
fn ring_key(ring: Ring) -> u64 {
    let frame = ring.frame();
    ring.radius().to_bits()
        ^ ring.stretch().to_bits().rotate_left(11)
        ^ frame.width.to_bits().rotate_left(21)
        ^ frame.height.to_bits().rotate_left(42)
}

/// The places in `all` of the items that `keep` keeps (a keyed layer
/// keys its pieces by them, see [`Keys`]).
fn places_where<T>(all: &[T], keep: impl Fn(&T) -> bool) -> Vec<usize> {
    (0..all.len()).filter(|&index| keep(&all[index])).collect()
}

/// A layer's pieces, each keyed by the run's branch and a number: a
/// detection's or a split's place in the run's list, a message's id, a
/// node's index.
type Keys = Box<dyn Fn() -> Vec<(u64, usize)> + Send>;
/// Draws the piece of a number.
type Piece = Arc<dyn Fn(usize) -> AnyView + Send + Sync>;

/// A keyed list of pieces (see [`Keys`]), drawing only the new ones when
/// the keys change. Every layer goes through this one function with the
/// same types, so the page carries the keyed list's code once instead of
/// once per layer.
fn keyed(keys: Keys, piece: Piece) -> impl IntoView {
    view! { <For each=keys key=|key| *key children=move |(_, number)| piece(number) /> }
}

/// The SVG stage and its overlays.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // Every word on the stage is placed for the pixels it gets, and the
    // ring is as large as its frame and those words allow.
    let size = stage_scale(svg_ref);
    let overlaid = words_over_picture();
    let present = use_context::<Presenting>();
    let labels = Memo::new(move |_| {
        let (frame, scale) = size.get();
        let n = lab.scenario.with(|scenario| scenario.nodes);
        let over = overlaid();
        let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, over);
        if !over {
            return layout;
        }
        // The presenter's clock counts the messages in flight under the
        // time; an embed's has room for the time alone.
        layout.with_clock(if present.is_some_and(|Presenting(on)| on.get()) {
            Clock::TimeAndFlight
        } else {
            Clock::Time
        })
    });
    let ring = Memo::new(move |_| labels.with(|layout| layout.ring));
    // Keys carry the run's branch and the ring: a new run (even of the
    // same scenario), or the ring laid out anew for a resized frame, draws
    // everything afresh instead of reusing pieces placed for another.
    let branch = Memo::new(move |_| lab.with(|run| run.branch()) ^ ring_key(ring.get()));
    let nodes = Memo::new(move |_| lab.node_ids());
    let in_flight = Memo::new(move |_| {
        lab.with(|run| {
            run.shown()
                .in_flight()
                .map(|envelope| envelope.id)
                .collect::<Vec<_>>()
        })
    });
    let splits = Memo::new(move |_| lab.with(|run| run.shown().splits()));
    let dot_layer = NodeRef::<leptos::svg::G>::new();
    let hovered = RwSignal::new(None::<MessageId>);
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    move_dots(lab, ring, dot_layer, svg_ref, canvas_ref);
    let detections = Memo::new(move |_| {
        lab.with(|run| {
            run.shown()
                .detections(None)
                .into_iter()
                .map(|found| found.detection.clone())
                .collect::<Vec<Detection>>()
        })
    });
    // Only the flashes and fan-outs on screen now are drawn: a long run has
    // hundreds of each, and each drawn one follows the clock.
    let glowing = Memo::new(move |_| {
        let (clock, window) = (lab.clock.get(), afterglow(lab));
        detections.with(|all| {
            places_where(all, |detection| {
                (0.0..window).contains(&(clock - detection.at as f64))
            })
        })
    });
    let showing_splits = Memo::new(move |_| {
        let (clock, window) = (lab.clock.get(), afterglow(lab));
        splits.with(|all| {
            places_where(all, |split| {
                clock >= split.at as f64 && clock < split.last_delivery as f64 + window
            })
        })
    });
    let summary = move || {
        let scenario = lab.scenario.get();
        lab.with(|run| {
            let shown = run.shown();
            stage_summary(
                &scenario,
                shown.nodes(),
                shown.in_flight().count(),
                detections.with(Vec::len),
                shown.is_quiet(),
            )
        })
    };

    let caption_spot = move || {
        labels.with(|layout| {
            let frame = layout.ring.frame();
            let share = |length: f64, of: f64| num(100.0 * length / of);
            match layout.caption_spot() {
                Some(spot) => Some(format!(
                    "--spot-left:{}%;--spot-top:{}%;--spot-width:{}%;--spot-height:{}%",
                    share(spot.left, frame.width),
                    share(spot.top, frame.height),
                    share(spot.right - spot.left, frame.width),
                    share(spot.bottom - spot.top, frame.height),
                )),
                // No corner for the caption: the clock alone in one.
                None => layout.clock().map(|spot| {
                    format!(
                        "--clock-left:{}%;--clock-top:{}%;--clock-right:auto;--clock-bottom:auto",
                        share(spot.left, frame.width),
                        share(spot.top, frame.height),
                    )
                }),
            }
        })
    };
    view! {
        <div class="stage-frame">
            // The stage's text alternative: what the picture shows, in words.
            <p id="stage-summary" class="visually-hidden">{summary}</p>
            <p id="node-hint" class="visually-hidden">"Press Enter to show its status."</p>
            <DotInfo hovered />
            // Where the words laid over the picture (the clock, a broken
            // bound's warning, the split's caption) cover no label (see
            // `StageLabels::caption_spot`); a wide embed and the presenter
            // view lay them there.
            <div
                class="caption-spot"
                class:crowded=move || labels.with(|layout| layout.caption_spot().is_none())
                style=caption_spot
            >
                <ClockReadout />
                <BoundBanner />
                <SplitCaption splits />
            </div>
            <svg
                class="stage"
                node_ref=svg_ref
                // Large clusters paint dots on a canvas: find them by position.
                on:click=move |event| {
                    if ring.get_untracked().compact() {
                        if let Some(id) = painted_dot_at(lab, ring.get_untracked(), svg_ref, &event) {
                            click_dot(lab, id);
                        }
                    }
                }
                on:mousemove=move |event| {
                    if ring.get_untracked().compact() {
                        hovered.set(painted_dot_at(lab, ring.get_untracked(), svg_ref, &event));
                    }
                }
                viewBox=move || ring.get().frame().view_box()
                role="group"
                aria-label="The cluster"
                aria-describedby="stage-summary"
                data-in-flight=move || in_flight.with(Vec::len)
                data-quiet=move || lab.with(|run| run.shown().is_quiet()).to_string()
                data-detections=move || detections.with(Vec::len)
            >
                // Markup, one string (see `line_markup`).
                <defs inner_html=HATCH />
                <Links ring nodes />
                // The paths behind a selected detection.
                <Provenance ring />
                <g class="alerts">
                    {keyed(
                        Box::new(move || {
                            let branch = branch.get();
                            glowing.get().into_iter().map(|index| (branch, index)).collect()
                        }),
                        Arc::new(move |index| {
                            detections
                                .with_untracked(|all| all.get(index).cloned())
                                .map(|detection| view! { <Alert detection ring=ring.get_untracked() /> }.into_any())
                                .unwrap_or_else(|| ().into_any())
                        }),
                    )}
                </g>
                // One listener for every dot (see `select_dot`).
                <g
                    class="dots"
                    node_ref=dot_layer
                    on:click=move |event| select_dot(lab, &event)
                    on:mouseover=move |event| hovered.set(dot_under(&event))
                    on:mouseout=move |_| hovered.set(None)
                >
                    {keyed(
                        Box::new(move || {
                            let branch = branch.get();
                            // Large clusters paint their dots on the canvas.
                            let drawn = if ring.get().compact() { Vec::new() } else { in_flight.get() };
                            drawn.into_iter().map(|id| (branch, id)).collect()
                        }),
                        Arc::new(move |id| view! { <Dot id ring=ring.get_untracked() /> }.into_any()),
                    )}
                </g>
                // A split's lines and labels draw above the dots (the lines are
                // see-through), the names and labels above everything.
                <g class="fanouts">
                    {keyed(
                        Box::new(move || {
                            let branch = branch.get();
                            showing_splits.get().into_iter().map(|index| (branch, index)).collect()
                        }),
                        Arc::new(move |index| {
                            splits
                                .with_untracked(|all| all.get(index).cloned())
                                .map(|split| view! { <FanOut split ring=ring.get_untracked() labels /> }.into_any())
                                .unwrap_or_else(|| ().into_any())
                        }),
                    )}
                </g>
                <g class="nodes">
                    {keyed(
                        Box::new(move || {
                            let branch = branch.get();
                            nodes.get().into_iter().map(|id| (branch, id.index())).collect()
                        }),
                        Arc::new(move |index| {
                            NodeId::new(index as u16 + 1)
                                .map(|id| view! { <NodeGlyph id ring=ring.get_untracked() labels /> }.into_any())
                                .unwrap_or_else(|| ().into_any())
                        }),
                    )}
                </g>

            </svg>
            <canvas class="dot-canvas" node_ref=canvas_ref aria-hidden="true" style:display=move || { if ring.get().compact() { "block" } else { "none" } } />
            <Legend />
        </div>
    }
}
