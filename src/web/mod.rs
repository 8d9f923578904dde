//! The browser's edges: the animation frame, the keyboard, the scripting
//! API and `postMessage` (one command list for all three), the clipboard
//! and downloads, and `<html>`'s look and the page's address.

pub mod api;
pub mod clock;
pub mod command;
pub mod export;
pub mod frame;
pub mod keys;
pub mod live;
pub mod look;
pub mod progress;
