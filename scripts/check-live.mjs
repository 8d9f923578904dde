// The live view against real nodes, in headless Chromium: starts four
// `byzscope-node node` processes on free ports (node4 Byzantine; separate
// processes so that one can be stopped), opens the release page with
// `?live=P-(P+3)`, proposes test123 in the page and checks that the
// detections table shows exactly what `curl …/detections` shows. Then it
// stops node3 (the page must show it down, without errors of its own),
// starts it again (the page must see it up), downloads the run JSON, and
// checks that a bad `live=` value and a node sending garbage each get a
// clear message and change nothing. Saves screenshots in OUT_DIR.
//
//     node scripts/check-live.mjs URL OUT_DIR NODE_BINARY
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [url, out, binary] = process.argv.slice(2);
if (!url || !out || !binary) {
  console.error('usage: node scripts/check-live.mjs URL OUT_DIR NODE_BINARY');
  process.exit(2);
}

const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Four consecutive free ports.
function portFree(port) {
  return new Promise((resolve) => {
    const server = createTcpServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
async function freeBase() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const all = await Promise.all([0, 1, 2, 3].map((k) => portFree(base + k)));
    if (all.every(Boolean)) return base;
  }
  throw new Error('no four free ports in a row');
}

const base = await freeBase();
const nodes = new Map();
function startNode(k) {
  const args = ['node', `node${k}`, '--base-port', String(base)];
  if (k === 4) args.push('--byzantine');
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  nodes.set(k, child);
  return child;
}
function stopAll() {
  for (const child of nodes.values()) child.kill('SIGTERM');
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

function curl(path, k) {
  return execFileSync('curl', ['-s', '--max-time', '5', `http://127.0.0.1:${base + k - 1}${path}`], {
    encoding: 'utf8',
  });
}
async function waitUntilAnswering(k) {
  for (let i = 0; i < 100; i++) {
    try {
      JSON.parse(curl('/status', k));
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`node${k} did not answer on port ${base + k - 1}`);
}

for (const k of [1, 2, 3, 4]) startNode(k);
for (const k of [1, 2, 3, 4]) await waitUntilAnswering(k);

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
// Errors the page itself makes are problems. While node3 is stopped the
// browser reports the refused connections to it on its own; those are
// the point of the test, not the page's errors.
let node3Down = false;
const node3 = `127.0.0.1:${base + 2}`;
const tolerated = (text) => node3Down && text.includes(node3);
page.on('console', (message) => {
  if (message.type() !== 'error') return;
  const where = message.location()?.url ?? '';
  const text = `${message.text()} ${where}`;
  if (!tolerated(text) && !(node3Down && /ERR_CONNECTION_REFUSED/.test(text))) {
    problems.push(`console error: ${text}`);
  }
});
page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
// The main page sends a `live=` address to live/ before its module runs,
// but the browser may already have begun preloading the main page's own
// wasm and glue: those fetches are cut off by the move, which is the point.
const cutByTheMove = (request) =>
  request.failure()?.errorText === 'net::ERR_ABORTED' &&
  request.url().startsWith(url) &&
  !request.url().startsWith(`${url}live/`);
page.on('requestfailed', (request) => {
  if (!tolerated(request.url()) && !cutByTheMove(request)) {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  }
});

const live = `${url}?live=${base}-${base + 3}`;
await page.goto(live);
await page.waitForSelector('.live-stage .node[data-link="up"]', { timeout: 30_000 });
await page.waitForFunction(
  () => document.querySelectorAll('.live-stage .node[data-link="up"]').length === 4,
  null,
  { timeout: 15_000 },
);
const heading = await page.textContent('#live-heading');
check(
  heading.includes(`watching node1–node4 at 127.0.0.1:${base}–${base + 3}`),
  `heading: ${heading}`,
);
check(
  (await page.$$('.live-stage .node.byzantine')).length === 1 &&
    (await page.$('.live-stage .node.byzantine[data-node="node4"]')) !== null,
  'node4 alone is drawn Byzantine',
);

// Propose from the page: node1, test123 (the form's defaults).
await page.selectOption('#live-propose-node', '0');
await page.fill('#live-propose-value', 'test123');
await page.click('#live-propose');
await page.waitForFunction(
  () => document.querySelector('#live-propose-reply')?.textContent.includes("proposed 'test123' for round 1"),
  null,
  { timeout: 10_000 },
);

await page.waitForFunction(
  () => document.querySelectorAll('#live-detections tbody tr').length === 3,
  null,
  { timeout: 15_000 },
);
const rows = await page.$$eval('#live-detections tbody tr', (trs) =>
  trs.map((tr) => {
    const cells = [...tr.querySelectorAll('td')];
    return {
      detected_at: cells[0].textContent.trim(),
      byzantine_node: cells[1].textContent.trim(),
      round: Number(cells[2].textContent.trim()),
      conflicting_values: cells[3].dataset.values.split(','),
      detected_by: cells[4].textContent.trim(),
    };
  }),
);
const curled = [1, 2, 3, 4].flatMap((k) => JSON.parse(curl('/detections', k)).detections);
const sorted = (list) => list.map((row) => JSON.stringify(row)).sort();
check(
  JSON.stringify(sorted(rows)) === JSON.stringify(sorted(curled)),
  `the table differs from curl:\n  page: ${sorted(rows).join('\n        ')}\n  curl: ${sorted(curled).join('\n        ')}`,
);
check(curled.length === 3, `curl shows ${curled.length} detections, not 3`);
await sleep(1_500);
const decided = await page.$$eval('.live-stage .node .label.state', (labels) =>
  labels.map((label) => label.textContent),
);
// A side node's label may shorten the value to its box ("r1 ✓ ● test…");
// the node list gives each node's /status whole.
const statuses = await page.$$eval('.live-nodes tbody tr', (rows) =>
  rows.map((row) => row.lastElementChild?.textContent ?? ''),
);
check(
  statuses.filter((text) => text.includes('test123')).length === 4,
  `every node's /status shows its decision: ${statuses.join(' | ')}`,
);
check(
  decided.filter((text) => text.includes('✓')).length === 4,
  `every node shows its decision: ${decided.join(' | ')}`,
);
await page.screenshot({ path: join(out, 'live-after-round.png') });
await page.click('#tab-spacetime');
await page.waitForSelector('svg.spacetime .messages path');
await page.screenshot({ path: join(out, 'live-spacetime.png') });
await page.click('#tab-ring');

// Rewind to the start of the recording, then back to Live.
await page.$eval('#live-timeline', (input) => {
  input.value = '0';
  input.dispatchEvent(new Event('input', { bubbles: true }));
});
await page.waitForFunction(() => !document.querySelector('#live-follow').disabled);
const rewound = await page.$$eval('.live-stage .node .badge', (badges) => badges.length);
check(rewound === 0, `rewound to the start, ${rewound} nodes still show detections`);
await page.click('#live-follow');
await page.waitForFunction(
  () => document.querySelectorAll('.live-stage .node .badge').length === 3,
  null,
  { timeout: 5_000 },
);

// The recording downloads as the simulator's run JSON.
const [download] = await Promise.all([page.waitForEvent('download'), page.click('#live-download')]);
const run = JSON.parse(readFileSync(await download.path(), 'utf8'));
check(run.scenario?.nodes === 4, 'the run JSON has the four-node scenario');
check(
  run.detection_metrics?.equivocations?.[0]?.origin === 'node4',
  'the run JSON names node4 equivocating',
);

// Mid-round, by rewinding to the millisecond with the most messages on
// their way (on loopback a message takes a millisecond or two, so a
// screenshot taken live would rarely catch one).
const moments = run.messages.map((m) => m.sent_at);
const travelling = (t) => run.messages.filter((m) => m.sent_at <= t && t < m.deliver_at).length;
const busiest = moments.reduce((best, t) => (travelling(t) > travelling(best) ? t : best), 0);
await page.$eval(
  '#live-timeline',
  (input, t) => {
    input.value = String(t);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  },
  busiest,
);
await page.waitForFunction(
  (n) => Number(document.querySelector('svg.live-stage').dataset.inFlight) === n,
  travelling(busiest),
  { timeout: 5_000 },
);
check(travelling(busiest) > 0, 'some message travelled for a millisecond or more');
await page.screenshot({ path: join(out, 'live-mid-round.png') });
await page.click('#live-follow');

// node3 stops: shown down, not as an error.
node3Down = true;
nodes.get(3).kill('SIGTERM');
await page.waitForSelector('.live-stage .node[data-node="node3"][data-link="down"]', {
  timeout: 15_000,
});
check(
  (await page.textContent('.live-stage .node[data-node="node3"] .label.state')).includes('down'),
  'node3 says it is down',
);
await page.screenshot({ path: join(out, 'live-node3-down.png') });
startNode(3);
await waitUntilAnswering(3);
await page.waitForSelector('.live-stage .node[data-node="node3"][data-link="up"]', {
  timeout: 20_000,
});
node3Down = false;
check(
  (await page.textContent('.live-nodes tr[data-link="up"]:nth-child(3)'))?.includes('restarted 1×'),
  'the node list says node3 restarted',
);
check((await page.$('#live-problems')) === null, 'no problems listed after a normal run');

// A node that sends garbage: one clear line, and nothing else changes.
const garbage = createServer((request, response) => {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'access-control-allow-origin': '*',
  });
  response.write('data: {not json\n\n');
});
await new Promise((resolve) => garbage.listen(0, '127.0.0.1', resolve));
const garbagePort = garbage.address().port;
const bad = await browser.newPage();
bad.on('pageerror', (error) => problems.push(`uncaught (garbage node): ${error.message}`));
await bad.goto(`${url}?live=${garbagePort}`);
await bad.waitForSelector('#live-problems', { timeout: 10_000 });
const said = await bad.textContent('#live-problems');
check(said.includes('not JSON'), `the garbage node's message: ${said}`);
check(
  (await bad.$$('.live-stage .node[data-link="up"]')).length === 0,
  'a node that sent only garbage is not shown as up',
);
await bad.close();
garbage.close();

// A bad address: the refusal in words, and the simulator as usual.
const refused = await browser.newPage();
refused.on('pageerror', (error) => problems.push(`uncaught (bad address): ${error.message}`));
await refused.goto(`${url}?live=ftp://127.0.0.1:8001`);
await refused.waitForSelector('svg.stage .node', { timeout: 30_000 });
const notice = await refused.textContent('.notice');
check(
  notice.includes('live') && notice.includes('not an http:// or https:// address'),
  `the refusal of a bad live= value: ${notice}`,
);
await refused.close();

await browser.close();
stopAll();
if (problems.length > 0) {
  console.error(`live view: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`live view: the page's detections equal curl's; node3 down and back; screenshots in ${out}`);
