//! Reading an address: a query string into the settings of a run, with a
//! refusal for each parameter that cannot be used.

use byzscope_core::scenario::parse_byzantine;
use byzscope_core::{Latency, Mode, Strategy};

#[cfg(feature = "live")]
use super::live::parse_live;
use super::{
    inputs, Address, LessonLink, Refusal, Start, Theme, INPUTS, MAX_INPUTS, MAX_QUERY_CHARS,
};
use crate::model::lessons;
use crate::model::limits::{check_speed, parse_nodes, parse_seed, resize};
use crate::model::numbers::parse_decimal;

/// Reads a switch: `1`, `true`, `yes`, `on` (or nothing) and their opposites.
fn flag(value: &str) -> Result<bool, String> {
    match value.trim() {
        "1" | "true" | "yes" | "on" | "" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(format!("'{other}' is not 1 or 0")),
    }
}

impl Address {
    /// Reads a query string (with or without its leading `?`). Never fails:
    /// what cannot be used is listed in the refusals and left at its default.
    pub fn parse(query: &str) -> (Address, Vec<Refusal>) {
        let mut address = Address::default();
        let mut refusals = Vec::new();
        let query = query.strip_prefix('?').unwrap_or(query);
        if query.chars().count() > MAX_QUERY_CHARS {
            refusals.push(Refusal {
                parameter: "the link".into(),
                why: format!(
                    "it is longer than {MAX_QUERY_CHARS} characters, so none of it is used"
                ),
            });
            return (address, refusals);
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
        // `step` is a lesson's step with `lesson`, else the paused switch.
        let (mut step_given, mut lesson_given) = (None::<String>, None::<String>);
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.as_ref();
            match name.as_ref() {
                "nodes" => match parse_nodes(value) {
                    Ok(n) => address.scenario = resize(&address.scenario, n),
                    Err(why) => refuse("nodes", format!("{why}; using 4")),
                },
                "byzantine" => byzantine = Some(value.to_owned()),
                "strategy" => match value.parse::<Strategy>() {
                    Ok(parsed) => strategy = Some(parsed),
                    Err(error) => refuse("strategy", format!("{error}; using equivocate")),
                },
                "signed" => match flag(value) {
                    Ok(signed) => {
                        address.scenario.mode = if signed { Mode::Signed } else { Mode::Oral }
                    }
                    Err(why) => refuse("signed", format!("{why}; using oral messages")),
                },
                "latency" => match value.parse::<Latency>() {
                    Ok(latency) => address.scenario.latency = latency,
                    Err(error) => refuse("latency", format!("{error}; using 200..600")),
                },
                "seed" => match parse_seed(value) {
                    Ok(seed) => address.scenario.seed = seed,
                    Err(why) => refuse("seed", format!("{why}; using 1")),
                },
                "speed" => match parse_decimal(value.trim())
                    .ok_or_else(|| format!("'{value}' is not a number"))
                    .and_then(|speed| check_speed(speed).map_err(|why| format!("'{value}': {why}")))
                {
                    Ok(speed) => address.speed = Some(speed),
                    Err(why) => refuse("speed", format!("{why}; using the default speed")),
                },
                input if INPUTS.contains(&input) => {
                    proposals.push((input.to_owned(), value.to_owned()))
                }
                "autoplay" => match flag(value) {
                    Ok(on) => autoplay = Some(on),
                    Err(why) => refuse("autoplay", format!("{why}; ignored")),
                },
                "step" => step_given = Some(value.to_owned()),
                "lesson" => lesson_given = Some(value.trim().to_owned()),
                "embed" => match flag(value) {
                    Ok(on) => address.embed = on,
                    Err(why) => refuse("embed", format!("{why}; showing the whole page")),
                },
                "present" => match flag(value) {
                    Ok(on) => address.present = on,
                    Err(why) => refuse("present", format!("{why}; showing the usual view")),
                },
                "theme" => match value.trim() {
                    "light" => address.theme = Theme::Light,
                    "dark" => address.theme = Theme::Dark,
                    "auto" => address.theme = Theme::Auto,
                    other => refuse(
                        "theme",
                        format!("'{other}' is not light, dark or auto; following the system"),
                    ),
                },
                "contrast" => match value.trim() {
                    "high" | "more" | "1" => address.high_contrast = true,
                    "normal" | "0" => address.high_contrast = false,
                    other => refuse(
                        "contrast",
                        format!("'{other}' is not high or normal; using normal contrast"),
                    ),
                },
                #[cfg(feature = "live")]
                "live" => match parse_live(value) {
                    Ok(urls) => address.live = Some(urls),
                    Err(why) => refuse("live", format!("{why}; showing the simulator instead")),
                },
                // The main page sends a `live=` address to the live page
                // before it starts (see `index.html`); this is for a build
                // without the live view that is reached some other way.
                #[cfg(not(feature = "live"))]
                "live" => refuse(
                    "live",
                    "this build of the page has no live view (it is in live/); \
                     showing the simulator instead"
                        .into(),
                ),
                other => refuse(other, "this page has no such parameter; ignored".into()),
            }
        }
        if byzantine.is_some() || strategy.is_some() {
            let text = byzantine.as_deref().unwrap_or("node4");
            match parse_byzantine(text, strategy.unwrap_or_default()) {
                Ok(nodes) => match nodes.keys().find(|id| id.number() > address.scenario.nodes) {
                    Some(outside) => refuse(
                        "byzantine",
                        format!(
                            "{outside} is not in a cluster of {}; using the default",
                            address.scenario.nodes
                        ),
                    ),
                    None => address.scenario.byzantine = nodes,
                },
                Err(error) => refuse("byzantine", format!("{error}; using the default")),
            }
        }
        let lesson = lesson_given.and_then(|id| match lessons::find(&id) {
            Some(lesson) => Some(lesson),
            None => {
                let ids: Vec<&str> = lessons::LESSONS.iter().map(|lesson| lesson.id).collect();
                refuse(
                    "lesson",
                    format!(
                        "there is no lesson '{id}'; the lessons are {}; showing the sandbox",
                        ids.join(", ")
                    ),
                );
                None
            }
        });
        match (lesson, step_given) {
            (Some(lesson), given) => {
                let steps = lesson.steps.len();
                let step = match given.as_deref().map(str::trim) {
                    None => 0,
                    Some(text) => match text.parse::<usize>() {
                        Ok(k) if (1..=steps).contains(&k) => k - 1,
                        _ => {
                            refuse(
                                "step",
                                format!(
                                    "'{text}' is not a step of lesson '{}', which has steps 1 to {steps}; starting at step 1",
                                    lesson.id
                                ),
                            );
                            0
                        }
                    },
                };
                address.lesson = Some(LessonLink {
                    id: lesson.id,
                    step,
                });
            }
            (None, Some(text)) => match flag(&text) {
                Ok(on) => step = Some(on),
                Err(why) => refuse("step", format!("{why}; ignored")),
            },
            (None, None) => {}
        }
        match (autoplay, step) {
            (Some(true), Some(true)) => {
                refuse(
                    "step",
                    "autoplay=1 and step=1 contradict each other; starting to play".into(),
                );
                address.start = Start::Play;
            }
            (Some(true), _) => address.start = Start::Play,
            (_, Some(true)) => address.start = Start::Paused,
            _ => {}
        }
        if proposals.len() > MAX_INPUTS {
            refuse(
                &proposals[MAX_INPUTS].0,
                format!(
                    "{} inputs is more than {MAX_INPUTS}; using the first {MAX_INPUTS}",
                    proposals.len()
                ),
            );
            proposals.truncate(MAX_INPUTS);
        }
        let mut latest = 0;
        for (what, text) in proposals {
            match inputs::read(&what, &text) {
                Ok(input) => {
                    if let Some(outside) = inputs::named(&input.action)
                        .into_iter()
                        .find(|node| node.number() > address.scenario.nodes)
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
                        address.script.push(input);
                    }
                }
                Err(why) => refuse(&what, format!("{why}; skipped")),
            }
        }
        (address, refusals)
    }
}
