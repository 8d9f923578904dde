//! The event log: what a node says about its own steps, as data.
//!
//! A node logs a [`LogLine`] that carries what happened (who proposed what,
//! whom a detector caught); its [`Display`](fmt::Display) is the line in the
//! original demo's words, and [`LogLine::kind`] is what a page styles it by,
//! so nothing has to search the text (a value may well contain
//! "BYZANTINE").
//!
//! In a trace a line is stored as its text, exactly as it is displayed, so
//! traces written before lines were data read the same; reading one back
//! parses the text ([`FromStr`]).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::NodeId;
use crate::statement::{Kind, Round, Statement};

/// One line of the event log, written by `node` about its own step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogLine {
    /// `[node1] Proposing 'v' for round 1`
    Proposed {
        /// The proposer.
        node: NodeId,
        /// The value proposed.
        value: Arc<str>,
        /// The round it starts.
        round: Round,
    },
    /// `[node4] ⚠️ BYZANTINE: Sent conflicting values to different peers!`
    SentConflicting {
        /// The equivocating node.
        node: NodeId,
    },
    /// `[node4] (silent) made PROPOSE{…} and sent it to nobody`: a silent
    /// node's statement, which nobody will see.
    SentToNobody {
        /// The silent node.
        node: NodeId,
        /// The statement it made.
        statement: Arc<Statement>,
    },
    /// `[node1] 🚨 BYZANTINE FAULT DETECTED! Node: node4 Round: 1 Conflicting values: {'a', 'b'}`
    EquivocationDetected {
        /// The detector.
        node: NodeId,
        /// The origin caught saying two things.
        accused: NodeId,
        /// The round.
        round: Round,
        /// The values it said, sorted and without duplicates.
        values: Vec<Arc<str>>,
    },
    /// `[node1] 🚨 FORGERY DETECTED! Node: node4 handed over ECHO{…} with a signature that does not hold`
    ForgeryDetected {
        /// The detector.
        node: NodeId,
        /// The sender of the bad copy.
        accused: NodeId,
        /// The statement as the bad copy carried it.
        statement: Arc<Statement>,
    },
    /// `[node1] ✅ Consensus reached on 'v' for round 1`
    Decided {
        /// The node that decided.
        node: NodeId,
        /// The value decided.
        value: Arc<str>,
        /// The round.
        round: Round,
    },
    /// `[node1] ⏱ Round 1 timed out without consensus`
    TimedOut {
        /// The node whose round timed out.
        node: NodeId,
        /// The round.
        round: Round,
    },
}

/// What a log line is about, for styling it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A node started a round.
    Proposal,
    /// A Byzantine node misbehaved (split its statement, or kept it to
    /// itself).
    Byzantine,
    /// A node caught another one (equivocation or forgery).
    Detection,
    /// A node decided.
    Decision,
    /// A round passed its timeout without a decision.
    Timeout,
}

impl LogLine {
    /// The node that wrote the line.
    pub fn node(&self) -> NodeId {
        match self {
            LogLine::Proposed { node, .. }
            | LogLine::SentConflicting { node }
            | LogLine::SentToNobody { node, .. }
            | LogLine::EquivocationDetected { node, .. }
            | LogLine::ForgeryDetected { node, .. }
            | LogLine::Decided { node, .. }
            | LogLine::TimedOut { node, .. } => *node,
        }
    }

    /// What the line is about.
    pub fn kind(&self) -> LineKind {
        match self {
            LogLine::Proposed { .. } => LineKind::Proposal,
            LogLine::SentConflicting { .. } | LogLine::SentToNobody { .. } => LineKind::Byzantine,
            LogLine::EquivocationDetected { .. } | LogLine::ForgeryDetected { .. } => {
                LineKind::Detection
            }
            LogLine::Decided { .. } => LineKind::Decision,
            LogLine::TimedOut { .. } => LineKind::Timeout,
        }
    }
}

/// The original demo's words, which the pinned trace and the console keep.
impl fmt::Display for LogLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] ", self.node())?;
        match self {
            LogLine::Proposed { value, round, .. } => {
                write!(f, "Proposing '{value}' for round {round}")
            }
            LogLine::SentConflicting { .. } => {
                f.write_str("⚠️ BYZANTINE: Sent conflicting values to different peers!")
            }
            LogLine::SentToNobody { statement, .. } => {
                write!(f, "(silent) made {statement} and sent it to nobody")
            }
            LogLine::EquivocationDetected {
                accused,
                round,
                values,
                ..
            } => {
                write!(
                    f,
                    "🚨 BYZANTINE FAULT DETECTED! Node: {accused} Round: {round} Conflicting values: {{"
                )?;
                for (index, value) in values.iter().enumerate() {
                    let comma = if index == 0 { "" } else { ", " };
                    write!(f, "{comma}'{value}'")?;
                }
                f.write_str("}")
            }
            LogLine::ForgeryDetected {
                accused, statement, ..
            } => write!(
                f,
                "🚨 FORGERY DETECTED! Node: {accused} handed over {statement} with a signature that does not hold"
            ),
            LogLine::Decided { value, round, .. } => {
                write!(f, "✅ Consensus reached on '{value}' for round {round}")
            }
            LogLine::TimedOut { round, .. } => {
                write!(f, "⏱ Round {round} timed out without consensus")
            }
        }
    }
}

/// A text that is not a line a node writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLineError {
    /// The text.
    pub text: String,
}

impl fmt::Display for LogLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a line of ByzScope's event log: {:?}", self.text)
    }
}

impl std::error::Error for LogLineError {}

/// Reads a line back from its text. Only a text that displays again exactly
/// as given is accepted. A value containing `', '` makes an equivocation's
/// list ambiguous; it is then read as more values, which display the same.
impl FromStr for LogLine {
    type Err = LogLineError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let line = parse(text).filter(|line| line.to_string() == text);
        line.ok_or_else(|| LogLineError {
            text: text.to_owned(),
        })
    }
}

fn parse(text: &str) -> Option<LogLine> {
    let (node, rest) = text.strip_prefix('[')?.split_once("] ")?;
    let node: NodeId = node.parse().ok()?;
    if let Some(rest) = rest.strip_prefix("Proposing '") {
        let (value, round) = rest.rsplit_once("' for round ")?;
        return Some(LogLine::Proposed {
            node,
            value: value.into(),
            round: round.parse().ok()?,
        });
    }
    if rest == "⚠️ BYZANTINE: Sent conflicting values to different peers!" {
        return Some(LogLine::SentConflicting { node });
    }
    if let Some(rest) = rest.strip_prefix("(silent) made ") {
        let statement = parse_statement(rest.strip_suffix(" and sent it to nobody")?)?;
        return Some(LogLine::SentToNobody {
            node,
            statement: Arc::new(statement),
        });
    }
    if let Some(rest) = rest.strip_prefix("🚨 BYZANTINE FAULT DETECTED! Node: ") {
        let (accused, rest) = rest.split_once(" Round: ")?;
        let (round, values) = rest.split_once(" Conflicting values: ")?;
        let values = values.strip_prefix("{'")?.strip_suffix("'}")?;
        return Some(LogLine::EquivocationDetected {
            node,
            accused: accused.parse().ok()?,
            round: round.parse().ok()?,
            values: values.split("', '").map(Arc::from).collect(),
        });
    }
    if let Some(rest) = rest.strip_prefix("🚨 FORGERY DETECTED! Node: ") {
        let (accused, rest) = rest.split_once(" handed over ")?;
        let statement = rest.strip_suffix(" with a signature that does not hold")?;
        return Some(LogLine::ForgeryDetected {
            node,
            accused: accused.parse().ok()?,
            statement: Arc::new(parse_statement(statement)?),
        });
    }
    if let Some(rest) = rest.strip_prefix("✅ Consensus reached on '") {
        let (value, round) = rest.rsplit_once("' for round ")?;
        return Some(LogLine::Decided {
            node,
            value: value.into(),
            round: round.parse().ok()?,
        });
    }
    if let Some(rest) = rest.strip_prefix("⏱ Round ") {
        let round = rest.strip_suffix(" timed out without consensus")?;
        return Some(LogLine::TimedOut {
            node,
            round: round.parse().ok()?,
        });
    }
    None
}

/// `PROPOSE{origin: node1, round: 1, value: 'v'}`, as a statement displays.
fn parse_statement(text: &str) -> Option<Statement> {
    let (kind, rest) = text.split_once("{origin: ")?;
    let kind = match kind {
        "PROPOSE" => Kind::Propose,
        "ECHO" => Kind::Echo,
        _ => return None,
    };
    let (origin, rest) = rest.split_once(", round: ")?;
    let (round, value) = rest.split_once(", value: '")?;
    let value = value.strip_suffix("'}")?;
    Some(Statement::new(
        kind,
        origin.parse().ok()?,
        round.parse().ok()?,
        value,
    ))
}

/// As its text, so a trace's JSON is what it was when lines were text.
impl Serialize for LogLine {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LogLine {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    fn every_kind_of_line() -> Vec<LogLine> {
        let statement = Arc::new(Statement::new(Kind::Echo, node(2), 3, "it's, odd}"));
        vec![
            LogLine::Proposed {
                node: node(1),
                value: "a' for round 9".into(),
                round: 12,
            },
            LogLine::SentConflicting { node: node(4) },
            LogLine::SentToNobody {
                node: node(4),
                statement: statement.clone(),
            },
            LogLine::EquivocationDetected {
                node: node(1),
                accused: node(4),
                round: 1,
                values: vec!["test123".into(), "test123_BYZANTINE".into()],
            },
            LogLine::ForgeryDetected {
                node: node(3),
                accused: node(4),
                statement,
            },
            LogLine::Decided {
                node: node(2),
                value: "v".into(),
                round: 1,
            },
            LogLine::TimedOut {
                node: node(16),
                round: 2,
            },
        ]
    }

    #[test]
    fn lines_read_the_original_demos_words() {
        let texts: Vec<String> = every_kind_of_line()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            texts,
            [
                "[node1] Proposing 'a' for round 9' for round 12",
                "[node4] ⚠️ BYZANTINE: Sent conflicting values to different peers!",
                "[node4] (silent) made ECHO{origin: node2, round: 3, value: 'it's, odd}'} and sent it to nobody",
                "[node1] 🚨 BYZANTINE FAULT DETECTED! Node: node4 Round: 1 Conflicting values: {'test123', 'test123_BYZANTINE'}",
                "[node3] 🚨 FORGERY DETECTED! Node: node4 handed over ECHO{origin: node2, round: 3, value: 'it's, odd}'} with a signature that does not hold",
                "[node2] ✅ Consensus reached on 'v' for round 1",
                "[node16] ⏱ Round 2 timed out without consensus",
            ]
        );
    }

    #[test]
    fn every_line_reads_back_from_its_text() {
        for line in every_kind_of_line() {
            let text = line.to_string();
            assert_eq!(text.parse::<LogLine>(), Ok(line), "{text}");
            let json = serde_json::to_string(&text).unwrap();
            assert_eq!(
                serde_json::from_str::<LogLine>(&json).unwrap().to_string(),
                text
            );
        }
    }

    #[test]
    fn a_text_no_node_writes_is_refused_with_the_text() {
        for text in [
            "",
            "hello",
            "[node0] ⏱ Round 1 timed out without consensus",
            "[node1] ⏱ Round 01 timed out without consensus",
            "[node1] Proposing 'v' for round",
            "[node1] 🚨 BYZANTINE FAULT DETECTED! Node: node4 Round: 1 Conflicting values: {}",
        ] {
            let error = text.parse::<LogLine>().unwrap_err();
            assert_eq!(error.text, text);
            assert!(error
                .to_string()
                .contains("not a line of ByzScope's event log"));
        }
        let refused = serde_json::from_str::<LogLine>(r#""hello""#).unwrap_err();
        assert!(refused.to_string().contains("hello"), "{refused}");
    }

    #[test]
    fn a_line_is_styled_by_what_it_is_about_not_by_its_words() {
        let kinds: Vec<LineKind> = every_kind_of_line().iter().map(LogLine::kind).collect();
        assert_eq!(
            kinds,
            [
                LineKind::Proposal,
                LineKind::Byzantine,
                LineKind::Byzantine,
                LineKind::Detection,
                LineKind::Detection,
                LineKind::Decision,
                LineKind::Timeout,
            ]
        );
        let proposal = LogLine::Proposed {
            node: node(1),
            value: "BYZANTINE FAULT DETECTED".into(),
            round: 1,
        };
        assert_eq!(proposal.kind(), LineKind::Proposal);
    }
}
