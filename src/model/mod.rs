//! The page's model: the run on screen and everything about it that needs
//! no browser and no reactivity — limits, scripts of inputs, colours and
//! shapes, geometry, the space-time layout, the timeline's markers. It
//! imports only the core, so all of it is unit-tested natively.

pub mod export;
#[cfg(test)]
pub mod fixtures;
pub mod flows;
pub mod geometry;
pub mod labels;
pub mod lessons;
pub mod limits;
pub mod live;
pub mod marks;
pub mod numbers;
pub mod palette;
pub mod run;
pub mod script;
pub mod spacetime;
pub mod told;
