//! The live page's side column: proposing on a node, the nodes and how
//! each answers, the detections table (the nodes' own `/detections`), the
//! run's download, and what the nodes sent that the page could not use.

use leptos::prelude::*;

use super::ring::link_name;
use crate::model::export::run_json;
use crate::model::limits::DEFAULT_VALUE;
use crate::store::Watch;
use crate::text::live::link as link_words;
use crate::ui::chip::ValueChip;
use crate::ui::detections::DetectionsHead;
use crate::web::export::{download_telling, JSON};
use crate::web::live::propose;

/// Each watched node's name as the page knows it: its id once heard, its
/// address before.
fn names(watch: Watch) -> Vec<String> {
    watch.recording.with(|recording| {
        recording
            .watched
            .iter()
            .map(|watched| match &watched.hello {
                Some(hello) => hello.node.to_string(),
                None => watched.url.clone(),
            })
            .collect()
    })
}

/// Propose a value on one node: `POST /propose?value=V` to it.
#[component]
pub fn LivePropose() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let node = RwSignal::new(0usize);
    let value = RwSignal::new(DEFAULT_VALUE.to_owned());
    let reply = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let at = node.get_untracked();
        let base = watch.url(at);
        let text = value.get_untracked();
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = propose(&base, &text).await;
            let _ = busy.try_set(false);
            let _ = reply.try_set(Some(match answer {
                Ok(words) => (true, words),
                Err(why) => (false, format!("{base}: {why}")),
            }));
        });
    };
    view! {
        <form class="propose live-propose" on:submit=submit>
            <label>
                "Node "
                <select
                    id="live-propose-node"
                    on:change=move |event| {
                        if let Ok(at) = event_target_value(&event).parse() {
                            node.set(at);
                        }
                    }
                >
                    {move || {
                        names(watch)
                            .into_iter()
                            .enumerate()
                            .map(|(at, name)| {
                                view! {
                                    <option value=at.to_string() selected=move || node.get() == at>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label>
                "Value "
                <input
                    id="live-propose-value"
                    type="text"
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                />
            </label>
            <button id="live-propose" type="submit" prop:disabled=move || busy.get()>
                "Propose"
            </button>
            <p
                id="live-propose-reply"
                class="feedback"
                class:refused=move || reply.with(|r| r.as_ref().is_some_and(|(ok, _)| !ok))
                role="status"
            >
                {move || reply.get().map(|(_, words)| words)}
            </p>
        </form>
    }
}

/// The watched nodes: address, whether each answers, and its `/status`.
#[component]
pub fn NodeList() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let rows = move || {
        watch.recording.with(|recording| {
            recording
                .watched
                .iter()
                .map(|watched| {
                    let name = watched
                        .hello
                        .as_ref()
                        .map_or_else(|| "—".to_owned(), |hello| hello.node.to_string());
                    let state = link_name(watched.link);
                    let status = watched.status.as_ref().map(|status| {
                        format!(
                            "round {} · {}",
                            status.current_round,
                            status
                                .consensus_value
                                .as_deref()
                                .unwrap_or("no consensus yet")
                        )
                    });
                    let restarts =
                        (watched.lives > 1).then(|| format!(" · restarted {}×", watched.lives - 1));
                    view! {
                        <tr data-link=state data-url=watched.url.clone()>
                            <td><strong>{name}</strong></td>
                            <td class="url">{watched.url.clone()}</td>
                            <td class=format!("link {state}")>{link_words(watched.link)}</td>
                            <td>{status}{restarts}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel live-nodes" aria-labelledby="live-nodes-heading">
            <h2 id="live-nodes-heading">"Nodes"</h2>
            <div class="table-scroll">
                <table class="detections">
                    <thead>
                        <tr>
                            <th scope="col">"node"</th>
                            <th scope="col">"address"</th>
                            <th scope="col">"link"</th>
                            <th scope="col">"/status"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The detections table: every node's `/detections`, row for row as the
/// node served it.
#[component]
pub fn LiveDetections() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let rows = Memo::new(move |_| {
        watch.recording.with(|recording| {
            recording
                .watched
                .iter()
                .filter_map(|watched| watched.detections.as_ref())
                .flat_map(|document| document.detections.iter().cloned())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel detections-panel" aria-labelledby="detections-heading">
            <div class="panel-head">
                <h2 id="detections-heading">"Detections"</h2>
            </div>
            <p class="note">"Each node's own " <code>"GET /detections"</code> ", as " <code>"curl"</code> " shows it."</p>
            <div class="table-scroll">
                <table class="detections" id="live-detections">
                    <DetectionsHead />
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|record| {
                                    let chips = watch.built.with(|built| {
                                        record
                                            .conflicting_values
                                            .iter()
                                            .map(|value| (value.clone(), built.palette.swatch(value)))
                                            .collect::<Vec<_>>()
                                    });
                                    let count = chips.len();
                                    // Broken after the date, as the simulator's table
                                    // does; the text is the node's, unchanged.
                                    let (date, time) = match record.detected_at.split_once('T') {
                                        Some((date, time)) => (format!("{date}T"), time.to_owned()),
                                        None => (record.detected_at.clone(), String::new()),
                                    };
                                    view! {
                                        <tr data-detected-by=record.detected_by.clone()>
                                            <td class="time">{date}<wbr />{time}</td>
                                            <td><strong>{record.byzantine_node.clone()}</strong></td>
                                            <td class="number">{record.round}</td>
                                            <td data-values=record.conflicting_values.join(",")>
                                                {chips
                                                    .into_iter()
                                                    .enumerate()
                                                    .map(|(index, (value, swatch))| view! {
                                                        <ValueChip value swatch />
                                                        {(index + 1 < count).then_some(", ")}
                                                    })
                                                    .collect_view()}
                                            </td>
                                            <td>{record.detected_by.clone()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                {move || rows.with(Vec::is_empty).then(|| view! { <p class="empty">"No detections yet."</p> })}
            </div>
        </section>
    }
}

/// Downloads what was recorded as the simulator's run JSON.
#[component]
pub fn Download() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let feedback = RwSignal::new(None::<String>);
    let download = move |_| {
        let text = watch.built.with_untracked(|built| run_json(&built.trace));
        download_telling("byzscope-live-run.json", JSON, &text, feedback);
    };
    view! {
        <section class="panel live-export">
            <button id="live-download" on:click=download>"Download run JSON"</button>
            <p class="feedback" role="status">{move || feedback.get()}</p>
        </section>
    }
}

/// What the nodes sent that the page could not use, each in words.
#[component]
pub fn Problems() -> impl IntoView {
    let watch = expect_context::<Watch>();
    view! {
        <Show when=move || watch.problems.with(|problems| !problems.is_empty())>
            <div class="notice" role="alert" id="live-problems">
                <div>
                    <strong>"Some of what the nodes sent was not used."</strong>
                    <ul>
                        {move || {
                            watch
                                .problems
                                .get()
                                .into_iter()
                                .map(|problem| view! { <li>{problem}</li> })
                                .collect_view()
                        }}
                    </ul>
                </div>
                <button id="dismiss-problems" on:click=move |_| watch.problems.set(Vec::new())>
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}
