//! Detections: a node's finding that another node misbehaved, with the
//! evidence it rests on.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::id::NodeId;
use crate::signing::{PublicKey, Signature};
use crate::statement::{Round, Statement};
use crate::time::Millis;

/// What a detection says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectionKind {
    /// The accused sent different values for one round.
    Equivocation,
    /// The accused handed over a copy of a statement whose signature does not
    /// hold: it altered or invented it (signed mode only).
    Forgery,
}

/// A statement together with its origin's signature and public key: what
/// any third party needs to check it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedStatement {
    /// The statement.
    pub statement: Statement,
    /// The origin's signature over it.
    pub signature: Signature,
    /// The origin's public key.
    pub public_key: PublicKey,
}

/// A node's finding against another node, as the detector recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    /// Equivocation or forgery.
    pub kind: DetectionKind,
    /// The node that made the finding.
    pub detected_by: NodeId,
    /// The accused: the equivocating origin, or the node that handed over a
    /// forged copy.
    pub byzantine_node: NodeId,
    /// The round of the conflicting or forged statement.
    pub round: Round,
    /// The values involved, sorted and without duplicates.
    pub conflicting_values: Vec<Arc<str>>,
    /// Simulated time of the finding, in milliseconds.
    pub at: Millis,
    /// In signed mode, an equivocation's two validly signed statements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Box<[SignedStatement; 2]>>,
}

/// Sorts values and removes duplicates, as `conflicting_values` requires.
///
/// Each value is inserted at its place: a detection has a handful of
/// values (two, mostly), and `sort` would compile a general sort of its
/// own into the page's wasm (about 1.5 KB gzipped) for them.
pub(crate) fn sorted_unique(values: Vec<Arc<str>>) -> Vec<Arc<str>> {
    let mut sorted: Vec<Arc<str>> = Vec::with_capacity(values.len());
    for value in values {
        if let Err(at) = sorted.binary_search(&value) {
            sorted.insert(at, value);
        }
    }
    sorted
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The values come out as a sort and a dedup would leave them, for
        /// any values in any order, repeated or not.
        #[test]
        fn sorted_unique_sorts_and_removes_duplicates(values in prop::collection::vec("[a-c_]{0,4}", 0..12)) {
            let values: Vec<Arc<str>> = values.into_iter().map(Arc::from).collect();
            let mut expected = values.clone();
            expected.sort();
            expected.dedup();
            prop_assert_eq!(sorted_unique(values), expected);
        }
    }
}
