//! Colours and shapes for values, so a value and its Byzantine fork are told
//! apart by colour *and* by shape: in greyscale, on a washed-out projector
//! and by viewers who do not see every hue.
//!
//! The colours are the Okabe–Ito palette, safe for the common kinds of
//! colour blindness. The shape says which kind of value it is: a circle for
//! a value as proposed, a diamond for an equivocator's `_BYZANTINE` fork, a
//! triangle for a forger's `_FORGED` copy.

use std::collections::BTreeMap;
use std::sync::Arc;

use byzscope_core::value::{BYZANTINE_SUFFIX, FORGED_SUFFIX};

use crate::model::numbers::num;

/// Which kind of value it is, read from its suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Variant {
    /// A value as somebody proposed it.
    Plain,
    /// An equivocator's fork: `…_BYZANTINE`.
    Byzantine,
    /// A forger's altered copy: `…_FORGED`.
    Forged,
}

impl Variant {
    /// The variant of `value`. The last suffix wins: a forged fork is forged.
    pub fn of(value: &str) -> Variant {
        if value.ends_with(FORGED_SUFFIX) {
            Variant::Forged
        } else if value.ends_with(BYZANTINE_SUFFIX) {
            Variant::Byzantine
        } else {
            Variant::Plain
        }
    }

    /// Colours for the values of this variant, in the order values appear.
    /// Plain values get the blues and greens, forks the reds, so the first
    /// value and its fork are as far apart as the palette allows.
    fn colours(self) -> &'static [&'static str] {
        match self {
            // Blue, bluish green, orange, sky blue.
            Variant::Plain => &["#0072B2", "#009E73", "#E69F00", "#56B4E9"],
            // Vermillion, reddish purple.
            Variant::Byzantine => &["#D55E00", "#CC79A7"],
            // Reddish purple, black, vermillion.
            Variant::Forged => &["#CC79A7", "#222222", "#D55E00"],
        }
    }
}

/// A value's shape, its cue besides colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// For plain values.
    Circle,
    /// For `_BYZANTINE` forks.
    Diamond,
    /// For `_FORGED` copies.
    Triangle,
}

impl Shape {
    fn of(variant: Variant) -> Shape {
        match variant {
            Variant::Plain => Shape::Circle,
            Variant::Byzantine => Shape::Diamond,
            Variant::Forged => Shape::Triangle,
        }
    }

    /// An SVG path of this shape centred on the origin, about `2r` across.
    pub fn path(self, r: f64) -> String {
        match self {
            Shape::Circle => {
                let (r, d) = (num(r), num(2.0 * r));
                format!("M-{r} 0a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0Z")
            }
            Shape::Diamond => {
                let d = num(r * 1.25);
                format!("M0 -{d}L{d} 0L0 {d}L-{d} 0Z")
            }
            Shape::Triangle => {
                let (d, e) = (num(r * 1.3), num(r * 1.04));
                format!("M0 -{d}L{d} {e}L-{d} {e}Z")
            }
        }
    }

    /// The same shape as a text glyph, for labels and tables.
    pub fn glyph(self) -> &'static str {
        match self {
            Shape::Circle => "●",
            Shape::Diamond => "◆",
            Shape::Triangle => "▲",
        }
    }

    /// Its name, for text alternatives.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Diamond => "diamond",
            Shape::Triangle => "triangle",
        }
    }
}

/// How one value is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Swatch {
    /// A CSS colour.
    pub colour: &'static str,
    /// Its shape.
    pub shape: Shape,
}

/// The swatches of one run: each value keeps the swatch it got when it first
/// appeared, so colours never change under the viewer's eyes.
#[derive(Clone, Debug, Default)]
pub struct Palette {
    swatches: BTreeMap<Arc<str>, Swatch>,
    used: BTreeMap<Variant, usize>,
}

impl Palette {
    /// The swatch of `value`, giving it the next free one on first sight.
    pub fn assign(&mut self, value: &Arc<str>) -> Swatch {
        if let Some(swatch) = self.swatches.get(value) {
            return *swatch;
        }
        let variant = Variant::of(value);
        let used = self.used.entry(variant).or_default();
        let colours = variant.colours();
        let swatch = Swatch {
            colour: colours[*used % colours.len()],
            shape: Shape::of(variant),
        };
        *used += 1;
        self.swatches.insert(value.clone(), swatch);
        swatch
    }

    /// The swatch of `value`, or what it would get next if it has not
    /// appeared yet (without keeping it).
    pub fn swatch(&self, value: &str) -> Swatch {
        if let Some(swatch) = self.swatches.get(value) {
            return *swatch;
        }
        let variant = Variant::of(value);
        let used = self.used.get(&variant).copied().unwrap_or(0);
        let colours = variant.colours();
        Swatch {
            colour: colours[used % colours.len()],
            shape: Shape::of(variant),
        }
    }

    /// Every value seen so far with its swatch, in value order.
    pub fn entries(&self) -> impl Iterator<Item = (&Arc<str>, &Swatch)> {
        self.swatches.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_and_its_fork_differ_in_colour_and_shape() {
        let mut palette = Palette::default();
        let plain = palette.assign(&"test123".into());
        let fork = palette.assign(&"test123_BYZANTINE".into());
        let forged = palette.assign(&"test123_FORGED".into());
        assert_ne!(plain.colour, fork.colour);
        assert_ne!(plain.shape, fork.shape);
        assert_ne!(fork.shape, forged.shape);
        assert_ne!(plain.shape, forged.shape);
    }

    #[test]
    fn swatches_are_stable_and_follow_first_appearance() {
        let mut palette = Palette::default();
        let first = palette.assign(&"a".into());
        let second = palette.assign(&"b".into());
        assert_ne!(first, second);
        assert_eq!(palette.assign(&"a".into()), first);
        assert_eq!(palette.swatch("b"), second);
        assert_eq!(palette.swatch("c"), palette.clone().assign(&"c".into()));
    }

    #[test]
    fn the_last_suffix_decides_the_variant() {
        assert_eq!(Variant::of("x"), Variant::Plain);
        assert_eq!(Variant::of("x_BYZANTINE"), Variant::Byzantine);
        assert_eq!(Variant::of("x_BYZANTINE_FORGED"), Variant::Forged);
        assert_eq!(Variant::of("x_FORGED_BYZANTINE"), Variant::Byzantine);
    }
}
