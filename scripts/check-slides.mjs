// Checks the example deck (examples/slides/, built into <site>/slides/) in
// headless Chromium: it loads with no failed requests and no console
// errors, reveal.js starts, the app in its iframe says it is ready, and
// walking through the slides with the arrow key drives the app over
// postMessage: a detection row appears in the embedded app, and the deck
// counts the detection events it received; on the lesson slide, the
// arrow keys step an embedded lesson opened by its address.
//
//     node scripts/check-slides.mjs SITE_URL [OUT_DIR]
//
// SITE_URL is where the site's index.html is served, ending in "/"; the
// deck is at SITE_URL + "slides/". With OUT_DIR, saves a screenshot of
// each slide there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, watch } from './browser.mjs';

const [site, out] = process.argv.slice(2);
if (!site || !site.endsWith('/')) {
  console.error('usage: node scripts/check-slides.mjs SITE_URL/ [OUT_DIR]');
  process.exit(2);
}
const deckUrl = new URL('slides/', site).href;
const appUrl = new URL('?embed=1&step=1', site).href;
if (out) mkdirSync(out, { recursive: true });

const browser = await launch();

const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
// Console messages and requests of the embedded app arrive here too.
watch(page, problems);

const deckState = () =>
  page.evaluate(() => ({
    slide: window.Reveal?.isReady() ? window.Reveal.getIndices().h : null,
    app: document.documentElement.dataset.app,
    status: document.getElementById('deck-status')?.textContent,
    detections: { ...document.getElementById('deck-detections')?.dataset },
    text: document.getElementById('deck-detections')?.textContent,
    detail: document.getElementById('deck-detail')?.textContent,
  }));

// Waits for a condition in the deck, and on a timeout says what the deck
// showed instead.
async function waitInDeck(what, condition, timeout = 30_000) {
  try {
    await page.waitForFunction(condition, null, { timeout });
    return true;
  } catch {
    problems.push(`${what}; the deck shows ${JSON.stringify(await deckState())}`);
    return false;
  }
}

const frameBox = () =>
  page.$eval('#app', (frame) => {
    const box = frame.getBoundingClientRect();
    return {
      shown: getComputedStyle(frame).opacity === '1',
      width: Math.round(box.width),
      height: Math.round(box.height),
    };
  });

let slide = 0;
async function next(expectShown) {
  await page.keyboard.press('ArrowRight');
  slide += 1;
  await waitInDeck(
    `the right arrow did not reach slide ${slide + 1}`,
    `window.Reveal.getIndices().h === ${slide}`,
    5_000,
  );
  await page.waitForTimeout(400); // the fade between slides
  const box = await frameBox();
  check(
    box.shown === expectShown,
    `slide ${slide + 1}: the app is ${box.shown ? 'shown' : 'hidden'}, expected ${expectShown ? 'shown' : 'hidden'}`,
  );
  if (expectShown) {
    check(box.width >= 800 && box.height >= 350, `slide ${slide + 1}: the app is only ${box.width}×${box.height} px`);
  }
  if (out) await page.screenshot({ path: join(out, `slide-${slide + 1}.png`) });
  return box;
}

let summary = '';
try {
  const response = await page.goto(deckUrl);
  check(response?.ok(), `${deckUrl} answered HTTP ${response?.status()}`);
  if (await waitInDeck('reveal.js did not start', () => window.Reveal?.isReady(), 15_000)) {
    if (out) await page.screenshot({ path: join(out, 'slide-1.png') });
    const heading = await page.$eval('.reveal h1', (h1) => h1.textContent);
    check(heading === 'ByzScope', `the title slide says "${heading}"`);
    const frameUrl = await page.$eval('#app', (frame) => frame.src);
    check(frameUrl === appUrl, `the deck embeds ${frameUrl}, expected ${appUrl}`);
    const ready = await waitInDeck(
      'the app in the frame never sent its ready event (is its postMessage API in this build?)',
      () => document.documentElement.dataset.app === 'ready',
    );
    if (!ready) throw new Error('stopped: without the ready event the deck sends no commands');

    // Four nodes, one liar: the app is shown, waiting.
    const box = await next(true);
    // One proposal: propose node1 test123, then play.
    await next(true);
    // Caught in the act: finish, then ask for the detections.
    await next(true);
    await waitInDeck(
      'the deck got no detections reply after finish',
      () => document.getElementById('deck-detections').dataset.reply !== '',
    );
    const tally = await page.$eval('#deck-detections', (element) => ({
      text: element.textContent,
      events: Number(element.dataset.events),
      reply: Number(element.dataset.reply),
      accused: document.getElementById('deck-accused').textContent,
      detail: document.getElementById('deck-detail').textContent,
    }));
    check(tally.events >= 1, `the deck received ${tally.events} detection events`);
    check(tally.reply >= 1, `the deck's detections reply lists ${tally.reply} detections`);
    check(Number(tally.text) >= 1, `#deck-detections says "${tally.text}"`);
    check(tally.accused === 'node4', `the deck names "${tally.accused}" as the accused`);

    const frame = page.frames().find((frame) => frame.url() === appUrl);
    let rows = 0;
    if (!frame) {
      problems.push(`no frame at ${appUrl}; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    } else {
      try {
        await frame.waitForSelector('table.detections tbody tr', { state: 'attached', timeout: 10_000 });
        rows = await frame.$$eval('table.detections tbody tr', (trs) => trs.length);
      } catch {
        problems.push('no row in the embedded app\'s table.detections after finish');
      }
    }
    const state = await deckState();
    check(state.app === 'ready', `the deck's status is ${state.app}: ${state.status}`);

    // The lesson slide: its own frame opens the lesson at step 2 by its
    // address, and each press of the right arrow is the lesson's Next.
    await next(false);
    await waitInDeck(
      'the lesson frame never told its step (lesson_step)',
      () => document.getElementById('deck-lesson-step').dataset.step === '2',
    );
    for (const step of ['3', '4']) {
      await page.keyboard.press('ArrowRight');
      await waitInDeck(
        `the right arrow did not take the lesson to step ${step}`,
        `document.getElementById('deck-lesson-step').dataset.step === '${step}'`,
        10_000,
      );
    }
    const lessonFrame = page.frames().find((frame) => frame.url().includes('lesson=gossip'));
    const counter = lessonFrame ? await lessonFrame.$eval('.lesson-counter', (e) => e.textContent) : null;
    check(counter === '4 / 5', `the embedded lesson shows "${counter}", expected "4 / 5"`);
    await page.keyboard.press('ArrowLeft');
    await waitInDeck(
      'the left arrow did not take the lesson back to step 3',
      () => document.getElementById('deck-lesson-step').dataset.step === '3',
      10_000,
    );
    await page.keyboard.press('ArrowRight');
    await waitInDeck(
      'the right arrow did not take the lesson to step 4 again',
      () => document.getElementById('deck-lesson-step').dataset.step === '4',
      10_000,
    );
    if (out) await page.screenshot({ path: join(out, 'slide-lesson.png') });

    // The closing slide: the app is hidden again.
    await next(false);
    summary =
      `deck OK: reveal.js ready, the app shown at ${box.width}×${box.height} px, ` +
      `${tally.events} detection events and ${tally.reply} in the detections reply (accused ${tally.accused}), ` +
      `${rows} rows in the embedded table; "${tally.detail}"; the lesson slide stepped to ${counter}`;
  }
} catch (error) {
  problems.push(String(error).split('\n')[0]);
} finally {
  await browser.close();
}

if (problems.length > 0) {
  console.error(`The example deck at ${deckUrl} has problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(summary);
