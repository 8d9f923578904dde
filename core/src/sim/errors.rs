//! Why an input, a proposal or a replay was refused, in words a person
//! understands.

use std::fmt;

use crate::id::NodeId;
use crate::network::FaultError;
use crate::scenario::ScenarioError;
use crate::time::Millis;
use crate::value::ValueError;

/// Why a proposal was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposeError {
    /// The proposer is not in the cluster.
    UnknownNode(NodeId),
    /// The value breaks the value rule.
    Value(ValueError),
}

impl fmt::Display for ProposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProposeError::UnknownNode(node) => write!(f, "{node} is not in the cluster"),
            ProposeError::Value(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ProposeError {}

/// Why an input ([`Action`]) was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A proposal was refused.
    Propose(ProposeError),
    /// A network fault was refused.
    Fault(FaultError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Propose(error) => error.fmt(f),
            InputError::Fault(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

impl From<ProposeError> for InputError {
    fn from(error: ProposeError) -> Self {
        InputError::Propose(error)
    }
}

impl From<FaultError> for InputError {
    fn from(error: FaultError) -> Self {
        InputError::Fault(error)
    }
}

/// Why a trace could not be replayed, or a run not be stopped where asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The trace's scenario cannot run.
    Scenario(ScenarioError),
    /// An input was refused, or its place in the trace cannot be reached.
    Input {
        /// Its position in [`Trace::inputs`].
        index: usize,
        /// Why.
        why: String,
    },
    /// The run never stands after `events` events at time `at`.
    Position {
        /// The number of events asked for.
        events: usize,
        /// The simulated time asked for.
        at: Millis,
        /// Why.
        why: String,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Scenario(error) => write!(f, "the trace's scenario cannot run: {error}"),
            ReplayError::Input { index, why } => write!(f, "input {index} of the trace: {why}"),
            ReplayError::Position { events, at, why } => write!(
                f,
                "the run cannot be stopped after {events} events at {at} ms: {why}"
            ),
        }
    }
}

impl std::error::Error for ReplayError {}
