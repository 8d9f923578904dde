//! The space-time diagram on screen: the layout of
//! [`model::spacetime`](crate::model::spacetime) drawn as SVG, with its
//! span menu and the SVG export.

use std::collections::BTreeSet;

use byzscope_core::{Millis, NodeId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::numbers::num;
use crate::model::spacetime::{
    draw_with, place, Drawing, Sent, DEFAULT_SPAN, HEADER_BASE, HEIGHT, LABEL_SIZE, SPANS,
    TICK_SIZE, TOP, WIDTH,
};
use crate::store::Lab;
use crate::text::marks::{faded_note, label, words};
use crate::text::time::{seconds, tick};
use crate::web::export::download_telling;

/// The diagram, with its span menu and the SVG export.
#[component]
pub fn SpaceTime() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let span = RwSignal::new(DEFAULT_SPAN);
    let all_copies = RwSignal::new(false);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let drawing = Memo::new(move |_| {
        let clock = lab.clock.get();
        let span = span.get();
        let highlight = lab.highlight.get();
        let all = all_copies.get();
        lab.with(|run| {
            draw_with(
                run.shown().trace(),
                run.palette(),
                clock,
                span,
                &highlight,
                all,
            )
        })
    });
    let byzantine = Signal::derive(move || {
        lab.scenario
            .with(|scenario| scenario.byzantine.keys().copied().collect())
    });
    let feedback = RwSignal::new(None::<String>);
    let export_svg = move |_| {
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let text = standalone_svg(&svg);
        download_telling("byzscope-space-time.svg", "image/svg+xml", &text, feedback);
    };
    view! {
        <div class="spacetime-frame">
            <div class="spacetime-tools">
                <label>
                    "Show "
                    <select
                        id="spacetime-span"
                        prop:value=move || span.get().to_string()
                        on:change=move |event| {
                            if let Ok(chosen) = event_target_value(&event).parse::<Millis>() {
                                if SPANS.contains(&chosen) {
                                    span.set(chosen);
                                }
                            }
                        }
                    >
                        {SPANS
                            .iter()
                            .map(|ms| {
                                view! {
                                    <option value=ms.to_string()>
                                        {seconds(*ms as f64)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    " at a time"
                </label>
                <label title="Forwarded copies are faded past a few dozen arrows; direct sends and the selected detection's messages are always drawn in full">
                    <input
                        id="spacetime-all"
                        type="checkbox"
                        prop:checked=move || all_copies.get()
                        on:change=move |event| all_copies.set(event_target_checked(&event))
                    />
                    " all copies"
                    {move || drawing.with(|d| d.faded.then(|| faded_note(d.copies, d.drawn)))}
                </label>
                <button id="export-svg" on:click=export_svg>"Export SVG"</button>
                <span class="feedback" role="status">{move || feedback.get()}</span>
            </div>
            <Diagram drawing svg_ref byzantine />
        </div>
    }
}

/// The diagram's picture: lanes, messages, marks and the playhead of
/// `drawing`, with the lanes of the `byzantine` nodes marked; forwarded
/// copies faded when the drawing says so. The live view draws a real
/// cluster's trace with it too.
#[component]
pub fn Diagram(
    drawing: Memo<Drawing>,
    svg_ref: NodeRef<leptos::svg::Svg>,
    byzantine: Signal<BTreeSet<NodeId>>,
) -> impl IntoView {
    let labels = Memo::new(move |_| drawing.with(|d| place(d, &label)));
    view! {
    <svg
        class="spacetime"
        node_ref=svg_ref
        viewBox=format!("0 0 {} {}", num(WIDTH), num(HEIGHT))
        role="img"
        aria-label="Space-time diagram: one lane per node, time flowing down, each message an arrow from its send to its delivery"
    >
        // What starts before the window is cut at its top edge, below
        // the lane names.
        <defs>
            <clipPath id="spacetime-plot">
                <rect x="0" y=num(TOP - 12.0) width=num(WIDTH) height=num(HEIGHT - TOP + 12.0) />
            </clipPath>
        </defs>
        {move || {
            let fade = drawing.with(|d| d.faded);
            drawing.with(|d| {
                let headers = d.headers;
                let size = num(headers.size);
                view! {
                    <g class="ticks" font-size=num(TICK_SIZE)>
                        {d.ticks.iter().map(|(y, time)| view! {
                            <line x1="0" x2=num(WIDTH) y1=num(*y) y2=num(*y) />
                            <text x="6" y=num(*y - 6.0)>{tick(*time)}</text>
                        }).collect_view()}
                    </g>
                    <g class="lanes" font-size=size.clone()>
                        {d.lanes.iter().map(|lane| {
                            let node = lane.node;
                            let bad = byzantine.with(|set| set.contains(&node));
                            let x = num(lane.x);
                            let header = if headers.turned {
                                let foot = num(TOP - 14.0);
                                view! {
                                    <text class="turned" x=x.clone() y=foot.clone() dy="0.35em" transform=format!("rotate(-90 {x} {foot})") class:byzantine=bad>
                                        <title>{node.to_string()}</title>{lane.name.clone()}
                                    </text>
                                }.into_any()
                            } else {
                                view! {
                                    <text x=x.clone() y=num(HEADER_BASE) class:byzantine=bad>
                                        <title>{node.to_string()}</title>{lane.name.clone()}
                                    </text>
                                }.into_any()
                            };
                            view! {
                                <line x1=x.clone() x2=x.clone() y1=num(TOP - 10.0) y2=num(HEIGHT) class:byzantine=bad />
                                {header}
                            }
                        }).collect_view()}
                    </g>
                    <g class="messages" clip-path="url(#spacetime-plot)" stroke-width=num(d.stroke)>
                        // Faded copies are one group made see-through as a
                        // whole: they neither darken where they cross nor
                        // cost the renderer an overlap pass per path.
                        <g class="faded" class:shown=!fade>
                            {d.lines.iter().filter(|lines| lines.sent == Sent::Forwarded).map(|lines| view! {
                                <path d=lines.d.clone() stroke=lines.colour class="forwarded" />
                            }).collect_view()}
                        </g>
                        {d.lines.iter().filter(|lines| lines.sent != Sent::Forwarded).map(|lines| view! {
                            <path d=lines.d.clone() stroke=lines.colour class:forwarded=lines.sent == Sent::Traced />
                        }).collect_view()}
                        {d.heads.iter().filter(|heads| !(fade && heads.sent == Sent::Forwarded)).map(|heads| view! {
                            <path class="head" d=heads.d.clone() fill=heads.colour />
                        }).collect_view()}
                    </g>
                    <path class="highlighted" clip-path="url(#spacetime-plot)" d=d.highlighted.clone() />
                    <g class="marks" font-size=num(d.glyph_size)>
                        {d.marks.iter().map(|mark| view! {
                            <text class=format!("glyph {}", mark.what.kind()) x=num(mark.x) y=num(mark.y) dy="0.35em">
                                <title>{format!("{} {}", mark.node, words(&mark.what))}</title>
                                {mark.what.glyph()}
                            </text>
                        }).collect_view()}
                    </g>
                    <g class="labels" font-size=num(LABEL_SIZE)>
                        {labels.with(|labels| labels.iter().map(|label| {
                            let leader = label.leader.map(|(x, y)| view! {
                                <line class="leader" x1=num(x + d.glyph_half() + 2.0) y1=num(y) x2=num(label.x - 3.0) y2=num(label.y) />
                            });
                            view! {
                                {leader}
                                <text class=label.kind x=num(label.x) y=num(label.y) dy="0.35em">{label.text.clone()}</text>
                            }
                        }).collect_view())}
                    </g>
                    <line class="playhead" x1="0" x2=num(WIDTH) y1=num(d.playhead) y2=num(d.playhead) />
                }
            })
        }}
    </svg>    }
}

/// The diagram as a file of its own: the page's theme colours written in,
/// on a white ground.
pub fn standalone_svg(svg: &web_sys::SvgElement) -> String {
    let copy: web_sys::Element = svg
        .clone_node_with_deep(true)
        .ok()
        .and_then(|node| node.dyn_into().ok())
        .unwrap_or_else(|| svg.clone().into());
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("width", "1000");
    let _ = copy.set_attribute("height", "760");
    // The screen's rules with the light theme's colours; sizes are the
    // layout's own attributes, so the file is laid out as the screen is.
    let style = "<style>\
        svg { background: #fff; font-family: system-ui, sans-serif; }\
        .ticks line { stroke: #eaeef2; } .ticks text { fill: #57606a; }\
        .lanes line { stroke: #8c959f; stroke-width: 2; } .lanes line.byzantine { stroke: #b42318; stroke-dasharray: 10 6; stroke-width: 3; }\
        .lanes text { fill: #1b1f24; font-weight: 700; text-anchor: middle; } .lanes text.turned { text-anchor: start; } .lanes text.byzantine { fill: #b42318; }\
        .messages path:not(.head) { fill: none; } .messages path.forwarded { stroke-dasharray: 8 5; }\
        .messages g.faded:not(.shown) { opacity: 0.16; } .messages g.faded:not(.shown) path { stroke-dasharray: none; } .messages path.head { stroke: none; }\
        .highlighted { fill: none; stroke: #1b1f24; stroke-width: 8; stroke-opacity: 0.45; stroke-linecap: round; }\
        .marks text, .labels text { fill: #1b1f24; paint-order: stroke; stroke: #fff; stroke-width: 5px; }\
        .marks text { text-anchor: middle; font-weight: 800; } .labels .leader { stroke: #57606a; stroke-width: 1.2; stroke-dasharray: 2 3; }\
        text.detection { fill: #c21d12; } text.decision { fill: #1a7f37; } text.split { fill: #b42318; }\
        .playhead { stroke: #0a5bd3; stroke-width: 3; }\
        </style>";
    let html = copy.outer_html();
    match html.find('>') {
        Some(end) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}{style}{}",
            &html[..=end],
            &html[end + 1..]
        ),
        None => html,
    }
}
