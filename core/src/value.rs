//! The values nodes propose, and the rule that keeps them sane.

use std::fmt;

/// The longest value a node may propose, in Unicode scalar values.
pub const MAX_VALUE_CHARS: usize = 64;

/// Why a proposed value is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    /// The value is the empty string.
    Empty,
    /// The value has more than [`MAX_VALUE_CHARS`] characters.
    TooLong {
        /// How many characters it has.
        chars: usize,
    },
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::Empty => write!(f, "A value cannot be empty."),
            ValueError::TooLong { chars } => write!(
                f,
                "A value can have at most {MAX_VALUE_CHARS} characters; this one has {chars}."
            ),
        }
    }
}

impl std::error::Error for ValueError {}

/// Checks the value rule: 1 to 64 characters (Unicode scalar values).
pub fn validate(value: &str) -> Result<(), ValueError> {
    let chars = value.chars().count();
    if chars == 0 {
        Err(ValueError::Empty)
    } else if chars > MAX_VALUE_CHARS {
        Err(ValueError::TooLong { chars })
    } else {
        Ok(())
    }
}

/// What an equivocating node sends to the second half of its peers.
pub const BYZANTINE_SUFFIX: &str = "_BYZANTINE";

/// What a forging node puts on the values it forwards.
pub const FORGED_SUFFIX: &str = "_FORGED";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_sixty_four_characters() {
        assert_eq!(validate("x"), Ok(()));
        assert_eq!(validate(&"a".repeat(64)), Ok(()));
        // Characters, not bytes: 64 three-byte characters are fine.
        assert_eq!(validate(&"€".repeat(64)), Ok(()));
    }

    #[test]
    fn refuses_empty_and_oversized_values() {
        assert_eq!(validate(""), Err(ValueError::Empty));
        assert_eq!(
            validate(&"a".repeat(65)),
            Err(ValueError::TooLong { chars: 65 })
        );
        assert_eq!(
            ValueError::TooLong { chars: 65 }.to_string(),
            "A value can have at most 64 characters; this one has 65."
        );
    }
}
