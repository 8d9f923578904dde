//! What the live view draws at one moment of the recording: the messages
//! travelling then, each as far along its chord as its real send and
//! arrival put it, and each node's round, decision and detections.

use std::sync::Arc;

use byzscope_core::{EventKind, Fate, MessageId, NodeId, Outcome, Role, Round, Trace};

use crate::model::palette::Palette;
use crate::model::run::{NodeLook, RoundLook};

/// The furthest a message whose arrival is not known yet is drawn: it is
/// still on its way, not at the door.
const UNKNOWN_ARRIVAL_AT_MOST: f64 = 0.9;

/// A message on its way at the moment shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// The message, in the trace.
    pub message: MessageId,
    /// Its sender.
    pub from: NodeId,
    /// Its receiver.
    pub to: NodeId,
    /// How far along, 0 to 1.
    pub along: f64,
    /// The value it carries.
    pub value: Arc<str>,
    /// Whether it is a forwarded copy.
    pub forwarded: bool,
    /// Whether it will never arrive (its send failed later).
    pub doomed: bool,
}

/// The messages travelling at `at` (ms of the recording); `known` is how
/// far the recording reaches, so a message not arrived by then is drawn
/// part of the way from its send to `known`.
pub fn dots(trace: &Trace, at: f64, known: f64) -> Vec<Dot> {
    // Messages are in send order: those sent after `at` are skipped by a
    // search, not a scan.
    let sent = trace
        .messages
        .partition_point(|envelope| envelope.sent_at as f64 <= at);
    trace.messages[..sent]
        .iter()
        .filter_map(|envelope| {
            let start = envelope.sent_at as f64;
            let (end, doomed, unknown) = match envelope.fate {
                Fate::Delivered { .. } => (envelope.deliver_at as f64, false, false),
                Fate::Lost { at, .. } => (at as f64, true, false),
                Fate::InFlight => (known.max(start), false, true),
            };
            if !unknown && end <= at {
                return None;
            }
            let along = if end > start {
                (at - start) / (end - start)
            } else {
                0.0
            };
            let along = if unknown {
                along.min(UNKNOWN_ARRIVAL_AT_MOST)
            } else {
                along
            };
            Some(Dot {
                message: envelope.id,
                from: envelope.message.from,
                to: envelope.message.to,
                along: along.clamp(0.0, 1.0),
                value: envelope.message.statement.value.clone(),
                forwarded: !envelope.message.is_direct(),
                doomed,
            })
        })
        .collect()
}

/// A node at the moment shown, from the events up to then.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Standing {
    /// The highest round it has started or heard.
    pub round: Round,
    /// Its latest decision: round and value.
    pub decided: Option<(Round, Arc<str>)>,
    /// Whom it has caught, in order (a node once per round).
    pub caught: Vec<(NodeId, Round)>,
    /// The latest round that timed out without a decision, if any.
    pub timed_out: Option<Round>,
}

impl Standing {
    /// The node as the stage draws one, so the live ring labels it with the
    /// simulated stage's layout and words.
    pub fn look(&self, role: Role, palette: &Palette) -> NodeLook {
        let state = match (&self.decided, self.timed_out) {
            (Some((round, value)), _) if *round == self.round => {
                RoundLook::Decided(value.to_string(), palette.swatch(value))
            }
            (_, Some(round)) if round == self.round => RoundLook::TimedOut,
            _ if self.round == 0 => RoundLook::Idle,
            _ => RoundLook::Undecided,
        };
        NodeLook {
            role,
            round: self.round,
            state,
            detections: self.caught.len(),
            last_detection: None,
        }
    }
}

/// Every node's [`Standing`] at `at`, indexed by node.
pub fn standings(trace: &Trace, at: f64) -> Vec<Standing> {
    let mut standings = vec![Standing::default(); usize::from(trace.scenario.nodes)];
    let upto = trace.events.partition_point(|event| event.at as f64 <= at);
    for event in &trace.events[..upto] {
        let Some(standing) = standings.get_mut(event.node.index()) else {
            continue;
        };
        match &event.happening {
            EventKind::Proposed { round, .. } => standing.round = standing.round.max(*round),
            EventKind::Delivered { message, .. } => {
                if let Some(envelope) = trace.messages.get(*message) {
                    standing.round = standing.round.max(envelope.message.statement.round);
                }
            }
            _ => {}
        }
        for outcome in &event.effects {
            match outcome {
                Outcome::Decided { round, value } => {
                    standing.decided = Some((*round, value.clone()));
                    if standing.timed_out == Some(*round) {
                        standing.timed_out = None;
                    }
                }
                Outcome::Detected(detection) => standing
                    .caught
                    .push((detection.byzantine_node, detection.round)),
                Outcome::TimedOut { round }
                    if standing.decided.as_ref().is_none_or(|(r, _)| r != round) =>
                {
                    standing.timed_out = Some(*round);
                }
                _ => {}
            }
        }
    }
    standings
}
