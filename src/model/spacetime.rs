//! The space-time diagram's layout: one vertical lane per node, time
//! flowing down, each message an arrow from its send to its delivery. Pure,
//! so the layout is tested natively; `ui::spacetime` draws it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::sync::Arc;

use byzscope_core::trace::MessageId;
use byzscope_core::{EventKind, Millis, NodeId, Outcome, Round};

use crate::model::numbers::num;
use crate::model::palette::Palette;
use byzscope_core::trace::TraceView;

/// The diagram's width in SVG units.
pub const WIDTH: f64 = 1000.0;
/// Its height: the time window fills it.
pub const HEIGHT: f64 = 760.0;
/// Where the plot starts, below the lane names.
pub const TOP: f64 = 70.0;
const BOTTOM: f64 = 20.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 170.0;
/// Where the playhead sits, as a fraction of the window: most of what is
/// shown is the past, with room for what is in flight.
const PLAYHEAD_AT: f64 = 0.7;

/// How much time the diagram shows at once, in simulated milliseconds.
pub const SPANS: [Millis; 4] = [1_000, 2_500, 5_000, 10_000];
/// The span it starts with: a round of the default scenario.
pub const DEFAULT_SPAN: Millis = 2_500;

/// What the diagram draws, computed from the trace up to the playhead.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    /// The earliest time shown.
    pub from: f64,
    /// Each lane's x and node.
    pub lanes: Vec<(NodeId, f64)>,
    /// Message lines, one path per (colour, forwarded or not).
    pub lines: Vec<(&'static str, bool, String)>,
    /// Arrowheads of delivered messages, one path per colour.
    pub heads: Vec<(&'static str, String)>,
    /// Highlighted messages (a detection's provenance), drawn on top.
    pub highlighted: String,
    /// Marks on lanes: where, what kind, and the words beside it.
    pub marks: Vec<Mark>,
    /// The playhead's y.
    pub playhead: f64,
    /// Time ticks: y and the simulated time there.
    pub ticks: Vec<(f64, f64)>,
}

/// Something that happened at a node, marked on its lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Where.
    pub x: f64,
    /// When, as y.
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
/// `span` ms; `highlight` lists messages to draw on top.
pub fn draw(
    trace: TraceView<'_>,
    palette: &Palette,
    clock: f64,
    span: Millis,
    highlight: &BTreeSet<MessageId>,
) -> Drawing {
    let n = trace.scenario.nodes.max(2);
    let lane_gap = (WIDTH - LEFT - RIGHT) / f64::from(n - 1);
    let x = |node: NodeId| LEFT + lane_gap * node.index() as f64;
    let last_event = trace.events.last().map_or(0.0, |event| event.at as f64);
    let from = window(clock, last_event, span);
    let to = from + span as f64;
    let scale = (HEIGHT - TOP - BOTTOM) / span as f64;
    let y = |t: f64| TOP + (t - from) * scale;
    let mut drawing = Drawing {
        from,
        lanes: trace
            .scenario
            .node_ids()
            .map(|node| (node, x(node)))
            .collect(),
        playhead: y(clock),
        ..Drawing::default()
    };
    let mut lines: BTreeMap<(&'static str, bool), String> = BTreeMap::new();
    let mut heads: BTreeMap<&'static str, String> = BTreeMap::new();
    for envelope in trace.messages {
        let (sent, due) = (envelope.sent_at as f64, envelope.deliver_at as f64);
        // Only what has been sent by the playhead and overlaps the window.
        if sent > clock || sent > to || due.min(clock) < from {
            continue;
        }
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
        let forwarded = !envelope.message.is_direct();
        let segment = format!("M{} {}L{} {}", num(x0), num(y0), num(xe), num(ye));
        if highlight.contains(&envelope.id) {
            drawing.highlighted.push_str(&segment);
        }
        lines
            .entry((colour, forwarded))
            .or_default()
            .push_str(&segment);
        if along >= 1.0 {
            // A small triangle pointing along the arrow.
            let (dx, dy) = (x1 - x0, y1 - y0);
            let length = dx.hypot(dy).max(1e-9);
            let (ux, uy) = (dx / length, dy / length);
            let (size, half) = (14.0, 6.0);
            let (bx, by) = (x1 - ux * size, y1 - uy * size);
            let _ = write!(
                heads.entry(colour).or_default(),
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
    drawing.lines = lines
        .into_iter()
        .map(|((colour, forwarded), d)| (colour, forwarded, d))
        .collect();
    drawing.heads = heads.into_iter().collect();
    for event in trace.events {
        let at = event.at as f64;
        if at > clock || at < from || at > to {
            continue;
        }
        let (mx, my) = (x(event.node), y(at));
        if let EventKind::Proposed { value, round } = &event.happening {
            drawing.marks.push(Mark {
                x: mx,
                y: my,
                what: Marked::Proposal {
                    value: value.clone(),
                    round: *round,
                },
            });
        }
        for noted in &event.effects {
            let what = match noted {
                Outcome::Equivocated(split) => Marked::Split { round: split.round },
                Outcome::Detected(detection) => Marked::Detection {
                    accused: detection.byzantine_node,
                },
                Outcome::Decided { value, .. } => Marked::Decision {
                    value: value.clone(),
                },
                _ => continue,
            };
            drawing.marks.push(Mark { x: mx, y: my, what });
        }
    }
    let step = (span / 5).max(1) as f64;
    let mut tick = (from / step).ceil() * step;
    while tick <= to {
        drawing.ticks.push((y(tick), tick));
        tick += step;
    }
    drawing
}

#[cfg(test)]
mod tests {
    use byzscope_core::Simulation;

    use super::*;
    use crate::model::fixtures::default_round;

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
            .map(|(_, _, d)| d.matches('M').count())
            .sum();
        assert_eq!(segments, trace.messages.len());
        let heads: usize = drawing
            .heads
            .iter()
            .map(|(_, d)| d.matches('Z').count())
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
        assert!(drawing.lines.iter().any(|(_, forwarded, _)| *forwarded));
        assert!(drawing.lines.iter().any(|(_, forwarded, _)| !*forwarded));
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
            .map(|(_, _, d)| d.matches('M').count())
            .sum();
        let heads: usize = drawing
            .heads
            .iter()
            .map(|(_, d)| d.matches('Z').count())
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

    #[test]
    fn highlighted_messages_are_drawn_again_on_top() {
        let (sim, palette) = run();
        let trace = sim.trace();
        let chosen: BTreeSet<MessageId> = [0, 5].into();
        let drawing = draw(trace.view(), &palette, 3_000.0, 5_000, &chosen);
        assert_eq!(drawing.highlighted.matches('M').count(), 2);
    }
}
