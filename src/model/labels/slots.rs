//! A node's label box: placed outside its circle, then narrowed until it
//! clears every other circle and box.

use byzscope_core::NodeId;

use super::{Slot, EDGE, MARGIN};
use crate::model::geometry::{Align, Point, Rect, Ring};

/// The box for `node` before its neighbours are considered: outside its
/// circle, away from the ring's centre, as wide as labels ever need. A box
/// that would leave the frame above or below (a ring that fills its frame)
/// goes beside its node instead, level with it.
pub(super) fn first_slot(ring: Ring, node: NodeId, disc: f64, height: f64, width: f64) -> Slot {
    let (cos, sin) = ring.outward(node);
    let align = if cos > 0.3 {
        Align::Start
    } else if cos < -0.3 {
        Align::End
    } else {
        Align::Middle
    };
    let outward = slot_towards(ring, node, (cos, sin), align, disc, height, width);
    let frame = ring.frame();
    if outward.rect.top >= EDGE && outward.rect.bottom <= frame.height - EDGE {
        return outward;
    }
    let (side, align) = if cos >= 0.0 {
        (1.0, Align::Start)
    } else {
        (-1.0, Align::End)
    };
    slot_towards(ring, node, (side, 0.0), align, disc, height, width)
}

/// The box for `node` in the direction `(cos, sin)` from its centre, lined
/// up by `align`, at the first distance where it clears the node's disc,
/// `width` wide at most.
fn slot_towards(
    ring: Ring,
    node: NodeId,
    (cos, sin): (f64, f64),
    align: Align,
    disc: f64,
    height: f64,
    width: f64,
) -> Slot {
    let centre = ring.position(node);
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
    let right = ring.frame().width - EDGE;
    match align {
        Align::Start => rect.right = rect.right.min(right),
        Align::End => rect.left = rect.left.max(EDGE),
        Align::Middle => {
            let middle = (rect.left + rect.right) / 2.0;
            let half = (middle - EDGE).min(right - middle).min(width / 2.0);
            rect.left = middle - half;
            rect.right = middle + half;
        }
    }
    Slot { rect, align }
}

/// Moves every other box above and below the ring a row further out, clear
/// of its neighbours' boxes, so that boxes there no longer sit side by side.
pub(super) fn stagger_rows(ring: Ring, slots: &mut [Slot]) {
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
        let sin = NodeId::new(i as u16 + 1).map_or(0.0, |node| ring.outward(node).1);
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

/// Moves each box that [`stagger_rows`] sent a row further out back
/// towards the top it had before (`homes`), and if need be sideways away
/// from the ring, to the place nearest its node that is clear of every
/// circle, every other box and `corner`: its neighbours have narrowed
/// since, and a box by its node is read as that node's.
pub(super) fn pull_in(
    ring: Ring,
    slots: &mut [Slot],
    homes: &[f64],
    discs: &[(Point, f64)],
    corner: Option<Rect>,
) {
    for i in 0..slots.len() {
        let now = slots[i].rect;
        let moved = homes[i] - now.top;
        let Some(node) = NodeId::new(i as u16 + 1) else {
            continue;
        };
        if moved.abs() < 1e-9 {
            continue;
        }
        let centre = ring.position(node);
        let clear = |rect: &Rect| {
            ring.frame().holds(rect, 0.0)
                && discs
                    .iter()
                    .all(|(c, d)| distance_to(rect, *c) >= *d - 1e-6)
                && corner.is_none_or(|corner| gap(rect, &corner) >= MARGIN - 1e-6)
                && (0..slots.len())
                    .filter(|j| *j != i)
                    .all(|j| gap(rect, &slots[j].rect) >= MARGIN - 1e-6)
        };
        let outward = ring.outward(node).0;
        let mut best = (distance_to(&now, centre), now);
        // All the way home or half way; at each, as it is or moved just
        // clear of a box it meets, away from the ring's middle.
        for shift in [moved, moved / 2.0] {
            let level = Rect {
                top: now.top + shift,
                bottom: now.bottom + shift,
                ..now
            };
            let sideways = slots
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, other)| {
                    if outward >= 0.0 {
                        other.rect.right + MARGIN - level.left
                    } else {
                        other.rect.left - MARGIN - level.right
                    }
                });
            for dx in std::iter::once(0.0).chain(sideways) {
                if dx * outward < 0.0 {
                    continue;
                }
                let rect = Rect {
                    left: level.left + dx,
                    right: level.right + dx,
                    ..level
                };
                let distance = distance_to(&rect, centre);
                if distance < best.0 - 1e-6 && clear(&rect) {
                    best = (distance, rect);
                }
            }
        }
        slots[i].rect = best.1;
    }
}

/// The shortest distance from `rect` to `point` (0 inside).
pub(super) fn distance_to(rect: &Rect, point: Point) -> f64 {
    let dx = (rect.left - point.x).max(point.x - rect.right).max(0.0);
    let dy = (rect.top - point.y).max(point.y - rect.bottom).max(0.0);
    dx.hypot(dy)
}

/// The clearance between two boxes: negative when they overlap.
pub(super) fn gap(a: &Rect, b: &Rect) -> f64 {
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
pub(super) fn clear_disc(slot: &mut Slot, centre: Point, disc: f64) -> bool {
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

/// Narrows `slot` clear of `fixed`, a box that does not give way, from its
/// side facing it; whether it changed.
pub(super) fn clear_box(slot: &mut Slot, fixed: &Rect) -> bool {
    if gap(&slot.rect, fixed) >= MARGIN {
        return false;
    }
    let vertical = (fixed.top - slot.rect.bottom).max(slot.rect.top - fixed.bottom);
    let middle = (fixed.left + fixed.right) / 2.0;
    if vertical >= MARGIN || !free_towards(slot, middle) {
        return false;
    }
    let before = slot.rect;
    if middle >= slot.x() {
        narrow_to(slot, fixed.left - MARGIN);
    } else {
        narrow_to(slot, fixed.right + MARGIN);
    }
    slot.rect != before
}

/// Narrows two overlapping boxes apart at the middle of their overlap (or
/// one of them all the way, if only one can give way); whether either
/// changed.
pub(super) fn clear_pair(a: &mut Slot, b: &mut Slot) -> bool {
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
