//! The animation loop: one `requestAnimationFrame` callback per frame moves
//! the lab's clock by the real time elapsed, and stops when the page
//! unmounts.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::store::Lab;

type FrameCallback = Closure<dyn FnMut(f64)>;

/// Starts the loop for `lab`, for as long as the current owner lives.
pub fn animate(lab: Lab) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let stopped = Rc::new(Cell::new(false));
    let pending = Rc::new(Cell::new(None::<i32>));
    let callback: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let last = Rc::new(Cell::new(None::<f64>));
    {
        let (stopped, pending, callback_ref, window) = (
            stopped.clone(),
            pending.clone(),
            callback.clone(),
            window.clone(),
        );
        *callback.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
            pending.set(None);
            if stopped.get() {
                return;
            }
            if let Some(previous) = last.replace(Some(timestamp)) {
                lab.frame(timestamp - previous);
            }
            if let Some(callback) = callback_ref.borrow().as_ref() {
                pending.set(
                    window
                        .request_animation_frame(callback.as_ref().unchecked_ref())
                        .ok(),
                );
            }
        }));
    }
    if let Some(first) = callback.borrow().as_ref() {
        pending.set(
            window
                .request_animation_frame(first.as_ref().unchecked_ref())
                .ok(),
        );
    }
    // The closure refers to itself through `callback`: break the cycle when
    // the page goes, or it would live (and run) forever.
    let handles = StoredValue::new_local((stopped, pending, callback, window));
    on_cleanup(move || {
        handles.try_with_value(|(stopped, pending, callback, window)| {
            stopped.set(true);
            if let Some(id) = pending.take() {
                let _ = window.cancel_animation_frame(id);
            }
            callback.borrow_mut().take();
        });
    });
}
