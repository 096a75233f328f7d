// One peer of make bench's side-by-side comparison in one page (peers.html):
// it loads the peer and the model file, makes the first prediction (the cold
// start: performance.now() counts from the navigation), and then, by mode:
//
//   cold   nothing more;
//   check  compares the probabilities of a few inputs with the float64
//          reference (the e2e smoke test);
//   full   check, then times predict and predict-with-all-activations
//          (50 warm-up + 500 timed calls each, time() of the site's
//          bench.js).
//
// With &train=SECONDS, check and full also train with plain SGD on batches
// of 32 for about that long; &train=0 makes only the first step, whose loss
// is compared with the reference's.
//
// Around each timed phase the page awaits globalThis.benchMark(name) when the
// runner has bound it: the runner then reads the renderer's CPU clocks, so
// CPU time per call can be printed beside the wall time (it does not stretch
// when other programs share the machine). Opened by hand, the page skips it.
//
// &wasm=URL loads Svertka from another build (make bench profiles one that
// keeps its function names). globalThis.benchPeer = { peer, x } lets the
// runner drive the loaded peer itself (the CPU profile does).
//
// Results go to <pre id="results"> as JSON and html[data-bench] becomes
// "done" or "error", like bench.html; scripts/bench/run.mjs reads them.

import { preload } from './files.js';
import { readModel, inputs } from './modeldoc.js';

const params = new URLSearchParams(location.search);
const BATCH = Number(params.get('batch') ?? 32); // the smoke test's &batch=4 makes its one step cheap
const LEARNING_RATE = 0.01;
const CHECK_INPUTS = 4;

// peers: name → { start(options), load(started, model, modelBytes) } of the
// peer's adapter. start loads the library and needs no model, so the page
// runs it while the model file downloads, as a page would that loads its
// library and its model side by side. Each module loads its library only
// when imported, so a page fetches one peer's code.
const peers = {
  svertka: async () => import('./peer-svertka.js'),
  'tfjs-wasm': async () => backend(await import('./peer-tfjs.js'), 'wasm'),
  'tfjs-cpu': async () => backend(await import('./peer-tfjs.js'), 'cpu'),
  convnetjs: async () => import('./peer-convnetjs.js'),
};

function backend(tfjs, name) {
  return { start: () => tfjs.start(name), load: (tf, model, bytes) => tfjs.load(tf, model, bytes, name) };
}

const root = document.documentElement;

async function run() {
  const name = params.get('peer');
  const modelURL = params.get('model');
  const mode = params.get('mode') ?? 'full';
  if (!peers[name]) throw new Error(`unknown peer ${JSON.stringify(name)}; one of ${Object.keys(peers).join(', ')}`);
  if (!modelURL) throw new Error('no &model= (a model file URL)');
  preload(name, params.get('wasm') ?? undefined);
  const bytes = fetch(modelURL).then((r) => {
    if (!r.ok) throw new Error(`${modelURL}: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  const adapter = peers[name]();
  const started = adapter.then((a) => a.start({ wasmURL: params.get('wasm') }));
  started.catch(() => {}); // awaited below, after the model's own failure if any
  const modelBytes = await bytes;
  const model = readModel(new TextDecoder().decode(modelBytes));
  const peer = await (await adapter).load(await started, model, new Uint8Array(modelBytes));
  const [x0] = inputs(model.inputShape, 1);
  const first = Array.from(await peer.predict(x0)); // a copy, in the peer's precision
  const result = {
    peer: name,
    coldStartMs: round(performance.now()),
    info: peer.info,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    userAgent: navigator.userAgent,
  };
  globalThis.benchPeer = { peer, x: x0 };
  if (mode === 'cold') return result;

  const reference = await import('./reference.js');
  result.check = await check(peer, model, reference, first);
  if (mode === 'full') {
    const { time } = await import('/js/bench.js');
    const warmup = Number(params.get('warmup') ?? 50);
    const calls = Number(params.get('calls') ?? 500);
    const timed = async (phase, fn) => {
      for (let i = 0; i < warmup; i++) await fn();
      await mark(`${phase}:start`);
      const r = await time(fn, { warmup: 0, calls });
      await mark(`${phase}:end`);
      return { ...r, warmup };
    };
    result.predictIncludesActivations = !!peer.predictIncludesActivations;
    result.predict = await timed('predict', () => peer.predict(x0));
    result.predictAll = await timed('predictAll', () => peer.predictAll(x0));
  }
  if (params.has('train')) result.train = await train(peer, model, reference, Number(params.get('train')));
  return result;
}

// check compares the peer's probabilities, from predict and from the last
// output of predictAll, with the float64 reference on a few inputs.
async function check(peer, model, reference, first) {
  const xs = inputs(model.inputShape, CHECK_INPUTS);
  let diff = 0;
  let macs = 0;
  const labels = [];
  for (const x of xs) {
    const ref = reference.forward(model, x);
    macs = ref.macs;
    const probs = await peer.predict(x);
    const all = await peer.predictAll(x);
    diff = Math.max(diff, reference.maxAbsDiff(probs, ref.probs), reference.maxAbsDiff(all.at(-1), ref.probs));
    labels.push(ref.probs.indexOf(Math.max(...ref.probs)));
  }
  // The first prediction must equal a later one of the same input.
  const again = await peer.predict(xs[0]);
  return {
    inputs: xs.length,
    maxAbsDiff: diff,
    firstEqualsLater: reference.maxAbsDiff(first, Array.from(again)) === 0,
    referenceLabels: labels,
    macs,
  };
}

// train runs plain SGD on batches of 32: the first step's loss (computed
// before the update, from the file's weights) against the reference's, then
// (seconds > 0) two warm-up steps and as many timed steps as fit in about
// `seconds`, at least three.
async function train(peer, model, reference, seconds) {
  const n = model.inputShape.reduce((a, b) => a * b, 1);
  const samples = inputs(model.inputShape, 4 * BATCH);
  const batches = [];
  for (let b = 0; b < 4; b++) {
    const xs = new Float32Array(BATCH * n);
    const labels = [];
    for (let i = 0; i < BATCH; i++) {
      xs.set(samples[b * BATCH + i], i * n);
      labels.push((7 * (b * BATCH + i) + 3) % 10);
    }
    batches.push({ xs, labels });
  }
  const refLoss = reference.crossEntropy(samples.slice(0, BATCH).map((x) => reference.forward(model, x).probs), batches[0].labels);
  let firstLoss;
  try {
    firstLoss = await peer.trainStep(batches[0].xs, batches[0].labels, LEARNING_RATE);
  } catch (err) {
    return { error: err.message };
  }
  const first = { batch: BATCH, learningRate: LEARNING_RATE, firstLoss: Number(firstLoss), referenceLoss: refLoss };
  if (!(seconds > 0)) return first;
  const step = (i) => peer.trainStep(batches[i % batches.length].xs, batches[i % batches.length].labels, LEARNING_RATE);
  for (let i = 1; i <= 2; i++) await step(i);
  let steps = 0;
  await mark('train:start');
  const t0 = performance.now();
  let elapsed = 0;
  while (steps < 3 || elapsed < seconds * 1000) {
    await step(steps++);
    elapsed = performance.now() - t0;
  }
  await mark('train:end');
  return {
    ...first,
    steps,
    seconds: round(elapsed / 1000),
    samplesPerSecond: round((steps * BATCH) / (elapsed / 1000)),
  };
}

const round = (x) => Math.round(x * 1000) / 1000;

async function mark(name) {
  await globalThis.benchMark?.(name);
}

try {
  const result = await run();
  document.getElementById('results').textContent = JSON.stringify(result, null, 2);
  document.getElementById('status').textContent = `${result.peer}: first prediction ${result.coldStartMs} ms after navigation.`;
  root.dataset.bench = 'done';
} catch (err) {
  document.getElementById('status').textContent = `The benchmark failed: ${err.message}`;
  document.getElementById('results').textContent = JSON.stringify({ error: err.message, stack: err.stack });
  root.dataset.bench = 'error';
}
