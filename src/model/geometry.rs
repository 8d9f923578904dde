//! Where things are on the stage: nodes on a ring, node1 at the top and the
//! others clockwise, and points along the chords between them.

use byzscope_core::NodeId;

/// Width of the stage's SVG coordinate space.
pub const WIDTH: f64 = 1400.0;
/// Height of the stage's SVG coordinate space.
pub const HEIGHT: f64 = 1040.0;

/// A point in stage coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Rightwards.
    pub x: f64,
    /// Downwards.
    pub y: f64,
}

impl Point {
    /// The point a fraction `f` of the way from `self` to `to`.
    pub fn lerp(self, to: Point, f: f64) -> Point {
        Point {
            x: self.x + (to.x - self.x) * f,
            y: self.y + (to.y - self.y) * f,
        }
    }

    fn distance(self, to: Point) -> f64 {
        (to.x - self.x).hypot(to.y - self.y)
    }
}

/// The layout of a cluster of `n` nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ring {
    n: u16,
}

impl Ring {
    /// The ring of a cluster of `n` nodes.
    pub fn new(n: u16) -> Ring {
        Ring { n: n.max(1) }
    }

    /// How many nodes the ring has.
    pub fn n(self) -> u16 {
        self.n
    }

    /// The centre of the ring.
    pub fn centre(self) -> Point {
        Point {
            x: WIDTH / 2.0,
            y: HEIGHT / 2.0,
        }
    }

    /// The ring's radius: room is left outside it for each node's labels,
    /// which sit above or below small clusters' nodes and beside large ones'.
    pub fn radius(self) -> f64 {
        if self.compact() {
            380.0
        } else {
            330.0
        }
    }

    /// Whether the cluster is large enough to need compact labels: one
    /// line, beside the node, smaller.
    pub fn compact(self) -> bool {
        self.n > 8
    }

    /// The radius of one node's circle: as large as legibility wants, as
    /// small as the neighbours need.
    pub fn node_radius(self) -> f64 {
        let spacing = std::f64::consts::TAU * self.radius() / f64::from(self.n);
        (spacing * 0.3).clamp(26.0, 62.0)
    }

    /// Font size of node labels: at least 18 CSS pixels on a 1280×720 screen
    /// for small clusters; smaller when sixteen nodes share the ring.
    pub fn label_size(self) -> f64 {
        if self.compact() {
            22.0
        } else {
            34.0
        }
    }

    /// The angle of `node`, clockwise from the top, in radians.
    pub fn angle(self, node: NodeId) -> f64 {
        -std::f64::consts::FRAC_PI_2
            + std::f64::consts::TAU * node.index() as f64 / f64::from(self.n)
    }

    /// The centre of `node`'s circle.
    pub fn position(self, node: NodeId) -> Point {
        let angle = self.angle(node);
        let centre = self.centre();
        Point {
            x: centre.x + self.radius() * angle.cos(),
            y: centre.y + self.radius() * angle.sin(),
        }
    }

    /// The chord a message travels from `from` to `to`, from the edge of one
    /// circle to the edge of the other.
    pub fn chord(self, from: NodeId, to: NodeId) -> (Point, Point) {
        let (a, b) = (self.position(from), self.position(to));
        let length = a.distance(b);
        if length == 0.0 {
            return (a, b);
        }
        let trim = (self.node_radius() / length).min(0.45);
        (a.lerp(b, trim), b.lerp(a, trim))
    }
}

/// How a label lines up with its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Starts at the anchor (labels right of the node).
    Start,
    /// Centred on the anchor.
    Middle,
    /// Ends at the anchor (labels left of the node).
    End,
}

impl Align {
    /// The SVG `text-anchor` value.
    pub fn text_anchor(self) -> &'static str {
        match self {
            Align::Start => "start",
            Align::Middle => "middle",
            Align::End => "end",
        }
    }
}

/// An axis-aligned box in stage coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl Rect {
    /// The box of a line of text `width` wide set at `size`, centred on
    /// `at` horizontally with its baseline at `at.y` (a little taller than
    /// the font's ascent and descent).
    pub fn text(at: Point, width: f64, size: f64) -> Rect {
        Rect {
            left: at.x - width / 2.0,
            top: at.y - size * 0.96,
            right: at.x + width / 2.0,
            bottom: at.y + size * 0.3,
        }
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    /// Whether the box lies inside the stage.
    pub fn on_stage(&self) -> bool {
        self.left >= 0.0 && self.top >= 0.0 && self.right <= WIDTH && self.bottom <= HEIGHT
    }
}

impl Ring {
    /// Where along the chord from `from` to `to` a label `width` wide at
    /// `size` overlaps nothing in `taken` and stays on the stage (trying
    /// the middle first, either side of the line); none if nowhere is free.
    pub fn label_spot(
        self,
        from: NodeId,
        to: NodeId,
        width: f64,
        size: f64,
        taken: &[Rect],
    ) -> Option<Point> {
        let (a, b) = (self.position(from), self.position(to));
        // Beside the line rather than on it, so the line does not strike the
        // text through: offset along the chord's normal, either side.
        let length = a.distance(b).max(1.0);
        let normal = Point {
            x: -(b.y - a.y) / length * size * 0.75,
            y: (b.x - a.x) / length * size * 0.75,
        };
        // Close beside the line first, then a line further off.
        [1.0, 2.4]
            .into_iter()
            .flat_map(|off| {
                [0.5, 0.6, 0.4, 0.68, 0.32, 0.75, 0.25]
                    .into_iter()
                    .flat_map(move |f| [off, -off].map(move |side| (f, side)))
            })
            .map(|(f, side)| {
                let on = a.lerp(b, f);
                Point {
                    x: on.x + normal.x * side,
                    y: on.y + normal.y * side + size * 0.3,
                }
            })
            .find(|spot| {
                let rect = Rect::text(*spot, width, size);
                rect.on_stage() && !taken.iter().any(|other| rect.overlaps(other))
            })
    }
}

/// How far along its chord a message is at simulated time `now`: 0 when
/// sent, 1 when delivered.
pub fn progress(sent_at: f64, deliver_at: f64, now: f64) -> f64 {
    if deliver_at <= sent_at {
        return 1.0;
    }
    ((now - sent_at) / (deliver_at - sent_at)).clamp(0.0, 1.0)
}

/// How many places a dot takes along its chord when motion is reduced.
pub const MOTION_STEPS: f64 = 3.0;

/// `progress` snapped to the middle of one of [`MOTION_STEPS`] equal
/// stretches: the dot jumps from place to place instead of gliding.
pub fn in_steps(progress: f64) -> f64 {
    ((progress * MOTION_STEPS).floor().min(MOTION_STEPS - 1.0) + 0.5) / MOTION_STEPS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    #[test]
    fn node1_is_at_the_top_and_the_rest_go_clockwise() {
        let ring = Ring::new(4);
        let centre = ring.centre();
        let top = ring.position(node(1));
        assert!((top.x - centre.x).abs() < 1e-9 && top.y < centre.y);
        let right = ring.position(node(2));
        assert!(right.x > centre.x && (right.y - centre.y).abs() < 1e-9);
        let left = ring.position(node(4));
        assert!(left.x < centre.x);
    }

    #[test]
    fn neighbours_never_overlap() {
        for n in 3..=32 {
            let ring = Ring::new(n);
            let gap = ring.position(node(1)).distance(ring.position(node(2)));
            assert!(gap > 2.0 * ring.node_radius(), "n = {n}");
        }
    }

    #[test]
    fn chords_start_and_end_at_the_circles() {
        let ring = Ring::new(4);
        let (a, b) = ring.chord(node(1), node(3));
        let r = ring.node_radius();
        assert!((a.distance(ring.position(node(1))) - r).abs() < 1e-6);
        assert!((b.distance(ring.position(node(3))) - r).abs() < 1e-6);
    }

    #[test]
    fn fan_out_labels_cover_no_node_no_label_and_no_other_fan_label() {
        use crate::model::labels::{text_width, StageLabels};
        for n in [3, 4, 7] {
            for scale in [0.5, 0.86] {
                let ring = Ring::new(n);
                let labels = StageLabels::new(ring, scale);
                let size = labels.font * 0.85;
                let mut taken = labels.occupied();
                let nodes = taken.len();
                let byzantine = node(n);
                let mut placed = 0;
                for peer in NodeId::all(n).filter(|peer| *peer != byzantine) {
                    let width = text_width("→ node2: ◆ test123_BYZANTINE", size);
                    let Some(spot) = ring.label_spot(byzantine, peer, width, size, &taken) else {
                        continue;
                    };
                    let rect = Rect::text(spot, width, size);
                    assert!(rect.on_stage());
                    assert!(
                        !taken.iter().any(|other| rect.overlaps(other)),
                        "the label to {peer} overlaps"
                    );
                    taken.push(rect);
                    placed += 1;
                }
                assert_eq!(taken.len(), nodes + placed);
                if n == 4 && scale == 0.86 {
                    assert!(placed >= 2, "node4's labels have room at 1920×1080");
                }
            }
        }
    }

    #[test]
    fn progress_runs_from_send_to_delivery() {
        assert_eq!(progress(100.0, 300.0, 100.0), 0.0);
        assert_eq!(progress(100.0, 300.0, 200.0), 0.5);
        assert_eq!(progress(100.0, 300.0, 400.0), 1.0);
        assert_eq!(progress(100.0, 300.0, 50.0), 0.0);
        assert_eq!(progress(100.0, 100.0, 100.0), 1.0);
    }
}
