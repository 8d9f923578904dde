// What src/ui/stage/dots.rs paints: the SVG dots of small clusters moved;
// for large ones the dots, flows, healthy links and detections' flashes,
// painted on canvases laid exactly under the SVG.
// A coordinate as src/model/numbers.rs `num` writes one (two decimals,
// half away from zero, trailing zeros dropped), so a dot moved here reads
// the same as one placed by Rust: a seek and a replay give equal pages.
const num = (x) => {
  const scaled = Math.round(Math.abs(x) * 100);
  return (x < 0 && scaled ? '-' : '') + String(scaled / 100);
};

export function place_dots(layer, first, xy) {
  for (const dot of layer.children) {
    const slot = 2 * (Number(dot.getAttribute('data-message')) - first);
    const x = xy[slot], y = xy[slot + 1];
    if (x === x && y !== undefined) {
      dot.setAttribute('transform', 'translate(' + num(x) + ' ' + num(y) + ')');
    }
  }
}

// Large clusters paint on three canvases laid exactly under the SVG, from
// the bottom: the flows, redrawn at a recount; the healthy links' thin
// lines, only when the ring or its faults change; the dots and the
// detections' flashes, every frame. Layers the compositor stacks cost less
// than copying the flows and lines into each frame, and the SVG, with
// nothing left in it that changes every frame, is not rasterised again.
export function paint_dots(svg, canvas, dots, flowing, bands, holes, recount, colours, measure, width, height, wires, rewire, flashes, pulses) {
  let s = canvas.byzscope;
  if (!s) {
    s = canvas.byzscope = { canvas, wires: [], flowing: false, bands: [], holes: [], banded: [] };
    // A new theme or contrast recolours the lines and flashes: paint again,
    // even at rest.
    new MutationObserver(() => {
      s.stage = null;
      draw(s);
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-contrast'] });
  }
  Object.assign(s, { svg, width, height, palette: colours.split('|') });
  if (measure) s.stage = null;
  // Kept, not viewed: the arrays Rust passes live only for this call.
  Object.assign(s, { dots: dots.slice(), flashes: flashes.slice(), pulses: pulses.slice() });
  if (recount && (flowing || s.flowing)) s.flowed = true;
  if (recount) Object.assign(s, { flowing, bands: bands.slice(), holes: holes.slice(), banded: s.palette });
  if (rewire) Object.assign(s, { wires: wires.slice(), wired: true });
  draw(s);
}

// Hides the other canvases while the SVG draws a small cluster itself.
export function hide_layers(canvas) {
  const s = canvas.byzscope;
  for (const layer of (s && s.layers) || []) layer.style.display = 'none';
}

// Paints what `s` owes: every layer after a measure that changed the looks
// or the size, else what changed. What the stage cannot show yet (hidden)
// stays owed.
function draw(s) {
  const { canvas, svg } = s;
  if (!s.stage) {
    const frame = canvas.offsetParent;
    if (!frame) return;
    const r = svg.getBoundingClientRect(), f = frame.getBoundingClientRect();
    const style = getComputedStyle(canvas);
    const alpha = parseFloat(style.getPropertyValue('--flow-alpha'));
    // A healthy link's line as the stylesheet draws it (theme, contrast).
    const wire = svg.querySelector('.links .link:not(:hover):not(.selected):not(.cut):not(.slow) .wire');
    const line = wire ? getComputedStyle(wire) : null;
    // Relative to the frame's padding box, which starts inside its border.
    s.stage = {
      r: { width: r.width, height: r.height },
      left: r.left - f.left - frame.clientLeft,
      top: r.top - f.top - frame.clientTop,
      alpha: alpha > 0 && alpha <= 1 ? alpha : 0.5,
      wire: line ? line.stroke : '',
      wireWidth: line ? parseFloat(line.strokeWidth) : 0,
      alert: style.getPropertyValue('--alert').trim(),
      flash: parseFloat(style.getPropertyValue('--flash-width')) || 12,
      pulse: parseFloat(style.getPropertyValue('--pulse-width')) || 10,
    };
    const looks = JSON.stringify(s.stage);
    if (looks !== s.looks) s.flowed = s.wired = true;
    s.looks = looks;
  }
  if (!s.layers) {
    // Under the dots the links, and under those the flows.
    s.layers = ['flows', 'lines'].map((name) => {
      const layer = document.createElement('canvas');
      layer.className = 'stage-layer ' + name;
      layer.setAttribute('aria-hidden', 'true');
      return layer;
    });
    canvas.before(...s.layers);
  }
  const { r, left, top } = s.stage;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(r.width * dpr), h = Math.round(r.height * dpr);
  for (const c of [canvas, ...s.layers]) {
    const style = c.style;
    if (c !== canvas && style.display) style.display = '';
    if (style.left !== left + 'px') style.left = left + 'px';
    if (style.top !== top + 'px') style.top = top + 'px';
    if (style.width !== r.width + 'px') style.width = r.width + 'px';
    if (style.height !== r.height + 'px') style.height = r.height + 'px';
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
      s.flowed = s.wired = true;
    }
  }
  const scale = Math.min(r.width / s.width, r.height / s.height);
  const transform = [dpr * scale, 0, 0, dpr * scale,
    dpr * (r.width - s.width * scale) / 2, dpr * (r.height - s.height * scale) / 2];
  const [flows, lines] = s.layers.map((layer) => layer.getContext('2d'));
  if (s.flowed) {
    clean(flows, w, h, transform);
    if (s.flowing) paint_bands(flows, canvas, s.bands, s.holes, s.banded, s.stage.alpha);
    s.flowed = false;
  }
  if (s.wired) {
    clean(lines, w, h, transform);
    paint_lines(lines, s.wires, s.stage);
    s.wired = false;
  }
  const ctx = canvas.getContext('2d');
  clean(ctx, w, h, transform);
  const flowing = s.flowing ? 'true' : 'false';
  if (canvas.dataset.flows !== flowing) canvas.dataset.flows = flowing;
  const { dots, palette } = s;
  const painted = String(dots.length / 5);
  if (canvas.dataset.dots !== painted) canvas.dataset.dots = painted;
  // Each dot stamped from a glyph drawn once: filling and stroking a path
  // of many dots costs more than all the stamps.
  const [k, , , , x0, y0] = transform;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (s.k !== k) s.glyphs = new Map();
  s.k = k;
  for (let i = 0; i + 4 < dots.length; i += 5) {
    const glyph = glyph_of(s.glyphs, dots[i + 2], palette[dots[i + 3]], dots[i + 4] === 1, k);
    ctx.drawImage(glyph, dots[i] * k + x0 - glyph.half, dots[i + 1] * k + y0 - glyph.half);
  }
  ctx.setTransform(...transform);
  paint_flashes(ctx, s.flashes, s.pulses, s.stage);
}

// A dot's shape in its colour, filled when it comes from the statement's
// origin, hollow when forwarded, at `k` pixels per stage unit.
function glyph_of(glyphs, shape, colour, direct, k) {
  const key = shape + colour + direct;
  let glyph = glyphs.get(key);
  if (glyph) return glyph;
  const size = 8, half = Math.ceil((size * 1.3 + 3) * k) + 1;
  glyph = document.createElement('canvas');
  glyph.width = glyph.height = 2 * half;
  glyph.half = half;
  const ctx = glyph.getContext('2d');
  ctx.setTransform(k, 0, 0, k, half, half);
  ctx.beginPath();
  if (shape === 0) {
    ctx.arc(0, 0, size, 0, 2 * Math.PI);
  } else if (shape === 1) {
    const d = size * 1.25;
    ctx.moveTo(0, -d); ctx.lineTo(d, 0); ctx.lineTo(0, d); ctx.lineTo(-d, 0); ctx.closePath();
  } else {
    const d = size * 1.3, e = size * 1.04;
    ctx.moveTo(0, -d); ctx.lineTo(d, e); ctx.lineTo(-d, e); ctx.closePath();
  }
  if (direct) {
    ctx.lineWidth = 3; ctx.strokeStyle = '#fff'; ctx.stroke();
    ctx.fillStyle = colour; ctx.fill();
  } else {
    ctx.lineWidth = 5; ctx.strokeStyle = colour; ctx.stroke();
  }
  glyphs.set(key, glyph);
  return glyph;
}

// Clears a layer and sets it to the stage's coordinates.
function clean(ctx, w, h, transform) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(...transform);
}

// The healthy links' thin lines. A stroke each: one path of hundreds of
// crossing lines is many times slower to fill.
function paint_lines(ctx, wires, stage) {
  if (!(stage.wireWidth > 0)) return;
  ctx.strokeStyle = stage.wire;
  ctx.lineWidth = stage.wireWidth;
  for (let i = 0; i + 3 < wires.length; i += 4) {
    ctx.beginPath();
    ctx.moveTo(wires[i], wires[i + 1]);
    ctx.lineTo(wires[i + 2], wires[i + 3]);
    ctx.stroke();
  }
}

// Each detection's flash from detector to accused, and the detector's
// widening ring, over the dots and fading as the SVG's do (model::flows).
function paint_flashes(ctx, flashes, pulses, stage) {
  ctx.strokeStyle = stage.alert;
  ctx.lineCap = 'round';
  ctx.lineWidth = stage.flash;
  for (let i = 0; i + 4 < flashes.length; i += 5) {
    ctx.globalAlpha = flashes[i + 4];
    ctx.beginPath();
    ctx.moveTo(flashes[i], flashes[i + 1]);
    ctx.lineTo(flashes[i + 2], flashes[i + 3]);
    ctx.stroke();
  }
  ctx.lineCap = 'butt';
  ctx.lineWidth = stage.pulse;
  for (let i = 0; i + 3 < pulses.length; i += 4) {
    ctx.globalAlpha = pulses[i + 3];
    ctx.beginPath();
    ctx.arc(pulses[i], pulses[i + 1], pulses[i + 2], 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

// Flows: one fill per value, every link's part of it in one path. A plain
// value is a solid band; a fork is striped, a forgery dotted, so they differ
// in greyscale too, as the dots' shapes do. Plain values first, forks over
// them.
function paint_bands(ctx, canvas, bands, holes, palette, alpha) {
  if (holes.length > 0) {
    const clip = new Path2D();
    clip.rect(-1e4, -1e4, 2e4, 2e4);
    for (let i = 0; i + 2 < holes.length; i += 3) {
      clip.moveTo(holes[i] + holes[i + 2], holes[i + 1]);
      clip.arc(holes[i], holes[i + 1], holes[i + 2], 0, 2 * Math.PI);
    }
    ctx.save();
    ctx.clip(clip, 'evenodd');
  }
  const fills = new Map();
  for (let i = 0; i + 9 < bands.length; i += 10) {
    const key = bands[i + 9] * 1000 + bands[i + 8];
    let path = fills.get(key);
    if (!path) { path = new Path2D(); fills.set(key, path); }
    path.moveTo(bands[i], bands[i + 1]);
    path.lineTo(bands[i + 2], bands[i + 3]);
    path.lineTo(bands[i + 4], bands[i + 5]);
    path.lineTo(bands[i + 6], bands[i + 7]);
    path.closePath();
  }
  ctx.globalAlpha = alpha;
  for (const key of [...fills.keys()].sort((a, b) => a - b)) {
    const colour = palette[key % 1000], shape = Math.floor(key / 1000);
    ctx.fillStyle = shape === 0 ? colour : pattern(ctx, canvas, colour, shape);
    ctx.fill(fills.get(key));
  }
  if (holes.length > 0) ctx.restore();
}

// A fork's stripes or a forgery's dots in `colour`, made once per colour.
function pattern(ctx, canvas, colour, shape) {
  const cache = canvas.byzscopePatterns || (canvas.byzscopePatterns = new Map());
  const key = colour + shape;
  let made = cache.get(key);
  if (!made) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 12;
    const t = tile.getContext('2d');
    t.fillStyle = colour;
    t.globalAlpha = 0.35;
    t.fillRect(0, 0, 12, 12);
    t.globalAlpha = 1;
    if (shape === 1) {
      t.beginPath();
      for (const o of [-12, 0, 12]) { t.moveTo(o, 12); t.lineTo(o + 12, 0); }
      t.lineWidth = 5; t.strokeStyle = colour; t.stroke();
    } else {
      t.beginPath(); t.arc(6, 6, 3, 0, 2 * Math.PI); t.fill();
    }
    made = ctx.createPattern(tile, 'repeat');
    cache.set(key, made);
  }
  return made;
}
