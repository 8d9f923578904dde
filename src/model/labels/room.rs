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
    /// nearly as large as at the base radius (at most 15 % smaller, never
    /// below 14 px, nor, without `caption`, below 18 px if they had that);
    /// or, where whole labels want more room than the base radius leaves,
    /// a ring up to a fifth smaller. On a small stage the circles are drawn
    /// larger too (see [`Ring::for_scale`]). With `caption`, words will be
    /// laid over the picture (see [`StageLabels::caption_spot`]): if there
    /// is no room for them, the ring is made up to 15 % smaller to make
    /// some.
    pub fn fit(ring: Ring, scale: f64, caption: bool) -> StageLabels {
        let ring = ring.for_scale(scale);
        // The base: the ring at its base radius, or up to a fifth smaller
        // where that buys the labels larger type (a screen whose side
        // labels would otherwise shrink to stay whole).
        let base = [1.0, 0.95, 0.9, 0.85, 0.8]
            .map(|share| StageLabels::new(ring.with_radius(share * ring.base_radius()), scale))
            .into_iter()
            .reduce(|best, layout| {
                let gain = layout.font * layout.scale - best.font * best.scale;
                let whole = layout.fill() >= best.fill().min(1.0) - 1e-6;
                if gain >= 1.0 && whole && layout.lines >= best.lines {
                    layout
                } else {
                    best
                }
            })
            .unwrap_or_else(|| StageLabels::new(ring, scale));
        if base.lines == 0 {
            return base;
        }
        let px = base.font * base.scale;
        // Beside the panels, type that reads on a projector stays at
        // least that large; a stage that is the whole frame (words laid
        // over it) gives the ring the room first. (The layout's scale is
        // rounded down by up to 1 %, so type laid out at 17.7 px is drawn
        // at 18.)
        let floor = if !caption && px >= 0.98 * PROJECTOR_PX {
            (0.85 * px).max(px.min(PROJECTOR_PX))
        } else {
            px.min((0.85 * px).max(roomy_px(scale)))
        } - 1e-6;
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

    /// Where words laid over the picture cover no label, no circle and
    /// nothing inside the ring (where messages travel): a box against the
    /// frame's left or right edge, starting at the top or under a label,
    /// at least a sixth of the frame's height, and as wide as can be (a
    /// quarter of the frame's width to an eighth; a caption reads better
    /// wide), then as tall. None when there is no such box.
    pub fn caption_spot(&self) -> Option<Rect> {
        let frame = self.ring.frame();
        let occupied = self.occupied();
        let centre = self.ring.centre();
        let inner = self.ring.radius() + self.ring.node_radius() + MARGIN;
        let (shortest, floor) = (frame.height / 6.0, frame.height - EDGE);
        let tops: Vec<f64> = std::iter::once(EDGE)
            .chain(occupied.iter().map(|rect| rect.bottom + MARGIN))
            .filter(|top| *top + shortest <= floor)
            .collect();
        let height = |r: &Rect| r.bottom - r.top;
        for share in [25, 22, 19, 16, 13] {
            let mut best: Option<Rect> = None;
            let width = f64::from(share) / 100.0 * frame.width;
            for (left, right) in [
                (EDGE, EDGE + width),
                (frame.width - EDGE - width, frame.width - EDGE),
            ] {
                for &top in &tops {
                    let at = |bottom: f64| Rect {
                        left,
                        top,
                        right,
                        bottom,
                    };
                    // Down to the first box below in its columns...
                    let mut bottom = occupied
                        .iter()
                        .filter(|o| o.left - MARGIN < right && o.right + MARGIN > left)
                        .filter(|o| o.bottom + MARGIN > top)
                        .map(|o| o.top - MARGIN)
                        .fold(floor, f64::min);
                    let clear = |rect: &Rect| {
                        occupied.iter().all(|o| gap(rect, o) >= MARGIN)
                            && distance_to(rect, centre) >= inner
                    };
                    if bottom - top < shortest || !clear(&at(top + shortest)) {
                        continue;
                    }
                    // ...and no further into the ring than its rim allows.
                    let mut reach = top + shortest;
                    for _ in 0..12 {
                        let middle = (reach + bottom) / 2.0;
                        if clear(&at(middle)) {
                            reach = middle;
                        } else {
                            bottom = middle;
                        }
                    }
                    let rect = at(reach);
                    if best.as_ref().is_none_or(|b| height(&rect) > height(b)) {
                        best = Some(rect);
                    }
                }
            }
            if best.is_some() {
                return best;
            }
        }
        None
    }
}

/// Labels this large read from the back of a room on a 720p projector: a
/// larger ring never costs labels that size their size.
const PROJECTOR_PX: f64 = 18.0;

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
