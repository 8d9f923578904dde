//! The node state machine: one participant of the protocol, with no clock,
//! no randomness and no I/O.
//!
//! A driver hands a node its inputs — a proposal, a message, a timer firing —
//! together with the current simulated time, and the node pushes what follows
//! as [`Effect`]s. The same node runs in the simulator, the tests and the
//! browser.
//!
//! What a node knows of each round is in `knowledge.rs` ([`RoundState`],
//! [`Heard`], [`Arrival`]), read-only outside this module; receiving a
//! message is `receive.rs`; making and forwarding statements is `send.rs`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::byzantine::Role;
use crate::detection::Detection;
use crate::effect::Effect;
use crate::id::NodeId;
use crate::log::LogLine;
use crate::quorum;
use crate::signing::{Directory, Mode, SecretKey, Signature};
use crate::statement::{Kind, Round, Statement};
use crate::time::Millis;
use crate::value::{self, ValueError};

mod knowledge;
mod receive;
mod send;

pub use knowledge::{Arrival, Heard, RoundState};

/// How long after entering a round a node gives up waiting for a decision.
pub const ROUND_TIMEOUT_MS: Millis = 2_000;

/// A round the node has entered, to change: shared with a snapshot, it is
/// copied first. (A free function, so the borrow stays on `rounds` alone.)
fn entered(rounds: &mut BTreeMap<Round, Arc<RoundState>>, round: Round) -> &mut RoundState {
    Arc::make_mut(rounds.get_mut(&round).expect("entered"))
}

/// What became of a delivered message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Receipt {
    /// A statement the node had not held: recorded, and acted on.
    Recorded,
    /// A statement the node already held. `vote` is true when this copy came
    /// straight from the origin after a forwarded one, so it now counts as the
    /// origin's vote.
    Duplicate {
        /// Whether the copy turned hearsay into a vote.
        vote: bool,
    },
    /// The signature did not hold: dropped, and its sender accused of forgery.
    Forged,
    /// The message names a node outside the cluster, is not addressed to
    /// this node, claims to come from it, or names round 0 or the last
    /// round number (which leaves no next round): dropped.
    Refused,
}

/// One participant of the protocol.
#[derive(Clone, Debug)]
pub struct Node {
    id: NodeId,
    cluster_size: u16,
    quorum: usize,
    role: Role,
    signing: Option<(SecretKey, Arc<Directory>)>,
    current_round: Round,
    /// Behind an `Arc` so that a snapshot of the node shares every round
    /// with it until one of them changes (see `crate::timeline`).
    rounds: BTreeMap<Round, Arc<RoundState>>,
    detections: Vec<Detection>,
    /// Copies whose signature failed, so each distinct (statement, signature)
    /// is verified once, not once per copy.
    rejected: HashSet<(Arc<Statement>, Signature)>,
    verifications: u64,
    /// (round, sender) pairs already accused of forgery: once each.
    forgery_accused: BTreeSet<(Round, NodeId)>,
}

impl Node {
    /// A node of a cluster of `cluster_size` nodes. With `signing`, the node
    /// runs in signed mode with its own secret key and every node's public key.
    ///
    /// # Panics
    /// If `id` is not in a cluster of `cluster_size` nodes: a node outside its
    /// own cluster is a programming error, not an input.
    pub fn new(
        id: NodeId,
        cluster_size: u16,
        role: Role,
        signing: Option<(SecretKey, Arc<Directory>)>,
    ) -> Node {
        assert!(
            id.number() <= cluster_size,
            "{id} is not in a cluster of {cluster_size} nodes"
        );
        Node {
            id,
            cluster_size,
            quorum: quorum::quorum(usize::from(cluster_size)),
            role,
            signing,
            current_round: 0,
            rounds: BTreeMap::new(),
            detections: Vec::new(),
            rejected: HashSet::new(),
            verifications: 0,
            forgery_accused: BTreeSet::new(),
        }
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Honest, or Byzantine with a strategy.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Oral or signed.
    pub fn mode(&self) -> Mode {
        if self.signing.is_some() {
            Mode::Signed
        } else {
            Mode::Oral
        }
    }

    /// Every other node of the cluster, in id order.
    pub fn peers(&self) -> impl Iterator<Item = NodeId> + '_ {
        NodeId::all(self.cluster_size).filter(move |peer| *peer != self.id)
    }

    /// The highest round this node has seen or started.
    pub fn current_round(&self) -> Round {
        self.current_round
    }

    /// The decision of the latest round that has one.
    pub fn consensus_value(&self) -> Option<&Arc<str>> {
        self.rounds
            .values()
            .rev()
            .find_map(|round| round.decided.as_ref().map(|(value, _)| value))
    }

    /// This node's view of `round`, if it has entered it.
    pub fn round(&self, round: Round) -> Option<&RoundState> {
        self.rounds.get(&round).map(Arc::as_ref)
    }

    /// Every round this node has entered, in order.
    pub fn rounds(&self) -> impl Iterator<Item = (Round, &RoundState)> {
        self.rounds.iter().map(|(round, state)| (*round, &**state))
    }

    /// Everything this node has detected, in the order it happened.
    pub fn detections(&self) -> &[Detection] {
        &self.detections
    }

    /// How many signatures this node has checked (signed mode). Each distinct
    /// (statement, signature) is checked once, however many copies arrive.
    pub fn verifications(&self) -> u64 {
        self.verifications
    }

    /// Proposes `value` in a new round `current_round + 1`.
    ///
    /// A value that breaks the value rule is refused: nothing is sent and the
    /// node is unchanged.
    pub fn propose(
        &mut self,
        now: Millis,
        value: &str,
        out: &mut Vec<Effect>,
    ) -> Result<Round, ValueError> {
        value::validate(value)?;
        let round = self.current_round + 1;
        self.enter(now, round, out);
        let value: Arc<str> = value.into();
        out.push(Effect::Log(LogLine::Proposed {
            node: self.id,
            value: value.clone(),
            round,
        }));
        self.make_statement(now, Kind::Propose, round, value.clone(), out);
        self.try_decide(now, round, &value, out);
        Ok(round)
    }

    /// Handles the timer set for `round`: marks the round timed out if it has
    /// no decision yet. Returns whether it did.
    pub fn on_timeout(&mut self, _now: Millis, round: Round, out: &mut Vec<Effect>) -> bool {
        let Some(state) = self.rounds.get(&round) else {
            return false;
        };
        if state.decided.is_some() || state.timed_out {
            return false;
        }
        entered(&mut self.rounds, round).timed_out = true;
        out.push(Effect::TimedOut { round });
        out.push(Effect::Log(LogLine::TimedOut {
            node: self.id,
            round,
        }));
        true
    }

    fn enter(&mut self, now: Millis, round: Round, out: &mut Vec<Effect>) {
        let cluster_size = usize::from(self.cluster_size);
        self.rounds.entry(round).or_insert_with(|| {
            out.push(Effect::SetTimer {
                round,
                at: now.saturating_add(ROUND_TIMEOUT_MS),
            });
            Arc::new(RoundState::new(now, cluster_size))
        });
        self.current_round = self.current_round.max(round);
    }

    /// Decides `value` for `round` if it now has votes from a quorum of
    /// distinct origins. Only the value whose vote just arrived can have
    /// crossed the threshold, so only it is counted.
    fn try_decide(&mut self, now: Millis, round: Round, value: &Arc<str>, out: &mut Vec<Effect>) {
        let state = entered(&mut self.rounds, round);
        if state.decided.is_some() {
            return;
        }
        if state.votes_for(value) < self.quorum {
            return;
        }
        state.decided = Some((value.clone(), now));
        out.push(Effect::Decided {
            round,
            value: value.clone(),
        });
        out.push(Effect::Log(LogLine::Decided {
            node: self.id,
            value: value.clone(),
            round,
        }));
    }
}
