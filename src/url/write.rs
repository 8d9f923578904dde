//! Writing an address: the query string that reproduces a run.

use byzscope_core::{Mode, Scenario, Strategy};

use super::{inputs, Address};
use crate::model::limits::{resize, DEFAULT_SPEED};
use crate::model::numbers::fixed;
use crate::model::script::Scripted;

impl Address {
    /// The query string (without `?`) that reproduces a run of `scenario`
    /// with `inputs` (already given, then still to come; see
    /// [`drop_quiet_times`](crate::model::script::drop_quiet_times)), at
    /// `speed`, paused or playing. Settings at their defaults are left out.
    pub fn query(scenario: &Scenario, inputs: &[Scripted], speed: f64, paused: bool) -> String {
        let default = Scenario::default();
        let mut query = form_urlencoded::Serializer::new(String::new());
        if scenario.nodes != default.nodes {
            query.append_pair("nodes", &scenario.nodes.to_string());
        }
        if scenario.byzantine != resize(&default, scenario.nodes).byzantine {
            let list = if scenario.byzantine.is_empty() {
                "none".to_owned()
            } else {
                scenario
                    .byzantine
                    .iter()
                    .map(|(node, strategy)| match strategy {
                        Strategy::Equivocate => node.to_string(),
                        other => format!("{node}:{}", other.name()),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            };
            query.append_pair("byzantine", &list);
        }
        if scenario.mode == Mode::Signed {
            query.append_pair("signed", "1");
        }
        if scenario.latency != default.latency {
            query.append_pair("latency", &scenario.latency.to_string());
        }
        if scenario.seed != default.seed {
            query.append_pair("seed", &scenario.seed.to_string());
        }
        if (speed - DEFAULT_SPEED).abs() > 1e-9 {
            query.append_pair("speed", &fixed(speed, 2));
        }
        for input in inputs {
            let (name, text) = inputs::write(input);
            query.append_pair(name, &text);
        }
        if paused {
            query.append_pair("step", "1");
        }
        query.finish()
    }

    /// The query string (without `?`) that opens lesson `id` at `step`
    /// (counted from 0; the address counts from 1).
    pub fn lesson_query(id: &str, step: usize) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("lesson", id)
            .append_pair("step", &(step + 1).to_string())
            .finish()
    }
}
