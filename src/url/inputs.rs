//! The inputs an address scripts, in both directions: `propose=node1:test123`
//! (once the run is quiet after the input before), `propose=node2@2600:again`
//! (at 2 600 ms), and network faults, which always say when: `drop=17@433`
//! (message 17), `cut=node1-node4@500`, `heal=node1-node4@900`,
//! `delay=node2-node3@0:300` (300 ms more).

use byzscope_core::sim::HORIZON_MS;
use byzscope_core::trace::Action;
use byzscope_core::{Millis, NodeId};

use crate::model::script::Scripted;

/// The parameters that script inputs, in the order the README lists them.
pub const INPUTS: [&str; 5] = ["propose", "drop", "cut", "heal", "delay"];

/// Reads a simulated time within the simulator's horizon.
fn time(text: &str) -> Result<Millis, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|at| *at <= HORIZON_MS)
        .ok_or_else(|| format!("'{text}' is not a time from 0 to {HORIZON_MS} ms"))
}

/// Reads a node id such as `node3`.
fn node(text: &str) -> Result<NodeId, String> {
    text.trim().parse().map_err(|e| format!("{e}"))
}

/// Reads `node1-node4`.
fn link_ends(text: &str) -> Result<(NodeId, NodeId), String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("'{text}' is not a link such as node1-node4"))?;
    Ok((node(a)?, node(b)?))
}

/// Reads one scripted input: `what` is the parameter's name.
pub(super) fn read(what: &str, text: &str) -> Result<Scripted, String> {
    if what == "propose" {
        // node1:value or node1@2600:value
        let (who, value) = text
            .split_once(':')
            .ok_or_else(|| format!("'{text}' is not NODE:VALUE, for example node1:test123"))?;
        let (proposer, at) = match who.split_once('@') {
            Some((proposer, at)) => (proposer, Some(time(at)?)),
            None => (who, None),
        };
        byzscope_core::value::validate(value).map_err(|e| e.to_string())?;
        return Ok(Scripted {
            action: Action::Propose {
                node: node(proposer)?,
                value: value.to_owned(),
            },
            at,
        });
    }
    // WHAT@TIME, and for a delay WHAT@TIME:MS
    let (subject, when) = text
        .split_once('@')
        .ok_or_else(|| format!("'{text}' does not say when, as in {what}=…@500"))?;
    let (when, extra) = match when.split_once(':') {
        Some((when, extra)) if what == "delay" => (when, Some(extra)),
        _ => (when, None),
    };
    let at = Some(time(when)?);
    let action = match what {
        "drop" => Action::Drop {
            message: subject
                .trim()
                .parse()
                .map_err(|_| format!("'{subject}' is not a message number"))?,
        },
        "cut" | "heal" | "delay" => {
            let (a, b) = link_ends(subject)?;
            match what {
                "cut" => Action::Cut { a, b },
                "heal" => Action::Heal { a, b },
                _ => Action::Delay {
                    a,
                    b,
                    extra_ms: extra
                        .ok_or_else(|| {
                            format!("'{text}' does not say how long, as in delay=node1-node2@0:300")
                        })
                        .and_then(time)?,
                },
            }
        }
        other => return Err(format!("{other} is not an input")),
    };
    Ok(Scripted { action, at })
}

/// The nodes an action names.
pub(super) fn named(action: &Action) -> Vec<NodeId> {
    match action {
        Action::Propose { node, .. } => vec![*node],
        Action::Cut { a, b } | Action::Heal { a, b } | Action::Delay { a, b, .. } => vec![*a, *b],
        Action::Drop { .. } => Vec::new(),
    }
}

/// The parameter and its value that script `input`: the subject, its time
/// if it has one, then a proposal's value or a delay's length.
pub(super) fn write(input: &Scripted) -> (&'static str, String) {
    use std::fmt::Write;
    let mut text = String::new();
    // Writing into a String cannot fail.
    let name = match &input.action {
        Action::Propose { node, .. } => {
            let _ = write!(text, "{node}");
            "propose"
        }
        Action::Drop { message } => {
            let _ = write!(text, "{message}");
            "drop"
        }
        Action::Cut { a, b } | Action::Heal { a, b } | Action::Delay { a, b, .. } => {
            let _ = write!(text, "{a}-{b}");
            match input.action {
                Action::Cut { .. } => "cut",
                Action::Heal { .. } => "heal",
                _ => "delay",
            }
        }
    };
    if let Some(at) = input.at {
        let _ = write!(text, "@{at}");
    }
    match &input.action {
        Action::Propose { value, .. } => {
            text.push(':');
            text.push_str(value);
        }
        Action::Delay { extra_ms, .. } => {
            let _ = write!(text, ":{extra_ms}");
        }
        _ => {}
    }
    (name, text)
}
