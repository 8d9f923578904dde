//! The scenario form: cluster size, who is Byzantine and how, oral or
//! signed messages, latency and seed. Every change starts a new run; a
//! change that cannot run says why and changes nothing.

use byzscope_core::{Latency, Mode, Scenario, Strategy};
use leptos::prelude::*;

use crate::lab::Lab;

/// The largest cluster the stage draws.
pub const MAX_STAGE_NODES: u16 = 16;

/// Reads the cluster size field.
pub fn parse_nodes(text: &str) -> Result<u16, String> {
    let min = byzscope_core::scenario::MIN_NODES;
    match text.trim().parse::<u16>() {
        Ok(n) if (min..=MAX_STAGE_NODES).contains(&n) => Ok(n),
        _ => Err(format!(
            "Nodes: enter a whole number from {min} to {MAX_STAGE_NODES}, not '{}'.",
            text.trim()
        )),
    }
}

/// Reads the seed field.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "Seed: enter a whole number from 0 to {}, not '{}'.",
            u64::MAX,
            text.trim()
        )
    })
}

/// Reads one latency bound.
pub fn parse_millis(label: &str, text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "{label}: enter a whole number of milliseconds, not '{}'.",
            text.trim()
        )
    })
}

/// The scenario with `nodes` nodes: Byzantine nodes beyond it are dropped.
pub fn resize(scenario: &Scenario, nodes: u16) -> Scenario {
    Scenario {
        nodes,
        byzantine: scenario
            .byzantine
            .iter()
            .filter(|(id, _)| id.number() <= nodes)
            .map(|(id, strategy)| (*id, *strategy))
            .collect(),
        ..scenario.clone()
    }
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
    let summary = move || {
        let scenario = lab.scenario.get();
        let byzantine = if scenario.byzantine.is_empty() {
            "no Byzantine node".to_owned()
        } else {
            scenario
                .byzantine
                .iter()
                .map(|(id, strategy)| format!("{id} {strategy}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{} nodes · {byzantine} · {} · {}–{} ms · seed {}",
            scenario.nodes,
            match scenario.mode {
                Mode::Oral => "oral",
                Mode::Signed => "signed",
            },
            scenario.latency.min_ms,
            scenario.latency.max_ms,
            scenario.seed
        )
    };
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
                                            {format!("Byzantine: {option}")}
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
                            apply(parse_nodes(&event_target_value(&event)).map(|n| resize(&current(), n)))
                        }
                    />
                </label>
                <label>
                    "Latency from "
                    <input
                        id="latency-min"
                        type="number"
                        min="1"
                        prop:value=move || lab.scenario.with(|scenario| scenario.latency.min_ms).to_string()
                        on:change=move |event| {
                            apply(parse_millis("Shortest latency", &event_target_value(&event)).map(|min_ms| {
                                let scenario = current();
                                Scenario { latency: Latency { min_ms, ..scenario.latency }, ..scenario }
                            }))
                        }
                    />
                    " to "
                    <input
                        id="latency-max"
                        type="number"
                        min="1"
                        prop:value=move || lab.scenario.with(|scenario| scenario.latency.max_ms).to_string()
                        on:change=move |event| {
                            apply(parse_millis("Longest latency", &event_target_value(&event)).map(|max_ms| {
                                let scenario = current();
                                Scenario { latency: Latency { max_ms, ..scenario.latency }, ..scenario }
                            }))
                        }
                    />
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
                            apply(parse_seed(&event_target_value(&event)).map(|seed| Scenario { seed, ..current() }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_refuse_what_cannot_run_with_a_reason() {
        assert_eq!(parse_nodes(" 7 "), Ok(7));
        assert!(parse_nodes("2").unwrap_err().contains("3 to 16"));
        assert!(parse_nodes("17").is_err());
        assert!(parse_nodes("four").unwrap_err().contains("'four'"));
        assert_eq!(parse_seed("42"), Ok(42));
        assert!(parse_seed("-1").is_err());
        assert!(parse_millis("Shortest latency", "x")
            .unwrap_err()
            .starts_with("Shortest latency"));
    }

    #[test]
    fn shrinking_drops_byzantine_nodes_outside_the_cluster() {
        let scenario = Scenario::default();
        assert!(resize(&scenario, 3).byzantine.is_empty());
        assert_eq!(resize(&scenario, 5).byzantine.len(), 1);
    }
}
