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

/// An input a link scripts. `propose=node1:test123` happens once the run
/// has gone quiet after the input before (at time 0 for the first);
/// `propose=node2@2600:again` at simulated time 2 600 ms. Network faults
/// always say when: `drop=17@433` (message 17), `cut=node1-node4@500`,
/// `heal=node1-node4@900`, `delay=node2-node3@0:300` (300 ms more).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scripted {
    /// What to do.
    pub action: Action,
    /// When, if the link says.
    pub at: Option<Millis>,
}

/// A scripted input with its time fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timed {
    /// When, in simulated milliseconds.
    pub at: Millis,
    /// What to do.
    pub action: Action,
}

/// The parameters that script inputs, in the order the README lists them.
pub const INPUTS: [&str; 5] = ["propose", "drop", "cut", "heal", "delay"];

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

fn time(text: &str) -> Result<Millis, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|at| *at <= HORIZON_MS)
        .ok_or_else(|| format!("'{text}' is not a time from 0 to {HORIZON_MS} ms"))
}

fn node(text: &str) -> Result<NodeId, String> {
    text.trim().parse().map_err(|e| format!("{e}"))
}

/// Reads `node1-node4`.
fn link_ends(text: &str) -> Result<(NodeId, NodeId), String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("'{text}' is not a link such as node1-node4"))?;
    Ok((node(a)?, node(b)?))
}

/// Reads one scripted input: `WHAT` is the parameter's name.
fn scripted(what: &str, text: &str) -> Result<Scripted, String> {
    if what == "propose" {
        // node1:value or node1@2600:value
        let (who, value) = text
            .split_once(':')
            .ok_or_else(|| format!("'{text}' is not NODE:VALUE, for example node1:test123"))?;
        let (proposer, at) = match who.split_once('@') {
            Some((proposer, at)) => (proposer, Some(time(at)?)),
            None => (who, None),
        };
        byzscope_core::value::validate(value).map_err(|e| e.to_string())?;
        return Ok(Scripted {
            action: Action::Propose {
                node: node(proposer)?,
                value: value.to_owned(),
            },
            at,
        });
    }
    // WHAT@TIME, and for a delay WHAT@TIME:MS
    let (subject, when) = text
        .split_once('@')
        .ok_or_else(|| format!("'{text}' does not say when, as in {what}=…@500"))?;
    let (when, extra) = match when.split_once(':') {
        Some((when, extra)) if what == "delay" => (when, Some(extra)),
        _ => (when, None),
    };
    let at = Some(time(when)?);
    let action = match what {
        "drop" => Action::Drop {
            message: subject
                .trim()
                .parse()
                .map_err(|_| format!("'{subject}' is not a message number"))?,
        },
        "cut" | "heal" | "delay" => {
            let (a, b) = link_ends(subject)?;
            match what {
                "cut" => Action::Cut { a, b },
                "heal" => Action::Heal { a, b },
                _ => Action::Delay {
                    a,
                    b,
                    extra_ms: extra
                        .ok_or_else(|| {
                            format!("'{text}' does not say how long, as in delay=node1-node2@0:300")
                        })
                        .and_then(time)?,
                },
            }
        }
        other => return Err(format!("{other} is not an input")),
    };
    Ok(Scripted { action, at })
}

/// The nodes an action names.
fn named(action: &Action) -> Vec<NodeId> {
    match action {
        Action::Propose { node, .. } => vec![*node],
        Action::Cut { a, b } | Action::Heal { a, b } | Action::Delay { a, b, .. } => vec![*a, *b],
        Action::Drop { .. } => Vec::new(),
    }
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
                input if INPUTS.contains(&input) => {
                    proposals.push((input.to_owned(), value.to_owned()))
                }
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
                &proposals[MAX_PROPOSALS].0,
                format!(
                    "{} inputs is more than {MAX_PROPOSALS}; using the first {MAX_PROPOSALS}",
                    proposals.len()
                ),
            );
            proposals.truncate(MAX_PROPOSALS);
        }
        let mut latest = 0;
        for (what, text) in proposals {
            match scripted(&what, &text) {
                Ok(input) => {
                    if let Some(outside) = named(&input.action)
                        .into_iter()
                        .find(|node| node.number() > link.scenario.nodes)
                    {
                        refuse(
                            &what,
                            format!("{outside} is not in the cluster; '{text}' skipped"),
                        );
                    } else if input.at.is_some_and(|at| at < latest) {
                        refuse(
                            &what,
                            format!("'{text}' is earlier than the input before it; skipped"),
                        );
                    } else {
                        latest = input.at.unwrap_or(latest);
                        link.script.push(input);
                    }
                }
                Err(why) => refuse(&what, format!("{why}; skipped")),
            }
        }
        (link, refusals)
    }

    /// Fixes the time of every scripted input by running the scenario: an
    /// untimed proposal happens when the run has gone quiet after the input
    /// before. Inputs the core refuses (dropping a message that is not in
    /// flight then, say) are left out.
    pub fn timed(scenario: &Scenario, script: &[Scripted]) -> VecDeque<Timed> {
        let Ok(mut sim) = Simulation::new(scenario.clone()) else {
            return VecDeque::new();
        };
        let mut timed = VecDeque::new();
        for input in script {
            let at = match input.at {
                Some(at) => at.max(sim.now()),
                None => {
                    sim.run_until_quiet();
                    sim.now()
                }
            };
            sim.advance_to(at);
            if sim.apply(&input.action).is_ok() {
                timed.push_back(Timed {
                    at: sim.now(),
                    action: input.action.clone(),
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
            for input in proposals {
                let at = input.at;
                let (name, text) = match &input.action {
                    Action::Propose { node, value } => {
                        let mut quiet = sim.clone();
                        quiet.run_until_quiet();
                        if quiet.now() == at {
                            ("propose", format!("{node}:{value}"))
                        } else {
                            ("propose", format!("{node}@{at}:{value}"))
                        }
                    }
                    Action::Drop { message } => ("drop", format!("{message}@{at}")),
                    Action::Cut { a, b } => ("cut", format!("{a}-{b}@{at}")),
                    Action::Heal { a, b } => ("heal", format!("{a}-{b}@{at}")),
                    Action::Delay { a, b, extra_ms } => {
                        ("delay", format!("{a}-{b}@{at}:{extra_ms}"))
                    }
                };
                query.append_pair(name, &text);
                sim.advance_to(at);
                // These inputs were given to this same core, so it takes
                // them again here; the time of the next untimed proposal
                // depends on it.
                let _ = sim.apply(&input.action);
            }
        }
        if paused {
            query.append_pair("step", "1");
        }
        query.finish()
    }
}

/// The inputs a run was given, with their times.
pub fn made(trace: &byzscope_core::Trace) -> Vec<Timed> {
    trace
        .inputs
        .iter()
        .map(|input| Timed {
            at: input.at,
            action: input.action.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u16) -> NodeId {
        NodeId::new(n).unwrap()
    }

    fn propose(n: u16, value: &str, at: Option<Millis>) -> Scripted {
        Scripted {
            action: Action::Propose {
                node: node(n),
                value: value.into(),
            },
            at,
        }
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
            [propose(1, "test123", None), propose(2, "a b", Some(2600)),]
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
            propose(1, "a", None),
            propose(2, "b", None),
            propose(3, "c", Some(1)),
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
        sim.advance_to(700);
        let forward = sim.in_flight().find(|m| !m.message.is_direct()).unwrap().id;
        sim.drop_message(forward).unwrap();
        sim.advance_to(800);
        sim.cut(node(4), node(5)).unwrap();
        sim.delay(node(1), node(6), 250).unwrap();
        sim.advance_to(1_500);
        sim.heal(node(4), node(5)).unwrap();
        sim.run_until_quiet();
        let proposals = made(sim.trace());
        assert_eq!(proposals.len(), 6);
        let query = Link::query(&scenario, &proposals, 2.0, true);
        assert!(query.contains("propose=node1%3Afirst+value"), "{query}");
        assert!(query.contains("node3%40333"), "{query}");
        assert!(query.contains(&format!("drop={forward}%40700")), "{query}");
        assert!(query.contains("cut=node4-node5%40800"), "{query}");
        assert!(query.contains("delay=node1-node6%40800%3A250"), "{query}");
        assert!(query.contains("heal=node4-node5%401500"), "{query}");
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
                    action: Action::Propose {
                        node: node(1),
                        value: "test123".into()
                    }
                }],
                crate::lab::DEFAULT_SPEED,
                false
            ),
            "propose=node1%3Atest123"
        );
    }
}
