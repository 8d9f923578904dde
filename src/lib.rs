//! The ByzScope web app: a simulated cluster running in the browser's event
//! loop, drawn as nodes on a ring with messages travelling between them,
//! with the controls to propose, play, pause, step and reconfigure it, and
//! the detections table the original demo's `GET /detections` served.

use byzscope_core::Scenario;
use leptos::prelude::*;

pub mod api;
pub mod chip;
pub mod controls;
pub mod detections;
pub mod evidence;
pub mod export;
pub mod frame;
pub mod geometry;
pub mod inspector;
pub mod keys;
pub mod lab;
pub mod link;
pub mod look;
pub mod metrics;
pub mod narration;
pub mod news;
pub mod numbers;
pub mod palette;
pub mod setup;
pub mod spacetime;
pub mod stage;
pub mod timeline;

use link::{Link, Start};

/// The value the original demo proposes.
pub const DEFAULT_VALUE: &str = "test123";

/// Mounts [`App`] as the page's body, for the life of the page, set up by
/// the page's query parameters.
pub fn mount() {
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    leptos::mount::mount_to_body(move || view! { <App query /> });
}

/// The whole page. `query` is a scenario link's query string (see
/// [`link`]); `autoplay` starts the clock running unless the link says
/// otherwise (tests start paused and step); `started_at_ms` pins the
/// wall-clock start of the first run, which is otherwise now.
#[component]
pub fn App(
    #[prop(default = true)] autoplay: bool,
    #[prop(optional)] started_at_ms: Option<i64>,
    #[prop(optional, into)] query: String,
) -> impl IntoView {
    let (link, refusals) = Link::parse(&query);
    let scenario = Scenario {
        started_at_ms: started_at_ms.unwrap_or_else(lab::wall_clock_ms),
        ..link.scenario.clone()
    };
    let playing = match link.start {
        Start::Play => true,
        Start::Paused => false,
        Start::Default => autoplay,
    };
    let script = Link::timed(&scenario, &link.script);
    let lab = lab::Lab::scripted(scenario, script, playing);
    if let Some(speed) = link.speed {
        lab.speed.set(speed);
    }
    provide_context(lab);
    // A detection's paths stay highlighted only while it is selected.
    Effect::new(move |_| {
        if !matches!(lab.selection.get(), lab::Selection::Detection { .. }) {
            lab.highlight.set(Default::default());
        }
    });
    let look = look::Look::from_link(&link);
    provide_context(look);
    look::apply(lab, look);
    frame::animate(lab);
    api::install(lab, look);
    let help = RwSignal::new(false);
    keys::listen(lab, help);
    let embed = link.embed;
    view! {
        <look::Notice refusals />
        {(!embed)
            .then(|| {
                view! {
                    <header class="topbar">
                        <h1>"ByzScope"</h1>
                        <p class="lede">
                            "Honest nodes catching a Byzantine node that tells different peers \
                             different things. Propose a value and watch."
                        </p>
                        <look::PageTools help />
                    </header>
                }
            })}
        <main class="workspace" class:embedded=embed>
            {embed.then(|| view! { <h1 class="visually-hidden">"ByzScope"</h1> })}
            <section class="stage-column" aria-label="The cluster">
                <Views />
                {(!embed).then(|| view! { <timeline::TimelineBar /> })}
            </section>
            <div class="side-column">
                <div class="controls">
                    <controls::ProposeForm />
                    <controls::Toolbar />
                    {embed.then(|| view! { <look::EmbedTools help /> })}
                </div>
                {(!embed).then(|| view! { <inspector::Inspector /> })}
                <detections::DetectionsPanel />
                {(!embed)
                    .then(|| {
                        view! {
                            <metrics::MetricsPanel />
                            <evidence::Verifier />
                            <narration::Narration />
                            <setup::ScenarioForm />
                        }
                    })}
            </div>
        </main>
        <keys::Help open=help />
        <news::Announcer />
    }
}

/// The ring and the space-time diagram, as two tabs over one panel.
#[component]
fn Views() -> impl IntoView {
    use lab::View;
    let lab = expect_context::<lab::Lab>();
    let tab = move |view: View, id: &'static str, label: &'static str| {
        view! {
            <button
                id=id
                role="tab"
                aria-selected=move || (lab.view.get() == view).to_string()
                aria-controls="view-panel"
                on:click=move |_| lab.view.set(view)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="view-tabs" role="tablist" aria-label="Picture">
            {tab(View::Ring, "tab-ring", "Ring")}
            {tab(View::SpaceTime, "tab-spacetime", "Space-time")}
        </div>
        <div id="view-panel" role="tabpanel">
            {move || match lab.view.get() {
                View::Ring => view! { <stage::Stage /> }.into_any(),
                View::SpaceTime => view! { <spacetime::SpaceTime /> }.into_any(),
            }}
        </div>
    }
}
