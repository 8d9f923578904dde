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

    /// Whether `node`'s labels go above its circle (the top of the ring)
    /// rather than below it.
    pub fn labels_above(self, node: NodeId) -> bool {
        self.angle(node).sin() < -0.5
    }

    /// Where `node`'s labels start, relative to its centre, and how they are
    /// aligned: for compact clusters, outwards from the ring.
    pub fn label_anchor(self, node: NodeId) -> (Point, Align) {
        let r = self.node_radius();
        let size = self.label_size();
        if !self.compact() {
            let y = if self.labels_above(node) {
                -r - 14.0 - size * 1.15
            } else {
                r + 10.0 + size
            };
            return (Point { x: 0.0, y }, Align::Middle);
        }
        let angle = self.angle(node);
        let (cos, sin) = (angle.cos(), angle.sin());
        let reach = r + 10.0;
        let align = if cos > 0.3 {
            Align::Start
        } else if cos < -0.3 {
            Align::End
        } else {
            Align::Middle
        };
        let x = cos * reach;
        // Two lines around the outward point, nudged clear of the circle
        // at the top and bottom of the ring.
        let y =
            sin * reach + size * 0.35 - size * 0.55 + sin.signum() * sin.abs().powi(4) * size * 0.9;
        (Point { x, y }, align)
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
    /// The box of a line of text of `chars` characters, `size` high,
    /// centred on `at` horizontally with its baseline at `at.y`.
    pub fn text(at: Point, chars: usize, size: f64) -> Rect {
        // Bold sans-serif runs about 0.65 em a character.
        let half = chars as f64 * size * 0.33;
        Rect {
            left: at.x - half,
            top: at.y - size * 0.85,
            right: at.x + half,
            bottom: at.y + size * 0.25,
        }
    }

    fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

impl Ring {
    /// What each node occupies: its circle and its two lines of labels (of
    /// at most `chars` characters).
    pub fn occupied(self, chars: usize) -> Vec<Rect> {
        NodeId::all(self.n)
            .flat_map(|node| {
                let centre = self.position(node);
                let r = self.node_radius();
                let size = self.label_size();
                let circle = Rect {
                    left: centre.x - r,
                    top: centre.y - r,
                    right: centre.x + r,
                    bottom: centre.y + r,
                };
                let half = chars as f64 * size * 0.3;
                let (anchor, align) = self.label_anchor(node);
                let labels = if self.compact() {
                    let width = 2.0 * half;
                    let left = centre.x + anchor.x
                        - match align {
                            Align::Start => 0.0,
                            Align::Middle => half,
                            Align::End => width,
                        };
                    Rect {
                        left,
                        top: centre.y + anchor.y - size,
                        right: left + width,
                        bottom: centre.y + anchor.y + size * 1.3,
                    }
                } else if self.labels_above(node) {
                    Rect {
                        left: centre.x - half,
                        top: centre.y - r - 14.0 - size * 2.2,
                        right: centre.x + half,
                        bottom: centre.y - r,
                    }
                } else {
                    Rect {
                        left: centre.x - half,
                        top: centre.y + r,
                        right: centre.x + half,
                        bottom: centre.y + r + 14.0 + size * 2.4,
                    }
                };
                [circle, labels]
            })
            .collect()
    }

    /// Where along the chord from `from` to `to` a label of `chars`
    /// characters overlaps nothing in `taken` (trying the middle first);
    /// the middle if no place is free.
    pub fn label_spot(
        self,
        from: NodeId,
        to: NodeId,
        chars: usize,
        size: f64,
        taken: &[Rect],
    ) -> Point {
        let (a, b) = (self.position(from), self.position(to));
        // Beside the line rather than on it, so the line does not strike the
        // text through: offset along the chord's normal, either side.
        let length = a.distance(b).max(1.0);
        let normal = Point {
            x: -(b.y - a.y) / length * size * 0.75,
            y: (b.x - a.x) / length * size * 0.75,
        };
        [0.5, 0.6, 0.4, 0.68, 0.32, 0.75]
            .into_iter()
            .flat_map(|f| [1.0, -1.0].map(move |side| (f, side)))
            .map(|(f, side)| {
                let on = a.lerp(b, f);
                Point {
                    x: on.x + normal.x * side,
                    y: on.y + normal.y * side + size * 0.3,
                }
            })
            .find(|spot| {
                let rect = Rect::text(*spot, chars, size);
                !taken.iter().any(|other| rect.overlaps(other))
            })
            .unwrap_or_else(|| a.lerp(b, 0.5))
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
        assert!(ring.labels_above(node(1)) && !ring.labels_above(node(3)));
    }

    #[test]
    fn neighbours_never_overlap() {
        for n in 3..=16 {
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
    fn fan_out_labels_cover_no_node_and_no_other_label() {
        let ring = Ring::new(4);
        let size = ring.label_size() * 0.85;
        let mut taken = ring.occupied(22);
        let nodes = taken.len();
        for peer in [node(1), node(2), node(3)] {
            let chars = "→ node2: ◆ test123_BYZANTINE".chars().count();
            let spot = ring.label_spot(node(4), peer, chars, size, &taken);
            let rect = Rect::text(spot, chars, size);
            assert!(
                !taken.iter().any(|other| rect.overlaps(other)),
                "the label to {peer} overlaps"
            );
            taken.push(rect);
        }
        assert_eq!(taken.len(), nodes + 3);
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
