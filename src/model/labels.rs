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

use super::geometry::{Align, Point, Rect, Ring};

mod clock;
mod columns;
mod room;
mod slots;
mod width;

use clock::clock_corner;
pub use clock::Clock;
use room::roomy_px;
use slots::{clear_box, clear_disc, clear_pair, distance_to, first_slot, gap, stagger_rows};
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
/// Type down to this size is made smaller sooner than a label is made
/// shorter; below it, shorter first.
const ROOMY_PX: f64 = 14.0;
/// The same on a thumbnail of a stage (see [`roomy_px`]).
const THUMBNAIL_ROOMY_PX: f64 = 12.0;
/// How many radii `StageLabels::fit` tries between the largest and the
/// base.
const RADII: u16 = 6;
/// A whole label, as the layout measures room for it: the default value
/// decided, and the longest role short of its strategy.
const WHOLE_STATE: &str = "r1 ✓ ● test123";
const WHOLE_ROLE: &str = "⚠ BYZANTINE ";
/// The Byzantine node's mark before its state on a one-line label.
const MARK: &str = "⚠ ";
/// The longest forms a label is written in (see [`widest`]).
const LONGEST_ROLE: &str = "⚠ BYZANTINE · equivocate";
const LONGEST_STATE: &str = "round 1 · ✓ ● test123";

/// How a node's name is written in its circle when space is short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameForm {
    /// `node12`.
    Full,
    /// `n12`.
    Short,
    /// `12`.
    Number,
    /// `n12`, at the head of the node's label, where a circle is too
    /// small for its name at a readable size: the circle shows the node's
    /// detection count instead (see [`StageLabels::count_font`]).
    Label,
}

impl NameForm {
    /// `node` written in this form.
    pub fn write(self, node: NodeId) -> String {
        self.number(node.index() + 1)
    }

    fn number(self, number: usize) -> String {
        match self {
            NameForm::Full => format!("node{number}"),
            NameForm::Short | NameForm::Label => format!("n{number}"),
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
    /// The ring the labels are placed around.
    pub ring: Ring,
    slots: Vec<Slot>,
    discs: Vec<(Point, f64)>,
    /// Kept for the clock: the stage's top right corner beside the panels
    /// (see [`clock_corner`]), or the place found over a stage that is the
    /// whole frame (see [`StageLabels::with_clock`]).
    corner: Option<Rect>,
    /// Whether the labels are in columns beside the ring, away from their
    /// nodes (see [`StageLabels::leader`]).
    leaders: bool,
    /// Where each box's top was before [`slots::stagger_rows`] sent it a
    /// row further out (empty where none was): [`StageLabels::fit`] brings
    /// them back by their nodes where there is room.
    homes: Vec<f64>,
    /// What the clock over a stage that is the whole frame shows, which
    /// the caption's corner makes room for too (see
    /// [`StageLabels::with_clock`]).
    clock: Clock,
}

/// `scale` in steps of 1 %, rounded down so that type is never drawn
/// smaller than chosen (a window dragged wider does not lay out anew at
/// every pixel); a scale that is not a positive number is read as 1.
fn stepped(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        ((scale * 100.0).floor() / 100.0).clamp(0.01, 8.0)
    } else {
        1.0
    }
}

/// The detection badge on a node's rim: its centre relative to the node's
/// and its radius, so it stays inside the room kept around the circle.
/// (With names in the labels, the count is written in the circle instead.)
pub fn badge(ring: Ring, font: f64) -> (Point, f64) {
    let r = ring.node_radius();
    // Its count (1.2 × its radius) no smaller than the labels where the
    // circle allows.
    let radius = (0.85 * font).min(0.6 * r);
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
        Self::with_room(ring, scale, None, false)
    }

    /// [`StageLabels::new`], type down to `roomy` CSS pixels (by default
    /// [`roomy_px`]) made smaller sooner than a label is made shorter;
    /// with `clock`, no label under the clock in the top right corner.
    fn with_room(ring: Ring, scale: f64, roomy: Option<f64>, clock: bool) -> StageLabels {
        let scale = stepped(scale);
        // The stage's own type size at the scale rounded up, so that it is
        // never drawn smaller than the stage's units would draw it.
        let roomy = roomy.unwrap_or_else(|| roomy_px(scale));
        let corner = clock.then(|| clock_corner(ring.frame(), scale)).flatten();
        let mut px = (ring.label_size() * (scale + 0.01))
            .max(PREFERRED_PX)
            .max(roomy);
        // The largest type that leaves every box room for a whole label;
        // failing that (below `roomy_px`), the largest that is clear, its
        // labels shortened.
        let mut clear = None;
        loop {
            let font = px / scale;
            for lines in [2, 1] {
                for stagger in [false, true] {
                    let layout = Self::place(ring, scale, font, lines, stagger, roomy, corner);
                    if layout.is_clear() {
                        if layout.fill() >= 1.0 {
                            return layout;
                        }
                        if clear.is_none() {
                            clear = Some(layout);
                        }
                    }
                }
            }
            if px <= MIN_PX {
                break;
            }
            if px <= roomy {
                if let Some(layout) = clear {
                    return layout;
                }
            }
            px = if px > PREFERRED_PX {
                (px * 0.9).max(PREFERRED_PX)
            } else {
                (px - 1.0).max(MIN_PX)
            };
        }
        if let Some(layout) = clear {
            return layout;
        }
        // Not even the smallest type fits (a large cluster in a tiny
        // frame): the names alone, and the states in the inspector.
        let mut bare = Self::place(ring, scale, MIN_PX / scale, 1, true, roomy, corner);
        bare.lines = 0;
        (bare.name, bare.name_font) = name_form(ring, bare.font, scale, 0, roomy);
        bare
    }

    /// How much of a whole label the narrowest box holds: 1 or more when
    /// every box has room for `⚠ BYZANTINE` over `r1 ✓ ● test123` (on one
    /// line, `⚠ r1 ✓ ● test123`), less when some label must be shortened.
    pub fn fill(&self) -> f64 {
        if self.lines == 0 {
            return 0.0;
        }
        let whole = self.whole();
        self.slots
            .iter()
            .map(|slot| slot.width() / whole)
            .fold(f64::INFINITY, f64::min)
    }

    /// How wide a whole label is (see [`StageLabels::fill`]).
    fn whole(&self) -> f64 {
        let state = if self.lines >= 2 {
            text_width(WHOLE_STATE, self.font).max(text_width(WHOLE_ROLE, self.font))
        } else {
            text_width(MARK, self.font) + text_width(WHOLE_STATE, self.font)
        };
        state + name_width(self.ring, self.name, self.font)
    }

    /// The name written at the head of `node`'s label, if names are
    /// written there (see [`NameForm::Label`]).
    pub fn name_in_label(&self, node: NodeId) -> Option<String> {
        (self.name == NameForm::Label).then(|| self.name.write(node))
    }

    /// The size of a detection count of `digits` digits written inside a
    /// circle whose name is in its label: the labels' size where the
    /// circle holds it at that size. One digit may be as tall as the
    /// circle comfortably holds (three quarters of its width, at the
    /// widest digit [`text_width`] reckons), so that a small circle's
    /// count still reads at the labels' size.
    pub fn count_font(&self, digits: usize) -> f64 {
        let r = self.ring.node_radius();
        self.font.min(if digits > 1 { 1.1 * r } else { 2.0 * r })
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
            .chain(self.corner)
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
            self.ring.frame().holds(&slot.rect, 0.0)
                && slot.width() >= min - 1e-9
                && self
                    .discs
                    .iter()
                    .all(|(c, d)| distance_to(&slot.rect, *c) >= *d - 1e-6)
                && self.slots[i + 1..]
                    .iter()
                    .all(|other| gap(&slot.rect, &other.rect) >= MARGIN - 1e-6)
                && self
                    .corner
                    .is_none_or(|corner| gap(&slot.rect, &corner) >= MARGIN - 1e-6)
        })
    }

    /// The boxes at `font` with `lines` lines; with `stagger`, every other
    /// box above and below the ring goes a row further out, so that boxes
    /// side by side there may be twice as wide.
    fn place(
        ring: Ring,
        scale: f64,
        font: f64,
        lines: usize,
        stagger: bool,
        roomy: f64,
        corner: Option<Rect>,
    ) -> StageLabels {
        let r = ring.node_radius();
        let (name, name_font) = name_form(ring, font, scale, lines, roomy);
        // A name in the label leaves the rim without a badge; the label
        // keeps a little more than a margin from the circle, the only thing
        // telling whose label it is.
        let disc = if name == NameForm::Label {
            r + 2.0 * MARGIN
        } else {
            r + badge(ring, font).1 + MARGIN
        };
        let height = (ASCENT + DESCENT + lines.saturating_sub(1) as f64 * LINE) * font;
        let nodes: Vec<NodeId> = NodeId::all(ring.n()).collect();
        let discs: Vec<(Point, f64)> = nodes.iter().map(|n| (ring.position(*n), disc)).collect();
        let width = widest(lines, font) + name_width(ring, name, font);
        let mut slots: Vec<Slot> = nodes
            .iter()
            .map(|node| first_slot(ring, *node, disc, height, width))
            .collect();
        let homes: Vec<f64> = slots.iter().map(|slot| slot.rect.top).collect();
        if stagger {
            stagger_rows(ring, &mut slots);
        }
        // Boxes only ever narrow, so this settles; each pass splits every
        // overlap between the two boxes that meet. A box can only ever
        // meet the circles and boxes it meets now, so only those are
        // tried (a large ring's boxes meet a few neighbours each).
        let near_discs: Vec<Vec<usize>> = slots
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                (0..discs.len())
                    .filter(|j| *j != i && distance_to(&slot.rect, discs[*j].0) < discs[*j].1)
                    .collect()
            })
            .collect();
        let near_slots: Vec<Vec<usize>> = (0..slots.len())
            .map(|i| {
                (i + 1..slots.len())
                    .filter(|j| gap(&slots[i].rect, &slots[*j].rect) < MARGIN)
                    .collect()
            })
            .collect();
        for _ in 0..64 {
            let mut changed = false;
            for i in 0..slots.len() {
                for j in &near_discs[i] {
                    let (c, d) = discs[*j];
                    changed |= clear_disc(&mut slots[i], c, d);
                }
                for j in &near_slots[i] {
                    let (head, tail) = slots.split_at_mut(*j);
                    changed |= clear_pair(&mut head[i], &mut tail[0]);
                }
                if let Some(corner) = &corner {
                    changed |= clear_box(&mut slots[i], corner);
                }
            }
            if !changed {
                break;
            }
        }
        StageLabels {
            font,
            name_font,
            name,
            lines,
            scale,
            ring,
            slots,
            discs,
            corner,
            leaders: false,
            homes: if stagger { homes } else { Vec::new() },
            clock: Clock::Time,
        }
    }
}

/// How wide the head of a label is that carries its node's name (the
/// last node's, the longest), a space after it; 0 for names in circles.
fn name_width(ring: Ring, name: NameForm, font: f64) -> f64 {
    if name == NameForm::Label {
        text_width(&name.number(usize::from(ring.n())), font) + text_width(" ", font)
    } else {
        0.0
    }
}

/// How names are written, and at what size: inside the circles, the
/// fullest form that is not smaller than the labels; at the head of the
/// labels, when a `lines`-line label has room and even the number would be
/// drawn smaller in its circle than whole labels' type may be.
fn name_form(ring: Ring, font: f64, scale: f64, lines: usize, roomy: f64) -> (NameForm, f64) {
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
    // `node1` only as large as the labels; `n1` a little smaller, but
    // not below the smallest type a whole label takes; else `1`.
    let short = (0.8 * font).max(roomy / scale).min(font);
    let full = fitted(NameForm::Full);
    if full >= font - 1e-9 {
        return (NameForm::Full, full);
    }
    let shorter = fitted(NameForm::Short);
    if shorter >= short - 1e-9 {
        return (NameForm::Short, shorter);
    }
    let number = fitted(NameForm::Number);
    if lines > 0 && number < (roomy / scale).min(font) - 1e-9 {
        return (NameForm::Label, font);
    }
    (NameForm::Number, number)
}

/// The widest a node's label is ever written on `lines` lines at `font`:
/// its longest role over its longest state on two (`⚠ BYZANTINE ·
/// equivocate` over `round 1 · ✓ ● test123`), `⚠ r1 ✓ ● test123` on one;
/// a longer value is shortened. A box is never reserved wider, so the
/// room beside the words stays free.
fn widest(lines: usize, font: f64) -> f64 {
    let width = if lines >= 2 {
        text_width(LONGEST_ROLE, font).max(text_width(LONGEST_STATE, font))
    } else {
        text_width(MARK, font) + text_width(WHOLE_STATE, font)
    };
    width.min(MAX_WIDTH_EM * font)
}

#[cfg(test)]
mod tests;
