// Checks that the built site works wherever it is served: GitHub Pages puts
// a project site under /<repository>/, so an asset loaded by an absolute
// URL ("/app.js") works at a server's root and breaks there. For each URL
// (the app's page), in headless Chromium: run the default scenario (Propose,
// then Finish), expect at least one row in the detections table, and fail
// on any failed request, HTTP status of 400 or more, console error, uncaught
// error, or request outside the page's own directory. Then open it with
// `?live=9` and expect the live page in live/ beside it.
//
//     node scripts/check-subpath.mjs URL [URL...]
//
// scripts/test.sh serves the site twice: at the root of one server, and as
// the only thing under /byzscope/ of another (where an absolute URL 404s).
import { launch } from './browser.mjs';

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: node scripts/check-subpath.mjs URL [URL...]');
  process.exit(2);
}

const browser = await launch();

const problems = [];

async function check(url) {
  const base = new URL('.', url).href; // the page's directory
  const seen = [];
  const problem = (message) => problems.push(`${url}: ${message}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problem(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problem(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const target = request.url();
    if (!/^https?:/.test(target)) return; // data: and blob: URLs
    seen.push(target);
    if (!target.startsWith(base)) problem(`request outside ${base}: ${target}`);
  });
  page.on('requestfailed', (request) =>
    problem(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problem(`HTTP ${response.status()}: ${response.url()}`);
  });
  try {
    const response = await page.goto(url);
    if (!response?.ok()) problem(`the page answered HTTP ${response?.status()}`);
    await page.waitForSelector('svg.stage .node', { timeout: 30_000 });
    await page.click('#propose');
    await page.click('#finish');
    await page.waitForFunction(
      () => document.querySelector('svg.stage')?.dataset.quiet === 'true',
      null,
      { timeout: 30_000 },
    );
    await page.waitForSelector('table.detections tbody tr', { timeout: 10_000 });
    const rows = await page.$$eval('table.detections tbody tr', (trs) => trs.length);
    const stage = await page.$eval('svg.stage', (svg) => ({ ...svg.dataset }));
    if (rows < 1) problem('no detection rows after Propose and Finish');
    const assets = seen.filter((target) => /\.(wasm|js|css)$/.test(new URL(target).pathname));
    if (!assets.some((target) => target.endsWith('.wasm'))) problem('the page loaded no .wasm');
    console.log(
      `${url}: ${rows} detection rows (stage: in-flight ${stage.inFlight}, quiet ${stage.quiet}, ` +
        `detections ${stage.detections}); ${seen.length} requests, all under ${new URL(base).pathname}`,
    );
  } catch (error) {
    problem(String(error).split('\n')[0]);
  } finally {
    await page.close();
  }
}

// A `live=` address is sent to the live page in live/ beside the page,
// under a sub-path too. Nothing listens on port 9, so the node shows down;
// its refused connections are the only requests outside the site.
async function checkLive(url) {
  const base = new URL('.', url).href;
  const watched = 'http://127.0.0.1:9/';
  const problem = (message) => problems.push(`${url}?live=9: ${message}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (error) => problem(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const target = request.url();
    if (/^https?:/.test(target) && !target.startsWith(base) && !target.startsWith(watched))
      problem(`request outside ${base}: ${target}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problem(`HTTP ${response.status()}: ${response.url()}`);
  });
  try {
    await page.goto(`${url}?live=9`);
    await page.waitForSelector('#live-heading', { timeout: 30_000 });
    const at = page.url();
    if (at !== `${base}live/?live=9`) problem(`the live page is at ${at}, not ${base}live/?live=9`);
    await page.waitForSelector('.live-nodes tr[data-link="down"]', { timeout: 10_000 });
    console.log(`${url}?live=9: sent to ${at}, the unanswering node shown down`);
  } catch (error) {
    problem(String(error).split('\n')[0]);
  } finally {
    await page.close();
  }
}

try {
  for (const url of urls) await check(url);
  for (const url of urls) await checkLive(url);
} finally {
  await browser.close();
}

if (problems.length > 0) {
  console.error(`The site does not work wherever it is served:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Site OK at ${urls.length} path(s): no failed requests, no console errors.`);
