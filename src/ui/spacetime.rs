//! The space-time diagram on screen: the layout of
//! [`model::spacetime`](crate::model::spacetime) drawn as SVG, with its
//! span menu and the SVG export.

use std::collections::BTreeSet;
use std::fmt::Write;

use byzscope_core::{Millis, NodeId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::numbers::num;
use crate::model::spacetime::{
    draw_with, place, Drawing, Label, Lines, Sent, DEFAULT_SPAN, HEADER_BASE, HEIGHT, LABEL_SIZE,
    SPANS, TICK_SIZE, TOP, WIDTH,
};
use crate::store::Lab;
use crate::text::marks::{faded_note, label, words};
use crate::text::time::{span as span_label, tick};
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
        // Inserted one by one, not collected: see `Tour::focus`.
        let mut byzantine = BTreeSet::new();
        lab.scenario
            .with(|scenario| byzantine.extend(scenario.byzantine.keys().copied()));
        byzantine
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
                <SpanMenu spans=&SPANS span />
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

/// The menu of how much time the diagram shows at once, from `spans`
/// (milliseconds); the live view offers shorter ones.
#[component]
pub fn SpanMenu(spans: &'static [Millis], span: RwSignal<Millis>) -> impl IntoView {
    view! {
        <label>
            "Show "
            <select
                id="spacetime-span"
                prop:value=move || span.get().to_string()
                on:change=move |event| {
                    if let Ok(chosen) = event_target_value(&event).parse::<Millis>() {
                        if spans.contains(&chosen) {
                            span.set(chosen);
                        }
                    }
                }
            >
                {spans
                    .iter()
                    .map(|ms| view! { <option value=ms.to_string()>{span_label(*ms as f64)}</option> })
                    .collect_view()}
            </select>
            " at a time"
        </label>
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
    // The picture is redrawn whole whenever it changes, so it is written as
    // one string of markup: its elements are many, their kinds few, and
    // markup keeps the view code (and the page) small.
    let markup = move || drawing.with(|d| byzantine.with(|bad| picture(d, &place(d, &label), bad)));
    view! {
        <svg
            class="spacetime"
            node_ref=svg_ref
            viewBox=format!("0 0 {} {}", num(WIDTH), num(HEIGHT))
            role="img"
            aria-label="Space-time diagram: one lane per node, time flowing down, each message an arrow from its send to its delivery"
            inner_html=markup
        />
    }
}

/// `text` safe inside markup: values and words are the user's own.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// ` class="…"` for `classes`, or nothing when there are none.
fn class_attribute(classes: &str) -> String {
    if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{classes}\"")
    }
}

/// The markup inside the diagram's `svg`: `drawing` with its marks' words
/// at `labels`, and the lanes of the `byzantine` nodes marked.
fn picture(d: &Drawing, labels: &[Label], byzantine: &BTreeSet<NodeId>) -> String {
    let mut out = String::new();
    let (width, height) = (num(WIDTH), num(HEIGHT));
    let plot = "clip-path=\"url(#spacetime-plot)\"";
    // What starts before the window is cut at its top edge, below the lane
    // names.
    let _ = write!(
        out,
        "<defs><clipPath id=\"spacetime-plot\"><rect x=\"0\" y=\"{}\" width=\"{width}\" height=\"{}\"/></clipPath></defs>",
        num(TOP - 12.0),
        num(HEIGHT - TOP + 12.0)
    );
    let _ = write!(out, "<g class=\"ticks\" font-size=\"{}\">", num(TICK_SIZE));
    for (y, time) in &d.ticks {
        let y = *y;
        let _ = write!(
            out,
            "<line x1=\"0\" x2=\"{width}\" y1=\"{0}\" y2=\"{0}\"/><text x=\"6\" y=\"{1}\">{2}</text>",
            num(y),
            num(y - 6.0),
            tick(*time)
        );
    }
    let headers = d.headers;
    let _ = write!(
        out,
        "</g><g class=\"lanes\" font-size=\"{}\">",
        num(headers.size)
    );
    for lane in &d.lanes {
        let bad = if byzantine.contains(&lane.node) {
            "byzantine"
        } else {
            ""
        };
        let x = num(lane.x);
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{height}\"{}/>",
            num(TOP - 10.0),
            class_attribute(bad)
        );
        let place = if headers.turned {
            let foot = num(TOP - 14.0);
            let turned = format!("turned {bad}");
            format!(
                "{} x=\"{x}\" y=\"{foot}\" dy=\"0.35em\" transform=\"rotate(-90 {x} {foot})\"",
                class_attribute(turned.trim_end())
            )
        } else {
            format!(
                "{} x=\"{x}\" y=\"{}\"",
                class_attribute(bad),
                num(HEADER_BASE)
            )
        };
        let _ = write!(
            out,
            "<text{place}><title>{}</title>{}</text>",
            lane.node,
            escaped(&lane.name)
        );
    }
    // Faded copies are one group made see-through as a whole: they neither
    // darken where they cross nor cost the renderer an overlap pass per path.
    let shown = if d.faded { "" } else { " shown" };
    let _ = write!(
        out,
        "</g><g class=\"messages\" {plot} stroke-width=\"{}\"><g class=\"faded{shown}\">",
        num(d.stroke)
    );
    let path = |out: &mut String, lines: &Lines, class: &str| {
        let _ = write!(
            out,
            "<path d=\"{}\" stroke=\"{}\"{}/>",
            lines.d,
            lines.colour,
            class_attribute(class)
        );
    };
    for lines in d.lines.iter().filter(|lines| lines.sent == Sent::Forwarded) {
        path(&mut out, lines, "forwarded");
    }
    out.push_str("</g>");
    for lines in d.lines.iter().filter(|lines| lines.sent != Sent::Forwarded) {
        let traced = if lines.sent == Sent::Traced {
            "forwarded"
        } else {
            ""
        };
        path(&mut out, lines, traced);
    }
    for heads in &d.heads {
        if !(d.faded && heads.sent == Sent::Forwarded) {
            let _ = write!(
                out,
                "<path class=\"head\" d=\"{}\" fill=\"{}\"/>",
                heads.d, heads.colour
            );
        }
    }
    let _ = write!(
        out,
        "</g><path class=\"highlighted\" {plot} d=\"{}\"/><g class=\"marks\" font-size=\"{}\">",
        d.highlighted,
        num(d.glyph_size)
    );
    for mark in &d.marks {
        let _ = write!(
            out,
            "<text class=\"glyph {}\" x=\"{}\" y=\"{}\" dy=\"0.35em\"><title>{} {}</title>{}</text>",
            mark.what.kind(),
            num(mark.x),
            num(mark.y),
            mark.node,
            escaped(&words(&mark.what)),
            mark.what.glyph()
        );
    }
    let _ = write!(
        out,
        "</g><g class=\"labels\" font-size=\"{}\">",
        num(LABEL_SIZE)
    );
    for label in labels {
        if let Some((x, y)) = label.leader {
            let _ = write!(
                out,
                "<line class=\"leader\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                num(x + d.glyph_half() + 2.0),
                num(y),
                num(label.x - 3.0),
                num(label.y)
            );
        }
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</text>",
            label.kind,
            num(label.x),
            num(label.y),
            escaped(&label.text)
        );
    }
    let playhead = num(d.playhead);
    let _ = write!(
        out,
        "</g><line class=\"playhead\" x1=\"0\" x2=\"{width}\" y1=\"{playhead}\" y2=\"{playhead}\"/>"
    );
    out
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
