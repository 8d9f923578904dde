//! The event log: what happened, in the original demo's words, with the
//! simulated time — on the page and in the browser console.

use byzscope_core::Noted;
use leptos::prelude::*;

use crate::controls::time_label;
use crate::lab::Lab;

/// How many lines the page keeps on screen; the console has them all.
const SHOWN: usize = 300;

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    at: u64,
    text: String,
}

/// The log panel.
#[component]
pub fn Narration() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let lines = Memo::new(move |_| {
        lab.with(|run| {
            let trace = run.sim().trace();
            let all: Vec<Line> = trace
                .events
                .iter()
                .flat_map(|event| {
                    event.effects.iter().filter_map(move |noted| match noted {
                        Noted::Log { line } => Some(Line {
                            at: event.at,
                            text: line.clone(),
                        }),
                        _ => None,
                    })
                })
                .collect();
            all
        })
    });
    // Mirror new lines to the console, once each, per run.
    let logged = StoredValue::new((0u64, 0usize));
    Effect::new(move |_| {
        let generation = lab.with(|run| run.generation());
        lines.with(|lines| {
            let (last_generation, count) = logged.get_value();
            let from = if last_generation == generation {
                count
            } else {
                0
            };
            for line in lines.iter().skip(from) {
                web_sys::console::log_1(
                    &format!("{} {}", time_label(line.at as f64), line.text).into(),
                );
            }
            logged.set_value((generation, lines.len()));
        });
    });
    view! {
        <section class="panel narration" aria-labelledby="narration-heading">
            <h2 id="narration-heading">"Event log"</h2>
            // The box scrolls from the bottom (see the stylesheet), so the
            // newest line stays in view without reading the layout back.
            // Focusable, so the keyboard can scroll it too.
            <div class="log-scroll" tabindex="0" aria-label="Event log, newest last">
            <ol class="log">
                {move || {
                    lines.with(|lines| {
                        let skip = lines.len().saturating_sub(SHOWN);
                        lines[skip..]
                            .iter()
                            .map(|line| {
                                let class = if line.text.contains("DETECTED") {
                                    "detected"
                                } else if line.text.contains("BYZANTINE") {
                                    "byzantine"
                                } else if line.text.contains("Consensus") {
                                    "decided"
                                } else {
                                    ""
                                };
                                view! {
                                    <li class=class>
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
