//! Reading and writing addresses.

use byzscope_core::trace::Action;
use byzscope_core::{Latency, Mode, Scenario, Simulation, Strategy};

use super::*;
use crate::model::fixtures::{given, node, propose};
use crate::model::limits::DEFAULT_SPEED;
use crate::model::script::{drop_quiet_times, fix_times};

fn refused(query: &str) -> Vec<String> {
    Address::parse(query)
        .1
        .into_iter()
        .map(|refusal| refusal.parameter)
        .collect()
}

#[test]
fn reads_every_setting() {
    let (address, refusals) = Address::parse(
        "?nodes=7&byzantine=node3:silent,node7&strategy=forge&signed=1&latency=100..300\
         &seed=42&speed=0.5&propose=node1:test123&propose=node2%402600:a%20b&step=1\
         &embed=1&theme=dark&contrast=high",
    );
    assert_eq!(refusals, []);
    let scenario = &address.scenario;
    assert_eq!(scenario.nodes, 7);
    assert_eq!(
        scenario.byzantine,
        [(node(3), Strategy::Silent), (node(7), Strategy::Forge)].into()
    );
    assert_eq!(scenario.mode, Mode::Signed);
    assert_eq!(
        scenario.latency,
        Latency {
            min_ms: 100,
            max_ms: 300
        }
    );
    assert_eq!(scenario.seed, 42);
    assert_eq!(address.speed, Some(0.5));
    assert_eq!(
        address.script,
        [propose(1, "test123", None), propose(2, "a b", Some(2600)),]
    );
    assert_eq!(address.start, Start::Paused);
    assert!(address.embed && address.high_contrast);
    assert_eq!(address.theme, Theme::Dark);
}

#[test]
fn an_empty_query_is_the_original_demo() {
    assert_eq!(Address::parse(""), (Address::default(), vec![]));
    assert_eq!(Address::parse("?"), (Address::default(), vec![]));
}

#[test]
fn a_bad_parameter_keeps_its_default_and_nothing_else_changes() {
    let (address, refusals) = Address::parse("nodes=99&seed=7");
    assert_eq!(address.scenario.nodes, 4);
    assert_eq!(address.scenario.seed, 7);
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].parameter, "nodes");
    assert!(refusals[0].why.contains("'99'"), "{}", refusals[0]);
    for query in [
        "nodes=2",
        "nodes=abc",
        "nodes=-1",
        "byzantine=node9",
        "byzantine=nodeX",
        "byzantine=",
        "strategy=lie",
        "signed=maybe",
        "latency=600..200",
        "latency=0..10",
        "latency=fast",
        "seed=-3",
        "seed=18446744073709551616",
        "speed=0",
        "speed=NaN",
        "speed=100",
        "propose=node1",
        "drop=5",
        "drop=x@5",
        "cut=node1@5",
        "cut=node1-node9@5",
        "heal=node1-nodeX@1",
        "delay=node1-node2@5",
        "propose=node9:x",
        "propose=node1:",
        "propose=node1@soon:x",
        "propose=node1@99999999999:x",
        "autoplay=sometimes",
        "theme=purple",
        "contrast=low",
        "colour=red",
    ] {
        let (address, refusals) = Address::parse(query);
        assert_eq!(refusals.len(), 1, "{query}: {refusals:?}");
        assert_eq!(address.scenario, Scenario::default(), "{query}");
        assert_eq!(address.script, [], "{query}");
    }
    let long = format!("propose=node1:{}", "x".repeat(65));
    assert_eq!(refused(&long), ["propose"]);
}

#[test]
fn contradictions_and_excess_are_refused_with_a_fallback() {
    assert_eq!(refused("autoplay=1&step=1"), ["step"]);
    assert_eq!(Address::parse("autoplay=1&step=1").0.start, Start::Play);
    assert_eq!(
        refused("propose=node1@500:a&propose=node1@100:b"),
        ["propose"]
    );
    let many = vec!["propose=node1:x"; MAX_INPUTS + 1].join("&");
    let (address, refusals) = Address::parse(&many);
    assert_eq!(address.script.len(), MAX_INPUTS);
    assert_eq!(refusals.len(), 1);
    let huge = "seed=1&".repeat(MAX_QUERY_CHARS);
    assert_eq!(Address::parse(&huge).0, Address::default());
}

#[test]
fn nodes_given_after_byzantine_still_bound_it() {
    // Order of parameters does not matter.
    let (address, refusals) = Address::parse("byzantine=node6&nodes=7");
    assert_eq!(refusals, []);
    assert_eq!(
        address.scenario.byzantine,
        [(node(6), Strategy::Equivocate)].into()
    );
    // Shrinking below the default Byzantine node drops it.
    let (address, refusals) = Address::parse("nodes=3");
    assert_eq!(refusals, []);
    assert!(address.scenario.byzantine.is_empty());
    assert_eq!(address.scenario.validate(), Ok(()));
}

#[test]
fn a_written_link_reads_back_as_the_same_run() {
    let scenario = Scenario {
        nodes: 7,
        byzantine: [(node(2), Strategy::Forge), (node(7), Strategy::Equivocate)].into(),
        mode: Mode::Signed,
        latency: Latency {
            min_ms: 50,
            max_ms: 900,
        },
        seed: 99,
        ..Scenario::default()
    };
    let mut sim = Simulation::new(scenario.clone()).unwrap();
    sim.propose(node(1), "first value").unwrap();
    sim.advance_to(333);
    sim.propose(node(3), "a&b=c:d@e").unwrap();
    sim.advance_to(700);
    let forward = sim.in_flight().find(|m| !m.message.is_direct()).unwrap().id;
    sim.drop_message(forward).unwrap();
    sim.advance_to(800);
    sim.cut(node(4), node(5)).unwrap();
    sim.delay(node(1), node(6), 250).unwrap();
    sim.advance_to(1_500);
    sim.heal(node(4), node(5)).unwrap();
    sim.run_until_quiet();
    let proposals = given(sim.trace());
    assert_eq!(proposals.len(), 6);
    let query = Address::query(
        &scenario,
        &drop_quiet_times(&scenario, proposals.iter().map(|p| (p.at, &p.action))),
        2.0,
        true,
    );
    assert!(query.contains("propose=node1%3Afirst+value"), "{query}");
    assert!(query.contains("node3%40333"), "{query}");
    assert!(query.contains(&format!("drop={forward}%40700")), "{query}");
    assert!(query.contains("cut=node4-node5%40800"), "{query}");
    assert!(query.contains("delay=node1-node6%40800%3A250"), "{query}");
    assert!(query.contains("heal=node4-node5%401500"), "{query}");
    let (address, refusals) = Address::parse(&query);
    assert_eq!(refusals, []);
    assert_eq!(address.scenario, scenario);
    assert_eq!(address.speed, Some(2.0));
    assert_eq!(address.start, Start::Paused);
    let timed = fix_times(&address.scenario, &address.script);
    assert_eq!(Vec::from(timed), proposals);
    // And the default run writes nothing but its proposal.
    assert_eq!(
        Address::query(
            &Scenario::default(),
            &drop_quiet_times(
                &Scenario::default(),
                [(
                    0,
                    &Action::Propose {
                        node: node(1),
                        value: "test123".into()
                    }
                )]
            ),
            DEFAULT_SPEED,
            false
        ),
        "propose=node1%3Atest123"
    );
}

/// The main page is built without the live view and sends `live=` to the
/// live page before it starts; reached anyway, it says where live mode is.
#[cfg(not(feature = "live"))]
#[test]
fn without_the_live_view_live_is_refused_with_where_it_is() {
    let (address, refusals) = Address::parse("?live=8001-8004&nodes=5");
    assert_eq!(address.live, None);
    assert_eq!(address.scenario.nodes, 5);
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].parameter, "live");
    assert!(
        refusals[0].why.contains("(it is in live/)"),
        "{}",
        refusals[0].why
    );
}

#[cfg(feature = "live")]
#[test]
fn live_reads_a_port_range_a_port_and_a_list() {
    let urls = |query: &str| Address::parse(query).0.live;
    assert_eq!(
        urls("?live=8001-8004"),
        Some(
            (8001..=8004)
                .map(|port| format!("http://127.0.0.1:{port}"))
                .collect()
        )
    );
    assert_eq!(
        urls("?live=8002"),
        Some(vec!["http://127.0.0.1:8002".into()])
    );
    assert_eq!(
        urls("?live=http://10.0.0.1:8001/,https://node2.lab:443,8003"),
        Some(vec![
            "http://10.0.0.1:8001".into(),
            "https://node2.lab:443".into(),
            "http://127.0.0.1:8003".into(),
        ])
    );
    assert_eq!(urls("?nodes=5"), None);
    assert_eq!(refused("?live=8001-8004"), Vec::<String>::new());
}

#[cfg(feature = "live")]
#[test]
fn live_refuses_what_is_not_a_set_of_nodes_in_words() {
    for (value, words) in [
        ("", "give the nodes to watch"),
        ("8004-8001", "runs backwards"),
        ("8001-9000", "more than the 64"),
        ("0-3", "'0' is not a port"),
        ("ftp://127.0.0.1:8001", "not an http:// or https:// address"),
        ("javascript:alert(1)", "not an http:// or https:// address"),
        ("http://", "names no host"),
        ("http://a:99999", "is not a port"),
        ("http://a:1/x?y=1", "no spaces, query or fragment"),
        ("8001,,8002", "an empty item"),
        ("8001,8001", "named twice"),
        ("8001-", "a port is missing"),
    ] {
        let (address, refusals) = Address::parse(&format!(
            "?live={}",
            form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
        ));
        assert_eq!(address.live, None, "{value}");
        assert_eq!(refusals.len(), 1, "{value}");
        assert_eq!(refusals[0].parameter, "live");
        assert!(
            refusals[0].why.contains(words) && refusals[0].why.ends_with("instead"),
            "{value}: {}",
            refusals[0].why
        );
    }
    let many: Vec<String> = (1..=65).map(|k| format!("http://h{k}:80")).collect();
    let (_, refusals) = Address::parse(&format!("?live={}", many.join(",")));
    assert!(refusals[0].why.contains("65 nodes is more than the 64"));
}

#[test]
fn a_lesson_link_opens_a_lesson_at_a_step_and_refuses_what_is_not_one() {
    use crate::url::LessonLink;
    let (address, refusals) = Address::parse("?lesson=gossip&step=3&embed=1");
    assert!(refusals.is_empty(), "{refusals:?}");
    assert_eq!(
        address.lesson,
        Some(LessonLink {
            id: "gossip",
            step: 2
        })
    );
    assert!(address.embed);
    assert_eq!(
        address.start,
        Start::Default,
        "step is the lesson's, not the switch"
    );
    let (address, _) = Address::parse("lesson=agree");
    assert_eq!(
        address.lesson,
        Some(LessonLink {
            id: "agree",
            step: 0
        })
    );
    assert_eq!(
        Address::parse(&Address::lesson_query("caught", 4)).0.lesson,
        Some(LessonLink {
            id: "caught",
            step: 4
        })
    );
    for bad in ["0", "99", "two", ""] {
        let (address, refusals) = Address::parse(&format!("lesson=agree&step={bad}"));
        assert_eq!(
            address.lesson,
            Some(LessonLink {
                id: "agree",
                step: 0
            }),
            "{bad}"
        );
        assert_eq!(refusals.len(), 1);
        assert_eq!(refusals[0].parameter, "step");
        assert!(
            refusals[0].why.contains("steps 1 to 6"),
            "{}",
            refusals[0].why
        );
    }
    let (address, refusals) = Address::parse("lesson=nope&step=2");
    assert_eq!(address.lesson, None);
    assert_eq!(refusals[0].parameter, "lesson");
    assert!(refusals[0].why.contains("there is no lesson 'nope'"));
    assert!(refusals[0].why.contains("agree, two-stories"));
    // Without a lesson, step=1 is still the paused switch.
    assert_eq!(Address::parse("step=1").0.start, Start::Paused);
}

#[test]
fn present_turns_the_presenter_view_on_and_a_malformed_one_is_refused_in_words() {
    for on in ["present=1", "present", "present=yes", "embed=1&present=on"] {
        let (address, refusals) = Address::parse(on);
        assert!(refusals.is_empty(), "{on}: {refusals:?}");
        assert!(address.present, "{on}");
    }
    let (address, refusals) = Address::parse("present=0&nodes=7");
    assert_eq!(refusals, []);
    assert!(!address.present);
    assert_eq!(address.scenario.nodes, 7);
    let (address, refusals) = Address::parse("present=big&nodes=7");
    assert!(!address.present);
    assert_eq!(address.scenario.nodes, 7, "the other parameters still hold");
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].parameter, "present");
    assert_eq!(
        refusals[0].why,
        "'big' is not 1 or 0; showing the usual view"
    );
}
