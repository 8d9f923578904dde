//! Keyboard shortcuts, as a presenter uses them (a remote sends `.`): each
//! key is a [`Command`], carried out like any other.

use wasm_bindgen::JsCast;

use crate::web::command::{Command, Page};

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
        "Home" => Command::Seek(0.0),
        "End" => Command::Seek(f64::INFINITY),
        "r" => Command::Reset,
        "p" => Command::ProposeForm,
        "+" | "=" => Command::Faster,
        "-" | "_" => Command::Slower,
        "?" => Command::Help,
        "Escape" => Command::Close,
        _ => return None,
    })
}

fn focus_of(event: &web_sys::KeyboardEvent) -> Focus {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return Focus::Page;
    };
    let within = |selector: &str| element.closest(selector).ok().flatten().is_some();
    if within("input, textarea, select, [contenteditable]") {
        Focus::Typing
    } else if within("button, a[href], summary, [role=button]") {
        Focus::Control
    } else {
        Focus::Page
    }
}

/// Listens for the shortcuts for as long as the current owner lives.
pub fn listen(page: Page) {
    use leptos::prelude::*;
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
            return;
        }
        let Some(command) = command(&event.key(), focus_of(&event)) else {
            return;
        };
        event.prevent_default();
        // A key has no one to tell of a refusal; none of these is refused.
        let _ = page.run(command);
    });
    on_cleanup(move || handle.remove());
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
}
