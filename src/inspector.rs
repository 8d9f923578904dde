//! The inspector: what a clicked node knows, what a clicked message
//! carries and by which path, a link's faults, and how a detection's
//! statements reached the detector.

use byzscope_core::trace::MessageId;
use byzscope_core::{Fate, NodeId, Receipt, StatusDocument};
use leptos::prelude::*;

use crate::chip::ValueChip;
use crate::controls::time_label;
use crate::export;
use crate::lab::{Lab, Selection};
use crate::palette::Swatch;

/// The inspector panel.
#[component]
pub fn Inspector() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        // Not a live region: while a round plays its contents change every frame.
        <section class="panel inspector" aria-labelledby="inspector-heading">
            {move || match lab.selection.get() {
                Selection::Nothing => {
                    view! {
                        <h2 id="inspector-heading">"Inspector"</h2>
                        <p class="note">"Click a node or a travelling message to see inside it."</p>
                    }
                        .into_any()
                }
                Selection::Node(node) => view! { <NodeInspector node /> }.into_any(),
                Selection::Message(id) => view! { <MessageInspector id /> }.into_any(),
                Selection::Link(link) => view! { <LinkInspector link /> }.into_any(),
                Selection::Detection { event, index } => {
                    view! { <DetectionInspector event index /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn CloseButton() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        <button class="close" aria-label="Close the inspector" on:click=move |_| lab.selection.set(Selection::Nothing)>
            "✕"
        </button>
    }
}

/// One cell of the knowledge grid: the values a node holds from one origin
/// in one round.
#[derive(Clone, Debug, PartialEq)]
struct Cell {
    values: Vec<(String, Swatch)>,
    conflict: bool,
    vote: Option<String>,
}

#[component]
fn NodeInspector(node: NodeId) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // A memo, so the grid is redrawn when what the node holds changes, not at
    // every event of the run.
    let data = Memo::new(move |_| {
        lab.with(|run| {
            let sim = run.sim();
            let state = sim.node(node)?;
            let status = StatusDocument::of(state);
            let json = serde_json::to_string_pretty(&status).ok()?;
            let origins: Vec<NodeId> = sim.scenario().node_ids().collect();
            let rounds: Vec<(u64, Vec<Cell>)> = state
                .rounds()
                .map(|(round, round_state)| {
                    let cells = origins
                        .iter()
                        .map(|origin| {
                            let hold = round_state.hold(*origin);
                            let values: Vec<(String, Swatch)> = hold
                                .map(|hold| {
                                    hold.values()
                                        .iter()
                                        .map(|value| (value.to_string(), run.swatch(value)))
                                        .collect()
                                })
                                .unwrap_or_default();
                            Cell {
                                conflict: hold.is_some_and(|hold| hold.caught) || values.len() > 1,
                                vote: hold
                                    .and_then(|hold| hold.vote.as_ref())
                                    .map(|v| v.to_string()),
                                values,
                            }
                        })
                        .collect();
                    (round, cells)
                })
                .collect();
            let role = match state.role() {
                byzscope_core::Role::Honest => "honest".to_owned(),
                byzscope_core::Role::Byzantine(strategy) => format!("Byzantine ({strategy})"),
            };
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
        let signed = lab
            .scenario
            .with(|scenario| scenario.mode == byzscope_core::Mode::Signed);
        view! {
            <div class="inspector-head">
                <h2 id="inspector-heading">{format!("{node} · {role}")}</h2>
                <CloseButton />
            </div>
            <p class="note">
                {format!("{detections} detection(s)")}
                {signed.then(|| format!(" · {verifications} signature checks"))}
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

#[component]
fn MessageInspector(id: MessageId) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Redrawn when the message's fate changes, not at every event.
    let found = Memo::new(move |_| {
        lab.with(|run| {
            let envelope = run.message(id)?.clone();
            let swatch = run.swatch(&envelope.message.statement.value);
            let fate = run.fate(id)?;
            Some((envelope, swatch, fate))
        })
    });
    move || {
        let Some(found) = found.get() else {
            return view! { <p>"This message is not in the run."</p> }.into_any();
        };
        let (envelope, swatch, fate) = found;
        let in_flight = fate == Fate::InFlight;
        let message = envelope.message;
        let statement = message.statement.clone();
        let mut path: Vec<String> = message.path.iter().map(NodeId::to_string).collect();
        path.push(message.to.to_string());
        let fate = match fate {
            Fate::InFlight => "in flight".to_owned(),
            Fate::Delivered { receipt } => match receipt {
                Receipt::Recorded => "delivered: new to the receiver, recorded".to_owned(),
                Receipt::Duplicate { vote: true } => {
                    "delivered: already held as hearsay; now counts as the origin's vote".to_owned()
                }
                Receipt::Duplicate { vote: false } => "delivered: already held, ignored".to_owned(),
                Receipt::Forged => {
                    "delivered: signature does not hold, dropped; sender accused".to_owned()
                }
                Receipt::Refused => "delivered: refused".to_owned(),
            },
            Fate::Lost { why, .. } => format!("lost: {why}"),
        };
        view! {
            <div class="inspector-head">
                <h2 id="inspector-heading">
                    {format!("Message {id}: {} → {}", message.from, message.to)}
                </h2>
                <CloseButton />
            </div>
            <dl class="facts">
                <dt>"statement"</dt>
                <dd>{format!("{} from {}, round {}", statement.kind, statement.origin, statement.round)}</dd>
                <dt>"value"</dt>
                <dd><ValueChip value=statement.value.to_string() swatch /></dd>
                <dt>"copy"</dt>
                <dd>{if message.is_direct() { "direct, from its origin" } else { "forwarded" }}</dd>
                <dt>"path"</dt>
                <dd class="path">{path.join(" → ")}</dd>
                <dt>"sent"</dt>
                <dd>{time_label(envelope.sent_at as f64)}</dd>
                <dt>"arrives"</dt>
                <dd>{time_label(envelope.deliver_at as f64)}</dd>
                <dt>"fate"</dt>
                <dd>{fate}</dd>
                {in_flight.then(|| view! {
                    <dt>"fault"</dt>
                    <dd>
                        <button
                            id="drop-message"
                            title="Lose this message on the way; the run records it and stays reproducible"
                            on:click=move |_| {
                                let _ = lab.act(&byzscope_core::trace::Action::Drop { message: id });
                            }
                        >
                            "Drop this message"
                        </button>
                    </dd>
                })}
                {message
                    .signature
                    .map(|signature| {
                        let hex = byzscope_core::signing::hex(&signature.0);
                        view! {
                            <dt>"signature"</dt>
                            <dd><code class="signature" title=hex.clone()>{format!("{}…", &hex[..hex.len().min(16)])}</code></dd>
                        }
                    })}
            </dl>
        }
            .into_any()
    }
}

/// A link: whether it is up, its extra delay, and the controls to cut,
/// heal or slow it. Each is an input of the run, recorded in its trace.
#[component]
fn LinkInspector(link: byzscope_core::Link) -> impl IntoView {
    use byzscope_core::trace::Action;
    let lab = expect_context::<Lab>();
    let (a, b) = link.ends();
    let state = Memo::new(move |_| lab.with(|run| run.sim().links().state(link)));
    let refusal = RwSignal::new(None::<String>);
    let act = move |action: Action| {
        refusal.set(lab.act(&action).err().map(|error| error.to_string()));
    };
    let set_delay = move |event: leptos::ev::Event| {
        let value = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if value.is_finite() && value >= 0.0 {
            act(Action::Delay {
                a,
                b,
                extra_ms: value as u64,
            });
        }
    };
    view! {
        <div class="inspector-head">
            <h2 id="inspector-heading">{format!("Link {link}")}</h2>
            <CloseButton />
        </div>
        <p class="note">
            {move || {
                let state = state.get();
                match (state.down, state.extra_ms) {
                    (true, _) => "Down: every message on it is lost.".to_owned(),
                    (false, 0) => "Up, at the scenario's latency.".to_owned(),
                    (false, extra) => format!("Up, {extra} ms slower than the scenario's latency."),
                }
            }}
        </p>
        <div class="link-tools">
            {move || {
                if state.get().down {
                    view! {
                        <button id="heal-link" on:click=move |_| act(Action::Heal { a, b })>
                            "Heal the link"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button id="cut-link" on:click=move |_| act(Action::Cut { a, b })>
                            "Cut the link"
                        </button>
                    }
                        .into_any()
                }
            }}
            <label>
                "Extra delay "
                <input
                    id="link-delay"
                    type="range"
                    min="0"
                    max="2000"
                    step="50"
                    prop:value=move || state.get().extra_ms.to_string()
                    aria-valuetext=move || format!("{} ms", state.get().extra_ms)
                    on:change=set_delay
                />
                <output>{move || format!("{} ms", state.get().extra_ms)}</output>
            </label>
        </div>
        <p class="note">"Cutting loses the messages on it; each change is recorded, so the run stays reproducible and its link says so."</p>
        <p class="field-error" role="status">{move || refusal.get()}</p>
    }
}

/// A chain of messages, hop by hop: `node4 → node1 → node2`.
fn hops(trace: &byzscope_core::Trace, chain: &[MessageId]) -> String {
    let mut nodes: Vec<String> = Vec::new();
    for id in chain {
        let Some(envelope) = trace.messages.get(*id) else {
            continue;
        };
        if nodes.is_empty() {
            nodes.push(envelope.message.from.to_string());
        }
        nodes.push(envelope.message.to.to_string());
    }
    nodes.join(" → ")
}

/// A detection: the two statements behind it and how each reached the
/// detector (highlighted on the stage and in the space-time diagram), and in
/// signed mode its evidence to export.
#[component]
fn DetectionInspector(event: usize, index: usize) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let found = Memo::new(move |_| {
        lab.with(|run| {
            let detection = run.detection_at(event, index)?.clone();
            let trace = run.head_trace();
            let paths = trace.provenance(event, &detection).ok().map(|provenance| {
                [&provenance.held, &provenance.arrived].map(|chain| {
                    (
                        chain.statement.value.to_string(),
                        run.swatch(&chain.statement.value),
                        hops(trace, &chain.messages),
                        chain.messages.len(),
                    )
                })
            });
            let evidence = byzscope_core::evidence::Evidence::of(&detection).ok();
            Some((
                detection,
                paths,
                evidence.map(|evidence| evidence.to_json()),
            ))
        })
    });
    let feedback = RwSignal::new(None::<String>);
    move || {
        let Some((detection, paths, evidence)) = found.get() else {
            return view! { <p>"This detection is not in the run on screen."</p> }.into_any();
        };
        let kind = match detection.kind {
            byzscope_core::DetectionKind::Equivocation => "sent different values",
            byzscope_core::DetectionKind::Forgery => "handed over a forged copy",
        };
        view! {
            <div class="inspector-head">
                <h2 id="inspector-heading">
                    {format!("{} caught {}", detection.detected_by, detection.byzantine_node)}
                </h2>
                <CloseButton />
            </div>
            <p class="note">
                {format!(
                    "{} {kind} in round {}, found at {}.",
                    detection.byzantine_node,
                    detection.round,
                    time_label(detection.at as f64)
                )}
            </p>
            {match paths {
                Some([held, arrived]) => view! {
                    <ol class="provenance">
                        <li>
                            "It held "
                            <ValueChip value=held.0 swatch=held.1 />
                            {format!(", which came {} ({} message{}),", held.2, held.3, if held.3 == 1 { "" } else { "s" })}
                        </li>
                        <li>
                            "then received "
                            <ValueChip value=arrived.0 swatch=arrived.1 />
                            {format!(" by {} ({} message{}).", arrived.2, arrived.3, if arrived.3 == 1 { "" } else { "s" })}
                        </li>
                    </ol>
                    <p class="note">"Both paths are highlighted on the stage and in the space-time diagram."</p>
                }
                .into_any(),
                None => view! { <p class="note">"A forgery rests on one bad copy: its signature did not hold."</p> }.into_any(),
            }}
            {evidence.map(|json| {
                let name = format!("evidence-{}-round{}-by-{}.json", detection.byzantine_node, detection.round, detection.detected_by);
                view! {
                    <button
                        id="export-evidence"
                        title="Both signed statements and what makes them conflict, for anyone to check"
                        on:click=move |_| {
                            feedback.set(Some(match export::download(&name, &json) {
                                Ok(()) => format!("Downloaded {name}."),
                                Err(why) => format!("Could not download: {why}."),
                            }));
                        }
                    >
                        "Export evidence"
                    </button>
                }
            })}
            <p class="feedback" role="status">{move || feedback.get()}</p>
        }
        .into_any()
    }
}
