//! Where messages travel on the stage: the polygon of the nodes' centres,
//! which words laid over the picture keep off.

use byzscope_core::NodeId;

use super::{Point, Rect, Ring};

impl Ring {
    /// Whether `rect` reaches within `margin` of where messages travel:
    /// the polygon whose corners are the nodes' centres (every chord lies
    /// in it). A triangle leaves much of its circle free; a large ring's
    /// polygon is nearly its circle. Two convex shapes are apart when one
    /// of their sides' directions separates them, so the polygon's sides
    /// (moved out by `margin`) and the box's are tried; with none apart,
    /// the box counts as reaching in, which errs on the safe side at the
    /// polygon's corners.
    pub fn reaches_into(self, rect: &Rect, margin: f64) -> bool {
        let corners = [
            Point {
                x: rect.left,
                y: rect.top,
            },
            Point {
                x: rect.right,
                y: rect.top,
            },
            Point {
                x: rect.right,
                y: rect.bottom,
            },
            Point {
                x: rect.left,
                y: rect.bottom,
            },
        ];
        let points: Vec<Point> = NodeId::all(self.n)
            .map(|node| self.position(node))
            .collect();
        let (mut left, mut top, mut right, mut bottom) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for p in &points {
            left = left.min(p.x);
            right = right.max(p.x);
            top = top.min(p.y);
            bottom = bottom.max(p.y);
        }
        if rect.right <= left - margin
            || rect.left >= right + margin
            || rect.bottom <= top - margin
            || rect.top >= bottom + margin
        {
            return false;
        }
        let centre = self.centre();
        let apart = (0..points.len()).any(|i| {
            let (a, b) = (points[i], points[(i + 1) % points.len()]);
            let (mut nx, mut ny) = (b.y - a.y, a.x - b.x);
            let length = nx.hypot(ny);
            if length < 1e-9 {
                return false;
            }
            (nx, ny) = (nx / length, ny / length);
            // Pointing away from the centre.
            if nx * (centre.x - a.x) + ny * (centre.y - a.y) > 0.0 {
                (nx, ny) = (-nx, -ny);
            }
            let side = nx * a.x + ny * a.y + margin;
            corners.iter().all(|c| nx * c.x + ny * c.y >= side)
        });
        !apart
    }
}
