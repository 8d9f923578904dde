//! The page's commands, one list for every way in: a key, a presenter's
//! remote, a call on `window.byzscope`, or a `postMessage` from the page
//! that embeds ByzScope. Each arrives as a [`Command`]; [`Page::run`]
//! carries it out and answers.

use byzscope_core::NodeId;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::model::lessons::LESSONS;
use crate::model::limits::{check_speed, nudge_speed};
use crate::store::{Lab, Look, Tour};
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
    /// Every lesson: its id, title and number of steps.
    Lessons,
    /// Open a lesson at a step (counted from 0; the first if `None`).
    Lesson {
        /// The lesson's id.
        id: String,
        /// The step.
        step: Option<usize>,
    },
    /// The lesson's next step, never waiting (past the last, the lesson
    /// ends and the sandbox keeps the run).
    NextStep,
    /// The lesson's step before, exactly as it was.
    StepBefore,
    /// Where the lesson stands: `{lesson, step, steps, waiting_for,
    /// task_done}`, or `null` outside a lesson.
    LessonState,
    /// Show or hide the shortcuts.
    Help,
    /// Close the shortcuts, or else leave the presenter view.
    Close,
    /// The presenter view on (`Some(true)`), off (`Some(false)`), or the
    /// other way round (`None`, what the key `f` does).
    Present(Option<bool>),
}

/// What commands act on: the run, the lesson, the look and the shortcuts
/// overlay.
#[derive(Clone, Copy)]
pub struct Page {
    /// The run.
    pub lab: Lab,
    /// The lesson being taken.
    pub tour: Tour,
    /// The look.
    pub look: Look,
    /// Whether the shortcuts overlay is open.
    pub help: RwSignal<bool>,
    /// Whether the presenter view is on: the stage fills the screen.
    pub present: RwSignal<bool>,
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
            Command::Lessons => {
                let list = js_sys::Array::new();
                for lesson in &LESSONS {
                    list.push(&object(&[
                        ("id", JsValue::from_str(lesson.id)),
                        ("title", JsValue::from_str(lesson.title)),
                        ("steps", JsValue::from(lesson.steps.len() as f64)),
                    ]));
                }
                list.into()
            }
            Command::Lesson { id, step } => {
                self.tour.open(&id, step)?;
                lesson_state(self.tour)
            }
            Command::NextStep => {
                self.tour.next()?;
                lesson_state(self.tour)
            }
            Command::StepBefore => {
                self.tour.back()?;
                lesson_state(self.tour)
            }
            Command::LessonState => lesson_state(self.tour),
            Command::Help => {
                self.help.update(|open| *open = !*open);
                JsValue::NULL
            }
            Command::Close => {
                // One press of Esc undoes one thing: the overlay first.
                if self.help.get_untracked() {
                    self.help.set(false);
                } else {
                    self.present.set(false);
                }
                JsValue::NULL
            }
            Command::Present(on) => {
                let on = on.unwrap_or(!self.present.get_untracked());
                self.present.set(on);
                JsValue::from(on)
            }
        })
    }
}

/// A plain JS object with these fields. Built directly rather than through
/// `serde_json::Value`, which would add its own code to the wasm.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// `{lesson, step, steps, waiting_for, task_done}` (step counted from 1),
/// or `null` outside a lesson.
pub fn lesson_state(tour: Tour) -> JsValue {
    let Some(lesson) = tour.lesson.get_untracked() else {
        return JsValue::NULL;
    };
    let done = untrack(|| tour.task_done());
    object(&[
        ("lesson", JsValue::from_str(lesson.id)),
        (
            "step",
            JsValue::from((tour.step.get_untracked() + 1) as f64),
        ),
        ("steps", JsValue::from(lesson.steps.len() as f64)),
        (
            "waiting_for",
            tour.waiting_for()
                .map_or(JsValue::NULL, |text| JsValue::from_str(&text)),
        ),
        ("task_done", JsValue::from(done)),
    ])
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
