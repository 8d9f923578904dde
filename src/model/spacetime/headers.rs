//! The lanes' headers: full names while they fit, then `n12`, then `n12`
//! turned a quarter, each at the largest size its lane's room allows.

use byzscope_core::NodeId;

use super::labels::bold_em_width;
use super::{Rect, HEADER_BASE, HEADER_CEILING, HEADER_FOOT, HEADER_GAP, LINE_EM};

/// How the lanes' headers are written at this N.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Headers {
    /// `n12` rather than `node12`.
    pub short: bool,
    /// Turned a quarter, reading upwards.
    pub turned: bool,
    /// Font size.
    pub size: f64,
}

impl Default for Headers {
    fn default() -> Self {
        Headers {
            short: false,
            turned: false,
            size: 26.0,
        }
    }
}

impl Headers {
    /// The largest headers that fit lanes `gap` apart for `n` nodes: full
    /// names level if they are big enough to read, else `n12` level, else
    /// `n12` turned a quarter.
    pub fn fitting(n: u16, gap: f64) -> Headers {
        let room = gap - HEADER_GAP;
        for (short, least, most) in [(false, 18.0, 26.0), (true, 16.0, 24.0)] {
            let widest = bold_em_width(&named(n, short));
            let size = (room / widest).min(most);
            if size >= least {
                return Headers {
                    short,
                    turned: false,
                    size,
                };
            }
        }
        let tallest = bold_em_width(&named(n, true));
        // Turned, a header's width is one line's height: less room to keep.
        let size = ((gap - 2.0) / LINE_EM)
            .min((HEADER_FOOT - HEADER_CEILING) / tallest)
            .min(22.0);
        Headers {
            short: true,
            turned: true,
            size,
        }
    }

    /// The box of `text` on the lane at `x`.
    pub fn text_box(&self, text: &str, x: f64) -> Rect {
        let long = bold_em_width(text) * self.size;
        let thick = LINE_EM * self.size;
        if self.turned {
            Rect {
                x: x - thick / 2.0,
                y: HEADER_FOOT - long,
                w: thick,
                h: long,
            }
        } else {
            // A baseline at HEADER_BASE: ascent above, descent below.
            Rect {
                x: x - long / 2.0,
                y: HEADER_BASE - 0.95 * self.size,
                w: long,
                h: thick,
            }
        }
    }
}

/// A lane's header: `node12`, or `n12` when `short`.
pub fn header(node: NodeId, short: bool) -> String {
    named(node.number(), short)
}

fn named(number: u16, short: bool) -> String {
    if short {
        format!("n{number}")
    } else {
        format!("node{number}")
    }
}
