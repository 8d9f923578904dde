//! How well detection did in a run: for each equivocation, when it
//! happened, when honest nodes caught it, and which of them never did.
//!
//! An *equivocation* here is a split: a Byzantine node sending different
//! values of its statement to different peers ([`Outcome::Equivocated`]),
//! identified by its origin and round. Without message loss every honest
//! node detects it (the completeness guarantee); with loss, some may not.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::detection::DetectionKind;
use crate::id::NodeId;
use crate::statement::Round;
use crate::time::Millis;
use crate::trace::{EventKind, Outcome, Trace};

/// One honest node's detection of an equivocation, timed from the split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectionTiming {
    /// The detector.
    pub node: NodeId,
    /// The event the detection happened in.
    pub event: usize,
    /// Simulated time of the detection.
    pub at: Millis,
    /// How long after the split, in milliseconds.
    pub after_ms: Millis,
    /// How many messages were delivered after the split, up to and
    /// including the delivery that made the detection.
    pub deliveries: usize,
}

/// What became of one equivocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EquivocationMetrics {
    /// The equivocating node.
    pub origin: NodeId,
    /// The round.
    pub round: Round,
    /// The values it split its statement into, in the order it sent them.
    pub values: Vec<Arc<str>>,
    /// The event of the split.
    pub split_event: usize,
    /// Simulated time of the split.
    pub split_at: Millis,
    /// The first honest node to detect it, if any did.
    pub first_detection: Option<DetectionTiming>,
    /// The last honest node to detect it so far, if any did; the last of
    /// all only if `missed_by` is empty.
    pub last_detection: Option<DetectionTiming>,
    /// The honest nodes that detected it, in the order they did.
    pub detected_by: Vec<NodeId>,
    /// The honest nodes that have not detected it, in id order.
    pub missed_by: Vec<NodeId>,
}

/// Detection metrics for a whole run, ready to go into an exported run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectionMetrics {
    /// Every equivocation, in the order of the splits.
    pub equivocations: Vec<EquivocationMetrics>,
}

/// The honest nodes of a trace that did not detect one equivocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedDetection {
    /// The equivocating node.
    pub origin: NodeId,
    /// The round.
    pub round: Round,
    /// Simulated time of the split.
    pub split_at: Millis,
    /// The honest nodes that have not detected it, in id order.
    pub missed_by: Vec<NodeId>,
}

impl DetectionMetrics {
    /// The metrics of the run `trace` records, as far as it goes.
    pub fn of(trace: &Trace) -> DetectionMetrics {
        let mut equivocations: Vec<EquivocationMetrics> = Vec::new();
        let mut by_split: BTreeMap<(NodeId, Round), usize> = BTreeMap::new();
        // Deliveries up to and including each split, to count from.
        let mut deliveries_at_split: Vec<usize> = Vec::new();
        let mut deliveries = 0;
        for event in &trace.events {
            if matches!(event.happening, EventKind::Delivered { .. }) {
                deliveries += 1;
            }
            for outcome in &event.effects {
                match outcome {
                    Outcome::Equivocated(split) => {
                        let key = (event.node, split.round);
                        if by_split.contains_key(&key) {
                            continue;
                        }
                        by_split.insert(key, equivocations.len());
                        deliveries_at_split.push(deliveries);
                        equivocations.push(EquivocationMetrics {
                            origin: event.node,
                            round: split.round,
                            values: split.groups.iter().map(|(v, _)| v.clone()).collect(),
                            split_event: event.index,
                            split_at: event.at,
                            first_detection: None,
                            last_detection: None,
                            detected_by: Vec::new(),
                            missed_by: Vec::new(),
                        });
                    }
                    Outcome::Detected(detection)
                        if detection.kind == DetectionKind::Equivocation
                            && !trace.scenario.role(event.node).is_byzantine() =>
                    {
                        let key = (detection.byzantine_node, detection.round);
                        let Some(&index) = by_split.get(&key) else {
                            continue;
                        };
                        let metrics = &mut equivocations[index];
                        if metrics.detected_by.contains(&event.node) {
                            continue;
                        }
                        let timing = DetectionTiming {
                            node: event.node,
                            event: event.index,
                            at: event.at,
                            after_ms: event.at.saturating_sub(metrics.split_at),
                            deliveries: deliveries - deliveries_at_split[index],
                        };
                        metrics.first_detection.get_or_insert(timing);
                        metrics.last_detection = Some(timing);
                        metrics.detected_by.push(event.node);
                    }
                    _ => {}
                }
            }
        }
        for metrics in &mut equivocations {
            metrics.missed_by = trace
                .scenario
                .node_ids()
                .filter(|node| {
                    !trace.scenario.role(*node).is_byzantine()
                        && *node != metrics.origin
                        && !metrics.detected_by.contains(node)
                })
                .collect();
        }
        DetectionMetrics { equivocations }
    }
}

impl Trace {
    /// The run's detection metrics: see [`DetectionMetrics`].
    pub fn detection_metrics(&self) -> DetectionMetrics {
        DetectionMetrics::of(self)
    }

    /// Every equivocation that some honest node has not detected, with those
    /// nodes: empty when every honest node caught every split.
    pub fn missed_detections(&self) -> Vec<MissedDetection> {
        DetectionMetrics::of(self)
            .equivocations
            .into_iter()
            .filter(|metrics| !metrics.missed_by.is_empty())
            .map(|metrics| MissedDetection {
                origin: metrics.origin,
                round: metrics.round,
                split_at: metrics.split_at,
                missed_by: metrics.missed_by,
            })
            .collect()
    }
}
