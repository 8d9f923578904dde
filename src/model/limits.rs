//! What the page accepts, written once: cluster sizes, seeds, latencies and
//! speeds, each with the reason a refused one gets. The scenario form, the
//! page's address, the keyboard and the scripting API all read them here.

use byzscope_core::scenario::MIN_NODES;
use byzscope_core::Scenario;

use crate::model::numbers::num;

/// The value the original demo proposes.
pub const DEFAULT_VALUE: &str = "test123";

/// The largest cluster the stage draws.
pub const MAX_STAGE_NODES: u16 = 32;

/// The slowest speed, in simulated time per real time.
pub const MIN_SPEED: f64 = 0.1;
/// The fastest speed.
pub const MAX_SPEED: f64 = 10.0;
/// The speed a run starts at: slow enough to follow a round of the default
/// scenario (messages take 200–600 ms) with the eye.
pub const DEFAULT_SPEED: f64 = 0.25;

/// One press of `+` or `−` moves the speed by this factor (a quarter of a
/// decade, so eight presses cross the slider).
const SPEED_FACTOR: f64 = 1.778_279_410_038_923;

/// Reads a cluster size; the error says what would be accepted.
pub fn parse_nodes(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(n) if (MIN_NODES..=MAX_STAGE_NODES).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{}' is not a whole number from {MIN_NODES} to {MAX_STAGE_NODES}",
            text.trim()
        )),
    }
}

/// Reads a seed.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "'{}' is not a whole number from 0 to {}",
            text.trim(),
            u64::MAX
        )
    })
}

/// Reads a whole number of milliseconds.
pub fn parse_millis(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("'{}' is not a whole number of milliseconds", text.trim()))
}

/// `speed` if the page can run at it.
pub fn check_speed(speed: f64) -> Result<f64, String> {
    if (MIN_SPEED..=MAX_SPEED).contains(&speed) {
        Ok(speed)
    } else {
        Err(format!(
            "a speed is a number from {} to {}",
            num(MIN_SPEED),
            num(MAX_SPEED)
        ))
    }
}

/// The nearest speed the page runs at.
pub fn clamp_speed(speed: f64) -> f64 {
    speed.clamp(MIN_SPEED, MAX_SPEED)
}

/// The speed one press of `+` (or `−`) away from `speed`.
pub fn nudge_speed(speed: f64, faster: bool) -> f64 {
    clamp_speed(if faster {
        speed * SPEED_FACTOR
    } else {
        speed / SPEED_FACTOR
    })
}

/// The scenario with `nodes` nodes: Byzantine nodes beyond it are dropped.
pub fn resize(scenario: &Scenario, nodes: u16) -> Scenario {
    let mut resized = scenario.clone();
    resized.nodes = nodes;
    resized.byzantine.retain(|id, _| id.number() <= nodes);
    resized
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_refuse_what_cannot_run_with_a_reason() {
        assert_eq!(parse_nodes(" 7 "), Ok(7));
        assert!(parse_nodes("2").unwrap_err().contains("3 to 32"));
        assert_eq!(parse_nodes("32"), Ok(32));
        assert!(parse_nodes("33").is_err());
        assert!(parse_nodes("four").unwrap_err().contains("'four'"));
        assert_eq!(parse_seed("42"), Ok(42));
        assert!(parse_seed("-1").is_err());
        assert!(parse_millis("x").unwrap_err().contains("milliseconds"));
        assert_eq!(parse_millis(" 250 "), Ok(250));
    }

    #[test]
    fn shrinking_drops_byzantine_nodes_outside_the_cluster() {
        let scenario = Scenario::default();
        assert!(resize(&scenario, 3).byzantine.is_empty());
        assert_eq!(resize(&scenario, 5).byzantine.len(), 1);
    }

    #[test]
    fn speed_nudges_stay_on_the_slider() {
        assert!((nudge_speed(1.0, true) - SPEED_FACTOR).abs() < 1e-12);
        assert!((nudge_speed(nudge_speed(1.0, true), false) - 1.0).abs() < 1e-12);
        assert_eq!(nudge_speed(MAX_SPEED, true), MAX_SPEED);
        assert_eq!(nudge_speed(MIN_SPEED, false), MIN_SPEED);
        let mut speed = MIN_SPEED;
        for _ in 0..8 {
            speed = nudge_speed(speed, true);
        }
        assert!((speed - MAX_SPEED).abs() < 1e-9);
    }

    #[test]
    fn speeds_off_the_slider_are_refused() {
        assert_eq!(check_speed(0.25), Ok(0.25));
        for bad in [0.0, 0.09, 10.5, f64::NAN] {
            assert_eq!(
                check_speed(bad),
                Err("a speed is a number from 0.1 to 10".into())
            );
        }
        assert_eq!(clamp_speed(100.0), MAX_SPEED);
    }
}
