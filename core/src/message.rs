//! Messages: one statement carried from an immediate sender to a receiver.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::id::NodeId;
use crate::signing::Signature;
use crate::statement::Statement;

/// A message's place in the run: its index in
/// [`Trace::messages`](crate::trace::Trace::messages), in send order.
pub type MessageId = usize;

/// One copy of a statement on its way from `from` to `to`.
///
/// `from == statement.origin` for a direct send; otherwise it is a forwarded
/// copy. Copies of one statement share its [`Arc`], and the copies one node
/// forwards share their hop path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The immediate sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// The statement carried (as the sender passed it on, which a forging
    /// node may have altered).
    pub statement: Arc<Statement>,
    /// The origin's signature, in signed mode; it travels with every copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The hop path `origin → … → from`.
    pub path: Arc<[NodeId]>,
}

impl Message {
    /// Whether the receiver gets the statement straight from its origin.
    pub fn is_direct(&self) -> bool {
        self.from == self.statement.origin
    }
}
