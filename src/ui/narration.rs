//! The event log: what happened, in the original demo's words, with the
//! simulated time — on the page and in the browser console.

use byzscope_core::log::{LineKind, LogLine};
use byzscope_core::Outcome;
use leptos::prelude::*;

use crate::store::Lab;
use crate::text::time::time_label;

/// How many lines the page keeps on screen; the console has them all. The
/// box shows about ten at a time; each line kept is laid out anew at every
/// step of a scrub, which made the log the costliest panel to redraw.
const SHOWN: usize = 30;

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    at: u64,
    text: String,
    class: &'static str,
}

/// The class a log line is styled by: what it says, never its words.
fn class_of(line: &LogLine) -> &'static str {
    match line.kind() {
        LineKind::Detection => "detected",
        LineKind::Byzantine => "byzantine",
        LineKind::Decision => "decided",
        LineKind::Proposal | LineKind::Timeout => "",
    }
}

/// The log panel.
#[component]
pub fn Narration() -> impl IntoView {
    let lab = expect_context::<Lab>();
    // The newest lines only, read backwards from the time on screen: a long
    // run has tens of thousands, and the page shows the last few hundred.
    let lines = Memo::new(move |_| {
        lab.with(|run| {
            let trace = run.shown().trace();
            let mut lines: Vec<Line> = Vec::new();
            'events: for event in trace.events.iter().rev() {
                for noted in event.effects.iter().rev() {
                    if let Outcome::Log { line } = noted {
                        lines.push(Line {
                            at: event.at,
                            text: line.to_string(),
                            class: class_of(line),
                        });
                        if lines.len() == SHOWN {
                            break 'events;
                        }
                    }
                }
            }
            lines.reverse();
            lines
        })
    });
    // Mirror new lines to the console, once each: what the run adds at its
    // head (looking back at the past repeats nothing).
    lab.on_untold(
        |run, from| {
            let mut said = Vec::new();
            for event in &run.head_trace().events[from..] {
                for outcome in &event.effects {
                    if let Outcome::Log { line } = outcome {
                        said.push(format!("{} {line}", time_label(event.at as f64)));
                    }
                }
            }
            said
        },
        |said| {
            for line in said {
                web_sys::console::log_1(&line.into());
            }
        },
    );
    view! {
        <section class="panel narration" aria-labelledby="narration-heading">
            <h2 id="narration-heading">"Event log"</h2>
            // The box scrolls from the bottom (see the stylesheet), so the
            // newest line stays in view without reading the layout back.
            // Focusable, so the keyboard can scroll it too.
            <div class="log-scroll" tabindex="0" aria-label="Event log, newest last">
            <ol class="log">
                // Rebuilt whole when it changes: cheaper than a keyed diff
                // when scrubbing replaces most of the lines at once.
                {move || {
                    lines.with(|lines| {
                        lines
                            .iter()
                            .map(|line| {
                                view! {
                                    <li class=line.class>
                                        <span class="time">{time_label(line.at as f64)}</span>
                                        " "
                                        {line.text.clone()}
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
                {move || lines.with(Vec::is_empty).then(|| view! { <li class="muted">"Nothing yet. Propose a value to start a round."</li> })}
            </ol>
            </div>
        </section>
    }
}
