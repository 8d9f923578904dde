//! Room on the stage beyond the labels' own: how large the ring may be
//! drawn in its frame without costing the labels their words, and where
//! words laid over the picture (the clock, the split's caption) cover none.

use super::slots::{distance_to, gap};
use super::{StageLabels, EDGE, MARGIN, RADII, ROOMY_PX, THUMBNAIL_ROOMY_PX};
use crate::model::geometry::{Rect, Ring};

impl StageLabels {
    /// The layout of `ring`'s labels at `scale` with the ring as large as
    /// its frame allows without costing the labels: the largest radius
    /// whose labels keep as many lines, as much of their words, and type
    /// nearly as large as at the base radius (at most 15 % smaller, and
    /// never below 14 px for that). On a small stage the circles are drawn
    /// larger too (see [`Ring::for_scale`]). With `caption`, words will be
    /// laid over the picture (see [`StageLabels::caption_spot`]): if there
    /// is no room for them, the ring is made up to 15 % smaller to make
    /// some.
    pub fn fit(ring: Ring, scale: f64, caption: bool) -> StageLabels {
        let ring = ring.for_scale(scale);
        let base = StageLabels::new(ring.with_radius(ring.base_radius()), scale);
        if base.lines == 0 {
            return base;
        }
        let px = base.font * base.scale;
        let floor = px.min((0.85 * px).max(roomy_px(scale))) - 1e-6;
        let fill = base.fill().min(1.0) - 1e-6;
        let lines = base.lines;
        let keeps = move |layout: &StageLabels| {
            layout.lines >= lines.min(1)
                && layout.font * layout.scale >= floor
                && layout.fill() >= fill
        };
        let (low, high) = (base.ring.radius(), ring.largest_radius());
        let chosen = (0..RADII)
            .map(|step| high - (high - low) * f64::from(step) / f64::from(RADII))
            .filter(|radius| *radius > low + 1.0)
            .map(|radius| StageLabels::new(ring.with_radius(radius), scale))
            .find(|layout| layout.lines >= lines && keeps(layout))
            .unwrap_or(base);
        if !caption || chosen.caption_spot().is_some() {
            return chosen;
        }
        // A little smaller only: a ring shrunk further draws its names too
        // small to be worth the caption's corner.
        let from = chosen.ring.radius();
        (1..=3)
            .map(|step| from * (1.0 - 0.05 * f64::from(step)))
            .map(|radius| StageLabels::new(ring.with_radius(radius), scale))
            .find(|layout| keeps(layout) && layout.caption_spot().is_some())
            .unwrap_or(chosen)
    }

    /// The tallest box beside the ring, in the band left or right of its
    /// circles, that no label box reaches: where a caption laid over the
    /// picture reads without covering a word of it. None when the best is
    /// under a fifth of the frame's height or a tenth of its width.
    pub fn free_side(&self) -> Option<Rect> {
        let frame = self.ring.frame();
        let (left, right) = self.discs.iter().fold(
            (f64::INFINITY, f64::NEG_INFINITY),
            |(left, right), (c, d)| (left.min(c.x - d), right.max(c.x + d)),
        );
        let bands = [(EDGE, left - MARGIN), (right + MARGIN, frame.width - EDGE)];
        let slots = if self.lines == 0 {
            &[][..]
        } else {
            &self.slots[..]
        };
        bands
            .into_iter()
            .filter(|(from, to)| to - from >= frame.width / 10.0)
            .flat_map(|(from, to)| {
                // The heights the band's labels take, in order; the gaps
                // between them are free.
                let mut taken: Vec<(f64, f64)> = slots
                    .iter()
                    .map(|slot| slot.rect)
                    .filter(|rect| rect.left < to && rect.right > from)
                    .map(|rect| (rect.top - MARGIN, rect.bottom + MARGIN))
                    .collect();
                taken.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut gaps = Vec::new();
                let mut top = EDGE;
                for (start, end) in taken {
                    if start > top {
                        gaps.push((top, start));
                    }
                    top = top.max(end);
                }
                gaps.push((top, frame.height - EDGE));
                gaps.into_iter().map(move |(top, bottom)| Rect {
                    left: from,
                    top,
                    right: to,
                    bottom,
                })
            })
            .filter(|rect| rect.bottom - rect.top >= frame.height / 5.0)
            .max_by(|a, b| (a.bottom - a.top).total_cmp(&(b.bottom - b.top)))
    }

    /// Where a caption laid over the picture covers no word and no circle:
    /// the tallest free box beside the ring (see [`StageLabels::free_side`]),
    /// else the largest free box in one of the frame's corners, outside
    /// the ring. None when neither has room.
    pub fn caption_spot(&self) -> Option<Rect> {
        self.free_side().or_else(|| self.free_corner())
    }

    /// The largest box in a corner of the frame, from an eighth to a
    /// quarter of its width, that reaches no label box, no circle and not into the ring
    /// (where messages travel); none under a sixth of the frame's height.
    fn free_corner(&self) -> Option<Rect> {
        let frame = self.ring.frame();
        let occupied = self.occupied();
        let centre = self.ring.centre();
        let inner = self.ring.radius() + self.ring.node_radius();
        // From a quarter of the width down to an eighth, in hundredths.
        let widths = (12..=25)
            .rev()
            .map(move |share| f64::from(share) / 100.0 * frame.width);
        [(false, false), (true, false), (false, true), (true, true)]
            .into_iter()
            .flat_map(|corner| widths.clone().map(move |width| (corner, width)))
            .filter_map(|((right, bottom), width)| {
                let (left, right) = if right {
                    (frame.width - EDGE - width, frame.width - EDGE)
                } else {
                    (EDGE, EDGE + width)
                };
                // Grown from the corner's edge until it meets something.
                let mut height = frame.height / 2.0;
                let at = |height: f64| {
                    let (top, bottom) = if bottom {
                        (frame.height - EDGE - height, frame.height - EDGE)
                    } else {
                        (EDGE, EDGE + height)
                    };
                    Rect {
                        left,
                        top,
                        right,
                        bottom,
                    }
                };
                while height >= frame.height / 6.0 {
                    let rect = at(height);
                    let clear = occupied.iter().all(|other| gap(&rect, other) >= MARGIN)
                        && distance_to(&rect, centre) >= inner + MARGIN;
                    if clear {
                        return Some(rect);
                    }
                    height -= frame.height / 40.0;
                }
                None
            })
            .max_by(|a, b| {
                let area = |r: &Rect| (r.right - r.left) * (r.bottom - r.top);
                area(a).total_cmp(&area(b))
            })
    }
}

/// The smallest type a whole label is set in before it is shortened
/// instead: 14 px, or 12 px on a stage drawn at under 0.35 CSS pixels a
/// unit (a thumbnail, a phone), where 14 px leaves no room for words.
pub(super) fn roomy_px(scale: f64) -> f64 {
    if scale < 0.35 {
        THUMBNAIL_ROOMY_PX
    } else {
        ROOMY_PX
    }
}
