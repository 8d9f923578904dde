//! A stage that is the whole frame (the presenter view, an embed): the
//! ring's share of it and the clock's place.

use super::super::*;
use super::overlap;

/// The presenter view on a 1080p screen and a 16:9 slide's embed.
fn whole_frames() -> [(f64, f64); 2] {
    [(1920.0, 1080.0), (908.8, 536.8)]
}

#[test]
fn a_ring_that_falls_short_of_half_the_frame_takes_one_line_or_an_ellipse_for_it() {
    use crate::model::geometry::Frame;
    for (width, height) in whole_frames() {
        let frame = Frame::fitted(width, height);
        let scale = frame.scale(width, height);
        for n in [6, 8] {
            let round = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            let share = round.ring_area() / (frame.width * frame.height);
            assert!(
                share >= room::RING_SHARE,
                "{width}×{height}, n = {n}: {share}"
            );
            assert!(
                round.fill() >= 1.0 - 1e-9,
                "{width}×{height}, n = {n}: labels shortened"
            );
            assert!(
                round.caption_spot().is_some(),
                "{width}×{height}, n = {n}: no caption corner"
            );
        }
    }
}

#[test]
fn the_clock_without_a_caption_corner_goes_where_it_covers_nothing() {
    use crate::model::geometry::Frame;
    let mut placed = 0;
    for (width, height) in whole_frames() {
        let frame = Frame::fitted(width, height);
        let scale = frame.scale(width, height);
        for n in 3..=32 {
            let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            if layout.caption_spot().is_some() {
                continue;
            }
            let Some(spot) = layout.clock_spot() else {
                continue;
            };
            placed += 1;
            assert!(frame.holds(&spot, 0.0), "{width}×{height}, n = {n}");
            for other in layout.occupied() {
                assert!(
                    !overlap(&spot, &other),
                    "{width}×{height}, n = {n}: {spot:?} on {other:?}"
                );
            }
            assert!(
                !layout.ring.reaches_into(&spot, 0.0),
                "{width}×{height}, n = {n}"
            );
        }
    }
    // The presenter's eleven nodes, whose clock once sat on a label.
    let frame = Frame::fitted(1920.0, 1080.0);
    let eleven = StageLabels::fit(
        Ring::new(11).in_frame(frame),
        frame.scale(1920.0, 1080.0),
        true,
    );
    assert!(eleven.caption_spot().is_some() || eleven.clock_spot().is_some());
    assert!(placed > 0);
}

#[test]
fn a_slide_of_seventeen_to_twenty_five_nodes_shortens_a_value_before_the_ring_falls_short() {
    use crate::model::geometry::Frame;
    // The two embed sizes a slide gives the stage, where the ring once
    // covered a third of it for names in full.
    for (width, height) in [(908.8, 536.8), (748.8, 446.8)] {
        let frame = Frame::fitted(width, height);
        let scale = frame.scale(width, height);
        for n in 17..=25 {
            let round = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            let share = round.ring_area() / (frame.width * frame.height);
            assert!(
                share >= room::RING_SHARE,
                "{width}×{height}, n = {n}: {share}"
            );
            assert!(
                round.fill() >= room::FILL_FOR_SHARE - 1e-6,
                "{width}×{height}, n = {n}: {}",
                round.fill()
            );
            assert!(
                round.font * round.scale >= 14.0 - 1e-9,
                "{width}×{height}, n = {n}: {} px",
                round.font * round.scale
            );
        }
    }
}
