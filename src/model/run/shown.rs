//! The run as shown: the head, or the past moment being looked at. Every
//! view of the page reads the run through [`Shown`], so looking back and
//! looking at now are the same code.

use byzscope_core::trace::{Fate, MessageId};
use byzscope_core::{
    Detection, DetectionsDocument, Envelope, Links, Node, NodeId, Noted, Scenario, StatusDocument,
    Trace,
};

use super::index::EventIndex;
use super::splits::{self, SplitOnScreen};
use super::Run;

/// The trace as it stood at the time on screen: the first events,
/// messages and inputs of the run. Messages keep the fate they met later;
/// ask [`Shown::fate`] for what they were then.
#[derive(Clone, Copy, Debug)]
pub struct TraceView<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The inputs given by then.
    pub inputs: &'a [byzscope_core::Input],
    /// The events by then.
    pub events: &'a [byzscope_core::Event],
    /// The messages sent by then.
    pub messages: &'a [Envelope],
}

impl<'a> From<&'a Trace> for TraceView<'a> {
    /// The whole of a trace.
    fn from(trace: &'a Trace) -> Self {
        TraceView {
            scenario: &trace.scenario,
            inputs: &trace.inputs,
            events: &trace.events,
            messages: &trace.messages,
        }
    }
}

/// A detection with where the trace records it.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    /// The event that recorded it.
    pub event: usize,
    /// Its place among that event's detections.
    pub index: usize,
    /// The detection.
    pub detection: &'a Detection,
}

/// The run as shown at the time on screen.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    run: &'a Run,
}

impl<'a> Shown<'a> {
    pub(super) fn of(run: &'a Run) -> Shown<'a> {
        Shown { run }
    }

    /// The trace up to the time on screen.
    pub fn trace(&self) -> TraceView<'a> {
        let trace = self.run.head().trace();
        let (inputs, events, messages) = match &self.run.past {
            Some(past) => (
                past.moment.inputs(),
                past.moment.events(),
                past.moment.messages(),
            ),
            None => (trace.inputs.len(), trace.events.len(), trace.messages.len()),
        };
        TraceView {
            scenario: &trace.scenario,
            inputs: &trace.inputs[..inputs],
            events: &trace.events[..events],
            messages: &trace.messages[..messages],
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        &self.run.head().trace().scenario
    }

    /// Every node, as it was.
    pub fn nodes(&self) -> &'a [Node] {
        match &self.run.past {
            Some(past) => past.moment.nodes(),
            None => self.run.head().nodes(),
        }
    }

    /// One node, as it was.
    pub fn node(&self, id: NodeId) -> Option<&'a Node> {
        self.nodes().get(id.index())
    }

    /// The links that were down or slowed.
    pub fn links(&self) -> &'a Links {
        match &self.run.past {
            Some(past) => past.moment.links(),
            None => self.run.head().links(),
        }
    }

    /// Whether nothing is left to happen (never, in the past).
    pub fn is_quiet(&self) -> bool {
        self.run.past.is_none() && self.run.head().is_quiet() && self.run.pending.is_empty()
    }

    /// Messages in flight, in send order.
    pub fn in_flight(&self) -> Box<dyn Iterator<Item = &'a Envelope> + 'a> {
        match &self.run.past {
            Some(past) => {
                let messages = &self.run.head().trace().messages;
                Box::new(past.moment.in_flight().iter().map(|id| &messages[*id]))
            }
            None => Box::new(self.run.head().in_flight()),
        }
    }

    /// What had become of message `id` by then.
    pub fn fate(&self, id: MessageId) -> Option<Fate> {
        let trace = self.run.head().trace();
        match &self.run.past {
            Some(past) => past.moment.fate(trace, id),
            None => trace.messages.get(id).map(|envelope| envelope.fate),
        }
    }

    /// One message of the run, if sent by then.
    pub fn message(&self, id: MessageId) -> Option<&'a Envelope> {
        self.trace().messages.get(id)
    }

    /// The detections by then, oldest first, with where the trace records
    /// each: every node's, or only `filter`'s (what its `GET /detections`
    /// lists).
    pub fn detections(&self, filter: Option<NodeId>) -> Vec<Located<'a>> {
        let trace = self.trace();
        let mut found = Vec::new();
        for &event in EventIndex::before(&self.run.index.detections, trace.events.len()) {
            let happened = &trace.events[event];
            if filter.is_some_and(|node| node != happened.node) {
                continue;
            }
            for (index, detection) in detections_of(happened).enumerate() {
                found.push(Located {
                    event,
                    index,
                    detection,
                });
            }
        }
        found
    }

    /// The detection recorded `index`-th in event `event`, if the run on
    /// screen has it.
    pub fn detection_at(&self, event: usize, index: usize) -> Option<&'a Detection> {
        detections_of(self.trace().events.get(event)?).nth(index)
    }

    /// Whether a detection accuses a node that is honest in this scenario
    /// (possible in oral mode, where a forger's copies frame the origin).
    pub fn is_false_accusation(&self, detection: &Detection) -> bool {
        !self
            .scenario()
            .byzantine
            .contains_key(&detection.byzantine_node)
    }

    /// `GET /detections` of one node, or of every node as an array, as
    /// pretty JSON.
    pub fn detections_json(&self, filter: Option<NodeId>) -> String {
        let started_at = self.scenario().started_at_ms;
        self.documents(filter, |node| DetectionsDocument::of(node, started_at))
    }

    /// `GET /status` of one node, or of every node as an array, as pretty
    /// JSON.
    pub fn status_json(&self, filter: Option<NodeId>) -> String {
        self.documents(filter, StatusDocument::of)
    }

    /// One node's document, or every node's as an array, as pretty JSON.
    fn documents<D: serde::Serialize>(
        &self,
        filter: Option<NodeId>,
        document: impl Fn(&Node) -> D,
    ) -> String {
        let text = match filter.and_then(|id| self.node(id)) {
            Some(node) => serde_json::to_string_pretty(&document(node)),
            None => {
                serde_json::to_string_pretty(&self.nodes().iter().map(document).collect::<Vec<_>>())
            }
        };
        text.expect("the documents are plain data")
    }

    /// The Byzantine splits by then: each with the event that made it, the
    /// time it happened and the ids of its messages.
    pub fn splits(&self) -> Vec<SplitOnScreen> {
        let trace = self.trace();
        EventIndex::before(&self.run.index.splits, trace.events.len())
            .iter()
            .flat_map(|&event| splits::of_event(trace, event))
            .collect()
    }
}

/// The detections an event recorded, in order.
fn detections_of(event: &byzscope_core::Event) -> impl Iterator<Item = &Detection> {
    event.effects.iter().filter_map(|noted| match noted {
        Noted::Detected(detection) => Some(detection),
        _ => None,
    })
}
