//! The page's address: every setting of a run, the inputs it plays and how
//! the page looks, as query parameters named like the headless runner's
//! flags.
//!
//! ```text
//! ?nodes=7&byzantine=node3:silent,node7:forge&signed=1&latency=200..600
//!  &seed=42&speed=0.5&propose=node1:test123&propose=node2@2600:again&step=1
//! ```
//!
//! A parameter that cannot be used is refused on its own: the page keeps the
//! default for that setting and says which parameter and why
//! ([`Refusal`]). Reading ([`Address::parse`]) and writing
//! ([`Address::query`]) are pure and never run a simulation: the model's
//! [`script`](crate::model::script) fixes the times of untimed inputs.

mod inputs;
mod live;
mod read;
mod write;

use std::fmt;

use byzscope_core::Scenario;

use crate::model::script::Scripted;

pub use inputs::INPUTS;
pub use live::parse_live;

/// The longest query the page reads; anything longer is refused whole.
pub const MAX_QUERY_CHARS: usize = 8_192;
/// The most inputs an address may script.
pub const MAX_INPUTS: usize = 64;

/// How the page starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// The page's own choice: playing.
    #[default]
    Default,
    /// `autoplay=1`: playing.
    Play,
    /// `step=1`: paused, for a presenter to step.
    Paused,
}

/// A colour theme for a projector or a screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the viewer's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

impl Theme {
    /// The value of `data-theme` on `<html>`, if any.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// A parameter the page could not use, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The parameter's name as given.
    pub parameter: String,
    /// Why, ending with what the page does instead.
    pub why: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.parameter, self.why)
    }
}

/// `lesson=<id>&step=<k>`: a lesson to open, at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LessonLink {
    /// The lesson's id, one of the catalog's.
    pub id: &'static str,
    /// The step, counted from 0 (the address counts from 1).
    pub step: usize,
}

/// Everything an address can say.
#[derive(Clone, Debug, PartialEq)]
pub struct Address {
    /// The scenario (its `started_at_ms` is left at 0: an address does not fix
    /// the wall clock, which changes only how times print).
    pub scenario: Scenario,
    /// Simulated time per real time, if given.
    pub speed: Option<f64>,
    /// Inputs to play, in order.
    pub script: Vec<Scripted>,
    /// Playing or paused at first.
    pub start: Start,
    /// `embed=1`: the stage, the essential controls and the table only.
    pub embed: bool,
    /// `present=1`: the presenter view, the stage filling the screen with
    /// labels for the back of a lecture hall.
    pub present: bool,
    /// The colour theme.
    pub theme: Theme,
    /// `contrast=high`: stronger colours and borders.
    pub high_contrast: bool,
    /// `live=…`: the real nodes to watch (their base URLs) instead of a
    /// simulation.
    pub live: Option<Vec<String>>,
    /// `lesson=<id>&step=<k>`: open a lesson at a step.
    pub lesson: Option<LessonLink>,
}

impl Default for Address {
    fn default() -> Self {
        Address {
            scenario: Scenario::default(),
            speed: None,
            script: Vec::new(),
            start: Start::Default,
            embed: false,
            present: false,
            theme: Theme::Auto,
            high_contrast: false,
            live: None,
            lesson: None,
        }
    }
}

#[cfg(test)]
mod tests;
