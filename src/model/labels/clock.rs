//! The clock over a stage that is the whole frame (the presenter view, a
//! wide embed) where the caption has no corner to share with it: a place
//! against the frame's edge that covers no label, no circle and nothing
//! messages travel over.

use super::slots::{clear_box, gap};
use super::{Slot, StageLabels, EDGE, MARGIN};
use crate::model::geometry::{Frame, Rect};

/// What the clock over a stage that is the whole frame shows, which is
/// how much room [`StageLabels::with_clock`] must find for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The time over the count in flight: the presenter view's, whose
    /// hint to leave it takes the bottom right corner.
    TimeAndFlight,
    /// The time alone, on one line: an embed's, which has no room to spare
    /// for the count.
    Time,
}

impl Clock {
    /// The box the clock takes, as shares of the frame's height, with a
    /// little to spare: the presenter's two lines of type 2.2 % of its
    /// height (`.readout`: `t = 1.613 s` over `31 messages in flight`,
    /// measured 0.175 by 0.064 of it); an embed's one line of 2.34 % (74 by
    /// 15 px in a 450 px frame, 0.166 by 0.034).
    pub fn spot(self) -> (f64, f64) {
        match self {
            Clock::TimeAndFlight => (0.22, 0.07),
            Clock::Time => (0.19, 0.045),
        }
    }

    /// How much taller than an embed's a corner shared with the caption
    /// must be for this clock, as a share of the frame's height: the
    /// presenter's line for the count in flight (type 2.2 % of the height,
    /// in lines 1.25 as tall).
    pub fn extra_line(self) -> f64 {
        match self {
            Clock::TimeAndFlight => 0.028,
            Clock::Time => 0.0,
        }
    }
}

/// How many places along an edge [`StageLabels::with_clock`] tries, less
/// one.
const STEPS: u16 = 10;
/// How far the presenter view's hint to leave it reaches from the frame's
/// right edge, as a share of the frame's height (`Esc or f to leave` in
/// 0.85 rem type, padded).
const HINT_WIDTH: f64 = 0.13;
/// How high, in CSS pixels from the frame's bottom, the presenter view's
/// hint to leave it reaches (`.present-hint` in style/main.css: a line of
/// 0.85 rem type, padded, 0.5 rem above the bottom, and some to spare).
pub const HINT_PX: f64 = 40.0;

/// The clock and the count in flight over a stage beside the panels, in
/// CSS pixels from the stage's top right corner: `t = 1.613 s` over `31
/// messages in flight` at 1.1 rem (see `.readout` in style/main.css).
const CLOCK_PX: (f64, f64) = (190.0, 58.0);
/// A stage narrower than this (a phone's) has its clock above it instead.
const CLOCK_OVER_PX: f64 = 520.0;

/// The box the clock covers over a stage drawn at `scale` in `frame`, if
/// it is drawn over the stage.
pub(super) fn clock_corner(frame: Frame, scale: f64) -> Option<Rect> {
    (frame.width * scale >= CLOCK_OVER_PX).then(|| Rect {
        left: frame.width - CLOCK_PX.0 / scale,
        top: 0.0,
        right: frame.width,
        bottom: CLOCK_PX.1 / scale,
    })
}

impl StageLabels {
    /// These labels with a place kept for what `clock` shows, where the
    /// caption has no corner for it to share (see
    /// [`StageLabels::caption_spot`]): a box against the frame's bottom or
    /// top edge, the corners first (bottom left, then top left, top right
    /// and bottom right, above the presenter view's hint to leave it), then
    /// further along, that covers no label, no circle and nothing messages
    /// travel over. Where every such place is under a label's box, the
    /// boxes are narrowed clear of the place that leaves them the widest,
    /// none narrower than the narrowest already is (a label there may be
    /// shortened, never covered). Unchanged
    /// where there is a caption corner, or no place at all (see
    /// [`StageLabels::clock`]).
    pub fn with_clock(mut self, clock: Clock) -> StageLabels {
        // The caption's corner must hold this clock too.
        self.clock = clock;
        if self.corner.is_some() || self.caption_spot().is_some() {
            return self;
        }
        let places = self.clock_places(clock);
        let occupied = self.occupied();
        let inner = self.ring.node_radius() + MARGIN;
        let open = |rect: &Rect| !self.ring.reaches_into(rect, inner);
        if let Some(spot) = places
            .iter()
            .filter(|rect| open(rect))
            .find(|rect| occupied.iter().all(|o| gap(rect, o) >= MARGIN))
        {
            self.corner = Some(*spot);
            return self;
        }
        // Labels in columns keep their boxes: their leaders run by them.
        if self.lines == 0 || self.leaders {
            return self;
        }
        // No box narrower than the narrowest already is (the labels keep
        // their [`StageLabels::fill`]); of those places, the one that
        // leaves the boxes it narrows the widest.
        let narrowest = self
            .slots
            .iter()
            .map(Slot::width)
            .fold(f64::INFINITY, f64::min);
        let narrowed = places
            .iter()
            .filter(|rect| open(rect) && self.misses_circles(rect))
            .filter_map(|rect| {
                let mut slots = self.slots.clone();
                let mut least = f64::INFINITY;
                for (slot, before) in slots.iter_mut().zip(&self.slots) {
                    clear_box(slot, rect);
                    if gap(&slot.rect, rect) < MARGIN {
                        return None;
                    }
                    if slot.rect != before.rect {
                        least = least.min(slot.width());
                    }
                }
                (least >= narrowest - 1e-6).then_some((least, *rect, slots))
            })
            .fold(
                None,
                |best: Option<(f64, Rect, Vec<Slot>)>, next| match best {
                    Some(best) if best.0 >= next.0 => Some(best),
                    _ => Some(next),
                },
            )
            .map(|(_, rect, slots)| (rect, slots));
        if let Some((spot, slots)) = narrowed {
            self.slots = slots;
            self.corner = Some(spot);
        }
        self
    }

    /// Where the clock is kept clear of the labels: the stage's top right
    /// corner beside the panels, or over a stage that is the whole frame
    /// the place [`StageLabels::with_clock`] found. None where it goes with
    /// the caption, or has no place.
    pub fn clock(&self) -> Option<Rect> {
        self.corner
    }

    /// Whether `rect` keeps its margin from every circle.
    fn misses_circles(&self, rect: &Rect) -> bool {
        self.discs.iter().all(|(c, d)| {
            let disc = Rect {
                left: c.x - d,
                top: c.y - d,
                right: c.x + d,
                bottom: c.y + d,
            };
            gap(rect, &disc) >= MARGIN
        })
    }

    /// The places [`StageLabels::with_clock`] tries, best first.
    fn clock_places(&self, clock: Clock) -> Vec<Rect> {
        let frame = self.ring.frame();
        let (width, height) = clock.spot();
        let (width, height) = (width * frame.height, height * frame.height);
        let span = frame.width - 2.0 * EDGE - width;
        let above_hint = frame.height - HINT_PX / self.scale - MARGIN;
        // From the corners inwards: 0, 1, 1/10, 9/10, 2/10, 8/10, ...
        let along = (0..=STEPS / 2).flat_map(|step| [step, STEPS - step]);
        along
            .flat_map(|step| {
                let left = EDGE + span * f64::from(step) / f64::from(STEPS);
                let right = left + width;
                // The presenter's hint sits in the bottom right corner.
                let hint = clock == Clock::TimeAndFlight;
                let bottom = if hint && right > frame.width - HINT_WIDTH * frame.height {
                    above_hint
                } else {
                    frame.height - EDGE
                };
                [bottom - height, EDGE].map(|top| Rect {
                    left,
                    top,
                    right,
                    bottom: top + height,
                })
            })
            .collect()
    }
}
