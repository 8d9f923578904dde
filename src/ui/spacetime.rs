//! The space-time diagram on screen: the layout of
//! [`model::spacetime`](crate::model::spacetime) drawn as SVG, with its
//! span menu and the SVG export.

use std::collections::BTreeSet;

use byzscope_core::{Millis, NodeId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::numbers::num;
use crate::model::spacetime::{draw, Drawing, DEFAULT_SPAN, HEIGHT, SPANS, TOP, WIDTH};
use crate::store::Lab;
use crate::text::marks::words;
use crate::text::time::{seconds, tick};
use crate::web::export::download_telling;

/// The diagram, with its span menu and the SVG export.
#[component]
pub fn SpaceTime() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let span = RwSignal::new(DEFAULT_SPAN);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let drawing = Memo::new(move |_| {
        let clock = lab.clock.get();
        let span = span.get();
        let highlight = lab.highlight.get();
        lab.with(|run| draw(run.shown().trace(), run.palette(), clock, span, &highlight))
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
                <button id="export-svg" on:click=export_svg>"Export SVG"</button>
                <span class="feedback" role="status">{move || feedback.get()}</span>
            </div>
            <Diagram drawing svg_ref byzantine />
        </div>
    }
}

/// The diagram's picture: lanes, messages, marks and the playhead of
/// `drawing`, with the lanes of the `byzantine` nodes marked. The live view
/// draws a real cluster's trace with it too.
#[component]
pub fn Diagram(
    drawing: Memo<Drawing>,
    svg_ref: NodeRef<leptos::svg::Svg>,
    byzantine: Signal<BTreeSet<NodeId>>,
) -> impl IntoView {
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
            drawing.with(|d| {
                view! {
                    <g class="ticks">
                        {d.ticks.iter().map(|(y, time)| view! {
                            <line x1="0" x2=num(WIDTH) y1=num(*y) y2=num(*y) />
                            <text x="6" y=num(*y - 6.0)>{tick(*time)}</text>
                        }).collect_view()}
                    </g>
                    <g class="lanes">
                        {d.lanes.iter().map(|(node, x)| {
                            let node = *node;
                            view! {
                                <line x1=num(*x) x2=num(*x) y1=num(TOP - 10.0) y2=num(HEIGHT) class:byzantine=byzantine.with(|set| set.contains(&node)) />
                                <text x=num(*x) y="40" class:byzantine=byzantine.with(|set| set.contains(&node))>{node.to_string()}</text>
                            }
                        }).collect_view()}
                    </g>
                    <g class="messages" clip-path="url(#spacetime-plot)">
                        {d.lines.iter().map(|(colour, forwarded, path)| view! {
                            <path d=path.clone() stroke=*colour class:forwarded=*forwarded />
                        }).collect_view()}
                        {d.heads.iter().map(|(colour, path)| view! {
                            <path class="head" d=path.clone() fill=*colour />
                        }).collect_view()}
                    </g>
                    <path class="highlighted" clip-path="url(#spacetime-plot)" d=d.highlighted.clone() />
                    <g class="marks" clip-path="url(#spacetime-plot)">
                        {d.marks.iter().map(|mark| view! {
                            <g class=format!("mark {}", mark.what.kind()) transform=format!("translate({} {})", num(mark.x), num(mark.y))>
                                <text class="glyph" dy="0.35em">{mark.what.glyph()}</text>
                                <text class="words" x="14" dy="0.35em">{words(&mark.what)}</text>
                            </g>
                        }).collect_view()}
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
    let style = "<style>\
        svg { background: #fff; font-family: system-ui, sans-serif; }\
        .ticks line { stroke: #eaeef2; } .ticks text { fill: #57606a; font-size: 18px; }\
        .lanes line { stroke: #8c959f; stroke-width: 2; } .lanes line.byzantine { stroke: #b42318; stroke-dasharray: 10 6; }\
        .lanes text { fill: #1b1f24; font-size: 24px; font-weight: 700; text-anchor: middle; } .lanes text.byzantine { fill: #b42318; }\
        .messages path:not(.head) { fill: none; stroke-width: 2.5; } .messages path.forwarded { stroke-dasharray: 8 5; } .messages path.head { stroke: none; }\
        .highlighted { fill: none; stroke: #1b1f24; stroke-width: 7; stroke-opacity: 0.5; }\
        .mark text { font-size: 20px; } .mark .glyph { text-anchor: middle; font-weight: 800; }\
        .mark.detection text { fill: #c21d12; } .mark.decision text { fill: #1a7f37; } .mark.split text { fill: #b42318; }\
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
