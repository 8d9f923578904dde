//! Effects: everything a node wants done or known, returned as data.
//!
//! A node never sends, sleeps or prints; it pushes effects, and its driver
//! (the simulator, a test) carries them out. Every [`Effect::Send`] is one
//! message the UI can draw.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::detection::Detection;
use crate::id::NodeId;
use crate::log::LogLine;
use crate::message::Message;
use crate::statement::{Kind, Round};
use crate::time::Millis;

/// One effect of a node's step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", content = "data", rename_all = "snake_case")]
pub enum Effect {
    /// Send this message.
    Send(Message),
    /// Wake me at `at` for this round's timeout.
    SetTimer {
        /// The round whose timeout this is.
        round: Round,
        /// Simulated time to fire at.
        at: Millis,
    },
    /// I sent different values of my statement to different peers.
    Equivocated(Split),
    /// I caught a node misbehaving.
    Detected(Detection),
    /// I decided a value for a round; decisions are final.
    Decided {
        /// The round decided.
        round: Round,
        /// The value decided.
        value: Arc<str>,
    },
    /// My round passed its timeout without a decision.
    TimedOut {
        /// The round that timed out.
        round: Round,
    },
    /// A line for the event log.
    Log(LogLine),
}

/// Which peers a Byzantine node gave which value of one statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// PROPOSE or ECHO.
    pub kind: Kind,
    /// The round of the statement.
    pub round: Round,
    /// Each value with the peers (in id order) that received it.
    pub groups: Vec<(Arc<str>, Vec<NodeId>)>,
}
