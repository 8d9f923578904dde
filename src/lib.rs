//! The ByzScope web app: runs a scenario of the consensus core in the
//! browser and shows what every node ends up reporting.

use byzscope_core::{DetectionRecord, DetectionsDocument, StatusDocument};
use leptos::prelude::*;

pub mod demo;

/// Mounts [`App`] as the page's body, for the life of the page.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    // The page load is the scenario's wall-clock start, so `detected_at`
    // reads as a time of today, as in the native runner.
    let outcome = demo::run_default(js_sys::Date::now() as i64);
    view! {
        <header>
            <h1>"ByzScope"</h1>
            <p class="lede">
                "Four simulated nodes run a round of consensus in your browser: node4 is \
                 Byzantine and tells different peers different values, and the honest \
                 nodes catch it."
            </p>
        </header>
        <main>
            {match outcome {
                Ok(outcome) => {
                    view! {
                        <StatusTable statuses=outcome.statuses.clone() />
                        <DetectionsTable detections=outcome.all_detections().cloned().collect() />
                        <RawDocuments outcome />
                    }
                        .into_any()
                }
                Err(error) => {
                    view! {
                        <p class="error" role="alert">
                            {format!("The demo could not run: {error}.")}
                        </p>
                    }
                        .into_any()
                }
            }}
        </main>
    }
}

/// Every node's `GET /status`.
#[component]
fn StatusTable(statuses: Vec<StatusDocument>) -> impl IntoView {
    let rows = statuses
        .into_iter()
        .map(|status| {
            let (class, role) = if status.is_byzantine {
                ("byzantine", "Byzantine")
            } else {
                ("honest", "honest")
            };
            let node_id = status.node_id;
            view! {
                <tr class=class data-node=node_id.clone()>
                    <th scope="row">{node_id.clone()}</th>
                    <td>
                        <span class=format!("role {class}")>{role}</span>
                    </td>
                    <td class="number">{status.current_round}</td>
                    <td>{value_or_none(status.consensus_value)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="status-heading">
            <h2 id="status-heading">"Nodes"</h2>
            <p class="note">"Each node's " <code>"GET /status"</code> " after the run."</p>
            <div class="table-scroll">
            <table class="status">
                <thead>
                    <tr>
                        <th scope="col">"node_id"</th>
                        <th scope="col">"role"</th>
                        <th scope="col">"current_round"</th>
                        <th scope="col">"consensus_value"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
}

/// Every node's `GET /detections`, one row per detection.
#[component]
fn DetectionsTable(detections: Vec<DetectionRecord>) -> impl IntoView {
    let empty = detections.is_empty().then(|| {
        view! {
            <tr>
                <td colspan="5" class="empty">
                    "No detections."
                </td>
            </tr>
        }
    });
    let rows = detections
        .into_iter()
        .map(|record| {
            view! {
                <tr>
                    <td class="time">{record.detected_at}</td>
                    <td>{record.byzantine_node}</td>
                    <td class="number">{record.round}</td>
                    <td>
                        <code>{record.conflicting_values.join(", ")}</code>
                    </td>
                    <td>{record.detected_by}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="detections-heading">
            <h2 id="detections-heading">"Detections"</h2>
            <p class="note">
                "Every node's " <code>"GET /detections"</code>
                ": who caught whom saying two things in the same round."
            </p>
            <div class="table-scroll">
            <table class="detections">
                <thead>
                    <tr>
                        <th scope="col">"detected_at"</th>
                        <th scope="col">"byzantine_node"</th>
                        <th scope="col">"round"</th>
                        <th scope="col">"conflicting_values"</th>
                        <th scope="col">"detected_by"</th>
                    </tr>
                </thead>
                <tbody>{rows} {empty}</tbody>
            </table>
            </div>
        </section>
    }
}

/// The documents as JSON, as the original demo's HTTP API served them.
#[component]
fn RawDocuments(outcome: demo::Outcome) -> impl IntoView {
    // A struct, not `serde_json::json!`, so every document keeps the
    // protocol's field order instead of being sorted alphabetically.
    #[derive(serde::Serialize)]
    struct Documents<'a> {
        status: &'a [StatusDocument],
        detections: &'a [DetectionsDocument],
    }
    let documents = Documents {
        status: &outcome.statuses,
        detections: &outcome.detections,
    };
    let text = serde_json::to_string_pretty(&documents).unwrap_or_else(|error| error.to_string());
    view! {
        <details>
            <summary>"The documents as JSON"</summary>
            <pre>{text}</pre>
        </details>
    }
}

fn value_or_none(value: Option<String>) -> AnyView {
    match value {
        Some(value) => view! { <code>{value}</code> }.into_any(),
        None => view! { <span class="none">"none"</span> }.into_any(),
    }
}
