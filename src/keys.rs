//! Keyboard shortcuts, as a presenter uses them (a remote sends `.`), and
//! the help overlay that lists them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::lab::{Lab, MAX_SPEED, MIN_SPEED};

/// Each shortcut's keys and what it does, as the help overlay lists them.
pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Space or .", "Play or pause"),
    ("→ or n", "Step: the next event"),
    ("←", "Back: the event before"),
    ("Home / End", "The start of the run / the latest moment"),
    ("r", "Reset: start again from time 0"),
    ("p", "Propose the value in the form"),
    ("+ / −", "Faster / slower"),
    ("?", "Show or hide this help"),
    ("Esc", "Close this help"),
];

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Play or pause.
    Toggle,
    /// Deliver the next event.
    Step,
    /// Back to the event before.
    Back,
    /// The start of the run.
    Start,
    /// The latest moment.
    End,
    /// Start again.
    Reset,
    /// Submit the propose form.
    Propose,
    /// Speed up.
    Faster,
    /// Slow down.
    Slower,
    /// Show or hide the help.
    Help,
    /// Close the help.
    Close,
}

/// Where the key was pressed, as far as shortcuts care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Nowhere in particular: every shortcut works.
    Page,
    /// A button, link or summary: `Space` activates it, as it should.
    Control,
    /// A text field, menu or slider: the keys are the viewer's typing.
    Typing,
}

/// The command for `key` pressed with focus on `focus`, if any.
pub fn command(key: &str, focus: Focus) -> Option<Command> {
    if focus == Focus::Typing {
        return (key == "Escape").then_some(Command::Close);
    }
    Some(match key {
        " " if focus == Focus::Control => return None,
        " " | "." => Command::Toggle,
        "ArrowRight" | "n" => Command::Step,
        "ArrowLeft" => Command::Back,
        "Home" => Command::Start,
        "End" => Command::End,
        "r" => Command::Reset,
        "p" => Command::Propose,
        "+" | "=" => Command::Faster,
        "-" | "_" => Command::Slower,
        "?" => Command::Help,
        "Escape" => Command::Close,
        _ => return None,
    })
}

/// One press of `+` or `−` moves the speed by this factor (a quarter of a
/// decade, so eight presses cross the slider).
const SPEED_FACTOR: f64 = 1.778_279_410_038_923;

/// The speed one press away from `speed`.
pub fn nudge(speed: f64, faster: bool) -> f64 {
    let next = if faster {
        speed * SPEED_FACTOR
    } else {
        speed / SPEED_FACTOR
    };
    next.clamp(MIN_SPEED, MAX_SPEED)
}

fn focus_of(event: &web_sys::KeyboardEvent) -> Focus {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return Focus::Page;
    };
    if element
        .closest("input, textarea, select, [contenteditable]")
        .ok()
        .flatten()
        .is_some()
    {
        Focus::Typing
    } else if element
        .closest("button, a[href], summary, [role=button]")
        .ok()
        .flatten()
        .is_some()
    {
        Focus::Control
    } else {
        Focus::Page
    }
}

fn click(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        element.click();
    }
}

/// Listens for the shortcuts for as long as the current owner lives;
/// `help` is whether the help overlay is open.
pub fn listen(lab: Lab, help: RwSignal<bool>) {
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
            return;
        }
        let Some(command) = command(&event.key(), focus_of(&event)) else {
            return;
        };
        event.prevent_default();
        match command {
            Command::Toggle => lab.playing.update(|playing| *playing = !*playing),
            Command::Step => {
                lab.playing.set(false);
                lab.step();
            }
            Command::Back => {
                lab.step_back();
            }
            Command::Start => lab.seek(0.0),
            Command::End => lab.seek(f64::INFINITY),
            Command::Reset => lab.reset(),
            Command::Propose => click("propose"),
            Command::Faster => lab.speed.update(|speed| *speed = nudge(*speed, true)),
            Command::Slower => lab.speed.update(|speed| *speed = nudge(*speed, false)),
            Command::Help => help.update(|open| *open = !*open),
            Command::Close => help.set(false),
        }
    });
    on_cleanup(move || handle.remove());
}

/// The list of shortcuts, over the page while `open`.
#[component]
pub fn Help(open: RwSignal<bool>) -> impl IntoView {
    let close = NodeRef::<leptos::html::Button>::new();
    // Focus moves into the dialog when it opens, so Esc and Tab work there.
    Effect::new(move |_| {
        if open.get() {
            if let Some(button) = close.get() {
                let _ = button.focus();
            }
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="help-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="help"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-heading"
                    on:click=|event| event.stop_propagation()
                >
                    <h2 id="help-heading">"Keyboard shortcuts"</h2>
                    <table>
                        <tbody>
                            {SHORTCUTS
                                .iter()
                                .map(|(keys, what)| {
                                    view! {
                                        <tr>
                                            <th scope="row"><kbd>{*keys}</kbd></th>
                                            <td>{*what}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">"Shortcuts are off while you type in a field."</p>
                    <button id="help-close" node_ref=close on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </div>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presenter_remote_and_the_space_bar_toggle_play() {
        assert_eq!(command(".", Focus::Page), Some(Command::Toggle));
        assert_eq!(command(" ", Focus::Page), Some(Command::Toggle));
        assert_eq!(command(".", Focus::Control), Some(Command::Toggle));
        // Space on a focused button presses the button, not the shortcut.
        assert_eq!(command(" ", Focus::Control), None);
    }

    #[test]
    fn typing_is_never_a_shortcut() {
        for key in [" ", ".", "n", "r", "p", "+", "-", "?", "ArrowRight"] {
            assert_eq!(command(key, Focus::Typing), None, "{key}");
        }
        assert_eq!(command("Escape", Focus::Typing), Some(Command::Close));
        assert_eq!(command("x", Focus::Page), None);
    }

    #[test]
    fn speed_nudges_stay_on_the_slider() {
        assert!((nudge(1.0, true) - SPEED_FACTOR).abs() < 1e-12);
        assert!((nudge(nudge(1.0, true), false) - 1.0).abs() < 1e-12);
        assert_eq!(nudge(MAX_SPEED, true), MAX_SPEED);
        assert_eq!(nudge(MIN_SPEED, false), MIN_SPEED);
        let mut speed = MIN_SPEED;
        for _ in 0..8 {
            speed = nudge(speed, true);
        }
        assert!((speed - MAX_SPEED).abs() < 1e-9);
    }
}
