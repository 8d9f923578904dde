//! A node's words on the stage, as long as its box allows: `round 1 · ✓ ●
//! test123` where there is room, `r1 ✓ ● test123` where there is less,
//! then `r1 ✓ test123` and `✓ test123`, the value shortened with an
//! ellipsis only where even that does not fit, and never a word cut off by
//! the box. Widths come from [`text_width`], the same estimate the layout
//! reserves the boxes by.

use byzscope_core::Role;

use crate::model::labels::text_width;
use crate::model::run::{NodeLook, RoundLook};

/// How a piece of a label is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// The label's own colour.
    Plain,
    /// Quieter: nothing has happened yet.
    Muted,
    /// A round that ran out of time.
    TimedOut,
    /// The decided value.
    Decided,
    /// The Byzantine node's mark.
    Byzantine,
    /// A value's shape, in its colour.
    Colour(&'static str),
    /// The node's name, where its circle is too small for it.
    Name,
}

/// One run of text in one tone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The words.
    pub text: String,
    /// How they are drawn.
    pub tone: Tone,
}

fn piece(text: impl Into<String>, tone: Tone) -> Piece {
    Piece {
        text: text.into(),
        tone,
    }
}

/// How wide a line of pieces is at `font`.
pub fn line_width(line: &[Piece], font: f64) -> f64 {
    line.iter().map(|piece| text_width(&piece.text, font)).sum()
}

/// `value` cut to its first `keep` characters and an ellipsis (all of it
/// if it is that short).
pub fn shortened(value: &str, keep: usize) -> String {
    if value.chars().count() <= keep {
        value.to_owned()
    } else {
        let head: String = value.chars().take(keep).collect();
        format!("{head}…")
    }
}

/// Every way to say where `look` is in its round, longest first.
fn states(look: &NodeLook) -> Vec<Vec<Piece>> {
    let round = look.round;
    let (long, short) = (format!("round {round} · "), format!("r{round} "));
    match &look.state {
        RoundLook::Idle => vec![
            vec![piece("waiting for a proposal", Tone::Muted)],
            vec![piece("idle", Tone::Muted)],
        ],
        RoundLook::Undecided => vec![
            vec![piece(long, Tone::Plain), piece("undecided", Tone::Muted)],
            vec![
                piece(short.clone(), Tone::Plain),
                piece("undecided", Tone::Muted),
            ],
            vec![piece(short, Tone::Plain), piece("…", Tone::Muted)],
        ],
        RoundLook::TimedOut => vec![
            vec![piece(long, Tone::Plain), piece("timed out", Tone::TimedOut)],
            vec![
                piece(short.clone(), Tone::Plain),
                piece("timed out", Tone::TimedOut),
            ],
            vec![piece(short, Tone::Plain), piece("⌛", Tone::TimedOut)],
        ],
        RoundLook::Decided(value, swatch) => {
            let decided = |prefix: &str, value: String| {
                vec![
                    piece(format!("{prefix}✓ "), Tone::Plain),
                    piece(swatch.shape.glyph(), Tone::Colour(swatch.colour)),
                    piece(format!(" {value}"), Tone::Decided),
                ]
            };
            // The value whole, without its shape: no other value reads the
            // same.
            let bare = |prefix: &str| {
                vec![
                    piece(format!("{prefix}✓ "), Tone::Plain),
                    piece(value.clone(), Tone::Decided),
                ]
            };
            // The value is what a viewer reads a label for: the round and
            // the shape go before any of its characters do. A shortened
            // value keeps its shape, the one thing that tells `test123`
            // from a cut `test123_BYZANTINE`.
            let mut all = vec![
                decided(&long, value.clone()),
                decided(&short, value.clone()),
                bare(&short),
                decided("", value.clone()),
                bare(""),
            ];
            let length = value.chars().count();
            all.extend(
                (1..length)
                    .rev()
                    .map(|keep| decided("", shortened(value, keep))),
            );
            all.push(vec![
                piece("✓ ", Tone::Plain),
                piece(swatch.shape.glyph(), Tone::Colour(swatch.colour)),
            ]);
            all
        }
    }
}

/// Every way to say a node's role on a line of its own, longest first.
fn roles(role: Role) -> Vec<Vec<Piece>> {
    match role {
        Role::Honest => vec![vec![piece("honest", Tone::Muted)]],
        Role::Byzantine(strategy) => vec![
            vec![piece(format!("⚠ BYZANTINE · {strategy}"), Tone::Byzantine)],
            vec![piece("⚠ BYZANTINE", Tone::Byzantine)],
            vec![piece("⚠ BYZ", Tone::Byzantine)],
            vec![piece("⚠", Tone::Byzantine)],
        ],
    }
}

/// The first of `forms` no wider than `width` at `font`, else the last
/// (the shortest).
/// The longest of `forms` (longest first) that fits `width` at `font`, as
/// one piece in `tone`; the last, shortest form when none does.
pub fn fitted(forms: &[&str], tone: Tone, width: f64, font: f64) -> Vec<Piece> {
    fitting(
        forms.iter().map(|form| vec![piece(*form, tone)]).collect(),
        width,
        font,
    )
}

fn fitting(forms: Vec<Vec<Piece>>, width: f64, font: f64) -> Vec<Piece> {
    let last = forms.last().cloned().unwrap_or_default();
    forms
        .into_iter()
        .find(|line| line_width(line, font) <= width)
        .unwrap_or(last)
}

/// A node's label: on two lines its role, then its state; on one line its
/// state, after a ⚠ when it is Byzantine; none when the stage has no room
/// for labels. A `name` given heads the first line (a circle too small to
/// hold it). Each line is the longest form no wider than `width` at `font`
/// (both in stage units).
pub fn node_label(
    look: &NodeLook,
    name: Option<&str>,
    lines: usize,
    width: f64,
    font: f64,
) -> Vec<Vec<Piece>> {
    let head = name.map(|name| piece(format!("{name} "), Tone::Name));
    let room = |line: &[Piece]| width - line_width(line, font);
    match lines {
        0 => Vec::new(),
        1 => {
            let mut line: Vec<Piece> = head.into_iter().collect();
            if look.role.is_byzantine() {
                line.push(piece("⚠ ", Tone::Byzantine));
            }
            let state = fitting(states(look), room(&line), font);
            line.extend(state);
            vec![line]
        }
        _ => {
            let mut role: Vec<Piece> = head.into_iter().collect();
            let fitted = fitting(roles(look.role), room(&role), font);
            role.extend(fitted);
            vec![role, fitting(states(look), width, font)]
        }
    }
}

#[cfg(test)]
mod tests {
    use byzscope_core::Strategy;

    use super::*;
    use crate::model::palette::{Shape, Swatch};

    fn look(role: Role, state: RoundLook) -> NodeLook {
        NodeLook {
            role,
            round: 1,
            state,
            detections: 0,
            last_detection: None,
        }
    }

    fn text(line: &[Piece]) -> String {
        line.iter().map(|piece| piece.text.as_str()).collect()
    }

    fn decided(value: &str) -> RoundLook {
        let swatch = Swatch {
            colour: "#1f6feb",
            shape: Shape::Circle,
        };
        RoundLook::Decided(value.to_owned(), swatch)
    }

    #[test]
    fn a_decision_reads_in_full_where_there_is_room_and_shorter_where_not() {
        let node = look(Role::Honest, decided("test123"));
        let font = 20.0;
        let wide = node_label(&node, None, 2, 1000.0, font);
        assert_eq!(
            wide.iter().map(|l| text(l)).collect::<Vec<_>>(),
            ["honest", "round 1 · ✓ ● test123"]
        );
        let narrow = node_label(&node, None, 1, text_width("r1 ✓ ● test123", font), font);
        assert_eq!(text(&narrow[0]), "r1 ✓ ● test123");
        let tiny = node_label(&node, None, 1, 1.0, font);
        assert_eq!(text(&tiny[0]), "✓ ●");
    }

    #[test]
    fn a_short_label_keeps_its_value_whole_before_its_round_and_shape() {
        let node = look(Role::Honest, decided("test123"));
        let font = 20.0;
        let at = |width: &str| text(&node_label(&node, None, 1, text_width(width, font), font)[0]);
        assert_eq!(at("r1 ✓ test123"), "r1 ✓ test123");
        assert_eq!(at("✓ ● test123"), "✓ ● test123");
        assert_eq!(at("✓ test123"), "✓ test123");
        // Shortened, the value keeps its shape, and the round is gone.
        assert_eq!(at("✓ ● tes…"), "✓ ● tes…");
        // Every form that does not show the whole value, cut or left
        // out, still shows the value's shape.
        let forked = look(Role::Honest, decided("test123_BYZANTINE"));
        for width in (10..400).step_by(5) {
            let line = text(&node_label(&forked, None, 1, f64::from(width), font)[0]);
            if line.contains('…') || !line.contains("test") {
                assert!(line.contains('●'), "{line}");
            }
        }
    }

    #[test]
    fn every_line_fits_its_width_whenever_any_form_does() {
        let states = [
            RoundLook::Idle,
            RoundLook::Undecided,
            RoundLook::TimedOut,
            decided("test123_BYZANTINE"),
        ];
        for state in states {
            for role in [Role::Honest, Role::Byzantine(Strategy::Equivocate)] {
                let node = look(role, state.clone());
                for width in [90.0, 140.0, 220.0, 400.0] {
                    for lines in [1, 2] {
                        for line in node_label(&node, None, lines, width, 18.0) {
                            assert!(
                                line_width(&line, 18.0) <= width,
                                "{} in {width}",
                                text(&line)
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn one_line_marks_the_byzantine_node_and_none_says_nothing() {
        let node = look(Role::Byzantine(Strategy::Forge), RoundLook::Undecided);
        let line = &node_label(&node, None, 1, 400.0, 18.0)[0];
        assert_eq!(text(line), "⚠ round 1 · undecided");
        assert_eq!(line[0].tone, Tone::Byzantine);
        let two = node_label(&node, None, 2, 170.0, 18.0);
        assert_eq!(text(&two[0]), "⚠ BYZANTINE");
        assert!(node_label(&node, None, 0, 400.0, 18.0).is_empty());
        assert_eq!(shortened("abc", 5), "abc");
        assert_eq!(shortened("abcdef", 2), "ab…");
    }
}
