//! A stage that is the whole frame (the presenter view, an embed): the
//! ring's share of it and the clock's place.

use super::super::*;
use super::overlap;

/// The presenter view on a 1080p screen and a 16:9 slide's embed.
fn whole_frames() -> [(f64, f64); 2] {
    [(1920.0, 1080.0), (908.8, 536.8)]
}

/// The layout of `n` nodes on a stage of `width` by `height` px that is
/// the whole frame, and its ring's share of the frame.
fn whole_frame_fit(width: f64, height: f64, n: u16) -> (StageLabels, f64) {
    use crate::model::geometry::Frame;
    let frame = Frame::fitted(width, height);
    let scale = frame.scale(width, height);
    let round = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
    let share = round.ring_area() / (frame.width * frame.height);
    (round, share)
}

#[test]
fn a_ring_that_falls_short_of_half_the_frame_takes_one_line_or_an_ellipse_for_it() {
    for (width, height) in whole_frames() {
        for n in [6, 8] {
            let (round, share) = whole_frame_fit(width, height, n);
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
    // The presenter's clock of two lines; an embed's of one, in both the
    // slide sizes (800×450 is where a one-line clock once fell back to the
    // bottom right corner, over a label).
    let frames = [
        (1920.0, 1080.0, Clock::TimeAndFlight),
        (908.8, 536.8, Clock::Time),
        (748.8, 446.8, Clock::Time),
    ];
    let mut placed = 0;
    for (width, height, clock) in frames {
        let frame = Frame::fitted(width, height);
        let scale = frame.scale(width, height);
        for n in 3..=32 {
            let layout = StageLabels::fit(Ring::new(n).in_frame(frame), scale, true);
            let at = format!("{width}×{height}, n = {n}");
            let with = layout.clone().with_clock(clock);
            if let Some(corner) = with.caption_spot() {
                // The caption's corner holds the clock's extra line too.
                let tall = corner.bottom - corner.top;
                assert!(
                    tall >= (1.0 / 6.0 + clock.extra_line()) * frame.height - 1e-6,
                    "{at}"
                );
                assert_eq!(with.clock(), None, "{at}");
                continue;
            }
            let spot = with.clock();
            // An embed's large clusters, whose clock has nowhere else to go.
            if clock == Clock::Time && n >= 24 {
                assert!(spot.is_some(), "{at}: no place for the clock");
            }
            let Some(spot) = spot else {
                continue;
            };
            placed += 1;
            let (w, h) = clock.spot();
            assert!(spot.right - spot.left >= w * frame.height - 1e-9, "{at}");
            assert!(spot.bottom - spot.top >= h * frame.height - 1e-9, "{at}");
            assert!(frame.holds(&spot, 0.0), "{at}");
            for other in with.occupied().into_iter().filter(|o| *o != spot) {
                assert!(!overlap(&spot, &other), "{at}: {spot:?} on {other:?}");
            }
            assert!(!with.ring.reaches_into(&spot, 0.0), "{at}");
            // Boxes narrowed for it keep room for a whole label.
            assert!(with.is_clear(), "{at}");
            assert!(with.fill() >= layout.fill().min(1.0) - 1e-6, "{at}");
        }
    }
    // The presenter's eleven nodes, whose clock once sat on a label.
    let frame = Frame::fitted(1920.0, 1080.0);
    let eleven = StageLabels::fit(
        Ring::new(11).in_frame(frame),
        frame.scale(1920.0, 1080.0),
        true,
    );
    assert!(
        eleven.caption_spot().is_some()
            || eleven
                .clone()
                .with_clock(Clock::TimeAndFlight)
                .clock()
                .is_some()
    );
    assert!(placed > 0);
}

#[test]
fn a_slide_of_seventeen_to_twenty_five_nodes_shortens_a_value_before_the_ring_falls_short() {
    // The two embed sizes a slide gives the stage, where the ring once
    // covered a third of it for names in full.
    for (width, height) in [(908.8, 536.8), (748.8, 446.8)] {
        for n in 17..=25 {
            let (round, share) = whole_frame_fit(width, height, n);
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

#[test]
fn a_box_sent_a_row_out_comes_back_by_its_node_where_there_is_room() {
    // Eight nodes presented: node2's and node4's labels once sat a row
    // beyond node1's and node5's, far from their own circles, while their
    // mirror images (node8's, node6's) sat by theirs.
    let (round, _) = whole_frame_fit(1920.0, 1080.0, 8);
    assert!(round.is_clear());
    let top = |n: u16| round.slot(NodeId::new(n).unwrap()).rect.top;
    for (right, left) in [(2, 8), (4, 6)] {
        assert!(
            (top(right) - top(left)).abs() < 1e-6,
            "node{right}'s label at {}, node{left}'s at {}",
            top(right),
            top(left)
        );
    }
    // Not in node1's row, nor node5's: below the one, above the other.
    assert!(top(2) > round.slot(NodeId::new(1).unwrap()).rect.bottom);
    assert!(round.slot(NodeId::new(4).unwrap()).rect.bottom < top(5));
    // And that on every stage: no box further from its node than one
    // left a row out would be.
    for (width, height) in whole_frames() {
        for n in 3..=32 {
            let frame = crate::model::geometry::Frame::fitted(width, height);
            let ring = Ring::new(n).in_frame(frame);
            let scale = frame.scale(width, height);
            let round = StageLabels::fit(ring, scale, true);
            let placed = StageLabels::fit_placed(ring, scale, true);
            for node in NodeId::all(n) {
                let (now, was) = (round.slot(node).rect, placed.slot(node).rect);
                let centre = round.ring.position(node);
                assert!(
                    distance_to(&now, centre) <= distance_to(&was, centre) + 1e-6,
                    "{width}×{height}, n = {n}, {node}: moved away"
                );
            }
        }
    }
}
