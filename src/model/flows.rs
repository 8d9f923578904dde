//! Messages in flight as flows: beyond a few hundred at once, a dot per
//! message is a haze in which no link and no value can be told apart. Each
//! link's traffic is drawn instead as a band along its chord, as thick as
//! the messages on it, split by value (each part in its value's colour and
//! pattern, so a value and its `_BYZANTINE` fork stay apart), with a small
//! sample of the messages still drawn as dots that move and can be clicked.
//!
//! The rest of what a large cluster's canvas paints is here too: its
//! healthy links, and the flashes that fade after each detection.
//!
//! Everything here is arithmetic on what is in flight; the stage paints it.

use byzscope_core::trace::MessageId;
use byzscope_core::{Link, LinkState, Links, Millis, NodeId};

use crate::model::geometry::{Point, Ring};
use crate::model::palette::{Shape, Swatch};

/// Above this many messages in flight, the stage draws flows.
pub const FLOWS_ABOVE: usize = 300;

/// Once drawing flows, the stage goes back to dots only below this many, so
/// a count hovering around [`FLOWS_ABOVE`] does not flicker between the two.
pub const DOTS_BELOW: usize = 200;

/// About how many dots a flow picture keeps: enough to show which way
/// traffic moves and to click one, few enough not to make a haze again.
pub const SAMPLE_DOTS: usize = 120;

/// A band's width, in stage units, is this times the square root of the
/// messages on its link: one message is a thin line, a busy link at
/// thirty-two nodes (about fifty messages) a band of about fourteen units,
/// still narrower than the gap between neighbours' chords at the ring.
pub const WIDTH_PER_ROOT: f64 = 2.0;

/// No band is wider than this, whatever the traffic.
pub const MAX_WIDTH: f64 = 18.0;

/// No value's part of a band is thinner than about two messages' band: a
/// Byzantine fork is a few per cent of a busy round's traffic, and a
/// proportional sliver of it would vanish among the honest value's flows.
pub const MIN_PART: f64 = 1.5 * WIDTH_PER_ROOT;

/// Whether the stage draws flows for `in_flight` messages, given whether it
/// drew them last time.
pub fn draws_flows(in_flight: usize, drew_flows: bool) -> bool {
    if drew_flows {
        in_flight >= DOTS_BELOW
    } else {
        in_flight > FLOWS_ABOVE
    }
}

/// One message in flight, as much of it as a flow needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flying {
    /// Its id in the trace.
    pub id: MessageId,
    /// Its sender.
    pub from: NodeId,
    /// Its receiver.
    pub to: NodeId,
    /// How its value is drawn.
    pub swatch: Swatch,
    /// Whether it comes straight from the statement's origin.
    pub direct: bool,
}

/// One value's part of one link's band: a quadrilateral along the chord.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The link's lower-numbered end.
    pub a: NodeId,
    /// Its other end.
    pub b: NodeId,
    /// The value's swatch: its colour, and its shape as a pattern.
    pub swatch: Swatch,
    /// Messages of this value on this link, both ways.
    pub count: usize,
    /// Its four corners: along the chord from `a` on one side, then back
    /// on the other.
    pub corners: [Point; 4],
}

/// What a flow picture draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flows {
    /// Every link's parts, link by link (in node order), each link's parts
    /// side by side in value order.
    pub bands: Vec<Band>,
    /// Indices into the messages given of those still drawn as dots, in
    /// the order given.
    pub sample: Vec<usize>,
    /// Which messages the sample keeps: the stage asks it of each message
    /// in flight in the frames between two recounts of the bands.
    pub sampler: Sampler,
}

/// Which messages a sample keeps, as many direct and forwarded as it saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sampler {
    direct: u64,
    forwarded: u64,
}

impl Default for Sampler {
    /// Keeps everything.
    fn default() -> Sampler {
        Sampler {
            direct: 1,
            forwarded: 1,
        }
    }
}

impl Sampler {
    /// Whether message `id` is drawn as a dot among flows.
    pub fn keeps(self, id: MessageId, direct: bool) -> bool {
        let stride = if direct { self.direct } else { self.forwarded };
        mix(id) % stride == 0
    }
}

/// A stable pseudo-random number for a message: the sample follows it, so
/// the same message is sampled in every frame for as long as it flies.
fn mix(id: MessageId) -> u64 {
    // SplitMix64's finaliser.
    let mut z = (id as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The power of two `stride` for which about `want` of `count` messages
/// have `mix(id) % stride == 0`. Powers of two nest: a message kept at a
/// stride is kept at every smaller one, so as traffic grows dots only go,
/// and as it falls they only come back.
fn stride(count: usize, want: usize) -> u64 {
    let ratio = count.div_ceil(want.max(1)).max(1) as u64;
    ratio.next_power_of_two()
}

/// The order of values within a band: plain values first, then forks,
/// then forgeries, each by colour.
fn value_order(swatch: &Swatch) -> (u8, &'static str) {
    let shape = match swatch.shape {
        Shape::Circle => 0,
        Shape::Diamond => 1,
        Shape::Triangle => 2,
    };
    (shape, swatch.colour)
}

/// The flows of `flying` on `ring`: a band per link and value, and a
/// sample of dots. `keep`, if in flight, is always among the dots (the
/// message the viewer selected).
///
/// Direct messages (a statement from its origin: where a Byzantine split
/// shows) get half the sample, forwarded copies the other half, each
/// sampled apart, so the few direct ones are not lost among the many.
pub fn flows(ring: Ring, flying: &[Flying], keep: Option<MessageId>) -> Flows {
    let n = ring_size(flying);
    // Messages per (link, value), links as a triangle of pairs a < b.
    let mut values: Vec<Swatch> = Vec::new();
    let mut counts: Vec<Vec<usize>> = Vec::new();
    let (mut direct, mut forwarded) = (0usize, 0usize);
    for message in flying {
        // `values` is kept in `value_order` as values are first seen (a
        // handful per round): no sort is compiled into the page for it.
        let value = match values.iter().position(|s| *s == message.swatch) {
            Some(index) => index,
            None => {
                let key = value_order(&message.swatch);
                let at = values.partition_point(|s| value_order(s) < key);
                values.insert(at, message.swatch);
                counts.insert(at, vec![0; n * n]);
                at
            }
        };
        let (a, b) = ends(message);
        counts[value][a.index() * n + b.index()] += 1;
        if message.direct {
            direct += 1;
        } else {
            forwarded += 1;
        }
    }
    let mut bands = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let parts: Vec<(usize, usize)> = (0..values.len())
                .map(|value| (value, counts[value][a * n + b]))
                .filter(|(_, count)| *count > 0)
                .collect();
            let total: usize = parts.iter().map(|(_, count)| count).sum();
            if total == 0 {
                continue;
            }
            let share = |count: usize| part_width(band_width(total), count, total);
            let (Some(a), Some(b)) = (node(a), node(b)) else {
                continue;
            };
            let (start, end) = ring.chord(a, b);
            let width: f64 = parts.iter().map(|(_, count)| share(*count)).sum();
            let (dx, dy) = (end.x - start.x, end.y - start.y);
            let length = dx.hypot(dy);
            if length == 0.0 {
                continue;
            }
            // The unit normal, to the left of a → b.
            let (nx, ny) = (-dy / length, dx / length);
            let side = |from: Point, offset: f64| Point {
                x: from.x + nx * offset,
                y: from.y + ny * offset,
            };
            let mut offset = -width / 2.0;
            for (value, count) in parts {
                let part = share(count);
                let (near, far) = (offset, offset + part);
                bands.push(Band {
                    a,
                    b,
                    swatch: values[value],
                    count,
                    corners: [
                        side(start, near),
                        side(end, near),
                        side(end, far),
                        side(start, far),
                    ],
                });
                offset = far;
            }
        }
    }

    let sampler = Sampler {
        direct: stride(direct, SAMPLE_DOTS / 2),
        forwarded: stride(forwarded, SAMPLE_DOTS / 2),
    };
    let sample = flying
        .iter()
        .enumerate()
        .filter(|(_, m)| Some(m.id) == keep || sampler.keeps(m.id, m.direct))
        .map(|(index, _)| index)
        .collect();
    Flows {
        bands,
        sample,
        sampler,
    }
}

/// How wide a link's band is for `count` messages on it.
pub fn band_width(count: usize) -> f64 {
    (WIDTH_PER_ROOT * (count as f64).sqrt()).min(MAX_WIDTH)
}

/// How wide `count` of a link's `total` messages are drawn, in a band
/// `width` wide: their share of it, and never less than [`MIN_PART`].
pub fn part_width(width: f64, count: usize, total: usize) -> f64 {
    (width * count as f64 / total.max(1) as f64).max(MIN_PART)
}

/// A message's link, lower-numbered end first.
fn ends(message: &Flying) -> (NodeId, NodeId) {
    if message.from <= message.to {
        (message.from, message.to)
    } else {
        (message.to, message.from)
    }
}

/// The node at `index`.
fn node(index: usize) -> Option<NodeId> {
    NodeId::new(u16::try_from(index + 1).ok()?)
}

/// Enough nodes to index every message's ends.
fn ring_size(flying: &[Flying]) -> usize {
    flying
        .iter()
        .map(|message| message.from.index().max(message.to.index()) + 1)
        .max()
        .unwrap_or(0)
}

/// Every healthy link of `ring` as its two ends, the lower-numbered node's
/// first, in node order: the thin lines a large cluster's canvas draws
/// under its flows' dots. A cut or slowed link is left out: the SVG draws
/// it, dashed or thick, with its label.
pub fn healthy_links(ring: Ring, faults: &Links) -> Vec<(Point, Point)> {
    let ids: Vec<NodeId> = (1..=ring.n()).filter_map(NodeId::new).collect();
    let mut lines = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let healthy =
                Link::new(*a, *b).is_some_and(|link| faults.state(link) == LinkState::default());
            if healthy {
                lines.push((ring.position(*a), ring.position(*b)));
            }
        }
    }
    lines
}

/// A detection's flash: a line from the detector to the accused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flash {
    /// The detector's centre.
    pub from: Point,
    /// The accused's centre.
    pub to: Point,
    /// 1 as the detection happens, fading to 0 over the afterglow.
    pub opacity: f64,
}

/// A ring widening around a node that has just detected, and fading.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pulse {
    /// The node's centre.
    pub at: Point,
    /// The ring's radius, from just outside the node's circle outwards.
    pub radius: f64,
    /// 1 as the detection happens, fading to 0 over the afterglow.
    pub opacity: f64,
}

/// How far into a `window` of afterglow something `elapsed` ago is, from 0
/// to 1; `None` before it happened and once it has faded.
fn fading(elapsed: f64, window: f64) -> Option<f64> {
    (0.0..window).contains(&elapsed).then(|| elapsed / window)
}

/// What fades on `ring` at `now` (simulated milliseconds): a flash for
/// every detection less than `window` old, and a pulse around every node
/// whose latest detection is. `detections` are (detector, accused, when),
/// in the order the run found them. The SVG draws the same for small
/// clusters (`ui::stage::overlays::Alert`, the node's pulse); a large one's
/// canvas paints them, so that they fade without redrawing the SVG's 496
/// links at every frame.
pub fn flashes(
    ring: Ring,
    detections: impl IntoIterator<Item = (NodeId, NodeId, Millis)>,
    now: f64,
    window: f64,
) -> (Vec<Flash>, Vec<Pulse>) {
    let mut lines = Vec::new();
    let mut latest: Vec<Option<Millis>> = vec![None; usize::from(ring.n())];
    for (detector, accused, at) in detections {
        if let Some(faded) = fading(now - at as f64, window) {
            lines.push(Flash {
                from: ring.position(detector),
                to: ring.position(accused),
                opacity: 1.0 - faded,
            });
        }
        // A pulse follows a node's latest detection so far.
        match latest.get_mut(detector.index()) {
            Some(slot) if at as f64 <= now => *slot = Some(at),
            _ => {}
        }
    }
    let mut pulses = Vec::new();
    for (index, at) in latest.into_iter().enumerate() {
        let (Some(at), Some(id)) = (at, node(index)) else {
            continue;
        };
        if let Some(faded) = fading(now - at as f64, window) {
            pulses.push(Pulse {
                at: ring.position(id),
                radius: ring.node_radius() + 8.0 + 60.0 * faded,
                opacity: 1.0 - faded,
            });
        }
    }
    (lines, pulses)
}

#[cfg(test)]
mod tests;
