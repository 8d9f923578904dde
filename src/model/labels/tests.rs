//! The label layout's guarantees, over every cluster the page offers and
//! a range of scales.

use super::*;
use crate::model::geometry::{HEIGHT, WIDTH};

/// Stage scales from a 390 px phone's (about 0.26) and a small embed's
/// (about 0.19) to a 1920×1080 screen's (about 1) and beyond.
fn scales() -> impl Iterator<Item = f64> {
    (0..=28).map(|step| 0.18 + f64::from(step) * 0.05)
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
}

#[test]
fn no_two_boxes_meet_and_none_sits_on_a_circle_for_every_cluster_and_scale() {
    for n in 3..=32 {
        let ring = Ring::new(n);
        for scale in scales() {
            let layout = StageLabels::new(ring, scale);
            assert!(layout.is_clear(), "n = {n}, scale = {scale}: {layout:?}");
            let slots = if layout.lines == 0 {
                &[][..]
            } else {
                &layout.slots[..]
            };
            assert_eq!(layout.slots.len(), usize::from(n));
            let r = ring.node_radius();
            for (i, slot) in slots.iter().enumerate() {
                for other in &slots[i + 1..] {
                    assert!(
                        !overlap(&slot.rect, &other.rect),
                        "n = {n}, scale = {scale}"
                    );
                }
                for node in NodeId::all(n) {
                    assert!(
                        distance_to(&slot.rect, ring.position(node)) > r,
                        "n = {n}, scale = {scale}: a label on {node}'s circle"
                    );
                }
                assert!(slot.rect.left >= 0.0 && slot.rect.right <= WIDTH);
                assert!(slot.rect.top >= 0.0 && slot.rect.bottom <= HEIGHT);
            }
        }
    }
}

#[test]
fn labels_are_never_set_smaller_than_the_floor_and_prefer_readable_type() {
    for n in 3..=32 {
        for scale in scales() {
            let layout = StageLabels::new(Ring::new(n), scale);
            let px = layout.font * layout.scale;
            assert!(px >= MIN_PX - 1e-9, "n = {n}, scale = {scale}: {px} px");
            // Type is made smaller, down to 14 px, before a label is made
            // shorter, and never below 14 px where the screen has room.
            if n <= 8 && scale >= 0.5 {
                assert!(px >= ROOMY_PX - 1e-9, "n = {n}, scale = {scale}: {px} px");
                assert!(
                    px >= PREFERRED_PX - 1e-9 || layout.fill() >= 1.0,
                    "n = {n}, scale = {scale}: {px} px and shortened"
                );
            }
        }
    }
    // A 1920×1080 screen keeps both lines, whole (`r1 ✓ ● test123`, not
    // `r1 ✓ ● test…`), in type a hall can read.
    for n in [3, 4, 5, 7] {
        let big = StageLabels::new(Ring::new(n), 0.86);
        assert_eq!(big.lines, 2, "n = {n}");
        assert!(big.fill() >= 1.0, "n = {n}: {}", big.fill());
        assert!(
            big.font * big.scale >= 20.0,
            "n = {n}: {} px",
            big.font * big.scale
        );
    }
}

#[test]
fn a_frame_with_room_takes_a_larger_ring_and_keeps_its_labels() {
    use crate::model::geometry::Frame;
    // A 16 : 9 embed's stage (960×540 less its column of icons) and a
    // presenter's screen, both with words over the picture; and a stage
    // as large beside the panels, the clock in its corner.
    for (width, height, caption) in [
        (910.0, 536.0, true),
        (1920.0, 1080.0, true),
        (1920.0, 1080.0, false),
    ] {
        for n in [3, 4, 5, 6, 7] {
            let frame = Frame::fitted(width, height);
            let scale = frame.scale(width, height);
            let base = StageLabels::new(Ring::new(n).in_frame(frame), scale);
            let fitted = StageLabels::fit(Ring::new(n).in_frame(frame), scale, caption);
            assert!(
                fitted.ring.radius() > 1.2 * base.ring.radius(),
                "n = {n} at {width}×{height}"
            );
            assert!(
                fitted.is_clear() && fitted.lines >= base.lines,
                "n = {n}: {} lines, base {}",
                fitted.lines,
                base.lines
            );
            assert!(fitted.fill() >= base.fill().min(1.0) - 1e-6, "n = {n}");
            assert!(fitted.font * scale >= ROOMY_PX - 1e-6, "n = {n}");
            // Every circle, badge included, inside the frame.
            let ring = fitted.ring;
            for node in NodeId::all(n) {
                let at = ring.position(node);
                let reach = 1.31 * ring.node_radius();
                assert!(
                    at.y - reach >= 0.0 && at.y + reach <= frame.height,
                    "n = {n}"
                );
            }
        }
    }
    // The default frame at a laptop's scale keeps the base ring: its
    // labels have no room to give.
    let laptop = StageLabels::fit(Ring::new(16), 0.55, false);
    let at_base = StageLabels::new(Ring::new(16), 0.55);
    assert!(laptop.ring.radius() <= Ring::new(16).radius() + 1e-9);
    assert!(laptop.font * laptop.scale >= at_base.font * at_base.scale - 1e-9);
}

#[test]
fn a_laptop_keeps_large_whole_labels_by_drawing_the_ring_smaller() {
    // The stage of a 1280×720 screen beside the side panels: 18 px labels,
    // whole, for the clusters a lesson shows.
    for n in [3, 4, 5, 6, 7] {
        // As measured there: 0.5294 CSS px a unit.
        let layout = StageLabels::fit(Ring::new(n), 0.5294, false);
        let px = layout.font * 0.5294;
        assert!(px >= 18.0, "n = {n}: {px} px");
        assert!(layout.fill() >= 1.0, "n = {n}");
        assert!(layout.ring.radius() >= 0.8 * Ring::new(n).radius() - 1e-9);
    }
}

#[test]
fn the_clusters_the_page_offers_keep_their_labels_on_a_phone_and_a_projector() {
    for n in 3..=32 {
        for scale in [0.3, 0.5, 0.86, 1.2] {
            let layout = StageLabels::new(Ring::new(n), scale);
            assert!(layout.lines >= 1, "n = {n}, scale = {scale}");
        }
        // 1920×1080: never smaller than 14 px.
        let wide = StageLabels::new(Ring::new(n), 0.86);
        assert!(wide.font * wide.scale >= 14.0, "n = {n}");
    }
    for n in 3..=16 {
        assert!(StageLabels::new(Ring::new(n), 0.26).lines >= 1, "n = {n}");
    }
}

#[test]
fn a_small_screen_gets_larger_type_in_stage_units_and_fewer_lines() {
    let ring = Ring::new(16);
    let (wide, phone) = (StageLabels::new(ring, 0.86), StageLabels::new(ring, 0.26));
    assert!(phone.font > wide.font);
    assert!(phone.lines <= wide.lines);
    assert!(
        phone.font * phone.scale >= 10.0,
        "{}",
        phone.font * phone.scale
    );
}

#[test]
fn names_fit_their_circles_shortened_when_the_circles_are_small() {
    for n in 3..=32 {
        for scale in scales() {
            let layout = StageLabels::new(Ring::new(n), scale);
            let last = NodeId::all(n).last().unwrap();
            let width = text_width(&layout.name.write(last), layout.name_font);
            if layout.name == NameForm::Label {
                // Too small a circle even for the number at whole labels'
                // type: the name heads the label, in its box.
                let head = format!("{} ⚠ ", layout.name.write(last));
                assert!(text_width(&head, layout.font) < layout.slot(last).width());
                continue;
            }
            assert!(width <= 1.6 * Ring::new(n).node_radius() + 1e-6, "n = {n}");
        }
    }
    // Nor under the detection badge's count.
    for n in [3, 4, 7, 16, 32] {
        for scale in scales() {
            let ring = Ring::new(n);
            let layout = StageLabels::new(ring, scale);
            if layout.name == NameForm::Label {
                continue;
            }
            let last = NodeId::all(n).last().unwrap();
            let (f, (at, b)) = (layout.name_font, badge(ring, layout.font));
            let half = text_width(&layout.name.write(last), f) / 2.0;
            let name = Rect {
                left: -half,
                top: -0.61 * f,
                right: half,
                bottom: 0.65 * f,
            };
            let count = Rect {
                left: at.x - 0.88 * b,
                top: at.y - 0.73 * b,
                right: at.x + 0.88 * b,
                bottom: at.y + 0.78 * b,
            };
            assert!(!overlap(&name, &count), "n = {n}, scale = {scale}");
        }
    }
    let small = StageLabels::new(Ring::new(32), 0.26);
    assert_ne!(small.name, NameForm::Full);
    assert_eq!(NameForm::Short.write(NodeId::new(12).unwrap()), "n12");
    assert_eq!(NameForm::Number.write(NodeId::new(12).unwrap()), "12");
    assert_eq!(NameForm::Full.write(NodeId::new(12).unwrap()), "node12");
}

#[test]
fn bad_scales_lay_out_as_one_and_nearby_scales_alike() {
    let ring = Ring::new(7);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(StageLabels::new(ring, bad), StageLabels::new(ring, 1.0));
    }
    assert_eq!(StageLabels::new(ring, 0.501), StageLabels::new(ring, 0.5));
}

#[test]
fn wider_text_measures_wider() {
    assert!(text_width("mmm", 10.0) > text_width("iii", 10.0));
    assert!((text_width("ab", 20.0) - 2.0 * text_width("ab", 10.0)).abs() < 1e-9);
    assert_eq!(text_width("", 10.0), 0.0);
}

#[test]
fn a_caption_beside_the_ring_covers_no_label_and_no_circle() {
    use crate::model::geometry::Frame;
    // A 16 : 9 embed's stage and a presenter's screen, where the ring
    // fills the height and leaves bands beside it.
    for (width, height) in [(910.0, 536.0), (760.0, 446.0), (1920.0, 1080.0)] {
        for n in [3, 4, 5, 7, 10, 16, 32] {
            let frame = Frame::fitted(width, height);
            let layout = StageLabels::fit(
                Ring::new(n).in_frame(frame),
                frame.scale(width, height),
                true,
            );
            // The clusters a lesson or a slide shows always have room; a
            // large one in a small frame may not (its caption then goes in
            // the drawer), but where it has, the room is free.
            let Some(spot) = layout.caption_spot() else {
                assert!(n > 8, "n = {n} at {width}×{height}: no room");
                continue;
            };
            assert!(frame.holds(&spot, 0.0));
            assert!(spot.bottom - spot.top >= frame.height / 6.0 - 1e-9);
            for rect in layout.occupied() {
                assert!(
                    !overlap(&spot, &rect),
                    "n = {n} at {width}×{height}: {spot:?} on {rect:?}"
                );
            }
        }
    }
}

#[test]
fn no_caption_corner_reaches_the_hint_to_leave_the_presenter_view() {
    use crate::model::geometry::Frame;
    // The hint sits in the screen's bottom right corner, over the stage.
    // Without room kept for it, the clock's corner ran under it on 4 : 3
    // and 5 : 4 projectors, tall screens and letterboxes.
    // A 16 : 9 projector, a laptop, 4 : 3 and 5 : 4 projectors, a tall
    // screen and a letterbox.
    for (width, height) in [
        (1920.0, 1080.0),
        (1366.0, 768.0),
        (1024.0, 768.0),
        (1280.0, 1024.0),
        (1120.0, 1500.0),
        (1440.0, 500.0),
    ] {
        let frame = Frame::fitted(width, height);
        let scale = frame.scale(width, height);
        let hint_top = frame.height - super::clock::HINT_PX / scale;
        for n in 3..=32 {
            let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            let Some(spot) = layout.caption_spot() else {
                continue;
            };
            let on_the_right = spot.right > frame.width / 2.0;
            assert!(
                !on_the_right || spot.bottom <= hint_top,
                "n = {n} at {width}×{height}: {spot:?} reaches {hint_top}"
            );
        }
    }
}

#[test]
fn large_clusters_over_a_whole_frame_take_half_of_it_in_type_that_reads() {
    use crate::model::geometry::Frame;
    // A 960×540 and an 800×450 embed's stage (less the column of icons),
    // at 14 px; a presenter's 1080p screen at 24 px.
    for (width, height, px) in [
        (910.0, 536.0, 14.0),
        (760.0, 420.0, 14.0),
        (1920.0, 1080.0, 24.0),
    ] {
        for n in [10, 16, 32] {
            let frame = Frame::fitted(width, height);
            let scale = frame.scale(width, height);
            let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            let at = format!("n = {n} at {width}×{height}");
            assert!(layout.is_clear() && layout.lines >= 1, "{at}");
            let share = layout.ring_area() / (frame.width * frame.height);
            assert!(share >= 0.45, "{at}: the ring covers {share}");
            assert!(
                layout.font * layout.scale >= px - 1e-6,
                "{at}: labels at {} px",
                layout.font * layout.scale
            );
            let circle = match layout.name {
                NameForm::Label => layout.count_font(1),
                _ => layout.name_font,
            };
            assert!(
                circle * layout.scale >= px - 1e-6,
                "{at}: circles' text at {} px",
                circle * layout.scale
            );
            // Whatever the circle says fits in it.
            if layout.name == NameForm::Label {
                let r = layout.ring.node_radius();
                assert!(text_width("1", layout.count_font(1)) < 2.0 * r, "{at}");
                assert!(text_width("31", layout.count_font(2)) < 2.0 * r, "{at}");
            }
        }
    }
}

#[test]
fn beside_the_panels_no_label_sits_under_the_clock() {
    use crate::model::geometry::Frame;
    for (width, height) in [(740.0, 560.0), (1100.0, 820.0)] {
        for n in [3, 4, 7, 10, 16, 32] {
            let frame = Frame::fitted(width, height);
            let scale = frame.scale(width, height);
            let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, false);
            let clock = Rect {
                left: frame.width - 190.0 / scale,
                top: 0.0,
                right: frame.width,
                bottom: 58.0 / scale,
            };
            if layout.lines == 0 {
                continue;
            }
            for node in NodeId::all(n) {
                assert!(
                    !overlap(&layout.slot(node).rect, &clock),
                    "n = {n}, {node} at {width}×{height}"
                );
            }
        }
    }
}

/// N nodes on the stage of a 480×320 embed (the frame less its bar, in
/// CSS px): their labels around the ring, and as fitted.
fn thumbnail(n: u16) -> (StageLabels, StageLabels) {
    use crate::model::geometry::Frame;
    let (width, height) = (428.8, 275.0);
    let frame = Frame::fitted(width, height);
    let scale = frame.scale(width, height);
    let ring = Ring::new(n).in_frame(frame);
    (
        StageLabels::fit_ring(ring, scale, true),
        StageLabels::fit(ring, scale, true),
    )
}

#[test]
fn a_thumbnail_of_a_large_cluster_reads_at_twelve_pixels_in_columns() {
    for n in 17..=32 {
        let (round, layout) = thumbnail(n);
        let at = format!("n = {n}");
        assert!(layout.is_clear() && layout.lines == 1, "{at}");
        // Columns only where the ring's own labels would be smaller.
        let ring_px = round.font * round.scale;
        assert_eq!(
            layout.in_columns(),
            ring_px < 12.0 - 1e-6,
            "{at}: around the ring at {ring_px} px"
        );
        assert!(layout.font * layout.scale >= 12.0 - 1e-6, "{at}");
        assert!(layout.count_font(1) * layout.scale >= 12.0 - 1e-6, "{at}");
        let r = layout.ring.node_radius();
        assert!(text_width("8", layout.count_font(1)) < 1.5 * r, "{at}");
        // At least an honest name and value whole, or as much as around
        // the ring.
        let enough = columns::enough(layout.ring);
        assert!(layout.fill() >= round.fill().min(enough) - 1e-6, "{at}");
    }
}

#[test]
fn a_leader_runs_from_its_circle_to_its_label_over_nothing_else() {
    for n in 17..=32 {
        let (_, layout) = thumbnail(n);
        if !layout.in_columns() {
            continue;
        }
        let ring = layout.ring;
        let r = ring.node_radius();
        let leaders: Vec<(NodeId, (Point, Point))> = NodeId::all(n)
            .filter_map(|node| layout.leader(node).map(|line| (node, line)))
            .collect();
        assert_eq!(leaders.len(), n as usize, "n = {n}: a leader for each node");
        for &(node, (from, to)) in &leaders {
            let at = format!("n = {n}, {node}");
            assert!(
                from.distance(ring.position(node)) < r + MARGIN,
                "{at}: leaves its rim"
            );
            assert!(
                distance_to(&layout.slot(node).rect, to) <= MARGIN,
                "{at}: meets its label"
            );
            for step in 0..=100 {
                let p = from.lerp(to, f64::from(step) / 100.0);
                for other in NodeId::all(n).filter(|other| *other != node) {
                    assert!(
                        p.distance(ring.position(other)) > r,
                        "{at} crosses {other}'s circle"
                    );
                    assert!(
                        distance_to(&layout.slot(other).rect, p) > 0.0,
                        "{at} crosses {other}'s label"
                    );
                }
            }
            for &(other, (a, b)) in &leaders {
                if other != node {
                    assert!(
                        !crosses((from, to), (a, b)),
                        "{at}'s leader crosses {other}'s"
                    );
                }
            }
        }
    }
}

#[test]
fn where_the_ring_keeps_readable_labels_they_stay_by_their_nodes() {
    use crate::model::geometry::Frame;
    for (width, height) in [
        (910.0, 536.0),
        (760.0, 420.0),
        (1920.0, 1080.0),
        (390.0, 500.0),
    ] {
        for n in [3, 4, 5, 7, 10, 16] {
            let frame = Frame::fitted(width, height);
            let scale = frame.scale(width, height);
            let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            assert!(!layout.in_columns(), "n = {n} at {width}×{height}");
            assert!(NodeId::all(n).all(|node| layout.leader(node).is_none()));
        }
    }
}

/// Whether two segments cross (touching ends aside).
fn crosses((a, b): (Point, Point), (c, d): (Point, Point)) -> bool {
    let side = |p: Point, q: Point, r: Point| (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    side(a, b, c) * side(a, b, d) < 0.0 && side(c, d, a) * side(c, d, b) < 0.0
}

mod frames;
