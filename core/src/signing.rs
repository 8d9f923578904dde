//! Signed messages: Ed25519 keys derived from the scenario seed, signatures
//! that travel with every copy of a statement.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::NodeId;
use crate::statement::Statement;

/// Whether statements carry their origin's signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Oral messages, as in the original demo: a forwarded copy can be
    /// altered and nobody can tell.
    #[default]
    Oral,
    /// Every statement is signed by its origin; altered copies fail
    /// verification.
    Signed,
}

/// An Ed25519 signature over [`Statement::signing_bytes`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature(pub [u8; 64]);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}…)", &hex(&self.0)[..16])
    }
}

/// Lower-case hexadecimal, the form keys and signatures take in JSON.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex(&self.0))
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        unhex::<64>(&text)
            .map(Signature)
            .ok_or_else(|| serde::de::Error::custom("a signature is 128 hexadecimal digits"))
    }
}

/// An Ed25519 public key, as 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PublicKey(pub [u8; 32]);

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex(&self.0))
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        unhex::<32>(&text)
            .map(PublicKey)
            .ok_or_else(|| serde::de::Error::custom("a public key is 64 hexadecimal digits"))
    }
}

/// Checks `signature` over `statement` against `key`. A key that is not a
/// valid curve point verifies nothing.
pub fn verify(key: &PublicKey, statement: &Statement, signature: &Signature) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(&key.0) else {
        return false;
    };
    let signature = ed25519_dalek::Signature::from_bytes(&signature.0);
    // Strict verification refuses malleated signatures and weak keys, so a
    // statement has exactly one signature that verifies.
    key.verify_strict(&statement.signing_bytes(), &signature)
        .is_ok()
}

/// One node's secret key: only that node signs with it.
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// Signs a statement.
    pub fn sign(&self, statement: &Statement) -> Signature {
        Signature(self.0.sign(&statement.signing_bytes()).to_bytes())
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(public: {})", hex(&self.public().0))
    }
}

/// Derives the key pair of `node` from the scenario `seed`: the secret key is
/// the first 32 bytes of the ChaCha20 stream numbered by the node, keyed by
/// the seed. Anyone who knows the seed can rebuild every key, which is what a
/// reproducible teaching scenario wants and a real deployment never would.
pub fn derive_key(seed: u64, node: NodeId) -> SecretKey {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(u64::from(node.number()));
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);
    SecretKey(SigningKey::from_bytes(&secret))
}

/// The public keys of a whole cluster, indexed by node.
///
/// Keys are kept decompressed, as Ed25519 verification needs them, so each
/// check skips the point decompression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directory {
    keys: Vec<PublicKey>,
    verifying: Vec<VerifyingKey>,
}

impl Directory {
    /// The directory of the cluster whose secret keys are `keys`, in id order.
    pub fn of(keys: &[SecretKey]) -> Directory {
        Directory {
            keys: keys.iter().map(SecretKey::public).collect(),
            verifying: keys.iter().map(|key| key.0.verifying_key()).collect(),
        }
    }

    /// The public key of `node`, if it is in the cluster.
    pub fn key(&self, node: NodeId) -> Option<&PublicKey> {
        self.keys.get(node.index())
    }

    /// Whether `signature` is `statement.origin`'s signature of `statement`.
    pub fn verify(&self, statement: &Statement, signature: &Signature) -> bool {
        self.verifying
            .get(statement.origin.index())
            .is_some_and(|key| {
                key.verify_strict(
                    &statement.signing_bytes(),
                    &ed25519_dalek::Signature::from_bytes(&signature.0),
                )
                .is_ok()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::Kind;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    #[test]
    fn keys_are_derived_from_seed_and_node() {
        assert_eq!(
            derive_key(7, node(1)).public(),
            derive_key(7, node(1)).public()
        );
        assert_ne!(
            derive_key(7, node(1)).public(),
            derive_key(7, node(2)).public()
        );
        assert_ne!(
            derive_key(7, node(1)).public(),
            derive_key(8, node(1)).public()
        );
    }

    #[test]
    fn a_signature_holds_only_for_its_statement_and_origin() {
        let keys: Vec<_> = (1..=3).map(|n| derive_key(1, node(n))).collect();
        let directory = Directory::of(&keys);
        let statement = Statement::new(Kind::Propose, node(1), 1, "test123");
        let signature = keys[0].sign(&statement);
        assert!(directory.verify(&statement, &signature));
        // The same check with only a public key, as a third party makes it.
        assert!(verify(&keys[0].public(), &statement, &signature));
        assert!(!verify(&keys[1].public(), &statement, &signature));
        assert!(!directory.verify(&statement.with_value("test123_FORGED"), &signature));
        let claimed_by_other = Statement {
            origin: node(2),
            ..statement.clone()
        };
        assert!(!directory.verify(&claimed_by_other, &signature));
        let mut flipped = signature;
        flipped.0[10] ^= 1;
        assert!(!directory.verify(&statement, &flipped));
    }

    #[test]
    fn signatures_round_trip_through_json() {
        let statement = Statement::new(Kind::Echo, node(2), 1, "v");
        let signature = derive_key(3, node(2)).sign(&statement);
        let json = serde_json::to_string(&signature).unwrap();
        assert_eq!(serde_json::from_str::<Signature>(&json).unwrap(), signature);
        assert!(serde_json::from_str::<Signature>("\"abc\"").is_err());
    }
}
