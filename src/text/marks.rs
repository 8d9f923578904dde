//! The words beside a mark on the space-time diagram's lanes.

use byzscope_core::NodeId;

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

/// The words of a label standing for `count` marks alike: one mark's
/// [`words`], led by its node's short name when the label stands away from
/// it (`n7 decides test123`); several, counted (`3 decide test123`,
/// `5 caught node32`).
pub fn label(mark: &Marked, count: usize, node: Option<NodeId>) -> String {
    if count > 1 {
        return match mark {
            Marked::Proposal { value, round } => {
                format!("{count} propose {value} (round {round})")
            }
            Marked::Split { round } => format!("{count} split round {round}"),
            Marked::Detection { accused } => format!("{count} caught {accused}"),
            Marked::Decision { value } => format!("{count} decide {value}"),
        };
    }
    match node {
        Some(node) => format!("n{} {}", node.number(), words(mark)),
        None => words(mark),
    }
}

/// Beside the box that shows every copy: how many are faded, and how many
/// of those a sample draws (` (233 faded)`, ` (30392 faded, 1520 drawn)`).
pub fn faded_note(copies: usize, drawn: usize) -> String {
    if drawn < copies {
        format!(" ({copies} faded, {drawn} drawn)")
    } else {
        format!(" ({copies} faded)")
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

    #[test]
    fn the_page_s_words_never_overlap_at_any_n_from_3_to_32() {
        use std::collections::BTreeSet;

        use crate::model::limits::MAX_STAGE_NODES;
        use crate::model::spacetime::tests::{first_overlap, round};
        use crate::model::spacetime::{draw, place, DEFAULT_SPAN};

        for n in 3..=MAX_STAGE_NODES {
            let (sim, palette) = round(n);
            let trace = sim.trace();
            let end = trace.events.last().unwrap().at as f64;
            for clock in [450.0, end] {
                let drawing = draw(
                    trace.view(),
                    &palette,
                    clock,
                    DEFAULT_SPAN,
                    &BTreeSet::new(),
                );
                assert_eq!(first_overlap(&drawing, &label), None, "N = {n} at {clock}");
                // Every mark has words: its own, or a share of a label.
                let labels = place(&drawing, &label);
                let told: usize = labels
                    .iter()
                    .map(|l| {
                        l.text
                            .split(' ')
                            .next()
                            .and_then(|k| k.parse().ok())
                            .unwrap_or(1)
                    })
                    .sum();
                assert_eq!(told, drawing.marks.len(), "N = {n} at {clock}: {labels:?}");
            }
        }
    }

    #[test]
    fn the_note_says_when_only_a_sample_of_the_copies_is_drawn() {
        assert_eq!(faded_note(233, 233), " (233 faded)");
        assert_eq!(faded_note(30_392, 1_520), " (30392 faded, 1520 drawn)");
    }

    #[test]
    fn a_shared_label_counts_its_marks_and_a_distant_one_names_its_node() {
        let decision = Marked::Decision {
            value: "test123".into(),
        };
        assert_eq!(label(&decision, 1, None), "decides test123");
        assert_eq!(label(&decision, 3, None), "3 decide test123");
        let node7 = NodeId::new(7);
        assert_eq!(label(&decision, 1, node7), "n7 decides test123");
        let accused = NodeId::new(32).unwrap();
        let caught = Marked::Detection { accused };
        assert_eq!(label(&caught, 5, node7), "5 caught node32");
    }
}
