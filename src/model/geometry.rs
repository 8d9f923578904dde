//! Where things are on the stage: nodes on a ring, node1 at the top and the
//! others clockwise, and points along the chords between them, in a frame
//! shaped like the box the stage is drawn in.

use byzscope_core::NodeId;

use super::numbers;

mod travel;

/// Width of the stage's default SVG coordinate space.
pub const WIDTH: f64 = 1400.0;
/// Height of the stage's default SVG coordinate space.
pub const HEIGHT: f64 = 1040.0;

/// The stage's coordinate space, in stage units: the default box made
/// wider or taller to the shape the stage is drawn in, so that the room a
/// letterbox would waste beside or above the ring is room for its labels
/// (and, where labels allow, for a larger ring).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Width, at least [`WIDTH`].
    pub width: f64,
    /// Height, at least [`HEIGHT`].
    pub height: f64,
}

impl Frame {
    /// The default box, [`WIDTH`] × [`HEIGHT`].
    pub const DEFAULT: Frame = Frame {
        width: WIDTH,
        height: HEIGHT,
    };

    /// The frame of a stage drawn `width` × `height` CSS pixels: as tall as
    /// the default box and wider, or as wide and taller. Shapes beyond 3 : 1
    /// either way are drawn as 3 : 1 (letterboxed); a size that is not
    /// positive gives the default.
    pub fn fitted(width: f64, height: f64) -> Frame {
        if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
            return Frame::DEFAULT;
        }
        // Steps of 1 %: a window dragged wider does not lay out anew at
        // every pixel.
        let aspect = (numbers::clamp(width / height, 1.0 / 3.0, 3.0) * 100.0).round() / 100.0;
        if aspect >= WIDTH / HEIGHT {
            Frame {
                width: HEIGHT * aspect,
                height: HEIGHT,
            }
        } else {
            Frame {
                width: WIDTH,
                height: WIDTH / aspect,
            }
        }
    }

    /// CSS pixels per stage unit when this frame is drawn `width` ×
    /// `height` CSS pixels, centred and whole (SVG's `xMidYMid meet`).
    pub fn scale(self, width: f64, height: f64) -> f64 {
        (width / self.width).min(height / self.height)
    }

    /// Where the frame's origin is drawn in a box `width` × `height` CSS
    /// pixels (the letterbox's offsets), and its scale.
    pub fn placed(self, width: f64, height: f64) -> (f64, f64, f64) {
        let scale = self.scale(width, height);
        (
            (width - self.width * scale) / 2.0,
            (height - self.height * scale) / 2.0,
            scale,
        )
    }

    /// Whether `rect` lies inside the frame, `edge` units clear of its
    /// sides.
    pub fn holds(self, rect: &Rect, edge: f64) -> bool {
        rect.left >= edge
            && rect.top >= edge
            && rect.right <= self.width - edge
            && rect.bottom <= self.height - edge
    }

    /// The frame's `viewBox` attribute.
    pub fn view_box(self) -> String {
        format!(
            "0 0 {} {}",
            numbers::num(self.width),
            numbers::num(self.height)
        )
    }
}

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

    /// The distance from this point to `to`.
    pub fn distance(self, to: Point) -> f64 {
        (to.x - self.x).hypot(to.y - self.y)
    }
}

/// The layout of a cluster of `n` nodes: a ring of a radius, centred in a
/// frame, a circle or, in a wide frame, stretched sideways into an ellipse
/// (its height the radius's, its width `stretch` times that).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ring {
    n: u16,
    frame: Frame,
    radius: f64,
    stretch: f64,
    largest_node: f64,
    /// The nodes' reach from the centre, in radii: `spans(n, stretch)`,
    /// kept since every position needs it.
    spans: Spans,
}

/// How far a ring's nodes reach from its centre, in radii: leftmost and
/// rightmost, topmost and lowest.
type Spans = ((f64, f64), (f64, f64));

/// The angle of the node at `index` of `n`, clockwise from the top.
fn angle_of(n: u16, index: u16) -> f64 {
    -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * f64::from(index) / f64::from(n)
}

/// How far `n` nodes reach from the centre of a ring `stretch` times as
/// wide as high, in radii (see [`Spans`]).
fn spans(n: u16, stretch: f64) -> Spans {
    (0..n).fold(
        (
            (f64::INFINITY, f64::NEG_INFINITY),
            (f64::INFINITY, f64::NEG_INFINITY),
        ),
        |((left, right), (top, bottom)), index| {
            let angle = angle_of(n, index);
            let (x, y) = (stretch * angle.cos(), angle.sin());
            ((left.min(x), right.max(x)), (top.min(y), bottom.max(y)))
        },
    )
}

/// The largest a node's circle is drawn on a screen with room, in stage
/// units.
const LARGEST_NODE: f64 = 62.0;

impl Ring {
    /// The ring of a cluster of `n` nodes in the default frame, at its
    /// base radius (see [`Ring::base_radius`]).
    pub fn new(n: u16) -> Ring {
        let n = n.max(1);
        Ring {
            n,
            frame: Frame::DEFAULT,
            radius: if n > 8 { 380.0 } else { 330.0 },
            stretch: 1.0,
            largest_node: LARGEST_NODE,
            spans: spans(n, 1.0),
        }
    }

    /// The same ring with its circles drawn larger on a stage drawn at
    /// `scale` CSS pixels per unit below 0.5, so that a small frame's
    /// names stay readable (as far as the neighbours allow).
    pub fn for_scale(self, scale: f64) -> Ring {
        let grow = if scale.is_finite() && scale > 0.0 {
            numbers::clamp(0.5 / scale, 1.0, 2.0)
        } else {
            1.0
        };
        Ring {
            largest_node: LARGEST_NODE * grow,
            ..self
        }
    }

    /// The same ring centred in `frame`.
    pub fn in_frame(self, frame: Frame) -> Ring {
        Ring { frame, ..self }
    }

    /// The same ring at `radius`, kept between 60 % of its base radius and
    /// the largest its frame holds.
    pub fn with_radius(self, radius: f64) -> Ring {
        let base = Ring::new(self.n).radius;
        Ring {
            radius: numbers::clamp(radius, 0.6 * base, self.largest_radius().max(base)),
            ..self
        }
    }

    /// The same ring stretched sideways `stretch` times its radius (1 to
    /// 2), a wide frame's room beside the ring taken by the ring. Where
    /// neighbours are closest, at its left and right, they are as far
    /// apart as on the circle, so the circles keep their size.
    pub fn with_stretch(self, stretch: f64) -> Ring {
        let stretch = numbers::clamp(stretch, 1.0, 2.0);
        Ring {
            stretch,
            spans: spans(self.n, stretch),
            ..self
        }
    }

    /// How many times its height the ring is wide (1 for a circle).
    pub fn stretch(self) -> f64 {
        self.stretch
    }

    /// The ring's base radius, which leaves room outside the ring for the
    /// labels in the default frame.
    pub fn base_radius(self) -> f64 {
        Ring::new(self.n).radius
    }

    /// How many nodes the ring has.
    pub fn n(self) -> u16 {
        self.n
    }

    /// The frame the ring is centred in.
    pub fn frame(self) -> Frame {
        self.frame
    }

    /// The centre of the ring: the circles' bounding box centred in the
    /// frame (a triangle's centre sits below the frame's, so that its
    /// base is as far from the bottom as its apex from the top).
    pub fn centre(self) -> Point {
        let ((left, right), (top, bottom)) = self.spans;
        Point {
            x: self.frame.width / 2.0 - self.radius * (left + right) / 2.0,
            y: self.frame.height / 2.0 - self.radius * (top + bottom) / 2.0,
        }
    }

    /// The ring's radius. The base radius leaves room outside the ring for
    /// each node's labels, which sit above or below small clusters' nodes
    /// and beside large ones'; a frame with room to spare takes a larger
    /// ring (see `StageLabels::fit`).
    pub fn radius(self) -> f64 {
        self.radius
    }

    /// The radius at which the circles, their detection badges included,
    /// reach the frame's nearer sides.
    pub fn largest_radius(self) -> f64 {
        let ((left, right), (top, bottom)) = self.spans;
        // A badge reaches 1.31 node radii out from its node's centre (see
        // `labels::badge`); the node radius grows with the ring's, so this
        // settles in a few steps.
        let mut radius = self.frame.height;
        for _ in 0..8 {
            let reach = 2.0 * (1.31 * Ring { radius, ..self }.node_radius() + 4.0);
            radius = ((self.frame.width - reach) / (right - left))
                .min((self.frame.height - reach) / (bottom - top));
        }
        radius
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
        numbers::clamp(spacing * 0.3, 26.0, self.largest_node)
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
        self.angle_of(node.index() as u16)
    }

    fn angle_of(self, index: u16) -> f64 {
        angle_of(self.n, index)
    }

    /// The centre of `node`'s circle.
    pub fn position(self, node: NodeId) -> Point {
        let angle = self.angle(node);
        let centre = self.centre();
        Point {
            x: centre.x + self.stretch * self.radius() * angle.cos(),
            y: centre.y + self.radius() * angle.sin(),
        }
    }

    /// The direction from the ring's centre to `node`'s, as a unit vector
    /// `(x, y)`: where its label goes.
    pub fn outward(self, node: NodeId) -> (f64, f64) {
        let angle = self.angle(node);
        let (x, y) = (self.stretch * angle.cos(), angle.sin());
        let length = x.hypot(y).max(1e-9);
        (x / length, y / length)
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
                self.frame.holds(&rect, 0.0) && !taken.iter().any(|other| rect.overlaps(other))
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
mod tests;
