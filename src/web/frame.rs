//! The animation loop: one `requestAnimationFrame` callback per frame moves
//! the lab's clock by the real time elapsed, for as long as something moves
//! on screen. When nothing does, the loop stops (paused, or nothing left to
//! happen) or sleeps on a timer until the next thing due (a scripted
//! proposal, a round's timeout), so a page at rest costs nothing. Any change
//! to the run, the speed or playing wakes it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::run::Pace;
use crate::store::Lab;

type FrameCallback = Closure<dyn FnMut(f64)>;

/// The longest single wait: a timer's delay is a 32-bit count of
/// milliseconds, and a run's horizon is far shorter at any speed the page
/// offers.
const LONGEST_SLEEP_MS: f64 = 1_000_000_000.0;

/// The loop's state, shared by the frame callback, the wake-up timer and
/// the effect that restarts it.
struct Pacer {
    lab: Lab,
    window: web_sys::Window,
    /// The requested animation frame, if one is.
    frame: Cell<Option<i32>>,
    /// The timer of a wait, if the loop sleeps.
    sleep: RefCell<Option<Timeout>>,
    /// The timestamp of the last frame drawn while the loop ran; none after
    /// a stop or a wait, so the time at rest is not played as one frame.
    last: Cell<Option<f64>>,
    callback: RefCell<Option<FrameCallback>>,
    stopped: Cell<bool>,
}

impl Pacer {
    /// Asks for a frame, unless one is already coming; ends any wait.
    fn wake(self: &Rc<Self>) {
        if self.stopped.get() || self.frame.get().is_some() {
            return;
        }
        self.sleep.borrow_mut().take();
        if let Some(callback) = self.callback.borrow().as_ref() {
            self.frame.set(
                self.window
                    .request_animation_frame(callback.as_ref().unchecked_ref())
                    .ok(),
            );
        }
    }

    /// One frame: moves the clock, then asks the lab what comes next.
    fn on_frame(self: &Rc<Self>, timestamp: f64) {
        self.frame.set(None);
        if self.stopped.get() {
            return;
        }
        if let Some(previous) = self.last.replace(Some(timestamp)) {
            self.lab.frame(timestamp - previous);
        }
        match self.lab.pace() {
            Pace::EveryFrame => self.wake(),
            Pace::SleepUntil(until) => self.sleep_until(until),
            Pace::Still => self.last.set(None),
        }
    }

    /// Waits for simulated time `until` with a timer, then jumps the clock
    /// there and runs again.
    fn sleep_until(self: &Rc<Self>, until: f64) {
        self.last.set(None);
        let speed = self.lab.speed.try_get_untracked().unwrap_or(1.0).max(1e-9);
        let now = self.lab.clock.try_get_untracked().unwrap_or(until);
        let real_ms = ((until - now) / speed).clamp(0.0, LONGEST_SLEEP_MS);
        let pacer = Rc::clone(self);
        let timer = Timeout::new(real_ms.ceil() as u32, move || {
            pacer.sleep.borrow_mut().take();
            if pacer.stopped.get() {
                return;
            }
            pacer.lab.skip_to(until);
            pacer.wake();
        });
        *self.sleep.borrow_mut() = Some(timer);
    }

    /// Stops for good: the page is going.
    fn stop(&self) {
        self.stopped.set(true);
        if let Some(id) = self.frame.take() {
            let _ = self.window.cancel_animation_frame(id);
        }
        self.sleep.borrow_mut().take();
        self.callback.borrow_mut().take();
    }
}

/// Starts the loop for `lab`, for as long as the current owner lives.
pub fn animate(lab: Lab) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let pacer = Rc::new(Pacer {
        lab,
        window,
        frame: Cell::new(None),
        sleep: RefCell::new(None),
        last: Cell::new(None),
        callback: RefCell::new(None),
        stopped: Cell::new(false),
    });
    {
        // The callback holds the pacer weakly: `stop` breaks the only
        // strong cycle (pacer → callback) when the page goes.
        let weak = Rc::downgrade(&pacer);
        *pacer.callback.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
            if let Some(pacer) = weak.upgrade() {
                pacer.on_frame(timestamp);
            }
        }));
    }
    // Whatever may set the clock moving again: playing, the speed, a change
    // to the run (a proposal, a fault, a reset, a seek).
    let waker = Rc::clone(&pacer);
    Effect::new(move |_| {
        lab.playing.track();
        lab.speed.track();
        lab.version.track();
        if lab.playing.get_untracked() {
            waker.wake();
        }
    });
    let handle = StoredValue::new_local(pacer);
    on_cleanup(move || {
        handle.try_with_value(|pacer| pacer.stop());
    });
}
