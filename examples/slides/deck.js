// The example deck: reveal.js turns the slides, and the slides drive
// ByzScope in an iframe through its postMessage API. Plain ES, no bundler:
// the site build copies reveal.js into reveal/ next to this file.
import Reveal from './reveal/reveal.esm.js';

/** How long a command may go unanswered once it is sent. */
const REPLY_TIMEOUT_MS = 15_000;

/**
 * A client for ByzScope in an iframe. Commands sent before the app's
 * `ready` event wait in a queue; each command's promise settles with the
 * app's reply (`result`, or an Error with the app's reason).
 */
class ByzScope {
  #frame;
  #origin;
  #ready = false;
  #queue = [];
  #pending = new Map();
  #nextId = 1;
  #listeners = new Map();

  constructor(frame) {
    this.#frame = frame;
    const origin = new URL(frame.src, location.href).origin;
    // A page opened from a file has no origin to name.
    this.#origin = origin === 'null' ? '*' : origin;
  }

  /** Starts listening, once the listeners are on: first to what the app
   * posted before this script ran (index.html kept it). */
  connect() {
    if (window.byzscopeEarlyListener) {
      window.removeEventListener('message', window.byzscopeEarlyListener);
      for (const event of window.byzscopeEarly.splice(0)) this.#receive(event);
    }
    window.addEventListener('message', (event) => this.#receive(event));
  }

  get ready() {
    return this.#ready;
  }

  /** Calls `listener(message)` for every event of this name ("ready", "detection", …). */
  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, []);
    this.#listeners.get(event).push(listener);
  }

  /** Sends a command; resolves with its result once the app replies. */
  send(command, ...args) {
    const message = { byzscope: 'command', id: this.#nextId++, command, args };
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, { command, resolve, reject, timer: null });
      if (this.#ready) this.#post(message);
      else this.#queue.push(message);
    });
  }

  #post(message) {
    const pending = this.#pending.get(message.id);
    pending.timer = setTimeout(() => {
      this.#pending.delete(message.id);
      pending.reject(new Error(`${message.command}: no reply within ${REPLY_TIMEOUT_MS / 1000} s`));
    }, REPLY_TIMEOUT_MS);
    this.#frame.contentWindow.postMessage(message, this.#origin);
  }

  #receive(event) {
    if (event.source !== this.#frame.contentWindow) return;
    if (this.#origin !== '*' && event.origin !== this.#origin) return;
    const data = event.data;
    if (data === null || typeof data !== 'object') return;
    if (data.byzscope === 'reply') {
      const pending = this.#pending.get(data.id);
      if (!pending) return;
      this.#pending.delete(data.id);
      clearTimeout(pending.timer);
      if (data.ok) pending.resolve(data.result ?? null);
      else pending.reject(new Error(`${pending.command}: ${data.error}`));
    } else if (data.byzscope === 'event') {
      if (data.event === 'ready') {
        this.#ready = true;
        for (const message of this.#queue.splice(0)) this.#post(message);
      }
      for (const listener of this.#listeners.get(data.event) ?? []) listener(data);
    }
  }
}

const frame = document.getElementById('app');
const statusLine = document.getElementById('deck-status');
const app = new ByzScope(frame);

function setStatus(state, text) {
  document.documentElement.dataset.app = state;
  statusLine.textContent = text;
}

// What the app has told the deck about the current round.
const tally = { detections: [], reply: null, decisions: new Map() };

function clearTally() {
  tally.detections = [];
  tally.reply = null;
  tally.decisions.clear();
  render();
}

/** The detections in a `detections` reply: one document, or one per node. */
function detectionsIn(result) {
  const documents = Array.isArray(result) ? result : [result];
  return documents.flatMap((document) => document?.detections ?? []);
}

const unique = (values) => [...new Set(values)].sort();

function render() {
  const events = tally.detections.length;
  for (const element of document.querySelectorAll('[data-tally]')) {
    element.textContent = String(events);
  }
  const shown = tally.reply ?? tally.detections;
  const count = document.getElementById('deck-detections');
  count.textContent = String(shown.length);
  count.dataset.events = String(events);
  count.dataset.reply = tally.reply === null ? '' : String(tally.reply.length);
  const accused = unique(shown.map((detection) => detection.byzantine_node));
  document.getElementById('deck-accused').textContent = accused.join(', ') || '…';

  const detail = document.getElementById('deck-detail');
  if (tally.reply === null) {
    detail.textContent = 'Running the round to the end…';
    return;
  }
  const detectors = unique(shown.map((detection) => detection.detected_by));
  const decided = unique([...tally.decisions.values()]);
  detail.textContent =
    `Caught by ${detectors.join(', ') || 'nobody'}` +
    (decided.length ? ` · decided ${decided.join(', ')}` : '');
}

app.on('ready', () => setStatus('ready', 'ByzScope is ready.'));
app.on('detection', ({ detection }) => {
  tally.detections.push(detection);
  render();
});
app.on('decision', ({ node, value }) => {
  tally.decisions.set(node, value);
  render();
});
app.connect();

// What entering a slide with data-enter="…" does.
let proposed = false;
const actions = {
  async propose() {
    if (proposed) {
      // Back on this slide: play the round again from the start.
      await app.send('reset');
      clearTally();
    }
    proposed = true;
    await app.send('propose', 'node1', 'test123');
    await app.send('play');
  },
  async finish() {
    if (!proposed) await actions.propose();
    await app.send('finish');
    tally.reply = detectionsIn(await app.send('detections'));
    render();
  },
};

// The lesson slide has a ByzScope of its own, opened at a lesson's step by
// its address (`?embed=1&lesson=gossip&step=2`) when the slide is first
// shown; each fragment is the lesson's next step, and going back over one
// is the lesson's Back.
const lessonFrame = document.getElementById('lesson-frame');
let lessonApp = null;
actions.lesson = async () => {
  if (lessonApp) return;
  lessonFrame.src = lessonFrame.dataset.src;
  lessonApp = new ByzScope(lessonFrame);
  lessonApp.on('lesson_step', ({ state }) => {
    const step = document.getElementById('deck-lesson-step');
    step.textContent = state ? `${state.step} of ${state.steps}` : '…';
    step.dataset.step = state ? String(state.step) : '';
  });
  lessonApp.connect();
};
Reveal.on('fragmentshown', (event) => {
  if (lessonApp && event.fragment.hasAttribute('data-lesson-next')) {
    lessonApp.send('next').catch((error) => setStatus('error', `ByzScope: ${error.message}`));
  }
});
Reveal.on('fragmenthidden', (event) => {
  if (lessonApp && event.fragment.hasAttribute('data-lesson-next')) {
    lessonApp.send('back').catch((error) => setStatus('error', `ByzScope: ${error.message}`));
  }
});

/** Lays the iframe over the current slide's slot, or hides it. */
function placeFrame() {
  if (!Reveal.isReady()) return;
  const slot = Reveal.isOverview() ? null : Reveal.getCurrentSlide()?.querySelector('.app-slot');
  if (!slot) {
    frame.classList.remove('shown');
    frame.tabIndex = -1;
    return;
  }
  const box = slot.getBoundingClientRect();
  Object.assign(frame.style, {
    left: `${box.left}px`,
    top: `${box.top}px`,
    width: `${box.width}px`,
    height: `${box.height}px`,
  });
  frame.classList.add('shown');
  frame.tabIndex = 0;
}

function enter(slide) {
  placeFrame();
  const action = actions[slide?.dataset.enter];
  if (action) {
    action().catch((error) => setStatus('error', `ByzScope: ${error.message}`));
  }
}

Reveal.on('ready', (event) => enter(event.currentSlide));
Reveal.on('slidechanged', (event) => enter(event.currentSlide));
for (const name of ['resize', 'slidetransitionend', 'overviewshown', 'overviewhidden']) {
  Reveal.on(name, placeFrame);
}
window.addEventListener('resize', placeFrame);
document.fonts.ready.then(placeFrame);

// For the browser console and the deck's test.
window.Reveal = Reveal;
window.byzscopeDeck = { app, tally };

await Reveal.initialize({
  width: 1280,
  height: 720,
  margin: 0.04,
  center: false,
  hash: true,
  transition: 'fade',
  controlsTutorial: false,
});
render();
