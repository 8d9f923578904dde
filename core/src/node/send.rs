//! Speaking: a node's own statements (split by an equivocating node) and
//! the statements it forwards (altered by a forging one).

use std::sync::Arc;

use super::knowledge::Arrival;
use super::{entered, Node};
use crate::byzantine::{self, Role, Strategy};
use crate::effect::{Effect, Split};
use crate::id::NodeId;
use crate::log::LogLine;
use crate::message::Message;
use crate::statement::{Kind, Round, Statement};
use crate::time::Millis;

impl Node {
    /// Gossip: the first time a node sees a statement it passes it on to every
    /// peer but the origin, the sender and itself.
    pub(super) fn forward(&self, message: &Message, out: &mut Vec<Effect>) {
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
    pub(super) fn make_statement(
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
        let heard = &mut state.heard[self.id.index()];
        heard.vote = Some(value);
        for (statement, to) in &groups {
            let signature = self.signing.as_ref().map(|(key, _)| key.sign(statement));
            heard.arrivals.push(Arrival {
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
}
