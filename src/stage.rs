//! The stage: nodes on a ring, messages as dots travelling along the chords,
//! the Byzantine node's split fanned out to its peers, and detections
//! flashing from detector to accused.

use byzscope_core::trace::MessageId;
use byzscope_core::{Detection, Millis, NodeId, Role};
use leptos::prelude::*;

use crate::chip::ValueChip;
use crate::geometry::{self, progress, Point, Ring};
use crate::lab::{Lab, Selection, SplitOnStage};
use crate::numbers::num;
use crate::palette::Swatch;

/// How long, in real milliseconds at the current speed, a detection's flash
/// and a split's fan-out stay on screen after the fact.
const AFTERGLOW_MS: f64 = 1_500.0;

/// The afterglow in simulated milliseconds: constant in real time whatever
/// the speed, so a flash is never too brief to see at 10×.
fn afterglow(lab: Lab) -> f64 {
    AFTERGLOW_MS * lab.speed.get().max(0.25)
}

/// The SVG stage and its overlays.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let ring = Memo::new(move |_| Ring::new(lab.scenario.with(|scenario| scenario.nodes)));
    // Keys carry the run's generation: a new run (even of the same scenario)
    // draws everything afresh instead of reusing the last run's pieces.
    let generation = Memo::new(move |_| lab.with(|run| run.generation()));
    let nodes = Memo::new(move |_| lab.node_ids());
    let in_flight = Memo::new(move |_| {
        lab.with(|run| {
            run.in_flight()
                .map(|envelope| envelope.id)
                .collect::<Vec<_>>()
        })
    });
    let splits = Memo::new(move |_| lab.with(|run| run.splits()));
    let dot_layer = NodeRef::<leptos::svg::G>::new();
    let hovered = RwSignal::new(None::<MessageId>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    move_dots(lab, ring, dot_layer, svg_ref, canvas_ref);
    let detections = Memo::new(move |_| {
        lab.with(|run| {
            run.detections(None)
                .into_iter()
                .cloned()
                .collect::<Vec<Detection>>()
        })
    });
    // Only the flashes and fan-outs on screen now are drawn: a long run has
    // hundreds of each, and each drawn one follows the clock.
    let glowing = Memo::new(move |_| {
        let clock = lab.clock.get();
        let window = afterglow(lab);
        detections.with(|all| {
            all.iter()
                .enumerate()
                .filter(|(_, detection)| (0.0..window).contains(&(clock - detection.at as f64)))
                .map(|(index, detection)| (index, detection.clone()))
                .collect::<Vec<_>>()
        })
    });
    let showing_splits = Memo::new(move |_| {
        let clock = lab.clock.get();
        let window = afterglow(lab);
        splits.with(|all| {
            all.iter()
                .enumerate()
                .filter(|(_, split)| {
                    clock >= split.at as f64 && clock < split.last_delivery as f64 + window
                })
                .map(|(index, split)| (index, split.clone()))
                .collect::<Vec<_>>()
        })
    });
    let summary = move || {
        let scenario = lab.scenario.get();
        let byzantine: Vec<String> = scenario
            .byzantine
            .iter()
            .map(|(node, strategy)| format!("{node} ({strategy})"))
            .collect();
        let (quiet, flying, detections, nodes) = lab.with(|run| {
            let nodes: Vec<String> = run
                .sim()
                .nodes()
                .iter()
                .map(|node| {
                    let status = byzscope_core::StatusDocument::of(node);
                    let decision = match (status.current_round, &status.consensus_value) {
                        (0, _) => "waiting for a proposal".to_owned(),
                        (round, Some(value)) => format!("round {round}, decided {value}"),
                        (round, None) => format!("round {round}, undecided"),
                    };
                    format!(
                        "{}: {decision}, {} detections",
                        status.node_id,
                        node.detections().len()
                    )
                })
                .collect();
            (
                run.sim().is_quiet(),
                run.in_flight().count(),
                run.detections(None).len(),
                nodes.join("; "),
            )
        });
        format!(
            "{} nodes on a ring; Byzantine: {}. {flying} messages in flight{}; {detections} detections so far. {nodes}.",
            scenario.nodes,
            if byzantine.is_empty() {
                "none".to_owned()
            } else {
                byzantine.join(", ")
            },
            if quiet { ", nothing left to happen" } else { "" },
        )
    };

    view! {
        <div class="stage-frame">
            // The stage's text alternative: what the picture shows, in words.
            <p id="stage-summary" class="visually-hidden">{summary}</p>
            <p id="node-hint" class="visually-hidden">"Press Enter to show its status."</p>
            <BoundBanner />
            <crate::controls::ClockReadout />
            <DotInfo hovered />
            <SplitCaption splits compact=move || ring.get().compact() />
            <svg
                class="stage"
                node_ref=svg_ref
                // Large clusters paint dots on a canvas: find them by position.
                on:click=move |event| {
                    if ring.get_untracked().compact() {
                        if let Some(id) = painted_dot_at(lab, ring.get_untracked(), svg_ref, &event) {
                            click_dot(lab, id);
                        }
                    }
                }
                on:mousemove=move |event| {
                    if ring.get_untracked().compact() {
                        hovered.set(painted_dot_at(lab, ring.get_untracked(), svg_ref, &event));
                    }
                }
                viewBox=format!("0 0 {} {}", num(geometry::WIDTH), num(geometry::HEIGHT))
                role="group"
                aria-label="The cluster"
                aria-describedby="stage-summary"
                data-in-flight=move || in_flight.with(Vec::len)
                data-quiet=move || lab.with(|run| run.sim().is_quiet()).to_string()
                data-detections=move || detections.with(Vec::len)
            >
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
                <g class="links">
                    {move || {
                        let ring = ring.get();
                        let ids = nodes.get();
                        let mut lines = Vec::new();
                        for (i, a) in ids.iter().enumerate() {
                            for b in &ids[i + 1..] {
                                let Some(link) = byzscope_core::Link::new(*a, *b) else {
                                    continue;
                                };
                                lines.push(view! { <LinkLine link ring /> });
                            }
                        }
                        lines
                    }}
                </g>
                <g class="fanouts">
                    <For
                        each=move || {
                            let generation = generation.get();
                            showing_splits.get().into_iter().map(move |(index, split)| (generation, index, split))
                        }
                        key=|(generation, index, _)| (*generation, *index)
                        children=move |(_, _, split)| view! { <FanOut split ring=ring.get_untracked() /> }
                    />
                </g>
                // The paths behind a selected detection.
                <g class="provenance">
                    {move || {
                        let ring = ring.get();
                        let chosen = lab.highlight.get();
                        lab.with(|run| {
                            chosen
                                .iter()
                                .filter_map(|id| run.head_trace().messages.get(*id))
                                .map(|envelope| {
                                    let (p, q) = ring.chord(envelope.message.from, envelope.message.to);
                                    let colour = run.swatch(&envelope.message.statement.value).colour;
                                    view! {
                                        <line
                                            class="path"
                                            class:forwarded=!envelope.message.is_direct()
                                            x1=num(p.x)
                                            y1=num(p.y)
                                            x2=num(q.x)
                                            y2=num(q.y)
                                            stroke=colour
                                            data-message=envelope.id.to_string()
                                        />
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </g>
                <g class="alerts">
                    <For
                        each=move || {
                            let generation = generation.get();
                            glowing.get().into_iter().map(move |(index, detection)| (generation, index, detection))
                        }
                        key=|(generation, index, _)| (*generation, *index)
                        children=move |(_, _, detection)| {
                            view! { <Alert detection ring=ring.get_untracked() /> }
                        }
                    />
                </g>
                // One listener for every dot (see `select_dot`).
                <g
                    class="dots"
                    node_ref=dot_layer
                    on:click=move |event| select_dot(lab, &event)
                    on:mouseover=move |event| hovered.set(dot_under(&event))
                    on:mouseout=move |_| hovered.set(None)
                >
                    <For
                        each=move || {
                            let generation = generation.get();
                            // Large clusters paint their dots on the canvas.
                            let drawn = if ring.get().compact() { Vec::new() } else { in_flight.get() };
                            drawn.into_iter().map(move |id| (generation, id))
                        }
                        key=|key| *key
                        children=move |(_, id)| view! { <Dot id ring=ring.get_untracked() /> }
                    />
                </g>
                <g class="nodes">
                    <For
                        each=move || {
                            let generation = generation.get();
                            nodes.get().into_iter().map(move |id| (generation, id))
                        }
                        key=|key| *key
                        children=move |(_, id)| view! { <NodeGlyph id ring=ring.get_untracked() /> }
                    />
                </g>
            </svg>
            <canvas class="dot-canvas" node_ref=canvas_ref aria-hidden="true" style:display=move || { if ring.get().compact() { "block" } else { "none" } } />
            <Legend />
        </div>
    }
}

/// What a node shows, recomputed when the run changes.
#[derive(Clone, Debug, PartialEq)]
struct NodeLook {
    role: Role,
    round: u64,
    state: RoundLook,
    detections: usize,
    last_detection: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq)]
enum RoundLook {
    Idle,
    Undecided,
    Decided(String, Swatch),
    TimedOut,
}

/// One node: its circle, id, role, round, decision and detection badge.
#[component]
fn NodeGlyph(id: NodeId, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let look = Memo::new(move |_| {
        lab.with(|run| {
            let node = run.sim().node(id)?;
            let round = node.current_round();
            let state = match node.round(round) {
                None => RoundLook::Idle,
                Some(state) => match (&state.decided, state.timed_out) {
                    (Some((value, _)), _) => {
                        RoundLook::Decided(value.to_string(), run.swatch(value))
                    }
                    (None, true) => RoundLook::TimedOut,
                    (None, false) => RoundLook::Undecided,
                },
            };
            Some(NodeLook {
                role: node.role(),
                round,
                state,
                detections: node.detections().len(),
                last_detection: node.detections().last().map(|detection| detection.at),
            })
        })
    });
    let centre = ring.position(id);
    let r = ring.node_radius();
    let size = ring.label_size();
    // Two label lines, outside the circle, away from the ring's centre.
    let (anchor, align) = ring.label_anchor(id);
    let (first_y, second_y) = (anchor.y, anchor.y + size * 1.15);
    let byzantine = move || look.with(|look| look.as_ref().is_some_and(|l| l.role.is_byzantine()));
    let selected = move || lab.selection.get() == Selection::Node(id);
    let pulse = move || {
        let last = look.with(|look| look.as_ref().and_then(|look| look.last_detection))?;
        let elapsed = lab.clock.get() - last as f64;
        let window = afterglow(lab);
        (0.0..window).contains(&elapsed).then(|| elapsed / window)
    };
    let role_text = move || {
        look.with(|look| match look.as_ref().map(|look| look.role) {
            // A crowded ring has no room for the strategy: the inspector and
            // the scenario summary name it.
            Some(Role::Byzantine(_)) if ring.compact() => "⚠ BYZANTINE".to_owned(),
            Some(Role::Byzantine(strategy)) => format!("⚠ BYZANTINE · {strategy}"),
            _ => "honest".to_owned(),
        })
    };
    let state_view = move || {
        let Some(look) = look.get() else {
            return ().into_any();
        };
        let round = if ring.compact() {
            format!("r{} · ", look.round)
        } else {
            format!("round {} · ", look.round)
        };
        match look.state {
            RoundLook::Idle => {
                let idle = if ring.compact() {
                    "idle"
                } else {
                    "waiting for a proposal"
                };
                view! { <tspan class="muted">{idle}</tspan> }.into_any()
            }
            RoundLook::Undecided => {
                view! { <tspan>{round}</tspan><tspan class="muted">"undecided"</tspan> }.into_any()
            }
            RoundLook::TimedOut => {
                view! { <tspan>{round}</tspan><tspan class="timed-out">"timed out"</tspan> }
                    .into_any()
            }
            RoundLook::Decided(value, swatch) => view! {
                <tspan>{format!("{round}✓ ")}</tspan>
                <tspan fill=swatch.colour>{swatch.shape.glyph()}</tspan>
                <tspan class="decided">{format!(" {value}")}</tspan>
            }
            .into_any(),
        }
    };
    let badge = move || {
        let count = look.with(|look| look.as_ref().map_or(0, |look| look.detections));
        (count > 0).then(|| {
            view! {
                <g class="badge" transform=format!("translate({} {})", num(r * 0.78), num(-r * 0.78))>
                    <title>{format!("{id} has made {count} detection(s)")}</title>
                    <circle r=num(size * 0.72) />
                    <text dy="0.35em" font-size=num(size * 0.8)>{format!("{count}")}</text>
                </g>
            }
        })
    };
    view! {
        <g
            class="node"
            class:byzantine=byzantine
            class:alerted=move || look.with(|look| look.as_ref().is_some_and(|look| look.detections > 0))
            class:selected=selected
            data-node=id.to_string()
            transform=format!("translate({} {})", num(centre.x), num(centre.y))
            tabindex="0"
            role="button"
            // No aria-label: the accessible name is the text on screen (id,
            // role, round and decision), so speech matches what is seen.
            aria-describedby="node-hint"
            on:click=move |_| lab.selection.set(Selection::Node(id))
            on:keydown=move |event| {
                if event.key() == "Enter" || event.key() == " " {
                    event.prevent_default();
                    lab.selection.set(Selection::Node(id));
                }
            }
        >
            {move || {
                pulse()
                    .map(|p| {
                        view! {
                            <circle
                                class="pulse"
                                r=num(r + 8.0 + 60.0 * p)
                                stroke-opacity=num(1.0 - p)
                            />
                        }
                    })
            }}
            <circle class="body" r=num(r) />
            <text class="id" dy="0.35em" font-size=num(size * 1.05)>{id.to_string()}</text>
            <text class="label role" x=num(anchor.x) y=num(first_y) font-size=num(size) text-anchor=align.text_anchor()>
                {role_text}
            </text>
            <text class="label state" x=num(anchor.x) y=num(second_y) font-size=num(size) text-anchor=align.text_anchor()>
                {state_view}
            </text>
            {badge}
        </g>
    }
}

/// Moves every dot to where it is at the clock's time.
///
/// One effect for all dots, rather than one per dot: with a thousand dots
/// in flight, a thousand subscriptions to the clock cost more to add and
/// drop than moving the dots does. The positions cross into JavaScript as
/// one array of numbers, not a string per dot.
///
/// Up to eight nodes, each dot is an SVG element under `layer` (clickable,
/// inspectable in the DOM). Beyond, dots are painted on `canvas`: at sixteen
/// nodes two thousand can be in flight, and painting that many SVG elements
/// every frame is more than a browser does in 16 ms.
fn move_dots(
    lab: Lab,
    ring: Memo<Ring>,
    layer: NodeRef<leptos::svg::G>,
    svg: NodeRef<leptos::svg::Svg>,
    canvas: NodeRef<leptos::html::Canvas>,
) {
    let mut positions: Vec<f64> = Vec::new();
    // A resized window (or iframe) moves the stage: paint again, even while
    // paused.
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        resized.update(|count| *count += 1)
    });
    on_cleanup(move || handle.remove());
    // Reading the stage's place forces the browser to lay the page out, and
    // other panels have just changed: measure on a resize, and now and then
    // in case the page moved without one.
    let (mut measured_at, mut paints) = (u32::MAX, 0u32);
    Effect::new(move |_| {
        let resizes = resized.get();
        let now = lab.clock.get();
        let discrete = lab.reduced_motion.get();
        let ring = ring.get_untracked();
        if ring.compact() {
            let (Some(svg), Some(canvas)) = (svg.get(), canvas.get()) else {
                return;
            };
            let mut colours: Vec<&'static str> = Vec::new();
            lab.with_untracked(|run| {
                positions.clear();
                for envelope in run.in_flight() {
                    let swatch = run.swatch(&envelope.message.statement.value);
                    let colour = match colours.iter().position(|c| *c == swatch.colour) {
                        Some(index) => index,
                        None => {
                            colours.push(swatch.colour);
                            colours.len() - 1
                        }
                    };
                    let at = dot_position(ring, envelope, now, discrete);
                    positions.extend([
                        at.x,
                        at.y,
                        f64::from(swatch.shape as u8),
                        colour as f64,
                        f64::from(u8::from(envelope.message.is_direct())),
                    ]);
                }
            });
            paints = paints.wrapping_add(1);
            let measure = resizes != measured_at || paints % 30 == 1;
            measured_at = resizes;
            paint_dots(&svg, &canvas, &positions, &colours.join("|"), measure);
            return;
        }
        let Some(layer) = layer.get() else {
            return;
        };
        let first = lab.with_untracked(|run| {
            positions.clear();
            let mut flying = run.in_flight().peekable();
            let first = flying.peek().map_or(0, |envelope| envelope.id);
            for envelope in flying {
                // Ids in flight are increasing; fill any gap (a message
                // already delivered) so the array stays indexed by id.
                let slot = 2 * (envelope.id - first);
                positions.resize(slot, f64::NAN);
                let at = dot_position(ring, envelope, now, discrete);
                positions.extend([at.x, at.y]);
            }
            first
        });
        place_dots(&layer, first as f64, &positions);
    });
}

/// Where a message in flight is at simulated time `now`; `discrete` (for
/// viewers who asked for reduced motion) moves it in three jumps instead of
/// gliding.
fn dot_position(ring: Ring, envelope: &byzscope_core::Envelope, now: f64, discrete: bool) -> Point {
    let (start, end) = ring.chord(envelope.message.from, envelope.message.to);
    let along = progress(envelope.sent_at as f64, envelope.deliver_at as f64, now);
    start.lerp(
        end,
        if discrete {
            geometry::in_steps(along)
        } else {
            along
        },
    )
}

/// A link between two nodes: a thin line, cut (dashed, with a cross) or
/// slowed (thicker, with its extra delay) as the network is at the time on
/// screen. A wide invisible stroke makes it easy to click, which opens it in
/// the inspector.
#[component]
fn LinkLine(link: byzscope_core::Link, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let (a, b) = link.ends();
    let (p, q) = (ring.position(a), ring.position(b));
    let state = Memo::new(move |_| lab.with(|run| run.sim().links().state(link)));
    let middle = p.lerp(q, 0.5);
    let selected = move || lab.selection.get() == Selection::Link(link);
    let label = move || {
        let state = state.get();
        match (state.down, state.extra_ms) {
            (true, _) => "✕ cut".to_owned(),
            (false, 0) => String::new(),
            (false, extra) => format!("+{extra} ms"),
        }
    };
    view! {
        <g
            class="link"
            class:cut=move || state.get().down
            class:slow=move || { state.get().extra_ms > 0 }
            class:selected=selected
            data-link=link.to_string()
            on:click=move |_| lab.selection.set(Selection::Link(link))
        >
            <title>{format!("{link}: click to cut, heal or slow it")}</title>
            <line class="hit" x1=num(p.x) y1=num(p.y) x2=num(q.x) y2=num(q.y) />
            <line class="wire" x1=num(p.x) y1=num(p.y) x2=num(q.x) y2=num(q.y) />
            <text class="link-label" x=num(middle.x) y=num(middle.y) dy="0.35em">{label}</text>
        </g>
    }
}

/// The painted dot under the pointer, if one is within reach.
fn painted_dot_at(
    lab: Lab,
    ring: Ring,
    svg: NodeRef<leptos::svg::Svg>,
    event: &leptos::ev::MouseEvent,
) -> Option<MessageId> {
    let svg = svg.get_untracked()?;
    let rect = svg.get_bounding_client_rect();
    let scale = (rect.width() / geometry::WIDTH).min(rect.height() / geometry::HEIGHT);
    if scale <= 0.0 {
        return None;
    }
    // `preserveAspectRatio` is the default, xMidYMid meet.
    let x = (f64::from(event.client_x())
        - rect.left()
        - (rect.width() - geometry::WIDTH * scale) / 2.0)
        / scale;
    let y = (f64::from(event.client_y())
        - rect.top()
        - (rect.height() - geometry::HEIGHT * scale) / 2.0)
        / scale;
    let now = lab.clock.get_untracked();
    lab.with_untracked(|run| {
        run.in_flight()
            .map(|envelope| {
                let at = dot_position(ring, envelope, now, lab.reduced_motion.get_untracked());
                (envelope.id, (at.x - x).hypot(at.y - y))
            })
            .filter(|(_, distance)| *distance <= 16.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id)
    })
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function place_dots(layer, first, xy) {
  for (const dot of layer.children) {
    const slot = 2 * (Number(dot.getAttribute('data-message')) - first);
    const x = xy[slot], y = xy[slot + 1];
    if (x === x && y !== undefined) {
      dot.setAttribute('transform', 'translate(' + x.toFixed(1) + ' ' + y.toFixed(1) + ')');
    }
  }
}

export function paint_dots(svg, canvas, dots, colours, measure) {
  if (measure || !canvas.byzscopeStage) {
    const frame = canvas.offsetParent;
    if (!frame) return;
    const r = svg.getBoundingClientRect(), f = frame.getBoundingClientRect();
    // Relative to the frame's padding box, which starts inside its border.
    canvas.byzscopeStage = {
      r: { width: r.width, height: r.height },
      left: r.left - f.left - frame.clientLeft,
      top: r.top - f.top - frame.clientTop,
    };
  }
  const { r, left, top } = canvas.byzscopeStage;
  const dpr = window.devicePixelRatio || 1;
  const style = canvas.style;
  if (style.left !== left + 'px') style.left = left + 'px';
  if (style.top !== top + 'px') style.top = top + 'px';
  if (style.width !== r.width + 'px') style.width = r.width + 'px';
  if (style.height !== r.height + 'px') style.height = r.height + 'px';
  const w = Math.round(r.width * dpr), h = Math.round(r.height * dpr);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const scale = Math.min(r.width / 1400, r.height / 1040);
  ctx.setTransform(dpr * scale, 0, 0, dpr * scale,
    dpr * (r.width - 1400 * scale) / 2, dpr * (r.height - 1040 * scale) / 2);
  const palette = colours.split('|');
  const size = 8;
  // One path per (shape, colour, direct or not): a few fills and strokes
  // per frame instead of two per dot.
  const groups = new Map();
  for (let i = 0; i + 4 < dots.length; i += 5) {
    const key = dots[i + 2] * 1000 + dots[i + 3] * 2 + dots[i + 4];
    let path = groups.get(key);
    if (!path) { path = new Path2D(); groups.set(key, path); }
    const x = dots[i], y = dots[i + 1], shape = dots[i + 2];
    if (shape === 0) {
      path.moveTo(x + size, y);
      path.arc(x, y, size, 0, 2 * Math.PI);
    } else if (shape === 1) {
      const d = size * 1.25;
      path.moveTo(x, y - d); path.lineTo(x + d, y); path.lineTo(x, y + d); path.lineTo(x - d, y); path.closePath();
    } else {
      const d = size * 1.3, e = size * 1.04;
      path.moveTo(x, y - d); path.lineTo(x + d, y + e); path.lineTo(x - d, y + e); path.closePath();
    }
  }
  for (const [key, path] of groups) {
    const colour = palette[Math.floor((key % 1000) / 2)], direct = key % 2 === 1;
    if (direct) {
      ctx.lineWidth = 3; ctx.strokeStyle = '#fff'; ctx.stroke(path);
      ctx.fillStyle = colour; ctx.fill(path);
    } else {
      ctx.lineWidth = 5; ctx.strokeStyle = colour; ctx.stroke(path);
    }
  }
}
"#)]
extern "C" {
    /// Sets each dot's `transform` from `xy`, which holds x and y for message
    /// `first`, then `first + 1`, and so on.
    fn place_dots(layer: &web_sys::Element, first: f64, xy: &[f64]);

    /// Paints `dots` (x, y, shape, colour index, direct: five numbers each)
    /// on `canvas`, laid exactly over `svg`'s coordinate space; `colours` are
    /// the palette's colours joined by `|`.
    fn paint_dots(
        svg: &web_sys::Element,
        canvas: &web_sys::Element,
        dots: &[f64],
        colours: &str,
        measure: bool,
    );
}

/// Pauses and inspects the dot that was clicked. Listening on the layer
/// rather than on each dot saves adding and removing a listener for every
/// message.
fn select_dot(lab: Lab, event: &leptos::ev::MouseEvent) {
    if let Some(id) = dot_under(event) {
        click_dot(lab, id);
    }
}

/// A click on a dot: drops the message in drop mode, else pauses and opens
/// it in the inspector.
fn click_dot(lab: Lab, id: MessageId) {
    if lab.drop_mode.get_untracked() {
        let _ = lab.act(&byzscope_core::trace::Action::Drop { message: id });
    } else {
        lab.playing.set(false);
        lab.selection.set(Selection::Message(id));
    }
}

/// One message in flight, a fraction `(now − sent) / (delivered − sent)`
/// along its chord. Filled when it comes straight from the statement's
/// origin, hollow when it is a forwarded copy.
///
/// A single element with fixed attributes: at sixteen nodes a hundred dots
/// come and go every frame, and each DOM call counts. What the dot carries
/// is told on hover ([`DotInfo`]) and by the inspector on click.
#[component]
fn Dot(id: MessageId, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let size = if ring.compact() { 8.0 } else { 12.0 };
    let now = lab.clock.get_untracked();
    // Placed once here; from then on `move_dots` moves it every frame.
    let Some((transform, direct, swatch)) = lab.with_untracked(|run| {
        let envelope = run.message(id)?;
        let at = dot_position(ring, envelope, now, lab.reduced_motion.get_untracked());
        Some((
            format!("translate({} {})", num(at.x), num(at.y)),
            envelope.message.is_direct(),
            run.swatch(&envelope.message.statement.value),
        ))
    }) else {
        return ().into_any();
    };
    view! {
        <path
            class=if direct { "dot direct" } else { "dot forwarded" }
            data-message=id
            transform=transform
            d=swatch.shape.path(size)
            fill=if direct { swatch.colour } else { "#ffffff" }
            stroke=swatch.colour
        />
    }
    .into_any()
}

/// What the message under the pointer carries, in words.
pub fn describe_message(run: &crate::lab::Run, id: MessageId) -> Option<String> {
    let envelope = run.message(id)?;
    let message = &envelope.message;
    let statement = &message.statement;
    let route = if message.is_direct() {
        "direct".to_owned()
    } else {
        let hops: Vec<String> = message.path.iter().map(NodeId::to_string).collect();
        format!("forwarded along {} → {}", hops.join(" → "), message.to)
    };
    Some(format!(
        "{} → {}: {} from {}, round {}, value '{}' ({route})",
        message.from,
        message.to,
        statement.kind,
        statement.origin,
        statement.round,
        statement.value,
    ))
}

/// The hovered dot's statement, in the stage's corner.
#[component]
fn DotInfo(hovered: RwSignal<Option<MessageId>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    move || {
        let id = hovered.get()?;
        let text = lab.with_untracked(|run| describe_message(run, id))?;
        Some(view! { <p class="dot-info">{text}</p> })
    }
}

/// The dot under the pointer, if any.
fn dot_under(event: &leptos::ev::MouseEvent) -> Option<MessageId> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest(".dot").ok().flatten())
        .and_then(|dot| dot.get_attribute("data-message"))
        .and_then(|id| id.parse::<MessageId>().ok())
}

/// A Byzantine node's split: a coloured line to every peer, labelled with
/// the value that peer was given, while its messages travel and for a
/// moment after.
#[component]
fn FanOut(split: SplitOnStage, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let until = split.last_delivery as f64;
    let visible = move || lab.clock.get() < until + afterglow(lab);
    let labelled = ring.label_size() > 24.0;
    let source = ring.position(split.node);
    let lines = lab.with_untracked(|run| {
        split
            .split
            .groups
            .iter()
            .flat_map(|(value, peers)| {
                let swatch = run.swatch(value);
                peers
                    .iter()
                    .map(move |peer| (value.to_string(), *peer, swatch))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <g class="fanout" data-node=split.node.to_string() style:display=move || { if visible() { "inline" } else { "none" } }>
            {
                // Each label goes where it covers no node, no node's labels and
                // no other label of the split.
                let mut taken = ring.occupied(22);
                lines
                .into_iter()
                .map(|(value, peer, swatch)| {
                    let target = ring.position(peer);
                    let text = format!("→ {peer}: {} {value}", swatch.shape.glyph());
                    let size = ring.label_size() * 0.85;
                    let chars = text.chars().count();
                    let label_at = ring.label_spot(split.node, peer, chars, size, &taken);
                    taken.push(geometry::Rect::text(label_at, chars, size));
                    view! {
                        <line
                            x1=num(source.x)
                            y1=num(source.y)
                            x2=num(target.x)
                            y2=num(target.y)
                            stroke=swatch.colour
                            class=format!("fan {}", swatch.shape.name())
                        />
                        {labelled
                            .then(|| {
                                view! {
                                    <text
                                        class="fan-label"
                                        x=num(label_at.x)
                                        y=num(label_at.y)
                                        font-size=num(size)
                                        fill=swatch.colour
                                    >
                                        {text}
                                    </text>
                                }
                            })}
                    }
                })
                .collect_view()
            }
        </g>
    }
}

/// A detection's flash: a line from the detector to the accused.
#[component]
fn Alert(detection: Detection, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let from = ring.position(detection.detected_by);
    let to = ring.position(detection.byzantine_node);
    let at = detection.at as f64;
    let opacity = move || {
        let elapsed = lab.clock.get() - at;
        let window = afterglow(lab);
        if (0.0..window).contains(&elapsed) {
            1.0 - elapsed / window
        } else {
            0.0
        }
    };
    view! {
        <line
            class="alert"
            x1=num(from.x)
            y1=num(from.y)
            x2=num(to.x)
            y2=num(to.y)
            stroke-opacity=move || num(opacity())
            style:display=move || { if opacity() > 0.0 { "inline" } else { "none" } }
        />
    }
}

/// The warning shown when there are more Byzantine nodes than the cluster
/// can tolerate.
#[component]
fn BoundBanner() -> impl IntoView {
    let lab = expect_context::<Lab>();
    move || {
        let scenario = lab.scenario.get();
        scenario.bound_broken().then(|| {
            let f = scenario.byzantine.len();
            view! {
                <p class="banner" role="alert">
                    {format!(
                        "⚠ {f} Byzantine nodes among {n}: agreement needs n ≥ 3f + 1 = {need} nodes. \
                         Honest nodes may decide differently or not at all.",
                        n = scenario.nodes,
                        need = 3 * f + 1,
                    )}
                </p>
            }
        })
    }
}

/// Which peers got which value in the latest Byzantine split.
#[component]
fn SplitCaption(
    splits: Memo<Vec<SplitOnStage>>,
    #[prop(into)] compact: Signal<bool>,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Redrawn only when a new split happens, not at every event.
    let latest = Memo::new(move |_| splits.with(|splits| splits.last().cloned()));
    move || {
        let split = latest.get()?;
        let (split, groups) = lab.with_untracked(|run| {
            let groups: Vec<(String, String, Swatch)> = split
                .split
                .groups
                .iter()
                .map(|(value, peers)| {
                    let peers: Vec<String> = peers.iter().map(NodeId::to_string).collect();
                    (peers.join(", "), value.to_string(), run.swatch(value))
                })
                .collect();
            (split, groups)
        });
        let active = move || lab.clock.get() < split.last_delivery as f64;
        Some(view! {
            <div class="split-caption" class:active=active class:below=compact aria-live="polite">
                <p>
                    <strong>{format!("⚠ {} split its {}", split.node, split.split.kind)}</strong>
                    {format!(" for round {}:", split.split.round)}
                </p>
                <ul>
                    {groups
                        .into_iter()
                        .map(|(peers, value, swatch)| {
                            view! {
                                <li>
                                    {format!("→ {peers}: ")}
                                    <ValueChip value swatch />
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}

/// What the colours and shapes mean.
#[component]
fn Legend() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let values = Memo::new(move |_| {
        lab.with(|run| {
            run.palette()
                .entries()
                .map(|(value, swatch)| (value.to_string(), *swatch))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="legend">
            <span class="legend-item">
                <svg class="shape" viewBox="-14 -14 28 28" aria-hidden="true">
                    <circle class="legend-direct" r="9" fill="#57606a" />
                </svg>
                "sent by its origin"
            </span>
            <span class="legend-item">
                <svg class="shape" viewBox="-14 -14 28 28" aria-hidden="true">
                    <circle class="legend-forwarded" r="8" fill="#fff" stroke="#57606a" stroke-width="3" />
                </svg>
                "forwarded copy"
            </span>
            {move || {
                values
                    .get()
                    .into_iter()
                    .map(|(value, swatch)| view! { <ValueChip value swatch /> })
                    .collect_view()
            }}
            <label class="drop-mode" title="Network faults by hand: a click on a dot loses that message; a click on a link opens it to cut, heal or slow it">
                <input
                    id="drop-mode"
                    type="checkbox"
                    prop:checked=move || lab.drop_mode.get()
                    on:change=move |event| {
                        lab.drop_mode.set(event_target::<web_sys::HtmlInputElement>(&event).checked())
                    }
                />
                " Click a dot to drop it"
            </label>
        </div>
    }
}
