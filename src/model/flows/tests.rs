//! The flows' guarantees: counts, widths, samples and what the canvas paints.

use super::*;
use crate::model::palette::Palette;

/// A busy round's worth of traffic among `n` nodes: every ordered pair
/// carries a few messages of the value or of its fork.
fn traffic(n: u16, per_link: usize) -> Vec<Flying> {
    let mut palette = Palette::default();
    let plain = palette.assign(&"test123".into());
    let fork = palette.assign(&"test123_BYZANTINE".into());
    let mut flying = Vec::new();
    for from in 1..=n {
        for to in 1..=n {
            if from == to {
                continue;
            }
            for k in 0..per_link {
                let id = flying.len();
                flying.push(Flying {
                    id,
                    from: NodeId::new(from).unwrap(),
                    to: NodeId::new(to).unwrap(),
                    swatch: if (from as usize + k) % 3 == 0 {
                        fork
                    } else {
                        plain
                    },
                    direct: k == 0 && from == n,
                });
            }
        }
    }
    flying
}

#[test]
fn flows_start_beyond_a_few_hundred_and_do_not_flicker() {
    assert!(!draws_flows(FLOWS_ABOVE, false));
    assert!(draws_flows(FLOWS_ABOVE + 1, false));
    // Drawing flows, a count between the two thresholds keeps them…
    assert!(draws_flows(250, true));
    assert!(!draws_flows(250, false));
    // …and only falling below the lower one brings the dots back.
    assert!(draws_flows(DOTS_BELOW, true));
    assert!(!draws_flows(DOTS_BELOW - 1, true));
}

#[test]
fn counts_per_link_and_value_sum_to_the_messages_in_flight() {
    for n in [9u16, 16, 24, 32] {
        for per_link in [1usize, 3, 7] {
            let flying = traffic(n, per_link);
            let drawn = flows(Ring::new(n), &flying, None);
            let total: usize = drawn.bands.iter().map(|band| band.count).sum();
            assert_eq!(total, flying.len(), "n = {n}, {per_link} per link");
            for band in &drawn.bands {
                let on_it = flying
                    .iter()
                    .filter(|m| ends(m) == (band.a, band.b) && m.swatch == band.swatch)
                    .count();
                assert_eq!(band.count, on_it, "{}–{}", band.a, band.b);
                assert!(band.a < band.b);
            }
            // Every pair of nodes is one link with both values on it.
            let links = usize::from(n) * usize::from(n - 1) / 2;
            let mut pairs: Vec<_> = drawn.bands.iter().map(|band| (band.a, band.b)).collect();
            pairs.dedup();
            assert_eq!(pairs.len(), links);
        }
    }
}

#[test]
fn a_value_and_its_fork_are_separate_parts_of_a_band() {
    let flying = traffic(16, 3);
    let drawn = flows(Ring::new(16), &flying, None);
    let first = &drawn.bands[..2];
    assert_eq!((first[0].a, first[0].b), (first[1].a, first[1].b));
    assert_eq!(first[0].swatch.shape, Shape::Circle);
    assert_eq!(first[1].swatch.shape, Shape::Diamond);
    assert_ne!(first[0].swatch.colour, first[1].swatch.colour);
    // Side by side: the second starts where the first ends.
    assert_eq!(first[0].corners[2], first[1].corners[1]);
    assert_eq!(first[0].corners[3], first[1].corners[0]);
}

#[test]
fn a_band_is_as_wide_as_its_traffic_and_its_parts_share_it_by_count() {
    assert!(band_width(1) < band_width(4));
    assert!(band_width(4) < band_width(50));
    assert_eq!(band_width(10_000), MAX_WIDTH);
    for (n, per_link) in [(12u16, 5usize), (32, 40)] {
        let flying = traffic(n, per_link);
        let drawn = flows(Ring::new(n), &flying, None);
        for pair in drawn.bands.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
            let total: usize = pair.iter().map(|band| band.count).sum();
            let across = |band: &Band| {
                let [p, _, _, q] = band.corners;
                (p.x - q.x).hypot(p.y - q.y)
            };
            for band in pair {
                let share = band_width(total) * band.count as f64 / total as f64;
                assert!((across(band) - share.max(MIN_PART)).abs() < 1e-9);
            }
            // The busier part is never the thinner one.
            for x in pair {
                for y in pair {
                    assert!(x.count <= y.count || across(x) >= across(y));
                }
            }
        }
    }
}

#[test]
fn a_fork_of_a_few_per_cent_is_still_a_visible_part() {
    assert_eq!(part_width(band_width(50), 1, 50), MIN_PART);
    assert!((part_width(band_width(50), 25, 50) - band_width(50) / 2.0).abs() < 1e-9);
}

#[test]
fn the_sample_is_small_deterministic_and_follows_each_message() {
    for (n, per_link) in [(16u16, 3usize), (24, 5), (32, 12)] {
        let flying = traffic(n, per_link);
        let ring = Ring::new(n);
        let first = flows(ring, &flying, None);
        assert_eq!(first, flows(ring, &flying, None));
        assert!(!first.sample.is_empty());
        // About SAMPLE_DOTS: the strides aim at it and never keep more
        // than twice as many as wanted, give or take the hash.
        assert!(
            first.sample.len() <= 2 * SAMPLE_DOTS,
            "{}",
            first.sample.len()
        );
        assert!(first.sample.windows(2).all(|w| w[0] < w[1]));
        // A message sampled now is still sampled once others land.
        let later: Vec<Flying> = flying.iter().skip(flying.len() / 3).copied().collect();
        let kept_later = flows(ring, &later, None).sample;
        let ids_later: Vec<_> = kept_later.iter().map(|&i| later[i].id).collect();
        for &i in &first.sample {
            let id = flying[i].id;
            if later.iter().any(|m| m.id == id) {
                assert!(ids_later.contains(&id), "message {id} vanished");
            }
        }
    }
}

#[test]
fn direct_messages_are_sampled_apart_and_a_kept_one_is_always_drawn() {
    let flying = traffic(32, 12);
    let direct = flying.iter().filter(|m| m.direct).count();
    assert!(direct <= SAMPLE_DOTS / 2);
    let drawn = flows(Ring::new(32), &flying, None);
    let sampled_direct = drawn.sample.iter().filter(|&&i| flying[i].direct).count();
    assert_eq!(sampled_direct, direct, "few direct messages are all drawn");
    let unsampled = (0..flying.len())
        .find(|i| !drawn.sample.contains(i))
        .unwrap();
    let keep = flying[unsampled].id;
    let kept = flows(Ring::new(32), &flying, Some(keep));
    assert!(kept.sample.contains(&unsampled));
    assert_eq!(kept.sample.len(), drawn.sample.len() + 1);
}

#[test]
fn the_sampler_keeps_exactly_the_sample() {
    let flying = traffic(24, 6);
    let drawn = flows(Ring::new(24), &flying, None);
    let kept: Vec<usize> = (0..flying.len())
        .filter(|&i| drawn.sampler.keeps(flying[i].id, flying[i].direct))
        .collect();
    assert_eq!(kept, drawn.sample);
    assert!(Sampler::default().keeps(12_345, false));
}

#[test]
fn nothing_in_flight_draws_nothing() {
    assert_eq!(flows(Ring::new(16), &[], None), Flows::default());
}

#[test]
fn every_healthy_link_is_a_line_and_a_cut_one_is_left_to_the_svg() {
    use crate::model::fixtures::{default_run, node};
    let ring = Ring::new(32);
    let lines = healthy_links(ring, &Links::default());
    assert_eq!(lines.len(), 32 * 31 / 2);
    assert_eq!(lines[0], (ring.position(node(1)), ring.position(node(2))));
    let mut run = default_run();
    run.act(&byzscope_core::trace::Action::Cut {
        a: node(4),
        b: node(1),
    })
    .unwrap();
    let ring = Ring::new(4);
    let lines = healthy_links(ring, run.shown().links());
    assert_eq!(lines.len(), 5);
    let cut = (ring.position(node(1)), ring.position(node(4)));
    assert!(!lines.contains(&cut));
}

#[test]
fn a_detection_flashes_and_its_detector_pulses_until_the_afterglow_fades() {
    use crate::model::fixtures::node;
    let ring = Ring::new(4);
    let found = [
        (node(1), node(4), 100),
        (node(2), node(4), 150),
        (node(1), node(4), 900),
    ];
    let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert_eq!(flashes(ring, found, 50.0, 1000.0), (Vec::new(), Vec::new()));
    let (lines, pulses) = flashes(ring, found, 600.0, 1000.0);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0].from, lines[0].to),
        (ring.position(node(1)), ring.position(node(4)))
    );
    assert!(near(lines[0].opacity, 0.5) && near(lines[1].opacity, 0.55));
    assert_eq!(pulses.len(), 2);
    assert_eq!(pulses[0].at, ring.position(node(1)));
    assert!(near(pulses[0].radius, ring.node_radius() + 8.0 + 30.0));
    // Later, only the newest flash is left; node1 pulses again for it,
    // node2 no longer.
    let (lines, pulses) = flashes(ring, found, 1200.0, 1000.0);
    assert_eq!(lines.len(), 1);
    assert!(near(lines[0].opacity, 0.7));
    assert_eq!(pulses.len(), 1);
    assert_eq!(pulses[0].at, ring.position(node(1)));
    assert!(near(pulses[0].opacity, 0.7));
    assert_eq!(
        flashes(ring, found, 1900.0, 1000.0),
        (Vec::new(), Vec::new())
    );
}
