//! What the page holds of each watched node: its latest `hello`, its kept
//! events (every life of it), its `/status` and `/detections` documents as
//! the node served them, and whether it answers.

use byzscope_core::scenario::MIN_NODES;
use byzscope_core::{DetectionsDocument, Mode, Scenario, StatusDocument, Strategy, Trace};

use super::events::{parse_event, Happened, Hello, Kept, StreamEvent};

/// Whether the page hears a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Not heard from yet.
    Connecting,
    /// Its stream is open.
    Up,
    /// It stopped answering (or never did) `failures` times in a row; the
    /// page tries again after a wait.
    Down {
        /// Failed attempts since it last answered.
        failures: u32,
    },
}

/// One node the page watches.
#[derive(Clone, Debug)]
pub struct Watched {
    /// Its base URL, as the address gave it.
    pub url: String,
    /// The latest `hello` it sent.
    pub hello: Option<Hello>,
    /// Whether it answers.
    pub link: Link,
    /// The newest event number held of its current life: where a new
    /// connection resumes.
    pub last_seq: u64,
    /// Its `/status`, as last fetched (or as its `hello` gave it).
    pub status: Option<StatusDocument>,
    /// Its `/detections`, as last fetched.
    pub detections: Option<DetectionsDocument>,
    /// How many lives of it the page has seen: a restart is a new one.
    pub lives: u32,
    /// Its kept events with the life each belongs to, in its order.
    pub(super) events: Vec<(u32, Kept)>,
}

/// What taking one line did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// A `hello`; `new_life` when the node restarted since the page last
    /// heard it (or this is the first).
    Hello {
        /// Whether this is a life the page had not seen.
        new_life: bool,
    },
    /// A new event; `changes_documents` when the node's `/status` or
    /// `/detections` has changed with it.
    Event {
        /// Whether to fetch the documents again.
        changes_documents: bool,
    },
    /// An event already held (a resumed stream repeats none, but a
    /// reconnection racing one might).
    Repeated,
}

/// Everything the page recorded of a cluster.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// The watched nodes, in the address's order.
    pub watched: Vec<Watched>,
}

impl Recording {
    /// A recording of nothing yet, watching `urls`.
    pub fn new(urls: &[String]) -> Recording {
        Recording {
            watched: urls
                .iter()
                .map(|url| Watched {
                    url: url.clone(),
                    hello: None,
                    link: Link::Connecting,
                    last_seq: 0,
                    status: None,
                    detections: None,
                    lives: 0,
                    events: Vec::new(),
                })
                .collect(),
        }
    }

    /// Takes one `data:` line from watched node `at`; a line that is not a
    /// fitting event is refused with the reason and changes nothing.
    pub fn take(&mut self, at: usize, line: &str) -> Result<Taken, String> {
        let event = parse_event(line)?;
        let Some(watched) = self.watched.get(at) else {
            return Err(format!("no watched node number {at}"));
        };
        match event {
            StreamEvent::Hello(hello) => {
                if let Some(other) = self.watched.iter().enumerate().find_map(|(i, other)| {
                    (i != at && other.hello.as_ref().is_some_and(|h| h.node == hello.node))
                        .then_some(&other.url)
                }) {
                    return Err(format!(
                        "it says it is {}, and so does {other}: the page watches it there only",
                        hello.node
                    ));
                }
                if let Some(before) = watched
                    .hello
                    .as_ref()
                    .filter(|before| before.node != hello.node)
                {
                    return Err(format!(
                        "it says it is {} now; it was {}",
                        hello.node, before.node
                    ));
                }
                let watched = &mut self.watched[at];
                let new_life = watched
                    .hello
                    .as_ref()
                    .is_none_or(|before| before.boot != hello.boot);
                if new_life {
                    watched.lives += 1;
                    watched.last_seq = 0;
                    watched.detections = None;
                }
                watched.status = Some(hello.status.clone());
                watched.hello = Some(*hello);
                watched.link = Link::Up;
                Ok(Taken::Hello { new_life })
            }
            StreamEvent::Kept(kept) => {
                let Some(hello) = &watched.hello else {
                    return Err("an event before its hello".into());
                };
                if kept.node != hello.node {
                    return Err(format!(
                        "an event of {} on the stream of {}",
                        kept.node, hello.node
                    ));
                }
                if kept.seq <= watched.last_seq {
                    return Ok(Taken::Repeated);
                }
                let changes_documents = matches!(
                    kept.what,
                    Happened::Proposed { .. }
                        | Happened::Detected(_)
                        | Happened::Decided { .. }
                        | Happened::TimedOut { .. }
                );
                let watched = &mut self.watched[at];
                watched.last_seq = kept.seq;
                let life = watched.lives;
                watched.events.push((life, kept));
                Ok(Taken::Event { changes_documents })
            }
        }
    }

    /// Node `at` stopped answering; returns how many times in a row.
    pub fn mark_down(&mut self, at: usize) -> u32 {
        let Some(watched) = self.watched.get_mut(at) else {
            return 0;
        };
        let failures = match watched.link {
            Link::Down { failures } => failures + 1,
            _ => 1,
        };
        watched.link = Link::Down { failures };
        failures
    }

    /// Wall-clock time of the first event recorded (Unix epoch ms): the
    /// recording's time 0. Before any event, the first `hello`'s.
    pub fn origin_ms(&self) -> Option<i64> {
        self.kept()
            .map(|kept| kept.at_ms)
            .min()
            .or_else(|| self.hellos().map(|hello| hello.at_ms).min())
    }

    /// Wall-clock time of the latest event recorded.
    pub fn latest_ms(&self) -> Option<i64> {
        self.kept().map(|kept| kept.at_ms).max()
    }

    /// Every event recorded, node by node.
    pub fn kept(&self) -> impl Iterator<Item = &Kept> {
        self.watched
            .iter()
            .flat_map(|watched| watched.events.iter().map(|(_, kept)| kept))
    }

    /// The latest `hello` of each node heard.
    pub fn hellos(&self) -> impl Iterator<Item = &Hello> {
        self.watched
            .iter()
            .filter_map(|watched| watched.hello.as_ref())
    }

    /// The cluster as its nodes describe it: its size (at least every node
    /// heard), the Byzantine nodes any of them names or is, the mode and
    /// the seed; `started_at_ms` is the recording's time 0.
    pub fn scenario(&self) -> Scenario {
        let mut scenario = Scenario {
            byzantine: Default::default(),
            started_at_ms: self.origin_ms().unwrap_or_default(),
            ..Scenario::default()
        };
        let mut nodes = u16::try_from(self.watched.len()).unwrap_or(u16::MAX);
        let mut modes = Vec::new();
        for hello in self.hellos() {
            nodes = nodes.max(hello.scenario.nodes).max(hello.node.number());
            scenario.seed = hello.scenario.seed;
            modes.push(hello.scenario.mode);
            scenario
                .byzantine
                .extend(hello.scenario.byzantine.iter().map(|(k, v)| (*k, *v)));
            if hello.is_byzantine {
                scenario
                    .byzantine
                    .entry(hello.node)
                    .or_insert(hello.strategy.unwrap_or(Strategy::Equivocate));
            }
        }
        if modes.contains(&Mode::Signed) {
            scenario.mode = Mode::Signed;
        }
        scenario.nodes = nodes.clamp(MIN_NODES, byzscope_core::id::MAX_NODES);
        scenario
    }

    /// The run so far as a core trace: see [`trace`](super::trace).
    pub fn trace(&self) -> Trace {
        super::trace::build(self)
    }
}
