//! The words beside a mark on the space-time diagram's lanes.

use crate::model::spacetime::Marked;

/// `proposes test123 (round 1)`, `splits round 1`, `caught node4`,
/// `decides test123`.
pub fn words(mark: &Marked) -> String {
    match mark {
        Marked::Proposal { value, round } => format!("proposes {value} (round {round})"),
        Marked::Split { round } => format!("splits round {round}"),
        Marked::Detection { accused } => format!("caught {accused}"),
        Marked::Decision { value } => format!("decides {value}"),
    }
}

#[cfg(test)]
mod tests {
    use byzscope_core::NodeId;

    use super::*;

    #[test]
    fn each_mark_says_what_happened() {
        let proposal = Marked::Proposal {
            value: "test123".into(),
            round: 1,
        };
        assert_eq!(words(&proposal), "proposes test123 (round 1)");
        assert_eq!(words(&Marked::Split { round: 2 }), "splits round 2");
        let accused = NodeId::new(4).unwrap();
        assert_eq!(words(&Marked::Detection { accused }), "caught node4");
        let decision = Marked::Decision { value: "x".into() };
        assert_eq!(words(&decision), "decides x");
    }
}
