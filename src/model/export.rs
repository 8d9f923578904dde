//! The run as a file: its trace (scenario, inputs, events, messages) with
//! how detection went.

use byzscope_core::metrics::DetectionMetrics;
use byzscope_core::Trace;
use serde::Serialize;

/// The run as exported: its trace (scenario, inputs, events, messages) and
/// its detection metrics.
#[derive(Serialize)]
pub struct RunExport<'a> {
    /// Everything that happened.
    #[serde(flatten)]
    pub trace: &'a Trace,
    /// How detection went.
    pub detection_metrics: DetectionMetrics,
}

/// The run as pretty JSON.
pub fn run_json(trace: &Trace) -> String {
    serde_json::to_string_pretty(&RunExport {
        trace,
        detection_metrics: DetectionMetrics::of(trace),
    })
    // Not `expect`: its panic would print the error with `Debug`, and that
    // impl would be in the wasm for a case that cannot happen.
    .unwrap_or_else(|_| panic!("the trace is plain data"))
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::model::fixtures::default_round;

    #[test]
    fn the_run_file_has_the_trace_and_its_metrics() {
        let sim = default_round();
        let json: serde_json::Value = serde_json::from_str(&run_json(sim.trace())).unwrap();
        assert_eq!(
            json["detection_metrics"]["equivocations"][0]["origin"],
            "node4"
        );
        assert!(json["events"].as_array().unwrap().len() > 10);
        assert_eq!(json["scenario"]["nodes"], 4);
    }
}
