//! A Byzantine split as the stage shows it: who got which value, and the
//! messages that carried them.

use byzscope_core::trace::MessageId;
use byzscope_core::{Envelope, Millis, NodeId, Outcome, Split};

use byzscope_core::trace::TraceView;

/// A Byzantine split, with its messages.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitOnScreen {
    /// The equivocating node.
    pub node: NodeId,
    /// When it split.
    pub at: Millis,
    /// Who got which value.
    pub split: Split,
    /// The messages it sent.
    pub messages: Vec<MessageId>,
    /// When the last of them arrives.
    pub last_delivery: Millis,
}

/// The splits that event `index` of `trace` made.
pub(super) fn of_event(trace: TraceView<'_>, index: usize) -> Vec<SplitOnScreen> {
    let event = &trace.events[index];
    let mut splits = Vec::new();
    for noted in &event.effects {
        let Outcome::Equivocated(split) = noted else {
            continue;
        };
        // The event may also forward others' statements: keep only the
        // copies of the split statement.
        let messages: Vec<&Envelope> = event
            .effects
            .iter()
            .filter_map(|noted| match noted {
                Outcome::Sent { message } => trace.messages.get(*message),
                _ => None,
            })
            .filter(|envelope| {
                let statement = &envelope.message.statement;
                statement.origin == event.node
                    && statement.kind == split.kind
                    && statement.round == split.round
            })
            .collect();
        splits.push(SplitOnScreen {
            node: event.node,
            at: event.at,
            split: split.clone(),
            messages: messages.iter().map(|envelope| envelope.id).collect(),
            last_delivery: messages
                .iter()
                .map(|envelope| envelope.deliver_at)
                .max()
                .unwrap_or(event.at),
        });
    }
    splits
}
