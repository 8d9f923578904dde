//! The run as shown: the head, or the past moment being looked at. Every
//! view of the page reads the run through [`Shown`], so looking back and
//! looking at now are the same code.

use byzscope_core::trace::{Fate, MessageId, TraceView};
use byzscope_core::{
    Detection, DetectionsDocument, Envelope, Links, Node, NodeId, Provenance, Scenario,
    StatusDocument,
};

use super::index::EventIndex;
use super::splits::{self, SplitOnScreen};
use super::Run;

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
        match &self.run.past {
            Some(past) => past.moment.view(self.run.head().trace()),
            None => self.run.head().view(),
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
        self.run.past.is_none() && self.run.head_is_quiet()
    }

    /// Messages in flight, in send order.
    pub fn in_flight(&self) -> Box<dyn Iterator<Item = &'a Envelope> + 'a> {
        self.trace().in_flight()
    }

    /// What had become of message `id` by then.
    pub fn fate(&self, id: MessageId) -> Option<Fate> {
        self.trace().fate(id)
    }

    /// One message of the run, if sent by then.
    pub fn message(&self, id: MessageId) -> Option<&'a Envelope> {
        self.trace().message(id)
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
            for (index, detection) in happened.detections().enumerate() {
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
        self.trace().detection_at(event, index)
    }

    /// The chains of messages that brought the two statements of the
    /// detection recorded `index`-th in event `event` to its detector, if
    /// the run on screen has it and it rests on two (a forgery rests on
    /// one bad copy).
    // Two views ask for it: one copy of the chain walk in the page's wasm.
    #[inline(never)]
    pub fn provenance(&self, event: usize, index: usize) -> Option<Provenance> {
        let detection = self.detection_at(event, index)?;
        self.run.head().trace().provenance(event, detection).ok()
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
        // Not `expect`: its panic would print the error with `Debug`, and
        // that impl would be in the wasm for a case that cannot happen.
        text.unwrap_or_else(|_| panic!("the documents are plain data"))
    }

    /// The Byzantine splits by then: each with the event that made it, the
    /// time it happened and the ids of its messages.
    pub fn splits(&self) -> Vec<SplitOnScreen> {
        let trace = self.trace();
        let mut found = Vec::new();
        for &event in EventIndex::before(&self.run.index.splits, trace.events.len()) {
            found.extend(splits::of_event(trace, event));
        }
        found
    }
}
