//! A link's state in words: on the stage and in the inspector.

use byzscope_core::LinkState;

/// The few characters on the stage beside a link: `✕ cut`, `+300 ms`, or
/// nothing for a healthy link.
pub fn link_label(state: LinkState) -> String {
    match (state.down, state.extra_ms) {
        (true, _) => "✕ cut".to_owned(),
        (false, 0) => String::new(),
        (false, extra) => format!("+{extra} ms"),
    }
}

/// The inspector's sentence on a link.
pub fn link_state(state: LinkState) -> String {
    match (state.down, state.extra_ms) {
        (true, _) => "Down: every message on it is lost.".to_owned(),
        (false, 0) => "Up, at the scenario's latency.".to_owned(),
        (false, extra) => format!("Up, {extra} ms slower than the scenario's latency."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_says_whether_it_is_cut_or_slowed() {
        let healthy = LinkState::default();
        assert_eq!(link_label(healthy), "");
        assert_eq!(link_state(healthy), "Up, at the scenario's latency.");
        let slow = LinkState {
            extra_ms: 300,
            ..healthy
        };
        assert_eq!(link_label(slow), "+300 ms");
        assert!(link_state(slow).starts_with("Up, 300 ms slower"));
        let cut = LinkState { down: true, ..slow };
        assert_eq!(link_label(cut), "✕ cut");
        assert!(link_state(cut).starts_with("Down"));
    }
}
