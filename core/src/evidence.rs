//! Evidence of equivocation: a signed-mode detection turned into a
//! self-contained JSON document that any third party can check, in the
//! spirit of CometBFT's `DuplicateVoteEvidence`.
//!
//! The document holds the accused's two signed statements for one round,
//! each with its signature and the accused's public key in lower-case
//! hexadecimal (as everywhere in ByzScope's JSON). It holds when both
//! signatures verify over the statements' signed bytes
//! ([`Statement::signing_bytes`]) with one and the same public key, and the
//! statements have the same origin and round but different values: an honest
//! node makes one statement per round, so nothing but equivocation signs
//! two. The kinds may differ.
//!
//! Two things the document cannot prove. That the public key is the
//! accused's: a checker takes it from the cluster's key directory, as
//! CometBFT takes a validator's key from its validator set. And who
//! reported it: `detected_by` is signed by nobody; it is checked only to be
//! a node id other than the accused.
//!
//! The format is strict so that each piece of evidence has one meaning:
//! unknown or repeated fields, node ids not written as `nodeN` and hex not
//! in lower case are all refused.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::detection::{Detection, DetectionKind, SignedStatement};
use crate::id::NodeId;
use crate::signing::{self, PublicKey, Signature};
use crate::statement::{Kind, Round, Statement};

/// The name and version of the evidence format, the value of its `format`
/// field.
pub const EVIDENCE_FORMAT: &str = "byzscope/equivocation-evidence/v1";

/// The `format` field: only [`EVIDENCE_FORMAT`] is accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Version 1.
    #[default]
    #[serde(rename = "byzscope/equivocation-evidence/v1")]
    V1,
}

/// One signed statement of an evidence document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceStatement {
    /// PROPOSE or ECHO.
    pub kind: Kind,
    /// The node that signed it.
    #[serde(with = "canonical_id")]
    pub origin: NodeId,
    /// Its round.
    pub round: Round,
    /// Its value.
    pub value: String,
    /// The Ed25519 signature over the statement's signed bytes, 128
    /// lower-case hexadecimal digits.
    #[serde(with = "lower_hex")]
    pub signature: Signature,
    /// The signer's Ed25519 public key, 64 lower-case hexadecimal digits.
    #[serde(with = "lower_hex")]
    pub public_key: PublicKey,
}

/// Evidence that `accused` signed two different values in `round`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Always [`EVIDENCE_FORMAT`].
    pub format: Format,
    /// The equivocating node: the origin of both statements.
    #[serde(with = "canonical_id")]
    pub accused: NodeId,
    /// The round of both statements.
    pub round: Round,
    /// The node that caught it (signed by nobody: see the module's notes).
    #[serde(with = "canonical_id")]
    pub detected_by: NodeId,
    /// The statement the detector held first.
    pub statement_a: EvidenceStatement,
    /// The statement with another value that made the detection.
    pub statement_b: EvidenceStatement,
}

/// Why a detection makes no evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoEvidence {
    /// A forgery detection rests on a signature that does not hold, not on
    /// two that do.
    Forgery,
    /// The detection was made in oral mode: nothing is signed.
    Unsigned,
}

impl fmt::Display for NoEvidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoEvidence::Forgery => {
                "a forgery detection rests on a signature that does not hold, not on two signed statements"
            }
            NoEvidence::Unsigned => {
                "the detection was made with oral messages: only signed mode makes evidence"
            }
        })
    }
}

impl std::error::Error for NoEvidence {}

/// What is wrong with a piece of evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// The text is not JSON.
    Malformed(String),
    /// A field is missing, unknown, repeated or not of its form.
    BadField(String),
    /// The two statements have different origins.
    OriginsDiffer,
    /// The two statements are of different rounds.
    RoundsDiffer,
    /// The two statements have the same value: no conflict.
    SameValue,
    /// The two statements carry different public keys.
    KeysDiffer,
    /// `accused` is not the statements' origin.
    AccusedIsNotOrigin,
    /// `round` is not the statements' round.
    RoundIsNotStatements,
    /// `detected_by` names the accused.
    DetectorIsAccused,
    /// Statement A's signature does not verify with its public key.
    SignatureA,
    /// Statement B's signature does not verify with its public key.
    SignatureB,
}

impl fmt::Display for Flaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flaw::Malformed(why) => write!(f, "it is not valid JSON ({why})"),
            Flaw::BadField(why) => write!(f, "a field is wrong ({why})"),
            Flaw::OriginsDiffer => f.write_str("the two statements have different origins"),
            Flaw::RoundsDiffer => f.write_str("the two statements are of different rounds"),
            Flaw::SameValue => {
                f.write_str("the two statements have the same value, so they do not conflict")
            }
            Flaw::KeysDiffer => f.write_str("the two statements carry different public keys"),
            Flaw::AccusedIsNotOrigin => {
                f.write_str("the accused is not the origin of the statements")
            }
            Flaw::RoundIsNotStatements => f.write_str("the round is not the statements' round"),
            Flaw::DetectorIsAccused => f.write_str("the detector is the accused"),
            Flaw::SignatureA => {
                f.write_str("the signature of statement A does not verify with its public key")
            }
            Flaw::SignatureB => {
                f.write_str("the signature of statement B does not verify with its public key")
            }
        }
    }
}

/// Whether a piece of evidence holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It holds: the key signed two different values of `accused` in `round`.
    Holds {
        /// The equivocating node.
        accused: NodeId,
        /// The round.
        round: Round,
    },
    /// It does not hold, for this reason.
    Fails(Flaw),
}

impl Verdict {
    /// Whether it holds.
    pub fn holds(&self) -> bool {
        matches!(self, Verdict::Holds { .. })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Holds { accused, round } => write!(
                f,
                "The evidence holds: {accused} signed two different values for round {round}."
            ),
            Verdict::Fails(flaw) => write!(f, "The evidence does not hold: {flaw}."),
        }
    }
}

impl EvidenceStatement {
    fn of(signed: &SignedStatement) -> EvidenceStatement {
        let statement = &signed.statement;
        EvidenceStatement {
            kind: statement.kind,
            origin: statement.origin,
            round: statement.round,
            value: statement.value.to_string(),
            signature: signed.signature,
            public_key: signed.public_key,
        }
    }

    /// The statement that was signed.
    pub fn statement(&self) -> Statement {
        Statement::new(self.kind, self.origin, self.round, self.value.as_str())
    }

    fn verifies(&self) -> bool {
        signing::verify(&self.public_key, &self.statement(), &self.signature)
    }
}

impl Evidence {
    /// The evidence of a signed-mode equivocation detection.
    pub fn of(detection: &Detection) -> Result<Evidence, NoEvidence> {
        if detection.kind != DetectionKind::Equivocation {
            return Err(NoEvidence::Forgery);
        }
        let [a, b] = detection.evidence.as_deref().ok_or(NoEvidence::Unsigned)?;
        Ok(Evidence {
            format: Format::V1,
            accused: detection.byzantine_node,
            round: detection.round,
            detected_by: detection.detected_by,
            statement_a: EvidenceStatement::of(a),
            statement_b: EvidenceStatement::of(b),
        })
    }

    /// The document, as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Not `expect`: its panic would print the error with `Debug`, and
        // that impl would be in the wasm for a case that cannot happen.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| panic!("evidence always serialises"))
    }

    /// Checks the evidence: see the module's notes for what that proves.
    pub fn verify(&self) -> Verdict {
        let (a, b) = (&self.statement_a, &self.statement_b);
        let flaw = if a.origin != b.origin {
            Flaw::OriginsDiffer
        } else if a.round != b.round {
            Flaw::RoundsDiffer
        } else if a.value == b.value {
            Flaw::SameValue
        } else if a.public_key != b.public_key {
            Flaw::KeysDiffer
        } else if self.accused != a.origin {
            Flaw::AccusedIsNotOrigin
        } else if self.round != a.round {
            Flaw::RoundIsNotStatements
        } else if self.detected_by == self.accused {
            Flaw::DetectorIsAccused
        } else if !a.verifies() {
            Flaw::SignatureA
        } else if !b.verifies() {
            Flaw::SignatureB
        } else {
            return Verdict::Holds {
                accused: self.accused,
                round: self.round,
            };
        };
        Verdict::Fails(flaw)
    }
}

/// Reads an evidence document and checks it. Never panics, whatever the
/// text.
pub fn verify_evidence_json(json: &str) -> Verdict {
    match serde_json::from_str::<Evidence>(json) {
        Ok(evidence) => evidence.verify(),
        Err(error) if error.is_data() => Verdict::Fails(Flaw::BadField(error.to_string())),
        Err(error) => Verdict::Fails(Flaw::Malformed(error.to_string())),
    }
}

/// Node ids exactly as `nodeN` (the id's own parser also takes surrounding
/// spaces, which would give one piece of evidence two spellings).
mod canonical_id {
    use super::*;

    pub fn serialize<S: Serializer>(id: &NodeId, serializer: S) -> Result<S::Ok, S::Error> {
        id.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NodeId, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse::<NodeId>()
            .ok()
            .filter(|id| id.to_string() == text)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "'{text}' is not a node id written as node1 … node64"
                ))
            })
    }
}

/// Signatures and keys as lower-case hexadecimal only.
mod lower_hex {
    use super::*;

    /// A signature or a public key: bytes of a fixed length.
    pub trait Bytes: Sized {
        const LEN: usize;
        const WHAT: &'static str;
        fn bytes(&self) -> &[u8];
        fn from(bytes: &[u8]) -> Self;
    }

    impl Bytes for Signature {
        const LEN: usize = 64;
        const WHAT: &'static str = "a signature";
        fn bytes(&self) -> &[u8] {
            &self.0
        }
        fn from(bytes: &[u8]) -> Self {
            // Copied rather than `try_into().expect(..)`, whose panic would
            // print the conversion error with `Debug`.
            let mut signature = [0; 64];
            signature.copy_from_slice(bytes);
            Signature(signature)
        }
    }

    impl Bytes for PublicKey {
        const LEN: usize = 32;
        const WHAT: &'static str = "a public key";
        fn bytes(&self) -> &[u8] {
            &self.0
        }
        fn from(bytes: &[u8]) -> Self {
            let mut key = [0; 32];
            key.copy_from_slice(bytes);
            PublicKey(key)
        }
    }

    pub fn serialize<T: Bytes, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&signing::hex(value.bytes()))
    }

    pub fn deserialize<'de, T: Bytes, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        let text = String::deserialize(deserializer)?;
        let lower = text
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'));
        match hex::decode(&text) {
            Ok(bytes) if lower && bytes.len() == T::LEN => Ok(T::from(&bytes)),
            _ => Err(serde::de::Error::custom(format!(
                "{} is {} lower-case hexadecimal digits",
                T::WHAT,
                2 * T::LEN
            ))),
        }
    }
}
