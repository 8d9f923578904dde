//! Browser tests: `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use byzscope::App;
use byzscope_core::{NodeId, Scenario, Simulation};
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A new element in the body, so each test mounts into a page of its own.
fn fresh_element() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn cells(row: &Element) -> Vec<String> {
    all(row, "th, td")
        .iter()
        .map(|cell| cell.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

#[wasm_bindgen_test]
async fn page_shows_four_nodes_and_node4_caught_by_each_honest_node() {
    let root = fresh_element();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;

    assert_eq!(
        root.query_selector("h1").unwrap().unwrap().text_content(),
        Some("ByzScope".into())
    );

    let nodes: Vec<Vec<String>> = all(&root, "table.status tbody tr")
        .iter()
        .map(cells)
        .collect();
    let ids: Vec<&str> = nodes.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(ids, ["node1", "node2", "node3", "node4"]);
    let roles: Vec<&str> = nodes.iter().map(|row| row[1].as_str()).collect();
    assert_eq!(roles, ["honest", "honest", "honest", "Byzantine"]);
    let byzantine = root
        .query_selector("table.status tr.byzantine")
        .unwrap()
        .unwrap();
    assert_eq!(byzantine.get_attribute("data-node"), Some("node4".into()));

    let detections: Vec<Vec<String>> = all(&root, "table.detections tbody tr")
        .iter()
        .map(cells)
        .collect();
    assert_eq!(detections.len(), 3, "{detections:?}");
    for row in &detections {
        assert_eq!(
            row[1..4],
            ["node4", "1", "test123, test123_BYZANTINE"],
            "{row:?}"
        );
    }
    let mut detectors: Vec<&str> = detections.iter().map(|row| row[4].as_str()).collect();
    detectors.sort();
    assert_eq!(
        detectors,
        ["node1", "node2", "node3"],
        "one row per honest node"
    );
    let times: Vec<&str> = detections.iter().map(|row| row[0].as_str()).collect();
    assert!(times.is_sorted(), "newest last: {times:?}");
}

#[wasm_bindgen_test]
fn core_simulation_runs_in_wasm() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose("node1".parse().unwrap(), "test123").unwrap();
    sim.run_until_quiet();

    let ids: Vec<NodeId> = sim.scenario().node_ids().collect();
    assert_eq!(ids.len(), 4);
    for id in ids {
        let status = sim.status(id).unwrap();
        let detections = sim.detections(id).unwrap();
        if status.node_id == "node4" {
            assert!(status.is_byzantine);
            continue;
        }
        assert!(!status.is_byzantine, "{status:?}");
        assert_eq!(status.consensus_value.as_deref(), Some("test123"));
        assert_eq!(detections.total_detections, 1, "{detections:?}");
        let record = &detections.detections[0];
        assert_eq!(record.byzantine_node, "node4");
        assert_eq!(record.round, 1);
        assert_eq!(record.conflicting_values, ["test123", "test123_BYZANTINE"]);
        assert_eq!(record.detected_by, status.node_id);
    }
}

/// The browser build runs the default scenario exactly as the native build
/// does: the trace equals the one pinned by the core's native tests.
#[wasm_bindgen_test]
fn wasm_and_native_runs_agree_event_for_event() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose("node1".parse().unwrap(), "test123").unwrap();
    sim.run_until_quiet();
    let json = serde_json::to_string_pretty(sim.trace()).unwrap() + "\n";
    let pinned = include_str!("../core/tests/golden/default-run.trace.json");
    assert!(
        json == pinned,
        "the wasm run differs from the pinned native trace"
    );
}

/// Ed25519 works in wasm: with signed messages a forger is caught forging
/// and no honest node is accused.
#[wasm_bindgen_test]
fn signed_mode_catches_a_forger_in_wasm() {
    use byzscope_core::{DetectionKind, Mode, Strategy};
    let node4: NodeId = "node4".parse().unwrap();
    let mut sim = Simulation::new(Scenario {
        mode: Mode::Signed,
        byzantine: [(node4, Strategy::Forge)].into(),
        ..Scenario::default()
    })
    .unwrap();
    sim.propose("node1".parse().unwrap(), "test123").unwrap();
    sim.run_until_quiet();
    for node in sim.nodes().iter().filter(|node| node.id() != node4) {
        assert!(node.detections().iter().all(|d| d.byzantine_node == node4));
        assert!(
            node.detections()
                .iter()
                .any(|d| d.kind == DetectionKind::Forgery),
            "{} did not catch node4 forging",
            node.id()
        );
    }
}
