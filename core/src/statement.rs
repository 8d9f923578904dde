//! Statements: what one node asserts in one round.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::id::NodeId;

/// A round number; rounds count from 1.
pub type Round = u64;

/// The two kinds of statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// The proposer's value for a round it started.
    Propose,
    /// A node repeating the first proposal it saw in a round.
    Echo,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Propose => "PROPOSE",
            Kind::Echo => "ECHO",
        })
    }
}

/// `{kind, origin, round, value}`: what `origin` asserts in `round`.
///
/// An honest node makes at most one statement per round. Copies of a
/// statement travel in many messages, so it is shared behind an [`Arc`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Statement {
    /// PROPOSE or ECHO.
    pub kind: Kind,
    /// The node that made the statement.
    pub origin: NodeId,
    /// The round it belongs to.
    pub round: Round,
    /// The value asserted.
    pub value: Arc<str>,
}

impl Statement {
    /// A new statement.
    pub fn new(kind: Kind, origin: NodeId, round: Round, value: impl Into<Arc<str>>) -> Self {
        Statement {
            kind,
            origin,
            round,
            value: value.into(),
        }
    }

    /// The same statement with another value: what an equivocating or
    /// forging node makes of it.
    pub fn with_value(&self, value: impl Into<Arc<str>>) -> Self {
        Statement {
            value: value.into(),
            ..self.clone()
        }
    }

    /// The bytes an origin signs: a domain tag, then kind, origin and round,
    /// then the value last, so no two statements share an encoding.
    pub fn signing_bytes(&self) -> Vec<u8> {
        format!(
            "byzscope/statement/v1|{}|{}|{}|{}",
            self.kind, self.origin, self.round, self.value
        )
        .into_bytes()
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{{origin: {}, round: {}, value: '{}'}}",
            self.kind, self.origin, self.round, self.value
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_bytes_differ_when_any_field_differs() {
        let base = Statement::new(Kind::Propose, NodeId::new(1).unwrap(), 1, "v");
        let variants = [
            Statement {
                kind: Kind::Echo,
                ..base.clone()
            },
            Statement {
                origin: NodeId::new(2).unwrap(),
                ..base.clone()
            },
            Statement {
                round: 2,
                ..base.clone()
            },
            base.with_value("w"),
        ];
        for other in variants {
            assert_ne!(base.signing_bytes(), other.signing_bytes(), "{other}");
        }
    }

    #[test]
    fn serialises_with_protocol_names() {
        let s = Statement::new(Kind::Echo, NodeId::new(2).unwrap(), 3, "x");
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"kind":"ECHO","origin":"node2","round":3,"value":"x"}"#
        );
    }
}
