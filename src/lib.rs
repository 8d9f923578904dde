//! The ByzScope web app: a simulated cluster running in the browser's event
//! loop, drawn as nodes on a ring with messages travelling between them,
//! with the controls to propose, play, pause, step and reconfigure it, and
//! the detections table the original demo's `GET /detections` served.

use byzscope_core::Scenario;
use leptos::prelude::*;

pub mod chip;
pub mod controls;
pub mod detections;
pub mod export;
pub mod frame;
pub mod geometry;
pub mod inspector;
pub mod lab;
pub mod narration;
pub mod numbers;
pub mod palette;
pub mod setup;
pub mod stage;

/// The value the original demo proposes.
pub const DEFAULT_VALUE: &str = "test123";

/// Mounts [`App`] as the page's body, for the life of the page.
pub fn mount() {
    leptos::mount::mount_to_body(|| view! { <App /> });
}

/// The whole page. `autoplay` starts the clock running (tests start paused
/// and step); `started_at_ms` pins the wall-clock start of the first run,
/// which is otherwise now.
#[component]
pub fn App(
    #[prop(default = true)] autoplay: bool,
    #[prop(optional)] started_at_ms: Option<i64>,
) -> impl IntoView {
    let scenario = Scenario {
        started_at_ms: started_at_ms.unwrap_or_else(lab::wall_clock_ms),
        ..Scenario::default()
    };
    let lab = lab::Lab::new(scenario, autoplay);
    provide_context(lab);
    frame::animate(lab);
    view! {
        <header class="topbar">
            <h1>"ByzScope"</h1>
            <p class="lede">
                "Honest nodes catching a Byzantine node that tells different peers different \
                 things. Propose a value and watch."
            </p>
        </header>
        <main class="workspace">
            <section class="stage-column" aria-label="The cluster">
                <stage::Stage />
            </section>
            <div class="side-column">
                <div class="controls">
                    <controls::ProposeForm />
                    <controls::Toolbar />
                </div>
                <inspector::Inspector />
                <detections::DetectionsPanel />
                <narration::Narration />
                <setup::ScenarioForm />
            </div>
        </main>
    }
}
