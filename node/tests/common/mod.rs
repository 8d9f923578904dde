//! What the node tests share: a cluster started in this process on free
//! loopback ports, an HTTP client, polling with a deadline, and a reader of
//! Server-Sent Events.
#![allow(dead_code)] // each test file uses its own part of this

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use byzscope_core::{Mode, NodeId, Strategy};
use byzscope_node::{start, ClusterSettings, NodeConfig, RunningNode};
use serde_json::Value;
use tokio::net::TcpListener;

/// How long a test waits for a cluster to reach a state before failing.
pub const DEADLINE: Duration = Duration::from_secs(15);

pub fn node(n: u16) -> NodeId {
    NodeId::new(n).expect("a node id")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client")
}

/// The original demo's settings, oral or signed.
pub fn demo(mode: Mode) -> ClusterSettings {
    ClusterSettings {
        mode,
        ..ClusterSettings::default()
    }
}

/// A cluster running in this process, each node on a port the system chose.
pub struct Cluster {
    pub settings: ClusterSettings,
    pub urls: BTreeMap<NodeId, String>,
    pub nodes: BTreeMap<NodeId, RunningNode>,
    pub http: reqwest::Client,
}

impl Cluster {
    pub async fn start(settings: ClusterSettings) -> Cluster {
        let mut listeners = BTreeMap::new();
        for id in NodeId::all(settings.nodes) {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
            listeners.insert(id, listener);
        }
        let urls: BTreeMap<NodeId, String> = listeners
            .iter()
            .map(|(id, listener)| {
                let addr = listener.local_addr().expect("bound");
                (*id, format!("http://{addr}"))
            })
            .collect();
        let mut cluster = Cluster {
            settings,
            urls,
            nodes: BTreeMap::new(),
            http: client(),
        };
        for (id, listener) in listeners {
            cluster.run(id, listener);
        }
        cluster
    }

    fn config(&self, id: NodeId) -> NodeConfig {
        let peers = self
            .urls
            .iter()
            .filter(|(peer, _)| **peer != id)
            .map(|(peer, url)| (*peer, url.clone()))
            .collect();
        let mut config = NodeConfig::new(id, self.settings.clone(), peers).expect("a valid config");
        config.console = false;
        config
    }

    fn run(&mut self, id: NodeId, listener: TcpListener) {
        let running = start(self.config(id), listener).expect("a started node");
        self.nodes.insert(id, running);
    }

    /// Stops a node, as if its process were killed.
    pub async fn stop(&mut self, id: NodeId) {
        let running = self.nodes.remove(&id).expect("a running node");
        running.stop().await.expect("a clean stop");
    }

    /// Starts a stopped node again, fresh, on its old port.
    pub async fn restart(&mut self, id: NodeId) {
        let addr = self.urls[&id].trim_start_matches("http://").to_owned();
        let listener = TcpListener::bind(&addr)
            .await
            .expect("the old port, free again");
        self.run(id, listener);
    }

    pub fn url(&self, id: NodeId, path: &str) -> String {
        format!("{}{path}", self.urls[&id])
    }

    pub fn honest(&self) -> Vec<NodeId> {
        NodeId::all(self.settings.nodes)
            .filter(|id| !self.settings.byzantine.contains_key(id))
            .collect()
    }

    pub async fn get(&self, id: NodeId, path: &str) -> Value {
        get_json(&self.http, &self.url(id, path)).await
    }

    pub async fn propose(&self, id: NodeId, value: &str) -> Value {
        let response = self
            .http
            .post(self.url(id, "/propose"))
            .query(&[("value", value)])
            .send()
            .await
            .expect("an answer to /propose");
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.expect("JSON")
    }

    /// Every node's /status and /detections, to compare before and after.
    pub async fn state(&self) -> Vec<(Value, Value)> {
        let mut state = Vec::new();
        for id in self.nodes.keys() {
            state.push((
                self.get(*id, "/status").await,
                self.get(*id, "/detections").await,
            ));
        }
        state
    }

    /// Waits until every honest node has decided `value` in `round` and
    /// detected the equivocation of every equivocating node in it.
    pub async fn round_done(&self, round: u64, value: &str, nodes: &[NodeId]) {
        let equivocators: Vec<String> = self
            .settings
            .byzantine
            .iter()
            .filter(|(_, strategy)| strategy.equivocates())
            .map(|(id, _)| id.to_string())
            .collect();
        eventually(&format!("round {round} done at {nodes:?}"), || async {
            for id in nodes {
                let status = self.get(*id, "/status").await;
                if status["current_round"] != round || status["consensus_value"] != value {
                    return false;
                }
                let detections = self.get(*id, "/detections").await;
                let caught = detections["detections"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|d| d["round"] == round)
                    .filter_map(|d| d["byzantine_node"].as_str().map(str::to_owned))
                    .collect::<Vec<_>>();
                if !equivocators.iter().all(|e| caught.contains(e)) {
                    return false;
                }
            }
            true
        })
        .await;
    }

    pub async fn stop_all(mut self) {
        let ids: Vec<NodeId> = self.nodes.keys().copied().collect();
        for id in ids {
            self.stop(id).await;
        }
    }
}

pub async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    let response = http.get(url).send().await.expect("an answer");
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.json().await.expect("JSON")
}

/// Polls `check` until it holds, failing after [`DEADLINE`].
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub fn settings_with(byzantine: &[(u16, Strategy)], mode: Mode) -> ClusterSettings {
    ClusterSettings {
        byzantine: byzantine.iter().map(|(n, s)| (node(*n), *s)).collect(),
        mode,
        ..ClusterSettings::default()
    }
}

/// One Server-Sent Event: its id, if it had one, and its data.
#[derive(Debug)]
pub struct SseEvent {
    pub id: Option<u64>,
    pub data: Value,
}

/// Reads an SSE response event by event.
pub struct SseReader {
    response: reqwest::Response,
    buffer: String,
}

impl SseReader {
    pub async fn open(http: &reqwest::Client, url: &str, last_event_id: Option<u64>) -> SseReader {
        let mut request = http.get(url).timeout(Duration::from_secs(3600));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.expect("an event stream");
        assert!(response.status().is_success(), "{}", response.status());
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        SseReader {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped), within the deadline.
    pub async fn next(&mut self) -> SseEvent {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut id = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id: ").or(line.strip_prefix("id:")) {
                        id = Some(value.trim().parse().expect("a numeric id"));
                    } else if let Some(value) =
                        line.strip_prefix("data: ").or(line.strip_prefix("data:"))
                    {
                        data.push_str(value);
                    }
                }
                if data.is_empty() {
                    continue;
                }
                let data = serde_json::from_str(&data).expect("JSON data");
                return SseEvent { id, data };
            }
            let chunk = tokio::time::timeout(DEADLINE, self.response.chunk())
                .await
                .expect("an event within the deadline")
                .expect("a readable stream")
                .expect("a stream that stays open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reads until an event satisfies `until`; returns every event read.
    pub async fn until(&mut self, until: impl Fn(&SseEvent) -> bool) -> Vec<SseEvent> {
        let mut events = Vec::new();
        loop {
            let event = self.next().await;
            let done = until(&event);
            events.push(event);
            if done {
                return events;
            }
        }
    }
}
