//! The driver: the one task that owns a node's core state machine and
//! carries out its effects with real sockets and real time, as the
//! simulator's `World` carries them out with virtual ones.
//!
//! HTTP handlers hand it inputs over a channel and wait for its answer, so
//! the core sees one input at a time, in arrival order. Sends run as tasks
//! in a `JoinSet` the driver owns, so stopping the node stops them too;
//! round timers are kept here and fire through the core's `on_timeout`.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use byzscope_core::documents::format_detected_at;
use byzscope_core::{
    DetectionsDocument, Effect, Message, Millis, Node, NodeId, Receipt, Round, Statement,
    StatusDocument, ValueError,
};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;

use crate::clock::Clock;
use crate::config::NodeConfig;
use crate::console::Console;
use crate::events::{EventKind, EventLog, SplitGroup};
use crate::transport::{Delivery, Transport};

/// How many inputs may wait for the driver before handlers wait to queue.
const INPUT_QUEUE: usize = 1024;

/// An input for the core, with where its answer goes.
pub(crate) enum Input {
    Propose {
        value: String,
        reply: oneshot::Sender<Result<Round, ValueError>>,
    },
    Receive {
        message: Message,
        message_id: Option<String>,
        reply: oneshot::Sender<Receipt>,
    },
    Status {
        reply: oneshot::Sender<StatusDocument>,
    },
    Detections {
        reply: oneshot::Sender<DetectionsDocument>,
    },
}

/// The driver has stopped (the node is shutting down).
#[derive(Debug)]
pub(crate) struct Stopped;

/// Counters a test or a benchmark reads.
#[derive(Debug, Default)]
pub struct Stats {
    sent: AtomicU64,
}

impl Stats {
    /// Messages this node has sent (own statements and forwarded copies).
    pub fn messages_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

/// A handle on the driver, one per HTTP handler; cheap to clone.
#[derive(Clone)]
pub(crate) struct DriverHandle {
    inputs: mpsc::Sender<Input>,
}

impl DriverHandle {
    async fn ask<T>(&self, input: impl FnOnce(oneshot::Sender<T>) -> Input) -> Result<T, Stopped> {
        let (reply, answer) = oneshot::channel();
        self.inputs.send(input(reply)).await.map_err(|_| Stopped)?;
        answer.await.map_err(|_| Stopped)
    }

    pub(crate) async fn propose(
        &self,
        value: String,
    ) -> Result<Result<Round, ValueError>, Stopped> {
        self.ask(|reply| Input::Propose { value, reply }).await
    }

    pub(crate) async fn receive(
        &self,
        message: Message,
        message_id: Option<String>,
    ) -> Result<Receipt, Stopped> {
        self.ask(|reply| Input::Receive {
            message,
            message_id,
            reply,
        })
        .await
    }

    pub(crate) async fn status(&self) -> Result<StatusDocument, Stopped> {
        self.ask(|reply| Input::Status { reply }).await
    }

    pub(crate) async fn detections(&self) -> Result<DetectionsDocument, Stopped> {
        self.ask(|reply| Input::Detections { reply }).await
    }
}

/// The task that owns the node.
pub(crate) struct Driver {
    node: Node,
    config: Arc<NodeConfig>,
    clock: Clock,
    events: Arc<EventLog>,
    stats: Arc<Stats>,
    console: Console,
    transport: Transport,
    inputs: mpsc::Receiver<Input>,
    /// Round timers the core asked for, by core time.
    timers: BTreeSet<(Millis, Round)>,
    sends: JoinSet<Delivery>,
    /// The number in the next message id (`node1#<n>`).
    next_message: u64,
    effects: Vec<Effect>,
}

impl Driver {
    pub(crate) fn new(
        config: Arc<NodeConfig>,
        clock: Clock,
        events: Arc<EventLog>,
        stats: Arc<Stats>,
        transport: Transport,
    ) -> (Driver, DriverHandle) {
        let (tx, inputs) = mpsc::channel(INPUT_QUEUE);
        let driver = Driver {
            node: config.core_node(),
            console: Console::new(config.console),
            config,
            clock,
            events,
            stats,
            transport,
            inputs,
            timers: BTreeSet::new(),
            sends: JoinSet::new(),
            next_message: 1,
            effects: Vec::new(),
        };
        (driver, DriverHandle { inputs: tx })
    }

    /// Runs until `stop` says so or every handle is gone; pending sends are
    /// dropped with the driver.
    pub(crate) async fn run(mut self, mut stop: watch::Receiver<bool>) {
        loop {
            let next_timer = self.timers.first().map(|(at, _)| self.clock.deadline(*at));
            tokio::select! {
                _ = stop.wait_for(|stop| *stop) => break,
                input = self.inputs.recv() => match input {
                    Some(input) => self.handle(input),
                    None => break,
                },
                Some(done) = self.sends.join_next(), if !self.sends.is_empty() => {
                    if let Ok(delivery) = done {
                        self.delivered(delivery);
                    }
                }
                _ = tokio::time::sleep_until(next_timer.unwrap_or_else(tokio::time::Instant::now)),
                    if next_timer.is_some() => self.fire_timers(),
            }
        }
    }

    fn handle(&mut self, input: Input) {
        let now = self.clock.now();
        match input {
            Input::Propose { value, reply } => {
                let mut effects = std::mem::take(&mut self.effects);
                let proposed = self.node.propose(now, &value, &mut effects);
                if let Ok(round) = proposed {
                    self.events.push(EventKind::Proposed {
                        round,
                        value: value.into(),
                    });
                }
                self.carry_out(&mut effects, None);
                self.effects = effects;
                let _ = reply.send(proposed);
            }
            Input::Receive {
                message,
                message_id,
                reply,
            } => {
                let mut effects = std::mem::take(&mut self.effects);
                let receipt = self.node.receive(now, &message, &mut effects);
                // A refusal changes nothing, so it leaves no event either.
                if receipt != Receipt::Refused {
                    self.events.push(EventKind::Received {
                        message_id: message_id.clone(),
                        message: message.clone(),
                        receipt: receipt.into(),
                    });
                }
                if receipt == Receipt::Recorded {
                    self.events.push(EventKind::Recorded {
                        message_id,
                        statement: message.statement.clone(),
                        from: message.from,
                        direct: message.is_direct(),
                    });
                }
                self.carry_out(&mut effects, Some(message.from));
                self.effects = effects;
                let _ = reply.send(receipt);
            }
            Input::Status { reply } => {
                let _ = reply.send(StatusDocument::of(&self.node));
            }
            Input::Detections { reply } => {
                let document = DetectionsDocument::of(&self.node, self.clock.started_at_ms());
                let _ = reply.send(document);
            }
        }
    }

    fn fire_timers(&mut self) {
        let now = self.clock.now();
        let mut effects = std::mem::take(&mut self.effects);
        while let Some(&(at, round)) = self.timers.first() {
            if at > now {
                break;
            }
            self.timers.pop_first();
            self.node.on_timeout(now, round, &mut effects);
            self.carry_out(&mut effects, None);
        }
        self.effects = effects;
    }

    fn delivered(&mut self, delivery: Delivery) {
        let Err(error) = delivery.result else {
            return;
        };
        self.console.note(
            self.node.id(),
            &format!(
                "⚠️ Could not send {} to {} at {}: {error}",
                delivery.message_id, delivery.to, delivery.url
            ),
        );
        self.events.push(EventKind::SendFailed {
            message_id: delivery.message_id,
            to: delivery.to,
            error,
        });
    }

    fn message_id(&mut self) -> String {
        let id = format!("{}#{}", self.node.id(), self.next_message);
        self.next_message += 1;
        id
    }

    /// Carries out the core's effects in its order: sends (each announced
    /// as `sent`, a forward first as `forwarded`), timers, and events for
    /// the rest. `from` is who handed over the message being handled.
    fn carry_out(&mut self, effects: &mut Vec<Effect>, from: Option<NodeId>) {
        let ids: Vec<Option<String>> = effects
            .iter()
            .map(|effect| matches!(effect, Effect::Send(_)).then(|| self.message_id()))
            .collect();
        let forwards = forwards_of(effects, &ids);
        let mut announced: Vec<&Arc<Statement>> = Vec::new();
        for (effect, id) in effects.drain(..).zip(ids) {
            match effect {
                Effect::Send(message) => {
                    let id = id.unwrap_or_default();
                    if !message.is_direct() && !announced.contains(&&message.statement) {
                        if let Some((statement, to, message_ids)) =
                            forwards.iter().find(|(s, ..)| *s == message.statement)
                        {
                            announced.push(statement);
                            self.events.push(EventKind::Forwarded {
                                statement: statement.clone(),
                                from: from.unwrap_or(message.from),
                                to: to.clone(),
                                message_ids: message_ids.clone(),
                            });
                        }
                    }
                    self.send(id, message);
                }
                Effect::SetTimer { round, at } => {
                    self.timers.insert((at, round));
                }
                Effect::Equivocated(split) => {
                    self.events.push(EventKind::Equivocated {
                        statement_kind: split.kind,
                        round: split.round,
                        groups: split
                            .groups
                            .into_iter()
                            .map(|(value, to)| SplitGroup { value, to })
                            .collect(),
                    });
                }
                Effect::Detected(detection) => {
                    self.events.push(EventKind::Detected {
                        detection_kind: detection.kind,
                        byzantine_node: detection.byzantine_node,
                        round: detection.round,
                        detected_at: format_detected_at(self.clock.started_at_ms(), detection.at),
                        conflicting_values: detection.conflicting_values,
                        detected_by: detection.detected_by,
                    });
                }
                Effect::Decided { round, value } => {
                    self.events.push(EventKind::Decided { round, value });
                }
                Effect::TimedOut { round } => {
                    self.events.push(EventKind::TimedOut { round });
                }
                Effect::Log(line) => {
                    self.console.line(&line);
                    self.events.push(EventKind::Log {
                        line: line.to_string(),
                    });
                }
            }
        }
    }

    fn send(&mut self, message_id: String, message: Message) {
        let Some(url) = self.config.peers.get(&message.to).cloned() else {
            // Every peer has a URL (checked by `NodeConfig::new`); a core
            // that addressed someone else would be a bug, not a crash.
            return;
        };
        self.stats.sent.fetch_add(1, Ordering::Relaxed);
        self.events.push(EventKind::Sent {
            message_id: message_id.clone(),
            message: message.clone(),
            forward: !message.is_direct(),
            url: url.clone(),
        });
        let transport = self.transport.clone();
        self.sends
            .spawn(transport.deliver(url, message_id, message));
    }
}

/// The forwarded copies among `effects`, grouped by statement: (statement,
/// peers, message ids), in the order the core made them.
type Forward = (Arc<Statement>, Vec<NodeId>, Vec<String>);

fn forwards_of(effects: &[Effect], ids: &[Option<String>]) -> Vec<Forward> {
    let mut forwards: Vec<Forward> = Vec::new();
    for (effect, id) in effects.iter().zip(ids) {
        let (Effect::Send(message), Some(id)) = (effect, id) else {
            continue;
        };
        if message.is_direct() {
            continue;
        }
        match forwards.iter_mut().find(|(s, ..)| *s == message.statement) {
            Some((_, to, message_ids)) => {
                to.push(message.to);
                message_ids.push(id.clone());
            }
            None => forwards.push((
                message.statement.clone(),
                vec![message.to],
                vec![id.clone()],
            )),
        }
    }
    forwards
}
