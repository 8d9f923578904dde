//! Every sentence the page says about the protocol, written once: roles,
//! link states, message paths and fates, the scenario in a line, news for
//! screen readers and the scripting API, how detection went, evidence
//! verdicts, times and speeds. Pure, so every wording is tested natively.

pub mod detections;
pub mod evidence;
pub mod labels;
pub mod lessons;
pub mod links;
pub mod live;
pub mod marks;
pub mod messages;
pub mod metrics;
pub mod news;
pub mod nodes;
pub mod roles;
pub mod scenario;
pub mod splits;
pub mod time;
