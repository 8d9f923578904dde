//! The scripting API for slide decks and pages that embed ByzScope.
//!
//! Inside the page, `window.byzscope` has `propose(node, value)`, `play()`,
//! `pause()`, `step()`, `finish()`, `reset()`, `speed(x)`, `seek(ms)` (show
//! the run as it was then), `status(node?)`, `detections(node?)` and
//! `link()` (the address that replays the run), and for lessons
//! `lessons()` (`[{id, title, steps}]`), `lesson(id, step?)`, `next()`,
//! `back()` and `lesson_state()` (`{lesson, step, steps, waiting_for,
//! task_done}`, steps counted from 1, `null` outside a lesson), and
//! `present(on?)` (the presenter view on or off, or the other way round;
//! it answers whether it is on); a refused
//! call throws an `Error` that says why.
//! Across an iframe the same commands travel by `postMessage`:
//!
//! ```text
//! → {"byzscope": "command", "id": 7, "command": "propose", "args": ["node1", "test123"]}
//! ← {"byzscope": "reply", "id": 7, "ok": true, "result": 1}
//! ← {"byzscope": "reply", "id": 8, "ok": false, "error": "node9 is not in the cluster"}
//! ← {"byzscope": "event", "event": "ready"}
//! ← {"byzscope": "event", "event": "proposal", "node": "node1", "value": "test123", "round": 1}
//! ← {"byzscope": "event", "event": "detection", "detection": {…the /detections record…}}
//! ← {"byzscope": "event", "event": "decision", "node": "node1", "round": 1, "value": "test123"}
//! ← {"byzscope": "event", "event": "lesson_step", "state": {…lesson_state()…}}
//! ← {"byzscope": "event", "event": "task_done", "state": {…lesson_state()…}}
//! ```
//!
//! A message that is not such a command is ignored. Events also reach the
//! page itself as a `byzscope` `CustomEvent` on `window`, its `detail` the
//! same object.

use byzscope_core::NodeId;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::store::Lab;
use crate::text::news::{news_in, News};
use crate::web::command::{json, lesson_state, object, Command, Page};

/// Reads an optional node argument: absent, `null` or `undefined` means
/// every node.
fn node_arg(lab: Lab, arg: Option<&JsValue>) -> Result<Option<NodeId>, String> {
    let Some(arg) = arg.filter(|arg| !arg.is_undefined() && !arg.is_null()) else {
        return Ok(None);
    };
    let text = arg
        .as_string()
        .ok_or("a node is a string such as \"node1\"")?;
    let node: NodeId = text.parse().map_err(|error| format!("{error}"))?;
    let nodes = lab.scenario.with_untracked(|scenario| scenario.nodes);
    if node.number() > nodes {
        return Err(format!("{node} is not in the cluster of {nodes} nodes"));
    }
    Ok(Some(node))
}

/// Every call a script may make, in the order the README lists them:
/// `install` puts each on `window.byzscope`, and [`parse`] reads each.
pub const CALLS: [&str; 17] = [
    "propose",
    "play",
    "pause",
    "step",
    "finish",
    "reset",
    "speed",
    "seek",
    "status",
    "detections",
    "link",
    "lessons",
    "lesson",
    "next",
    "back",
    "lesson_state",
    "present",
];

/// The command a script's call names, with its arguments read; the error
/// says what is wrong with them.
pub fn parse(lab: Lab, name: &str, args: &[JsValue]) -> Result<Command, String> {
    Ok(match name {
        "propose" => Command::Propose {
            node: node_arg(lab, args.first())?
                .ok_or("propose needs a node, such as propose(\"node1\", \"test123\")")?,
            value: args
                .get(1)
                .and_then(JsValue::as_string)
                .ok_or("propose needs a value, a string such as \"test123\"")?,
        },
        "play" => Command::Play,
        "pause" => Command::Pause,
        "step" => Command::Step,
        "finish" => Command::Finish,
        "reset" => Command::Reset,
        "speed" => Command::Speed(match args.first().filter(|arg| !arg.is_undefined()) {
            Some(speed) => Some(speed.as_f64().ok_or("speed takes a number")?),
            None => None,
        }),
        "seek" => Command::Seek(
            args.first()
                .and_then(JsValue::as_f64)
                .filter(|time| *time >= 0.0)
                .ok_or("seek takes a simulated time in milliseconds, 0 or more")?,
        ),
        "status" => Command::Status(node_arg(lab, args.first())?),
        "detections" => Command::Detections(node_arg(lab, args.first())?),
        "link" => Command::Address,
        "lessons" => Command::Lessons,
        "lesson" => Command::Lesson {
            id: args
                .first()
                .and_then(JsValue::as_string)
                .ok_or("lesson needs a lesson's id, such as lesson(\"agree\")")?,
            step: match args
                .get(1)
                .filter(|arg| !arg.is_undefined() && !arg.is_null())
            {
                None => None,
                Some(step) => Some(
                    step.as_f64()
                        .filter(|k| k.fract() == 0.0 && *k >= 1.0)
                        .ok_or("a lesson's step is a whole number from 1")?
                        as usize
                        - 1,
                ),
            },
        },
        "next" => Command::NextStep,
        "back" => Command::StepBefore,
        "lesson_state" => Command::LessonState,
        "present" => Command::Present(
            match args
                .first()
                .filter(|arg| !arg.is_undefined() && !arg.is_null())
            {
                None => None,
                Some(on) => Some(
                    on.as_bool()
                        .ok_or("present takes true or false, or nothing to switch it over")?,
                ),
            },
        ),
        other => {
            return Err(format!(
                "there is no command '{other}'; the commands are {}",
                CALLS.join(", ")
            ))
        }
    })
}

/// Runs one named command; the error says why it was refused, and then
/// nothing changed.
pub fn command(page: Page, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    page.run(parse(page.lab, name, args)?)
}

/// The event message for a piece of news.
pub fn event(news: &News) -> JsValue {
    let text = JsValue::from_str;
    let head = |name: &str| vec![("byzscope", text("event")), ("event", text(name))];
    let fields = match news {
        News::Proposed { node, value, round } => {
            let mut fields = head("proposal");
            fields.extend([
                ("node", text(&node.to_string())),
                ("value", text(value)),
                ("round", JsValue::from(*round as f64)),
            ]);
            fields
        }
        News::Detected { record, .. } => {
            // Pretty, like every other document the page writes: one JSON
            // writer in the wasm, and JSON.parse reads it all the same.
            let record = serde_json::to_string_pretty(record)
                .unwrap_or_else(|_| panic!("the record is plain data"));
            let mut fields = head("detection");
            fields.push(("detection", json(&record)));
            fields
        }
        News::Decided { node, round, value } => {
            let mut fields = head("decision");
            fields.extend([
                ("node", text(&node.to_string())),
                ("round", JsValue::from(*round as f64)),
                ("value", text(value)),
            ]);
            fields
        }
    };
    object(&fields)
}

/// Tells the embedding page (if any) and this page's own listeners.
fn publish(message: &JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(parent)) = window.parent() {
        if !js_sys::Object::is(&parent, &window) {
            let _ = parent.post_message(message, "*");
        }
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(message);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("byzscope", &init) {
        let _ = window.dispatch_event(&event);
    }
}

/// A field of a JS object, `undefined` if it has none.
fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Answers one `postMessage` command; anything else is ignored.
fn answer(page: Page, event: web_sys::MessageEvent) {
    let data = event.data();
    if !data.is_object() || field(&data, "byzscope").as_string().as_deref() != Some("command") {
        return;
    }
    let Some(name) = field(&data, "command").as_string() else {
        return;
    };
    let args = field(&data, "args");
    let args: Vec<JsValue> = if args.is_undefined() {
        Vec::new()
    } else if js_sys::Array::is_array(&args) {
        js_sys::Array::from(&args).iter().collect()
    } else {
        return;
    };
    let reply = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&reply, &JsValue::from_str(key), value);
    };
    set("byzscope", &JsValue::from_str("reply"));
    set("id", &field(&data, "id"));
    match command(page, &name, &args) {
        Ok(result) => {
            set("ok", &JsValue::TRUE);
            set("result", &result);
        }
        Err(error) => {
            set("ok", &JsValue::FALSE);
            set("error", &JsValue::from_str(&error));
        }
    }
    let Some(source) = event.source() else {
        return;
    };
    // The source may be a window of another origin: only its postMessage
    // may be called, so no type check (it would read a property).
    let source: web_sys::Window = source.unchecked_into();
    let origin = event.origin();
    let target = if origin.is_empty() || origin == "null" {
        "*"
    } else {
        &origin
    };
    let _ = source.post_message(&reply, target);
}

type Method = Closure<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// Installs `window.byzscope` and the `postMessage` listener for `page`,
/// posts the `ready` event, and follows the run to post the others; all
/// of it goes when the current owner does.
pub fn install(page: Page) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = js_sys::Object::new();
    let methods: Vec<Method> = CALLS
        .iter()
        .map(|name| {
            let method: Method = Closure::new(move |first: JsValue, second: JsValue| {
                command(page, name, &[first, second])
                    .map_err(|error| js_sys::Error::new(&error).into())
            });
            let _ = js_sys::Reflect::set(&api, &JsValue::from_str(name), method.as_ref());
            method
        })
        .collect();
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("byzscope"), &api);
    let installed = StoredValue::new_local(api);
    // The closures live exactly as long as the page's owner.
    let methods = StoredValue::new_local(methods);
    let listener = window_event_listener(leptos::ev::message, move |event| answer(page, event));
    on_cleanup(move || {
        listener.remove();
        methods.dispose();
        // Only if it is still this page's: another may have replaced it.
        let key = JsValue::from_str("byzscope");
        if let (Some(window), Some(api)) = (web_sys::window(), installed.try_get_value()) {
            if js_sys::Reflect::get(&window, &key).is_ok_and(|current| current == *api) {
                let _ = js_sys::Reflect::delete_property(&window, &key);
            }
        }
        installed.dispose();
    });
    page.lab.on_untold(
        |run, from| news_in(run.shown().trace(), from),
        |news| news.iter().for_each(|news| publish(&event(news))),
    );
    tell_lessons(page);
    publish(&object(&[
        ("byzscope", JsValue::from_str("event")),
        ("event", JsValue::from_str("ready")),
    ]));
}

/// Posts `lesson_step` each time a step is entered, and `task_done` when
/// the learner's run meets a task's goal, each with the lesson's state.
fn tell_lessons(page: Page) {
    let tour = page.tour;
    let with_state = move |name: &str| {
        let message = object(&[
            ("byzscope", JsValue::from_str("event")),
            ("event", JsValue::from_str(name)),
        ]);
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("state"), &lesson_state(tour));
        message
    };
    tour.on_step(move || publish(&with_state("lesson_step")));
    let done = Memo::new(move |_| (tour.entered.get(), tour.task_done()));
    Effect::new(move |_| {
        if done.get().1 {
            publish(&with_state("task_done"));
        }
    });
}
