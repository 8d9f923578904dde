//! Evidence of equivocation: a signed-mode detection as a JSON document any
//! third party can check, and a checker that says plainly why a document
//! does not hold, whatever it is given.

use byzscope_core::signing::derive_key;
use byzscope_core::{
    verify_evidence_json, Detection, Evidence, Flaw, Mode, NoEvidence, NodeId, Scenario,
    Simulation, Strategy as ByzantineStrategy, Verdict, EVIDENCE_FORMAT,
};
use proptest::prelude::*;
use serde_json::Value;

fn id(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

fn run(mode: Mode, strategy: ByzantineStrategy) -> Simulation {
    let mut sim = Simulation::new(Scenario {
        mode,
        byzantine: [(id(4), strategy)].into(),
        ..Scenario::default()
    })
    .unwrap();
    sim.propose(id(1), "test123").unwrap();
    sim.run_until_quiet();
    sim
}

fn first_detection(sim: &Simulation, node: u16) -> Detection {
    sim.node(id(node)).unwrap().detections()[0].clone()
}

/// node1's evidence against node4 in the signed default run.
fn evidence() -> Evidence {
    let sim = run(Mode::Signed, ByzantineStrategy::Equivocate);
    Evidence::of(&first_detection(&sim, 1)).unwrap()
}

fn fails(evidence: &Evidence) -> Flaw {
    match evidence.verify() {
        Verdict::Fails(flaw) => flaw,
        Verdict::Holds { .. } => panic!("{evidence:?} holds"),
    }
}

#[test]
fn every_honest_nodes_evidence_against_node4_holds() {
    let sim = run(Mode::Signed, ByzantineStrategy::Equivocate);
    for node in 1..=3 {
        let evidence = Evidence::of(&first_detection(&sim, node)).unwrap();
        assert_eq!(evidence.detected_by, id(node));
        let holds = Verdict::Holds {
            accused: id(4),
            round: 1,
        };
        assert_eq!(evidence.verify(), holds);
        assert_eq!(verify_evidence_json(&evidence.to_json()), holds);
    }
    assert_eq!(
        evidence().verify().to_string(),
        "The evidence holds: node4 signed two different values for round 1."
    );
}

#[test]
fn the_document_names_its_format_and_writes_bytes_in_lower_case_hex() {
    let evidence = evidence();
    let json = evidence.to_json();
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], EVIDENCE_FORMAT);
    assert_eq!(value["accused"], "node4");
    assert_eq!(value["round"], 1);
    assert_eq!(value["detected_by"], "node1");
    let keys: Vec<&str> = value.as_object().unwrap().keys().map(|k| &**k).collect();
    assert_eq!(
        keys,
        [
            "accused",
            "detected_by",
            "format",
            "round",
            "statement_a",
            "statement_b"
        ]
    );
    let a = &value["statement_a"];
    let b = &value["statement_b"];
    assert_eq!(
        (&a["kind"], &a["origin"], &a["value"]),
        (&"ECHO".into(), &"node4".into(), &"test123".into())
    );
    assert_eq!(b["value"], "test123_BYZANTINE");
    let public_key = byzscope_core::signing::hex(&derive_key(1, id(4)).public().0);
    for statement in [a, b] {
        let signature = statement["signature"].as_str().unwrap();
        assert_eq!(signature.len(), 128);
        assert!(signature
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(statement["public_key"], public_key.as_str());
    }
    assert_eq!(serde_json::from_str::<Evidence>(&json).unwrap(), evidence);
}

#[test]
fn only_a_signed_equivocation_makes_evidence() {
    let oral = run(Mode::Oral, ByzantineStrategy::Equivocate);
    assert_eq!(
        Evidence::of(&first_detection(&oral, 1)),
        Err(NoEvidence::Unsigned)
    );
    let forged = run(Mode::Signed, ByzantineStrategy::Forge);
    let forgery = forged
        .trace()
        .detections()
        .find(|d| d.kind == byzscope_core::DetectionKind::Forgery)
        .unwrap();
    assert_eq!(Evidence::of(forgery), Err(NoEvidence::Forgery));
    assert_eq!(
        NoEvidence::Unsigned.to_string(),
        "the detection was made with oral messages: only signed mode makes evidence"
    );
}

/// Spoils a piece of evidence, given another node's public key.
type Spoil = fn(&mut Evidence, byzscope_core::signing::PublicKey);

#[test]
fn each_flaw_is_found_and_named() {
    let good = evidence();
    let other_key = derive_key(1, id(3)).public();
    let cases: Vec<(Spoil, Flaw, &str)> = vec![
        (
            |e, _| e.statement_b.signature = e.statement_a.signature,
            Flaw::SignatureB,
            "the signature of statement B does not verify with its public key",
        ),
        (
            |e, _| e.statement_a.value = "test124".into(),
            Flaw::SignatureA,
            "the signature of statement A does not verify with its public key",
        ),
        (
            |e, key| {
                e.statement_a.public_key = key;
                e.statement_b.public_key = key;
            },
            Flaw::SignatureA,
            "the signature of statement A does not verify with its public key",
        ),
        (
            |e, key| e.statement_b.public_key = key,
            Flaw::KeysDiffer,
            "the two statements carry different public keys",
        ),
        (
            |e, _| e.statement_b.origin = NodeId::new(3).unwrap(),
            Flaw::OriginsDiffer,
            "the two statements have different origins",
        ),
        (
            |e, _| e.statement_b.round = 2,
            Flaw::RoundsDiffer,
            "the two statements are of different rounds",
        ),
        (
            |e, _| e.statement_b.value = e.statement_a.value.clone(),
            Flaw::SameValue,
            "the two statements have the same value, so they do not conflict",
        ),
        (
            |e, _| e.accused = NodeId::new(3).unwrap(),
            Flaw::AccusedIsNotOrigin,
            "the accused is not the origin of the statements",
        ),
        (
            |e, _| e.round = 2,
            Flaw::RoundIsNotStatements,
            "the round is not the statements' round",
        ),
        (
            |e, _| e.detected_by = e.accused,
            Flaw::DetectorIsAccused,
            "the detector is the accused",
        ),
    ];
    for (spoil, flaw, text) in cases {
        let mut evidence = good.clone();
        spoil(&mut evidence, other_key);
        assert_eq!(fails(&evidence), flaw);
        assert_eq!(
            verify_evidence_json(&evidence.to_json()),
            Verdict::Fails(flaw.clone())
        );
        assert_eq!(
            evidence.verify().to_string(),
            format!("The evidence does not hold: {text}.")
        );
    }
}

#[test]
fn text_that_is_not_evidence_says_what_is_wrong_with_it() {
    let json = evidence().to_json();
    let malformed = |text: &str| {
        matches!(
            verify_evidence_json(text),
            Verdict::Fails(Flaw::Malformed(_))
        )
    };
    let bad_field = |text: &str| match verify_evidence_json(text) {
        Verdict::Fails(Flaw::BadField(why)) => why,
        other => panic!("{text}: {other:?}"),
    };
    assert!(malformed(""));
    assert!(malformed("evidence"));
    assert!(malformed(&format!("{json} trailing")));
    assert!(malformed(&json[..json.len() - 1]));
    assert!(bad_field("[]").contains("expected struct Evidence"));
    assert!(bad_field("{}").contains("missing field"));
    assert!(bad_field(&json.replacen("{", r#"{"extra": 1,"#, 1)).contains("unknown field `extra`"));
    assert!(
        bad_field(&json.replace("equivocation-evidence/v1", "equivocation-evidence/v2"))
            .contains("unknown variant")
    );
    let signature = evidence().statement_a.signature;
    let lower = byzscope_core::signing::hex(&signature.0);
    assert!(bad_field(&json.replace(&lower, &lower.to_uppercase()))
        .contains("a signature is 128 lower-case hexadecimal digits"));
    assert!(bad_field(&json.replace(&lower, &lower[2..]))
        .contains("a signature is 128 lower-case hexadecimal digits"));
    assert!(
        bad_field(&json.replacen(r#""accused": "node4""#, r#""accused": " node4""#, 1))
            .contains("' node4' is not a node id written as node1 … node64")
    );
    assert!(
        bad_field(&json.replacen(r#""round": 1"#, r#""round": -1"#, 1)).contains("invalid value")
    );
    let verdict = verify_evidence_json("{}");
    assert!(
        verdict
            .to_string()
            .starts_with("The evidence does not hold: a field is wrong (missing field"),
        "{verdict}"
    );
}

/// Whether a changed document may still hold: it reads as the same JSON
/// value (only whitespace changed), or differs only in `detected_by`, which
/// no signature covers, now naming another node that is not the accused.
fn may_hold(original: &Value, changed: &str) -> bool {
    let Ok(changed) = serde_json::from_str::<Value>(changed) else {
        return false;
    };
    if &changed == original {
        return true;
    }
    let (Some(mut a), Some(mut b)) = (original.as_object().cloned(), changed.as_object().cloned())
    else {
        return false;
    };
    let detector = b.remove("detected_by");
    a.remove("detected_by");
    let canonical = detector
        .as_ref()
        .and_then(Value::as_str)
        .and_then(|text| Some((text, text.parse::<NodeId>().ok()?)))
        .is_some_and(|(text, node)| node.to_string() == text && node != id(4));
    a == b && canonical
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn mutations() -> impl Strategy<Value = Mutation> {
    // Bytes that matter in JSON, and any byte at all.
    let byte = prop_oneof![
        proptest::sample::select(b" \n\t\r{}[]:,\"\\0123456789abcdefABCDEFnode-.e".to_vec()),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        (any::<usize>(), byte).prop_map(|(at, b)| Mutation::Insert(at, b)),
        any::<usize>().prop_map(Mutation::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any text at all: the checker answers, and no random text holds.
    #[test]
    fn no_text_makes_the_checker_panic(text in prop_oneof![
        any::<String>(),
        "[{}\\[\\]\":, a-z0-9_/]{0,300}",
    ]) {
        prop_assert!(!verify_evidence_json(&text).holds());
    }

    /// A one-byte change to a valid document (compact or pretty) makes it
    /// fail, unless it is whitespace between tokens or a change of the
    /// unsigned `detected_by` to another node.
    #[test]
    fn a_one_byte_change_holds_only_if_it_changes_nothing_signed(
        pretty in any::<bool>(),
        mutation in mutations(),
    ) {
        let evidence = evidence_once();
        let json = if pretty { evidence.to_json() } else { serde_json::to_string(evidence).unwrap() };
        let original: Value = serde_json::from_str(&json).unwrap();
        let mut bytes = json.into_bytes();
        match mutation {
            Mutation::Replace(at, byte) => {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            Mutation::Insert(at, byte) => bytes.insert(at % (bytes.len() + 1), byte),
            Mutation::Delete(at) => {
                let at = at % bytes.len();
                bytes.remove(at);
            }
        }
        let changed = String::from_utf8_lossy(&bytes);
        let verdict = verify_evidence_json(&changed);
        prop_assert_eq!(verdict.holds(), may_hold(&original, &changed), "{}: {}", changed, verdict);
    }
}

/// The evidence, made once for all the cases above.
fn evidence_once() -> &'static Evidence {
    static EVIDENCE: std::sync::OnceLock<Evidence> = std::sync::OnceLock::new();
    EVIDENCE.get_or_init(evidence)
}
