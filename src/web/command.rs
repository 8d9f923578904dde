//! The page's commands, one list for every way in: a key, a presenter's
//! remote, a call on `window.byzscope`, or a `postMessage` from the page
//! that embeds ByzScope. Each arrives as a [`Command`]; [`Page::run`]
//! carries it out and answers.

use byzscope_core::NodeId;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::model::limits::{check_speed, nudge_speed};
use crate::store::{Lab, Look};
use crate::web::look::current_address;

/// Something the viewer, or a script, asks the page to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `POST /propose` on `node`.
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: String,
    },
    /// Submit the propose form as it stands.
    ProposeForm,
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Play or pause.
    Toggle,
    /// Deliver the next event.
    Step,
    /// Back to the event before.
    Back,
    /// Show the moment at this simulated time.
    Seek(f64),
    /// Run until nothing is left to happen.
    Finish,
    /// Start again from time 0.
    Reset,
    /// Set the speed, or (`None`) just tell it.
    Speed(Option<f64>),
    /// Speed up by a notch.
    Faster,
    /// Slow down by a notch.
    Slower,
    /// `GET /status` of one node, or of all.
    Status(Option<NodeId>),
    /// `GET /detections` of one node, or of all.
    Detections(Option<NodeId>),
    /// The address that replays the run (the API's `link()`).
    Address,
    /// Show or hide the shortcuts.
    Help,
    /// Close the shortcuts.
    Close,
}

/// What commands act on: the run, the look and the shortcuts overlay.
#[derive(Clone, Copy)]
pub struct Page {
    /// The run.
    pub lab: Lab,
    /// The look.
    pub look: Look,
    /// Whether the shortcuts overlay is open.
    pub help: RwSignal<bool>,
}

impl Page {
    /// Carries out `command` and answers as the scripting API replies:
    /// `null`, a round, whether it stepped, a number, a document, an
    /// address. The error says why it was refused, and then nothing
    /// changed.
    pub fn run(&self, command: Command) -> Result<JsValue, String> {
        let lab = self.lab;
        Ok(match command {
            Command::Propose { node, value } => {
                JsValue::from(lab.propose(node, &value).map_err(|e| e.to_string())? as f64)
            }
            Command::ProposeForm => {
                click("propose");
                JsValue::NULL
            }
            Command::Play => {
                lab.playing.set(true);
                JsValue::NULL
            }
            Command::Pause => {
                lab.playing.set(false);
                JsValue::NULL
            }
            Command::Toggle => {
                lab.playing.update(|playing| *playing = !*playing);
                JsValue::NULL
            }
            Command::Step => {
                lab.playing.set(false);
                JsValue::from(lab.step())
            }
            Command::Back => JsValue::from(lab.step_back()),
            Command::Seek(time) => {
                lab.seek(time);
                JsValue::from(lab.clock.get_untracked())
            }
            Command::Finish => {
                lab.run_until_quiet();
                JsValue::NULL
            }
            Command::Reset => {
                lab.reset();
                JsValue::NULL
            }
            Command::Speed(speed) => {
                if let Some(speed) = speed {
                    lab.speed.set(check_speed(speed)?);
                }
                JsValue::from(lab.speed.get_untracked())
            }
            Command::Faster | Command::Slower => {
                let faster = command == Command::Faster;
                lab.speed
                    .update(|speed| *speed = nudge_speed(*speed, faster));
                JsValue::from(lab.speed.get_untracked())
            }
            Command::Status(node) => json(&lab.with_untracked(|run| run.shown().status_json(node))),
            Command::Detections(node) => {
                json(&lab.with_untracked(|run| run.shown().detections_json(node)))
            }
            Command::Address => {
                JsValue::from_str(&current_address(lab, self.look, self.look.embed))
            }
            Command::Help => {
                self.help.update(|open| *open = !*open);
                JsValue::NULL
            }
            Command::Close => {
                self.help.set(false);
                JsValue::NULL
            }
        })
    }
}

/// A JSON document as a JS value (`null` if it is not JSON).
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Clicks the button with this id, as the viewer would.
fn click(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        element.click();
    }
}
