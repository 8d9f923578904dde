//! The page's commands, one list for every way in: a key, a presenter's
//! remote, a call on `window.byzscope`, or a `postMessage` from the page
//! that embeds ByzScope. Each arrives as a [`Command`]; [`Page::run`]
//! carries it out and answers.

use byzscope_core::NodeId;
use leptos::prelude::*;

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

/// What a command answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Nothing to say.
    Done,
    /// The round a proposal started.
    Round(u64),
    /// Whether there was an event to step to.
    Stepped(bool),
    /// A number: the speed, or the time now shown.
    Number(f64),
    /// A JSON document.
    Json(String),
    /// Some text: an address.
    Text(String),
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
    /// Carries out `command`; the error says why it was refused, and then
    /// nothing changed.
    pub fn run(&self, command: Command) -> Result<Answer, String> {
        let lab = self.lab;
        Ok(match command {
            Command::Propose { node, value } => {
                Answer::Round(lab.propose(node, &value).map_err(|e| e.to_string())?)
            }
            Command::ProposeForm => {
                click("propose");
                Answer::Done
            }
            Command::Play => {
                lab.playing.set(true);
                Answer::Done
            }
            Command::Pause => {
                lab.playing.set(false);
                Answer::Done
            }
            Command::Toggle => {
                lab.playing.update(|playing| *playing = !*playing);
                Answer::Done
            }
            Command::Step => {
                lab.playing.set(false);
                Answer::Stepped(lab.step())
            }
            Command::Back => Answer::Stepped(lab.step_back()),
            Command::Seek(time) => {
                lab.seek(time);
                Answer::Number(lab.clock.get_untracked())
            }
            Command::Finish => {
                lab.run_until_quiet();
                Answer::Done
            }
            Command::Reset => {
                lab.reset();
                Answer::Done
            }
            Command::Speed(speed) => {
                if let Some(speed) = speed {
                    lab.speed.set(check_speed(speed)?);
                }
                Answer::Number(lab.speed.get_untracked())
            }
            Command::Faster | Command::Slower => {
                let faster = command == Command::Faster;
                lab.speed
                    .update(|speed| *speed = nudge_speed(*speed, faster));
                Answer::Number(lab.speed.get_untracked())
            }
            Command::Status(node) => {
                Answer::Json(lab.with_untracked(|run| run.shown().status_json(node)))
            }
            Command::Detections(node) => {
                Answer::Json(lab.with_untracked(|run| run.shown().detections_json(node)))
            }
            Command::Address => Answer::Text(current_address(lab, self.look, self.look.embed)),
            Command::Help => {
                self.help.update(|open| *open = !*open);
                Answer::Done
            }
            Command::Close => {
                self.help.set(false);
                Answer::Done
            }
        })
    }
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
