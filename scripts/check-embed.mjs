// Checks the embedded page and the presenter view in headless Chromium on
// the release build: embedded at 960×540, 800×450 and 480×320 (a slide, a
// smaller slide, a thumbnail) and presenting at 1920×1080, each after a
// round with detections. For each it measures the node circles' bounding
// box as a share of the frame, the smallest and median text of the stage's
// SVG in CSS pixels (all of it, as scripts/check-legible.mjs does, and the
// nodes' own labels apart), that the page does not scroll either way, that
// no word laid over the picture is cut off at its corner's edge, and (when
// embedded) that the detections table is one click away: the drawer's
// button opens it, its rows show inside the frame, and still nothing
// scrolls. The presenter view is also checked by its key: `f` turns it
// on, `Esc` off. It fails on any of those, saying which, and on a size
// short of its target.
//
//     node scripts/check-embed.mjs URL OUT_DIR [N,N,…]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, watch } from './browser.mjs';

const [url, out, sizes] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/check-embed.mjs URL OUT_DIR [N,N,…]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const clusters = (sizes ?? '3,4,5,7,10,16,32').split(',').map(Number);
// The size targets: ring share of the frame, smallest label px, enforced
// for every cluster size in every frame. (A thumbnail's labels for a
// large cluster go in columns beside the ring to meet them.)
const frames = [
  { name: 'embed 960×540', width: 960, height: 540, query: 'embed=1', ring: 0.45, label: 14 },
  { name: 'embed 800×450', width: 800, height: 450, query: 'embed=1', ring: 0.45, label: 14 },
  { name: 'embed 480×320', width: 480, height: 320, query: 'embed=1', ring: null, label: 12 },
  { name: 'present 1920×1080', width: 1920, height: 1080, query: 'present=1', ring: 0.45, label: 24 },
];

const browser = await launch();
const problems = [];
const misses = [];
const miss = (ok, message) => {
  if (!ok) misses.push(message);
};

// The stage as drawn: its text sizes in CSS px and the ring's share of the
// frame; and whether the page scrolls.
function measure() {
  const svg = document.querySelector('svg.stage');
  const scale = svg.getScreenCTM()?.a ?? 1;
  const sizes = [...svg.querySelectorAll('text')]
    .filter((text) => text.textContent.trim() && text.getClientRects().length)
    .filter((text) => text.getBoundingClientRect().width > 0)
    .map((text) => parseFloat(getComputedStyle(text).fontSize) * scale)
    .sort((a, b) => a - b);
  // The nodes' own words (name, role, state), apart from the badges' digits.
  const names = [...svg.querySelectorAll('.node text.label, .node text.id')]
    .filter((text) => text.textContent.trim() && text.getClientRects().length)
    .map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
  const circles = [...svg.querySelectorAll('.node circle.body')].map((c) => c.getBoundingClientRect());
  const x0 = Math.min(...circles.map((c) => c.left));
  const x1 = Math.max(...circles.map((c) => c.right));
  const y0 = Math.min(...circles.map((c) => c.top));
  const y1 = Math.max(...circles.map((c) => c.bottom));
  const scroller = document.scrollingElement;
  const caption = document.querySelector('.split-caption');
  // The words laid over the picture in their corner: none may be cut off
  // at its edge (the corner clips what it cannot hold).
  const spot = document.querySelector('.caption-spot');
  const cut = !!spot && spot.getClientRects().length > 0 && spot.scrollHeight > spot.clientHeight + 1;
  return {
    ring_share: +(((x1 - x0) * (y1 - y0)) / (innerWidth * innerHeight)).toFixed(3),
    stage_share: +((svg.getBoundingClientRect().width * svg.getBoundingClientRect().height) / (innerWidth * innerHeight)).toFixed(3),
    smallest_label_px: +sizes[0].toFixed(1),
    median_label_px: +sizes[Math.floor(sizes.length / 2)].toFixed(1),
    smallest_node_label_px: +Math.min(...names).toFixed(1),
    caption_px: caption ? +parseFloat(getComputedStyle(caption).fontSize).toFixed(1) : null,
    scrolls: scroller.scrollHeight > innerHeight || scroller.scrollWidth > innerWidth,
    scroll: `${scroller.scrollWidth}×${scroller.scrollHeight}`,
    caption_cut: cut ? `${spot.scrollHeight} px of words in ${spot.clientHeight}` : null,
  };
}

// Whether an element is drawn, its start inside the viewport.
function shownInFrame(selector) {
  const element = document.querySelector(selector);
  if (!element || !element.getClientRects().length) return false;
  const r = element.getBoundingClientRect();
  // A wide table may scroll sideways in its own box: its start must show.
  return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.left < innerWidth;
}

// What the words laid over the picture cover: each of the
// split's caption, the clock and the hint to leave against the stage's
// texts, its circles and the others (more than 2 px into each other).
function overWords() {
  const over = ['.split-caption', '.readout', '.present-hint']
    .map((selector) => [selector, document.querySelector(selector)])
    .filter(([, element]) => element && element.getClientRects().length)
    .map(([selector, element]) => [selector, element.getBoundingClientRect()]);
  const svg = document.querySelector('svg.stage');
  const under = [
    ...[...svg.querySelectorAll('text')]
      .filter((text) => text.textContent.trim() && text.getClientRects().length)
      .map((text) => [`"${text.textContent.trim().slice(0, 24)}"`, text.getBoundingClientRect()]),
    ...[...svg.querySelectorAll('.node circle.body')].map((c) => [`${c.closest('.node').dataset.node}'s circle`, c.getBoundingClientRect()]),
  ];
  const meet = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  const found = [];
  over.forEach(([name, box], i) => {
    for (const [other, rect] of [...under, ...over.slice(i + 1)]) if (meet(box, rect)) found.push(`${name} over ${other}`);
  });
  return found;
}

const settle = (page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

const results = [];
for (const nodes of clusters) {
  for (const frame of frames) {
    const page = await browser.newPage({ viewport: { width: frame.width, height: frame.height } });
    watch(page, problems);
    const query = `?nodes=${nodes}&byzantine=node${nodes}&propose=node1:test123&step=1&${frame.query}`;
    await page.goto(url + query);
    await page.waitForSelector('svg.stage .node', { timeout: 60_000 });
    await page.evaluate(() => window.byzscope.finish());
    await settle(page);
    const m = await page.evaluate(measure);
    const where = `N = ${nodes}, ${frame.name}`;
    const shot = join(out, `${frame.name.replace(/[ ×]/g, '-')}-n${nodes}.png`);
    await page.screenshot({ path: shot });
    const row = { nodes, frame: frame.name, ...m, screenshot: shot };
    if (frame.ring !== null) miss(m.ring_share >= frame.ring, `${where}: the ring is ${pc(m.ring_share)} of the frame, under ${pc(frame.ring)}`);
    miss(m.smallest_label_px >= frame.label, `${where}: the smallest label is ${m.smallest_label_px} px, under ${frame.label} px`);
    miss(!m.scrolls, `${where}: the page scrolls (${m.scroll} in ${frame.width}×${frame.height})`);
    miss(!m.caption_cut, `${where}: the words over the picture are cut off (${m.caption_cut})`);
    // The words over the picture (the split's caption, the clock, the
    // presenter's hint) on no label, no circle and not one another.
    const covered = await page.evaluate(overWords);
    row.covered = covered;
    miss(covered.length === 0, `${where}: ${covered.join('; ')}`);
    if (frame.query === 'embed=1') {
      // One click to the table, its rows inside the frame.
      const button = await page.$('#show-detections');
      if (button) await button.click();
      await settle(page);
      const rows = await page.$$eval('table.detections tbody tr', (trs) => trs.filter((tr) => tr.getClientRects().length).length);
      // The drawer scrolls on its own: its first row must be in sight.
      const inFrame = await page.evaluate(shownInFrame, '#detections-drawer table.detections tbody tr');
      const after = await page.evaluate(measure);
      row.table_rows = rows;
      miss(rows > 0 && inFrame, `${where}: one click shows ${rows} detection rows${inFrame ? '' : ', not inside the frame'}`);
      miss(!after.scrolls, `${where}: with the table open the page scrolls (${after.scroll})`);
      await page.screenshot({ path: shot.replace('.png', '-table.png') });
    } else {
      const hint = await page.evaluate(shownInFrame, '.present-hint');
      const panels = await page.$$eval('.side-column, .topbar, .timeline', (all) => all.filter((e) => e.getClientRects().length).length);
      row.hint = hint;
      miss(hint, `${where}: no hint on how to leave the presenter view`);
      miss(panels === 0, `${where}: ${panels} side panels still shown`);
      miss(m.caption_px === null || m.caption_px >= 24, `${where}: the split caption is ${m.caption_px} px`);
      // The key leaves and re-enters it; the remote's keys still step.
      await page.keyboard.press('Escape');
      const left = await page.evaluate(() => !document.querySelector('main.presenting'));
      await page.keyboard.press('f');
      const back = await page.evaluate(() => !!document.querySelector('main.presenting'));
      miss(left && back, `${where}: Esc ${left ? 'left' : 'did not leave'} and f ${back ? 'came back to' : 'did not come back to'} the presenter view`);
      await page.evaluate(() => window.byzscope.seek(0));
      await settle(page);
      const before = await page.evaluate(() => document.getElementById('clock').textContent);
      await page.keyboard.press('ArrowRight');
      await settle(page);
      const stepped = await page.evaluate(() => document.getElementById('clock').textContent);
      miss(before !== stepped, `${where}: → did not step the run (clock ${before} → ${stepped})`);
    }
    results.push(row);
    console.log(
      `${where}: ring ${pc(m.ring_share)}, stage ${pc(m.stage_share)}, labels ${m.smallest_label_px}–${m.median_label_px} px (smallest–median; node labels from ${m.smallest_node_label_px})` +
        (m.caption_px ? `, caption ${m.caption_px} px` : '') +
        `, ${m.scrolls ? 'SCROLLS ' + m.scroll : 'no scroll'}` +
        (row.table_rows !== undefined ? `, ${row.table_rows} rows one click away` : '') +
        (row.hint !== undefined ? `, ${row.hint ? 'hint shown' : 'no hint'}` : ''),
    );
    await page.close();
  }
}

function pc(share) {
  return `${Math.round(100 * share)} %`;
}

writeFileSync(join(out, 'embed.json'), JSON.stringify(results, null, 2) + '\n');
await browser.close();
if (problems.length) console.error('The page had problems:\n  ' + problems.join('\n  '));
if (misses.length) console.error('The embed or the presenter view fails:\n  ' + misses.join('\n  '));
process.exit(problems.length || misses.length ? 1 : 0);
