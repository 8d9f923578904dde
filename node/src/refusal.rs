//! Refusals in FastAPI's form, as the original demo's users know them:
//! a status and `{"detail": "…"}`. And the checks a message must pass before
//! the core sees it, each with a reason a person understands.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use byzscope_core::{Message, NodeId, Round};
use serde_json::json;

/// The largest body a request may carry: a message is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A refused request: nothing changed, and this says why.
#[derive(Debug)]
pub struct Refusal {
    /// The HTTP status.
    pub status: StatusCode,
    /// The reason, as a sentence.
    pub detail: String,
}

impl Refusal {
    /// 422: the request was understood and its content is refused.
    pub fn invalid(detail: impl Into<String>) -> Refusal {
        Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: detail.into(),
        }
    }

    /// 413: the body is over [`MAX_BODY_BYTES`].
    pub fn too_large() -> Refusal {
        Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            detail: format!(
                "The body is larger than the {MAX_BODY_BYTES} bytes a request may carry."
            ),
        }
    }

    /// 503: the node is stopping and took no input.
    pub fn stopping() -> Refusal {
        Refusal {
            status: StatusCode::SERVICE_UNAVAILABLE,
            detail: "The node is stopping.".to_owned(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "detail": self.detail }))).into_response()
    }
}

/// Why `message` cannot be handed to `me` in a cluster of `nodes`, if it
/// cannot. The core refuses the same messages (`Receipt::Refused`) but
/// without a reason, which is what a person posting one by hand needs; the
/// hop path, which the core takes on trust, is checked here too so the
/// page never draws a path through a node that does not exist.
pub fn check_message(message: &Message, me: NodeId, nodes: u16) -> Result<(), String> {
    let statement = &message.statement;
    let outside = |node: NodeId| node.number() > nodes;
    for (role, node) in [
        ("from", message.from),
        ("to", message.to),
        ("statement.origin", statement.origin),
    ] {
        if outside(node) {
            return Err(format!(
                "{role} names {node}, which is not in this cluster of {nodes} nodes (node1 … node{nodes})."
            ));
        }
    }
    if message.to != me {
        return Err(format!(
            "This message is addressed to {}, not to {me}.",
            message.to
        ));
    }
    if message.from == me {
        return Err(format!("A message to {me} cannot come from {me} itself."));
    }
    if statement.round == 0 {
        return Err("statement.round must be 1 or more: rounds count from 1.".to_owned());
    }
    if statement.round == Round::MAX {
        return Err(format!(
            "statement.round {} leaves no next round.",
            statement.round
        ));
    }
    if let Some(node) = message.path.iter().find(|node| outside(**node)) {
        return Err(format!(
            "path names {node}, which is not in this cluster of {nodes} nodes."
        ));
    }
    if message.path.first() != Some(&statement.origin) || message.path.last() != Some(&message.from)
    {
        return Err(format!(
            "path must run from the origin ({}) to the sender ({}).",
            statement.origin, message.from
        ));
    }
    Ok(())
}
