//! The space-time layout's guarantees, over every N the page offers.

use std::collections::BTreeMap;

use byzscope_core::{Scenario, Simulation, Strategy};

use super::*;
use crate::model::fixtures::{default_round, node};
use crate::model::limits::MAX_STAGE_NODES;

fn run() -> (Simulation, Palette) {
    let sim = default_round();
    let mut palette = Palette::default();
    for envelope in &sim.trace().messages {
        palette.assign(&envelope.message.statement.value);
    }
    (sim, palette)
}

#[test]
fn every_message_sent_by_the_playhead_is_an_arrow() {
    let (sim, palette) = run();
    let trace = sim.trace();
    let end = trace.events.last().unwrap().at as f64;
    let drawing = draw(trace.view(), &palette, end, 10_000, &BTreeSet::new());
    let segments: usize = drawing
        .lines
        .iter()
        .map(|lines| lines.d.matches('M').count())
        .sum();
    assert_eq!(segments, trace.messages.len());
    let heads: usize = drawing
        .heads
        .iter()
        .map(|heads| heads.d.matches('Z').count())
        .sum();
    assert_eq!(heads, trace.messages.len(), "all delivered: all have heads");
    assert_eq!(drawing.lanes.len(), 4);
    // node4's split and three detections and decisions are marked.
    let count = |kind| {
        drawing
            .marks
            .iter()
            .filter(|mark| mark.what.kind() == kind)
            .count()
    };
    assert_eq!(count("proposal"), 1);
    assert_eq!(count("split"), 1);
    assert_eq!(count("detection"), 3);
    assert_eq!(count("decision"), 4);
    // Forwarded copies are drawn apart from direct sends.
    let has = |sent| drawing.lines.iter().any(|lines| lines.sent == sent);
    assert!(has(Sent::Forwarded) && has(Sent::Direct) && !has(Sent::Traced));
    assert_eq!(drawing.arrows, trace.messages.len());
}

#[test]
fn the_window_follows_the_playhead_and_in_flight_messages_have_no_head() {
    let (sim, palette) = run();
    let trace = sim.trace();
    let drawing = draw(trace.view(), &palette, 250.0, 2_500, &BTreeSet::new());
    assert_eq!(drawing.from, 0.0);
    let sent_by_then = trace.messages.iter().filter(|m| m.sent_at <= 250).count();
    let delivered = trace
        .messages
        .iter()
        .filter(|m| m.deliver_at <= 250)
        .count();
    let segments: usize = drawing
        .lines
        .iter()
        .map(|lines| lines.d.matches('M').count())
        .sum();
    let heads: usize = drawing
        .heads
        .iter()
        .map(|heads| heads.d.matches('Z').count())
        .sum();
    assert_eq!(segments, sent_by_then);
    assert_eq!(heads, delivered);
    assert!(heads < segments);
    // Later, the window scrolls so the playhead stays 70% down.
    let last = trace.events.last().unwrap().at as f64;
    let later = draw(trace.view(), &palette, last, 1_000, &BTreeSet::new());
    assert_eq!(later.from, last - 0.7 * 1_000.0);
    assert!((later.playhead - (TOP + 0.7 * (HEIGHT - TOP - BOTTOM))).abs() < 1e-9);
    // Past the last event, the window stays on it.
    let quiet = draw(
        trace.view(),
        &palette,
        last + 5_000.0,
        1_000,
        &BTreeSet::new(),
    );
    assert_eq!(quiet.from, later.from);
}

/// `node1` proposing `test123` to `n` nodes, `node{n}` equivocating,
/// run until quiet.
pub fn round(n: u16) -> (Simulation, Palette) {
    let scenario = Scenario {
        nodes: n,
        byzantine: BTreeMap::from([(node(n), Strategy::Equivocate)]),
        ..Scenario::default()
    };
    let mut sim = Simulation::new(scenario).expect("the scenario runs");
    sim.propose(node(1), "test123").expect("node1 may propose");
    sim.run_until_quiet();
    let mut palette = Palette::default();
    for envelope in &sim.trace().messages {
        palette.assign(&envelope.message.statement.value);
    }
    (sim, palette)
}

/// Every text box the picture of `drawing` holds, its labels placed
/// with `words`, and the first two that overlap.
pub fn first_overlap(drawing: &Drawing, words: Words<'_>) -> Option<(Rect, Rect)> {
    let mut boxes = drawing.text_boxes();
    boxes.extend(
        place(drawing, words)
            .iter()
            .map(|label| text_box(&label.text, LABEL_SIZE, label.x, label.y)),
    );
    boxes.iter().enumerate().find_map(|(i, a)| {
        boxes[i + 1..]
            .iter()
            .find(|b| a.overlaps(b))
            .map(|b| (*a, *b))
    })
}

/// Words as long as the page's, or longer.
fn long_words(what: &Marked, count: usize, node: Option<NodeId>) -> String {
    let who = node.map_or(String::new(), |node| format!("n{} ", node.number()));
    match what {
        Marked::Proposal { value, round } => {
            format!("{who}{count} proposes {value} (round {round})")
        }
        Marked::Split { round } => format!("{who}{count} splits round {round}"),
        Marked::Detection { accused } => format!("{who}{count} caught {accused}"),
        Marked::Decision { value } => format!("{who}{count} decides {value}"),
    }
}

#[test]
fn no_two_headers_glyphs_or_labels_overlap_for_any_n_from_3_to_32() {
    // The SVG scales as a whole to any viewport, so boxes apart in its
    // units are apart on every screen from 390 px wide to 1920.
    for n in 3..=MAX_STAGE_NODES {
        let (sim, palette) = round(n);
        let trace = sim.trace();
        let end = trace.events.last().unwrap().at as f64;
        for span in SPANS {
            for clock in [450.0, end] {
                let drawing = draw(trace.view(), &palette, clock, span, &BTreeSet::new());
                let overlap = first_overlap(&drawing, &long_words);
                assert_eq!(overlap, None, "N = {n}, span {span}, at {clock}");
            }
        }
    }
}

#[test]
fn past_a_few_dozen_arrows_copies_fade_but_not_the_highlighted_ones() {
    let (small, palette) = round(4);
    let end = small.trace().events.last().unwrap().at as f64;
    let none = BTreeSet::new();
    let four = draw(small.trace().view(), &palette, end, DEFAULT_SPAN, &none);
    assert!(four.arrows <= FULL_UP_TO && !four.faded);
    assert_eq!(four.drawn, four.copies);
    let (sim, palette) = round(7);
    let trace = sim.trace();
    let end = trace.events.last().unwrap().at as f64;
    let copy = trace
        .messages
        .iter()
        .find(|envelope| !envelope.message.is_direct())
        .unwrap();
    let chosen: BTreeSet<MessageId> = [copy.id].into();
    let seven = draw(trace.view(), &palette, end, DEFAULT_SPAN, &chosen);
    assert!(seven.faded);
    let all = draw_with(trace.view(), &palette, end, DEFAULT_SPAN, &chosen, true);
    assert!(!all.faded && all.drawn == all.copies);
    assert_eq!(all.copies, seven.copies);
    let count = |sent| {
        seven
            .lines
            .iter()
            .filter(|lines| lines.sent == sent)
            .map(|lines| lines.d.matches('M').count())
            .sum::<usize>()
    };
    assert_eq!(count(Sent::Traced), 1);
    // Few enough to draw every one, faded, without heads.
    assert_eq!(count(Sent::Forwarded), seven.copies);
    assert_eq!(seven.drawn, seven.copies);
    let heads = |sent| seven.heads.iter().any(|heads| heads.sent == sent);
    assert!(!heads(Sent::Forwarded) && heads(Sent::Direct));
    let copies = trace.messages.iter().filter(|m| !m.message.is_direct());
    assert_eq!(seven.copies, copies.count() - 1);
    assert_eq!(count(Sent::Direct) + seven.copies + 1, seven.arrows);
}

#[test]
fn tens_of_thousands_of_copies_fade_to_an_even_sample() {
    let (sim, palette) = round(MAX_STAGE_NODES);
    let trace = sim.trace();
    let end = trace.events.last().unwrap().at as f64;
    let none = BTreeSet::new();
    let faded = draw(trace.view(), &palette, end, DEFAULT_SPAN, &none);
    assert!(faded.copies > 10 * FADED_SAMPLE);
    assert!(faded.drawn <= FADED_SAMPLE && faded.drawn >= FADED_SAMPLE / 2);
    let segments: usize = faded.lines.iter().map(|l| l.d.matches('M').count()).sum();
    assert_eq!(segments, faded.arrows - faded.copies + faded.drawn);
    let all = draw_with(trace.view(), &palette, end, DEFAULT_SPAN, &none, true);
    let segments: usize = all.lines.iter().map(|l| l.d.matches('M').count()).sum();
    assert_eq!(segments, all.arrows);
}

#[test]
fn headers_shorten_then_turn_as_lanes_close_in_and_stay_readable() {
    let style = |n| {
        let (sim, palette) = round(n);
        let drawing = draw(
            sim.trace().view(),
            &palette,
            0.0,
            DEFAULT_SPAN,
            &BTreeSet::new(),
        );
        (
            drawing.headers,
            drawing.lanes[usize::from(n) - 1].name.clone(),
        )
    };
    let (four, name) = style(4);
    assert!(!four.short && !four.turned && four.size >= 24.0);
    assert_eq!(name, "node4");
    let (sixteen, name) = style(16);
    assert!(sixteen.short && !sixteen.turned && sixteen.size >= 16.0);
    assert_eq!(name, "n16");
    let (thirty_two, _) = style(MAX_STAGE_NODES);
    assert!(thirty_two.short && thirty_two.turned && thirty_two.size >= 15.0);
}

#[test]
fn highlighted_messages_are_drawn_again_on_top() {
    let (sim, palette) = run();
    let trace = sim.trace();
    let chosen: BTreeSet<MessageId> = [0, 5].into();
    let drawing = draw(trace.view(), &palette, 3_000.0, 5_000, &chosen);
    assert_eq!(drawing.highlighted.matches('M').count(), 2);
}
