//! How wide a label's text is set, estimated from its characters: the
//! layout picks each label's form by this width, so it errs wide.

/// How wide `text` is set at `size`, overestimated for the bold sans-serif
/// the stage uses (its widest common glyphs), so text chosen by this width
/// fits its box.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.36,
            'i' | 'l' | 'j' | '.' | ',' | ':' | '·' | '!' | '|' | '\'' => 0.4,
            't' | 'f' | 'r' | 'I' | '(' | ')' | '-' => 0.52,
            'm' | 'w' | 'M' | 'W' => 1.08,
            'a'..='z' | '0'..='9' | '_' | '?' => 0.73,
            'A'..='Z' => 0.86,
            c if c.is_ascii() => 0.75,
            // Symbols (✓, ⚠, ●, ◆, ▲, →, …) may come from a fallback font.
            _ => 1.05,
        })
        .sum();
    em * size
}
