//! Scenario links: every setting of a run, and the proposals it plays, as
//! query parameters named like the headless runner's flags.
//!
//! ```text
//! ?nodes=7&byzantine=node3:silent,node7:forge&signed=1&latency=200..600
//!  &seed=42&speed=0.5&propose=node1:test123&propose=node2@2600:again&step=1
//! ```
//!
//! A parameter that cannot be used is refused on its own: the page keeps the
//! default for that setting and says which parameter and why
//! ([`Refusal`]). Reading is pure, so it is tested natively.

use std::collections::VecDeque;
use std::fmt;

use byzscope_core::scenario::{parse_byzantine, MIN_NODES};
use byzscope_core::sim::HORIZON_MS;
use byzscope_core::trace::Action;
use byzscope_core::{Latency, Millis, Mode, NodeId, Scenario, Simulation, Strategy};

use crate::lab::{MAX_SPEED, MIN_SPEED};
use crate::numbers::num;
use crate::setup::MAX_STAGE_NODES;

/// The longest query the page reads; anything longer is refused whole.
pub const MAX_QUERY_CHARS: usize = 8_192;
/// The most proposals a link may script.
pub const MAX_PROPOSALS: usize = 64;

/// A proposal a link scripts: `propose=node1:test123` happens once the run
/// has gone quiet after the one before (at time 0 for the first);
/// `propose=node2@2600:again` happens at simulated time 2 600 ms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scripted {
    /// The proposer.
    pub node: NodeId,
    /// The value.
    pub value: String,
    /// When, if the link says.
    pub at: Option<Millis>,
}

/// A scripted proposal with its time fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timed {
    /// When, in simulated milliseconds.
    pub at: Millis,
    /// The proposer.
    pub node: NodeId,
    /// The value.
    pub value: String,
}

/// How the page starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// The page's own choice: playing.
    #[default]
    Default,
    /// `autoplay=1`: playing.
    Play,
    /// `step=1`: paused, for a presenter to step.
    Paused,
}

/// A colour theme for a projector or a screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the viewer's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

impl Theme {
    /// The value of `data-theme` on `<html>`, if any.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// A parameter the page could not use, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The parameter's name as given.
    pub parameter: String,
    /// Why, ending with what the page does instead.
    pub why: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.parameter, self.why)
    }
}

/// Everything a link can say.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The scenario (its `started_at_ms` is left at 0: a link does not fix
    /// the wall clock, which changes only how times print).
    pub scenario: Scenario,
    /// Simulated time per real time, if given.
    pub speed: Option<f64>,
    /// Proposals to play, in order.
    pub script: Vec<Scripted>,
    /// Playing or paused at first.
    pub start: Start,
    /// `embed=1`: the stage, the essential controls and the table only.
    pub embed: bool,
    /// The colour theme.
    pub theme: Theme,
    /// `contrast=high`: stronger colours and borders.
    pub high_contrast: bool,
}

impl Default for Link {
    fn default() -> Self {
        Link {
            scenario: Scenario::default(),
            speed: None,
            script: Vec::new(),
            start: Start::Default,
            embed: false,
            theme: Theme::Auto,
            high_contrast: false,
        }
    }
}

fn flag(value: &str) -> Result<bool, String> {
    match value.trim() {
        "1" | "true" | "yes" | "on" | "" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(format!("'{other}' is not 1 or 0")),
    }
}

/// Reads `node1:value` or `node1@2600:value`.
fn scripted(text: &str) -> Result<Scripted, String> {
    let (who, value) = text
        .split_once(':')
        .ok_or_else(|| format!("'{text}' is not NODE:VALUE, for example node1:test123"))?;
    let (node, at) = match who.split_once('@') {
        Some((node, at)) => {
            let at: Millis = at
                .trim()
                .parse()
                .ok()
                .filter(|at| *at <= HORIZON_MS)
                .ok_or_else(|| format!("'{at}' is not a time from 0 to {HORIZON_MS} ms"))?;
            (node, Some(at))
        }
        None => (who, None),
    };
    let node: NodeId = node.trim().parse().map_err(|e| format!("{e}"))?;
    byzscope_core::value::validate(value).map_err(|e| e.to_string())?;
    Ok(Scripted {
        node,
        value: value.to_owned(),
        at,
    })
}

impl Link {
    /// Reads a query string (with or without its leading `?`). Never fails:
    /// what cannot be used is listed in the refusals and left at its default.
    pub fn parse(query: &str) -> (Link, Vec<Refusal>) {
        let mut link = Link::default();
        let mut refusals = Vec::new();
        let query = query.strip_prefix('?').unwrap_or(query);
        if query.chars().count() > MAX_QUERY_CHARS {
            refusals.push(Refusal {
                parameter: "the link".into(),
                why: format!(
                    "it is longer than {MAX_QUERY_CHARS} characters, so none of it is used"
                ),
            });
            return (link, refusals);
        }
        let mut refuse = |parameter: &str, why: String| {
            refusals.push(Refusal {
                parameter: parameter.to_owned(),
                why,
            })
        };
        // Settings that depend on each other are read after the loop.
        let (mut byzantine, mut strategy, mut autoplay, mut step) = (None, None, None, None);
        let mut proposals = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.as_ref();
            match name.as_ref() {
                "nodes" => match value.trim().parse::<u16>() {
                    Ok(n) if (MIN_NODES..=MAX_STAGE_NODES).contains(&n) => {
                        link.scenario = crate::setup::resize(&link.scenario, n);
                        link.scenario.nodes = n;
                    }
                    _ => refuse(
                        "nodes",
                        format!(
                            "'{value}' is not a whole number from {MIN_NODES} to \
                             {MAX_STAGE_NODES}; using 4"
                        ),
                    ),
                },
                "byzantine" => byzantine = Some(value.to_owned()),
                "strategy" => match value.parse::<Strategy>() {
                    Ok(parsed) => strategy = Some(parsed),
                    Err(error) => refuse("strategy", format!("{error}; using equivocate")),
                },
                "signed" => match flag(value) {
                    Ok(signed) => {
                        link.scenario.mode = if signed { Mode::Signed } else { Mode::Oral }
                    }
                    Err(why) => refuse("signed", format!("{why}; using oral messages")),
                },
                "latency" => match value.parse::<Latency>() {
                    Ok(latency) => link.scenario.latency = latency,
                    Err(error) => refuse("latency", format!("{error}; using 200..600")),
                },
                "seed" => match value.trim().parse::<u64>() {
                    Ok(seed) => link.scenario.seed = seed,
                    Err(_) => refuse(
                        "seed",
                        format!(
                            "'{value}' is not a whole number from 0 to {}; using 1",
                            u64::MAX
                        ),
                    ),
                },
                "speed" => match crate::numbers::parse_decimal(value.trim()) {
                    Some(speed) if (MIN_SPEED..=MAX_SPEED).contains(&speed) => {
                        link.speed = Some(speed)
                    }
                    _ => refuse(
                        "speed",
                        format!(
                            "'{value}' is not a number from {} to {}; using the default speed",
                            num(MIN_SPEED),
                            num(MAX_SPEED)
                        ),
                    ),
                },
                "propose" => proposals.push(value.to_owned()),
                "autoplay" => match flag(value) {
                    Ok(on) => autoplay = Some(on),
                    Err(why) => refuse("autoplay", format!("{why}; ignored")),
                },
                "step" => match flag(value) {
                    Ok(on) => step = Some(on),
                    Err(why) => refuse("step", format!("{why}; ignored")),
                },
                "embed" => match flag(value) {
                    Ok(on) => link.embed = on,
                    Err(why) => refuse("embed", format!("{why}; showing the whole page")),
                },
                "theme" => match value.trim() {
                    "light" => link.theme = Theme::Light,
                    "dark" => link.theme = Theme::Dark,
                    "auto" => link.theme = Theme::Auto,
                    other => refuse(
                        "theme",
                        format!("'{other}' is not light, dark or auto; following the system"),
                    ),
                },
                "contrast" => match value.trim() {
                    "high" | "more" | "1" => link.high_contrast = true,
                    "normal" | "0" => link.high_contrast = false,
                    other => refuse(
                        "contrast",
                        format!("'{other}' is not high or normal; using normal contrast"),
                    ),
                },
                other => refuse(other, "this page has no such parameter; ignored".into()),
            }
        }
        if byzantine.is_some() || strategy.is_some() {
            let text = byzantine.as_deref().unwrap_or("node4");
            match parse_byzantine(text, strategy.unwrap_or_default()) {
                Ok(nodes) => match nodes.keys().find(|id| id.number() > link.scenario.nodes) {
                    Some(outside) => refuse(
                        "byzantine",
                        format!(
                            "{outside} is not in a cluster of {}; using the default",
                            link.scenario.nodes
                        ),
                    ),
                    None => link.scenario.byzantine = nodes,
                },
                Err(error) => refuse("byzantine", format!("{error}; using the default")),
            }
        }
        match (autoplay, step) {
            (Some(true), Some(true)) => {
                refuse(
                    "step",
                    "autoplay=1 and step=1 contradict each other; starting to play".into(),
                );
                link.start = Start::Play;
            }
            (Some(true), _) => link.start = Start::Play,
            (_, Some(true)) => link.start = Start::Paused,
            _ => {}
        }
        if proposals.len() > MAX_PROPOSALS {
            refuse(
                "propose",
                format!(
                    "{} proposals is more than {MAX_PROPOSALS}; using the first {MAX_PROPOSALS}",
                    proposals.len()
                ),
            );
            proposals.truncate(MAX_PROPOSALS);
        }
        let mut latest = 0;
        for text in proposals {
            match scripted(&text) {
                Ok(proposal) if proposal.node.number() > link.scenario.nodes => refuse(
                    "propose",
                    format!("{} is not in the cluster; '{text}' skipped", proposal.node),
                ),
                Ok(proposal) if proposal.at.is_some_and(|at| at < latest) => refuse(
                    "propose",
                    format!("'{text}' is earlier than the proposal before it; skipped"),
                ),
                Ok(proposal) => {
                    latest = proposal.at.unwrap_or(latest);
                    link.script.push(proposal);
                }
                Err(why) => refuse("propose", format!("{why}; skipped")),
            }
        }
        (link, refusals)
    }

    /// Fixes the time of every scripted proposal by running the scenario:
    /// an untimed one happens when the run has gone quiet after the one
    /// before. Proposals the core refuses are dropped.
    pub fn timed(scenario: &Scenario, script: &[Scripted]) -> VecDeque<Timed> {
        let Ok(mut sim) = Simulation::new(scenario.clone()) else {
            return VecDeque::new();
        };
        let mut timed = VecDeque::new();
        for proposal in script {
            let at = match proposal.at {
                Some(at) => at.max(sim.now()),
                None => {
                    sim.run_until_quiet();
                    sim.now()
                }
            };
            sim.advance_to(at);
            if sim.propose(proposal.node, &proposal.value).is_ok() {
                timed.push_back(Timed {
                    at: sim.now(),
                    node: proposal.node,
                    value: proposal.value.clone(),
                });
            }
        }
        timed
    }

    /// The query string (without `?`) that reproduces a run of `scenario`
    /// with `proposals` (already made, then still to come), at `speed`.
    /// Settings at their defaults are left out; a proposal's time is written
    /// only where "once the run is quiet" would not give it.
    pub fn query(scenario: &Scenario, proposals: &[Timed], speed: f64, paused: bool) -> String {
        let default = Scenario::default();
        let mut query = form_urlencoded::Serializer::new(String::new());
        if scenario.nodes != default.nodes {
            query.append_pair("nodes", &scenario.nodes.to_string());
        }
        if scenario.byzantine != crate::setup::resize(&default, scenario.nodes).byzantine {
            let list = if scenario.byzantine.is_empty() {
                "none".to_owned()
            } else {
                scenario
                    .byzantine
                    .iter()
                    .map(|(node, strategy)| match strategy {
                        Strategy::Equivocate => node.to_string(),
                        other => format!("{node}:{}", other.name()),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            };
            query.append_pair("byzantine", &list);
        }
        if scenario.mode == Mode::Signed {
            query.append_pair("signed", "1");
        }
        if scenario.latency != default.latency {
            query.append_pair("latency", &scenario.latency.to_string());
        }
        if scenario.seed != default.seed {
            query.append_pair("seed", &scenario.seed.to_string());
        }
        if (speed - crate::lab::DEFAULT_SPEED).abs() > 1e-9 {
            query.append_pair("speed", &crate::numbers::fixed(speed, 2));
        }
        if let Ok(mut sim) = Simulation::new(scenario.clone()) {
            for proposal in proposals {
                let mut quiet = sim.clone();
                quiet.run_until_quiet();
                let text = if quiet.now() == proposal.at {
                    format!("{}:{}", proposal.node, proposal.value)
                } else {
                    format!("{}@{}:{}", proposal.node, proposal.at, proposal.value)
                };
                query.append_pair("propose", &text);
                sim.advance_to(proposal.at);
                // A proposal the core refuses is not written twice wrong: it
                // was made by this same core, so it is accepted here too.
                let _ = sim.propose(proposal.node, &proposal.value);
            }
        }
        if paused {
            query.append_pair("step", "1");
        }
        query.finish()
    }
}

/// The proposals a run has made so far, with their times.
pub fn made(sim: &Simulation) -> Vec<Timed> {
    sim.trace()
        .inputs
        .iter()
        .filter_map(|input| match &input.action {
            Action::Propose { node, value } => Some(Timed {
                at: input.at,
                node: *node,
                value: value.clone(),
            }),
            #[allow(unreachable_patterns)]
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    fn refused(query: &str) -> Vec<String> {
        Link::parse(query)
            .1
            .into_iter()
            .map(|refusal| refusal.parameter)
            .collect()
    }

    #[test]
    fn reads_every_setting() {
        let (link, refusals) = Link::parse(
            "?nodes=7&byzantine=node3:silent,node7&strategy=forge&signed=1&latency=100..300\
             &seed=42&speed=0.5&propose=node1:test123&propose=node2%402600:a%20b&step=1\
             &embed=1&theme=dark&contrast=high",
        );
        assert_eq!(refusals, []);
        let scenario = &link.scenario;
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
        assert_eq!(link.speed, Some(0.5));
        assert_eq!(
            link.script,
            [
                Scripted {
                    node: node(1),
                    value: "test123".into(),
                    at: None
                },
                Scripted {
                    node: node(2),
                    value: "a b".into(),
                    at: Some(2600)
                },
            ]
        );
        assert_eq!(link.start, Start::Paused);
        assert!(link.embed && link.high_contrast);
        assert_eq!(link.theme, Theme::Dark);
    }

    #[test]
    fn an_empty_query_is_the_original_demo() {
        assert_eq!(Link::parse(""), (Link::default(), vec![]));
        assert_eq!(Link::parse("?"), (Link::default(), vec![]));
    }

    #[test]
    fn a_bad_parameter_keeps_its_default_and_nothing_else_changes() {
        let (link, refusals) = Link::parse("nodes=99&seed=7");
        assert_eq!(link.scenario.nodes, 4);
        assert_eq!(link.scenario.seed, 7);
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
            "propose=node9:x",
            "propose=node1:",
            "propose=node1@soon:x",
            "propose=node1@99999999999:x",
            "autoplay=sometimes",
            "theme=purple",
            "contrast=low",
            "colour=red",
        ] {
            let (link, refusals) = Link::parse(query);
            assert_eq!(refusals.len(), 1, "{query}: {refusals:?}");
            assert_eq!(link.scenario, Scenario::default(), "{query}");
            assert_eq!(link.script, [], "{query}");
        }
        let long = format!("propose=node1:{}", "x".repeat(65));
        assert_eq!(refused(&long), ["propose"]);
    }

    #[test]
    fn contradictions_and_excess_are_refused_with_a_fallback() {
        assert_eq!(refused("autoplay=1&step=1"), ["step"]);
        assert_eq!(Link::parse("autoplay=1&step=1").0.start, Start::Play);
        assert_eq!(
            refused("propose=node1@500:a&propose=node1@100:b"),
            ["propose"]
        );
        let many = vec!["propose=node1:x"; MAX_PROPOSALS + 1].join("&");
        let (link, refusals) = Link::parse(&many);
        assert_eq!(link.script.len(), MAX_PROPOSALS);
        assert_eq!(refusals.len(), 1);
        let huge = "seed=1&".repeat(MAX_QUERY_CHARS);
        assert_eq!(Link::parse(&huge).0, Link::default());
    }

    #[test]
    fn nodes_given_after_byzantine_still_bound_it() {
        // Order of parameters does not matter.
        let (link, refusals) = Link::parse("byzantine=node6&nodes=7");
        assert_eq!(refusals, []);
        assert_eq!(
            link.scenario.byzantine,
            [(node(6), Strategy::Equivocate)].into()
        );
        // Shrinking below the default Byzantine node drops it.
        let (link, refusals) = Link::parse("nodes=3");
        assert_eq!(refusals, []);
        assert!(link.scenario.byzantine.is_empty());
        assert_eq!(link.scenario.validate(), Ok(()));
    }

    #[test]
    fn untimed_proposals_wait_for_quiet() {
        let scenario = Scenario::default();
        let script = [
            Scripted {
                node: node(1),
                value: "a".into(),
                at: None,
            },
            Scripted {
                node: node(2),
                value: "b".into(),
                at: None,
            },
            Scripted {
                node: node(3),
                value: "c".into(),
                at: Some(1),
            },
        ];
        let timed = Link::timed(&scenario, &script);
        assert_eq!(timed.len(), 3);
        assert_eq!(timed[0].at, 0);
        let mut sim = Simulation::new(scenario).unwrap();
        sim.propose(node(1), "a").unwrap();
        sim.run_until_quiet();
        assert_eq!(timed[1].at, sim.now());
        assert!(timed[1].at > 0);
        // A time already passed is taken as "now".
        assert_eq!(timed[2].at, timed[1].at);
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
        sim.run_until_quiet();
        let proposals = made(&sim);
        let query = Link::query(&scenario, &proposals, 2.0, true);
        assert!(query.contains("propose=node1%3Afirst+value"), "{query}");
        assert!(query.contains("node3%40333"), "{query}");
        let (link, refusals) = Link::parse(&query);
        assert_eq!(refusals, []);
        assert_eq!(link.scenario, scenario);
        assert_eq!(link.speed, Some(2.0));
        assert_eq!(link.start, Start::Paused);
        let timed = Link::timed(&link.scenario, &link.script);
        assert_eq!(Vec::from(timed), proposals);
        // And the default run writes nothing but its proposal.
        assert_eq!(
            Link::query(
                &Scenario::default(),
                &[Timed {
                    at: 0,
                    node: node(1),
                    value: "test123".into()
                }],
                crate::lab::DEFAULT_SPEED,
                false
            ),
            "propose=node1%3Atest123"
        );
    }
}
