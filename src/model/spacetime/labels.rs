//! Where the words of the space-time diagram go: boxes estimated from
//! character counts, and the marks' labels placed greedily so that no two
//! text boxes overlap. Marks with the same words close in time share one
//! label ("3 decide test123") when single ones do not fit.

use std::sync::Arc;

use byzscope_core::NodeId;

use super::{Drawing, Marked, HEIGHT, TOP, WIDTH};

/// An axis-aligned box in SVG units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A box of `w` × `h` centred on `(cx, cy)`.
    pub fn centred(cx: f64, cy: f64, w: f64, h: f64) -> Rect {
        Rect {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
        }
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    fn inside(&self, area: &Rect) -> bool {
        self.x >= area.x
            && self.y >= area.y
            && self.x + self.w <= area.x + area.w
            && self.y + self.h <= area.y + area.h
    }
}

/// A line of text's height, in ems: more than any sans-serif face's ascent
/// and descent together, so a box never comes out smaller than the ink.
pub const LINE_EM: f64 = 1.25;

/// How wide `text` is in ems, set in a regular sans-serif face: a
/// conservative estimate from its characters (wide letters and symbols a
/// full em, narrow ones less), never smaller than what a browser draws.
pub fn em_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '(' | ')' | '\''
            | '!' | '|' | ' ' => 0.45,
            'm' | 'w' | 'M' | 'W' => 1.0,
            'A'..='Z' => 0.85,
            c if c.is_ascii() => 0.66,
            // Symbols, other scripts, emoji.
            _ => 1.05,
        })
        .sum()
}

/// The same in a bold face, a tenth wider.
pub fn bold_em_width(text: &str) -> f64 {
    em_width(text) * 1.1
}

/// The box of a line of `text` at `size`, starting at `x`, centred on `cy`.
pub fn text_box(text: &str, size: f64, x: f64, cy: f64) -> Rect {
    let h = LINE_EM * size;
    Rect {
        x,
        y: cy - h / 2.0,
        w: em_width(text) * size,
        h,
    }
}

/// A label beside marks: where its text starts, its middle's y, the words,
/// and the mark it points at when it stands away from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where the text starts.
    pub x: f64,
    /// The y of its middle.
    pub y: f64,
    /// The words.
    pub text: String,
    /// The kind of its marks (`decision`, …), to colour it by.
    pub kind: &'static str,
    /// The glyph it belongs to, when it is not beside it: draw a leader.
    pub leader: Option<(f64, f64)>,
}

/// The size of the marks' words.
pub const LABEL_SIZE: f64 = 18.0;
/// The room between a glyph and its words, and between stacked lines.
const PAD: f64 = 4.0;
/// Marks with the same words at most this far apart (in y) may share a
/// label: about a quarter of the plot.
const BAND: f64 = 170.0;
/// Leave the lowest stacks of words this far above the bottom edge.
const FLOOR: f64 = HEIGHT - 2.0;

/// The words of a label: `what` happened to `count` nodes; `node` names the
/// one node when the label stands away from its mark.
pub type Words<'a> = &'a dyn Fn(&Marked, usize, Option<NodeId>) -> String;

/// Places a label for the marks of `drawing`, none over another text box
/// (lane headers, ticks, glyphs, other labels). Marks whose words do not
/// fit beside them share a label with their like or go to the column on
/// the right, with a leader; a value too long for the column is shortened
/// with an ellipsis. A mark that finds no room at all keeps its glyph only
/// (its words are in its tooltip).
pub fn place(drawing: &Drawing, words: Words<'_>) -> Vec<Label> {
    let mut taken: Vec<Rect> = drawing.text_boxes();
    let area = Rect {
        x: 0.0,
        y: TOP - 12.0,
        w: WIDTH,
        h: FLOOR - (TOP - 12.0),
    };
    let column = drawing.column;
    let room = WIDTH - 4.0 - column;
    let half = drawing.glyph_half();
    let step = LINE_EM * LABEL_SIZE + 2.0;
    let fit = |what: &Marked, count: usize, node: Option<NodeId>| {
        let text = words(what, count, node);
        if em_width(&text) * LABEL_SIZE <= room {
            return text;
        }
        shortened(what, |short| words(short, count, node), room / LABEL_SIZE)
    };
    let free = |rect: &Rect, taken: &[Rect]| {
        rect.inside(&area) && !taken.iter().any(|other| other.overlaps(rect))
    };
    // Beside a glyph, right of it or left of it: words a line off their
    // glyph read as another's, so those go to the column instead.
    let near = |x: f64, y: f64, w: f64| [(x + half + PAD, y), (x - half - PAD - w, y)];
    let mut labels = Vec::new();
    for group in groups(drawing) {
        let first = &drawing.marks[group[0]];
        // Each mark its own words, if every one fits beside its glyph.
        let mut singles = Vec::new();
        let mut trial = taken.clone();
        for &index in &group {
            let mark = &drawing.marks[index];
            let text = words(&mark.what, 1, None);
            let w = em_width(&text) * LABEL_SIZE;
            let mut spot = None;
            for (x, y) in near(mark.x, mark.y, w) {
                let rect = text_box(&text, LABEL_SIZE, x, y);
                if free(&rect, &trial) {
                    spot = Some((x, y, rect));
                    break;
                }
            }
            let Some((x, y, rect)) = spot else {
                singles.clear();
                break;
            };
            trial.push(rect);
            singles.push(Label {
                x,
                y,
                text,
                kind: mark.what.kind(),
                leader: None,
            });
        }
        if singles.len() == group.len() {
            taken = trial;
            labels.extend(singles);
            continue;
        }
        // One label for the lot, beside the first glyph or in the column.
        let node = (group.len() == 1).then_some(first.node);
        let text = words(&first.what, group.len(), None);
        let w = em_width(&text) * LABEL_SIZE;
        let named = fit(&first.what, group.len(), node);
        // Beside the glyph, else the column's rows, the nearest first and
        // below before above.
        let mut spots = Vec::new();
        for (x, y) in near(first.x, first.y, w) {
            spots.push((x, y, None, &text));
        }
        for k in 0..40 {
            for row in [k as f64, -(k as f64) - 1.0] {
                let y = first.y + row * step;
                spots.push((column, y, Some((first.x, first.y)), &named));
            }
        }
        for (x, y, leader, text) in spots {
            let rect = text_box(text, LABEL_SIZE, x, y);
            if free(&rect, &taken) {
                taken.push(rect);
                labels.push(Label {
                    x,
                    y,
                    text: text.clone(),
                    kind: first.what.kind(),
                    leader,
                });
                break;
            }
        }
    }
    labels
}

/// The marks in runs that may share a label: the same words, in order of
/// time, none further than [`BAND`] below the run's first.
fn groups(drawing: &Drawing) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // In order of y, ties in the marks' order: an insertion sort, as the
    // marks are few and nearly sorted already, and it needs none of the
    // standard sort's code.
    let mut order: Vec<usize> = Vec::with_capacity(drawing.marks.len());
    for (index, mark) in drawing.marks.iter().enumerate() {
        let at = order
            .iter()
            .position(|&other| drawing.marks[other].y.total_cmp(&mark.y).is_gt())
            .unwrap_or(order.len());
        order.insert(at, index);
    }
    for index in order {
        let mark = &drawing.marks[index];
        let open = groups.iter_mut().find(|group| {
            let first = &drawing.marks[group[0]];
            first.what == mark.what && mark.y - first.y <= BAND
        });
        match open {
            Some(group) => group.push(index),
            None => groups.push(vec![index]),
        }
    }
    groups
}

/// `words` of `what` with its value cut short, ending in `…`, until it is
/// at most `ems` wide (or the value is one character).
fn shortened(what: &Marked, words: impl Fn(&Marked) -> String, ems: f64) -> String {
    let value = match what {
        Marked::Proposal { value, .. } | Marked::Decision { value } => value.clone(),
        _ => return words(what),
    };
    let chars: Vec<char> = value.chars().collect();
    let mut keep = chars.len();
    loop {
        keep = keep.saturating_sub(1);
        let short: Arc<str> = format!("{}…", chars[..keep].iter().collect::<String>()).into();
        let changed = match what {
            Marked::Proposal { round, .. } => Marked::Proposal {
                value: short,
                round: *round,
            },
            _ => Marked::Decision { value: short },
        };
        let text = words(&changed);
        if keep <= 1 || em_width(&text) <= ems {
            return text;
        }
    }
}
