//! A message in words: its route, what became of it, and a chain of
//! messages hop by hop.

use byzscope_core::trace::MessageId;
use byzscope_core::{Envelope, Fate, Message, NodeId, Receipt, Statement};

/// Every node a message passed through, ending at its receiver:
/// `node4 → node1 → node2`.
pub fn path(message: &Message) -> String {
    message
        .path
        .iter()
        .chain([&message.to])
        .map(NodeId::to_string)
        .collect::<Vec<_>>()
        .join(" → ")
}

/// `Message 7: node4 → node1`: the inspector's heading.
pub fn heading(id: MessageId, message: &Message) -> String {
    format!("Message {id}: {} → {}", message.from, message.to)
}

/// `ECHO from node4, round 1`.
pub fn statement(statement: &Statement) -> String {
    format!(
        "{} from {}, round {}",
        statement.kind, statement.origin, statement.round
    )
}

/// `direct, from its origin` or `forwarded`.
pub fn copy(message: &Message) -> &'static str {
    if message.is_direct() {
        "direct, from its origin"
    } else {
        "forwarded"
    }
}

/// What a message carries and how it travels, in one line: the stage's
/// hover text.
pub fn describe(message: &Message) -> String {
    let statement = &message.statement;
    let route = if message.is_direct() {
        "direct".to_owned()
    } else {
        format!("forwarded along {}", path(message))
    };
    format!(
        "{} → {}: {} from {}, round {}, value '{}' ({route})",
        message.from,
        message.to,
        statement.kind,
        statement.origin,
        statement.round,
        statement.value,
    )
}

/// What became of a message.
pub fn fate(fate: Fate) -> String {
    match fate {
        Fate::InFlight => "in flight".to_owned(),
        Fate::Delivered { receipt } => match receipt {
            Receipt::Recorded => "delivered: new to the receiver, recorded".to_owned(),
            Receipt::Duplicate { vote: true } => {
                "delivered: already held as hearsay; now counts as the origin's vote".to_owned()
            }
            Receipt::Duplicate { vote: false } => "delivered: already held, ignored".to_owned(),
            Receipt::Forged => {
                "delivered: signature does not hold, dropped; sender accused".to_owned()
            }
            Receipt::Refused => "delivered: refused".to_owned(),
        },
        Fate::Lost { why, .. } => format!("lost: {why}"),
    }
}

/// A chain of messages (ids into `messages`), hop by hop:
/// `node4 → node1 → node2`.
pub fn hops(messages: &[Envelope], chain: &[MessageId]) -> String {
    let mut nodes: Vec<String> = Vec::new();
    for id in chain {
        let Some(envelope) = messages.get(*id) else {
            continue;
        };
        if nodes.is_empty() {
            nodes.push(envelope.message.from.to_string());
        }
        nodes.push(envelope.message.to.to_string());
    }
    nodes.join(" → ")
}

/// The plural ending of `messages`: `""` for one, `"s"` for any other
/// count.
pub fn plural(messages: usize) -> &'static str {
    if messages == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn a_forwarded_copy_tells_its_whole_route() {
        let sim = default_round();
        let messages = &sim.trace().messages;
        let direct = messages.iter().find(|m| m.message.is_direct()).unwrap();
        assert!(describe(&direct.message).ends_with("(direct)"));
        assert_eq!(
            heading(direct.id, &direct.message),
            format!(
                "Message {}: {} → {}",
                direct.id, direct.message.from, direct.message.to
            )
        );
        let forwarded = messages.iter().find(|m| !m.message.is_direct()).unwrap();
        let route = path(&forwarded.message);
        assert_eq!(route.matches(" → ").count(), forwarded.message.path.len());
        assert!(describe(&forwarded.message).contains(&format!("forwarded along {route}")));
        assert_eq!(
            hops(messages, &[direct.id]),
            format!("{} → {}", direct.message.from, direct.message.to)
        );
        assert_eq!(
            fate(direct.fate),
            fate(Fate::Delivered {
                receipt: Receipt::Recorded
            })
        );
        assert_eq!(plural(1), "");
        assert_eq!(plural(3), "s");
    }
}
