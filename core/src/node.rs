//! The node state machine: one participant of the protocol, with no clock,
//! no randomness and no I/O.
//!
//! A driver hands a node its inputs — a proposal, a message, a timer firing —
//! together with the current simulated time, and the node pushes what follows
//! as [`Effect`]s. The same node runs in the simulator, the tests and the
//! browser.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use crate::byzantine::{self, Role, Strategy};
use crate::detection::{sorted_unique, Detection, DetectionKind, SignedStatement};
use crate::effect::{Effect, Split};
use crate::id::NodeId;
use crate::log::LogLine;
use crate::message::Message;
use crate::quorum;
use crate::signing::{Directory, Mode, SecretKey, Signature};
use crate::statement::{Kind, Round, Statement};
use crate::time::Millis;
use crate::value::{self, ValueError};

/// How long after entering a round a node gives up waiting for a decision.
pub const ROUND_TIMEOUT_MS: Millis = 2_000;

/// One copy of a statement that a node holds: the first copy of it that
/// reached the node, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// The statement.
    pub statement: Arc<Statement>,
    /// Its origin's signature (signed mode).
    pub signature: Option<Signature>,
    /// The node that handed it over (the holder itself for its own statements).
    pub from: NodeId,
    /// The hop path it came by, `origin → … → from`.
    pub path: Arc<[NodeId]>,
    /// Simulated time it arrived.
    pub at: Millis,
}

/// What a node holds from one origin in one round.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hold {
    /// The distinct statements held, in the order they arrived.
    pub statements: Vec<Held>,
    /// The value this origin votes for, as far as this node may count it: its
    /// first statement got straight from the origin (oral) or validly signed
    /// (signed).
    pub vote: Option<Arc<str>>,
    /// Whether this node caught the origin equivocating in this round; such an
    /// origin counts for no value.
    pub caught: bool,
}

impl Hold {
    /// The distinct values held, in arrival order.
    pub fn values(&self) -> Vec<Arc<str>> {
        let mut values: Vec<Arc<str>> = Vec::new();
        for held in &self.statements {
            if !values.contains(&held.statement.value) {
                values.push(held.statement.value.clone());
            }
        }
        values
    }

    fn holds(&self, statement: &Arc<Statement>, signature: Option<&Signature>) -> Option<usize> {
        self.statements.iter().position(|held| {
            (Arc::ptr_eq(&held.statement, statement) || held.statement == *statement)
                && held.signature.as_ref() == signature
        })
    }
}

/// A node's view of one round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundState {
    /// Simulated time the node entered the round.
    pub entered_at: Millis,
    /// The value of the node's own statement in this round (before any split).
    pub own: Option<Arc<str>>,
    /// Whether the node has seen a PROPOSE for this round.
    pub saw_proposal: bool,
    /// What the node holds, indexed by origin.
    pub holds: Vec<Hold>,
    /// The decided value and when it was decided.
    pub decided: Option<(Arc<str>, Millis)>,
    /// Whether the round's timeout passed before a decision.
    pub timed_out: bool,
}

impl RoundState {
    fn new(entered_at: Millis, cluster_size: usize) -> Self {
        RoundState {
            entered_at,
            own: None,
            saw_proposal: false,
            holds: vec![Hold::default(); cluster_size],
            decided: None,
            timed_out: false,
        }
    }

    /// What the node holds from `origin`, if it is in the cluster.
    pub fn hold(&self, origin: NodeId) -> Option<&Hold> {
        self.holds.get(origin.index())
    }
}

/// A round the node has entered, to change: shared with a snapshot, it is
/// copied first. (A free function, so the borrow stays on `rounds` alone.)
fn entered(rounds: &mut BTreeMap<Round, Arc<RoundState>>, round: Round) -> &mut RoundState {
    Arc::make_mut(rounds.get_mut(&round).expect("entered"))
}

/// What became of a delivered message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    /// Handles one delivered message.
    pub fn receive(&mut self, now: Millis, message: &Message, out: &mut Vec<Effect>) -> Receipt {
        let statement = &message.statement;
        let (origin, round) = (statement.origin, statement.round);
        let size = usize::from(self.cluster_size);
        let misaddressed = message.to != self.id || message.from == self.id;
        if origin.index() >= size
            || message.from.index() >= size
            || misaddressed
            || round == 0
            || round == Round::MAX
        {
            return Receipt::Refused;
        }

        // A held statement already passed verification, so looking for it
        // first is the protocol's "verify, then drop duplicates" at the cost
        // of one verification per distinct (statement, signature).
        let held = self.rounds.get(&round).is_some_and(|state| {
            state.holds[origin.index()]
                .holds(statement, message.signature.as_ref())
                .is_some()
        });
        if held {
            return self.duplicate(now, message, out);
        }

        // A dropped copy leaves no trace but the accusation: it does not
        // enter its round or move `current_round`.
        if !self.signature_holds(message) {
            self.report_forgery(now, message, out);
            return Receipt::Forged;
        }
        self.enter(now, round, out);

        // Record.
        let counts_as_vote = match self.mode() {
            Mode::Oral => message.is_direct(),
            Mode::Signed => true,
        };
        let hold = &mut entered(&mut self.rounds, round).holds[origin.index()];
        hold.statements.push(Held {
            statement: statement.clone(),
            signature: message.signature,
            from: message.from,
            path: message.path.clone(),
            at: now,
        });
        let new_vote = counts_as_vote && hold.vote.is_none() && !hold.caught;
        if new_vote {
            hold.vote = Some(statement.value.clone());
        }

        self.detect_equivocation(now, origin, round, out);
        self.forward(message, out);

        if statement.kind == Kind::Propose {
            let state = entered(&mut self.rounds, round);
            if !state.saw_proposal {
                state.saw_proposal = true;
                if state.own.is_none() {
                    self.make_statement(now, Kind::Echo, round, statement.value.clone(), out);
                    let own = self.rounds[&round].own.clone().expect("just made");
                    self.try_decide(now, round, &own, out);
                }
            }
        }

        if new_vote {
            self.try_decide(now, round, &statement.value, out);
        }
        Receipt::Recorded
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

    /// A copy of a statement already held. It changes nothing, except that a
    /// copy straight from the origin of a statement first heard as hearsay is
    /// that origin's vote: otherwise whether a node can decide would depend on
    /// which copy happened to travel faster.
    fn duplicate(&mut self, now: Millis, message: &Message, out: &mut Vec<Effect>) -> Receipt {
        let statement = &message.statement;
        let round = statement.round;
        // Most copies are duplicates that change nothing: read first, so a
        // round shared with a snapshot is copied only when it does change.
        let hold = &self.rounds[&round].holds[statement.origin.index()];
        let late_vote =
            self.signing.is_none() && message.is_direct() && hold.vote.is_none() && !hold.caught;
        if !late_vote {
            return Receipt::Duplicate { vote: false };
        }
        entered(&mut self.rounds, round).holds[statement.origin.index()].vote =
            Some(statement.value.clone());
        self.try_decide(now, round, &statement.value, out);
        Receipt::Duplicate { vote: true }
    }

    fn signature_holds(&mut self, message: &Message) -> bool {
        let Some((_, directory)) = &self.signing else {
            return true;
        };
        let Some(signature) = message.signature else {
            return false;
        };
        let key = (message.statement.clone(), signature);
        if self.rejected.contains(&key) {
            return false;
        }
        self.verifications += 1;
        let valid = directory.verify(&message.statement, &signature);
        if !valid {
            self.rejected.insert(key);
        }
        valid
    }

    fn report_forgery(&mut self, now: Millis, message: &Message, out: &mut Vec<Effect>) {
        let statement = &message.statement;
        let accused = message.from;
        if !self.forgery_accused.insert((statement.round, accused)) {
            return;
        }
        let mut values = vec![statement.value.clone()];
        if let Some(state) = self.rounds.get(&statement.round) {
            values.extend(
                state.holds[statement.origin.index()]
                    .statements
                    .iter()
                    .filter(|held| held.statement.kind == statement.kind)
                    .map(|held| held.statement.value.clone()),
            );
        }
        let detection = Detection {
            kind: DetectionKind::Forgery,
            detected_by: self.id,
            byzantine_node: accused,
            round: statement.round,
            conflicting_values: sorted_unique(values),
            at: now,
            evidence: None,
        };
        out.push(Effect::Log(LogLine::ForgeryDetected {
            node: self.id,
            accused,
            statement: statement.clone(),
        }));
        self.record_detection(detection, out);
    }

    fn detect_equivocation(
        &mut self,
        now: Millis,
        origin: NodeId,
        round: Round,
        out: &mut Vec<Effect>,
    ) {
        if origin == self.id {
            return;
        }
        let hold = &mut entered(&mut self.rounds, round).holds[origin.index()];
        if hold.caught || hold.statements.len() < 2 {
            return;
        }
        let values = hold.values();
        if values.len() < 2 {
            return;
        }
        hold.caught = true;
        hold.vote = None;
        let evidence = self.signing.as_ref().map(|(_, directory)| {
            let signed = |held: &Held| SignedStatement {
                statement: (*held.statement).clone(),
                signature: held
                    .signature
                    .expect("signed mode holds only signed statements"),
                public_key: *directory.key(origin).expect("origin is in the cluster"),
            };
            let first = &hold.statements[0];
            let conflicting = hold
                .statements
                .iter()
                .find(|held| held.statement.value != first.statement.value)
                .expect("two values are held");
            Box::new([signed(first), signed(conflicting)])
        });
        let conflicting_values = sorted_unique(values);
        out.push(Effect::Log(LogLine::EquivocationDetected {
            node: self.id,
            accused: origin,
            round,
            values: conflicting_values.clone(),
        }));
        let detection = Detection {
            kind: DetectionKind::Equivocation,
            detected_by: self.id,
            byzantine_node: origin,
            round,
            conflicting_values,
            at: now,
            evidence,
        };
        self.record_detection(detection, out);
    }

    fn record_detection(&mut self, detection: Detection, out: &mut Vec<Effect>) {
        self.detections.push(detection.clone());
        out.push(Effect::Detected(detection));
    }

    /// Gossip: the first time a node sees a statement it passes it on to every
    /// peer but the origin, the sender and itself.
    fn forward(&self, message: &Message, out: &mut Vec<Effect>) {
        let statement = match self.role {
            Role::Byzantine(Strategy::Silent) => return,
            Role::Byzantine(Strategy::Forge) => {
                match byzantine::forged_value(&message.statement.value) {
                    Some(forged) => Arc::new(message.statement.with_value(forged)),
                    None => message.statement.clone(),
                }
            }
            _ => message.statement.clone(),
        };
        let mut path = message.path.to_vec();
        path.push(self.id);
        let path: Arc<[NodeId]> = path.into();
        let skip = [statement.origin, message.from, self.id];
        for to in NodeId::all(self.cluster_size).filter(|peer| !skip.contains(peer)) {
            out.push(Effect::Send(Message {
                from: self.id,
                to,
                statement: statement.clone(),
                // A forger keeps the origin's signature: it has no other.
                signature: message.signature,
                path: path.clone(),
            }));
        }
    }

    /// Makes this node's statement for `round` and sends it to every peer; an
    /// equivocating node splits it.
    fn make_statement(
        &mut self,
        now: Millis,
        kind: Kind,
        round: Round,
        value: Arc<str>,
        out: &mut Vec<Effect>,
    ) {
        let statement = Arc::new(Statement::new(kind, self.id, round, value.clone()));
        let peers: Vec<NodeId> = self.peers().collect();
        let groups: Vec<(Arc<Statement>, Vec<NodeId>)> = match self.role {
            Role::Byzantine(Strategy::Silent) => {
                out.push(Effect::Log(LogLine::SentToNobody {
                    node: self.id,
                    statement: statement.clone(),
                }));
                vec![(statement, Vec::new())]
            }
            Role::Byzantine(strategy) if strategy.equivocates() => {
                let (low, high) = byzantine::split_peers(&peers);
                let fork = Arc::new(statement.with_value(byzantine::forked_value(&value)));
                vec![(statement, low.to_vec()), (fork, high.to_vec())]
            }
            _ => vec![(statement, peers)],
        };

        let own_path: Arc<[NodeId]> = Arc::from([self.id]);
        let state = entered(&mut self.rounds, round);
        state.own = Some(value.clone());
        let hold = &mut state.holds[self.id.index()];
        hold.vote = Some(value);
        for (statement, to) in &groups {
            let signature = self.signing.as_ref().map(|(key, _)| key.sign(statement));
            hold.statements.push(Held {
                statement: statement.clone(),
                signature,
                from: self.id,
                path: own_path.clone(),
                at: now,
            });
            for peer in to {
                out.push(Effect::Send(Message {
                    from: self.id,
                    to: *peer,
                    statement: statement.clone(),
                    signature,
                    path: own_path.clone(),
                }));
            }
        }
        if groups.len() > 1 {
            out.push(Effect::Equivocated(Split {
                kind,
                round,
                groups: groups
                    .iter()
                    .map(|(statement, to)| (statement.value.clone(), to.clone()))
                    .collect(),
            }));
            out.push(Effect::Log(LogLine::SentConflicting { node: self.id }));
        }
    }

    /// Decides `value` for `round` if it now has votes from a quorum of
    /// distinct origins. Only the value whose vote just arrived can have
    /// crossed the threshold, so only it is counted.
    fn try_decide(&mut self, now: Millis, round: Round, value: &Arc<str>, out: &mut Vec<Effect>) {
        let state = entered(&mut self.rounds, round);
        if state.decided.is_some() {
            return;
        }
        let votes = state
            .holds
            .iter()
            .filter(|hold| !hold.caught && hold.vote.as_ref() == Some(value))
            .count();
        if votes < self.quorum {
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
