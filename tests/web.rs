//! Browser tests: `wasm-pack test --headless --chrome`.
//!
//! Each test mounts the page paused into an element of its own, works it
//! through its real controls (clicks, typing, menus) and reads the DOM.
//! Simulated time moves only by the Step and Finish buttons, so nothing
//! waits on the wall clock.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use byzscope::App;
use byzscope_core::{NodeId, Scenario, Simulation};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fixed wall-clock start, so `detected_at` can be predicted.
const STARTED_AT_MS: i64 = 1_764_151_200_000;

/// A page of its own, paused, with a pinned start time.
struct Page {
    root: HtmlElement,
    /// The page's reactive owner: cleaned up when the page is dropped, so
    /// what the page put on `window` (listeners, the API, its look) goes
    /// with it, as it does when a real page unloads.
    owner: Owner,
    _mounted: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Page {
    fn drop(&mut self) {
        self.owner.cleanup();
    }
}

impl Page {
    async fn new() -> Page {
        Page::open("").await
    }

    /// A page opened with a scenario link's query string.
    async fn open(query: &str) -> Page {
        let document = web_sys::window().unwrap().document().unwrap();
        let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&root).unwrap();
        let query = query.to_owned();
        let owner = Owner::new();
        let mounted = owner.with(|| {
            mount_to(root.clone(), move || {
                view! { <App autoplay=false started_at_ms=STARTED_AT_MS query /> }.into_any()
            })
        });
        tick().await;
        Page {
            root,
            owner,
            _mounted: mounted,
        }
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector)
            .text_content()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    fn button(&self, selector: &str) -> HtmlButtonElement {
        self.one(selector).unchecked_into()
    }

    /// A real click for HTML elements (it submits forms); a bubbling click
    /// event for the stage's SVG shapes, which have no `click()`.
    async fn click(&self, selector: &str) {
        let element = self.one(selector);
        match element.dyn_ref::<HtmlElement>() {
            Some(html) => html.click(),
            None => dispatch(&element, "click"),
        }
        tick().await;
    }

    async fn type_into(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self.one(selector).unchecked_into();
        input.set_value(value);
        dispatch(&input, "input");
        dispatch(&input, "change");
        tick().await;
    }

    async fn choose(&self, selector: &str, value: &str) {
        let select: HtmlSelectElement = self.one(selector).unchecked_into();
        select.set_value(value);
        dispatch(&select, "change");
        tick().await;
    }

    /// Opens the JSON box of the detections panel, as a click on it does.
    async fn open_json(&self) {
        let details: web_sys::HtmlDetailsElement = self.one("details.json").unchecked_into();
        details.set_open(true);
        dispatch(&details, "toggle");
        tick().await;
    }

    fn stage(&self, attribute: &str) -> String {
        self.one("svg.stage")
            .get_attribute(attribute)
            .unwrap_or_default()
    }

    /// Clicks Step until nothing is left to happen; returns how many steps.
    async fn step_until_quiet(&self) -> usize {
        let mut steps = 0;
        while !self.button("#step").disabled() {
            self.click("#step").await;
            steps += 1;
            assert!(steps < 10_000, "the run never went quiet");
        }
        steps
    }

    /// Every dot on the stage: message id → its `transform`.
    fn dots(&self) -> BTreeMap<String, String> {
        self.all(".stage .dot")
            .iter()
            .map(|dot| {
                (
                    dot.get_attribute("data-message").unwrap(),
                    dot.get_attribute("transform").unwrap(),
                )
            })
            .collect()
    }

    /// The cells of every row of the detections table.
    fn detection_rows(&self) -> Vec<Vec<String>> {
        self.all("table.detections tbody tr")
            .iter()
            .map(|row| {
                let list = row.query_selector_all("td").unwrap();
                (0..list.length())
                    .map(|i| {
                        list.item(i)
                            .unwrap()
                            .text_content()
                            .unwrap()
                            .trim()
                            .to_owned()
                    })
                    .collect()
            })
            .collect()
    }
}

fn dispatch(target: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Waits for the browser's next animation frame: a deterministic point in
/// the page's life, not a length of time.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The default run as the native core makes it, for the expected documents.
fn reference_run() -> Simulation {
    let mut sim = Simulation::new(Scenario {
        started_at_ms: STARTED_AT_MS,
        ..Scenario::default()
    })
    .unwrap();
    sim.propose("node1".parse().unwrap(), "test123").unwrap();
    sim.run_until_quiet();
    sim
}

#[wasm_bindgen_test]
async fn the_stage_shows_four_nodes_with_node4_marked_byzantine() {
    let page = Page::new().await;
    assert_eq!(page.text("h1"), "ByzScope");
    let nodes: Vec<String> = page
        .all(".stage .node")
        .iter()
        .map(|node| node.get_attribute("data-node").unwrap())
        .collect();
    assert_eq!(nodes, ["node1", "node2", "node3", "node4"]);
    let byzantine: Vec<String> = page
        .all(".stage .node.byzantine")
        .iter()
        .map(|node| node.get_attribute("data-node").unwrap())
        .collect();
    assert_eq!(byzantine, ["node4"]);
    // The label says as much as its box holds; the stage's summary says it
    // all, strategy included.
    assert!(page
        .text(".stage .node[data-node='node4'] .role")
        .starts_with("⚠ BYZ"));
    assert!(page
        .text("#stage-summary")
        .contains("Byzantine: node4 (equivocate)"));
    assert_eq!(page.text(".stage .node[data-node='node1'] .role"), "honest");
    assert!(page.dots().is_empty(), "nothing is sent before a proposal");
    assert!(page.detection_rows().is_empty());
}

#[wasm_bindgen_test]
async fn a_proposal_travels_as_dots_and_every_honest_node_catches_node4() {
    let page = Page::new().await;
    page.click("#propose").await;
    let sent = page.dots();
    assert_eq!(sent.len(), 3, "node1 sends its PROPOSE to three peers");
    assert_eq!(page.all(".stage .dot.direct").len(), 3);

    // Step until the clock moves while messages are still on the way: the
    // dots still in flight have moved along their chords.
    let mut before = page.dots();
    let mut clock = page.text("#clock");
    let moved = loop {
        assert!(
            !page.button("#step").disabled(),
            "the run ended before a dot moved"
        );
        page.click("#step").await;
        let now = page.dots();
        let still_flying: Vec<&String> = before.keys().filter(|id| now.contains_key(*id)).collect();
        if page.text("#clock") != clock && !still_flying.is_empty() {
            break still_flying.iter().any(|id| before[*id] != now[*id]);
        }
        clock = page.text("#clock");
        before = now;
    };
    assert!(moved, "dots in flight move as simulated time passes");
    assert!(
        !page.all(".stage .dot.forwarded").is_empty() || !page.all(".stage .dot.direct").is_empty(),
        "messages are in flight mid-round"
    );

    page.step_until_quiet().await;
    assert_eq!(page.stage("data-quiet"), "true");
    assert!(page.dots().is_empty(), "nothing is left in flight");
    let rows = page.detection_rows();
    assert_eq!(rows.len(), 3, "{rows:?}");
    for row in &rows {
        assert_eq!(
            row[1..4],
            ["node4", "1", "test123, test123_BYZANTINE"],
            "{row:?}"
        );
    }
    let mut detectors: Vec<&str> = rows.iter().map(|row| row[4].as_str()).collect();
    let times: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    assert!(times.is_sorted(), "newest last: {times:?}");
    detectors.sort();
    assert_eq!(
        detectors,
        ["node1", "node2", "node3"],
        "one row per honest node"
    );

    // Each honest node wears a badge with its count; node4 decided too.
    for node in ["node1", "node2", "node3"] {
        assert_eq!(
            page.text(&format!(".stage .node[data-node='{node}'] .badge text")),
            "1"
        );
        // Its label shows the decision as far as its box allows; the
        // stage's summary says it whole.
        assert!(page
            .text(&format!(".stage .node[data-node='{node}'] .state"))
            .contains("✓"));
        assert!(page
            .text("#stage-summary")
            .contains(&format!("{node}: round 1, decided test123, 1 detections")));
    }
    // The narration tells it in the original demo's words.
    let log = page.text(".narration .log");
    assert!(log.contains("[node4] ⚠️ BYZANTINE: Sent conflicting values to different peers!"));
    assert!(log.contains("[node1] 🚨 BYZANTINE FAULT DETECTED! Node: node4 Round: 1"));
}

#[wasm_bindgen_test]
async fn the_split_is_shown_peer_by_peer() {
    let page = Page::new().await;
    page.click("#propose").await;
    while page.all(".split-caption").is_empty() {
        assert!(!page.button("#step").disabled(), "node4 never split");
        page.click("#step").await;
    }
    let caption = page.text(".split-caption");
    assert!(caption.contains("node4 split its ECHO"), "{caption}");
    assert!(caption.contains("→ node1: test123"), "{caption}");
    assert!(
        caption.contains("→ node2, node3: test123_BYZANTINE"),
        "{caption}"
    );
    let labels: Vec<String> = page
        .all(".stage .fan-label")
        .iter()
        .map(|label| label.text_content().unwrap())
        .collect();
    // Each line names its peer and the value's shape: in full where the
    // stage has room, shorter where it has not (the caption above is whole).
    assert_eq!(labels.len(), 3, "{labels:?}");
    for (label, (peer, glyph)) in labels.iter().zip([(1, "●"), (2, "◆"), (3, "◆")]) {
        let full = format!("→ node{peer}: {glyph} ");
        let short = format!("→ n{peer}: {glyph} ");
        assert!(
            label.starts_with(&full) || label.starts_with(&short),
            "{label}"
        );
    }
    assert!(labels[0].ends_with("test123"), "{labels:?}");
    // The fork has its own shape, not just its own colour.
    let shape = |value: &str| {
        page.one(&format!(".legend .value-chip[data-value='{value}'] path"))
            .get_attribute("d")
            .unwrap()
    };
    assert_ne!(shape("test123"), shape("test123_BYZANTINE"));
}

#[wasm_bindgen_test]
async fn exports_are_the_documents_of_the_protocol() {
    let page = Page::new().await;
    page.click("#propose").await;
    page.click("#finish").await;
    let sim = reference_run();
    let node1: NodeId = "node1".parse().unwrap();

    page.choose("#detections-filter", "node1").await;
    page.open_json().await;
    let rows = page.detection_rows();
    assert_eq!(rows.len(), 1, "node1's own detections only: {rows:?}");
    let exported: serde_json::Value =
        serde_json::from_str(&page.text("pre.export-detections")).unwrap();
    let expected = serde_json::to_value(sim.detections(node1).unwrap()).unwrap();
    assert_eq!(exported, expected);
    assert_eq!(exported["node_id"], "node1");
    assert_eq!(exported["total_detections"], 1);
    assert_eq!(exported["detections"][0]["byzantine_node"], "node4");
    assert_eq!(
        exported["detections"][0]["conflicting_values"],
        serde_json::json!(["test123", "test123_BYZANTINE"])
    );
    assert_eq!(
        rows[0][0],
        exported["detections"][0]["detected_at"].as_str().unwrap()
    );
    let status: serde_json::Value = serde_json::from_str(&page.text("pre.export-status")).unwrap();
    assert_eq!(
        status,
        serde_json::to_value(sim.status(node1).unwrap()).unwrap()
    );

    page.choose("#detections-filter", "all").await;
    let all: serde_json::Value = serde_json::from_str(&page.text("pre.export-detections")).unwrap();
    let expected: Vec<_> = sim
        .nodes()
        .iter()
        .map(|node| sim.detections(node.id()).unwrap())
        .collect();
    assert_eq!(all, serde_json::to_value(expected).unwrap());
    assert_eq!(page.detection_rows().len(), 3);
}

#[wasm_bindgen_test]
async fn invalid_values_disable_propose_and_say_why() {
    let page = Page::new().await;
    page.type_into("#propose-value", "").await;
    assert!(page.button("#propose").disabled());
    assert_eq!(page.text("#value-error"), "A value cannot be empty.");

    page.type_into("#propose-value", &"x".repeat(65)).await;
    assert!(page.button("#propose").disabled());
    assert_eq!(
        page.text("#value-error"),
        "A value can have at most 64 characters; this one has 65."
    );
    // Submitting anyway (Enter in the field) changes nothing.
    dispatch(&page.one("form.propose"), "submit");
    tick().await;
    assert_eq!(page.stage("data-in-flight"), "0");

    page.type_into("#propose-value", &"é".repeat(64)).await;
    assert!(!page.button("#propose").disabled());
    assert_eq!(page.text("#value-error"), "");
}

#[wasm_bindgen_test]
async fn clicking_a_node_or_a_dot_opens_the_inspector() {
    let page = Page::new().await;
    page.click("#propose").await;
    // Hovering a dot tells what it carries.
    dispatch(&page.one(".stage .dot[data-message='2']"), "mouseover");
    tick().await;
    assert_eq!(
        page.text(".dot-info"),
        "node1 → node4: PROPOSE from node1, round 1, value 'test123' (direct)"
    );
    dispatch(&page.one(".stage .dot[data-message='2']"), "mouseout");
    tick().await;
    assert!(page.all(".dot-info").is_empty());
    page.click(".stage .dot[data-message='1']").await;
    let heading = page.text(".inspector h2");
    assert_eq!(heading, "Message 1: node1 → node3");
    let facts = page.text(".inspector .facts");
    assert!(facts.contains("PROPOSE from node1, round 1"), "{facts}");
    assert!(facts.contains("node1 → node3"), "{facts}");

    page.click("#finish").await;
    page.click(".stage .node[data-node='node2']").await;
    assert_eq!(page.text(".inspector h2"), "node2 · honest");
    let status: serde_json::Value =
        serde_json::from_str(&page.text(".inspector pre.status-json")).unwrap();
    let sim = reference_run();
    assert_eq!(
        status,
        serde_json::to_value(sim.status("node2".parse().unwrap()).unwrap()).unwrap()
    );
    // node4's row of what node2 holds is marked as a conflict.
    let conflicts: Vec<String> = page
        .all(".inspector table.knowledge tbody tr")
        .iter()
        .filter(|row| row.query_selector("td.conflict").unwrap().is_some())
        .map(|row| {
            row.query_selector("th")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(conflicts, ["node4"]);
}

#[wasm_bindgen_test]
async fn pausing_freezes_the_dots_and_playing_moves_them() {
    let page = Page::new().await;
    page.click("#propose").await;
    let paused = page.dots();
    for _ in 0..3 {
        next_frame().await;
    }
    tick().await;
    assert_eq!(page.dots(), paused, "paused: no dot moves");
    assert_eq!(page.text("#clock"), "0.000 s");

    page.click("#play").await;
    assert_eq!(
        page.button("#play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    while page.text("#clock") == "0.000 s" {
        next_frame().await;
        tick().await;
    }
    page.click("#play").await;
    let frozen = page.dots();
    let clock = page.text("#clock");
    for _ in 0..3 {
        next_frame().await;
    }
    tick().await;
    assert_eq!(page.text("#clock"), clock);
    assert_eq!(page.dots(), frozen);
}

#[wasm_bindgen_test]
async fn changing_the_scenario_resets_and_warns_when_the_bound_breaks() {
    let page = Page::new().await;
    page.click("#propose").await;
    assert!(page.all(".banner").is_empty());
    page.choose(".role-select[data-node='node2']", "equivocate")
        .await;
    assert_eq!(page.stage("data-in-flight"), "0", "the run started again");
    let banner = page.text(".banner");
    assert!(banner.contains("n ≥ 3f + 1 = 7"), "{banner}");
    assert_eq!(page.all(".stage .node.byzantine").len(), 2);

    page.type_into("#nodes", "7").await;
    assert!(page.all(".banner").is_empty(), "7 nodes tolerate 2");
    assert_eq!(page.all(".stage .node").len(), 7);

    // What cannot run is refused with a reason, and nothing changes.
    page.type_into("#nodes", "40").await;
    assert_eq!(page.all(".stage .node").len(), 7);
    assert!(page.text(".scenario .field-error").contains("3 to 32"));
    page.type_into("#latency-min", "900").await;
    assert!(page.text(".scenario .field-error").contains("900..600"));
    page.type_into("#seed", "-3").await;
    assert!(page.text(".scenario .field-error").contains("Seed"));
}

#[wasm_bindgen_test]
async fn sixteen_nodes_paint_their_dots_on_a_canvas() {
    let page = Page::new().await;
    page.type_into("#nodes", "16").await;
    assert_eq!(page.all(".stage .node").len(), 16);
    page.click("#propose").await;
    page.click("#step").await;
    let flying: usize = page.stage("data-in-flight").parse().unwrap();
    assert!(
        flying >= 15,
        "node1's PROPOSE is on its way to fifteen peers"
    );
    assert!(page.all(".stage .dot").is_empty(), "no SVG element per dot");
    let canvas: HtmlElement = page.one("canvas.dot-canvas").unchecked_into();
    assert_eq!(
        canvas.style().get_property_value("display").unwrap(),
        "block"
    );
    page.click("#finish").await;
    assert_eq!(
        page.detection_rows().len(),
        15,
        "every honest node catches node4"
    );
    // Sixteen labels may get one line each: node4's starts with its mark,
    // after its name when its circle is too small to hold the name.
    let label = page.text(".stage .node[data-node='node4'] .labels");
    let after_name = ["node4 ", "n4 "]
        .iter()
        .find_map(|name| label.strip_prefix(name))
        .unwrap_or(&label);
    assert!(after_name.starts_with("⚠"), "node4's label: {label}");
}

#[wasm_bindgen_test]
async fn thirty_two_nodes_draw_their_busy_links_as_flows_with_a_sample_of_dots() {
    let page = Page::new().await;
    page.type_into("#nodes", "32").await;
    assert_eq!(page.all(".stage .node").len(), 32);
    page.click("#propose").await;
    let canvas = page.one("canvas.dot-canvas");
    let mut flying = 0;
    for _ in 0..200 {
        page.click("#step").await;
        flying = page.stage("data-in-flight").parse().unwrap();
        if flying > 300 {
            break;
        }
    }
    assert!(flying > 300, "{flying} in flight");
    assert_eq!(canvas.get_attribute("data-flows").as_deref(), Some("true"));
    let dots: usize = canvas.get_attribute("data-dots").unwrap().parse().unwrap();
    assert!(
        dots > 0 && dots < flying / 2,
        "{dots} of {flying} drawn as dots"
    );
}

#[wasm_bindgen_test]
async fn an_oral_forger_gets_an_honest_node_flagged_as_falsely_accused() {
    let page = Page::new().await;
    page.choose(".role-select[data-node='node4']", "forge")
        .await;
    page.click("#propose").await;
    page.click("#finish").await;
    let flagged = page.all("table.detections tr.false-accusation");
    assert!(
        !flagged.is_empty(),
        "oral mode lets the forger frame honest nodes"
    );
    for row in &flagged {
        let accused = row
            .query_selector("td:nth-child(2)")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert!(accused.contains("false accusation"), "{accused}");
        assert!(
            !accused.starts_with("node4"),
            "node4 is Byzantine: {accused}"
        );
    }
    let rows = page.detection_rows();
    let honest_rows = rows
        .iter()
        .filter(|row| !row[1].starts_with("node4"))
        .count();
    assert_eq!(
        honest_rows,
        flagged.len(),
        "every accusation of an honest node is flagged: {rows:?}"
    );

    // Signed messages stop it: nobody honest is accused.
    let signed: HtmlInputElement = page
        .one("input[name='mode'][value='signed']")
        .unchecked_into();
    signed.set_checked(true);
    dispatch(&signed, "change");
    tick().await;
    page.click("#propose").await;
    page.click("#finish").await;
    assert!(page.all("table.detections tr.false-accusation").is_empty());
    assert!(!page
        .all("table.detections tr[data-kind='forgery']")
        .is_empty());
}

#[wasm_bindgen_test]
fn core_simulation_runs_in_wasm() {
    let sim = reference_run();
    for node in sim.nodes() {
        let status = sim.status(node.id()).unwrap();
        let detections = sim.detections(node.id()).unwrap();
        if status.node_id == "node4" {
            assert!(status.is_byzantine);
            continue;
        }
        assert_eq!(status.consensus_value.as_deref(), Some("test123"));
        assert_eq!(detections.total_detections, 1, "{detections:?}");
        assert_eq!(detections.detections[0].byzantine_node, "node4");
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

/// `window.byzscope`, as a slide deck's script sees it.
fn api() -> js_sys::Object {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"byzscope".into())
        .unwrap()
        .dyn_into()
        .expect("window.byzscope is installed")
}

/// Calls `window.byzscope[name](args…)`.
fn call(name: &str, args: &[wasm_bindgen::JsValue]) -> Result<wasm_bindgen::JsValue, String> {
    let api = api();
    let method: js_sys::Function = js_sys::Reflect::get(&api, &name.into())
        .unwrap()
        .dyn_into()
        .unwrap_or_else(|_| panic!("byzscope.{name} is a function"));
    let args: js_sys::Array = args.iter().collect();
    method.apply(&api, &args).map_err(|error| {
        error
            .dyn_into::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_default()
    })
}

fn json(value: &wasm_bindgen::JsValue) -> serde_json::Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(value).unwrap())).unwrap()
}

/// Presses `key` with focus on `target`, as the keyboard does.
async fn press(target: &web_sys::EventTarget, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn a_link_sets_every_setting_and_a_bad_parameter_gets_a_notice() {
    let page = Page::open(
        "nodes=7&byzantine=node3:silent,node7:forge&signed=1&seed=5&latency=9..1&colour=red",
    )
    .await;
    let byzantine: Vec<String> = page
        .all(".stage .node.byzantine")
        .iter()
        .map(|node| node.get_attribute("data-node").unwrap())
        .collect();
    assert_eq!(page.all(".stage .node").len(), 7);
    assert_eq!(byzantine, ["node3", "node7"]);
    let signed: HtmlInputElement = page.one("input[name=mode][value=signed]").unchecked_into();
    assert!(signed.checked());
    let seed: HtmlInputElement = page.one("#seed").unchecked_into();
    assert_eq!(seed.value(), "5");
    // The refused latency keeps its default; the notice names both refusals.
    let notice = page.text(".notice");
    assert!(notice.contains("latency"), "{notice}");
    assert!(notice.contains("using 200..600"), "{notice}");
    assert!(notice.contains("colour"), "{notice}");
    assert_eq!(page.all(".notice li").len(), 2);
    page.click("#dismiss-notice").await;
    assert!(page.all(".notice").is_empty());
    // A good link has no notice.
    drop(page);
    let page = Page::open("seed=9").await;
    assert!(page.all(".notice").is_empty());
}

#[wasm_bindgen_test]
async fn a_copied_link_replays_the_run_event_for_event() {
    let page = Page::new().await;
    page.click("#propose").await;
    for _ in 0..5 {
        page.click("#step").await;
    }
    page.type_into("#propose-value", "second & last").await;
    page.choose("#proposer", "2").await;
    page.click("#propose").await;
    page.step_until_quiet().await;
    let log = page.text(".log");
    let link = call("link", &[]).unwrap().as_string().unwrap();
    assert!(link.contains("propose=node1%3Atest123"), "{link}");
    assert!(
        link.contains("propose=node2%40"),
        "the second proposal is timed: {link}"
    );
    assert!(link.contains("step=1"), "a paused run opens paused: {link}");
    drop(page);
    let query = link.split_once('?').unwrap().1;
    let replay = Page::open(query).await;
    assert!(replay.all(".notice").is_empty());
    replay.step_until_quiet().await;
    assert_eq!(replay.text(".log"), log);
    // Reset plays the link's proposals again.
    replay.click("#reset").await;
    replay.step_until_quiet().await;
    assert_eq!(replay.text(".log"), log);
}

#[wasm_bindgen_test]
async fn autoplay_and_step_choose_how_the_page_starts() {
    let page = Page::open("autoplay=1&propose=node1:test123").await;
    assert_eq!(
        page.one("#play").get_attribute("aria-pressed").unwrap(),
        "true"
    );
    drop(page);
    let page = Page::open("step=1&propose=node1:test123&speed=2").await;
    assert_eq!(
        page.one("#play").get_attribute("aria-pressed").unwrap(),
        "false"
    );
    assert_eq!(page.text(".speed output"), "2×");
    // The scripted proposal is made at time 0: its dots are on the way.
    assert_eq!(page.stage("data-in-flight"), "3");
}

/// What a listener of the API's events has heard, as JSON.
type Told = std::rc::Rc<std::cell::RefCell<Vec<serde_json::Value>>>;
/// A listener of the API's events.
type Listener = wasm_bindgen::closure::Closure<dyn Fn(web_sys::CustomEvent)>;

/// The API's events, as JSON, recorded from now on by a listener on the
/// window; remove the listener with `remove_event_listener_with_callback`.
fn record_api_events() -> (Told, Listener) {
    let told = std::rc::Rc::new(std::cell::RefCell::new(Vec::<serde_json::Value>::new()));
    let listener = {
        let told = told.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
            move |event: web_sys::CustomEvent| told.borrow_mut().push(json(&event.detail())),
        )
    };
    web_sys::window()
        .unwrap()
        .add_event_listener_with_callback("byzscope", listener.as_ref().unchecked_ref())
        .unwrap();
    (told, listener)
}

#[wasm_bindgen_test]
async fn the_scripting_api_drives_the_page_and_refuses_bad_calls() {
    let page = Page::new().await;
    let (told, listener) = record_api_events();
    let window = web_sys::window().unwrap();
    assert_eq!(
        call("propose", &["node1".into(), "test123".into()]).unwrap(),
        1
    );
    let error = call("propose", &["node9".into(), "x".into()]).unwrap_err();
    assert!(error.contains("node9 is not in the cluster"), "{error}");
    let error = call("propose", &["node1".into(), "".into()]).unwrap_err();
    assert!(error.contains("cannot be empty"), "{error}");
    assert!(call("speed", &[99.into()]).is_err());
    assert_eq!(call("speed", &[2.into()]).unwrap(), 2);
    call("finish", &[]).unwrap();
    tick().await;
    assert_eq!(page.detection_rows().len(), 3);
    let detections = json(&call("detections", &["node2".into()]).unwrap());
    assert_eq!(detections["node_id"], "node2");
    assert_eq!(detections["total_detections"], 1);
    assert_eq!(detections["detections"][0]["byzantine_node"], "node4");
    let status = json(&call("status", &[]).unwrap());
    assert_eq!(status.as_array().unwrap().len(), 4);
    assert_eq!(status[0]["consensus_value"], "test123");
    let events = told.borrow().clone();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "detection").count(), 3);
    // node4 follows the protocol apart from its split, so it decides too.
    assert_eq!(kinds.iter().filter(|k| **k == "decision").count(), 4);
    assert_eq!(kinds[0], "proposal");
    let detection = events.iter().find(|e| e["event"] == "detection").unwrap();
    let fields: Vec<&str> = detection["detection"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // The `/detections` record's five fields, no more (serde_json sorts them).
    assert_eq!(
        fields,
        [
            "byzantine_node",
            "conflicting_values",
            "detected_at",
            "detected_by",
            "round"
        ]
    );
    // Seeking shows the past: before any detection, none is listed.
    assert_eq!(call("seek", &[300.into()]).unwrap(), 300);
    tick().await;
    assert!(page.detection_rows().is_empty());
    assert!(call("seek", &["soon".into()]).is_err());
    let latest = call("seek", &[1e9.into()]).unwrap().as_f64();
    tick().await;
    assert_eq!(
        latest,
        Some(clock_ms(&page)),
        "past the end: the latest moment"
    );
    assert_eq!(page.detection_rows().len(), 3);
    call("reset", &[]).unwrap();
    tick().await;
    assert!(page.detection_rows().is_empty());
    window
        .remove_event_listener_with_callback("byzscope", listener.as_ref().unchecked_ref())
        .unwrap();
    drop(page);
    assert!(
        js_sys::Reflect::get(&window, &"byzscope".into())
            .unwrap()
            .is_undefined(),
        "the API goes with the page"
    );
}

/// A page listening to the API's events may drive the run from them: the
/// event reaches it once the page has let go of the run.
#[wasm_bindgen_test]
async fn a_listener_of_the_apis_events_may_drive_the_run() {
    let page = Page::new().await;
    let steps = std::rc::Rc::new(std::cell::RefCell::new(Vec::<Result<bool, String>>::new()));
    let listener = {
        let steps = steps.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
            move |event: web_sys::CustomEvent| {
                if json(&event.detail())["event"] == "proposal" {
                    let stepped = call("step", &[]).map(|stepped| stepped.as_bool() == Some(true));
                    steps.borrow_mut().push(stepped);
                }
            },
        )
    };
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("byzscope", listener.as_ref().unchecked_ref())
        .unwrap();
    call("propose", &["node1".into(), "test123".into()]).unwrap();
    tick().await;
    tick().await;
    assert_eq!(*steps.borrow(), [Ok(true)], "the listener stepped the run");
    assert!(clock_ms(&page) >= 200.0, "to the first delivery");
    call("finish", &[]).unwrap();
    tick().await;
    assert_eq!(page.detection_rows().len(), 3);
    window
        .remove_event_listener_with_callback("byzscope", listener.as_ref().unchecked_ref())
        .unwrap();
}

#[wasm_bindgen_test]
async fn post_message_commands_get_replies_and_malformed_ones_are_ignored() {
    let page = Page::new().await;
    let window = web_sys::window().unwrap();
    // Resolves with the first reply that arrives.
    let reply = js_sys::Promise::new(&mut |resolve, _| {
        let resolve = resolve.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let data = json(&event.data());
                if data["byzscope"] == "reply" {
                    resolve
                        .call1(&wasm_bindgen::JsValue::NULL, &event.data())
                        .unwrap();
                }
            },
        );
        window
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .unwrap();
        listener.forget();
    });
    let post = |text: &str| {
        let message = js_sys::JSON::parse(text).unwrap();
        window.post_message(&message, "*").unwrap();
    };
    post(r#""propose node1 test123""#);
    post(r#"{"byzscope": "command", "command": 5}"#);
    post(r#"{"byzscope": "command", "command": "propose", "args": "node1"}"#);
    post(r#"{"command": "propose", "args": ["node1", "test123"]}"#);
    post(
        r#"{"byzscope": "command", "id": "p1", "command": "propose", "args": ["node1", "test123"]}"#,
    );
    let first = json(&JsFuture::from(reply).await.unwrap());
    assert_eq!(
        first["id"], "p1",
        "malformed messages get no reply: {first}"
    );
    assert_eq!(first["ok"], true);
    assert_eq!(first["result"], 1);
    tick().await;
    assert_eq!(page.stage("data-in-flight"), "3");
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_play_step_reset_and_show_help() {
    let page = Page::new().await;
    let body = body();
    let playing = || page.one("#play").get_attribute("aria-pressed").unwrap();
    press(&body, ".").await;
    assert_eq!(playing(), "true");
    press(&body, " ").await;
    assert_eq!(playing(), "false");
    press(&body, "p").await;
    assert_eq!(page.stage("data-in-flight"), "3");
    let clock = page.text("#clock");
    press(&body, "n").await;
    assert_ne!(page.text("#clock"), clock, "n steps");
    press(&body, "ArrowRight").await;
    let speed = page.text(".speed output");
    press(&body, "+").await;
    assert_ne!(page.text(".speed output"), speed);
    press(&body, "-").await;
    assert_eq!(page.text(".speed output"), speed);
    // Typing in a field is typing, not shortcuts.
    let field = page.one("#propose-value");
    press(&field, "r").await;
    press(&field, ".").await;
    assert_eq!(playing(), "false");
    assert_ne!(
        page.stage("data-in-flight"),
        "0",
        "r in a field did not reset"
    );
    press(&body, "r").await;
    assert_eq!(page.stage("data-in-flight"), "0");
    assert_eq!(page.text("#clock"), "0.000 s");
    press(&body, "?").await;
    let dialog = page.one("[role=dialog]");
    assert!(dialog.text_content().unwrap().contains("Play or pause"));
    press(&body, "Escape").await;
    assert!(page.all("[role=dialog]").is_empty());
}

#[wasm_bindgen_test]
async fn embed_mode_keeps_the_stage_the_controls_and_the_table() {
    let page = Page::open("embed=1&theme=dark&contrast=high").await;
    let root = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    assert!(root.has_attribute("data-embed"));
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(root.get_attribute("data-contrast").as_deref(), Some("high"));
    for kept in [
        "svg.stage",
        "#propose",
        "#play",
        "#step",
        "table.detections",
        "#open-full",
    ] {
        assert_eq!(page.all(kept).len(), 1, "{kept}");
    }
    // Its heading is for screen readers only.
    assert!(page.one("h1").class_list().contains("visually-hidden"));
    for dropped in [
        ".topbar",
        ".inspector",
        ".narration",
        "details.scenario",
        "#copy-link",
    ] {
        assert!(page.all(dropped).is_empty(), "{dropped}");
    }
    drop(page);
    assert!(
        !root.has_attribute("data-embed"),
        "the look goes with the page"
    );
    assert!(!root.has_attribute("data-theme"));
}

#[wasm_bindgen_test]
async fn embedded_the_detections_are_one_click_away() {
    let page = Page::open("embed=1&propose=node1:test123").await;
    let drawer = || page.one("#detections-drawer");
    let button = || page.one("#show-detections");
    assert!(!drawer().class_list().contains("open"));
    assert_eq!(
        button().get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    page.click("#finish").await;
    let found = page.all("table.detections tbody tr").len();
    assert!(found > 0);
    assert_eq!(page.text("#show-detections .count"), found.to_string());
    page.click("#show-detections").await;
    assert!(drawer().class_list().contains("open"));
    assert_eq!(
        button().get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // The same button closes it, and leaves the run alone.
    page.click("#show-detections").await;
    assert!(!drawer().class_list().contains("open"));
    assert_eq!(page.all("table.detections tbody tr").len(), found);
}

#[wasm_bindgen_test]
async fn present_1_and_the_key_f_give_the_stage_the_screen() {
    let page = Page::open("present=1&propose=node1:test123").await;
    let body = body();
    // The stylesheet gives the stage the screen while `main` is presenting.
    let presenting = || {
        page.one("main.workspace")
            .class_list()
            .contains("presenting")
    };
    assert!(presenting());
    assert!(page.text(".present-hint").contains("Esc"));
    // A presenter's remote still drives it.
    let playing = || page.one("#play").get_attribute("aria-pressed").unwrap();
    press(&body, ".").await;
    assert_eq!(playing(), "true");
    press(&body, ".").await;
    let clock = page.text("#clock");
    press(&body, "ArrowRight").await;
    assert_ne!(page.text("#clock"), clock, "→ steps");
    assert!(presenting());
    // Esc closes the help first, then leaves; f comes back, and goes again.
    press(&body, "?").await;
    press(&body, "Escape").await;
    assert!(page.all("[role=dialog]").is_empty());
    assert!(presenting());
    press(&body, "Escape").await;
    assert!(!presenting());
    press(&body, "f").await;
    assert!(presenting());
    press(&body, "f").await;
    assert!(!presenting());
    // The API says and sets it; a wrong argument is refused in words.
    assert_eq!(call("present", &[true.into()]).unwrap(), true);
    tick().await;
    assert!(presenting());
    assert_eq!(
        call("present", &["big".into()]).unwrap_err(),
        "present takes true or false, or nothing to switch it over"
    );
    tick().await;
    assert!(presenting(), "a refused call changes nothing");
    page.click("#leave-present").await;
    assert!(!presenting());
    assert_eq!(call("present", &[]).unwrap(), true, "switched over");
}

#[wasm_bindgen_test]
async fn the_stage_has_a_text_alternative_and_news_is_announced() {
    let page = Page::new().await;
    page.click("#propose").await;
    page.step_until_quiet().await;
    let summary = page.text("#stage-summary");
    assert!(
        summary.contains("4 nodes on a ring; Byzantine: node4"),
        "{summary}"
    );
    assert!(
        summary.contains("node2: round 1, decided test123, 1 detections"),
        "{summary}"
    );
    let svg = page.one("svg.stage");
    assert_eq!(
        svg.get_attribute("aria-describedby").as_deref(),
        Some("stage-summary")
    );
    let said = page.text("#announcer");
    assert!(!said.is_empty());
    assert_eq!(
        page.one("#announcer").get_attribute("aria-live").as_deref(),
        Some("polite")
    );
}

/// What the page shows of a run at one moment, for comparing moments.
#[derive(Debug, PartialEq)]
struct Shown {
    clock: String,
    summary: String,
    in_flight: String,
    rows: Vec<Vec<String>>,
    status: serde_json::Value,
    detections: serde_json::Value,
}

fn shown(page: &Page) -> Shown {
    Shown {
        clock: page.text("#clock"),
        summary: page.text("#stage-summary"),
        in_flight: page.stage("data-in-flight"),
        rows: page.detection_rows(),
        status: json(&call("status", &[]).unwrap()),
        detections: json(&call("detections", &[]).unwrap()),
    }
}

/// A time as the page prints it ("0.612 s"), in milliseconds.
fn ms(text: &str) -> f64 {
    let (whole, fraction) = text.trim_end_matches(" s").split_once('.').unwrap();
    whole.parse::<f64>().unwrap() * 1000.0 + fraction.parse::<f64>().unwrap()
}

/// The clock readout in milliseconds.
fn clock_ms(page: &Page) -> f64 {
    ms(&page.text("#clock"))
}

/// The page's body, where a key pressed with nothing focused lands.
fn body() -> web_sys::EventTarget {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .into()
}

/// Drags the timeline to `ms`, as a viewer does.
async fn scrub(page: &Page, ms: f64) {
    let slider: HtmlInputElement = page.one("#timeline").unchecked_into();
    slider.set_value(&ms.to_string());
    dispatch(&slider, "input");
    tick().await;
}

#[wasm_bindgen_test]
async fn scrubbing_back_shows_exactly_what_a_fresh_run_showed_then() {
    let page = Page::new().await;
    page.click("#propose").await;
    // Step a fresh run to just after every event at some moment, recording
    // what it shows at each moment on the way.
    let mut moments = Vec::new();
    let mut previous = shown(&page);
    let mut steps = 0;
    while !page.button("#step").disabled() {
        page.click("#step").await;
        steps += 1;
        let now = shown(&page);
        if now.clock != previous.clock {
            moments.push((previous.clock.clone(), previous));
        }
        previous = now;
        if steps > 30 {
            break;
        }
    }
    assert!(moments.len() >= 5, "{} moments", moments.len());
    page.click("#finish").await;
    let end = shown(&page);
    assert_eq!(end.rows.len(), 3);
    // Each earlier moment: dragging the timeline there shows it again.
    for (clock, then) in moments.iter().skip(1) {
        scrub(&page, ms(clock)).await;
        assert_eq!(&shown(&page), then, "at {clock}");
        assert!(page.text(".timeline-note").starts_with("Looking back at"));
    }
    // End returns to the head of the run.
    let body = body();
    press(&body, "End").await;
    assert_eq!(shown(&page), end);
    assert_eq!(page.text(".timeline-note"), "");
    // ← and → move by event.
    press(&body, "ArrowLeft").await;
    assert!(page.text(".timeline-note").starts_with("Looking back at"));
    press(&body, "ArrowRight").await;
    assert_eq!(shown(&page), end);
}

/// The most rows the detections table lists.
const MOST_ROWS: usize = 32;

/// Asserts the detections table lists the latest (at most [`MOST_ROWS`]) of the
/// detections the scripting API reports at the moment shown, newest last,
/// and says how many it leaves to the JSON.
fn assert_table_lists_the_latest(page: &Page, at: &str) {
    let documents = json(&call("detections", &[]).unwrap());
    let documents = match documents {
        serde_json::Value::Array(all) => all,
        one => vec![one],
    };
    let mut all: Vec<Vec<String>> = documents
        .iter()
        .flat_map(|document| document["detections"].as_array().unwrap().clone())
        .map(|record| {
            let values: Vec<&str> = record["conflicting_values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|value| value.as_str().unwrap())
                .collect();
            vec![
                record["detected_at"].as_str().unwrap().to_owned(),
                record["byzantine_node"].as_str().unwrap().to_owned(),
                record["round"].to_string(),
                values.join(", "),
                record["detected_by"].as_str().unwrap().to_owned(),
            ]
        })
        .collect();
    all.sort();
    let rows = page.detection_rows();
    let total = all.len();
    assert_eq!(rows.len(), total.min(MOST_ROWS), "at {at}");
    assert!(
        rows.windows(2).all(|pair| pair[0][0] <= pair[1][0]),
        "newest last at {at}"
    );
    // Every row is a detection of the moment, and every detection later
    // than the first row's is a row.
    let mut listed = rows.clone();
    listed.sort();
    let first = rows.first().map_or("", |row| row[0].as_str());
    let later: Vec<_> = all
        .iter()
        .filter(|record| record[0].as_str() > first)
        .collect();
    assert!(
        later.iter().all(|record| listed.contains(record)),
        "at {at}"
    );
    assert!(listed.iter().all(|row| all.contains(row)), "at {at}");
    let note = page.all(".table-scroll .older");
    if total > MOST_ROWS {
        assert_eq!(
            page.text(".table-scroll .older"),
            format!("The latest {MOST_ROWS} of {total} detections; the JSON below lists them all.")
        );
    } else {
        assert!(note.is_empty(), "at {at}");
    }
}

#[wasm_bindgen_test]
async fn scrubbing_a_long_run_keeps_the_table_to_its_latest_rows() {
    let rounds: Vec<String> = (1..=4).map(|k| format!("propose=node1:r{k}")).collect();
    let page = Page::open(&format!("nodes=16&byzantine=node16&{}", rounds.join("&"))).await;
    page.click("#finish").await;
    let end: f64 = page
        .one("#timeline")
        .unchecked_into::<HtmlInputElement>()
        .max()
        .parse()
        .unwrap();
    assert_table_lists_the_latest(&page, "the end");
    assert_eq!(
        page.all(".table-scroll .older").len(),
        1,
        "four rounds of fifteen honest detectors are more rows than the table lists"
    );
    // Back a little at a time, then a jump, then forward again: the rows
    // come and go at the ends of the table only, and it stays right.
    let body = body();
    for _ in 0..12 {
        press(&body, "ArrowLeft").await;
        assert_table_lists_the_latest(&page, &page.text("#clock"));
    }
    for fraction in [0.6, 0.3, 0.9, 0.0, 1.0] {
        scrub(&page, end * fraction).await;
        assert_table_lists_the_latest(&page, &page.text("#clock"));
    }
    // One node's list, and back to all of them, at the end and looking back.
    for fraction in [1.0, 0.8] {
        page.choose("#detections-filter", "node3").await;
        // Rows drawn while one node's list is shown, then all of them.
        scrub(&page, end * 0.5).await;
        scrub(&page, end * fraction).await;
        let node3 = page.detection_rows();
        let rounds =
            json(&call("detections", &["node3".into()]).unwrap())["total_detections"].clone();
        assert_eq!(serde_json::json!(node3.len()), rounds);
        assert!(node3.iter().all(|row| row[4] == "node3"), "{node3:?}");
        page.choose("#detections-filter", "all").await;
        assert_table_lists_the_latest(&page, "back to all nodes");
    }
}

#[wasm_bindgen_test]
async fn acting_in_the_past_forks_the_run_and_discards_its_future() {
    let page = Page::new().await;
    page.click("#propose").await;
    page.click("#finish").await;
    let lines_before = page.all(".log li").len();
    scrub(&page, 300.0).await;
    let lines_then = page.all(".log li").len();
    assert!(lines_then < lines_before);
    page.type_into("#propose-value", "again").await;
    page.choose("#proposer", "2").await;
    page.click("#propose").await;
    // The future after 0.3 s is gone: the log is what happened by then plus
    // the new proposal, and the run goes on from there.
    assert_eq!(page.text(".timeline-note"), "");
    assert_eq!(page.all(".log li").len(), lines_then + 1);
    assert!(
        page.text(".log")
            .ends_with("[node2] Proposing 'again' for round 1"),
        "{}",
        page.text(".log")
    );
    let link = call("link", &[]).unwrap().as_string().unwrap();
    assert!(link.contains("propose=node2%40300%3Aagain"), "{link}");
    page.click("#finish").await;
    // The new run replays from its link, event for event.
    let log = page.text(".log");
    drop(page);
    let replay = Page::open(link.split_once('?').unwrap().1).await;
    replay.click("#finish").await;
    assert_eq!(replay.text(".log"), log);
}

/// The forwards of node4's `test123` to node2 in the default run, dropped
/// as soon as each is sent: the native run that says which they are.
fn forwards_to_drop() -> Vec<usize> {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.propose("node1".parse().unwrap(), "test123").unwrap();
    let node = |n: &str| n.parse::<NodeId>().unwrap();
    let mut doomed = Vec::new();
    loop {
        let now: Vec<usize> = sim
            .in_flight()
            .filter(|envelope| {
                let message = &envelope.message;
                message.statement.origin == node("node4")
                    && &*message.statement.value == "test123"
                    && !message.is_direct()
                    && message.to == node("node2")
            })
            .map(|envelope| envelope.id)
            .collect();
        for id in now {
            sim.drop_message(id).unwrap();
            doomed.push(id);
        }
        if sim.step().is_none() {
            return doomed;
        }
    }
}

#[wasm_bindgen_test]
async fn dropped_forwards_cost_a_detection_and_the_page_says_who_missed_it() {
    let doomed = forwards_to_drop();
    assert_eq!(doomed.len(), 2);
    let page = Page::new().await;
    page.click("#drop-mode").await;
    page.click("#propose").await;
    let mut dropped = Vec::new();
    let mut steps = 0;
    loop {
        for id in &doomed {
            let selector = format!(".stage .dot[data-message='{id}']");
            if !dropped.contains(id) && !page.all(&selector).is_empty() {
                page.click(&selector).await;
                dropped.push(*id);
            }
        }
        if page.button("#step").disabled() {
            break;
        }
        page.click("#step").await;
        steps += 1;
        assert!(steps < 1_000);
    }
    assert_eq!(dropped, doomed, "each doomed forward was clicked in flight");
    let detectors: Vec<String> = page
        .detection_rows()
        .iter()
        .map(|row| row[4].clone())
        .collect();
    assert!(!detectors.contains(&"node2".to_owned()), "{detectors:?}");
    assert_eq!(detectors.len(), 2);
    let missed = page.text(".metrics .missed");
    assert!(
        missed.contains("node2 has not detected node4's equivocation in round 1, and never will"),
        "{missed}"
    );
    // The drops are inputs of the run: its link says so.
    let link = call("link", &[]).unwrap().as_string().unwrap();
    for id in &doomed {
        assert!(link.contains(&format!("drop={id}%40")), "{link}");
    }
}

#[wasm_bindgen_test]
async fn selecting_a_detection_highlights_both_statements_paths() {
    let sim = reference_run();
    let page = Page::new().await;
    page.click("#propose").await;
    page.click("#finish").await;
    page.click("table.detections tbody tr").await;
    // The first row is the first detection of the run.
    let (event, detection) = sim
        .trace()
        .events
        .iter()
        .find_map(|event| {
            event.effects.iter().find_map(|noted| match noted {
                byzscope_core::Outcome::Detected(detection) => {
                    Some((event.index, detection.clone()))
                }
                _ => None,
            })
        })
        .unwrap();
    let provenance = sim.trace().provenance(event, &detection).unwrap();
    let expected: std::collections::BTreeSet<String> = provenance
        .held
        .messages
        .iter()
        .chain(&provenance.arrived.messages)
        .map(|id| id.to_string())
        .collect();
    let drawn: std::collections::BTreeSet<String> = page
        .all(".stage .provenance .path")
        .iter()
        .map(|path| path.get_attribute("data-message").unwrap())
        .collect();
    assert_eq!(drawn, expected);
    assert!(expected.len() >= 2);
    assert_eq!(
        page.text("#inspector-heading"),
        format!("{} caught node4", detection.detected_by)
    );
    assert_eq!(page.all(".inspector .provenance li").len(), 2);
    // The space-time diagram highlights the same messages.
    page.click("#tab-spacetime").await;
    let highlighted = page
        .one(".spacetime .highlighted")
        .get_attribute("d")
        .unwrap();
    assert_eq!(highlighted.matches('M').count(), expected.len());
}

/// Pastes `text` into the evidence box and verifies it; returns the verdict.
async fn verify(page: &Page, text: String) -> String {
    let area: web_sys::HtmlTextAreaElement = page.one("#evidence-text").unchecked_into();
    area.set_value(&text);
    dispatch(&area, "input");
    tick().await;
    page.click("#verify-evidence").await;
    page.text("#evidence-verdict")
}

#[wasm_bindgen_test]
async fn signed_evidence_verifies_and_one_altered_byte_does_not() {
    let mut sim = Simulation::new(Scenario {
        mode: byzscope_core::Mode::Signed,
        started_at_ms: STARTED_AT_MS,
        ..Scenario::default()
    })
    .unwrap();
    sim.propose("node1".parse().unwrap(), "test123").unwrap();
    sim.run_until_quiet();
    let detection = sim.trace().detections().next().unwrap().clone();
    let evidence = byzscope_core::Evidence::of(&detection).unwrap().to_json();

    let page = Page::open("signed=1").await;
    page.click("#propose").await;
    page.click("#finish").await;
    page.click("table.detections tbody tr").await;
    assert_eq!(
        page.all("#export-evidence").len(),
        1,
        "a signed equivocation has evidence"
    );

    let good = verify(&page, evidence.clone()).await;
    assert!(
        good.starts_with("✓ The evidence holds: node4 signed two different values for round 1"),
        "{good}"
    );
    // One byte of statement A's signature changed.
    let at = evidence.find("\"signature\": \"").unwrap() + "\"signature\": \"".len() + 10;
    let mut altered = evidence.clone().into_bytes();
    altered[at] = if altered[at] == b'0' { b'1' } else { b'0' };
    let bad = verify(&page, String::from_utf8(altered).unwrap()).await;
    assert!(bad.starts_with("✗ The evidence does not hold"), "{bad}");
    let junk = verify(&page, "{\"format\": 7".into()).await;
    assert!(junk.starts_with("✗ The evidence does not hold"), "{junk}");
}

/// Waits up to `ms` of frames for `ready`; whether it came.
async fn frames_until(ms: f64, ready: impl Fn() -> bool) -> bool {
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < ms {
        if ready() {
            return true;
        }
        next_frame().await;
    }
    ready()
}

#[wasm_bindgen_test]
async fn a_bad_live_address_is_refused_in_words_and_the_simulator_stays() {
    let page = Page::open("?live=ftp://127.0.0.1:8001").await;
    let notice = page.text(".notice");
    assert!(notice.contains("live"), "{notice}");
    assert!(
        notice.contains("is not an http:// or https:// address; showing the simulator instead"),
        "{notice}"
    );
    assert_eq!(page.all("svg.stage .node").len(), 4);
    assert!(page.all(".live-stage").is_empty());
}

#[wasm_bindgen_test]
async fn a_live_node_that_does_not_answer_is_shown_down_not_as_an_error() {
    // Nothing listens on the discard port: the connection is refused.
    let page = Page::open("?live=9").await;
    assert_eq!(
        page.text("#live-heading"),
        "Live: watching 1 node at 127.0.0.1:9"
    );
    let down = frames_until(5_000.0, || {
        !page.all(".live-nodes tr[data-link=\"down\"]").is_empty()
    })
    .await;
    assert!(down, "the node list: {}", page.text(".live-nodes"));
    assert!(page.text(".live-nodes").contains("down — retrying every"));
    assert!(page.all("#live-problems").is_empty());
    assert!(page.all("#live-detections tbody tr").is_empty());
}

/// Records every `console.error` from here on, in `window.__errors`.
fn watch_console_errors() {
    js_sys::eval(
        "window.__errors = []; if (!window.__watching) { window.__watching = true; \
         const original = console.error; \
         console.error = function (...args) { window.__errors.push(args.join(' ')); original.apply(console, args); }; }",
    )
    .unwrap();
}

fn console_errors() -> Vec<String> {
    let errors = js_sys::eval("window.__errors").unwrap();
    js_sys::Array::from(&errors)
        .iter()
        .map(|error| error.as_string().unwrap_or_default())
        .collect()
}

/// What a lesson step shows: its counter and sentences, the documents of
/// every node, and every dot where it is.
fn lesson_snapshot(
    page: &Page,
) -> (
    String,
    String,
    serde_json::Value,
    serde_json::Value,
    BTreeMap<String, String>,
) {
    (
        page.text(".lesson-counter"),
        page.text(".lesson-says"),
        json(&call("status", &[]).unwrap()),
        json(&call("detections", &[]).unwrap()),
        page.dots(),
    )
}

#[wasm_bindgen_test]
async fn every_lesson_walks_to_its_end_with_next_and_back_to_its_start() {
    watch_console_errors();
    let ids: Vec<(String, usize)> = {
        let page = Page::new().await;
        let list = json(&call("lessons", &[]).unwrap());
        assert!(page.all(".lesson").is_empty(), "no lesson outside one");
        assert_eq!(
            call("lesson_state", &[]).unwrap(),
            wasm_bindgen::JsValue::NULL
        );
        list.as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["id"].as_str().unwrap().to_owned(),
                    l["steps"].as_u64().unwrap() as usize,
                )
            })
            .collect()
    };
    assert_eq!(ids.len(), 9);
    js_sys::eval("localStorage.removeItem('byzscope.lessons.finished')").unwrap();
    for (id, steps, embed) in ids
        .iter()
        .flat_map(|(id, steps)| [(id.clone(), *steps, ""), (id.clone(), *steps, "embed=1&")])
    {
        let page = Page::open(&format!("{embed}lesson={id}")).await;
        let mut forward = Vec::new();
        for k in 1..=steps {
            assert_eq!(
                page.text(".lesson-counter"),
                format!("{k} / {steps}"),
                "{id}"
            );
            forward.push(lesson_snapshot(&page));
            if k < steps {
                page.click("#lesson-next").await;
            }
        }
        for k in (1..steps).rev() {
            page.click("#lesson-back").await;
            assert_eq!(
                lesson_snapshot(&page),
                forward[k - 1],
                "{id}: Back to step {k}"
            );
        }
        assert!(page.button("#lesson-back").disabled());
        // To the end again, then past it: the lesson is finished and the
        // sandbox keeps the run.
        for _ in 1..steps {
            page.click("#lesson-next").await;
        }
        assert_eq!(
            lesson_snapshot(&page),
            forward[steps - 1],
            "{id}: forward again"
        );
        let status = json(&call("status", &[]).unwrap());
        page.click("#lesson-next").await;
        assert!(
            page.all(".panel.lesson").is_empty(),
            "{id}: the lesson ended"
        );
        assert_eq!(
            json(&call("status", &[]).unwrap()),
            status,
            "{id}: the run stays"
        );
    }
    assert_eq!(console_errors(), Vec::<String>::new());
    // The lessons finished are remembered, and nothing else.
    let stored = js_sys::eval("localStorage.getItem('byzscope.lessons.finished')").unwrap();
    let stored: Vec<String> = serde_json::from_str(&stored.as_string().unwrap()).unwrap();
    assert_eq!(stored.len(), 9);
    let keys =
        js_sys::eval("Object.keys(localStorage).filter(k => k.startsWith('byzscope'))").unwrap();
    assert_eq!(js_sys::Array::from(&keys).length(), 1);
    let page = Page::new().await;
    page.click("#lessons-button").await;
    assert_eq!(page.all("#lesson-list .lesson-done").len(), 9);
}

#[wasm_bindgen_test]
async fn the_learner_solves_lesson_8_by_cutting_a_link() {
    let page = Page::open("lesson=gossip-fails&step=2").await;
    assert_eq!(page.text(".lesson-counter"), "2 / 5");
    assert!(page
        .text(".lesson-task")
        .contains("Make node1 miss node4's equivocation"));
    // Doing nothing: node1 catches node4, and the step says it cannot now
    // be done in this run.
    page.click("#finish").await;
    tick().await;
    assert!(page.text(".lesson-outcome").starts_with("Not this time"));
    assert!(page.text(".lesson-stuck").contains("Put it back"));
    page.click("#lesson-restore").await;
    assert!(page.all(".lesson-stuck").is_empty());
    assert_eq!(page.detection_rows().len(), 0);
    // Click the link node1–node4, cut it, and finish the run.
    page.click(".link[data-link='node1–node4']").await;
    page.click("#cut-link").await;
    page.click("#finish").await;
    tick().await;
    assert_eq!(
        page.text(".lesson-outcome"),
        "Done: cutting the link node1–node4 made node1 miss node4's equivocation."
    );
    let state = json(&call("lesson_state", &[]).unwrap());
    assert_eq!(state["task_done"], true);
    assert_eq!(state["waiting_for"], serde_json::Value::Null);
    assert!(page
        .detection_rows()
        .iter()
        .all(|row| !row.iter().any(|cell| cell == "node1")));
    page.click("#lesson-next").await;
    assert!(
        page.all(".lesson-skipped").is_empty(),
        "a task done is not skipped"
    );
    // Skipping it instead: Next moves on and the lesson says so on Back.
    let page = Page::open("lesson=gossip-fails&step=2").await;
    page.click("#lesson-next").await;
    assert_eq!(page.text(".lesson-counter"), "3 / 5");
    page.click("#lesson-back").await;
    assert!(page.text(".lesson-skipped").contains("skipped"));
    page.click("#lesson-show-me").await;
    tick().await;
    assert!(page
        .text(".lesson-outcome")
        .starts_with("Done: cutting the link node1–node4"));
}

#[wasm_bindgen_test]
async fn lesson_links_open_a_step_in_the_full_page_and_embedded() {
    let page = Page::open("lesson=caught&step=4").await;
    assert_eq!(page.text(".lesson-counter"), "4 / 6");
    assert!(page
        .text(".lesson-says")
        .contains("node1 catches node4, at 1247 ms"));
    assert_eq!(page.detection_rows().len(), 3);
    assert_eq!(page.all(".stage .node.lesson-focus").len(), 0);
    assert_eq!(
        page.one(".lesson-link").get_attribute("href").unwrap(),
        "?lesson=caught&step=4"
    );
    let page = Page::open("embed=1&lesson=beyond&step=3").await;
    assert_eq!(page.text(".lesson-counter"), "3 / 5");
    assert!(page.all(".topbar").is_empty(), "embedded");
    assert_eq!(page.all(".stage .node.lesson-focus").len(), 3);
    let status = json(&call("status", &["node5".into()]).unwrap());
    assert_eq!(status["consensus_value"], "test123_BYZANTINE");
    // A bad link says why and opens the sandbox.
    let page = Page::open("lesson=nope&step=2").await;
    assert!(page.all(".panel.lesson").is_empty());
    assert!(page.text(".notice").contains("there is no lesson 'nope'"));
    let page = Page::open("lesson=agree&step=99").await;
    assert_eq!(page.text(".lesson-counter"), "1 / 6");
    assert!(page.text(".notice").contains("steps 1 to 6"));
}

#[wasm_bindgen_test]
async fn the_api_the_header_and_a_remote_drive_lessons() {
    let page = Page::new().await;
    let (told, listener) = record_api_events();
    let window = web_sys::window().unwrap();
    // The header's entry lists the lessons, each a link.
    page.click("#lessons-button").await;
    assert_eq!(page.all("#lesson-list li a").len(), 9);
    assert_eq!(
        page.one("#lesson-list a[data-lesson='gossip']")
            .get_attribute("href")
            .unwrap(),
        "?lesson=gossip&step=1"
    );
    page.click("#lesson-list a[data-lesson='agree']").await;
    assert_eq!(page.text(".lesson-counter"), "1 / 6");
    // The API.
    let state = json(&call("lesson", &["gossip".into(), 2.into()]).unwrap());
    assert_eq!(state["lesson"], "gossip");
    assert_eq!(state["step"], 2);
    assert_eq!(state["steps"], 5);
    assert_eq!(state["waiting_for"], "node1 to detect node4");
    assert_eq!(json(&call("next", &[]).unwrap())["step"], 3);
    assert_eq!(json(&call("back", &[]).unwrap())["step"], 2);
    assert!(call("lesson", &["nope".into()])
        .unwrap_err()
        .contains("there is no lesson 'nope'"));
    assert!(call("lesson", &["gossip".into(), 9.into()])
        .unwrap_err()
        .contains("steps 1 to 5"));
    assert_eq!(
        json(&call("lesson_state", &[]).unwrap())["step"],
        2,
        "a refusal changes nothing"
    );
    // A presenter's remote sends PageDown and PageUp.
    let body: web_sys::EventTarget = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .into();
    press(&body, "PageDown").await;
    assert_eq!(page.text(".lesson-counter"), "3 / 5");
    press(&body, "PageUp").await;
    assert_eq!(page.text(".lesson-counter"), "2 / 5");
    tick().await;
    let steps: Vec<serde_json::Value> = told
        .borrow()
        .iter()
        .filter(|e| e["event"] == "lesson_step")
        .map(|e| e["state"]["step"].clone())
        .collect();
    assert_eq!(steps.last().unwrap(), 2);
    assert!(steps.len() >= 5, "{steps:?}");
    page.click("#lesson-leave").await;
    assert_eq!(
        call("lesson_state", &[]).unwrap(),
        wasm_bindgen::JsValue::NULL
    );
    assert!(call("next", &[]).unwrap_err().contains("no lesson is open"));
    window
        .remove_event_listener_with_callback("byzscope", listener.as_ref().unchecked_ref())
        .unwrap();
}
