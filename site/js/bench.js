// The engine benchmark page (bench.html). It reports its results in
// <pre id="results"> as JSON and sets html[data-bench] to "done" or
// "error"; scripts/bench/run.mjs (make bench) reads them from there.
//
// time() is exported for make bench's comparison page
// (scripts/bench/peers/), which times Svertka, TF.js and ConvNetJS with it;
// the page itself runs only on bench.html.

import { Svertka } from '../svertka.js';

const WARMUP = 50;
const CALLS = 500;
const CANVAS = 280; // the playground's drawing canvas

const root = document.documentElement;
const status = document.getElementById('status');
const params = new URLSearchParams(location.search);
const quick = params.has('quick');
const worker = params.has('worker'); // the engine in a Web Worker, as the playground runs it
const page = document.getElementById('engine-bench');

async function run() {
  const model = fetch('model/digits.json').then((r) => {
    if (!r.ok) throw new Error(`model/digits.json: HTTP ${r.status} (make train writes it)`);
    return r.arrayBuffer();
  });
  // performance.now() counts from the start of the navigation.
  const nn = await Svertka.load({ worker });
  const engineReadyMs = performance.now();
  const summary = await nn.loadModel(await model);
  const modelLoadedMs = performance.now();
  const drawing = digitDrawing();
  const input = (await nn.preprocess(drawing)).input.data;
  const first = await nn.predict(input);
  const result = {
    coldStartMs: round(performance.now()),
    engineReadyMs: round(engineReadyMs),
    modelLoadedMs: round(modelLoadedMs),
    firstLabel: first.label,
    worker,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    userAgent: navigator.userAgent,
  };
  if (!quick) {
    const before = await nn.stats();
    result.predict = await time(() => nn.predict(input));
    result.preprocess = await time(() => nn.preprocess(drawing));
    result.predictDrawing = await time(() => nn.predictDrawing(drawing));
    const after = await nn.stats();
    result.activations = first.activations.map((a) => `${a.name} ${a.shape.join('×')}`);
    result.totalParams = summary.totalParams;
    result.memory = {
      wasmBytesBefore: before.wasmMemoryBytes,
      wasmBytesAfter: after.wasmMemoryBytes,
      goRefsBefore: before.goRefs,
      goRefsAfter: after.goRefs,
    };
  }
  return result;
}

// time awaits fn warmup times, then calls times with a clock around each.
export async function time(fn, { warmup = WARMUP, calls = CALLS } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const ms = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  return {
    warmup,
    calls,
    medianMs: round((ms[(ms.length - 1) >> 1] + ms[ms.length >> 1]) / 2),
    p95Ms: round(at(0.95)),
    meanMs: round(ms.reduce((s, x) => s + x, 0) / ms.length),
    minMs: round(ms[0]),
    maxMs: round(ms[ms.length - 1]),
  };
}

// digitDrawing draws a "2" the way the playground's pad does: a 20 px round
// black brush on a transparent 280×280 canvas.
function digitDrawing() {
  const canvas = new OffscreenCanvas(CANVAS, CANVAS);
  const g = canvas.getContext('2d');
  g.lineWidth = CANVAS / 14;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  g.strokeStyle = '#000';
  g.beginPath();
  g.moveTo(80, 90);
  g.bezierCurveTo(100, 30, 200, 40, 190, 110);
  g.bezierCurveTo(180, 160, 100, 190, 80, 220);
  g.lineTo(200, 220);
  g.stroke();
  return g.getImageData(0, 0, CANVAS, CANVAS);
}

const round = (x) => Math.round(x * 1000) / 1000;

function show(result) {
  document.getElementById('results').textContent = JSON.stringify(result, null, 2);
  const body = document.querySelector('#table tbody');
  for (const name of ['predict', 'preprocess', 'predictDrawing']) {
    const r = result[name];
    if (!r) continue;
    const row = body.insertRow();
    for (const v of [name, r.calls, r.medianMs, r.p95Ms, r.meanMs, r.minMs, r.maxMs]) row.insertCell().textContent = v;
  }
  document.getElementById('table').hidden = body.rows.length === 0;
  status.textContent = `Cold start (navigation → first prediction): ${result.coldStartMs} ms, ${result.worker ? 'engine in a Web Worker' : 'engine on the page\'s thread'}.`;
}

if (page) {
  try {
    show(await run());
    root.dataset.bench = 'done';
  } catch (err) {
    status.textContent = `The benchmark failed: ${err.message}`;
    document.getElementById('results').textContent = JSON.stringify({ error: err.message });
    root.dataset.bench = 'error';
  }
}
