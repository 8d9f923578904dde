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
pub const SHORTCUTS: [Shortcut; 11] = [
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
        shown: "PageDown / PageUp",
        what: "In a lesson: the next step / the step before",
        keys: &[
            ("PageDown", Command::NextStep),
            ("PageUp", Command::StepBefore),
        ],
    },
    Shortcut {
        shown: "f",
        what: "Presenter view: the stage fills the screen",
        keys: &[("f", Command::Present(None))],
    },
    Shortcut {
        shown: "?",
        what: "Show or hide this help",
        keys: &[("?", Command::Help)],
    },
    Shortcut {
        shown: "Esc",
        what: "Close this help, or leave the presenter view",
        keys: &[("Escape", Command::Close)],
    },
];

/// The command for `key` pressed with focus on `focus`, if any. The
/// lesson keys (what a presenter's remote sends) work only `in_lesson`;
/// otherwise they scroll the page as they always did.
pub fn command(key: &str, focus: Focus, in_lesson: bool) -> Option<Command> {
    if !in_lesson && matches!(key, "PageDown" | "PageUp") {
        return None;
    }
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
        let in_lesson = page.tour.lesson.get_untracked().is_some();
        let Some(command) = command(&event.key(), focus_of(&event), in_lesson) else {
            return;
        };
        event.prevent_default();
        // A key has no one to tell of a refusal; none of these is refused
        // (the lesson keys only come with a lesson open).
        let _ = page.run(command);
    });
    on_cleanup(move || handle.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presenter_remote_and_the_space_bar_toggle_play() {
        assert_eq!(command(".", Focus::Page, false), Some(Command::Toggle));
        assert_eq!(command(" ", Focus::Page, false), Some(Command::Toggle));
        assert_eq!(command(".", Focus::Control, false), Some(Command::Toggle));
        // Space on a focused button presses the button, not the shortcut.
        assert_eq!(command(" ", Focus::Control, false), None);
    }

    #[test]
    fn f_toggles_the_presenter_view_and_the_remote_still_drives_it() {
        assert_eq!(
            command("f", Focus::Page, false),
            Some(Command::Present(None))
        );
        assert_eq!(
            command("f", Focus::Control, true),
            Some(Command::Present(None))
        );
        assert_eq!(command("Escape", Focus::Page, false), Some(Command::Close));
        // A presenter's remote sends these; the view changes none of them.
        for (key, given) in [
            (".", Command::Toggle),
            ("ArrowRight", Command::Step),
            ("ArrowLeft", Command::Back),
            ("PageDown", Command::NextStep),
            ("PageUp", Command::StepBefore),
        ] {
            assert_eq!(command(key, Focus::Page, true), Some(given), "{key}");
        }
    }

    #[test]
    fn typing_is_never_a_shortcut() {
        for key in [" ", ".", "n", "r", "p", "f", "+", "-", "?", "ArrowRight"] {
            assert_eq!(command(key, Focus::Typing, false), None, "{key}");
        }
        assert_eq!(
            command("Escape", Focus::Typing, false),
            Some(Command::Close)
        );
        assert_eq!(command("x", Focus::Page, false), None);
    }

    #[test]
    fn every_key_in_the_table_gives_its_command_and_a_help_line() {
        assert_eq!(
            command("End", Focus::Page, false),
            Some(Command::Seek(f64::INFINITY))
        );
        assert_eq!(command("=", Focus::Control, false), Some(Command::Faster));
        for shortcut in &SHORTCUTS {
            assert!(!shortcut.what.is_empty() && !shortcut.keys.is_empty());
            for (key, given) in shortcut.keys {
                assert_eq!(
                    command(key, Focus::Page, true).as_ref(),
                    Some(given),
                    "{key}"
                );
            }
        }
    }

    #[test]
    fn a_remote_pages_through_a_lesson_and_scrolls_the_sandbox() {
        assert_eq!(
            command("PageDown", Focus::Page, true),
            Some(Command::NextStep)
        );
        assert_eq!(
            command("PageUp", Focus::Control, true),
            Some(Command::StepBefore)
        );
        assert_eq!(command("PageDown", Focus::Page, false), None);
        assert_eq!(command("PageUp", Focus::Page, false), None);
        assert_eq!(command("PageDown", Focus::Typing, true), None);
    }
}
