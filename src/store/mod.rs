//! The reactive state that components share, thin, over the model: the lab
//! (the run behind signals and the actions that change it), what the viewer
//! has selected, and the page's look.

pub mod lab;
pub mod live;
pub mod look;
pub mod selection;
pub mod tour;

pub use lab::{Head, Lab};
pub use live::Watch;
pub use look::{Look, Presenting};
pub use selection::{Selection, View};
pub use tour::{StepState, Tour};
