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

/// One line of the shortcuts overlay: its keys as shown, what they do, and
/// each key as the browser names it with the command it gives.
pub struct Shortcut {
    /// The keys, as the overlay shows them.
    pub shown: &'static str,
    /// What they do.
    pub what: &'static str,
    /// Each key (`KeyboardEvent.key`) and its command.
    pub keys: &'static [(&'static str, Command)],
}

/// Every shortcut, in the order the overlay lists them: the one table the
/// keyboard and its help are both read from.
pub const SHORTCUTS: [Shortcut; 9] = [
    Shortcut {
        shown: "Space or .",
        what: "Play or pause",
        keys: &[(" ", Command::Toggle), (".", Command::Toggle)],
    },
    Shortcut {
        shown: "→ or n",
        what: "Step: the next event",
        keys: &[("ArrowRight", Command::Step), ("n", Command::Step)],
    },
    Shortcut {
        shown: "←",
        what: "Back: the event before",
        keys: &[("ArrowLeft", Command::Back)],
    },
    Shortcut {
        shown: "Home / End",
        what: "The start of the run / the latest moment",
        keys: &[
            ("Home", Command::Seek(0.0)),
            ("End", Command::Seek(f64::INFINITY)),
        ],
    },
    Shortcut {
        shown: "r",
        what: "Reset: start again from time 0",
        keys: &[("r", Command::Reset)],
    },
    Shortcut {
        shown: "p",
        what: "Propose the value in the form",
        keys: &[("p", Command::ProposeForm)],
    },
    Shortcut {
        shown: "+ / −",
        what: "Faster / slower",
        keys: &[
            ("+", Command::Faster),
            ("=", Command::Faster),
            ("-", Command::Slower),
            ("_", Command::Slower),
        ],
    },
    Shortcut {
        shown: "?",
        what: "Show or hide this help",
        keys: &[("?", Command::Help)],
    },
    Shortcut {
        shown: "Esc",
        what: "Close this help",
        keys: &[("Escape", Command::Close)],
    },
];

/// The command for `key` pressed with focus on `focus`, if any.
pub fn command(key: &str, focus: Focus) -> Option<Command> {
    if focus == Focus::Typing {
        return (key == "Escape").then_some(Command::Close);
    }
    if key == " " && focus == Focus::Control {
        return None;
    }
    for shortcut in &SHORTCUTS {
        for (name, command) in shortcut.keys {
            if *name == key {
                return Some(command.clone());
            }
        }
    }
    None
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

    #[test]
    fn every_key_in_the_table_gives_its_command_and_a_help_line() {
        assert_eq!(
            command("End", Focus::Page),
            Some(Command::Seek(f64::INFINITY))
        );
        assert_eq!(command("=", Focus::Control), Some(Command::Faster));
        for shortcut in &SHORTCUTS {
            assert!(!shortcut.what.is_empty() && !shortcut.keys.is_empty());
            for (key, given) in shortcut.keys {
                assert_eq!(command(key, Focus::Page).as_ref(), Some(given), "{key}");
            }
        }
    }
}
