// Loads the built site in headless Chromium and checks that the run shows:
// node4 caught by each honest node, no console errors, no failed requests.
//
//     node scripts/check-release.mjs URL SCREENSHOT.png
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// playwright-core lives in .tools/, where `make test` installs it.
const require = createRequire(join(root, '.tools', 'package.json'));
const { chromium } = require('playwright-core');

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node scripts/check-release.mjs URL SCREENSHOT.png');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });

  await page.goto(url);
  // The table appears once the wasm has loaded and the run is done.
  await page.waitForSelector('table.detections tbody tr', { timeout: 30_000 });

  const rows = await page.$$eval('table.detections tbody tr', (trs) =>
    trs.map((tr) => [...tr.cells].map((cell) => cell.textContent.trim())),
  );
  const accused = rows.filter((cells) => cells[1] === 'node4');
  if (rows.length !== 3 || accused.length !== 3) {
    problems.push(`expected 3 detection rows naming node4, got ${JSON.stringify(rows)}`);
  }
  if ((await page.title()) !== 'ByzScope') problems.push(`title is "${await page.title()}"`);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`Screenshot saved to ${screenshot}`);

  // On a phone the wide tables scroll inside their boxes; the page must not.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) problems.push(`at 390 px the page scrolls sideways by ${overflow} px`);
} catch (error) {
  problems.push(String(error));
} finally {
  await browser.close();
}

if (problems.length > 0) {
  console.error(`The release page has problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  'Release page OK: 3 detections of node4, no console errors, no failed requests, no sideways scrolling at 390 px.',
);
