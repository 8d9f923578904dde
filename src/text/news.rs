//! What just happened, in words: proposals, detections and decisions as the
//! run makes them — announced to screen readers, and posted as events to a
//! page that embeds ByzScope.

use std::sync::Arc;

use byzscope_core::trace::TraceView;
use byzscope_core::{DetectionKind, DetectionRecord, EventKind, NodeId, Outcome, Round};

/// Something worth telling.
#[derive(Clone, Debug, PartialEq)]
pub enum News {
    /// A node proposed a value.
    Proposed {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: Arc<str>,
        /// The round it started.
        round: Round,
    },
    /// A node caught another misbehaving.
    Detected {
        /// The `/detections` record.
        record: DetectionRecord,
        /// Equivocation or forgery.
        kind: DetectionKind,
    },
    /// A node decided.
    Decided {
        /// The node.
        node: NodeId,
        /// The round.
        round: Round,
        /// The value.
        value: Arc<str>,
    },
}

impl News {
    /// One sentence for a screen reader.
    pub fn sentence(&self) -> String {
        match self {
            News::Proposed { node, value, round } => {
                format!("{node} proposed {value} for round {round}.")
            }
            News::Detected { record, kind } => {
                let what = match kind {
                    DetectionKind::Equivocation => "sending different values",
                    DetectionKind::Forgery => "forging a statement",
                };
                format!(
                    "{} caught {} {what} in round {}: {}.",
                    record.detected_by,
                    record.byzantine_node,
                    record.round,
                    record.conflicting_values.join(" versus ")
                )
            }
            News::Decided { node, round, value } => {
                format!("{node} decided {value} in round {round}.")
            }
        }
    }
}

/// The news in events `from..` of `trace`.
pub fn news_in(trace: TraceView<'_>, from: usize) -> Vec<News> {
    let started_at = trace.scenario.started_at_ms;
    let mut news = Vec::new();
    for event in trace.events.iter().skip(from) {
        if let EventKind::Proposed { value, round } = &event.happening {
            news.push(News::Proposed {
                node: event.node,
                value: value.clone(),
                round: *round,
            });
        }
        for noted in &event.effects {
            match noted {
                Outcome::Detected(detection) => news.push(News::Detected {
                    record: DetectionRecord::of(detection, started_at),
                    kind: detection.kind,
                }),
                Outcome::Decided { round, value } => news.push(News::Decided {
                    node: event.node,
                    round: *round,
                    value: value.clone(),
                }),
                _ => {}
            }
        }
    }
    news
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn the_default_round_reads_as_a_story() {
        let sim = default_round();
        let news = news_in(sim.view(), 0);
        let sentences: Vec<String> = news.iter().map(News::sentence).collect();
        assert_eq!(sentences[0], "node1 proposed test123 for round 1.");
        let caught: Vec<&String> = sentences.iter().filter(|s| s.contains("caught")).collect();
        assert_eq!(caught.len(), 3);
        assert!(caught[0].contains(
            "caught node4 sending different values in round 1: test123 versus test123_BYZANTINE."
        ));
        let decided = sentences
            .iter()
            .filter(|s| s.contains("decided test123"))
            .count();
        // node4 follows the protocol apart from its split: it decides too.
        assert_eq!(decided, 4);
        // Only what is new is told.
        assert_eq!(news_in(sim.view(), sim.trace().events.len()), []);
    }
}
