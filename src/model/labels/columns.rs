//! Labels in two columns beside a smaller ring, each joined to its node by
//! a leader line: where a large cluster's labels around its ring would be
//! set below readable type (thirty-two nodes in a thumbnail of a stage),
//! the frame's height still holds half the cluster's labels in rows.

use byzscope_core::NodeId;

use super::slots::clear_box;
use super::{
    name_width, text_width, widest, Clock, NameForm, Slot, StageLabels, ASCENT, DESCENT, EDGE,
    MARGIN, MIN_PX, PREFERRED_PX,
};
use crate::model::geometry::{Align, Point, Rect, Ring};

/// The smallest ring the columns leave, in base radii: where the
/// cluster's circles still keep apart (as [`StageLabels::fit`]'s smallest).
const SMALLEST_RING: f64 = 0.8;
/// How many radii are tried between the largest and the smallest.
const RADII: u16 = 8;
/// Type is tried in steps of this many CSS pixels.
const STEP_PX: f64 = 0.5;

impl StageLabels {
    /// `ring`'s labels at `scale` in two columns against the frame's sides,
    /// one line each, headed by the node's name (see [`NameForm::Label`]):
    /// the left half of the ring's nodes on the left, the right half on the
    /// right, each row as near its node's height as the rows allow. The
    /// type is the largest, up to [`PREFERRED_PX`], whose rows fit the
    /// frame's height; the ring the largest whose columns keep whole labels,
    /// else the smallest (down to [`SMALLEST_RING`] of its base radius) for
    /// the widest columns. The type is made smaller until a label keeps
    /// what [`enough`] asks, but not below `floor_px` CSS pixels if that
    /// would do; with `corner`, no row under the clock. None when not
    /// even [`MIN_PX`] type fits.
    pub(super) fn columns(
        ring: Ring,
        scale: f64,
        corner: Option<Rect>,
        floor_px: f64,
    ) -> Option<StageLabels> {
        let frame = ring.frame();
        let rows = f64::from(ring.n().div_ceil(2));
        // The largest type whose rows fit the height, in half pixels.
        let tallest = ((frame.height - 2.0 * EDGE + MARGIN) / rows - MARGIN) / (ASCENT + DESCENT);
        let mut px = ((tallest * scale / STEP_PX).floor() * STEP_PX).min(PREFERRED_PX);
        let wanted = enough(ring);
        // The best so far: type at the floor first, then the most of a
        // label, then (as tried first) the largest type.
        let mut best: Option<(bool, f64, StageLabels)> = None;
        while px >= MIN_PX {
            if let Some(layout) = Self::columns_at(ring, scale, px / scale, corner) {
                let (fill, floored) = (layout.fill(), px >= floor_px - 1e-9);
                if floored && fill >= wanted - 1e-9 {
                    return Some(layout);
                }
                let key = (floored, fill);
                if best
                    .as_ref()
                    .is_none_or(|(floor, most, _)| key > (*floor, *most))
                {
                    best = Some((key.0, key.1, layout));
                }
            }
            px -= STEP_PX;
        }
        best.map(|(_, _, layout)| layout)
    }

    /// [`StageLabels::columns`] at `font` stage units, if its boxes are
    /// clear and wide enough for a label's shortest form.
    fn columns_at(ring: Ring, scale: f64, font: f64, corner: Option<Rect>) -> Option<StageLabels> {
        let base = ring.base_radius();
        let (high, low) = (ring.largest_radius(), SMALLEST_RING * base);
        let whole = widest(1, font) + name_width(ring, NameForm::Label, font);
        let layouts = (0..=RADII).map(|step| {
            let radius = high - (high - low) * f64::from(step) / f64::from(RADII);
            Self::columns_with(
                ring.with_radius(radius.max(low)),
                scale,
                font,
                whole,
                corner,
            )
        });
        let mut narrowest = None;
        for layout in layouts {
            if !layout.is_clear() {
                continue;
            }
            if layout.fill() >= 1.0 {
                return Some(layout);
            }
            narrowest = Some(layout);
        }
        narrowest
    }

    /// The columns for `ring` as it is, its boxes `whole` wide at most.
    fn columns_with(
        ring: Ring,
        scale: f64,
        font: f64,
        whole: f64,
        corner: Option<Rect>,
    ) -> StageLabels {
        let frame = ring.frame();
        let centre = ring.centre();
        let r = ring.node_radius();
        // As around the ring with names in the labels: a little more than
        // a margin kept around each circle.
        let disc = r + 2.0 * MARGIN;
        let height = (ASCENT + DESCENT) * font;
        let nodes: Vec<NodeId> = NodeId::all(ring.n()).collect();
        let discs: Vec<(Point, f64)> = nodes.iter().map(|n| (ring.position(*n), disc)).collect();
        let reach = ring.radius() * ring.stretch() + disc + MARGIN;
        // The inner edges of the columns, and their boxes' widest.
        let (left_inner, right_inner) = (centre.x - reach, centre.x + reach);
        let mut slots = vec![
            Slot {
                rect: Rect {
                    left: 0.0,
                    top: 0.0,
                    right: 0.0,
                    bottom: 0.0,
                },
                align: Align::End,
            };
            nodes.len()
        ];
        for (side, members) in halves(ring) {
            let tops = stack(
                members
                    .iter()
                    .map(|node| discs[node.index()].0.y - height / 2.0)
                    .collect(),
                height + MARGIN,
                (EDGE, frame.height - EDGE - height),
            );
            for (node, top) in members.iter().zip(tops) {
                let (left, right, align) = match side {
                    Side::Left => (EDGE.max(left_inner - whole), left_inner, Align::End),
                    Side::Right => (
                        right_inner,
                        (frame.width - EDGE).min(right_inner + whole),
                        Align::Start,
                    ),
                };
                let mut slot = Slot {
                    rect: Rect {
                        left,
                        top,
                        right: right.max(left),
                        bottom: top + height,
                    },
                    align,
                };
                if let Some(corner) = &corner {
                    clear_box(&mut slot, corner);
                }
                slots[node.index()] = slot;
            }
        }
        StageLabels {
            font,
            name_font: font,
            name: NameForm::Label,
            lines: 1,
            scale,
            ring,
            slots,
            discs,
            corner,
            leaders: true,
            homes: Vec::new(),
            clock: Clock::Time,
        }
    }

    /// The line joining `node`'s circle to its label, where its label is
    /// in a column away from it: from the circle's rim towards the label
    /// to just short of the label's inner edge, halfway down its line.
    pub fn leader(&self, node: NodeId) -> Option<(Point, Point)> {
        if !self.leaders || self.lines == 0 {
            return None;
        }
        let slot = self.slot(node);
        let centre = self.ring.position(node);
        let end = Point {
            x: match slot.align {
                Align::End => slot.rect.right + MARGIN / 2.0,
                _ => slot.rect.left - MARGIN / 2.0,
            },
            // The middle of the line's lower-case letters.
            y: slot.rect.top + (ASCENT - 0.35) * self.font,
        };
        let length = centre.distance(end);
        let rim = self.ring.node_radius() + MARGIN / 2.0;
        if length <= rim {
            return None;
        }
        Some((centre.lerp(end, rim / length), end))
    }

    /// Whether the labels are in columns joined to their nodes by
    /// leaders (see [`StageLabels::leader`]).
    pub fn in_columns(&self) -> bool {
        self.leaders && self.lines > 0
    }
}

/// What a column's label keeps at least where it can, as a share of a
/// whole label (see [`StageLabels::fill`]): an honest node's name and its
/// decision with the value whole. (The Byzantine node's, after its mark,
/// may be shortened; its value keeps its shape, see `text::labels`.)
pub(super) fn enough(ring: Ring) -> f64 {
    let name = name_width(ring, NameForm::Label, 1.0);
    (name + text_width(SHORT_STATE, 1.0)) / (name + widest(1, 1.0))
}

/// A decision as short as it is written with its value whole.
const SHORT_STATE: &str = "✓ test123";

/// A side of the ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// The ring's nodes in two halves of (nearly) equal size, each from top
/// to bottom: the left half and the right. Node1 is at the top and the
/// nodes go clockwise, so the right half is the first of them (node1
/// included, and the bottom one of an even cluster not), the left the
/// rest, read backwards. (Taken in order rather than sorted by place: a
/// sort here would cost the page more code than the rest of the columns.)
fn halves(ring: Ring) -> [(Side, Vec<NodeId>); 2] {
    let mut right: Vec<NodeId> = NodeId::all(ring.n()).collect();
    let mut left = right.split_off(usize::from(ring.n() - ring.n() / 2));
    left.reverse();
    [(Side::Left, left), (Side::Right, right)]
}

/// Rows `pitch` apart, each as near its wanted top in `wanted` (sorted
/// from the top) as the rows before and after it allow, all between
/// `bounds`: rows that would overlap are moved as a block to the mean of
/// their wanted places, which leaves each as near its node as can be.
fn stack(wanted: Vec<f64>, pitch: f64, (first, last): (f64, f64)) -> Vec<f64> {
    // Blocks of consecutive rows: (index of the first, count, top).
    let mut blocks: Vec<(usize, usize, f64)> = Vec::new();
    let place = |from: usize, count: usize| {
        let mean = (from..from + count)
            .map(|i| wanted[i] - (i - from) as f64 * pitch)
            .sum::<f64>()
            / count as f64;
        let highest = last - (count - 1) as f64 * pitch;
        mean.min(highest).max(first)
    };
    for i in 0..wanted.len() {
        blocks.push((i, 1, place(i, 1)));
        while blocks.len() > 1 {
            let (from, count, top) = blocks[blocks.len() - 1];
            let (before, before_count, before_top) = blocks[blocks.len() - 2];
            if before_top + before_count as f64 * pitch <= top + 1e-9 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            let merged = before_count + count;
            debug_assert_eq!(before + before_count, from);
            blocks.push((before, merged, place(before, merged)));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(_, count, top)| (0..count).map(move |i| top + i as f64 * pitch))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_places_where_they_are_apart_and_part_evenly_where_not() {
        assert_eq!(
            stack(vec![0.0, 50.0, 100.0], 10.0, (0.0, 200.0)),
            [0.0, 50.0, 100.0]
        );
        // Three wanting the same place share it, the middle one on it.
        assert_eq!(
            stack(vec![50.0, 50.0, 50.0], 10.0, (0.0, 200.0)),
            [40.0, 50.0, 60.0]
        );
        // Against the bounds they are pushed in.
        assert_eq!(stack(vec![-5.0, 0.0], 10.0, (0.0, 200.0)), [0.0, 10.0]);
        assert_eq!(
            stack(vec![199.0, 200.0], 10.0, (0.0, 200.0)),
            [190.0, 200.0]
        );
        // A block pushed down meets the one below and both move.
        let tops = stack(vec![0.0, 0.0, 12.0, 12.0], 10.0, (0.0, 200.0));
        for pair in tops.windows(2) {
            assert!(pair[1] - pair[0] >= 10.0 - 1e-9, "{tops:?}");
        }
    }

    #[test]
    fn every_node_is_in_one_half_from_top_to_bottom_and_the_halves_differ_by_one_at_most() {
        for n in 3..=64 {
            let ring = Ring::new(n);
            let [(_, left), (_, right)] = halves(ring);
            assert!(left.len().abs_diff(right.len()) <= 1, "n = {n}");
            let mut all: Vec<NodeId> = left.iter().chain(&right).copied().collect();
            all.sort();
            assert_eq!(all, NodeId::all(n).collect::<Vec<_>>(), "n = {n}");
            for half in [&left, &right] {
                let heights: Vec<f64> = half.iter().map(|node| ring.position(*node).y).collect();
                assert!(heights.windows(2).all(|pair| pair[0] <= pair[1]), "n = {n}");
            }
            let centre = ring.centre().x;
            assert!(left
                .iter()
                .all(|node| ring.position(*node).x <= centre + 1e-6));
            assert!(right
                .iter()
                .all(|node| ring.position(*node).x >= centre - 1e-6));
        }
    }
}
