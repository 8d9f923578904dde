//! The console: each node prints its log lines on stdout in the original
//! demo's words, with the detection spread over indented lines as the
//! original printed it.

use std::io::Write;

use byzscope_core::{LogLine, NodeId};

/// Where a node's lines go.
#[derive(Clone, Copy, Debug)]
pub struct Console {
    enabled: bool,
}

impl Console {
    /// A console that prints when `enabled` (tests run nodes quietly).
    pub fn new(enabled: bool) -> Console {
        Console { enabled }
    }

    /// Prints one of the core's lines.
    pub fn line(&self, line: &LogLine) {
        self.print(&text_of(line));
    }

    /// Prints a note of the driver's own (a peer that could not be reached).
    pub fn note(&self, node: NodeId, text: &str) {
        self.print(&format!("[{node}] {text}"));
    }

    fn print(&self, text: &str) {
        if self.enabled {
            say(text);
        }
    }
}

/// Prints `text` and a newline on stdout in one write, so the lines of the
/// nodes of a `cluster`, which share this stdout, never interleave; a
/// closed stdout (`| head`) must not stop a node, as `println!` would.
pub fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// The console text of a line: the core's words, with an equivocation
/// detection on four lines as the original printed it.
pub fn text_of(line: &LogLine) -> String {
    match line {
        LogLine::EquivocationDetected {
            node,
            accused,
            round,
            values,
        } => {
            let values: Vec<String> = values.iter().map(|value| format!("'{value}'")).collect();
            format!(
                "[{node}] 🚨 BYZANTINE FAULT DETECTED!\n    Node: {accused}\n    Round: {round}\n    Conflicting values: {{{}}}",
                values.join(", ")
            )
        }
        _ => line.to_string(),
    }
}
