//! Where the stage's words go, so that none of them collide: each node's
//! name in its circle, a box outside the circle for its role and state, and
//! the room left for the fan-out labels of a Byzantine split.
//!
//! The layout is computed from the ring and the stage's rendered scale (CSS
//! pixels per stage unit), so a small screen gets larger type in stage units
//! and fewer words, never type too small to read when a shorter form would
//! fit. Each box is reserved before any text is known; the text then picks
//! the longest form that fits its box (see [`text_width`]), so what a node
//! says can change every frame without ever moving into a neighbour.

use byzscope_core::NodeId;

use super::geometry::{Align, Point, Rect, Ring, WIDTH};

mod width;

pub use width::text_width;

/// The smallest type the stage sets, in CSS pixels: below this a label is
/// left shorter, not smaller.
pub const MIN_PX: f64 = 7.0;
/// Type at least this large when the ring has room for it, in CSS pixels.
const PREFERRED_PX: f64 = 16.0;
/// Distance between baselines, in em.
const LINE: f64 = 1.2;
/// How far a line's box reaches above and below its baseline, in em (a
/// little more than the font's, so the browser's boxes fit inside).
const ASCENT: f64 = 0.96;
const DESCENT: f64 = 0.3;
/// Stage units kept clear between any two boxes.
const MARGIN: f64 = 6.0;
/// The narrowest state box worth drawing (`r1 ✓ ●` and a little), in em.
const MIN_WIDTH_EM: f64 = 4.5;
/// The widest a state box is made, in em.
const MAX_WIDTH_EM: f64 = 17.0;
/// Kept clear of the stage's edges, in stage units.
const EDGE: f64 = 4.0;

/// How a node's name is written in its circle when space is short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameForm {
    /// `node12`.
    Full,
    /// `n12`.
    Short,
    /// `12`.
    Number,
}

impl NameForm {
    /// `node` written in this form.
    pub fn write(self, node: NodeId) -> String {
        self.number(node.index() + 1)
    }

    fn number(self, number: usize) -> String {
        match self {
            NameForm::Full => format!("node{number}"),
            NameForm::Short => format!("n{number}"),
            NameForm::Number => number.to_string(),
        }
    }
}
/// The box reserved for one node's role and state lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    /// The box, in stage coordinates.
    pub rect: Rect,
    /// How its lines line up: from the left edge, the middle or the right.
    pub align: Align,
}

impl Slot {
    /// Where the lines' anchor is, horizontally, in stage coordinates.
    pub fn x(&self) -> f64 {
        match self.align {
            Align::Start => self.rect.left,
            Align::Middle => (self.rect.left + self.rect.right) / 2.0,
            Align::End => self.rect.right,
        }
    }

    /// The baseline of line `line` (from 0) at font size `font`.
    pub fn baseline(&self, line: usize, font: f64) -> f64 {
        self.rect.top + ASCENT * font + line as f64 * LINE * font
    }

    /// The box's width.
    pub fn width(&self) -> f64 {
        self.rect.right - self.rect.left
    }
}

/// Every label of the stage placed for one cluster size and scale.
#[derive(Clone, Debug, PartialEq)]
pub struct StageLabels {
    /// The labels' font size, in stage units.
    pub font: f64,
    /// The names' font size, in stage units.
    pub name_font: f64,
    /// How the names are written.
    pub name: NameForm,
    /// Lines per node: 2 (role, then state), 1 (state, marked when
    /// Byzantine) or, when a frame is far too small for the cluster, none.
    pub lines: usize,
    /// CSS pixels per stage unit the layout was made for.
    pub scale: f64,
    slots: Vec<Slot>,
    discs: Vec<(Point, f64)>,
}

/// The detection badge on a node's rim: its centre relative to the node's
/// and its radius, so it stays inside the room kept around the circle.
pub fn badge(ring: Ring, font: f64) -> (Point, f64) {
    let r = ring.node_radius();
    // Its count as large as the labels where the circle allows.
    let radius = (0.62 * font).min(0.55 * r);
    let offset = r * std::f64::consts::FRAC_1_SQRT_2;
    (
        Point {
            x: offset,
            y: -offset,
        },
        radius,
    )
}

impl StageLabels {
    /// The layout of `ring`'s labels at `scale` CSS pixels per stage unit
    /// (a scale that is not a positive number is read as 1).
    pub fn new(ring: Ring, scale: f64) -> StageLabels {
        let scale = if scale.is_finite() && scale > 0.0 {
            // Steps of 1 %: a window dragged wider does not lay out anew
            // at every pixel.
            ((scale * 100.0).round() / 100.0).clamp(0.01, 8.0)
        } else {
            1.0
        };
        let mut px = (ring.label_size() * scale).max(PREFERRED_PX);
        loop {
            let font = px / scale;
            for lines in [2, 1] {
                for stagger in [false, true] {
                    let layout = Self::place(ring, scale, font, lines, stagger);
                    if layout.is_clear() {
                        return layout;
                    }
                }
            }
            if px <= MIN_PX {
                break;
            }
            px = if px > PREFERRED_PX {
                (px * 0.9).max(PREFERRED_PX)
            } else {
                (px - 1.0).max(MIN_PX)
            };
        }
        // Not even the smallest type fits (a large cluster in a tiny
        // frame): the names alone, and the states in the inspector.
        let mut bare = Self::place(ring, scale, MIN_PX / scale, 1, true);
        bare.lines = 0;
        bare
    }

    /// Node `node`'s slot.
    pub fn slot(&self, node: NodeId) -> Slot {
        self.slots[node.index().min(self.slots.len() - 1)]
    }

    /// What the nodes occupy: each circle (with its badge) as a square and
    /// each label box; a fan-out label must miss all of them.
    pub fn occupied(&self) -> Vec<Rect> {
        let slots = if self.lines == 0 {
            &[][..]
        } else {
            &self.slots[..]
        };
        self.discs
            .iter()
            .map(|(c, d)| Rect {
                left: c.x - d,
                top: c.y - d,
                right: c.x + d,
                bottom: c.y + d,
            })
            .chain(slots.iter().map(|slot| slot.rect))
            .collect()
    }

    /// Whether every box is inside the stage, wide enough, clear of every
    /// circle and of every other box.
    pub fn is_clear(&self) -> bool {
        if self.lines == 0 {
            return true;
        }
        let min = MIN_WIDTH_EM * self.font;
        self.slots.iter().enumerate().all(|(i, slot)| {
            slot.rect.on_stage()
                && slot.width() >= min - 1e-9
                && self
                    .discs
                    .iter()
                    .all(|(c, d)| distance_to(&slot.rect, *c) >= *d - 1e-6)
                && self.slots[i + 1..]
                    .iter()
                    .all(|other| gap(&slot.rect, &other.rect) >= MARGIN - 1e-6)
        })
    }

    /// The boxes at `font` with `lines` lines; with `stagger`, every other
    /// box above and below the ring goes a row further out, so that boxes
    /// side by side there may be twice as wide.
    fn place(ring: Ring, scale: f64, font: f64, lines: usize, stagger: bool) -> StageLabels {
        let r = ring.node_radius();
        let (_, badge_radius) = badge(ring, font);
        let disc = r + badge_radius + MARGIN;
        let height = (ASCENT + DESCENT + lines.saturating_sub(1) as f64 * LINE) * font;
        let nodes: Vec<NodeId> = NodeId::all(ring.n()).collect();
        let discs: Vec<(Point, f64)> = nodes.iter().map(|n| (ring.position(*n), disc)).collect();
        let mut slots: Vec<Slot> = nodes
            .iter()
            .map(|node| first_slot(ring, *node, disc, height, font))
            .collect();
        if stagger {
            stagger_rows(ring, &mut slots);
        }
        // Boxes only ever narrow, so this settles; each pass splits every
        // overlap between the two boxes that meet.
        for _ in 0..64 {
            let mut changed = false;
            for i in 0..slots.len() {
                for (j, (c, d)) in discs.iter().enumerate() {
                    if i != j {
                        changed |= clear_disc(&mut slots[i], *c, *d);
                    }
                }
                for j in i + 1..slots.len() {
                    let (head, tail) = slots.split_at_mut(j);
                    changed |= clear_pair(&mut head[i], &mut tail[0]);
                }
            }
            if !changed {
                break;
            }
        }
        let (name, name_font) = name_form(ring, font);
        StageLabels {
            font,
            name_font,
            name,
            lines,
            scale,
            slots,
            discs,
        }
    }
}

/// How names are written, and at what size, to fit inside the circles:
/// the fullest form that is not much smaller than the labels.
fn name_form(ring: Ring, font: f64) -> (NameForm, f64) {
    let r = ring.node_radius();
    // The last node's name is the longest.
    let widest = usize::from(ring.n());
    // Clear of the badge's count (up to two digits at 1.2 × its radius):
    // below it, or left of it.
    let (at, b) = badge(ring, font);
    let below = (-at.y - 0.78 * b - 2.0) / 0.61;
    let fitted = |form: NameForm| {
        let width = text_width(&form.number(widest), 1.0);
        let left = 2.0 * (at.x - 0.88 * b - 2.0) / width;
        (1.05 * font)
            .min(1.6 * r / width)
            .min(0.9 * r)
            .min(below.max(left))
    };
    [NameForm::Full, NameForm::Short]
        .into_iter()
        .map(|form| (form, fitted(form)))
        .find(|(_, size)| *size >= 0.8 * font)
        .unwrap_or((NameForm::Number, fitted(NameForm::Number)))
}

/// The box for `node` before its neighbours are considered: outside its
/// circle, away from the ring's centre, as wide as labels ever need.
fn first_slot(ring: Ring, node: NodeId, disc: f64, height: f64, font: f64) -> Slot {
    let centre = ring.position(node);
    let angle = ring.angle(node);
    let (cos, sin) = (angle.cos(), angle.sin());
    let align = if cos > 0.3 {
        Align::Start
    } else if cos < -0.3 {
        Align::End
    } else {
        Align::Middle
    };
    let width = MAX_WIDTH_EM * font;
    let at = |reach: f64| {
        let anchor = Point {
            x: centre.x + cos * reach,
            y: centre.y + sin * reach,
        };
        let left = match align {
            Align::Start => anchor.x,
            Align::Middle => anchor.x - width / 2.0,
            Align::End => anchor.x - width,
        };
        let top = if sin < -0.3 {
            anchor.y - height
        } else if sin > 0.3 {
            anchor.y
        } else {
            anchor.y - height / 2.0
        };
        Rect {
            left,
            top,
            right: left + width,
            bottom: top + height,
        }
    };
    let mut reach = disc;
    let mut rect = at(reach);
    while distance_to(&rect, centre) < disc && reach < 4.0 * disc {
        reach += 1.0;
        rect = at(reach);
    }
    // Inside the stage: a box only narrows from its free side.
    match align {
        Align::Start => rect.right = rect.right.min(WIDTH - EDGE),
        Align::End => rect.left = rect.left.max(EDGE),
        Align::Middle => {
            let middle = (rect.left + rect.right) / 2.0;
            let half = (middle - EDGE).min(WIDTH - EDGE - middle).min(width / 2.0);
            rect.left = middle - half;
            rect.right = middle + half;
        }
    }
    Slot { rect, align }
}

/// Moves every other box above and below the ring a row further out, clear
/// of its neighbours' boxes, so that boxes there no longer sit side by side.
fn stagger_rows(ring: Ring, slots: &mut [Slot]) {
    let n = slots.len();
    let first = slots.to_vec();
    // With an odd count two neighbours share a row: let that be at the
    // right of the ring, where boxes sit beside their nodes and rows do not
    // matter.
    let turn = n - n / 4;
    for (i, slot) in slots
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| ((i + turn) % n) % 2 == 1)
    {
        let sin = NodeId::new(i as u16 + 1).map_or(0.0, |node| ring.angle(node).sin());
        let neighbours = [first[(i + n - 1) % n].rect, first[(i + 1) % n].rect];
        // Only where the boxes side by side meet: elsewhere each stays by
        // its node, where it is read as that node's.
        let crowded = neighbours
            .iter()
            .any(|other| gap(other, &slot.rect) < MARGIN);
        if sin.abs() <= 0.3 || !crowded {
            continue;
        }
        let shift = if sin < 0.0 {
            neighbours
                .iter()
                .map(|r| r.top - MARGIN - slot.rect.bottom)
                .fold(0.0, f64::min)
        } else {
            neighbours
                .iter()
                .map(|r| r.bottom + MARGIN - slot.rect.top)
                .fold(0.0, f64::max)
        };
        slot.rect.top += shift;
        slot.rect.bottom += shift;
    }
}

/// The shortest distance from `rect` to `point` (0 inside).
fn distance_to(rect: &Rect, point: Point) -> f64 {
    let dx = (rect.left - point.x).max(point.x - rect.right).max(0.0);
    let dy = (rect.top - point.y).max(point.y - rect.bottom).max(0.0);
    dx.hypot(dy)
}

/// The clearance between two boxes: negative when they overlap.
fn gap(a: &Rect, b: &Rect) -> f64 {
    let dx = (b.left - a.right).max(a.left - b.right);
    let dy = (b.top - a.bottom).max(a.top - b.bottom);
    dx.max(dy)
}

/// Whether `slot` can give up its side facing `x` (its right side when `x`
/// is right of its anchor).
fn free_towards(slot: &Slot, x: f64) -> bool {
    match slot.align {
        Align::Start => x > slot.rect.left,
        Align::End => x < slot.rect.right,
        Align::Middle => true,
    }
}

/// Narrows `slot` so that its side facing `x` ends at `x`.
fn narrow_to(slot: &mut Slot, x: f64) {
    let anchor = slot.x();
    match slot.align {
        Align::Start => slot.rect.right = slot.rect.right.min(x).max(slot.rect.left),
        Align::End => slot.rect.left = slot.rect.left.max(x).min(slot.rect.right),
        Align::Middle => {
            let half = (x - anchor).abs().min(slot.width() / 2.0);
            slot.rect.left = anchor - half;
            slot.rect.right = anchor + half;
        }
    }
}

/// Narrows `slot` clear of the disc at `centre` of radius `disc`; whether
/// it changed.
fn clear_disc(slot: &mut Slot, centre: Point, disc: f64) -> bool {
    let rect = slot.rect;
    if distance_to(&rect, centre) >= disc {
        return false;
    }
    let dy = (rect.top - centre.y).max(centre.y - rect.bottom).max(0.0);
    let reach = (disc * disc - dy * dy).max(0.0).sqrt();
    let right_of_anchor = centre.x >= slot.x();
    if !free_towards(slot, centre.x) {
        return false;
    }
    let edge = if right_of_anchor {
        centre.x - reach
    } else {
        centre.x + reach
    };
    narrow_to(slot, edge);
    slot.rect != rect
}

/// Narrows two overlapping boxes apart at the middle of their overlap (or
/// one of them all the way, if only one can give way); whether either
/// changed.
fn clear_pair(a: &mut Slot, b: &mut Slot) -> bool {
    if gap(&a.rect, &b.rect) >= MARGIN {
        return false;
    }
    let vertical = (b.rect.top - a.rect.bottom).max(a.rect.top - b.rect.bottom);
    if vertical >= MARGIN {
        return false;
    }
    let before = (a.rect, b.rect);
    separate(a, b);
    (a.rect, b.rect) != before
}

fn separate(a: &mut Slot, b: &mut Slot) {
    let (left, right) = if a.x() <= b.x() { (a, b) } else { (b, a) };
    let left_free = free_towards(left, right.x());
    let right_free = free_towards(right, left.x());
    let (near, far) = (right.rect.left, left.rect.right);
    match (left_free, right_free) {
        (true, true) => {
            // Two centred boxes share the room between their anchors evenly;
            // otherwise the overlap is split.
            let middle = if left.align == Align::Middle && right.align == Align::Middle {
                (left.x() + right.x()) / 2.0
            } else {
                (near + far) / 2.0
            };
            narrow_to(left, middle - MARGIN / 2.0);
            narrow_to(right, middle + MARGIN / 2.0);
        }
        (true, false) => narrow_to(left, near - MARGIN),
        (false, true) => narrow_to(right, far + MARGIN),
        (false, false) => {}
    }
}

#[cfg(test)]
mod tests;
