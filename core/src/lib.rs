//! # byzscope-core
//!
//! The consensus core of ByzScope: honest nodes that catch a Byzantine node
//! telling different peers different things, and a deterministic simulator
//! to run them in.
//!
//! The core does no I/O. A [`Node`] takes an input — a proposal, a message,
//! a timer firing — with the current simulated time and pushes its effects
//! ([`Effect`]) as data. The [`Simulation`] carries those effects out on a
//! simulated network whose every random choice comes from one seeded RNG,
//! and records everything in a [`Trace`].
//!
//! ```
//! use byzscope_core::{NodeId, Scenario, Simulation};
//!
//! let mut sim = Simulation::new(Scenario::default()).unwrap();
//! let node1: NodeId = "node1".parse().unwrap();
//! sim.propose(node1, "test123").unwrap();
//! sim.run_until_quiet();
//! let detections = sim.detections(node1).unwrap();
//! assert_eq!(detections.detections[0].byzantine_node, "node4");
//! assert_eq!(sim.status(node1).unwrap().consensus_value.as_deref(), Some("test123"));
//! ```
#![warn(missing_docs)]

pub mod byzantine;
pub mod detection;
pub mod documents;
pub mod effect;
pub mod evidence;
pub mod id;
pub mod log;
pub mod message;
pub mod metrics;
pub mod network;
pub mod node;
pub mod provenance;
pub mod quorum;
pub mod scenario;
pub mod signing;
pub mod sim;
pub mod statement;
pub mod time;
pub mod timeline;
pub mod trace;
pub mod value;

pub use byzantine::{Role, Strategy};
pub use detection::{Detection, DetectionKind, SignedStatement};
pub use documents::{DetectionRecord, DetectionsDocument, StatusDocument};
pub use effect::{Effect, Split};
pub use evidence::{
    verify_evidence_json, Evidence, EvidenceStatement, Flaw, NoEvidence, Verdict, EVIDENCE_FORMAT,
};
pub use id::NodeId;
pub use log::{LineKind, LogLine, LogLineError};
pub use message::{Message, MessageId};
pub use metrics::{DetectionMetrics, DetectionTiming, EquivocationMetrics, MissedDetection};
pub use network::{FaultError, Link, LinkState, Links, MAX_EXTRA_DELAY_MS};
pub use node::{Node, Receipt, ROUND_TIMEOUT_MS};
pub use provenance::{Chain, Provenance, ProvenanceError};
pub use scenario::{Latency, Scenario, ScenarioError};
pub use signing::Mode;
pub use sim::{InputError, ProposeError, ReplayError, Simulation};
pub use statement::{Kind, Round, Statement};
pub use time::Millis;
pub use timeline::{Moment, Timeline};
pub use trace::{Action, Envelope, Event, EventKind, Fate, Input, Loss, Outcome, Trace, TraceView};
pub use value::ValueError;
