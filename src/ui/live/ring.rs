//! The live ring: each watched node up or down, Byzantine or honest, with
//! its round and decision at the moment shown, and the messages then on
//! their way as dots between their real send and real arrival.

use byzscope_core::NodeId;
use leptos::prelude::*;

use crate::model::geometry::Ring;
use crate::model::labels::{self, NameForm, StageLabels};
use crate::model::live::{dots, standings, Link, Standing};
use crate::model::numbers::num;
use crate::store::Watch;
use crate::text::labels::{fitted, node_label, Tone};
use crate::text::live::{link as link_words, NOT_WATCHED};
use crate::text::nodes::badge;
use crate::ui::stage::{circle_text, label_markup, watched_scale};

/// Each node's link, by node index: `None` for a node of the cluster that
/// no watched address has named (yet); and whether every address has.
fn links(watch: Watch, n: u16) -> (Vec<Option<Link>>, bool) {
    watch.recording.with(|recording| {
        let mut links = vec![None; usize::from(n)];
        for watched in &recording.watched {
            if let Some(hello) = &watched.hello {
                if let Some(slot) = links.get_mut(hello.node.index()) {
                    *slot = Some(watched.link);
                }
            }
        }
        let all_heard = recording
            .watched
            .iter()
            .all(|watched| watched.hello.is_some());
        (links, all_heard)
    })
}

/// A link's name, for the page's tests and styles.
pub(super) fn link_name(link: Link) -> &'static str {
    match link {
        Link::Up => "up",
        Link::Down { .. } => "down",
        Link::Connecting => "connecting",
    }
}

/// The ring, its nodes and the dots.
#[component]
pub fn LiveRing() -> impl IntoView {
    let watch = expect_context::<Watch>();
    let n = Memo::new(move |_| watch.built.with(|built| built.trace.scenario.nodes));
    // Labels laid out as on the simulated stage, for the pixels they get,
    // the ring as large as they allow.
    let svg_ref = NodeRef::new();
    let size = watched_scale(svg_ref);
    let labels = Memo::new(move |_| {
        let (frame, scale) = size.get();
        StageLabels::fit(Ring::new(n.get()).in_frame(frame), scale, false)
    });
    let ring = Memo::new(move |_| labels.with(|layout| layout.ring));
    let at = Memo::new(move |_| watch.shown_at());
    let standing = Memo::new(move |_| {
        let at = at.get();
        watch.built.with(|built| standings(&built.trace, at))
    });
    let moving = Memo::new(move |_| {
        let (at, known) = (at.get(), watch.now.get());
        watch.built.with(|built| dots(&built.trace, at, known))
    });
    let link = Memo::new(move |_| links(watch, n.get()));
    // A memo: the nodes are drawn afresh only when the cluster's size
    // changes, not each time the trace is rebuilt.
    let ids = Memo::new(move |_| {
        watch
            .built
            .with(|built| built.trace.scenario.node_ids().collect::<Vec<_>>())
    });
    let dot_view = move || {
        let ring = ring.get();
        let size = ring.node_radius() * 0.28;
        watch.built.with(|built| {
            moving.with(|moving| {
                moving
                    .iter()
                    .map(|dot| {
                        let (from, to) = ring.chord(dot.from, dot.to);
                        let at = from.lerp(to, dot.along);
                        let swatch = built.palette.swatch(&dot.value);
                        view! {
                            <path
                                class="dot"
                                class:doomed=dot.doomed
                                data-message=dot.message.to_string()
                                transform=format!("translate({} {})", num(at.x), num(at.y))
                                d=swatch.shape.path(size)
                                fill=if dot.forwarded { "#ffffff" } else { swatch.colour }
                                stroke=swatch.colour
                            />
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="stage-frame">
            <svg
                node_ref=svg_ref
                class="stage live-stage"
                viewBox=move || ring.get().frame().view_box()
                role="group"
                aria-label="The cluster"
                data-in-flight=move || moving.with(Vec::len)
            >
                // The Byzantine nodes' hatching, as on the simulated stage.
                <defs>
                    <pattern
                        id="byzantine-hatch"
                        width="14"
                        height="14"
                        patternUnits="userSpaceOnUse"
                        patternTransform="rotate(45)"
                    >
                        <rect class="hatch-ground" width="14" height="14" fill="#fdecea" />
                        <line class="hatch-stripe" x1="0" y1="0" x2="0" y2="14" stroke="#f1a9a0" stroke-width="7" />
                    </pattern>
                </defs>
                // The chords the dots travel along, as on the simulated
                // stage (the live view has no link faults to show on them).
                <g class="links">
                    {move || {
                        let ring = ring.get();
                        let ids = ids.get();
                        ids.iter()
                            .enumerate()
                            .flat_map(|(i, a)| ids[i + 1..].iter().map(move |b| (*a, *b)))
                            .map(|(a, b)| {
                                let (p, q) = (ring.position(a), ring.position(b));
                                view! {
                                    <line class="wire" x1=num(p.x) y1=num(p.y) x2=num(q.x) y2=num(q.y) />
                                }
                            })
                            .collect_view()
                    }}
                </g>
                <g class="dots">{dot_view}</g>
                <g class="nodes">
                    {move || {
                        let ring = ring.get();
                        ids.get()
                            .into_iter()
                            .map(|id| view! { <LiveNode id ring labels standing link /> })
                            .collect_view()
                    }}
                </g>
            </svg>
        </div>
    }
}

/// One node: circle, id, role, and its state (down, or round and decision).
#[component]
fn LiveNode(
    id: NodeId,
    ring: Ring,
    labels: Memo<StageLabels>,
    standing: Memo<Vec<Standing>>,
    link: Memo<(Vec<Option<Link>>, bool)>,
) -> impl IntoView {
    let watch = expect_context::<Watch>();
    let role = move || watch.built.with(|built| built.trace.scenario.role(id));
    let mine =
        Memo::new(move |_| standing.with(|all| all.get(id.index()).cloned().unwrap_or_default()));
    // A node no watched address turned out to be is not watched at all;
    // until every address has answered, it may still be one of them.
    let state = Memo::new(move |_| {
        link.with(
            |(all, all_heard)| match all.get(id.index()).copied().flatten() {
                Some(link) => Some(link),
                None if *all_heard => None,
                None => Some(Link::Connecting),
            },
        )
    });
    let centre = ring.position(id);
    let r = ring.node_radius();
    // Its role and state in the box the layout gave it; a node that does
    // not answer says so on its state line.
    let lines = move || {
        let layout = labels.get();
        let slot = layout.slot(id);
        let look = watch
            .built
            .with(|built| mine.get().look(role(), &built.palette));
        let name = layout.name_in_label(id);
        let mut rows = node_label(
            &look,
            name.as_deref(),
            layout.lines,
            slot.width(),
            layout.font,
        );
        let note = match state.get() {
            Some(Link::Up) => None,
            Some(link) => Some((link_words(link), Tone::Muted)),
            None => Some((NOT_WATCHED.to_owned(), Tone::Muted)),
        };
        if let (Some((words, tone)), Some(last)) = (note, rows.last_mut()) {
            let short = words.split(" — ").next().unwrap_or_default().to_owned();
            *last = fitted(&[&words, &short], tone, slot.width(), layout.font);
        }
        label_markup(&rows, slot, layout.font, centre, layout.leader(id))
    };
    let caught = move || mine.with(|standing| standing.caught.len());
    let (name, name_size) = circle_text(labels, id, caught);
    view! {
        <g
            class="node"
            class:byzantine=move || role().is_byzantine()
            class:alerted=move || { caught() > 0 }
            class:down=move || matches!(state.get(), Some(Link::Down { .. }))
            class:unwatched=move || state.get().is_none()
            data-node=id.to_string()
            data-link=move || state.get().map_or("unwatched", link_name)
            transform=format!("translate({} {})", num(centre.x), num(centre.y))
        >
            <circle class="body" r=num(r) />
            <text class="id" class:count=move || labels.with(|layout| layout.name == NameForm::Label) dy="0.35em" font-size=name_size>{name}</text>
            <g class="labels" inner_html=lines />
            {move || {
                let count = caught();
                (count > 0 && labels.with(|layout| layout.name != NameForm::Label)).then(|| {
                    let (at, radius) = labels::badge(ring, labels.with(|layout| layout.font));
                    view! {
                        <g class="badge" transform=format!("translate({} {})", num(at.x), num(at.y))>
                            <title>{badge(&id.to_string(), count)}</title>
                            <circle r=num(radius) />
                            <text dy="0.35em" font-size=num(radius * 1.2)>{count.to_string()}</text>
                        </g>
                    }
                })
            }}
        </g>
    }
}
