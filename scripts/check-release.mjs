// Loads the built site in headless Chromium and uses it as a viewer would:
// proposes test123 on node1, watches the round play, and checks that each
// honest node catches node4 — with no console errors, no failed requests,
// labels readable on a projector and no sideways scrolling on a phone. It
// also times animation frames at N = 4, 16 and 32 and saves screenshots.
//
//     node scripts/check-release.mjs URL OUT_DIR [--frames]
//
// With --frames it only times the frames (and writes frames.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, require, watch } from './browser.mjs';

const [url, out, only] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/check-release.mjs URL OUT_DIR');
  process.exit(2);
}

const browser = await launch();

const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};

async function open(viewport, query = '') {
  const page = await browser.newPage({ viewport });
  watch(page, problems);
  await page.goto(url + query);
  await page.waitForSelector('svg.stage .node', { timeout: 30_000 });
  return page;
}

const stage = (page, name) => page.$eval('svg.stage', (svg, name) => svg.dataset[name], name);

// Sets the speed slider (log10 of the speed) as a viewer dragging it would.
async function setSpeed(page, exponent) {
  await page.$eval(
    '#speed',
    (input, exponent) => {
      input.value = String(exponent);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    exponent,
  );
}

async function setNodes(page, nodes) {
  await page.click('details.scenario summary');
  await page.fill('#nodes', String(nodes));
  await page.dispatchEvent('#nodes', 'change');
  await page.click('details.scenario summary');
}

// Records requestAnimationFrame intervals until the run is quiet: first on
// the idle page (the baseline), then while a round plays at 1×.
async function frameTimes(nodes) {
  const page = await open({ width: 1280, height: 720 });
  if (nodes !== 4) await setNodes(page, nodes);
  await setSpeed(page, 0);
  const record = (untilQuiet) =>
    page.evaluate(
      (untilQuiet) =>
        new Promise((resolve) => {
          const intervals = [];
          let last;
          const svg = document.querySelector('svg.stage');
          const frame = (t) => {
            if (last !== undefined) intervals.push(t - last);
            last = t;
            const done = untilQuiet ? svg.dataset.quiet === 'true' : intervals.length >= 120;
            if (done) resolve(intervals);
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      untilQuiet,
    );
  const idle = await record(false);
  await page.click('#propose');
  let peak = 0;
  const watch = setInterval(async () => {
    try {
      peak = Math.max(peak, Number(await stage(page, 'inFlight')));
    } catch {}
  }, 50);
  const round = await record(true);
  clearInterval(watch);
  await page.close();
  const stats = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      frames: xs.length,
      mean_ms: +mean.toFixed(2),
      p50_ms: +at(0.5).toFixed(2),
      p95_ms: +at(0.95).toFixed(2),
      max_ms: +sorted[sorted.length - 1].toFixed(2),
      fps: +(1000 / mean).toFixed(1),
      over_20ms: xs.filter((x) => x > 20).length,
    };
  };
  return { nodes, peak_in_flight: peak, idle: stats(idle), round: stats(round) };
}

// axe-core's audit of the page as it stands: serious and critical
// violations fail the check.
async function audit(page, what) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () =>
    (await window.axe.run()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  );
  for (const violation of violations) problems.push(`accessibility, ${what}: ${violation}`);
}

// Keyboard only: Tab reaches every control with a visible focus ring, the
// shortcuts drive the run, and the audit passes in each theme.
async function accessibility() {
  const page = await open({ width: 1280, height: 720 });
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const style = getComputedStyle(element);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      return { id: element.id || element.getAttribute('data-node') || element.tagName, ring };
    });
    reached.add(focused.id);
    // Past the last control, focus leaves the page for the browser's own.
    if (focused.id !== 'BODY') check(focused.ring, `${focused.id} has no visible focus ring`);
  }
  for (const id of ['copy-link', 'theme', 'shortcuts', 'propose-value', 'proposer', 'propose', 'play', 'speed', 'node1', 'node4']) {
    check(reached.has(id), `Tab never reaches ${id} (reached ${[...reached].join(', ')})`);
  }
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('p');
  const playing = await page.$eval('#play', (button) => button.getAttribute('aria-pressed'));
  await page.keyboard.press('.');
  const toggled = await page.$eval('#play', (button) => button.getAttribute('aria-pressed'));
  check(toggled !== playing, `. left play at ${toggled}`);
  await page.keyboard.press('?');
  check((await page.$$('[role=dialog]')).length === 1, '? opens the shortcuts');
  await page.keyboard.press('Escape');
  await page.click('#finish');
  const said = await page.$eval('#announcer', (region) => region.textContent);
  check(/decided|caught/.test(said), `the live region says "${said}"`);
  await audit(page, 'light');
  await page.selectOption('#theme', 'dark');
  await audit(page, 'dark');
  await page.check('#high-contrast');
  await audit(page, 'dark, high contrast');
  await page.close();
}

// In an iframe as a slide embeds it: from 480×320 up, nothing scrolls
// sideways, the stage is on screen, and a resize repaints the dots.
async function embedded() {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  page.on('pageerror', (error) => problems.push(`uncaught (embed): ${error.message}`));
  const src = `${url}?embed=1&nodes=16&byzantine=node16&propose=node1:test123&step=1`;
  await page.setContent(
    `<body style="margin:0"><iframe id="app" src="${src}" title="ByzScope" ` +
      `style="border:0; width:480px; height:320px"></iframe></body>`,
  );
  const frame = await (await page.$('#app')).contentFrame();
  await frame.waitForSelector('svg.stage .node', { timeout: 30_000 });
  for (let i = 0; i < 30; i++) await frame.click('#step');
  for (const [width, height] of [
    [480, 320],
    [800, 450],
    [1280, 720],
  ]) {
    await page.$eval('#app', (iframe, [w, h]) => {
      iframe.style.width = `${w}px`;
      iframe.style.height = `${h}px`;
    }, [width, height]);
    await frame.waitForFunction(
      ([w]) => innerWidth === w,
      [width],
    );
    // One frame for the resize to be handled and the dots repainted.
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const layout = await frame.evaluate(() => {
      const svg = document.querySelector('svg.stage').getBoundingClientRect();
      const canvas = document.querySelector('.dot-canvas').getBoundingClientRect();
      return {
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        svg: [svg.left, svg.top, svg.width, svg.height].map(Math.round),
        canvas: [canvas.left, canvas.top, canvas.width, canvas.height].map(Math.round),
      };
    });
    check(layout.overflow <= 0, `embedded at ${width}×${height} the frame scrolls sideways by ${layout.overflow} px`);
    check(layout.svg[2] >= 150 && layout.svg[3] >= 100, `embedded at ${width}×${height} the stage is ${layout.svg}`);
    check(
      JSON.stringify(layout.svg) === JSON.stringify(layout.canvas),
      `embedded at ${width}×${height} the dots' canvas ${layout.canvas} is off the stage ${layout.svg}`,
    );
  }
  // The README's picture: the default scenario in a 16:9 slide's frame.
  await page.setContent(
    `<body style="margin:0"><iframe id="app" src="${url}?embed=1&propose=node1:test123&step=1" ` +
      `title="ByzScope" style="border:0; width:960px; height:540px"></iframe></body>`,
  );
  const small = await (await page.$('#app')).contentFrame();
  await small.waitForSelector('svg.stage .node', { timeout: 30_000 });
  for (let i = 0; i < 12; i++) await small.click('#step');
  await page.screenshot({ path: join(out, 'embed.png'), clip: { x: 0, y: 0, width: 960, height: 540 } });
  await page.close();
}

// The README's other picture: the presenter view on a 1080p projector,
// mid-round, the split caption up.
async function presenter() {
  const page = await open({ width: 1920, height: 1080 }, '?present=1&propose=node1:test123&step=1');
  check((await page.$$('main.presenting')).length === 1, 'present=1 does not open the presenter view');
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: join(out, 'present.png') });
  await page.close();
}

// Before its code has loaded the page already says what it is, in the
// theme it will have; once mounted those words are gone; code that cannot
// load says so where the page would start.
async function starting() {
  const shown = (page) =>
    page.evaluate(() => {
      const words = document.querySelector('.starting');
      return words ? getComputedStyle(words).display !== 'none' && words.innerText : false;
    });
  const theme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? 'light');
  // Opens the page with its wasm held back: `before` looks at it then,
  // `after` once the code has run and the stage is up.
  const heldBack = async (scheme, query, before, after) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: scheme });
    const page = await context.newPage();
    watch(page, problems);
    const held = [];
    let release;
    const loaded = new Promise((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      held.push(route);
      await loaded;
      await route.continue();
    });
    await page.goto(url + query, { waitUntil: 'domcontentloaded' });
    await before(page);
    release();
    await page.waitForSelector('svg.stage .node', { timeout: 30_000 });
    await after(page);
    check(held.length === 1, `the page asked for its wasm ${held.length} times`);
    await context.close();
  };

  await heldBack(
    'dark',
    '',
    async (page) => {
      const words = await shown(page);
      check(
        typeof words === 'string' && words.includes('ByzScope') && words.includes('Starting'),
        `before its code loads the page shows ${JSON.stringify(words)}, not its name and that it is starting`,
      );
      await page.screenshot({ path: join(out, 'starting.png') });
    },
    async (page) => check((await shown(page)) === false, 'the starting words stay on the page after it has mounted'),
  );

  // The theme of the first paint is the one the app then keeps.
  for (const [scheme, query] of [
    ['dark', ''],
    ['light', ''],
    ['light', '?theme=dark'],
    ['dark', '?theme=light'],
    ['light', '?theme=light&theme=dark'],
    ['dark', '?theme=light&theme=bogus'],
  ]) {
    let early;
    await heldBack(
      scheme,
      query,
      async (page) => (early = await theme(page)),
      async (page) => {
        const late = await theme(page);
        check(
          early === late,
          `a ${scheme} system's page at '${query}' is ${early} before its code runs and ${late} after`,
        );
      },
    );
  }

  const broken = await browser.newPage();
  await broken.route(/\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await broken.goto(url);
  await broken.waitForFunction(() => !document.querySelector('.starting-note')?.innerText.includes('Starting'));
  const said = await shown(broken);
  check(
    typeof said === 'string' && said.includes('could not start'),
    `a page whose wasm does not load shows ${JSON.stringify(said)}, not that it could not start`,
  );
  await broken.close();
}

// With reduced motion a dot takes at most three places along its line.
async function reducedMotion() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(`${url}?propose=node1:test123&speed=0.3`);
  await page.waitForSelector('svg.stage .dot');
  const places = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const dot = document.querySelector('svg.stage .dot');
        const seen = new Set();
        const frame = () => {
          if (!dot.isConnected) return resolve(seen.size);
          seen.add(dot.getAttribute('transform'));
          requestAnimationFrame(frame);
        };
        frame();
      }),
  );
  check(places >= 2 && places <= 3, `with reduced motion a dot took ${places} places, not 2 or 3`);
  await context.close();
}

// Frame times while a round plays at 1×. From N = 16 up a round is drawn
// as flows (see src/model/flows.rs) and must keep to the frame budget: a
// p95 interval of at most 20 ms, barely more than one vsync. A round over
// budget is played again, up to three times in all, and the best counts:
// another process taking the machine's two cores for a moment makes one
// slow round, a page that is too slow makes three. The budget is met on
// one of the two kinds of machine this runs on and not on the other (see
// docs/PERFORMANCE.md, "Within the budget on one machine"): it is reported
// on every run, not enforced.
const FRAME_BUDGET_MS = 20;
const FRAME_TRIES = 3;
const unmet = [];
async function frameBudget() {
  const frames = [];
  for (const nodes of [4, 16, 32]) {
    const tries = [await frameTimes(nodes)];
    while (nodes >= 16 && tries.at(-1).round.p95_ms > FRAME_BUDGET_MS && tries.length < FRAME_TRIES) {
      tries.push(await frameTimes(nodes));
    }
    const best = tries.reduce((a, b) => (b.round.p95_ms < a.round.p95_ms ? b : a));
    frames.push({ ...best, tries: tries.map((t) => t.round.p95_ms) });
  }
  writeFileSync(join(out, 'frames.json'), JSON.stringify({ rounds: frames }, null, 2) + '\n');
  for (const { nodes, peak_in_flight, idle, round, tries } of frames) {
    console.log(
      `N = ${nodes}: ${round.frames} frames, ${round.fps} fps, p95 ${round.p95_ms} ms, max ${round.max_ms} ms ` +
        `(peak ${peak_in_flight} in flight; p95 of each round played: ${tries.join(', ')} ms); idle page p95 ${idle.p95_ms} ms`,
    );
    // Loose bounds: shared CI machines are noisy, a broken loop is not.
    const floor = nodes <= 4 ? 30 : 10;
    check(round.fps >= floor, `N = ${nodes}: ${round.fps} fps while a round plays (at least ${floor} wanted)`);
    if (nodes >= 16 && round.p95_ms > FRAME_BUDGET_MS) {
      unmet.push(`N = ${nodes}: p95 frame interval ${tries.join(', ')} ms in ${tries.length} rounds (budget ${FRAME_BUDGET_MS} ms)`);
    }
  }
}

try {
  if (only === '--frames') {
    await frameBudget();
    throw null;
  }
  // A projector: propose, watch the round, screenshot it mid-flight.
  const page = await open({ width: 1280, height: 720 });
  check((await page.title()) === 'ByzScope', `title is "${await page.title()}"`);
  const labelPx = await page.$eval('svg.stage .node .label', (text) => {
    const scale = text.getScreenCTM().a;
    return Number(text.getAttribute('font-size')) * scale;
  });
  check(labelPx >= 18, `node labels are ${labelPx.toFixed(1)} px at 1280×720; at least 18 wanted`);
  await page.click('#propose');
  await page.waitForFunction(
    () =>
      document.querySelector('.split-caption.active') &&
      Number(document.querySelector('svg.stage').dataset.inFlight) >= 8,
    null,
    { timeout: 30_000 },
  );
  await page.click('#play'); // pause
  check((await page.$$('svg.stage .dot')).length >= 8, 'dots are in flight mid-round');
  await page.screenshot({ path: join(out, 'mid-round.png') });

  await setSpeed(page, 1);
  await page.click('#play'); // play on at 10×
  await page.waitForFunction(
    () => document.querySelector('svg.stage').dataset.quiet === 'true',
    null,
    { timeout: 30_000 },
  );
  const rows = await page.$$eval('table.detections tbody tr', (trs) =>
    trs.map((tr) => [...tr.cells].map((cell) => cell.textContent.trim())),
  );
  const accused = rows.filter((cells) => cells[1] === 'node4' && cells[3] === 'test123, test123_BYZANTINE');
  check(
    rows.length === 3 && accused.length === 3,
    `expected 3 detection rows naming node4, got ${JSON.stringify(rows)}`,
  );
  await page.click('#play'); // pause: the flashes stay in the picture
  await page.screenshot({ path: join(out, 'detected.png') });

  // Provenance: a detection's two paths, on the ring and in space-time.
  await page.click('table.detections tbody tr:last-child');
  check(
    (await page.$$('svg.stage .provenance .path')).length >= 2,
    'selecting a detection highlights its paths on the stage',
  );
  await page.click('#tab-spacetime');
  await page.waitForSelector('svg.spacetime .highlighted');
  await page.screenshot({ path: join(out, 'spacetime.png') });
  await page.click('#tab-ring');

  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    check(overflow <= 0, `at ${viewport.width} px the page scrolls sideways by ${overflow} px`);
  }
  await page.screenshot({ path: join(out, 'phone.png'), fullPage: true });
  await page.close();

  await accessibility();
  await embedded();
  await presenter();
  await starting();
  await reducedMotion();
  // Scrubbing a long run is measured by scripts/check-light.mjs.

  await frameBudget();
} catch (error) {
  // `null` ends a partial run early.
  if (error !== null) problems.push(String(error));
} finally {
  await browser.close();
}

if (unmet.length > 0) console.log(`Not met yet (reported, not enforced):\n  ${unmet.join('\n  ')}`);
if (problems.length > 0) {
  console.error(`The release page has problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
if (only === '--frames') {
  console.log('Frame times measured at N = 4, 16 and 32 (frames.json).');
  process.exit(0);
}
console.log(
  'Release page OK: 3 detections of node4, labels ≥ 18 px, no console errors, no failed requests, ' +
    'no sideways scrolling at 1920 or 390 px.',
);
