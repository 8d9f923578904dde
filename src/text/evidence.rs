//! An evidence verdict in words.

use byzscope_core::evidence::verify_evidence_json;

/// The verdict on `text`, in words, and whether it holds.
pub fn verdict(text: &str) -> (bool, String) {
    if text.trim().is_empty() {
        return (
            false,
            "There is nothing to verify: choose a file or paste its text.".into(),
        );
    }
    let verdict = verify_evidence_json(text);
    (verdict.holds(), verdict.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_and_emptiness_get_a_plain_no() {
        assert!(!verdict("  ").0);
        let (holds, text) = verdict("{not json");
        assert!(!holds);
        assert!(text.starts_with("The evidence does not hold"), "{text}");
    }
}
