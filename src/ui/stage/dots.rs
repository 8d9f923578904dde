//! Messages in flight as dots along their chords: SVG elements for small
//! clusters, painted on a canvas over the SVG for large ones, moved by one
//! effect for all of them. Beyond a few hundred in flight the canvas draws
//! each link's traffic as a flow with a sample of dots (`model::flows`).

use std::cell::RefCell;

use byzscope_core::trace::MessageId;
use byzscope_core::{Envelope, NodeId};
use leptos::prelude::*;

use crate::model::flows::{draws_flows, flashes, flows, healthy_links, Flying, Sampler};
use crate::model::geometry::{self, progress, Point, Ring};
use crate::model::numbers::num;
use crate::model::palette::Swatch;
use crate::model::run::{afterglow, Run};
use crate::store::{Lab, Selection};
use crate::text::messages::describe;

/// How often, in wall-clock milliseconds, a playing round's flows are
/// recounted: their widths change slowly, and counting twenty thousand
/// messages into bands and filling them is most of a frame's work.
const BANDS_EVERY_MS: f64 = 100.0;

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
/// every frame is more than a browser does in 16 ms. Beyond a few hundred
/// in flight (at thirty-two nodes, twenty thousand), every link's traffic is
/// painted as a band split by value, with a sample of the dots: a dot each
/// would be a haze, and more than a frame's work.
///
/// The canvas of a large cluster also paints what would otherwise change
/// the SVG at every frame or make it costly to draw again: the healthy
/// links' thin lines under the dots, as small clusters draw them, and each
/// detection's fading flash and pulse over the dots (`model::flows`). The
/// SVG keeps what is clicked or changes at an event: a link's wide target,
/// a cut, slowed or selected link's line, the nodes and their labels.
pub(super) fn move_dots(
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
    // Reused from frame to frame: at thirty-two nodes twenty thousand
    // messages can be in flight.
    let (mut flying, mut times, mut bands, mut holes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut drew_flows = false;
    // The links last drawn on the canvas, for which ring and faults, and
    // the flashes of this frame.
    let (mut wired, mut wires) = (None::<(Ring, byzscope_core::Links)>, Vec::new());
    let (mut flash_lines, mut pulses) = (Vec::new(), Vec::new());
    // When the bands were last counted (wall and simulated milliseconds),
    // and the sample they chose.
    let (mut banded_at, mut banded_now, mut sampler) = (f64::NEG_INFINITY, 0.0, Sampler::default());
    Effect::new(move |_| {
        let resizes = resized.get();
        let now = lab.clock.get();
        let discrete = lab.reduced_motion.get();
        let playing = lab.playing.get();
        let window = afterglow(lab.speed.get());
        // A selected message stays a dot even among flows.
        let keep = match lab.selection.get() {
            Selection::Message(id) => Some(id),
            _ => None,
        };
        let ring = ring.get_untracked();
        if ring.compact() {
            let (Some(svg), Some(canvas)) = (svg.get(), canvas.get()) else {
                return;
            };
            let mut colours: Vec<&'static str> = Vec::new();
            let mut colour_of =
                |colour: &'static str| match colours.iter().position(|c| *c == colour) {
                    Some(index) => index as f64,
                    None => {
                        colours.push(colour);
                        (colours.len() - 1) as f64
                    }
                };
            // Bands are recounted ten times a second while playing, and on
            // every change while paused; the dots move every frame.
            let wall = js_sys::Date::now();
            let recount = !drew_flows
                || !playing
                || resizes != measured_at
                || wall - banded_at >= BANDS_EVERY_MS
                || now < banded_now;
            positions.clear();
            let mut painted = Vec::new();
            let mut rewire = false;
            let branch = lab.with_untracked(|run| {
                let shown = run.shown();
                let faults = shown.links();
                if !wired
                    .as_ref()
                    .is_some_and(|(r, f)| *r == ring && f == faults)
                {
                    wired = Some((ring, faults.clone()));
                    wires.clear();
                    for (p, q) in healthy_links(ring, faults) {
                        wires.extend([p.x, p.y, q.x, q.y]);
                    }
                    rewire = true;
                }
                let found = shown.detections(None).into_iter().map(|found| {
                    let detection = found.detection;
                    (
                        detection.detected_by,
                        detection.byzantine_node,
                        detection.at,
                    )
                });
                let (lines, rings) = flashes(ring, found, now, window);
                flash_lines.clear();
                for line in lines {
                    flash_lines.extend([
                        line.from.x,
                        line.from.y,
                        line.to.x,
                        line.to.y,
                        line.opacity,
                    ]);
                }
                pulses.clear();
                for pulse in rings {
                    pulses.extend([pulse.at.x, pulse.at.y, pulse.radius, pulse.opacity]);
                }
                // Runs hold few values at once: look each up once a frame,
                // not once a message.
                let mut swatches = Vec::new();
                let mut swatch_of = |value| swatch_of(&mut swatches, run, value);
                if recount {
                    flying.clear();
                    times.clear();
                    for envelope in run.shown().in_flight() {
                        let message = &envelope.message;
                        flying.push(Flying {
                            id: envelope.id,
                            from: message.from,
                            to: message.to,
                            swatch: swatch_of(&message.statement.value),
                            direct: message.is_direct(),
                        });
                        times.push((envelope.sent_at as f64, envelope.deliver_at as f64));
                    }
                } else {
                    // Between recounts only the sample is looked at.
                    for envelope in run.shown().in_flight() {
                        let message = &envelope.message;
                        if Some(envelope.id) == keep
                            || sampler.keeps(envelope.id, message.is_direct())
                        {
                            let at = dot_position(ring, envelope, now, discrete);
                            let swatch = swatch_of(&message.statement.value);
                            painted.push((envelope.id, at, swatch, message.is_direct()));
                        }
                    }
                }
                run.branch()
            });
            if recount {
                drew_flows = draws_flows(flying.len(), drew_flows);
                bands.clear();
                let sample = if drew_flows {
                    let drawn = flows(ring, &flying, keep);
                    for band in &drawn.bands {
                        for corner in band.corners {
                            bands.extend([corner.x, corner.y]);
                        }
                        bands.extend([
                            colour_of(band.swatch.colour),
                            f64::from(band.swatch.shape as u8),
                        ]);
                    }
                    sampler = drawn.sampler;
                    // Bands pass by other nodes on their way: leave the
                    // circles clear.
                    holes.clear();
                    let nodes = lab.scenario.with_untracked(|scenario| scenario.nodes);
                    for node in (1..=nodes).filter_map(NodeId::new) {
                        let at = ring.position(node);
                        holes.extend([at.x, at.y, ring.node_radius()]);
                    }
                    (banded_at, banded_now) = (wall, now);
                    drawn.sample
                } else {
                    (0..flying.len()).collect()
                };
                for index in sample {
                    let message = &flying[index];
                    let (sent, due) = times[index];
                    let at = place(ring, message.from, message.to, sent, due, now, discrete);
                    painted.push((message.id, at, message.swatch, message.direct));
                }
            }
            PAINTED.with_borrow_mut(|(painted_for, dots)| {
                *painted_for = Some((branch, ring));
                dots.clear();
                for (id, at, swatch, direct) in painted {
                    positions.extend([
                        at.x,
                        at.y,
                        f64::from(swatch.shape as u8),
                        colour_of(swatch.colour),
                        f64::from(u8::from(direct)),
                    ]);
                    dots.push((id, at));
                }
            });
            paints = paints.wrapping_add(1);
            let measure = resizes != measured_at || paints % 30 == 1;
            measured_at = resizes;
            paint_dots(
                &svg,
                &canvas,
                &positions,
                drew_flows,
                &bands,
                &holes,
                recount,
                &colours.join("|"),
                measure,
                ring.frame().width,
                ring.frame().height,
                &wires,
                rewire,
                &flash_lines,
                &pulses,
            );
            return;
        }
        // Back to a small cluster: the SVG draws the links again.
        if wired.take().is_some() {
            if let Some(canvas) = canvas.get() {
                hide_layers(&canvas);
            }
            drew_flows = false;
        }
        let Some(layer) = layer.get() else {
            return;
        };
        let first = lab.with_untracked(|run| {
            positions.clear();
            let mut flying = run.shown().in_flight().peekable();
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

/// `value`'s swatch, looked up in `run` the first time only.
fn swatch_of<'v>(swatches: &mut Vec<(&'v str, Swatch)>, run: &Run, value: &'v str) -> Swatch {
    if let Some((_, swatch)) = swatches.iter().find(|(v, _)| *v == value) {
        return *swatch;
    }
    let swatch = run.swatch(value);
    swatches.push((value, swatch));
    swatch
}

/// Where a message in flight is at simulated time `now`; `discrete` (for
/// viewers who asked for reduced motion) moves it in three jumps instead of
/// gliding.
fn dot_position(ring: Ring, envelope: &Envelope, now: f64, discrete: bool) -> Point {
    let message = &envelope.message;
    let (sent, due) = (envelope.sent_at as f64, envelope.deliver_at as f64);
    place(ring, message.from, message.to, sent, due, now, discrete)
}

/// Where a message from `from` to `to`, sent at `sent` and due at `due`,
/// is at `now` (see [`dot_position`]).
fn place(
    ring: Ring,
    from: NodeId,
    to: NodeId,
    sent: f64,
    due: f64,
    now: f64,
    discrete: bool,
) -> Point {
    let (start, end) = ring.chord(from, to);
    let along = progress(sent, due, now);
    start.lerp(
        end,
        if discrete {
            geometry::in_steps(along)
        } else {
            along
        },
    )
}

/// The run's branch and the ring some dots were painted for, and each dot.
type Painted = (Option<(u64, Ring)>, Vec<(MessageId, Point)>);

thread_local! {
    /// The dots painted last on the canvas, and where: what a click or the
    /// pointer can find. Among flows only the sample is painted, and only
    /// a painted dot can be clicked. (A page has one stage.)
    static PAINTED: RefCell<Painted> = const { RefCell::new((None, Vec::new())) };
}

/// The painted dot under the pointer, if one is within reach.
pub(super) fn painted_dot_at(
    lab: Lab,
    ring: Ring,
    svg: NodeRef<leptos::svg::Svg>,
    event: &leptos::ev::MouseEvent,
) -> Option<MessageId> {
    let svg = svg.get_untracked()?;
    let rect = svg.get_bounding_client_rect();
    let (dx, dy, scale) = ring.frame().placed(rect.width(), rect.height());
    if scale <= 0.0 {
        return None;
    }
    // `preserveAspectRatio` is the default, xMidYMid meet.
    let x = (f64::from(event.client_x()) - rect.left() - dx) / scale;
    let y = (f64::from(event.client_y()) - rect.top() - dy) / scale;
    // What was painted belongs to the run and the ring it was painted for.
    let branch = lab.with_untracked(|run| run.branch());
    PAINTED.with_borrow(|(painted_for, painted)| {
        if *painted_for != Some((branch, ring)) {
            return None;
        }
        painted
            .iter()
            .map(|(id, at)| (*id, (at.x - x).hypot(at.y - y)))
            .filter(|(_, distance)| *distance <= 16.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id)
    })
}

// The painting, in JavaScript: one call a frame, the numbers in one array.
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/ui/stage/dots.js")]
extern "C" {
    /// Sets each dot's `transform` from `xy`, which holds x and y for message
    /// `first`, then `first + 1`, and so on.
    fn place_dots(layer: &web_sys::Element, first: f64, xy: &[f64]);

    /// Paints `dots` (x, y, shape, colour index, direct: five numbers
    /// each) on `canvas`, laid exactly over `svg`'s coordinate space of
    /// `width` × `height`, and over them the `flashes` (from x, y, to x, y,
    /// opacity) and `pulses` (x, y, radius, opacity); `colours` are the
    /// palette's colours joined by `|`. Canvases of their own under it keep
    /// the healthy links' lines (`wires`: x1, y1, x2, y2 each, new if
    /// `rewire`) and, under those, the flows if `flowing`. On a `recount`,
    /// `bands` (four
    /// corners, colour index, shape: ten numbers each) replace the flows
    /// kept from the last one, leaving clear the `holes` (x, y, radius:
    /// three numbers each). Sets the canvas's `data-flows` and `data-dots`.
    #[allow(clippy::too_many_arguments)]
    fn paint_dots(
        svg: &web_sys::Element,
        canvas: &web_sys::Element,
        dots: &[f64],
        flowing: bool,
        bands: &[f64],
        holes: &[f64],
        recount: bool,
        colours: &str,
        measure: bool,
        width: f64,
        height: f64,
        wires: &[f64],
        rewire: bool,
        flashes: &[f64],
        pulses: &[f64],
    );

    /// Hides the canvases `paint_dots` laid under `canvas` (the flows and
    /// links) while the SVG draws a small cluster.
    fn hide_layers(canvas: &web_sys::Element);
}

/// Pauses and inspects the dot that was clicked. Listening on the layer
/// rather than on each dot saves adding and removing a listener for every
/// message.
pub(super) fn select_dot(lab: Lab, event: &leptos::ev::MouseEvent) {
    if let Some(id) = dot_under(event) {
        click_dot(lab, id);
    }
}

/// A click on a dot: drops the message in drop mode, else pauses and opens
/// it in the inspector.
pub(super) fn click_dot(lab: Lab, id: MessageId) {
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
pub(super) fn Dot(id: MessageId, ring: Ring) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let size = if ring.compact() { 8.0 } else { 12.0 };
    let now = lab.clock.get_untracked();
    // Placed once here; from then on `move_dots` moves it every frame.
    let Some((transform, direct, swatch)) = lab.with_untracked(|run| {
        let envelope = run.shown().message(id)?;
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

/// The hovered dot's statement, in the stage's corner.
#[component]
pub(super) fn DotInfo(hovered: RwSignal<Option<MessageId>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    move || {
        let id = hovered.get()?;
        let text = lab.with_untracked(|run| Some(describe(&run.shown().message(id)?.message)))?;
        Some(view! { <p class="dot-info">{text}</p> })
    }
}

/// The dot under the pointer, if any.
pub(super) fn dot_under(event: &leptos::ev::MouseEvent) -> Option<MessageId> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest(".dot").ok().flatten())
        .and_then(|dot| dot.get_attribute("data-message"))
        .and_then(|id| id.parse::<MessageId>().ok())
}
