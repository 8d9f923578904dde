//! The controls: play, pause, step, speed and reset, and the proposal form.

use byzscope_core::value;
use byzscope_core::NodeId;
use leptos::prelude::*;

use crate::model::limits::{clamp_speed, DEFAULT_VALUE, MAX_SPEED, MIN_SPEED};
use crate::model::numbers::{fixed, num};
use crate::store::Lab;
use crate::text::nodes::in_flight;
use crate::text::time::{speed_label, time_label};

/// Play / pause, step, finish, reset, speed, and the simulated clock.
#[component]
pub fn Toolbar() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let quiet = move || lab.with(|run| run.shown().is_quiet());
    // The slider is logarithmic: its ends are the exponents of the slowest
    // and the fastest speed (−1 … 1 for 0.1× … 10×).
    let slider = move || fixed(lab.speed.get().log10(), 2);
    let set_speed = move |event: leptos::ev::Event| {
        // The browser reads the number: parsing text would pull a float
        // parser into the wasm.
        let exponent = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if exponent.is_finite() {
            lab.speed.set(clamp_speed(10f64.powf(exponent)));
        }
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Playback">
            <button
                id="play"
                class="primary"
                aria-pressed=move || lab.playing.get().to_string()
                on:click=move |_| lab.playing.update(|playing| *playing = !*playing)
            >
                {move || if lab.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button
                id="step"
                title="Deliver the next event"
                disabled=quiet
                on:click=move |_| {
                    lab.playing.set(false);
                    lab.step();
                }
            >
                "Step ›"
            </button>
            <button
                id="finish"
                title="Run until nothing is left to happen"
                disabled=quiet
                on:click=move |_| lab.run_until_quiet()
            >
                "Finish »"
            </button>
            <button id="reset" title="Start again from time 0" on:click=move |_| lab.reset()>
                "↺ Reset"
            </button>
            <label class="speed">
                "Speed "
                <input
                    id="speed"
                    type="range"
                    min=num(MIN_SPEED.log10())
                    max=num(MAX_SPEED.log10())
                    step="0.05"
                    prop:value=slider
                    aria-valuetext=move || speed_label(lab.speed.get())
                    on:input=set_speed
                />
                <output for="speed">{move || speed_label(lab.speed.get())}</output>
            </label>
        </div>
    }
}

/// The simulated clock and what is on the way, for the stage's corner.
#[component]
pub fn ClockReadout() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let quiet = move || lab.with(|run| run.shown().is_quiet());
    view! {
        <div class="readout">
            <span class="clock" aria-label="Simulated time">
                "t = "
                <output id="clock">{move || time_label(lab.clock.get())}</output>
            </span>
            <span class="in-flight">
                {move || in_flight(lab.with(|run| run.shown().in_flight().count()), quiet())}
            </span>
        </div>
    }
}

/// `POST /propose?value=V` on a chosen node.
#[component]
pub fn ProposeForm() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let value = RwSignal::new(DEFAULT_VALUE.to_owned());
    let proposer = RwSignal::new(1u16);
    let refusal = RwSignal::new(None::<String>);
    let problem = move || value.with(|value| value::validate(value).err().map(|e| e.to_string()));
    // A smaller cluster may no longer have the chosen proposer.
    Effect::new(move |_| {
        let nodes = lab.scenario.with(|scenario| scenario.nodes);
        if proposer.get_untracked() > nodes {
            proposer.set(1);
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(node) = NodeId::new(proposer.get_untracked()) else {
            return;
        };
        let result = value.with_untracked(|value| lab.propose(node, value));
        refusal.set(result.err().map(|error| error.to_string()));
    };
    view! {
        <form class="propose" on:submit=submit aria-label="Propose a value">
            <label for="propose-value">"Value"</label>
            <input
                id="propose-value"
                type="text"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                aria-invalid=move || problem().is_some().to_string()
                aria-describedby="value-error"
                on:input=move |event| {
                    refusal.set(None);
                    value.set(event_target_value(&event));
                }
            />
            <label for="proposer">"on"</label>
            <select
                id="proposer"
                prop:value=move || proposer.get().to_string()
                on:change=move |event| {
                    if let Ok(number) = event_target_value(&event).parse() {
                        proposer.set(number);
                    }
                }
            >
                {move || {
                    lab.node_ids()
                        .into_iter()
                        .map(|id| {
                            view! {
                                <option value=id.number().to_string() selected=move || proposer.get() == id.number()>
                                    {id.to_string()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <button id="propose" class="primary" type="submit" disabled=move || problem().is_some()>
                "Propose"
            </button>
            <span id="value-error" class="field-error" aria-live="polite">
                {move || problem().or_else(|| refusal.get())}
            </span>
        </form>
    }
}
