//! A node on the ring: its circle, name, role, round, decision and
//! detection badge, the words in the box the label layout gave it.

use byzscope_core::NodeId;
use leptos::prelude::*;

use super::afterglow;
use crate::model::geometry::{Point, Ring};
use crate::model::labels::{self, NameForm, Slot, StageLabels};
use crate::model::numbers::num;
use crate::store::{Lab, Selection, Tour};
use crate::text::labels::{node_label, Piece, Tone};
use crate::text::nodes::badge as badge_title;

/// A label's line as SVG markup: a `tspan` per piece, styled by its tone.
/// (One string per line keeps the page small: the pieces are many, their
/// kinds few.)
fn markup(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        let open = match piece.tone {
            Tone::Plain => "<tspan>".to_owned(),
            Tone::Muted => "<tspan class=\"muted\">".to_owned(),
            Tone::TimedOut => "<tspan class=\"timed-out\">".to_owned(),
            Tone::Decided => "<tspan class=\"decided\">".to_owned(),
            Tone::Byzantine => "<tspan class=\"byzantine-mark\">".to_owned(),
            Tone::Name => "<tspan class=\"name\">".to_owned(),
            Tone::Colour(colour) => format!("<tspan fill=\"{colour}\">"),
        };
        out.push_str(&open);
        out.push_str(&escaped(&piece.text));
        out.push_str("</tspan>");
    }
    out
}

/// `text` safe inside markup: a value is the user's own words.
pub(super) fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A node's label lines in its `slot`, as markup for the node's group (so
/// relative to its `centre`): the last line is its state, any before it its
/// role; a `leader` (in stage coordinates) joins a label in a column to its
/// circle. The live ring writes its nodes' labels with it too.
pub(crate) fn label_markup(
    rows: &[Vec<Piece>],
    slot: Slot,
    font: f64,
    centre: Point,
    leader: Option<(Point, Point)>,
) -> String {
    let count = rows.len();
    let mut out = String::new();
    if let (Some((from, to)), false) = (leader, rows.is_empty()) {
        out.push_str(&format!(
            "<line class=\"leader\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            num(from.x - centre.x),
            num(from.y - centre.y),
            num(to.x - centre.x),
            num(to.y - centre.y)
        ));
    }
    for (line, pieces) in rows.iter().enumerate() {
        let class = if line + 1 < count {
            "label role"
        } else {
            "label state"
        };
        out.push_str(&format!(
            "<text class=\"{class}\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\">{}</text>",
            num(slot.x() - centre.x),
            num(slot.baseline(line, font) - centre.y),
            num(font),
            slot.align.text_anchor(),
            markup(pieces)
        ));
    }
    out
}

/// What a node's circle says, and at what size: its name, or, where the
/// name heads its label, how many it has caught (nothing until then).
/// The live ring's circles say the same.
pub(crate) fn circle_text(
    labels: Memo<StageLabels>,
    id: NodeId,
    count: impl Fn() -> usize + Copy + Send + Sync + 'static,
) -> (impl Fn() -> String, impl Fn() -> String) {
    let text = move || {
        labels.with(|layout| match layout.name {
            NameForm::Label => match count() {
                0 => String::new(),
                count => count.to_string(),
            },
            form => form.write(id),
        })
    };
    let size = move || {
        num(labels.with(|layout| match layout.name {
            NameForm::Label => layout.count_font(count().to_string().len()),
            _ => layout.name_font,
        }))
    };
    (text, size)
}

/// One node: its circle, name, role, round, decision and detection badge.
#[component]
pub(super) fn NodeGlyph(id: NodeId, ring: Ring, labels: Memo<StageLabels>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let tour = use_context::<Tour>();
    let focused = move || tour.is_some_and(|tour| tour.focus().contains(&id));
    let look = Memo::new(move |_| lab.with(|run| run.node_look(id)));
    let centre = ring.position(id);
    let r = ring.node_radius();
    let byzantine = move || look.with(|look| look.as_ref().is_some_and(|l| l.role.is_byzantine()));
    let selected = move || lab.selection.get() == Selection::Node(id);
    let pulse = move || {
        // A large cluster's canvas paints the pulse (see `dots::move_dots`).
        if ring.compact() {
            return None;
        }
        let last = look.with(|look| look.as_ref().and_then(|look| look.last_detection))?;
        let elapsed = lab.clock.get() - last as f64;
        let window = afterglow(lab);
        (0.0..window).contains(&elapsed).then(|| elapsed / window)
    };
    // The lines, in the node's own box: relative to its centre, since the
    // group is moved there. Written as markup, one string for them all.
    let lines = move || {
        let layout = labels.get();
        let Some(look) = look.get() else {
            return String::new();
        };
        let slot = layout.slot(id);
        let name = layout.name_in_label(id);
        let rows = node_label(
            &look,
            name.as_deref(),
            layout.lines,
            slot.width(),
            layout.font,
        );
        label_markup(&rows, slot, layout.font, centre, layout.leader(id))
    };
    let count = move || look.with(|look| look.as_ref().map_or(0, |look| look.detections));
    let (name, name_size) = circle_text(labels, id, count);
    let badge = move || {
        let count = count();
        (count > 0 && labels.with(|layout| layout.name != NameForm::Label)).then(|| {
            let (at, radius) = labels::badge(ring, labels.with(|layout| layout.font));
            // Markup, one string (see `markup`).
            let inside = format!(
                "<title>{}</title><circle r=\"{}\"/><text dy=\"0.35em\" font-size=\"{}\">{count}</text>",
                escaped(&badge_title(&id.to_string(), count)),
                num(radius),
                num(radius * 1.2)
            );
            view! { <g class="badge" transform=format!("translate({} {})", num(at.x), num(at.y)) inner_html=inside /> }
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
            <text class="id" class:count=move || labels.with(|layout| layout.name == NameForm::Label) dy="0.35em" font-size=name_size>{name}</text>
            <g class="labels" inner_html=lines />
            {badge}
        </g>
    }
}
