//! The node inspector: what a clicked node knows.

use byzscope_core::{Mode, NodeId, StatusDocument};
use leptos::prelude::*;

use super::Heading;
use crate::model::run::Cell;
use crate::store::Lab;
use crate::text::nodes::{detections as detections_count, signature_checks};
use crate::text::roles::role;
use crate::ui::chip::ValueChip;

/// A node: its `/status`, and what it holds from each origin in each
/// round.
#[component]
pub(super) fn NodeInspector(node: NodeId) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // A memo, so the grid is redrawn when what the node holds changes, not at
    // every event of the run.
    let data = Memo::new(move |_| {
        lab.with(|run| {
            let sim = run.shown();
            let state = sim.node(node)?;
            let status = StatusDocument::of(state);
            let json = serde_json::to_string_pretty(&status).ok()?;
            let origins: Vec<NodeId> = sim.scenario().node_ids().collect();
            let rounds = run.knowledge(node)?;
            let role = role(state.role());
            Some((
                json,
                origins,
                rounds,
                role,
                state.detections().len(),
                state.verifications(),
            ))
        })
    });
    move || {
        let Some((json, origins, rounds, role, detections, verifications)) = data.get() else {
            return view! { <p>"This node is not in the cluster."</p> }.into_any();
        };
        let signed = lab.scenario.with(|scenario| scenario.mode == Mode::Signed);
        view! {
            <Heading title=format!("{node} · {role}") />
            <p class="note">
                {detections_count(detections)}
                {signed.then(|| signature_checks(verifications))}
            </p>
            <h3>"What it holds"</h3>
            {if rounds.is_empty() {
                view! { <p class="note">"Nothing yet: no round has reached it."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="knowledge">
                            <thead>
                                <tr>
                                    <th scope="col">"origin"</th>
                                    {rounds
                                        .iter()
                                        .map(|(round, _)| view! { <th scope="col">{format!("round {round}")}</th> })
                                        .collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {origins
                                    .iter()
                                    .enumerate()
                                    .map(|(index, origin)| {
                                        view! {
                                            <tr>
                                                <th scope="row">{origin.to_string()}</th>
                                                {rounds
                                                    .iter()
                                                    .map(|(_, cells)| {
                                                        let cell = cells[index].clone();
                                                        view! { <KnowledgeCell cell /> }
                                                    })
                                                    .collect_view()}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="note">"⚠ marks an origin caught saying two things; underlined values count as its vote."</p>
                }
                    .into_any()
            }}
            <h3>"GET /status"</h3>
            <pre class="status-json">{json}</pre>
        }
            .into_any()
    }
}

/// One origin in one round: the values held, a conflict, the vote.
#[component]
fn KnowledgeCell(cell: Cell) -> impl IntoView {
    if cell.values.is_empty() {
        return view! { <td class="none">"–"</td> }.into_any();
    }
    let vote = cell.vote.clone();
    view! {
        <td class:conflict=cell.conflict>
            {cell.conflict.then_some("⚠ ")}
            {cell
                .values
                .into_iter()
                .map(|(value, swatch)| {
                    let is_vote = vote.as_deref() == Some(value.as_str());
                    view! {
                        <span class:vote=is_vote>
                            <ValueChip value swatch />
                        </span>
                        " "
                    }
                })
                .collect_view()}
        </td>
    }
    .into_any()
}
