//! Replaying a trace's inputs, each at its place in the run, and stopping a
//! run at a given point.

use super::errors::ReplayError;
use super::world::World;
use super::HORIZON_MS;
use crate::time::Millis;
use crate::trace::{Input, Record};

impl World {
    /// Applies the inputs from `rec.input_count()` on, each at its place in the
    /// run; with `stop = Some((events, at))`, only those the run had been
    /// given by then ([`Input::given_by`]).
    pub(crate) fn replay<R: Record>(
        &mut self,
        rec: &mut R,
        inputs: &[Input],
        stop: Option<(usize, Millis)>,
    ) -> Result<(), ReplayError> {
        for (index, input) in inputs.iter().enumerate().skip(rec.input_count()) {
            if stop.is_some_and(|(events, at)| !input.given_by(events, at)) {
                break;
            }
            let refused = |why: String| ReplayError::Input { index, why };
            if input.at > HORIZON_MS {
                return Err(refused(format!(
                    "its time {} ms is after the horizon, {HORIZON_MS} ms",
                    input.at
                )));
            }
            self.reach(rec, input.after_events, input.at)
                .map_err(refused)?;
            self.apply(rec, &input.action)
                .map_err(|error| refused(error.to_string()))?;
        }
        Ok(())
    }

    /// Steps until `events` events have happened, then moves the clock to
    /// `at`. Fails if the run goes quiet first, or if it is already past
    /// that point: more events, a later clock, or an event due before `at`.
    pub(crate) fn reach<R: Record>(
        &mut self,
        rec: &mut R,
        events: usize,
        at: Millis,
    ) -> Result<(), String> {
        while rec.event_count() < events {
            if !self.step_until(rec, Millis::MAX) {
                return Err(format!(
                    "the run is quiet after {} events, short of {events}",
                    rec.event_count()
                ));
            }
        }
        if rec.event_count() > events {
            return Err(format!(
                "{} events have already happened, more than {events}",
                rec.event_count()
            ));
        }
        if at < self.now {
            return Err(format!(
                "{at} ms is before {} ms, where the run already is",
                self.now
            ));
        }
        if at > self.now && self.step_until(rec, at - 1) {
            return Err(format!(
                "event {events} happens at {} ms, before {at} ms",
                self.now
            ));
        }
        self.now = at;
        Ok(())
    }
}
