//! The recording as a core [`Trace`]: each node's input (a proposal, a
//! message received, a timer) and what followed it become one [`Event`];
//! every `sent` becomes an [`Envelope`], paired with its `received` by the
//! sender's id for it. Times are milliseconds since the recording's first
//! event.
//!
//! Clocks of nodes on one machine agree to well under a millisecond, but a
//! receiver's millisecond can still read before its sender's: an arrival
//! is never placed before its send, and no event before the one before it,
//! so the trace keeps the core's rules (events in time order, messages in
//! send order, each delivered after it was sent).

use std::collections::BTreeMap;

use byzscope_core::trace::Input;
use byzscope_core::{
    Action, Detection, Envelope, Event, EventKind, Fate, LogLine, Loss, Message, MessageId, Millis,
    NodeId, Outcome, Receipt, Split, Trace,
};

use super::events::{Happened, Kept};
use super::recording::Recording;

/// A message's key: its sender, the sender's life and the sender's id.
type Key = (NodeId, u32, String);

/// What starts an event at a node.
enum Start<'a> {
    Proposed(&'a Kept),
    Received {
        kept: &'a Kept,
        message: &'a Message,
        receipt: Receipt,
        /// The `sent` it pairs with, if the page holds it.
        key: Option<Key>,
    },
    TimedOut(&'a Kept),
}

/// One input at one node and what followed it.
struct Group<'a> {
    node: NodeId,
    life: u32,
    start: Start<'a>,
    effects: Vec<&'a Kept>,
}

impl Group<'_> {
    fn kept(&self) -> &Kept {
        match &self.start {
            Start::Proposed(kept) | Start::TimedOut(kept) | Start::Received { kept, .. } => kept,
        }
    }
}

fn receipt(text: &str) -> Receipt {
    match text {
        "recorded" => Receipt::Recorded,
        "duplicate" => Receipt::Duplicate { vote: false },
        "duplicate_vote" => Receipt::Duplicate { vote: true },
        "forged" => Receipt::Forged,
        // The node handled it but the page does not know the word: of the
        // core's receipts, only a refusal changes nothing it draws.
        _ => Receipt::Refused,
    }
}

/// Builds the trace of `recording`.
pub(super) fn build(recording: &Recording) -> Trace {
    let origin = recording.origin_ms().unwrap_or_default();
    let since = |at_ms: i64| -> Millis { u64::try_from(at_ms - origin).unwrap_or(0) };
    let latest = recording.latest_ms().map_or(0, since);

    // Every `sent` the page holds, by sender and id, with its life and time.
    let mut sends: BTreeMap<(NodeId, &str), Vec<(u32, i64)>> = BTreeMap::new();
    let mut failures: BTreeMap<Key, i64> = BTreeMap::new();
    for watched in &recording.watched {
        for (life, kept) in &watched.events {
            match &kept.what {
                Happened::Sent { message_id, .. } => sends
                    .entry((kept.node, message_id.as_str()))
                    .or_default()
                    .push((*life, kept.at_ms)),
                Happened::SendFailed { message_id, .. } => {
                    failures.insert((kept.node, *life, message_id.clone()), kept.at_ms);
                }
                _ => {}
            }
        }
    }
    // A restarted sender numbers its messages afresh: an arrival pairs with
    // the latest send of that id that is not after it.
    let pair = |message: &Message, id: &Option<String>, at_ms: i64| -> Option<Key> {
        let id = id.as_deref()?;
        let candidates = sends.get(&(message.from, id))?;
        let (life, _) = candidates
            .iter()
            .rev()
            .find(|(_, sent)| *sent <= at_ms + 1)
            .or(candidates.first())?;
        Some((message.from, *life, id.to_owned()))
    };

    let mut groups: Vec<Group> = Vec::new();
    for watched in &recording.watched {
        let mut current: Option<usize> = None;
        for (life, kept) in &watched.events {
            let start = match &kept.what {
                Happened::Proposed { .. } => Some(Start::Proposed(kept)),
                Happened::TimedOut { .. } => Some(Start::TimedOut(kept)),
                Happened::Received {
                    message_id,
                    message,
                    receipt: said,
                } => Some(Start::Received {
                    kept,
                    message,
                    receipt: receipt(said),
                    key: pair(message, message_id, kept.at_ms),
                }),
                _ => None,
            };
            if let Some(start) = start {
                groups.push(Group {
                    node: kept.node,
                    life: *life,
                    start,
                    effects: Vec::new(),
                });
                current = Some(groups.len() - 1);
                continue;
            }
            // What follows an input the page missed (before the node's kept
            // window) belongs to no event.
            if let Some(group) = current.map(|index| &mut groups[index]) {
                if group.life == *life {
                    group.effects.push(kept);
                }
            }
        }
    }

    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&index| {
        let kept = groups[index].kept();
        (kept.at_ms, kept.node, groups[index].life, kept.seq)
    });
    // The group that sent each key, so an arrival waits for its send.
    let mut sender_of: BTreeMap<Key, usize> = BTreeMap::new();
    for (index, group) in groups.iter().enumerate() {
        for kept in &group.effects {
            if let Happened::Sent { message_id, .. } = &kept.what {
                sender_of.insert((group.node, group.life, message_id.clone()), index);
            }
        }
    }

    let mut trace = Trace {
        scenario: recording.scenario(),
        ..Trace::default()
    };
    let mut emitted = vec![false; groups.len()];
    let mut envelope_of: BTreeMap<Key, MessageId> = BTreeMap::new();
    let mut waiting: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    let mut stack: Vec<usize> = Vec::new();
    for &first in &order {
        stack.push(first);
        while let Some(index) = stack.pop() {
            if emitted[index] {
                continue;
            }
            let group = &groups[index];
            if let Start::Received { key: Some(key), .. } = &group.start {
                if let Some(&sender) = sender_of.get(key) {
                    if !emitted[sender] {
                        waiting.entry(key.clone()).or_default().push(index);
                        continue;
                    }
                }
            }
            emitted[index] = true;
            let sent_keys = emit(&mut trace, group, &envelope_of, since);
            for (key, id) in sent_keys {
                if let Some(arrivals) = waiting.remove(&key) {
                    stack.extend(arrivals.into_iter().rev());
                }
                envelope_of.insert(key, id);
            }
        }
    }

    for (key, at_ms) in failures {
        if let Some(envelope) = envelope_of
            .get(&key)
            .and_then(|&id| trace.messages.get_mut(id))
        {
            if envelope.fate == Fate::InFlight {
                let at = since(at_ms).max(envelope.sent_at);
                envelope.deliver_at = at;
                envelope.fate = Fate::Lost {
                    why: Loss::LinkDown,
                    at,
                };
            }
        }
    }
    // Not arrived by the latest event the page holds: drawn as still on
    // its way then.
    for envelope in &mut trace.messages {
        if envelope.fate == Fate::InFlight {
            envelope.deliver_at = latest.max(envelope.sent_at);
        }
    }
    trace
}

/// Appends `group` as the trace's next event; returns the keys of the
/// messages it sent, with their ids.
fn emit(
    trace: &mut Trace,
    group: &Group,
    envelope_of: &BTreeMap<Key, MessageId>,
    since: impl Fn(i64) -> Millis,
) -> Vec<(Key, MessageId)> {
    let index = trace.events.len();
    let previous = trace.events.last().map_or(0, |event| event.at);
    let mut at = since(group.kept().at_ms).max(previous);
    let happening = match &group.start {
        Start::Proposed(kept) => {
            let Happened::Proposed { round, value } = &kept.what else {
                unreachable!("a proposal group starts with a proposal")
            };
            trace.inputs.push(Input {
                after_events: index,
                at,
                action: Action::Propose {
                    node: group.node,
                    value: value.to_string(),
                },
            });
            EventKind::Proposed {
                value: value.clone(),
                round: *round,
            }
        }
        Start::TimedOut(kept) => {
            let Happened::TimedOut { round } = &kept.what else {
                unreachable!("a timeout group starts with a timeout")
            };
            EventKind::TimedOut { round: *round }
        }
        Start::Received {
            message,
            receipt,
            key,
            ..
        } => {
            let known = key.as_ref().and_then(|key| envelope_of.get(key)).copied();
            let id = match known {
                Some(id) => {
                    at = at.max(trace.messages[id].sent_at);
                    id
                }
                // Posted by hand, or its send is not held: a message sent
                // as it arrived.
                None => {
                    trace.messages.push(Envelope {
                        id: trace.messages.len(),
                        message: (*message).clone(),
                        sent_at: at,
                        deliver_at: at,
                        sent_by: index,
                        fate: Fate::InFlight,
                    });
                    trace.messages.len() - 1
                }
            };
            let envelope = &mut trace.messages[id];
            envelope.deliver_at = at;
            envelope.fate = Fate::Delivered { receipt: *receipt };
            EventKind::Delivered {
                message: id,
                receipt: *receipt,
            }
        }
    };
    let mut effects = Vec::new();
    let mut sent = Vec::new();
    if let EventKind::TimedOut { round } = happening {
        effects.push(Outcome::TimedOut { round });
    }
    for kept in &group.effects {
        let outcome = match &kept.what {
            Happened::Sent {
                message_id,
                message,
            } => {
                let id = trace.messages.len();
                trace.messages.push(Envelope {
                    id,
                    message: message.clone(),
                    sent_at: at,
                    deliver_at: at,
                    sent_by: index,
                    fate: Fate::InFlight,
                });
                sent.push(((group.node, group.life, message_id.clone()), id));
                Outcome::Sent { message: id }
            }
            Happened::Equivocated {
                statement_kind,
                round,
                groups,
            } => Outcome::Equivocated(Split {
                kind: *statement_kind,
                round: *round,
                groups: groups
                    .iter()
                    .map(|group| (group.value.clone(), group.to.clone()))
                    .collect(),
            }),
            Happened::Detected(detected) => Outcome::Detected(Detection {
                kind: detected.detection_kind,
                detected_by: detected.detected_by,
                byzantine_node: detected.byzantine_node,
                round: detected.round,
                conflicting_values: detected.conflicting_values.clone(),
                at,
                evidence: None,
            }),
            Happened::Decided { round, value } => Outcome::Decided {
                round: *round,
                value: value.clone(),
            },
            Happened::Log { line } => match line.parse::<LogLine>() {
                Ok(line) => Outcome::Log { line },
                Err(_) => continue,
            },
            _ => continue,
        };
        effects.push(outcome);
    }
    trace.events.push(Event {
        index,
        at,
        node: group.node,
        happening,
        effects,
    });
    sent
}
