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
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use byzscope_core::{Scenario, Simulation, Strategy};

    use super::*;
    use crate::model::fixtures::{default_round, node};
    use crate::model::limits::MAX_STAGE_NODES;

    fn run() -> (Simulation, Palette) {
        let sim = default_round();
        let mut palette = Palette::default();
        for envelope in &sim.trace().messages {
            palette.assign(&envelope.message.statement.value);
        }
        (sim, palette)
    }

    #[test]
    fn every_message_sent_by_the_playhead_is_an_arrow() {
        let (sim, palette) = run();
        let trace = sim.trace();
        let end = trace.events.last().unwrap().at as f64;
        let drawing = draw(trace.view(), &palette, end, 10_000, &BTreeSet::new());
        let segments: usize = drawing
            .lines
            .iter()
            .map(|lines| lines.d.matches('M').count())
            .sum();
        assert_eq!(segments, trace.messages.len());
        let heads: usize = drawing
            .heads
            .iter()
            .map(|heads| heads.d.matches('Z').count())
            .sum();
        assert_eq!(heads, trace.messages.len(), "all delivered: all have heads");
        assert_eq!(drawing.lanes.len(), 4);
        // node4's split and three detections and decisions are marked.
        let count = |kind| {
            drawing
                .marks
                .iter()
                .filter(|mark| mark.what.kind() == kind)
                .count()
        };
        assert_eq!(count("proposal"), 1);
        assert_eq!(count("split"), 1);
        assert_eq!(count("detection"), 3);
        assert_eq!(count("decision"), 4);
        // Forwarded copies are drawn apart from direct sends.
        let has = |sent| drawing.lines.iter().any(|lines| lines.sent == sent);
        assert!(has(Sent::Forwarded) && has(Sent::Direct) && !has(Sent::Traced));
        assert_eq!(drawing.arrows, trace.messages.len());
    }

    #[test]
    fn the_window_follows_the_playhead_and_in_flight_messages_have_no_head() {
        let (sim, palette) = run();
        let trace = sim.trace();
        let drawing = draw(trace.view(), &palette, 250.0, 2_500, &BTreeSet::new());
        assert_eq!(drawing.from, 0.0);
        let sent_by_then = trace.messages.iter().filter(|m| m.sent_at <= 250).count();
        let delivered = trace
            .messages
            .iter()
            .filter(|m| m.deliver_at <= 250)
            .count();
        let segments: usize = drawing
            .lines
            .iter()
            .map(|lines| lines.d.matches('M').count())
            .sum();
        let heads: usize = drawing
            .heads
            .iter()
            .map(|heads| heads.d.matches('Z').count())
            .sum();
        assert_eq!(segments, sent_by_then);
        assert_eq!(heads, delivered);
        assert!(heads < segments);
        // Later, the window scrolls so the playhead stays 70% down.
        let last = trace.events.last().unwrap().at as f64;
        let later = draw(trace.view(), &palette, last, 1_000, &BTreeSet::new());
        assert_eq!(later.from, last - 0.7 * 1_000.0);
        assert!((later.playhead - (TOP + 0.7 * (HEIGHT - TOP - BOTTOM))).abs() < 1e-9);
        // Past the last event, the window stays on it.
        let quiet = draw(
            trace.view(),
            &palette,
            last + 5_000.0,
            1_000,
            &BTreeSet::new(),
        );
        assert_eq!(quiet.from, later.from);
    }

    /// `node1` proposing `test123` to `n` nodes, `node{n}` equivocating,
    /// run until quiet.
    pub fn round(n: u16) -> (Simulation, Palette) {
        let scenario = Scenario {
            nodes: n,
            byzantine: BTreeMap::from([(node(n), Strategy::Equivocate)]),
            ..Scenario::default()
        };
        let mut sim = Simulation::new(scenario).expect("the scenario runs");
        sim.propose(node(1), "test123").expect("node1 may propose");
        sim.run_until_quiet();
        let mut palette = Palette::default();
        for envelope in &sim.trace().messages {
            palette.assign(&envelope.message.statement.value);
        }
        (sim, palette)
    }

    /// Every text box the picture of `drawing` holds, its labels placed
    /// with `words`, and the first two that overlap.
    pub fn first_overlap(drawing: &Drawing, words: Words<'_>) -> Option<(Rect, Rect)> {
        let mut boxes = drawing.text_boxes();
        boxes.extend(
            place(drawing, words)
                .iter()
                .map(|label| text_box(&label.text, LABEL_SIZE, label.x, label.y)),
        );
        boxes.iter().enumerate().find_map(|(i, a)| {
            boxes[i + 1..]
                .iter()
                .find(|b| a.overlaps(b))
                .map(|b| (*a, *b))
        })
    }

    /// Words as long as the page's, or longer.
    fn long_words(what: &Marked, count: usize, node: Option<NodeId>) -> String {
        let who = node.map_or(String::new(), |node| format!("n{} ", node.number()));
        match what {
            Marked::Proposal { value, round } => {
                format!("{who}{count} proposes {value} (round {round})")
            }
            Marked::Split { round } => format!("{who}{count} splits round {round}"),
            Marked::Detection { accused } => format!("{who}{count} caught {accused}"),
            Marked::Decision { value } => format!("{who}{count} decides {value}"),
        }
    }

    #[test]
    fn no_two_headers_glyphs_or_labels_overlap_for_any_n_from_3_to_32() {
        // The SVG scales as a whole to any viewport, so boxes apart in its
        // units are apart on every screen from 390 px wide to 1920.
        for n in 3..=MAX_STAGE_NODES {
            let (sim, palette) = round(n);
            let trace = sim.trace();
            let end = trace.events.last().unwrap().at as f64;
            for span in SPANS {
                for clock in [450.0, end] {
                    let drawing = draw(trace.view(), &palette, clock, span, &BTreeSet::new());
                    let overlap = first_overlap(&drawing, &long_words);
                    assert_eq!(overlap, None, "N = {n}, span {span}, at {clock}");
                }
            }
        }
    }

    #[test]
    fn past_a_few_dozen_arrows_copies_fade_but_not_the_highlighted_ones() {
        let (small, palette) = round(4);
        let end = small.trace().events.last().unwrap().at as f64;
        let none = BTreeSet::new();
        let four = draw(small.trace().view(), &palette, end, DEFAULT_SPAN, &none);
        assert!(four.arrows <= FULL_UP_TO && !four.faded);
        assert_eq!(four.drawn, four.copies);
        let (sim, palette) = round(7);
        let trace = sim.trace();
        let end = trace.events.last().unwrap().at as f64;
        let copy = trace
            .messages
            .iter()
            .find(|envelope| !envelope.message.is_direct())
            .unwrap();
        let chosen: BTreeSet<MessageId> = [copy.id].into();
        let seven = draw(trace.view(), &palette, end, DEFAULT_SPAN, &chosen);
        assert!(seven.faded);
        let all = draw_with(trace.view(), &palette, end, DEFAULT_SPAN, &chosen, true);
        assert!(!all.faded && all.drawn == all.copies);
        assert_eq!(all.copies, seven.copies);
        let count = |sent| {
            seven
                .lines
                .iter()
                .filter(|lines| lines.sent == sent)
                .map(|lines| lines.d.matches('M').count())
                .sum::<usize>()
        };
        assert_eq!(count(Sent::Traced), 1);
        // Few enough to draw every one, faded, without heads.
        assert_eq!(count(Sent::Forwarded), seven.copies);
        assert_eq!(seven.drawn, seven.copies);
        let heads = |sent| seven.heads.iter().any(|heads| heads.sent == sent);
        assert!(!heads(Sent::Forwarded) && heads(Sent::Direct));
        let copies = trace.messages.iter().filter(|m| !m.message.is_direct());
        assert_eq!(seven.copies, copies.count() - 1);
        assert_eq!(count(Sent::Direct) + seven.copies + 1, seven.arrows);
    }

    #[test]
    fn tens_of_thousands_of_copies_fade_to_an_even_sample() {
        let (sim, palette) = round(MAX_STAGE_NODES);
        let trace = sim.trace();
        let end = trace.events.last().unwrap().at as f64;
        let none = BTreeSet::new();
        let faded = draw(trace.view(), &palette, end, DEFAULT_SPAN, &none);
        assert!(faded.copies > 10 * FADED_SAMPLE);
        assert!(faded.drawn <= FADED_SAMPLE && faded.drawn >= FADED_SAMPLE / 2);
        let segments: usize = faded.lines.iter().map(|l| l.d.matches('M').count()).sum();
        assert_eq!(segments, faded.arrows - faded.copies + faded.drawn);
        let all = draw_with(trace.view(), &palette, end, DEFAULT_SPAN, &none, true);
        let segments: usize = all.lines.iter().map(|l| l.d.matches('M').count()).sum();
        assert_eq!(segments, all.arrows);
    }

    #[test]
    fn headers_shorten_then_turn_as_lanes_close_in_and_stay_readable() {
        let style = |n| {
            let (sim, palette) = round(n);
            let drawing = draw(
                sim.trace().view(),
                &palette,
                0.0,
                DEFAULT_SPAN,
                &BTreeSet::new(),
            );
            (
                drawing.headers,
                drawing.lanes[usize::from(n) - 1].name.clone(),
            )
        };
        let (four, name) = style(4);
        assert!(!four.short && !four.turned && four.size >= 24.0);
        assert_eq!(name, "node4");
        let (sixteen, name) = style(16);
        assert!(sixteen.short && !sixteen.turned && sixteen.size >= 16.0);
        assert_eq!(name, "n16");
        let (thirty_two, _) = style(MAX_STAGE_NODES);
        assert!(thirty_two.short && thirty_two.turned && thirty_two.size >= 15.0);
    }

    #[test]
    fn highlighted_messages_are_drawn_again_on_top() {
        let (sim, palette) = run();
        let trace = sim.trace();
        let chosen: BTreeSet<MessageId> = [0, 5].into();
        let drawing = draw(trace.view(), &palette, 3_000.0, 5_000, &chosen);
        assert_eq!(drawing.highlighted.matches('M').count(), 2);
    }
}
