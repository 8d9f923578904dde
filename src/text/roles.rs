//! A node's role in words.

use byzscope_core::{Role, Strategy};

/// `honest` or `Byzantine (forge)`: the inspector's heading.
pub fn role(role: Role) -> String {
    match role {
        Role::Honest => "honest".to_owned(),
        Role::Byzantine(strategy) => format!("Byzantine ({strategy})"),
    }
}

/// The stage's label under a node: `⚠ BYZANTINE · equivocate`, or without
/// the strategy on a crowded ring (the inspector and the scenario summary
/// name it).
pub fn role_badge(role: Role, compact: bool) -> String {
    match role {
        Role::Byzantine(_) if compact => "⚠ BYZANTINE".to_owned(),
        Role::Byzantine(strategy) => format!("⚠ BYZANTINE · {strategy}"),
        Role::Honest => "honest".to_owned(),
    }
}

/// A choice in a node's role menu: `Byzantine: silent`.
pub fn strategy_choice(strategy: Strategy) -> String {
    format!("Byzantine: {strategy}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_as_the_page_shows_them() {
        assert_eq!(role(Role::Honest), "honest");
        assert_eq!(role(Role::Byzantine(Strategy::Forge)), "Byzantine (forge)");
        let node4 = Role::Byzantine(Strategy::Equivocate);
        assert_eq!(role_badge(node4, false), "⚠ BYZANTINE · equivocate");
        assert_eq!(role_badge(node4, true), "⚠ BYZANTINE");
        assert_eq!(role_badge(Role::Honest, true), "honest");
        assert_eq!(strategy_choice(Strategy::Silent), "Byzantine: silent");
    }
}
