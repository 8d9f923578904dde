//! The HTTP API: the original demo's four endpoints, `GET /events`, open
//! CORS, and FastAPI's conventions for everything refused.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use byzscope_core::{Message, NodeId, Round};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::watch;
use tower_http::cors::CorsLayer;

use crate::clock::Clock;
use crate::config::NodeConfig;
use crate::driver::DriverHandle;
use crate::events::{EventLog, ReceiptName};
use crate::refusal::{check_message, Refusal, MAX_BODY_BYTES};
use crate::sse;
use crate::transport::MESSAGE_HEADER;

/// The longest message id a sender may give in [`MESSAGE_HEADER`].
const MAX_MESSAGE_ID_BYTES: usize = 64;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) config: Arc<NodeConfig>,
    pub(crate) driver: DriverHandle,
    pub(crate) events: Arc<EventLog>,
    pub(crate) clock: Clock,
    /// Names this life of the node: a restarted node counts its events from
    /// 1 again, and a client tells the lives apart by this.
    pub(crate) boot: Arc<str>,
    pub(crate) stop: watch::Receiver<bool>,
}

/// The node's routes, with open CORS (the page may be served from anywhere,
/// and Chrome asks before a public page reads a loopback or LAN address).
pub(crate) fn router(state: AppState) -> Router {
    let cors = CorsLayer::permissive().allow_private_network(true);
    Router::new()
        .route("/propose", post(propose))
        .route("/receive_message", post(receive_message))
        .route("/status", get(status))
        .route("/detections", get(detections))
        .route("/events", get(sse::events))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(cors)
        .with_state(state)
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "detail": "Not Found" })),
    )
        .into_response()
}

async fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({ "detail": "Method Not Allowed" })),
    )
        .into_response()
}

/// The answer to `POST /propose`, fields in the order people read them.
#[derive(Serialize)]
struct Proposed {
    status: &'static str,
    node_id: NodeId,
    round: Round,
    value: String,
}

/// The answer to `POST /receive_message`.
#[derive(Serialize)]
struct Received {
    status: &'static str,
    node_id: NodeId,
    receipt: ReceiptName,
}

#[derive(Deserialize)]
struct ProposeQuery {
    value: Option<String>,
}

async fn propose(
    State(state): State<AppState>,
    query: Result<Query<ProposeQuery>, QueryRejection>,
) -> Result<Response, Refusal> {
    let Query(query) = query.map_err(|rejection| {
        Refusal::invalid(format!(
            "The query string cannot be read: {}",
            rejection.body_text()
        ))
    })?;
    let value = query.value.ok_or_else(|| {
        Refusal::invalid("The query parameter value is missing: POST /propose?value=test123")
    })?;
    let round = state
        .driver
        .propose(value.clone())
        .await
        .map_err(|_| Refusal::stopping())?
        .map_err(|error| Refusal::invalid(error.to_string()))?;
    Ok(Json(Proposed {
        status: "proposed",
        node_id: state.config.id,
        round,
        value,
    })
    .into_response())
}

async fn receive_message(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::too_large()
        } else {
            Refusal::invalid(format!(
                "The body cannot be read: {}",
                rejection.body_text()
            ))
        }
    })?;
    let message: Message = serde_json::from_slice(&body)
        .map_err(|error| Refusal::invalid(format!("The body is not a message: {error}.")))?;
    let me = state.config.id;
    check_message(&message, me, state.config.cluster.nodes).map_err(Refusal::invalid)?;
    let message_id = message_id(&headers)?;
    let receipt = state
        .driver
        .receive(message, message_id)
        .await
        .map_err(|_| Refusal::stopping())?;
    let receipt = ReceiptName::from(receipt);
    if receipt == ReceiptName::Refused {
        return Err(Refusal::invalid("The node refused this message."));
    }
    Ok(Json(Received {
        status: "received",
        node_id: me,
        receipt,
    })
    .into_response())
}

/// The sender's id for the message, if it gave one.
fn message_id(headers: &HeaderMap) -> Result<Option<String>, Refusal> {
    let Some(value) = headers.get(MESSAGE_HEADER) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .ok()
        .filter(|text| !text.is_empty() && text.len() <= MAX_MESSAGE_ID_BYTES)
        .ok_or_else(|| {
            Refusal::invalid(format!(
                "The {MESSAGE_HEADER} header must be 1 to {MAX_MESSAGE_ID_BYTES} visible characters, such as node1#17."
            ))
        })?;
    Ok(Some(text.to_owned()))
}

async fn status(State(state): State<AppState>) -> Result<Response, Refusal> {
    let document = state
        .driver
        .status()
        .await
        .map_err(|_| Refusal::stopping())?;
    Ok(Json(document).into_response())
}

async fn detections(State(state): State<AppState>) -> Result<Response, Refusal> {
    let document = state
        .driver
        .detections()
        .await
        .map_err(|_| Refusal::stopping())?;
    Ok(Json(document).into_response())
}
