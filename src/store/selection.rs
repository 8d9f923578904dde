//! What the viewer has picked: the thing the inspector shows, and the
//! picture the stage column shows.

use byzscope_core::trace::MessageId;
use byzscope_core::{Link, NodeId};

/// What the viewer has clicked on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// Nothing.
    #[default]
    Nothing,
    /// A node.
    Node(NodeId),
    /// A message.
    Message(MessageId),
    /// The link between two nodes.
    Link(Link),
    /// A detection: the `index`-th one recorded in event `event`.
    Detection {
        /// The event that recorded it.
        event: usize,
        /// Its place among that event's detections.
        index: usize,
    },
}

/// The pictures of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Nodes on a ring, messages as travelling dots.
    #[default]
    Ring,
    /// One lane per node, time flowing down.
    SpaceTime,
}
