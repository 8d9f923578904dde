//! The keyboard shortcuts as the help overlay lists them.

/// Each shortcut's keys and what it does.
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
