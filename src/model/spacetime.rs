//! The space-time diagram's layout: one vertical lane per node, time
//! flowing down, each message an arrow from its send to its delivery. Pure,
//! so the layout is tested natively; `ui::spacetime` draws it.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::Arc;

use byzscope_core::trace::MessageId;
use byzscope_core::{EventKind, Millis, NodeId, Outcome, Round};

use crate::model::numbers::num;
use crate::model::palette::Palette;
use byzscope_core::trace::TraceView;

mod headers;
mod labels;

pub use headers::{header, Headers};
pub use labels::{em_width, place, text_box, Label, Rect, Words, LABEL_SIZE, LINE_EM};

/// The diagram's width in SVG units.
pub const WIDTH: f64 = 1000.0;
/// Its height: the time window fills it.
pub const HEIGHT: f64 = 760.0;
/// Where the plot starts, below the lane names.
pub const TOP: f64 = 70.0;
const BOTTOM: f64 = 20.0;
/// Left of the first lane: the ticks' labels, which end before its marks.
const LEFT: f64 = 104.0;
/// Right of the last lane: the column where shared labels go.
const RIGHT: f64 = 230.0;
/// Where the playhead sits, as a fraction of the window: most of what is
/// shown is the past, with room for what is in flight.
const PLAYHEAD_AT: f64 = 0.7;
/// The ticks' labels: their size, and the widest one (`10.000 s`).
pub const TICK_SIZE: f64 = 16.0;
const WIDEST_TICK: &str = "10.000 s";
/// Lane headers stand between these two y: the baseline of a level one,
/// the foot of a turned one, and the highest any may reach.
pub const HEADER_BASE: f64 = 48.0;
pub const HEADER_FOOT: f64 = TOP - 14.0;
pub(crate) const HEADER_CEILING: f64 = 4.0;
/// The room kept between two lane headers.
pub(crate) const HEADER_GAP: f64 = 6.0;

/// Up to this many arrows the diagram draws every copy in full; past it,
/// forwarded copies fade unless asked for (the arrows of one small round).
pub const FULL_UP_TO: usize = 48;
/// Faded, at most about this many copies are drawn, an even sample: they
/// are a tint that shows where copies flow, and tens of thousands of lines
/// take the renderer seconds.
pub const FADED_SAMPLE: usize = 1_500;

/// How much time the diagram shows at once, in simulated milliseconds.
pub const SPANS: [Millis; 4] = [1_000, 2_500, 5_000, 10_000];
/// The span it starts with: a round of the default scenario.
pub const DEFAULT_SPAN: Millis = 2_500;

/// Which messages an arrow stands for: how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sent {
    /// Sent by the statement's origin: always drawn in full.
    Direct,
    /// A forwarded copy on the highlighted provenance: in full too.
    Traced,
    /// Any other forwarded copy: faded when the arrows are many.
    Forwarded,
}

/// A node's lane: where it runs and what its header says.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The node.
    pub node: NodeId,
    /// The lane's x.
    pub x: f64,
    /// Its header's words.
    pub name: String,
}

/// Message lines of one colour and kind, as one path.
#[derive(Clone, Debug, PartialEq)]
pub struct Lines {
    /// The value's colour.
    pub colour: &'static str,
    /// Which messages.
    pub sent: Sent,
    /// The path.
    pub d: String,
}

/// What the diagram draws, computed from the trace up to the playhead.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    /// The earliest time shown.
    pub from: f64,
    /// Each lane's node, x and header.
    pub lanes: Vec<Lane>,
    /// How the headers are written.
    pub headers: Headers,
    /// Message lines, one path per colour and kind of copy.
    pub lines: Vec<Lines>,
    /// Arrowheads of delivered messages, one path per colour and kind.
    pub heads: Vec<Lines>,
    /// How many arrows there are in the window.
    pub arrows: usize,
    /// How many of them are forwarded copies off the highlight.
    pub copies: usize,
    /// Whether those copies are faded (and sampled), not drawn in full.
    pub faded: bool,
    /// How many of the copies are drawn: all, or a faded sample.
    pub drawn: usize,
    /// Highlighted messages (a detection's provenance), drawn on top.
    pub highlighted: String,
    /// Marks on lanes, in order of time, none over another.
    pub marks: Vec<Mark>,
    /// The glyphs' size.
    pub glyph_size: f64,
    /// The arrows' stroke width and their heads' length: thinner where
    /// lanes are close.
    pub stroke: f64,
    /// The length of an arrowhead.
    pub head: f64,
    /// Where the column of shared labels starts.
    pub column: f64,
    /// The playhead's y.
    pub playhead: f64,
    /// Time ticks: y and the simulated time there.
    pub ticks: Vec<(f64, f64)>,
}

impl Drawing {
    /// Half a glyph's width: the room a mark takes either side of its lane.
    pub fn glyph_half(&self) -> f64 {
        self.glyph_size / 2.0
    }

    /// The boxes of the text drawn before the marks' words: lane headers,
    /// tick labels and glyphs.
    pub fn text_boxes(&self) -> Vec<Rect> {
        let mut boxes = Vec::new();
        for lane in &self.lanes {
            boxes.push(self.headers.text_box(&lane.name, lane.x));
        }
        for (y, _) in &self.ticks {
            boxes.push(tick_box(*y));
        }
        for mark in &self.marks {
            boxes.push(self.glyph_box(mark.x, mark.y));
        }
        boxes
    }

    fn glyph_box(&self, x: f64, y: f64) -> Rect {
        Rect::centred(x, y, self.glyph_size, LINE_EM * self.glyph_size)
    }
}

/// The box of the tick label above the tick line at `y`.
pub fn tick_box(y: f64) -> Rect {
    text_box(WIDEST_TICK, TICK_SIZE, 6.0, y - 6.0 - 0.35 * TICK_SIZE)
}

/// Something that happened at a node, marked on its lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The node.
    pub node: NodeId,
    /// Where.
    pub x: f64,
    /// When, as y; moved down past a mark drawn just before it.
    pub y: f64,
    /// What happened.
    pub what: Marked,
}

/// What a mark marks.
#[derive(Clone, Debug, PartialEq)]
pub enum Marked {
    /// The node proposed `value`, starting `round`.
    Proposal {
        /// The value.
        value: Arc<str>,
        /// The round.
        round: Round,
    },
    /// The node split its statement of `round`.
    Split {
        /// The round.
        round: Round,
    },
    /// The node caught `accused`.
    Detection {
        /// Whom it caught.
        accused: NodeId,
    },
    /// The node decided `value`.
    Decision {
        /// The value.
        value: Arc<str>,
    },
}

impl Marked {
    /// `proposal`, `split`, `detection` or `decision`: its class.
    pub fn kind(&self) -> &'static str {
        match self {
            Marked::Proposal { .. } => "proposal",
            Marked::Split { .. } => "split",
            Marked::Detection { .. } => "detection",
            Marked::Decision { .. } => "decision",
        }
    }

    /// Its glyph on the lane.
    pub fn glyph(&self) -> &'static str {
        match self {
            Marked::Proposal { .. } => "●",
            Marked::Split { .. } => "◆",
            Marked::Detection { .. } => "✕",
            Marked::Decision { .. } => "✓",
        }
    }
}

/// The start of the window `[from, from + span]` that keeps the playhead at
/// [`PLAYHEAD_AT`] of the way down, or the last event there when the clock
/// has run on past it (a quiet run keeps its last messages in view).
pub fn window(clock: f64, last_event: f64, span: Millis) -> f64 {
    (clock.min(last_event.max(0.0)) - PLAYHEAD_AT * span as f64).max(0.0)
}

/// Lays out the run in `trace` as it stands at `clock`, in a window of
/// `span` ms; `highlight` lists messages to draw on top. Past a few dozen
/// arrows, forwarded copies are a faded sample. Labels for the marks come
/// after, from [`place`], which needs their words.
pub fn draw(
    trace: TraceView<'_>,
    palette: &Palette,
    clock: f64,
    span: Millis,
    highlight: &BTreeSet<MessageId>,
) -> Drawing {
    draw_with(trace, palette, clock, span, highlight, false)
}

/// [`draw`], with every forwarded copy drawn in full if `all_copies`.
pub fn draw_with(
    trace: TraceView<'_>,
    palette: &Palette,
    clock: f64,
    span: Millis,
    highlight: &BTreeSet<MessageId>,
    all_copies: bool,
) -> Drawing {
    let n = trace.scenario.nodes.max(2);
    let lane_gap = (WIDTH - LEFT - RIGHT) / f64::from(n - 1);
    let x = |node: NodeId| LEFT + lane_gap * node.index() as f64;
    let last_event = trace.events.last().map_or(0.0, |event| event.at as f64);
    let from = window(clock, last_event, span);
    let to = from + span as f64;
    let scale = (HEIGHT - TOP - BOTTOM) / span as f64;
    let y = |t: f64| TOP + (t - from) * scale;
    let headers = Headers::fitting(n, lane_gap);
    // A glyph a little narrower than the lanes are apart, at most 20.
    let glyph_size = ((lane_gap - 3.0) / 1.05).min(20.0);
    let mut drawing = Drawing {
        from,
        lanes: trace
            .scenario
            .node_ids()
            .map(|node| Lane {
                node,
                x: x(node),
                name: header(node, headers.short),
            })
            .collect(),
        headers,
        glyph_size,
        stroke: (lane_gap / 20.0).clamp(1.0, 2.5),
        head: (lane_gap * 0.3).clamp(7.0, 14.0),
        column: LEFT + lane_gap * f64::from(n - 1) + glyph_size / 2.0 + 8.0,
        playhead: y(clock),
        ..Drawing::default()
    };
    // Only what has been sent by the playhead and overlaps the window.
    let shown = |envelope: &&byzscope_core::trace::Envelope| {
        let (sent, due) = (envelope.sent_at as f64, envelope.deliver_at as f64);
        !(sent > clock || sent > to || due.min(clock) < from)
    };
    let copy = |envelope: &byzscope_core::trace::Envelope| {
        !envelope.message.is_direct() && !highlight.contains(&envelope.id)
    };
    for envelope in trace.messages.iter().filter(shown) {
        drawing.arrows += 1;
        drawing.copies += usize::from(copy(envelope));
    }
    drawing.faded = !all_copies && drawing.arrows > FULL_UP_TO;
    let every = if drawing.faded {
        drawing.copies.div_ceil(FADED_SAMPLE).max(1)
    } else {
        1
    };
    let (mut lines, mut heads) = (Vec::new(), Vec::new());
    let mut nth_copy = 0;
    for envelope in trace.messages.iter().filter(shown) {
        if copy(envelope) {
            nth_copy += 1;
            if (nth_copy - 1) % every != 0 {
                continue;
            }
            drawing.drawn += 1;
        }
        let (sent, due) = (envelope.sent_at as f64, envelope.deliver_at as f64);
        let (x0, y0) = (x(envelope.message.from), y(sent));
        let (x1, y1) = (x(envelope.message.to), y(due));
        // A message in flight is drawn as far as it has come.
        let along = if due <= clock || due <= sent {
            1.0
        } else {
            (clock - sent) / (due - sent)
        };
        let (xe, ye) = (x0 + (x1 - x0) * along, y0 + (y1 - y0) * along);
        let colour = palette.swatch(&envelope.message.statement.value).colour;
        let traced = highlight.contains(&envelope.id);
        let kind = match (envelope.message.is_direct(), traced) {
            (true, _) => Sent::Direct,
            (false, true) => Sent::Traced,
            (false, false) => Sent::Forwarded,
        };
        let segment = format!("M{} {}L{} {}", num(x0), num(y0), num(xe), num(ye));
        if traced {
            drawing.highlighted.push_str(&segment);
        }
        path_of(&mut lines, colour, kind).push_str(&segment);
        // A faded copy has no head: the tint is enough.
        if along >= 1.0 && !(drawing.faded && kind == Sent::Forwarded) {
            // A small triangle pointing along the arrow.
            let (dx, dy) = (x1 - x0, y1 - y0);
            let length = dx.hypot(dy).max(1e-9);
            let (ux, uy) = (dx / length, dy / length);
            let (size, half) = (drawing.head, drawing.head * 0.43);
            let (bx, by) = (x1 - ux * size, y1 - uy * size);
            let _ = write!(
                path_of(&mut heads, colour, kind),
                "M{} {}L{} {}L{} {}Z",
                num(x1),
                num(y1),
                num(bx - uy * half),
                num(by + ux * half),
                num(bx + uy * half),
                num(by - ux * half)
            );
        }
    }
    drawing.lines = lines;
    drawing.heads = heads;
    let step = (span / 5).max(1) as f64;
    let mut tick = (from / step).ceil() * step;
    while tick <= to {
        // A tick whose label would reach into the headers goes unlabelled
        // and undrawn: the next one tells the time.
        if tick_box(y(tick)).y >= TOP - 12.0 {
            drawing.ticks.push((y(tick), tick));
        }
        tick += step;
    }
    for event in trace.events {
        let at = event.at as f64;
        if at > clock || at < from || at > to {
            continue;
        }
        let mut marked = Vec::new();
        if let EventKind::Proposed { value, round } = &event.happening {
            marked.push(Marked::Proposal {
                value: value.clone(),
                round: *round,
            });
        }
        for noted in &event.effects {
            marked.push(match noted {
                Outcome::Equivocated(split) => Marked::Split { round: split.round },
                Outcome::Detected(detection) => Marked::Detection {
                    accused: detection.byzantine_node,
                },
                Outcome::Decided { value, .. } => Marked::Decision {
                    value: value.clone(),
                },
                _ => continue,
            });
        }
        for what in marked {
            drawing.stack(event.node, x(event.node), y(at), what);
        }
    }
    drawing
}

/// The path of `colour` and `sent` in `paths`, a new one if there is none
/// yet: `paths` stay in order of colour, then kind. (A sorted list rather
/// than a map: there are a few dozen at most, and it keeps the map's code
/// out of the wasm.)
fn path_of<'a>(paths: &'a mut Vec<Lines>, colour: &'static str, sent: Sent) -> &'a mut String {
    let key = (colour, sent);
    let at = paths
        .iter()
        .position(|lines| (lines.colour, lines.sent) >= key)
        .unwrap_or(paths.len());
    if !matches!(paths.get(at), Some(lines) if (lines.colour, lines.sent) == key) {
        let d = String::new();
        paths.insert(at, Lines { colour, sent, d });
    }
    &mut paths[at].d
}

impl Drawing {
    /// Adds a mark at `(x, y)`, moved down below any glyph it would sit
    /// on; one pushed past the bottom edge is left out.
    fn stack(&mut self, node: NodeId, x: f64, mut y: f64, what: Marked) {
        while let Some(under) = self
            .marks
            .iter()
            .map(|mark| self.glyph_box(mark.x, mark.y))
            .find(|other| other.overlaps(&self.glyph_box(x, y)))
        {
            y = under.y + under.h + LINE_EM * self.glyph_size / 2.0 + 0.5;
        }
        if self.glyph_box(x, y).y + LINE_EM * self.glyph_size <= HEIGHT {
            self.marks.push(Mark { node, x, y, what });
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
