//! The JSON documents of the original demo's HTTP API, `GET /status` and
//! `GET /detections`, field for field.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::detection::Detection;
use crate::node::Node;
use crate::statement::Round;
use crate::time::Millis;

/// `GET /status` of one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDocument {
    /// The node's id.
    pub node_id: String,
    /// Whether the node is Byzantine.
    pub is_byzantine: bool,
    /// The highest round the node has seen or started.
    pub current_round: Round,
    /// The decision of the latest round that has one.
    pub consensus_value: Option<String>,
    /// Every other node, in id order.
    pub peers: Vec<String>,
}

impl StatusDocument {
    /// The status of `node`.
    pub fn of(node: &Node) -> Self {
        StatusDocument {
            node_id: node.id().to_string(),
            is_byzantine: node.role().is_byzantine(),
            current_round: node.current_round(),
            consensus_value: node.consensus_value().map(|value| value.to_string()),
            peers: node.peers().map(|peer| peer.to_string()).collect(),
        }
    }
}

/// One entry of `GET /detections`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectionRecord {
    /// Wall-clock UTC, `YYYY-MM-DDTHH:MM:SS.mmm`.
    pub detected_at: String,
    /// The accused node.
    pub byzantine_node: String,
    /// The round.
    pub round: Round,
    /// The values involved, sorted, without duplicates.
    pub conflicting_values: Vec<String>,
    /// The detecting node.
    pub detected_by: String,
}

impl DetectionRecord {
    /// The record of `detection` in a scenario that started at
    /// `started_at_ms` (Unix milliseconds).
    pub fn of(detection: &Detection, started_at_ms: i64) -> Self {
        DetectionRecord {
            detected_at: format_detected_at(started_at_ms, detection.at),
            byzantine_node: detection.byzantine_node.to_string(),
            round: detection.round,
            conflicting_values: detection
                .conflicting_values
                .iter()
                .map(|value| value.to_string())
                .collect(),
            detected_by: detection.detected_by.to_string(),
        }
    }
}

/// `GET /detections` of one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectionsDocument {
    /// The node's id.
    pub node_id: String,
    /// Its detections, in the order they happened.
    pub detections: Vec<DetectionRecord>,
    /// How many there are.
    pub total_detections: usize,
}

impl DetectionsDocument {
    /// The detections of `node` in a scenario that started at
    /// `started_at_ms` (Unix milliseconds).
    pub fn of(node: &Node, started_at_ms: i64) -> Self {
        let detections: Vec<DetectionRecord> = node
            .detections()
            .iter()
            .map(|detection| DetectionRecord::of(detection, started_at_ms))
            .collect();
        DetectionsDocument {
            node_id: node.id().to_string(),
            total_detections: detections.len(),
            detections,
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmm` (UTC) for the instant `at` simulated
/// milliseconds after `started_at_ms` (Unix milliseconds).
///
/// Scenarios keep their start within the years 1970 to 9999
/// ([`crate::Scenario::validate`]); an instant outside what a date can
/// show prints as the Unix epoch rather than failing.
pub fn format_detected_at(started_at_ms: i64, at: Millis) -> String {
    let millis = i128::from(started_at_ms) + i128::from(at);
    let instant = OffsetDateTime::from_unix_timestamp_nanos(millis * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    // `time` does the calendar; the fields are printed here rather than with
    // its format descriptions, whose machinery costs the page's wasm more
    // than this whole module.
    let year = instant.year();
    format!(
        "{}{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        if year < 0 { "-" } else { "" },
        year.unsigned_abs(),
        u8::from(instant.month()),
        instant.day(),
        instant.hour(),
        instant.minute(),
        instant.second(),
        instant.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_wall_clock_milliseconds() {
        // 2025-12-27T12:00:00Z
        let start = 1_766_836_800_000;
        assert_eq!(format_detected_at(start, 0), "2025-12-27T12:00:00.000");
        assert_eq!(format_detected_at(start, 1_234), "2025-12-27T12:00:01.234");
        assert_eq!(format_detected_at(0, 86_400_007), "1970-01-02T00:00:00.007");
        // The latest start a scenario allows still prints four-digit years.
        assert_eq!(
            format_detected_at(253_402_300_799_999, 0),
            "9999-12-31T23:59:59.999"
        );
        // Before the epoch (never from a valid scenario), still a date.
        assert_eq!(format_detected_at(-1, 0), "1969-12-31T23:59:59.999");
        // Beyond what a date can show: the epoch, not a failure.
        assert_eq!(
            format_detected_at(i64::MAX, u64::MAX),
            "1970-01-01T00:00:00.000"
        );
    }
}
