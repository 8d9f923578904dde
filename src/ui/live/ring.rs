//! The live ring: each watched node up or down, Byzantine or honest, with
//! its round and decision at the moment shown, and the messages then on
//! their way as dots between their real send and real arrival.

use byzscope_core::NodeId;
use leptos::prelude::*;

use crate::model::geometry::{self, Ring};
use crate::model::live::{dots, standings, Link, Standing};
use crate::model::numbers::num;
use crate::store::Watch;
use crate::text::live::{link as link_words, NOT_WATCHED};
use crate::text::nodes::{badge, idle, round_prefix, DECIDED, TIMED_OUT, UNDECIDED};
use crate::text::roles::role_badge;

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
    let ring = Memo::new(move |_| Ring::new(n.get()));
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
                class="stage live-stage"
                viewBox=format!("0 0 {} {}", num(geometry::WIDTH), num(geometry::HEIGHT))
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
                            .map(|id| view! { <LiveNode id ring standing link /> })
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
    let size = ring.label_size();
    let compact = ring.compact();
    let (anchor, align) = ring.label_anchor(id);
    let (first_y, second_y) = (anchor.y, anchor.y + size * 1.15);
    let state_view = move || {
        let Some(link) = state.get() else {
            return view! { <tspan class="muted">{NOT_WATCHED}</tspan> }.into_any();
        };
        if link != Link::Up {
            let class = if link == Link::Connecting {
                "muted"
            } else {
                "down-note"
            };
            return view! { <tspan class=class>{link_words(link)}</tspan> }.into_any();
        }
        let standing = mine.get();
        let round = round_prefix(standing.round, compact);
        match (&standing.decided, standing.timed_out) {
            (Some((decided_round, value)), _) if *decided_round == standing.round => {
                let swatch = watch.built.with(|built| built.palette.swatch(value));
                view! {
                    <tspan>{format!("{round}{DECIDED}")}</tspan>
                    <tspan fill=swatch.colour>{swatch.shape.glyph()}</tspan>
                    <tspan class="decided">{format!(" {value}")}</tspan>
                }
                .into_any()
            }
            (_, Some(timed_out)) if timed_out == standing.round => {
                view! { <tspan>{round}</tspan><tspan class="timed-out">{TIMED_OUT}</tspan> }
                    .into_any()
            }
            _ if standing.round == 0 => {
                view! { <tspan class="muted">{idle(compact)}</tspan> }.into_any()
            }
            _ => {
                view! { <tspan>{round}</tspan><tspan class="muted">{UNDECIDED}</tspan> }.into_any()
            }
        }
    };
    let caught = move || mine.with(|standing| standing.caught.len());
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
            <text class="id" dy="0.35em" font-size=num(size * 1.05)>{id.to_string()}</text>
            <text class="label role" x=num(anchor.x) y=num(first_y) font-size=num(size) text-anchor=align.text_anchor()>
                {move || role_badge(role(), compact)}
            </text>
            <text class="label state" x=num(anchor.x) y=num(second_y) font-size=num(size) text-anchor=align.text_anchor()>
                {state_view}
            </text>
            {move || {
                let count = caught();
                (count > 0).then(|| view! {
                    <g class="badge" transform=format!("translate({} {})", num(r * 0.78), num(-r * 0.78))>
                        <title>{badge(&id.to_string(), count)}</title>
                        <circle r=num(size * 0.72) />
                        <text dy="0.35em" font-size=num(size * 0.8)>{count.to_string()}</text>
                    </g>
                })
            }}
        </g>
    }
}
