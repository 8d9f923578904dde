//! The ring's and the frame's geometry: positions, fits and motion.

use super::*;

fn node(n: u16) -> NodeId {
    NodeId::new(n).unwrap()
}

#[test]
fn node1_is_at_the_top_and_the_rest_go_clockwise() {
    let ring = Ring::new(4);
    let centre = ring.centre();
    let top = ring.position(node(1));
    assert!((top.x - centre.x).abs() < 1e-9 && top.y < centre.y);
    let right = ring.position(node(2));
    assert!(right.x > centre.x && (right.y - centre.y).abs() < 1e-9);
    let left = ring.position(node(4));
    assert!(left.x < centre.x);
}

#[test]
fn neighbours_never_overlap() {
    for n in 3..=32 {
        let ring = Ring::new(n);
        let gap = ring.position(node(1)).distance(ring.position(node(2)));
        assert!(gap > 2.0 * ring.node_radius(), "n = {n}");
    }
}

#[test]
fn a_stretched_ring_is_an_ellipse_its_neighbours_as_far_apart() {
    let frame = Frame::fitted(1920.0, 1080.0);
    for n in [10, 16, 32] {
        for stretch in [1.15, 1.6] {
            let circle = Ring::new(n).in_frame(frame);
            let ring = circle.with_stretch(stretch);
            assert_eq!(ring.node_radius(), circle.node_radius());
            let closest = |ring: Ring| {
                NodeId::all(n)
                    .map(|a| {
                        let b = node(a.index() as u16 % n + 1);
                        ring.position(a).distance(ring.position(b))
                    })
                    .fold(f64::INFINITY, f64::min)
            };
            assert!(closest(ring) >= closest(circle) - 1e-6, "n = {n}");
            for id in NodeId::all(n) {
                // A corner of where messages travel, its label's way
                // pointing out of it.
                let at = ring.position(id);
                let dot = |p: Point| Rect {
                    left: p.x - 0.5,
                    top: p.y - 0.5,
                    right: p.x + 0.5,
                    bottom: p.y + 0.5,
                };
                assert!(ring.reaches_into(&dot(at), 0.0), "n = {n}, {id}");
                let (x, y) = ring.outward(id);
                let further = Point {
                    x: at.x + 2.0 * x,
                    y: at.y + 2.0 * y,
                };
                assert!(!ring.reaches_into(&dot(further), 0.0), "n = {n}, {id}");
            }
            // As wide as asked, and inside its frame at its largest.
            let largest = ring.with_radius(ring.largest_radius());
            let span = |of: fn(Point) -> f64| {
                let all: Vec<f64> = NodeId::all(n).map(|id| of(largest.position(id))).collect();
                all.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                    - all.iter().copied().fold(f64::INFINITY, f64::min)
            };
            let (width, height) = (span(|p| p.x), span(|p| p.y));
            assert!(
                (width / height - stretch).abs() < 0.05 * stretch,
                "n = {n}: {width} × {height}"
            );
            let r = 1.31 * largest.node_radius();
            for id in NodeId::all(n) {
                let at = largest.position(id);
                assert!(at.x - r >= 0.0 && at.x + r <= frame.width + 1e-6);
                assert!(at.y - r >= 0.0 && at.y + r <= frame.height + 1e-6);
            }
        }
    }
}

#[test]
fn chords_start_and_end_at_the_circles() {
    let ring = Ring::new(4);
    let (a, b) = ring.chord(node(1), node(3));
    let r = ring.node_radius();
    assert!((a.distance(ring.position(node(1))) - r).abs() < 1e-6);
    assert!((b.distance(ring.position(node(3))) - r).abs() < 1e-6);
}

#[test]
fn fan_out_labels_cover_no_node_no_label_and_no_other_fan_label() {
    use crate::model::labels::{text_width, StageLabels};
    for n in [3, 4, 7] {
        for scale in [0.5, 0.86] {
            let ring = Ring::new(n);
            let labels = StageLabels::new(ring, scale);
            let size = labels.font * 0.85;
            let mut taken = labels.occupied();
            let nodes = taken.len();
            let byzantine = node(n);
            let mut placed = 0;
            for peer in NodeId::all(n).filter(|peer| *peer != byzantine) {
                let width = text_width("→ node2: ◆ test123_BYZANTINE", size);
                let Some(spot) = ring.label_spot(byzantine, peer, width, size, &taken) else {
                    continue;
                };
                let rect = Rect::text(spot, width, size);
                assert!(ring.frame().holds(&rect, 0.0));
                assert!(
                    !taken.iter().any(|other| rect.overlaps(other)),
                    "the label to {peer} overlaps"
                );
                taken.push(rect);
                placed += 1;
            }
            assert_eq!(taken.len(), nodes + placed);
            if n == 4 && scale == 0.86 {
                assert!(placed >= 2, "node4's labels have room at 1920×1080");
            }
        }
    }
}

#[test]
fn progress_runs_from_send_to_delivery() {
    assert_eq!(progress(100.0, 300.0, 100.0), 0.0);
    assert_eq!(progress(100.0, 300.0, 200.0), 0.5);
    assert_eq!(progress(100.0, 300.0, 400.0), 1.0);
    assert_eq!(progress(100.0, 300.0, 50.0), 0.0);
    assert_eq!(progress(100.0, 100.0, 100.0), 1.0);
}

#[test]
fn messages_travel_inside_the_polygon_of_the_nodes_not_the_whole_circle() {
    let ring = Ring::new(3).in_frame(Frame::fitted(1920.0, 1080.0));
    let centre = ring.centre();
    let r = ring.radius();
    // Inside the triangle's circle, beside its apex: no chord passes there.
    let beside = Rect {
        left: centre.x - 0.8 * r,
        top: centre.y - 0.8 * r,
        right: centre.x - 0.6 * r,
        bottom: centre.y - 0.6 * r,
    };
    assert!(
        centre.distance(Point {
            x: beside.right,
            y: beside.bottom
        }) < r
    );
    assert!(!ring.reaches_into(&beside, 0.0));
    // ... until the margin asked for reaches it.
    assert!(ring.reaches_into(&beside, 0.5 * r));
    // Over a chord's middle, and over the centre.
    let (a, b) = (ring.position(node(1)), ring.position(node(2)));
    let middle = a.lerp(b, 0.5);
    for at in [middle, centre] {
        let rect = Rect {
            left: at.x - 1.0,
            top: at.y - 1.0,
            right: at.x + 1.0,
            bottom: at.y + 1.0,
        };
        assert!(ring.reaches_into(&rect, 0.0));
    }
    // A large ring's polygon is nearly its circle.
    let large = Ring::new(32).in_frame(Frame::fitted(1920.0, 1080.0));
    let (c, r) = (large.centre(), large.radius());
    let inside = Rect {
        left: c.x - 0.97 * r,
        top: c.y - 1.0,
        right: c.x - 0.96 * r,
        bottom: c.y + 1.0,
    };
    assert!(large.reaches_into(&inside, 0.0));
}
