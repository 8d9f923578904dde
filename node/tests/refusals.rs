//! Every bad input is refused with a fitting status and `{"detail": …}`,
//! and changes nothing: every node's /status and /detections are the same
//! before and after.

mod common;

use byzscope_core::Mode;
use common::{demo, node, Cluster, SseReader};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A message for node1 from node2, as node2 would send it, with `change`
/// applied to its JSON.
fn message(change: impl FnOnce(&mut Value)) -> String {
    let mut message = json!({
        "from": "node2",
        "to": "node1",
        "statement": {"kind": "ECHO", "origin": "node2", "round": 1, "value": "test123"},
        "path": ["node2"]
    });
    change(&mut message);
    message.to_string()
}

struct Bad {
    method: Method,
    path: String,
    body: Option<String>,
    header: Option<(&'static str, String)>,
    status: StatusCode,
    detail: &'static str,
}

fn bad(
    method: Method,
    path: &str,
    body: Option<String>,
    status: StatusCode,
    detail: &'static str,
) -> Bad {
    Bad {
        method,
        path: path.to_owned(),
        body,
        header: None,
        status,
        detail,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_is_refused_in_json_and_changes_nothing() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    cluster.propose(node(1), "test123").await;
    cluster.round_done(1, "test123", &cluster.honest()).await;
    let before = cluster.state().await;
    let events_before = last_seq(&cluster).await;

    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let post = Method::POST;
    let long = "a".repeat(65);
    let mut cases = vec![
        bad(
            post.clone(),
            "/propose",
            None,
            unprocessable,
            "value is missing",
        ),
        bad(
            post.clone(),
            "/propose?value=",
            None,
            unprocessable,
            "cannot be empty",
        ),
        bad(
            post.clone(),
            &format!("/propose?value={long}"),
            None,
            unprocessable,
            "at most 64 characters",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some("{not json".into()),
            unprocessable,
            "not a message",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(String::new()),
            unprocessable,
            "not a message",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(r#"{"from":"node2"}"#.into()),
            unprocessable,
            "not a message",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["statement"]["kind"] = json!("VOTE"))),
            unprocessable,
            "not a message",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["from"] = json!("node99"))),
            unprocessable,
            "is not a node id",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| {
                m["from"] = json!("node9");
                m["path"] = json!(["node2", "node9"]);
            })),
            unprocessable,
            "node9, which is not in this cluster",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["statement"]["origin"] = json!("node7"))),
            unprocessable,
            "node7, which is not in this cluster",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["to"] = json!("node3"))),
            unprocessable,
            "addressed to node3, not to node1",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| {
                m["from"] = json!("node1");
                m["statement"]["origin"] = json!("node1");
                m["path"] = json!(["node1"]);
            })),
            unprocessable,
            "cannot come from node1 itself",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["statement"]["round"] = json!(0))),
            unprocessable,
            "rounds count from 1",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["path"] = json!(["node3"]))),
            unprocessable,
            "path must run from the origin",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|m| m["signature"] = json!("abc"))),
            unprocessable,
            "128 hexadecimal digits",
        ),
        bad(
            post.clone(),
            "/receive_message",
            Some(message(|_| {}) + &" ".repeat(70_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "larger than the 65536 bytes",
        ),
        bad(
            Method::GET,
            "/nowhere",
            None,
            StatusCode::NOT_FOUND,
            "Not Found",
        ),
        bad(
            Method::GET,
            "/propose?value=x",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "Method Not Allowed",
        ),
        bad(
            post.clone(),
            "/status",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "Method Not Allowed",
        ),
        bad(
            Method::GET,
            "/events?after=soon",
            None,
            unprocessable,
            "after must be an event id",
        ),
    ];
    let mut with_header = bad(
        post.clone(),
        "/receive_message",
        Some(message(|_| {})),
        unprocessable,
        "x-byzscope-message header",
    );
    with_header.header = Some(("x-byzscope-message", "x".repeat(65)));
    cases.push(with_header);
    let mut last_id = bad(
        Method::GET,
        "/events",
        None,
        unprocessable,
        "Last-Event-ID must be",
    );
    last_id.header = Some(("last-event-id", "yesterday".to_owned()));
    cases.push(last_id);

    for case in cases {
        let mut request = cluster
            .http
            .request(case.method.clone(), cluster.url(node(1), &case.path));
        if let Some(body) = case.body.clone() {
            request = request.body(body);
        }
        if let Some((name, value)) = case.header.clone() {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("an answer");
        let what = format!("{} {}", case.method, &case.path[..case.path.len().min(40)]);
        assert_eq!(response.status(), case.status, "{what}");
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(kind, "application/json", "{what}");
        let body: Value = response.json().await.expect("a JSON refusal");
        let detail = body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(case.detail), "{what}: {body}");
        assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{what}: {body}");
    }
    assert_eq!(cluster.state().await, before, "a refusal changed something");
    assert_eq!(
        last_seq(&cluster).await,
        events_before,
        "a refusal made an event"
    );
    cluster.stop_all().await;
}

/// The sequence number of node1's last event, from a stream's hello.
async fn last_seq(cluster: &Cluster) -> Value {
    let mut events = SseReader::open(&cluster.http, &cluster.url(node(1), "/events"), None).await;
    events.next().await.data["last_seq"].clone()
}

#[tokio::test]
async fn a_sixty_four_character_value_is_accepted() {
    let cluster = Cluster::start(demo(Mode::Oral)).await;
    let value = "€".repeat(64);
    let reply = cluster.propose(node(2), &value).await;
    assert_eq!(reply["value"], value.as_str());
    assert_eq!(reply["node_id"], "node2");
    cluster.stop_all().await;
}
