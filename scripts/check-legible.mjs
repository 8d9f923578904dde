// How legible the picture is wherever it is shown, measured in headless
// Chromium on the release build: for each cluster size and viewport, after a
// round and mid-round, the text boxes of the stage's SVG that overlap each
// other by more than 2 px, text sitting on a node circle, the node circles'
// bounding box as a share of the viewport, and the smallest and median label
// sizes; the same overlaps in the space-time diagram at 1600×900.
//
// It writes every figure to OUT_DIR/legible.json and fails (exit 1, each
// failure listed) when any two text boxes on the stage overlap or any text
// sits on a node circle. With --embed-sizes it also fails when an embedded
// stage's ring share or smallest label falls short of the sizes below (the
// targets are in docs/PERFORMANCE.md under "Legibility").
//
//     node scripts/check-legible.mjs URL OUT_DIR [N,N,…] [--embed-sizes] [--screenshots]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, watch } from './browser.mjs';

// The embed's targets, enforced only with --embed-sizes: the node circles'
// bounding box as a share of the frame, and the smallest label, in CSS px.
const EMBED_RING_SHARE = { 'embed 960×540': 0.45 };
const EMBED_LABEL_PX = { 'embed 960×540': 14, 'embed 800×450': 14, 'embed 480×320': 12 };

const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [url, out, sizes] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = flags.filter((flag) => flag !== '--embed-sizes' && flag !== '--screenshots');
if (!url || !out || unknown.length) {
  console.error('usage: node scripts/check-legible.mjs URL OUT_DIR [N,N,…] [--embed-sizes] [--screenshots]');
  process.exit(2);
}
const embedSizes = flags.includes('--embed-sizes');
// With --screenshots, PNGs of the stages (see `stage`), in OUT_DIR/legible.
const shots = flags.includes('--screenshots');
const clusters = (sizes ?? '3,4,5,7,10,16,32').split(',').map(Number);
if (clusters.some((n) => !Number.isInteger(n) || n < 3)) {
  console.error(`cluster sizes must be whole numbers from 3: ${sizes}`);
  process.exit(2);
}
const viewports = [
  { name: '1920×1080', width: 1920, height: 1080 },
  { name: '1280×720', width: 1280, height: 720 },
  { name: 'embed 960×540', width: 960, height: 540, embed: true },
  { name: 'embed 800×450', width: 800, height: 450, embed: true },
  { name: 'embed 480×320', width: 480, height: 320, embed: true },
  { name: 'phone 390×844', width: 390, height: 844 },
];

const browser = await launch();
const problems = [];
const failures = [];

// What the picture shows, read from the page: every text box of the SVG
// (its rendered box and font size), every node circle, and the words laid
// over the picture.
function measure(selector) {
  const svg = document.querySelector(selector);
  if (!svg) return null;
  const boxes = [...svg.querySelectorAll('text')]
    .filter((text) => text.textContent.trim() && text.getClientRects().length)
    .map((text) => {
      const r = text.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(text).fontSize) * (svg.getScreenCTM()?.a ?? 1);
      // A node's name and badge belong on its own circle.
      const node = text.matches('.id, .badge text') ? text.closest('.node') : null;
      return { text: text.textContent.trim().slice(0, 40), x: r.x, y: r.y, w: r.width, h: r.height, size, node };
    })
    .filter((box) => box.w > 0 && box.h > 0);
  // The words laid over the picture (the split's caption, the clock, a
  // broken bound's warning) wherever they cross the SVG's box.
  const frame = svg.getBoundingClientRect();
  const overlays = [];
  for (const [name, selector] of [['caption', '.split-caption'], ['clock', '.readout'], ['warning', '.banner']]) {
    const element = svg.closest('.stage-frame, .spacetime-frame')?.querySelector(selector);
    if (!element || !element.getClientRects().length) continue;
    const r = element.getBoundingClientRect();
    const crosses = r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
    if (r.width > 0 && r.height > 0 && crosses)
      overlays.push({ text: `${name}: ` + element.textContent.trim().slice(0, 30), x: r.x, y: r.y, w: r.width, h: r.height });
  }
  const circles = [...svg.querySelectorAll('.node circle.body')].map((c) => {
    const r = c.getBoundingClientRect();
    return { node: c.closest('.node'), cx: r.x + r.width / 2, cy: r.y + r.height / 2, r: r.width / 2 };
  });
  const overlap = (a, b) =>
    Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 2 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 2;
  // A box on a circle: the circle reaches more than 2 px into it.
  const onCircle = (box, c) => {
    const dx = Math.max(box.x - c.cx, 0, c.cx - (box.x + box.w));
    const dy = Math.max(box.y - c.cy, 0, c.cy - (box.y + box.h));
    return Math.hypot(dx, dy) < c.r - 2;
  };
  const all = [...boxes, ...overlays];
  const pairs = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) if (overlap(all[i], all[j])) pairs.push([all[i].text, all[j].text]);
  const sitting = [];
  for (const box of all)
    for (const c of circles)
      if (box.node !== c.node && onCircle(box, c)) sitting.push([box.text, c.node.dataset.node]);
  let ring = 0;
  if (circles.length) {
    const x0 = Math.min(...circles.map((c) => c.cx - c.r));
    const x1 = Math.max(...circles.map((c) => c.cx + c.r));
    const y0 = Math.min(...circles.map((c) => c.cy - c.r));
    const y1 = Math.max(...circles.map((c) => c.cy + c.r));
    ring = ((x1 - x0) * (y1 - y0)) / (innerWidth * innerHeight);
  }
  const sizes = boxes.map((box) => box.size).sort((a, b) => a - b);
  return {
    texts: boxes.length,
    overlapping_pairs: pairs.length,
    examples: pairs.slice(0, 4),
    text_on_circles: sitting.length,
    on_circle_examples: sitting.slice(0, 4),
    ring_share: +ring.toFixed(3),
    smallest_label_px: sizes.length ? +sizes[0].toFixed(1) : null,
    median_label_px: sizes.length ? +sizes[Math.floor(sizes.length / 2)].toFixed(1) : null,
  };
}

async function stage(viewport, nodes, moment) {
  const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
  watch(page, problems);
  const byzantine = `node${nodes}`;
  const query = `?nodes=${nodes}&byzantine=${byzantine}&propose=node1:test123&step=1${viewport.embed ? '&embed=1' : ''}`;
  await page.goto(url + query);
  await page.waitForSelector('svg.stage .node', { timeout: 60_000 });
  if (moment === 'after a round') await page.evaluate(() => window.byzscope.finish());
  else await page.evaluate(() => window.byzscope.seek(450));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const measured = await page.evaluate(measure, 'svg.stage');
  // One picture per cluster size a slide or a lesson shows and the two
  // largest, at every size, after a round: enough to look at every layout
  // without a PNG of every stage measured.
  if (shots && moment === 'after a round' && [4, 7, 16, 32].includes(nodes)) {
    const name = `stage-${nodes}-${viewport.name.replace(/[^a-z0-9]+/gi, '-')}-${moment.replace(/ /g, '-')}.png`;
    mkdirSync(join(out, 'legible'), { recursive: true });
    await page.screenshot({ path: join(out, 'legible', name) });
  }
  await page.close();
  return measured;
}

// The space-time diagram after a round: its text boxes and how many arrows
// it draws by default (in full, and faded), counted from its paths' moves.
const spacetimeViewports = [
  { name: '1600×900', width: 1600, height: 900 },
  { name: '1280×720', width: 1280, height: 720 },
];
const spacetimeClusters = [3, 4, 5, 7, 10, 16, 32];

async function spacetime(nodes, viewport) {
  const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
  watch(page, problems);
  await page.goto(`${url}?nodes=${nodes}&byzantine=node${nodes}&propose=node1:test123&step=1`);
  await page.waitForSelector('svg.stage .node', { timeout: 60_000 });
  await page.evaluate(() => window.byzscope.finish());
  await page.click('#tab-spacetime');
  await page.waitForSelector('svg.spacetime', { timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const measured = await page.evaluate(measure, 'svg.spacetime');
  const arrows = await page.$$eval('svg.spacetime .messages path:not(.head)', (paths) => {
    const moves = (path) => (path.getAttribute('d').match(/M/g) ?? []).length;
    const fadedNow = (path) => path.closest('g.faded:not(.shown)') !== null;
    const faded = paths.filter(fadedNow);
    const full = paths.filter((path) => !fadedNow(path));
    return { full: full.reduce((sum, p) => sum + moves(p), 0), faded: faded.reduce((sum, p) => sum + moves(p), 0) };
  });
  await page.close();
  return { ...measured, arrows: arrows.full, faded_arrows: arrows.faded };
}

const results = [];
for (const nodes of clusters) {
  for (const viewport of viewports) {
    for (const moment of ['after a round', 'mid-round']) {
      const m = await stage(viewport, nodes, moment);
      results.push({ picture: 'stage', nodes, viewport: viewport.name, moment, ...m });
      console.log(
        `stage N = ${nodes}, ${viewport.name}, ${moment}: ${m.overlapping_pairs} overlapping pairs, ` +
          `${m.text_on_circles} on circles, ` +
          `ring ${(100 * m.ring_share).toFixed(0)} %, labels ${m.smallest_label_px}–${m.median_label_px} px (smallest–median)` +
          (m.examples.length ? `; e.g. ${m.examples.map((p) => p.join(' / ')).join('; ')}` : '') +
          (m.on_circle_examples.length ? `; on ${m.on_circle_examples.map((p) => p.join(' on ')).join('; ')}` : ''),
      );
      const where = `stage N = ${nodes}, ${viewport.name}, ${moment}`;
      if (m.overlapping_pairs > 0) failures.push(`${where}: ${m.overlapping_pairs} overlapping text pairs`);
      if (m.text_on_circles > 0) failures.push(`${where}: ${m.text_on_circles} texts on a node circle`);
      if (embedSizes && viewport.name in EMBED_RING_SHARE && m.ring_share < EMBED_RING_SHARE[viewport.name])
        failures.push(`${where}: ring ${(100 * m.ring_share).toFixed(0)} % < ${100 * EMBED_RING_SHARE[viewport.name]} %`);
      if (embedSizes && viewport.name in EMBED_LABEL_PX && m.smallest_label_px < EMBED_LABEL_PX[viewport.name])
        failures.push(`${where}: smallest label ${m.smallest_label_px} px < ${EMBED_LABEL_PX[viewport.name]} px`);
    }
  }
}
const spacetimeFailures = [];
for (const nodes of spacetimeClusters) {
  for (const viewport of spacetimeViewports) {
    const s = await spacetime(nodes, viewport);
    results.push({ picture: 'space-time', nodes, viewport: viewport.name, moment: 'after a round', ...s });
    console.log(
      `space-time N = ${nodes}, ${viewport.name}: ${s.overlapping_pairs} overlapping pairs, ` +
        `${s.arrows} arrows drawn in full, ${s.faded_arrows} faded, labels ${s.smallest_label_px}–${s.median_label_px} px` +
        (s.examples.length ? `; e.g. ${s.examples.map((p) => p.join(' / ')).join('; ')}` : ''),
    );
    if (s.overlapping_pairs) spacetimeFailures.push(`space-time N = ${nodes}, ${viewport.name}: ${s.overlapping_pairs} overlapping text pairs`);
  }
}
writeFileSync(join(out, 'legible.json'), JSON.stringify(results, null, 2) + '\n');
await browser.close();
failures.push(...spacetimeFailures);
if (problems.length) console.error('The page had problems:\n  ' + problems.join('\n  '));
if (failures.length) console.error(`${failures.length} legibility failures:\n  ` + failures.join('\n  '));
if (problems.length || failures.length) process.exit(1);
