//! The components: the page ([`app`]), the stage and the inspector (each a
//! folder, being big), and one file for each panel or control.

pub mod announcer;
pub mod app;
pub mod chip;
pub mod controls;
pub mod detections;
pub mod evidence;
pub mod help;
pub mod inspector;
pub mod lessons;
pub mod live;
pub mod metrics;
pub mod narration;
pub mod notice;
pub mod setup;
pub mod spacetime;
pub mod stage;
pub mod timeline;
pub mod tools;
