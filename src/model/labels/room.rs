//! Room on the stage beyond the labels' own: how large the ring may be
//! drawn in its frame without costing the labels their words, and where
//! words laid over the picture (the clock, the split's caption) cover none.

use super::clock::{clock_corner, HINT_PX};
use super::columns;
use super::slots::{gap, pull_in};
use super::{stepped, NameForm, StageLabels, EDGE, MARGIN, RADII, ROOMY_PX, THUMBNAIL_ROOMY_PX};
use crate::model::geometry::{Frame, Rect, Ring};

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
    ///
    /// Where the circles are too small for their names, the names head the
    /// labels (see [`NameForm::Label`]), and the circles are not drawn
    /// larger if their labels gain by that.
    ///
    /// A large cluster in a wide frame with words over the picture may
    /// take an ellipse instead (see [`Ring::with_stretch`]): the one that
    /// leaves the caption a corner and covers half the frame, else the one
    /// that covers the most, its labels as large and at least half whole.
    ///
    /// Where even so the labels would be set below that readable floor
    /// (thirty-two nodes in a thumbnail), they go in columns beside a
    /// smaller ring instead (see [`StageLabels::columns`]), if there they
    /// are larger and keep as much of their words (or the name and the
    /// value whole, see [`columns::enough`]).
    pub fn fit(ring: Ring, scale: f64, caption: bool) -> StageLabels {
        Self::fit_placed(ring, scale, caption).pulled_in(caption)
    }

    /// Boxes sent a row further out brought back by their nodes where
    /// there is room, after the ring and the type are chosen (so neither
    /// changes), unless that takes the caption's corner.
    fn pulled_in(self, caption: bool) -> StageLabels {
        if self.homes.len() != self.slots.len() {
            return self;
        }
        let mut pulled = self.clone();
        pull_in(
            self.ring,
            &mut pulled.slots,
            &self.homes,
            &self.discs,
            self.corner,
        );
        if caption && self.caption_spot().is_some() && pulled.caption_spot().is_none() {
            return self;
        }
        pulled
    }

    /// [`StageLabels::fit`] with the boxes where they were placed.
    pub(super) fn fit_placed(ring: Ring, scale: f64, caption: bool) -> StageLabels {
        let round = Self::fit_ring(ring, scale, caption);
        let scale = stepped(scale);
        let frame = ring.frame();
        let floor = if caption {
            whole_frame_px(frame, scale)
        } else {
            roomy_px(scale)
        };
        let px = round.font * round.scale;
        if round.lines > 0 && px >= floor - 1e-6 {
            return round;
        }
        let corner = (!caption).then(|| clock_corner(frame, scale)).flatten();
        let fill = if round.lines > 0 {
            round.fill().min(columns::enough(ring))
        } else {
            0.0
        } - 1e-6;
        match Self::columns(
            ring.with_stretch(1.0).for_scale(scale),
            scale,
            corner,
            floor,
        ) {
            Some(columns)
                if columns.font * columns.scale >= px + STEP_GAIN_PX && columns.fill() >= fill =>
            {
                columns
            }
            _ => round,
        }
    }

    /// [`StageLabels::fit`] around the ring, labels by their nodes.
    pub(super) fn fit_ring(ring: Ring, scale: f64, caption: bool) -> StageLabels {
        let grown = Self::fit_circle(ring.with_stretch(1.0).for_scale(scale), scale, caption);
        // Circles drawn larger for their names give that room back where
        // the names are in the labels anyway, if the labels gain by it.
        let round = if grown.name == NameForm::Label && ring.for_scale(scale) != ring {
            match Self::fit_circle(ring.with_stretch(1.0), scale, caption) {
                plain if plain.font * plain.scale > grown.font * grown.scale + 0.5 => plain,
                _ => grown,
            }
        } else {
            grown
        };
        let ring = round.ring;
        let frame = ring.frame();
        // Only a stage that is the whole frame: beside the panels the
        // clock sits in the stage's top right corner, where a wide ring's
        // labels would reach.
        // A small cluster's ring only where it would fall short of its
        // share of the frame: a circle reads better than an ellipse.
        let short = round.ring_area() / (frame.width * frame.height) < RING_SHARE;
        if !caption
            || !(ring.compact() || short)
            || frame.width < 1.2 * frame.height
            || round.lines == 0
        {
            return round;
        }
        // Type as large as the circle's, or at least what reads across the
        // room the frame is shown in.
        let px = (round.font * round.scale).min(whole_frame_px(frame, scale)) - 1e-6;
        // Words over the picture give the ring the room first: labels
        // may lose a little more of their words (not their size) for it.
        let fill = if caption {
            round.fill().min(FILL_FOR_RING)
        } else {
            round.fill().min(1.0)
        } - 1e-6;
        // A ring short of its share may cost the narrowest label a little
        // more for it: a value shortened in one label is read again in
        // the inspector; a ring too small for its frame is not.
        // Only where the type already reads across the room: below that
        // the labels go in columns (see [`StageLabels::fit`]), which keep
        // as much of their words as the ring's labels do.
        let readable = round.font * round.scale >= whole_frame_px(frame, scale) - 1e-6;
        let fill_for_share = if readable {
            round.fill().min(FILL_FOR_SHARE)
        } else {
            fill + 1e-6
        } - 1e-6;
        let lines = round.lines;
        // Best: a corner for the caption and half the frame for the ring;
        // then half the frame; then the corner; then the wholer labels
        // (in tenths, so a sliver of a word does not cost the ring); then
        // the larger ring.
        let rank = |layout: &StageLabels| {
            let share = layout.ring_area() / (frame.width * frame.height);
            let spot = caption && layout.caption_spot().is_some();
            let good = share >= RING_SHARE;
            let whole = (10.0 * layout.fill().min(1.0)).floor() as u8;
            (good && spot, good, spot, whole, share)
        };
        let first = rank(&round);
        [1.6, 1.45, 1.3, 1.15]
            .into_iter()
            .map(|stretch| Self::fit_circle(ring.with_stretch(stretch), scale, caption))
            .filter(|layout| {
                let share = layout.ring_area() / (frame.width * frame.height);
                layout.lines >= lines.min(1)
                    && layout.font * layout.scale >= px
                    && (layout.fill() >= fill
                        || (!first.1 && share >= RING_SHARE && layout.fill() >= fill_for_share))
            })
            .map(|layout| (rank(&layout), layout))
            .fold(
                (first, round),
                |best, next| {
                    if next.0 > best.0 {
                        next
                    } else {
                        best
                    }
                },
            )
            .1
    }

    /// How much of the frame the circles' bounding box covers, in square
    /// stage units.
    pub(super) fn ring_area(&self) -> f64 {
        let r = self.ring.node_radius();
        let (mut left, mut top, mut right, mut bottom) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for node in byzscope_core::NodeId::all(self.ring.n()) {
            let at = self.ring.position(node);
            left = left.min(at.x - r);
            right = right.max(at.x + r);
            top = top.min(at.y - r);
            bottom = bottom.max(at.y + r);
        }
        (right - left) * (bottom - top)
    }

    /// [`StageLabels::fit`] for `ring` as it is, circle or ellipse.
    pub(super) fn fit_circle(ring: Ring, scale: f64, caption: bool) -> StageLabels {
        // Over the whole frame, labels keep the size that reads across the
        // room before they keep all their words.
        let roomy = caption.then(|| whole_frame_px(ring.frame(), scale));
        let layout =
            |radius: f64| StageLabels::with_room(ring.with_radius(radius), scale, roomy, !caption);
        // The base: the ring at its base radius, or up to a fifth smaller
        // where that buys the labels larger type (a screen whose side
        // labels would otherwise shrink to stay whole).
        let base = [1.0, 0.95, 0.9, 0.85, 0.8]
            .map(|share| layout(share * ring.base_radius()))
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
            .unwrap_or_else(|| layout(ring.radius()));
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
            px.min((0.85 * px).max(roomy.unwrap_or_else(|| roomy_px(scale))))
        } - 1e-6;
        let fill = base.fill().min(1.0) - 1e-6;
        let lines = base.lines;
        let keeps = move |layout: &StageLabels| {
            layout.lines >= lines.min(1)
                && layout.font * layout.scale >= floor
                && layout.fill() >= fill
        };
        let (low, high) = (base.ring.radius(), ring.largest_radius());
        let larger = move || {
            (0..RADII)
                .map(move |step| high - (high - low) * f64::from(step) / f64::from(RADII))
                .filter(move |radius| *radius > low + 1.0)
                .map(layout)
        };
        let chosen = larger()
            .find(|layout| layout.lines >= lines && keeps(layout))
            .unwrap_or(base);
        // A stage that is the whole frame gives the ring the room first:
        // where keeping every line leaves the ring short of its share (the
        // labels above and below a ring with a node at its top and bottom
        // take the height), the labels go to one line, the role a mark,
        // for a ring that covers it with a corner for the caption.
        let share =
            |layout: &StageLabels| layout.ring_area() / (ring.frame().width * ring.frame().height);
        if caption && share(&chosen) < RING_SHARE {
            let least = share(&chosen) * WIDER_RING;
            let px = px.min(roomy.unwrap_or(px)) - 1e-6;
            if let Some(wide) = larger().find(|layout| {
                layout.lines >= 1
                    && layout.font * layout.scale >= px
                    && layout.fill() >= fill
                    && share(layout) >= least
                    && layout.caption_spot().is_some()
            }) {
                return wide;
            }
        }
        if !caption || chosen.caption_spot().is_some() {
            return chosen;
        }
        // A little smaller only: a ring shrunk further draws its names too
        // small to be worth the caption's corner.
        let from = chosen.ring.radius();
        (1..=3)
            .map(|step| from * (1.0 - 0.05 * f64::from(step)))
            .map(layout)
            .find(|layout| keeps(layout) && layout.caption_spot().is_some())
            .unwrap_or(chosen)
    }

    /// Where words laid over the picture cover no label, no circle and
    /// nothing messages travel over (see [`Ring::reaches_into`]): a box against the
    /// frame's left or right edge, starting at the top or under a label,
    /// at least a sixth of the frame's height and large enough for a
    /// two-way split's caption and the clock (see [`CAPTION_AREA`] and
    /// [`StageLabels::with_clock`]), and as wide as can
    /// be (a quarter of the frame's width to an eighth; a caption reads
    /// better wide), then as tall. None when there is no such box.
    pub fn caption_spot(&self) -> Option<Rect> {
        let frame = self.ring.frame();
        let occupied = self.occupied();
        let inner = self.ring.node_radius() + MARGIN;
        let height = |r: &Rect| r.bottom - r.top;
        for share in [25, 22, 19, 16, 13] {
            let mut best: Option<Rect> = None;
            let width = f64::from(share) / 100.0 * frame.width;
            // The presenter's clock takes a line more (see `Clock`).
            let shortest = (frame.height / 6.0)
                .max(CAPTION_AREA * frame.height * frame.width / width)
                + self.clock.extra_line() * frame.height;
            // The right-hand corner stops above the hint to leave the
            // presenter view, which sits in the frame's bottom right.
            for (left, right, floor) in [
                (EDGE, EDGE + width, frame.height - EDGE),
                (
                    frame.width - EDGE - width,
                    frame.width - EDGE,
                    frame.height - HINT_PX / self.scale - MARGIN,
                ),
            ] {
                let tops = std::iter::once(EDGE)
                    .chain(occupied.iter().map(|rect| rect.bottom + MARGIN))
                    .filter(|top| *top + shortest <= floor);
                for top in tops {
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
                            && !self.ring.reaches_into(rect, inner)
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

/// Labels this large, as a share of the stage's height in CSS pixels,
/// read from as far as a frame that size is watched from: 24 px on a
/// 1080p projector.
const WHOLE_FRAME_PX: f64 = 0.0225;
/// The type a stage that is the whole frame sets its labels in at least:
/// [`WHOLE_FRAME_PX`] of its height, or [`roomy_px`] if that is more.
fn whole_frame_px(frame: Frame, scale: f64) -> f64 {
    roomy_px(scale).max(WHOLE_FRAME_PX * frame.height * scale)
}

/// How much larger labels in columns must be set than around the ring to
/// be worth the smaller ring, in CSS pixels.
const STEP_GAIN_PX: f64 = 1.0;

/// How much of a whole label a ring stretched for words laid over the
/// picture may keep at least (see [`StageLabels::fill`]): half its width.
const FILL_FOR_RING: f64 = 0.5;
/// How much of a whole label the narrowest may keep where that is what
/// brings a ring short of its share of the frame up to it (see
/// [`RING_SHARE`]).
pub(super) const FILL_FOR_SHARE: f64 = 0.4;
/// The share of the frame a ring that has the whole frame should cover.
pub(super) const RING_SHARE: f64 = 0.49;
/// How much more of the frame a ring on one line of labels must cover
/// than on two to be worth the line.
const WIDER_RING: f64 = 1.25;

/// The share of the frame a caption's corner covers at least: the clock
/// and a two-way split's caption (`⚠ node16 split its ECHO for round 1:`,
/// then each value after the peers that got it) take about this much at
/// the type the stylesheet sets them in, which follows the frame's height.
const CAPTION_AREA: f64 = 0.055;

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
