//! How often the picture must be redrawn while the clock runs: every frame
//! while something moves, a timer's wait when the next thing to happen is
//! far off, never when nothing is left. A page at rest then costs nothing
//! (a lecture runs on a laptop on battery).

use byzscope_core::trace::EventKind;

use super::Run;
use crate::model::limits::DEFAULT_SPEED;

/// How long, in real milliseconds at the current speed, a detection's
/// flash and a split's fan-out stay on the stage after they happen.
pub const AFTERGLOW_MS: f64 = 1_500.0;

/// The afterglow in simulated milliseconds at `speed`: constant in real
/// time whatever the speed, so a flash is never too brief to see at 10×;
/// below the default speed it lasts as long in simulated time as at the
/// default, so a slowed run does not keep a flash for ever.
pub fn afterglow(speed: f64) -> f64 {
    AFTERGLOW_MS * speed.max(DEFAULT_SPEED)
}

/// What the clock needs next, while it runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// Something moves or fades: redraw at every frame.
    EveryFrame,
    /// Nothing moves until the simulated time `until` (a timer, a scripted
    /// input): the clock may jump there after a wait.
    SleepUntil(f64),
    /// Nothing is left to happen: no frame is needed until the next input.
    Still,
}

impl Run {
    /// What the clock needs next at the time on screen, the run playing at
    /// `speed`.
    pub fn pace(&self, speed: f64) -> Pace {
        // Playing through the past walks the head's own future, which
        // moves until it catches up.
        if self.in_past() {
            return Pace::EveryFrame;
        }
        let now = self.latest;
        if self.head().in_flight().next().is_some() || now < self.glows_until(speed) {
            return Pace::EveryFrame;
        }
        let due = self.head().next_due().map(|at| at as f64);
        let scripted = self.pending.front().map(|next| next.at as f64);
        match due.into_iter().chain(scripted).reduce(f64::min) {
            Some(next) if next <= now => Pace::EveryFrame,
            Some(next) => Pace::SleepUntil(next),
            None => Pace::Still,
        }
    }

    /// Until when the last flash glows: the afterglow of the head's last
    /// event that drew one (a delivery may carry a detection, a split, a
    /// decision; a proposal starts a split). A timeout draws none.
    fn glows_until(&self, speed: f64) -> f64 {
        self.head()
            .trace()
            .events
            .iter()
            .rev()
            .find(|event| !matches!(event.happening, EventKind::TimedOut { .. }))
            .map_or(f64::NEG_INFINITY, |event| {
                event.at as f64 + afterglow(speed)
            })
    }

    /// Moves the clock on to simulated time `until`, however far off it
    /// is, handling what falls due: where a [`Pace::SleepUntil`] wait ends.
    /// Returns whether the run on screen changed.
    pub fn skip_to(&mut self, until: f64) -> bool {
        let now = self.now();
        self.advance(until - now)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use byzscope_core::trace::Action;
    use byzscope_core::Scenario;

    use super::{afterglow, Pace};
    use crate::model::fixtures::node;
    use crate::model::limits::DEFAULT_SPEED;
    use crate::model::run::Run;
    use crate::model::script::Timed;

    const SPEED: f64 = DEFAULT_SPEED;

    #[test]
    fn a_run_with_nothing_to_do_is_still() {
        let run = Run::new(Scenario::default()).unwrap();
        assert_eq!(run.pace(SPEED), Pace::Still);
    }

    #[test]
    fn a_round_moves_every_frame_then_glows_then_sleeps_until_its_timers_then_rests() {
        let mut run = Run::new(Scenario::default()).unwrap();
        run.propose(node(1), "test123").unwrap();
        assert_eq!(run.pace(SPEED), Pace::EveryFrame, "messages in flight");
        // Frame by frame, as the page plays it, until the last delivery.
        while run.head().in_flight().next().is_some() {
            assert_eq!(run.pace(SPEED), Pace::EveryFrame);
            run.advance(4.0);
        }
        let last = run.head_trace().events.last().unwrap().at as f64;
        // The last detection's flash still fades.
        assert!(run.now() < last + afterglow(SPEED));
        assert_eq!(run.pace(SPEED), Pace::EveryFrame);
        run.advance(afterglow(SPEED));
        // Only the rounds' timeouts are left: sleep until the first.
        let due = run.head().next_due().expect("a round's timeout is due") as f64;
        assert!(due > run.now());
        assert_eq!(run.pace(SPEED), Pace::SleepUntil(due));
        let events = run.head_trace().events.len();
        run.skip_to(due);
        assert_eq!(run.now(), due);
        // Every honest node decided: the timeouts pass without an event,
        // and nothing is left.
        while let Pace::SleepUntil(next) = run.pace(SPEED) {
            run.skip_to(next);
        }
        assert_eq!(run.head_trace().events.len(), events);
        assert!(run.head_is_quiet());
        assert_eq!(run.pace(SPEED), Pace::Still);
    }

    #[test]
    fn a_scripted_proposal_far_ahead_is_slept_until_and_then_happens() {
        let script = VecDeque::from([Timed {
            at: 60_000,
            action: Action::Propose {
                node: node(2),
                value: "later".into(),
            },
        }]);
        let mut run = Run::scripted(Scenario::default(), script).unwrap();
        assert_eq!(run.pace(SPEED), Pace::SleepUntil(60_000.0));
        assert!(run.skip_to(60_000.0), "the proposal is given");
        assert_eq!(run.head_trace().inputs.len(), 1);
        assert_eq!(run.pace(SPEED), Pace::EveryFrame);
    }

    #[test]
    fn playing_through_the_past_moves_every_frame() {
        let mut run = crate::model::fixtures::default_run();
        run.advance(afterglow(SPEED));
        assert_eq!(run.pace(SPEED), Pace::Still);
        run.seek(300.0);
        assert_eq!(run.pace(SPEED), Pace::EveryFrame);
    }

    #[test]
    fn the_afterglow_lasts_longer_in_simulated_time_when_the_run_plays_fast() {
        assert_eq!(afterglow(SPEED / 2.0), afterglow(SPEED));
        assert_eq!(afterglow(4.0 * SPEED), 4.0 * afterglow(SPEED));
    }
}
