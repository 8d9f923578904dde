//! The scenario form: cluster size, who is Byzantine and how, oral or
//! signed messages, latency and seed. Every change starts a new run; a
//! change that cannot run says why and changes nothing.

use byzscope_core::{Latency, Mode, Scenario, Strategy};
use leptos::prelude::*;

use crate::model::limits::{parse_millis, parse_nodes, parse_seed, resize, MAX_STAGE_NODES};
use crate::store::Lab;
use crate::text::roles::strategy_choice;
use crate::text::scenario::summary as scenario_summary;

/// A field's refusal as the form says it: `Nodes: '2' is not a whole
/// number from 3 to 32.`
fn field<T>(label: &str, read: Result<T, String>) -> Result<T, String> {
    read.map_err(|why| refusal(label, &why))
}

/// Not generic, so it is written once for every field.
fn refusal(label: &str, why: &str) -> String {
    format!("{label}: {why}.")
}

/// The scenario settings.
#[component]
pub fn ScenarioForm() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let problem = RwSignal::new(None::<String>);
    let apply = move |change: Result<Scenario, String>| {
        let result = change.and_then(|scenario| {
            lab.restart(scenario)
                .map_err(|error| format!("This scenario cannot run: {error}."))
        });
        problem.set(result.err());
    };
    let current = move || lab.scenario.get_untracked();
    let summary = move || lab.scenario.with(scenario_summary);
    let roles = move || {
        let scenario = lab.scenario.get();
        scenario
            .node_ids()
            .map(|id| {
                let strategy = scenario.byzantine.get(&id).copied();
                view! {
                    <label class="role-choice">
                        <span>{id.to_string()}</span>
                        <select
                            class="role-select"
                            data-node=id.to_string()
                            on:change=move |event| {
                                let choice = event_target_value(&event);
                                let mut scenario = current();
                                match choice.parse::<Strategy>() {
                                    Ok(strategy) => {
                                        scenario.byzantine.insert(id, strategy);
                                    }
                                    Err(_) => {
                                        scenario.byzantine.remove(&id);
                                    }
                                }
                                apply(Ok(scenario));
                            }
                        >
                            <option value="honest" selected=strategy.is_none()>"honest"</option>
                            {Strategy::ALL
                                .into_iter()
                                .map(|option| {
                                    view! {
                                        <option value=option.name() selected=strategy == Some(option)>
                                            {strategy_choice(option)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                }
            })
            .collect_view()
    };
    // One bound of the latency range: `read` takes it from a latency,
    // `write` puts a new one in.
    let latency_bound = move |id: &'static str,
                              label: &'static str,
                              read: fn(&Latency) -> u64,
                              write: fn(&mut Latency, u64)| {
        view! {
            <input
                id=id
                type="number"
                min="1"
                prop:value=move || lab.scenario.with(|scenario| read(&scenario.latency)).to_string()
                on:change=move |event| {
                    apply(field(label, parse_millis(&event_target_value(&event))).map(|ms| {
                        let mut scenario = current();
                        write(&mut scenario.latency, ms);
                        scenario
                    }))
                }
            />
        }
    };
    let mode_choice = move |mode: Mode, label: &'static str, hint: &'static str| {
        view! {
            <label class="mode-choice">
                <input
                    type="radio"
                    name="mode"
                    value=label
                    prop:checked=move || lab.scenario.with(|scenario| scenario.mode == mode)
                    on:change=move |_| apply(Ok(Scenario { mode, ..current() }))
                />
                <span>
                    <strong>{label}</strong>
                    {format!(" — {hint}")}
                </span>
            </label>
        }
    };
    view! {
        <details class="scenario panel">
            <summary>
                <h2>"Scenario"</h2>
                <span class="summary">{summary}</span>
            </summary>
            <p class="note">"Changing anything here starts the run again."</p>
            <div class="fields">
                <label>
                    "Nodes "
                    <input
                        id="nodes"
                        type="number"
                        min="3"
                        max=MAX_STAGE_NODES
                        prop:value=move || lab.scenario.with(|scenario| scenario.nodes).to_string()
                        on:change=move |event| {
                            apply(field("Nodes", parse_nodes(&event_target_value(&event))).map(|n| resize(&current(), n)))
                        }
                    />
                </label>
                <label>
                    "Latency from "
                    {latency_bound("latency-min", "Shortest latency", |latency| latency.min_ms, |latency, ms| latency.min_ms = ms)}
                    " to "
                    {latency_bound("latency-max", "Longest latency", |latency| latency.max_ms, |latency, ms| latency.max_ms = ms)}
                    " ms"
                </label>
                <label>
                    "Seed "
                    <input
                        id="seed"
                        type="text"
                        inputmode="numeric"
                        prop:value=move || lab.scenario.with(|scenario| scenario.seed).to_string()
                        on:change=move |event| {
                            apply(field("Seed", parse_seed(&event_target_value(&event))).map(|seed| Scenario { seed, ..current() }))
                        }
                    />
                </label>
            </div>
            <fieldset class="modes">
                <legend>"Messages"</legend>
                {mode_choice(Mode::Oral, "oral", "a forwarded copy can be altered and nobody can tell")}
                {mode_choice(Mode::Signed, "signed", "each statement carries its origin's Ed25519 signature")}
            </fieldset>
            <fieldset class="roles">
                <legend>"Roles"</legend>
                {roles}
            </fieldset>
            <p class="actions">
                <button type="button" on:click=move |_| apply(Ok(Scenario::default()))>
                    "Restore the original demo"
                </button>
            </p>
            <p class="field-error" role="alert">{move || problem.get()}</p>
        </details>
    }
}
