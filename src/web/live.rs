//! The live view's edges: one `EventSource` per watched node, reconnecting
//! with a growing wait (a `gloo-timers` timeout) when a node stops
//! answering; the nodes' `/status` and `/detections` fetched when they
//! change; `POST /propose`; and the frame loop, which runs only while
//! something may still move.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use byzscope_core::{DetectionsDocument, StatusDocument};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::model::live::{backoff_ms, Taken};
use crate::store::Watch;

/// How long after a node's last change its documents are fetched: a round
/// changes them several times within a few milliseconds.
const DOCUMENTS_AFTER_MS: u32 = 150;

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;
type ErrorHandler = Closure<dyn FnMut(web_sys::Event)>;
type FrameCallback = Closure<dyn FnMut(f64)>;

/// One watched node's connection.
#[derive(Default)]
struct Connection {
    source: Option<web_sys::EventSource>,
    on_message: Option<Handler>,
    on_error: Option<ErrorHandler>,
    retry: Option<Timeout>,
    documents: Option<Timeout>,
}

impl Connection {
    fn close(&mut self) {
        if let Some(source) = self.source.take() {
            source.set_onmessage(None);
            source.set_onerror(None);
            source.close();
        }
        self.on_message = None;
        self.on_error = None;
    }
}

/// Everything the live view keeps open.
struct Watcher {
    watch: Watch,
    window: web_sys::Window,
    connections: RefCell<Vec<Connection>>,
    frame: Cell<Option<i32>>,
    frame_callback: RefCell<Option<FrameCallback>>,
    stopped: Cell<bool>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Watcher {
    /// Opens node `at`'s stream, resuming after the last event held.
    fn connect(self: &Rc<Self>, at: usize) {
        if self.stopped.get() {
            return;
        }
        let (url, after) = self.watch.recording.with_untracked(|recording| {
            recording
                .watched
                .get(at)
                .map(|watched| (watched.url.clone(), watched.last_seq))
                .unwrap_or_default()
        });
        let source = match web_sys::EventSource::new(&format!("{url}/events?after={after}")) {
            Ok(source) => source,
            Err(_) => {
                self.watch.problem(format!(
                    "{url} cannot be watched: the browser refused the address."
                ));
                return;
            }
        };
        let weak = Rc::downgrade(self);
        let on_message = Handler::new(move |event: web_sys::MessageEvent| {
            let Some(watcher) = weak.upgrade() else {
                return;
            };
            let Some(line) = event.data().as_string() else {
                return;
            };
            watcher.on_line(at, &line);
        });
        let weak = Rc::downgrade(self);
        let on_error = ErrorHandler::new(move |_| {
            if let Some(watcher) = weak.upgrade() {
                watcher.on_down(at);
            }
        });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut connections = self.connections.borrow_mut();
        if let Some(connection) = connections.get_mut(at) {
            connection.close();
            connection.source = Some(source);
            connection.on_message = Some(on_message);
            connection.on_error = Some(on_error);
        }
    }

    fn on_line(self: &Rc<Self>, at: usize, line: &str) {
        match self.watch.take(at, line, now_ms()) {
            Some(Taken::Hello { .. }) => {
                self.fetch_documents_soon(at);
                self.wake();
            }
            Some(Taken::Event { changes_documents }) => {
                if changes_documents {
                    self.fetch_documents_soon(at);
                }
                self.wake();
            }
            Some(Taken::Repeated) | None => {}
        }
    }

    /// The stream broke or never opened: the node is down. The browser
    /// would retry on its own every few seconds; the page closes it and
    /// retries itself, waiting longer after each failure.
    fn on_down(self: &Rc<Self>, at: usize) {
        let failures = self.watch.mark_down(at);
        let weak = Rc::downgrade(self);
        let retry = Timeout::new(backoff_ms(failures), move || {
            if let Some(watcher) = weak.upgrade() {
                watcher.connect(at);
            }
        });
        let mut connections = self.connections.borrow_mut();
        if let Some(connection) = connections.get_mut(at) {
            connection.close();
            connection.retry = Some(retry);
        }
    }

    /// Fetches node `at`'s documents once its burst of changes is over.
    fn fetch_documents_soon(self: &Rc<Self>, at: usize) {
        let weak = Rc::downgrade(self);
        let timer = Timeout::new(DOCUMENTS_AFTER_MS, move || {
            let Some(watcher) = weak.upgrade() else {
                return;
            };
            let watch = watcher.watch;
            let url = watch.url(at);
            wasm_bindgen_futures::spawn_local(async move {
                match get::<StatusDocument>(&format!("{url}/status")).await {
                    Ok(status) => watch.set_status(at, status),
                    Err(why) => watch.problem(format!("{url}/status: {why}")),
                }
                match get::<DetectionsDocument>(&format!("{url}/detections")).await {
                    Ok(detections) => watch.set_detections(at, detections),
                    Err(why) => watch.problem(format!("{url}/detections: {why}")),
                }
            });
        });
        if let Some(connection) = self.connections.borrow_mut().get_mut(at) {
            // Replacing the timer cancels the one before.
            connection.documents = Some(timer);
        }
    }

    /// Asks for a frame, unless one is coming.
    fn wake(self: &Rc<Self>) {
        if self.stopped.get() || self.frame.get().is_some() {
            return;
        }
        if let Some(callback) = self.frame_callback.borrow().as_ref() {
            self.frame.set(
                self.window
                    .request_animation_frame(callback.as_ref().unchecked_ref())
                    .ok(),
            );
        }
    }

    fn on_frame(self: &Rc<Self>) {
        self.frame.set(None);
        if self.stopped.get() {
            return;
        }
        // At rest (everything arrived, or rewound) the loop stops; the next
        // event or the Live button starts it again.
        let moving = self.watch.frame(now_ms());
        if moving && self.watch.following.get_untracked() {
            self.wake();
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        if let Some(id) = self.frame.take() {
            let _ = self.window.cancel_animation_frame(id);
        }
        self.frame_callback.borrow_mut().take();
        for connection in self.connections.borrow_mut().iter_mut() {
            connection.close();
            connection.retry = None;
            connection.documents = None;
        }
    }
}

/// Watches every node of `watch` for as long as the current owner lives.
pub fn watch_cluster(watch: Watch) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let count = watch
        .recording
        .with_untracked(|recording| recording.watched.len());
    let watcher = Rc::new(Watcher {
        watch,
        window,
        connections: RefCell::new((0..count).map(|_| Connection::default()).collect()),
        frame: Cell::new(None),
        frame_callback: RefCell::new(None),
        stopped: Cell::new(false),
    });
    let weak = Rc::downgrade(&watcher);
    *watcher.frame_callback.borrow_mut() = Some(Closure::new(move |_: f64| {
        if let Some(watcher) = weak.upgrade() {
            watcher.on_frame();
        }
    }));
    for at in 0..count {
        watcher.connect(at);
    }
    // Back to following: draw again from now.
    let waker = Rc::clone(&watcher);
    Effect::new(move |_| {
        if watch.following.get() {
            waker.wake();
        }
    });
    let handle = StoredValue::new_local(watcher);
    on_cleanup(move || {
        handle.try_with_value(|watcher| watcher.stop());
    });
}

/// `GET url`, read as JSON, or why not in words.
async fn get<T: DeserializeOwned>(url: &str) -> Result<T, String> {
    let text = request("GET", url).await?.1;
    serde_json::from_str(&text).map_err(|error| format!("the answer is not the document ({error})"))
}

/// One request: its status and body, or why it failed in words.
async fn request(method: &str, url: &str) -> Result<(u16, String), String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| "no answer (is the node running?)".to_owned())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "an answer the browser could not read".to_owned())?;
    let body = response
        .text()
        .map_err(|_| "an answer without a body".to_owned())?;
    let text = JsFuture::from(body)
        .await
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default();
    Ok((response.status(), text))
}

/// A node's answer to `POST /propose`: what it proposed, or FastAPI's
/// `detail` saying why not.
#[derive(Default, serde::Deserialize)]
struct ProposeReply {
    node_id: Option<String>,
    value: Option<String>,
    round: Option<u64>,
    detail: Option<String>,
}

/// `POST base/propose?value=V`; the node's answer in words.
pub async fn propose(base: &str, value: &str) -> Result<String, String> {
    let encoded: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let (status, text) = request("POST", &format!("{base}/propose?value={encoded}")).await?;
    let reply: ProposeReply = serde_json::from_str(&text).unwrap_or_default();
    if (200..300).contains(&status) {
        Ok(crate::text::live::proposed(
            reply.node_id.as_deref().unwrap_or(base),
            reply.value.as_deref().unwrap_or(value),
            reply.round.unwrap_or(0),
        ))
    } else {
        Err(match reply.detail {
            Some(detail) => format!("refused: {detail}"),
            None => format!("refused with status {status}"),
        })
    }
}
