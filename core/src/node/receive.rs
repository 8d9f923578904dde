//! Receiving a message: verify, drop duplicates, record, detect, forward,
//! echo and decide, in the protocol's order.

use super::knowledge::Arrival;
use super::{entered, Node, Receipt};
use crate::detection::{sorted_unique, Detection, DetectionKind, SignedStatement};
use crate::effect::Effect;
use crate::id::NodeId;
use crate::log::LogLine;
use crate::message::Message;
use crate::signing::Mode;
use crate::statement::{Kind, Round};
use crate::time::Millis;

impl Node {
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

        // A statement already heard passed verification, so looking for it
        // first is the protocol's "verify, then drop duplicates" at the cost
        // of one verification per distinct (statement, signature).
        let heard = self.rounds.get(&round).is_some_and(|state| {
            state.heard[origin.index()].has(statement, message.signature.as_ref())
        });
        if heard {
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
        let heard = &mut entered(&mut self.rounds, round).heard[origin.index()];
        heard.arrivals.push(Arrival {
            statement: statement.clone(),
            signature: message.signature,
            from: message.from,
            path: message.path.clone(),
            at: now,
        });
        let new_vote = counts_as_vote && heard.vote.is_none() && !heard.caught;
        if new_vote {
            heard.vote = Some(statement.value.clone());
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

    /// A copy of a statement already heard. It changes nothing, except that a
    /// copy straight from the origin of a statement first heard as hearsay is
    /// that origin's vote: otherwise whether a node can decide would depend on
    /// which copy happened to travel faster.
    fn duplicate(&mut self, now: Millis, message: &Message, out: &mut Vec<Effect>) -> Receipt {
        let statement = &message.statement;
        let round = statement.round;
        // Most copies are duplicates that change nothing: read first, so a
        // round shared with a snapshot is copied only when it does change.
        let heard = &self.rounds[&round].heard[statement.origin.index()];
        let late_vote =
            self.signing.is_none() && message.is_direct() && heard.vote.is_none() && !heard.caught;
        if !late_vote {
            return Receipt::Duplicate { vote: false };
        }
        entered(&mut self.rounds, round).heard[statement.origin.index()].vote =
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
                state.heard[statement.origin.index()]
                    .arrivals
                    .iter()
                    .filter(|arrival| arrival.statement.kind == statement.kind)
                    .map(|arrival| arrival.statement.value.clone()),
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
        let heard = &mut entered(&mut self.rounds, round).heard[origin.index()];
        if heard.caught || heard.arrivals.len() < 2 {
            return;
        }
        let values = heard.values();
        if values.len() < 2 {
            return;
        }
        heard.caught = true;
        heard.vote = None;
        let evidence = self.signing.as_ref().map(|(_, directory)| {
            let signed = |arrival: &Arrival| SignedStatement {
                statement: (*arrival.statement).clone(),
                signature: arrival
                    .signature
                    .expect("in signed mode only signed statements are heard"),
                public_key: *directory.key(origin).expect("origin is in the cluster"),
            };
            let first = &heard.arrivals[0];
            let conflicting = heard
                .arrivals
                .iter()
                .find(|arrival| arrival.statement.value != first.statement.value)
                .expect("two values were heard");
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
}
