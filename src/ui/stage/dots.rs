//! Messages in flight as dots along their chords: SVG elements for small
//! clusters, painted on a canvas over the SVG for large ones, moved by one
//! effect for all of them.

use byzscope_core::trace::MessageId;
use byzscope_core::Envelope;
use leptos::prelude::*;

use crate::model::geometry::{self, progress, Point, Ring};
use crate::model::numbers::num;
use crate::store::{Lab, Selection};
use crate::text::messages::describe;

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
                for envelope in run.shown().in_flight() {
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
            paint_dots(
                &svg,
                &canvas,
                &positions,
                &colours.join("|"),
                measure,
                geometry::WIDTH,
                geometry::HEIGHT,
            );
            return;
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

/// Where a message in flight is at simulated time `now`; `discrete` (for
/// viewers who asked for reduced motion) moves it in three jumps instead of
/// gliding.
fn dot_position(ring: Ring, envelope: &Envelope, now: f64, discrete: bool) -> Point {
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

/// The painted dot under the pointer, if one is within reach.
pub(super) fn painted_dot_at(
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
        run.shown()
            .in_flight()
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

export function paint_dots(svg, canvas, dots, colours, measure, width, height) {
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
  const scale = Math.min(r.width / width, r.height / height);
  ctx.setTransform(dpr * scale, 0, 0, dpr * scale,
    dpr * (r.width - width * scale) / 2, dpr * (r.height - height * scale) / 2);
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
    /// on `canvas`, laid exactly over `svg`'s coordinate space of `width` ×
    /// `height`; `colours` are the palette's colours joined by `|`.
    fn paint_dots(
        svg: &web_sys::Element,
        canvas: &web_sys::Element,
        dots: &[f64],
        colours: &str,
        measure: bool,
        width: f64,
        height: f64,
    );
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
