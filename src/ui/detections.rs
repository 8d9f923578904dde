//! The detections table — the columns of `GET /detections`, newest last,
//! for every node or one — with its JSON exports and the nodes' `GET
//! /status`.

use byzscope_core::{DetectionKind, DetectionRecord, NodeId};
use leptos::prelude::*;

use crate::store::{Lab, Selection};
use crate::text::detections::{kind, older_rows_left_out, FALSE_ACCUSATION, FALSE_ACCUSATION_WHY};
use crate::ui::chip::ValueChip;
use crate::web::export::{copy_telling, download_telling, JSON};

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    event: usize,
    index: usize,
    record: DetectionRecord,
    kind: DetectionKind,
    at: u64,
    false_accusation: bool,
}

/// A detection as the table lists it: which one (its run's branch, the
/// node whose list it is in, the event that recorded it and its place
/// there) and its rank in that list, from 0. Within one branch and one
/// node's list a detection's rank never changes, so the key names it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    branch: u64,
    filter: Option<NodeId>,
    event: usize,
    index: usize,
    place: usize,
}

/// What the table lists: every detection up to the moment shown, the rows
/// of the latest, and the rank of the first of those.
#[derive(Clone, Debug, PartialEq)]
struct Listed {
    entries: Vec<Entry>,
    rows: Vec<Row>,
    first: usize,
}

/// The most rows the table lists: the latest, a round's worth at the
/// largest cluster the page offers (31 honest detectors). A long run has
/// hundreds of detections; a table of them all is no easier to read, and
/// every row it keeps moves at each step of a scrub, to be laid out and
/// painted again. The JSON lists every one.
const MOST_ROWS: usize = 32;

/// The detections table's head: the `/detections` fields, in the original
/// demo's order. The live page's table of the nodes' own documents has it
/// too.
#[component]
pub fn DetectionsHead() -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">"detected_" <wbr /> "at"</th>
                <th scope="col">"byzantine_" <wbr /> "node"</th>
                <th scope="col">"round"</th>
                <th scope="col">"conflicting_" <wbr /> "values"</th>
                <th scope="col">"detected_" <wbr /> "by"</th>
            </tr>
        </thead>
    }
}

/// The table, its filter and its exports.
#[component]
pub fn DetectionsPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let feedback = RwSignal::new(None::<String>);
    let json_open = RwSignal::new(false);
    let listed = Memo::new(move |_| {
        let filter = lab.filter.get();
        lab.with(|run| {
            let shown = run.shown();
            let started_at = shown.scenario().started_at_ms;
            let all = shown.detections(filter);
            let first = all.len().saturating_sub(MOST_ROWS);
            let entries = all
                .iter()
                .enumerate()
                .map(|(place, found)| Entry {
                    branch: run.branch(),
                    filter,
                    event: found.event,
                    index: found.index,
                    place,
                })
                .collect();
            let rows = all[first..]
                .iter()
                .map(|found| Row {
                    event: found.event,
                    index: found.index,
                    record: DetectionRecord::of(found.detection, started_at),
                    kind: found.detection.kind,
                    at: found.detection.at,
                    false_accusation: shown.is_false_accusation(found.detection),
                })
                .collect();
            Listed {
                entries,
                rows,
                first,
            }
        })
    });
    let entries = Memo::new(move |_| listed.with(|listed| listed.entries.clone()));
    let first = Memo::new(move |_| listed.with(|listed| listed.first));
    let shown_rows = Memo::new(move |_| listed.with(|listed| listed.rows.len()));
    let total = move || entries.with(Vec::len);
    // Every detection listed has a place in the list, drawn or not: the
    // rows only ever come and go at either end, so none of the rows kept
    // is moved. (A keyed list that grows at its head moves every row it
    // keeps in the page, and the browser lays each one out again.)
    let entry = move |entry: Entry| {
        let drawn = Memo::new(move |_| first.get() <= entry.place);
        move || {
            drawn.get().then(|| {
                listed
                    .with_untracked(|listed| {
                        listed
                            .rows
                            .iter()
                            .find(|row| (row.event, row.index) == (entry.event, entry.index))
                            .cloned()
                    })
                    .map(|row| view! { <DetectionRow row /> })
            })
        }
    };
    let who = move || match lab.filter.get() {
        Some(node) => node.to_string(),
        None => "all".to_owned(),
    };
    let detections_json = move || {
        let filter = lab.filter.get();
        lab.with(|run| run.shown().detections_json(filter))
    };
    let status_json = move || {
        let filter = lab.filter.get();
        lab.with(|run| run.shown().status_json(filter))
    };
    // On a click, read the documents without subscribing to them.
    let detections_now = move || untrack(detections_json);
    let status_now = move || untrack(status_json);
    let copy = move |what: &'static str, text: String| copy_telling(what, text, feedback);
    let download = move |what: &'static str, text: String| {
        download_telling(&format!("{}-{what}.json", who()), JSON, &text, feedback)
    };
    view! {
        <section class="panel detections-panel" aria-labelledby="detections-heading">
            <div class="panel-head">
                <h2 id="detections-heading">"Detections"</h2>
                <label>
                    "as seen by "
                    <select
                        id="detections-filter"
                        on:change=move |event| {
                            let choice = event_target_value(&event);
                            lab.filter.set(choice.parse::<NodeId>().ok());
                            feedback.set(None);
                        }
                    >
                        <option value="all" selected=move || lab.filter.get().is_none()>"all nodes"</option>
                        {move || {
                            lab.node_ids()
                                .into_iter()
                                .map(|id| {
                                    view! {
                                        <option value=id.to_string() selected=move || lab.filter.get() == Some(id)>
                                            {id.to_string()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <p class="note">
                {move || match lab.filter.get() {
                    Some(node) => format!("What {node}'s GET /detections lists."),
                    None => "Every node's GET /detections together, newest last.".to_owned(),
                }}
            </p>
            <div class="table-scroll">
                <table class="detections">
                    <DetectionsHead />
                    <tbody>
                        <For
                            each=move || entries.get()
                            key=|entry| (entry.branch, entry.filter, entry.event, entry.index)
                            children=entry
                        />
                    </tbody>
                </table>
                {move || {
                    (shown_rows.get() == 0)
                        .then(|| view! { <p class="empty">"No detections yet."</p> })
                }}
                {move || {
                    let (shown, total) = (shown_rows.get(), total());
                    (shown < total)
                        .then(|| view! { <p class="note older">{older_rows_left_out(shown, total)}</p> })
                }}
            </div>
            <div class="exports">
                <span class="exports-label">{move || format!("{} · detections:", who())}</span>
                <button id="copy-detections" on:click=move |_| copy("detections JSON", detections_now())>"Copy JSON"</button>
                <button id="download-detections" on:click=move |_| download("detections", detections_now())>
                    "Download JSON"
                </button>
                <span class="exports-label">"status:"</span>
                <button id="copy-status" on:click=move |_| copy("status JSON", status_now())>"Copy"</button>
                <button id="download-status" on:click=move |_| download("status", status_now())>"Download"</button>
            </div>
            <p class="feedback" aria-live="polite">{move || feedback.get()}</p>
            // The documents are written out only while the box is open: at
            // sixteen nodes the run changes every frame.
            <details
                class="json"
                on:toggle=move |event| {
                    use wasm_bindgen::JsCast;
                    let open = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                        .is_some_and(|details| details.open());
                    json_open.set(open);
                }
            >
                <summary>{move || format!("JSON of {}", who())}</summary>
                {move || {
                    json_open
                        .get()
                        .then(|| {
                            view! {
                                <h3>"GET /detections"</h3>
                                <pre class="export-detections">{detections_json}</pre>
                                <h3>"GET /status"</h3>
                                <pre class="export-status">{status_json}</pre>
                            }
                        })
                }}
            </details>
        </section>
    }
}

/// One detection: the five fields of its `/detections` record, clickable to
/// show how the detector came to know.
#[component]
fn DetectionRow(row: Row) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let record = row.record;
    // Break the long timestamp after the date, not in the middle of a number.
    let (date, time) = match record.detected_at.split_once('T') {
        Some((date, time)) => (format!("{date}T"), time.to_owned()),
        None => (record.detected_at.clone(), String::new()),
    };
    let values = lab.with_untracked(|run| {
        record
            .conflicting_values
            .iter()
            .map(|value| (value.clone(), run.swatch(value)))
            .collect::<Vec<_>>()
    });
    let count = values.len();
    let kind = kind(row.kind);
    let (event, index) = (row.event, row.index);
    let selected = move || lab.selection.get() == Selection::Detection { event, index };
    view! {
        // A click (or Enter) shows how the detector came to know: the two
        // statements' paths, on the stage and in the space-time diagram.
        <tr
            class:false-accusation=row.false_accusation
            class:selected=selected
            data-kind=kind
            data-event=event.to_string()
            tabindex="0"
            aria-selected=move || selected().to_string()
            title="Show the paths of the two statements behind this detection"
            on:click=move |_| lab.select_detection(event, index)
            on:keydown=move |key| {
                if key.key() == "Enter" || key.key() == " " {
                    key.prevent_default();
                    lab.select_detection(event, index);
                }
            }
        >
            <td class="time" title=format!("t = {} ms", row.at)>{date} <wbr /> {time}</td>
            <td>
                <strong>{record.byzantine_node.clone()}</strong>
                {row
                    .false_accusation
                    .then(|| {
                        view! {
                            <span class="flag" title=FALSE_ACCUSATION_WHY>
                                {FALSE_ACCUSATION}
                            </span>
                        }
                    })}
            </td>
            <td class="number">{record.round}</td>
            <td>
                {values
                    .into_iter()
                    .enumerate()
                    .map(|(index, (value, swatch))| {
                        view! {
                            <ValueChip value swatch />
                            {(index + 1 < count).then_some(", ")}
                        }
                    })
                    .collect_view()}
                {(row.kind == DetectionKind::Forgery).then(|| view! { <span class="kind">" (forgery)"</span> })}
            </td>
            <td>{record.detected_by}</td>
        </tr>
    }
}
