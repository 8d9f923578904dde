//! The whole page: the stage column (the ring or the space-time diagram,
//! and the timeline), and the side column of controls and panels.

use byzscope_core::Scenario;
use leptos::prelude::*;

use crate::model::script::fix_times;
use crate::store::{Lab, Look, Presenting, Selection, Tour, View};
use crate::ui::announcer::Announcer;
use crate::ui::controls::{ProposeForm, Toolbar};
use crate::ui::detections::DetectionsPanel;
use crate::ui::evidence::Verifier;
use crate::ui::help::Help;
use crate::ui::inspector::Inspector;
use crate::ui::lessons::{LessonList, LessonPanel, LessonsButton};
#[cfg(feature = "live")]
use crate::ui::live::LiveApp;
use crate::ui::metrics::MetricsPanel;
use crate::ui::narration::Narration;
use crate::ui::notice::Notice;
use crate::ui::setup::ScenarioForm;
use crate::ui::spacetime::SpaceTime;
use crate::ui::stage::{LatestSplit, Stage};
use crate::ui::timeline::TimelineBar;
use crate::ui::tools::{EmbedTools, PageTools};
use crate::url::{Address, Start};
use crate::web;
use crate::web::clock::wall_clock_ms;
use crate::web::command::Page;

/// The whole page. `query` is the page address's query string (see
/// [`url`](crate::url)); `autoplay` starts the clock running unless the address says
/// otherwise (tests start paused and step); `started_at_ms` pins the
/// wall-clock start of the first run, which is otherwise now.
#[component]
pub fn App(
    #[prop(default = true)] autoplay: bool,
    #[prop(optional)] started_at_ms: Option<i64>,
    #[prop(optional, into)] query: String,
) -> impl IntoView {
    let (address, refusals) = Address::parse(&query);
    // `live=…` watches a real cluster instead of simulating one. The main
    // page is built without the live view: it sends such an address to the
    // live page (see `index.html`) before this runs.
    #[cfg(feature = "live")]
    if let Some(urls) = address.live.clone() {
        return view! {
            <Notice refusals />
            <LiveApp urls />
        }
        .into_any();
    }
    let scenario = Scenario {
        started_at_ms: started_at_ms.unwrap_or_else(wall_clock_ms),
        ..address.scenario.clone()
    };
    let playing = match address.start {
        Start::Play => true,
        Start::Paused => false,
        Start::Default => autoplay,
    };
    let script = fix_times(&scenario, &address.script);
    let lab = Lab::new(scenario, script, playing, wall_clock_ms);
    if let Some(speed) = address.speed {
        lab.speed.set(speed);
    }
    provide_context(lab);
    // A detection's paths stay highlighted only while it is selected.
    Effect::new(move |_| {
        if !matches!(lab.selection.get(), Selection::Detection { .. }) {
            lab.highlight.set(Default::default());
        }
    });
    let look = Look::from_address(&address);
    provide_context(look);
    web::look::apply(lab, look);
    web::frame::animate(lab);
    let tour = Tour::new(lab, autoplay);
    provide_context(tour);
    web::progress::remember(tour);
    let help = RwSignal::new(false);
    // The stylesheet gives the stage the screen while `main` is presenting.
    let present = RwSignal::new(address.present);
    provide_context(Presenting(present));
    let page = Page {
        lab,
        tour,
        look,
        help,
        present,
    };
    web::api::install(page);
    web::keys::listen(page);
    if let Some(link) = address.lesson {
        // The link was checked when it was read: it names a lesson and a
        // step of it. Opened once the API is in, so it tells the step.
        let _ = tour.open(link.id, Some(link.step));
    }
    let embed = address.embed;
    // In an embedded page the detections are a drawer over the stage.
    let drawer = RwSignal::new(false);
    view! {
        <Notice refusals />
        // Shown by the stylesheet only while presenting.
        <PresentHint present />
        {(!embed)
            .then(|| {
                view! {
                    <header class="topbar">
                        <h1>"ByzScope"</h1>
                        <p class="lede">
                            "Honest nodes catching a Byzantine node that tells different peers \
                             different things. Propose a value and watch."
                        </p>
                        <LessonsButton />
                        <PageTools help />
                    </header>
                    <LessonList />
                }
            })}
        <main class="workspace" class:embedded=embed class:presenting=move || present.get()>
            {embed.then(|| view! { <h1 class="visually-hidden">"ByzScope"</h1> })}
            <section class="stage-column" aria-label="The cluster">
                <Views />
                {(!embed).then(|| view! { <TimelineBar /> })}
            </section>
            <div class="side-column">
                <LessonPanel />
                <div class="controls">
                    <ProposeForm />
                    <Toolbar />
                    {embed
                        .then(|| {
                            view! {
                                <div class="embed-bar">
                                    <DrawerButton drawer />
                                    <EmbedTools help />
                                </div>
                            }
                        })}
                </div>
                {(!embed).then(|| view! { <Inspector /> })}
                <div
                    id="detections-drawer"
                    class="drawer"
                    class:open=move || drawer.get()
                >
                    // Shown by the stylesheet when the picture has no room.
                    {embed.then(|| view! { <div class="drawer-caption"><LatestSplit /></div> })}
                    <DetectionsPanel />
                </div>
                {(!embed)
                    .then(|| {
                        view! {
                            <MetricsPanel />
                            <Verifier />
                            <Narration />
                            <ScenarioForm />
                        }
                    })}
            </div>
        </main>
        <Help open=help />
        <Announcer />
    }
    .into_any()
}

/// The presenter view's one word on itself: how to leave it.
#[component]
fn PresentHint(present: RwSignal<bool>) -> impl IntoView {
    view! {
        <button id="leave-present" class="present-hint" on:click=move |_| present.set(false)>
            "Esc or f to leave"
        </button>
    }
}

/// Opens and closes the embedded page's detections drawer; says how many
/// there are, so the viewer knows when it is worth a look.
#[component]
fn DrawerButton(drawer: RwSignal<bool>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let count = move || lab.with(|run| run.shown().detections(None).len());
    view! {
        <button
            id="show-detections"
            aria-controls="detections-drawer"
            aria-expanded=move || drawer.get().to_string()
            on:click=move |_| drawer.update(|open| *open = !*open)
        >
            "Detections "
            <span class="count">{count}</span>
        </button>
    }
}

/// The ring and the space-time diagram, as two tabs over one panel.
#[component]
fn Views() -> impl IntoView {
    let lab = expect_context::<Lab>();
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
                View::Ring => view! { <Stage /> }.into_any(),
                View::SpaceTime => view! { <SpaceTime /> }.into_any(),
            }}
        </div>
    }
}
