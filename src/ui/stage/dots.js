// What src/ui/stage/dots.rs paints: the SVG dots of small clusters moved,
// the dots and flows of large ones painted on a canvas over the SVG.
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

export function paint_dots(svg, canvas, dots, flowing, bands, holes, recount, colours, measure, width, height) {
  if (measure || !canvas.byzscopeStage) {
    const frame = canvas.offsetParent;
    if (!frame) return;
    const r = svg.getBoundingClientRect(), f = frame.getBoundingClientRect();
    const alpha = parseFloat(getComputedStyle(canvas).getPropertyValue('--flow-alpha'));
    // Relative to the frame's padding box, which starts inside its border.
    canvas.byzscopeStage = {
      r: { width: r.width, height: r.height },
      left: r.left - f.left - frame.clientLeft,
      top: r.top - f.top - frame.clientTop,
      alpha: alpha > 0 && alpha <= 1 ? alpha : 0.5,
    };
  }
  const { r, left, top, alpha } = canvas.byzscopeStage;
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
  const flows = flowing ? 'true' : 'false';
  if (canvas.dataset.flows !== flows) canvas.dataset.flows = flows;
  const painted = String(dots.length / 5);
  if (canvas.dataset.dots !== painted) canvas.dataset.dots = painted;
  if (recount) paint_bands(canvas, bands, holes, palette, alpha, w, h, ctx.getTransform());
  if (flowing && canvas.byzscopeBands) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(canvas.byzscopeBands, 0, 0);
    ctx.restore();
  }
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

// Flows, kept on a canvas of their own between recounts: one fill per
// value, every link's part of it in one path. A plain value is a solid
// band; a fork is striped, a forgery dotted, so they differ in greyscale
// too, as the dots' shapes do. Plain values first, forks over them.
function paint_bands(canvas, bands, holes, palette, alpha, w, h, transform) {
  const layer = canvas.byzscopeBands || (canvas.byzscopeBands = document.createElement('canvas'));
  if (layer.width !== w || layer.height !== h) { layer.width = w; layer.height = h; }
  const ctx = layer.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(transform);
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
