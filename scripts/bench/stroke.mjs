// The playground's stroke-to-painted latency for make bench: replays drawn
// digits on the real playground (build/site/index.html) with paced mouse
// moves and measures, for every pointer event on the pad, the time from the
// event to the end of the frame in which every feature map shows it.
//
// How "every map shows it" is known without touching the playground's code:
// an init script wraps a few CanvasRenderingContext2D methods and
// requestAnimationFrame before the page's modules run, and logs
//
//   events   pointerdown/pointermove on the pad: e.timeStamp (when the
//            browser received the input) and when the handler ran;
//   renders  the pad redrawing its strokes (clearRect on the pad: from then
//            on its pixels include every event handled before);
//   reads    the engine reading the pad (getImageData on the pad: the
//            inference starts from the pixels of the last render);
//   paints   the moment every feature-map canvas of the flow has been
//            written (putImageData or drawImage) since the last read, and
//            the end of the frame that carries those writes to the screen.
//
// The end of the frame: a write inside the rendering step (the playground
// runs inference from requestAnimationFrame, and the maps are painted in its
// promise continuations) is shown by that same frame; a write in an
// ordinary task is shown by the next one. The wrapper knows which: the first
// requestAnimationFrame callback of a frame posts a message, and a message
// task runs only after the whole rendering step (callbacks, style, layout,
// paint) has finished, so its time is the frame's end.
//
// An event's latency is then: the first render after its handler, the first
// read after that render, the first complete paint after that read, that
// paint's frame end − the event's timeStamp.

import { setTimeout as sleep } from 'node:timers/promises';
import { waitForEngine, newPage } from '../e2e/harness.mjs';
import { e2eDrawings } from '../e2e/strokes.mjs';

const MOVES = 60; // pointer moves per drawing
const INTERVAL_MS = 16; // one move per display frame, like a hand on a 60 Hz screen
const DIGITS = [2, 5, 8];

export const PAD = 'canvas#draw';
export const MAPS = '#flow .fmap canvas';

// instrument runs in the page before its scripts (see the comment at the top).
function instrument({ PAD, MAPS }) {
  const log = { events: [], renders: [], reads: [], paints: [] };
  window.__strokeLatency = log;
  for (const type of ['pointerdown', 'pointermove']) {
    addEventListener(type, (e) => {
      if (e.target instanceof Element && e.target.matches(PAD)) log.events.push({ type, t: e.timeStamp, handled: performance.now() });
    }, true);
  }
  let painted = null; // the map canvases written since the last read of the pad
  let frameOpen = false;
  const waiting = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    frameOpen = false;
    const end = performance.now();
    for (const done of waiting.splice(0)) log.paints.push({ done, frameEnd: end });
  };
  const raf = window.requestAnimationFrame.bind(window);
  const openFrame = () => {
    if (!frameOpen) {
      frameOpen = true;
      channel.port2.postMessage(0);
    }
  };
  window.requestAnimationFrame = (cb) => raf((ts) => {
    openFrame();
    cb(ts);
  });
  const onWrite = (canvas) => {
    if (!painted || !canvas.matches(MAPS)) return;
    painted.add(canvas);
    if (painted.size < document.querySelectorAll(MAPS).length) return;
    painted = null;
    waiting.push(performance.now());
    if (!frameOpen) raf(openFrame);
  };
  const proto = CanvasRenderingContext2D.prototype;
  const wrap = (name, after) => {
    const orig = proto[name];
    proto[name] = function (...args) {
      const r = orig.apply(this, args);
      after(this.canvas);
      return r;
    };
  };
  wrap('clearRect', (c) => c.matches(PAD) && log.renders.push(performance.now()));
  wrap('getImageData', (c) => {
    if (c.matches(PAD)) {
      log.reads.push(performance.now());
      painted = new Set();
    }
  });
  wrap('putImageData', onWrite);
  wrap('drawImage', onWrite);
}

/**
 * Measures the playground at url in a fresh context of browser and returns
 * { samples, missed, latenciesMs (sorted), stages, mapCount }.
 */
export async function strokeLatency(browser, url) {
  const page = await newPage(browser);
  try {
    await page.addInitScript(instrument, { PAD, MAPS });
    await page.goto(url);
    await waitForEngine(page);
    const box = await page.locator(PAD).boundingBox();
    const drawings = e2eDrawings().filter((d) => d.name.endsWith(' large'));
    for (const digit of DIGITS) {
      const d = drawings.find((x) => x.digit === digit);
      await replay(page, box, resample(d.strokes, MOVES));
      await sleep(500); // let the last inference land
      await page.locator('#clear').click();
      await sleep(200);
    }
    const log = await page.evaluate(() => window.__strokeLatency);
    const mapCount = await page.locator(MAPS).count();
    if (page.svertkaProblems.length) throw new Error(`the playground had problems:\n  ${page.svertkaProblems.join('\n  ')}`);
    return { ...latencies(log), mapCount };
  } finally {
    await page.context().close();
  }
}

// latencies follows every event through the chain; stages holds each step's
// durations, to show where the time goes.
function latencies({ events, renders, reads, paints }) {
  const after = (list, t) => list.find((x) => x > t);
  const out = [];
  const stages = { 'input → handler': [], '→ pad redrawn': [], '→ engine reads the pad': [], '→ every map written': [], '→ frame done': [] };
  let missed = 0;
  for (const e of events) {
    const render = after(renders, e.handled);
    const read = render === undefined ? undefined : after(reads, render);
    const paint = read === undefined ? undefined : paints.find((p) => p.done > read);
    if (!paint) {
      missed++;
      continue;
    }
    out.push(paint.frameEnd - e.t);
    const steps = [e.t, e.handled, render, read, paint.done, paint.frameEnd];
    Object.values(stages).forEach((list, i) => list.push(steps[i + 1] - steps[i]));
  }
  return { samples: out.length, missed, latenciesMs: out.sort((a, b) => a - b), stages };
}

// resample spreads n points evenly along the strokes (pad units), keeping
// every stroke's ends: [[stroke points...], ...].
function resample(strokes, n) {
  const length = (s) => s.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - s[i][0], p[1] - s[i][1]), 0);
  const total = strokes.reduce((sum, s) => sum + length(s), 0);
  return strokes.map((s) => {
    const k = Math.max(2, Math.round((n * length(s)) / total));
    const out = [];
    const L = length(s);
    for (let i = 0; i < k; i++) {
      let want = (L * i) / (k - 1);
      let j = 0;
      for (; j < s.length - 2; j++) {
        const seg = Math.hypot(s[j + 1][0] - s[j][0], s[j + 1][1] - s[j][1]);
        if (want <= seg) break;
        want -= seg;
      }
      const seg = Math.hypot(s[j + 1][0] - s[j][0], s[j + 1][1] - s[j][1]) || 1;
      const f = Math.min(1, want / seg);
      out.push([s[j][0] + f * (s[j + 1][0] - s[j][0]), s[j][1] + f * (s[j + 1][1] - s[j][1])]);
    }
    return out;
  });
}

// replay draws the strokes with real mouse events, one every INTERVAL_MS.
async function replay(page, box, strokes) {
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  const t0 = performance.now();
  let i = 0;
  const tick = async () => {
    const wait = t0 + ++i * INTERVAL_MS - performance.now();
    if (wait > 0) await sleep(wait);
  };
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    await tick();
    for (const p of stroke.slice(1)) {
      await page.mouse.move(...at(p));
      await tick();
    }
    await page.mouse.up();
  }
}
