//! What a node knows of a round: for each origin, the statements it has
//! heard from it (each as it first arrived), the one value it may count as
//! that origin's vote, and whether it caught the origin saying two things.
//!
//! The names say what a newcomer would ask: what did node X *hear* from
//! origin Y in round r ([`Heard`]), and how did each statement *arrive*
//! ([`Arrival`]): straight from Y, or forwarded along a path. Only the node
//! changes them; everyone else reads them through the methods below.

use std::sync::Arc;

use crate::id::NodeId;
use crate::signing::Signature;
use crate::statement::Statement;
use crate::time::Millis;

/// One distinct statement a node has heard, as its first copy arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub(super) statement: Arc<Statement>,
    pub(super) signature: Option<Signature>,
    pub(super) from: NodeId,
    pub(super) path: Arc<[NodeId]>,
    pub(super) at: Millis,
}

impl Arrival {
    /// The statement.
    pub fn statement(&self) -> &Arc<Statement> {
        &self.statement
    }

    /// Its origin's signature (signed mode).
    pub fn signature(&self) -> Option<&Signature> {
        self.signature.as_ref()
    }

    /// The node that handed it over (the node itself, for its own
    /// statements).
    pub fn from(&self) -> NodeId {
        self.from
    }

    /// The hop path it came by, `origin → … → from`.
    pub fn path(&self) -> &[NodeId] {
        &self.path
    }

    /// Simulated time it arrived.
    pub fn at(&self) -> Millis {
        self.at
    }

    /// Whether it came straight from its origin rather than forwarded (its
    /// own statements count as direct).
    pub fn is_direct(&self) -> bool {
        self.from == self.statement.origin
    }
}

/// What a node has heard from one origin in one round.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heard {
    /// The distinct statements, in the order they arrived.
    pub(super) arrivals: Vec<Arrival>,
    /// The value this origin votes for, as far as the node may count it: its
    /// first statement got straight from the origin (oral) or validly signed
    /// (signed).
    pub(super) vote: Option<Arc<str>>,
    /// Whether the node caught the origin equivocating in this round.
    pub(super) caught: bool,
}

impl Heard {
    /// The distinct statements heard, in the order they arrived.
    pub fn arrivals(&self) -> &[Arrival] {
        &self.arrivals
    }

    /// The distinct values heard, in arrival order.
    pub fn values(&self) -> Vec<Arc<str>> {
        let mut values: Vec<Arc<str>> = Vec::new();
        for arrival in &self.arrivals {
            if !values.contains(&arrival.statement.value) {
                values.push(arrival.statement.value.clone());
            }
        }
        values
    }

    /// The value that counts as this origin's vote, if any: never for an
    /// origin caught equivocating, which counts for no value.
    pub fn vote(&self) -> Option<&Arc<str>> {
        self.vote.as_ref()
    }

    /// Whether the node caught this origin equivocating in this round.
    pub fn is_caught(&self) -> bool {
        self.caught
    }

    /// Whether what was heard conflicts: the origin was caught, or two
    /// values were heard (also true of a Byzantine node's own split, which
    /// it does not accuse itself of).
    pub fn is_conflict(&self) -> bool {
        self.caught || self.values().len() > 1
    }

    /// Whether nothing was heard from this origin.
    pub fn is_empty(&self) -> bool {
        self.arrivals.is_empty()
    }

    /// Whether exactly this statement with this signature was heard. An
    /// `Arc` shared with a copy already held answers without comparing.
    pub(super) fn has(&self, statement: &Arc<Statement>, signature: Option<&Signature>) -> bool {
        self.arrivals.iter().any(|arrival| {
            (Arc::ptr_eq(&arrival.statement, statement) || arrival.statement == *statement)
                && arrival.signature.as_ref() == signature
        })
    }
}

/// A node's view of one round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundState {
    pub(super) entered_at: Millis,
    /// The value of the node's own statement (before any split).
    pub(super) own: Option<Arc<str>>,
    pub(super) saw_proposal: bool,
    /// Indexed by origin.
    pub(super) heard: Vec<Heard>,
    pub(super) decided: Option<(Arc<str>, Millis)>,
    pub(super) timed_out: bool,
}

impl RoundState {
    pub(super) fn new(entered_at: Millis, cluster_size: usize) -> Self {
        RoundState {
            entered_at,
            own: None,
            saw_proposal: false,
            heard: vec![Heard::default(); cluster_size],
            decided: None,
            timed_out: false,
        }
    }

    /// Simulated time the node entered the round.
    pub fn entered_at(&self) -> Millis {
        self.entered_at
    }

    /// The value of the node's own statement in this round, before any
    /// split; `None` until it makes one.
    pub fn own(&self) -> Option<&Arc<str>> {
        self.own.as_ref()
    }

    /// Whether the node has seen a PROPOSE for this round.
    pub fn saw_proposal(&self) -> bool {
        self.saw_proposal
    }

    /// What the node has heard from `origin`, if it is in the cluster.
    pub fn heard_from(&self, origin: NodeId) -> Option<&Heard> {
        self.heard.get(origin.index())
    }

    /// What the node has heard from every origin of the cluster, in id
    /// order, including origins it has heard nothing from.
    pub fn origins(&self) -> impl Iterator<Item = (NodeId, &Heard)> {
        NodeId::all(self.heard.len() as u16).zip(&self.heard)
    }

    /// How many distinct origins the node counts as voting for `value`:
    /// what it decides by, against the quorum.
    pub fn votes_for(&self, value: &str) -> usize {
        self.heard
            .iter()
            .filter(|heard| !heard.caught && heard.vote.as_deref() == Some(value))
            .count()
    }

    /// The value decided in this round and when, once it is (decisions are
    /// final).
    pub fn decided(&self) -> Option<(&Arc<str>, Millis)> {
        self.decided.as_ref().map(|(value, at)| (value, *at))
    }

    /// Whether the round's timeout passed before a decision (a later
    /// decision still counts).
    pub fn timed_out(&self) -> bool {
        self.timed_out
    }
}
