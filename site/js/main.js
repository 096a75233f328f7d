// The playground's page script: starts the engine, loads the model, builds
// the views (see view.js) and moves data between them: the pad's drawing
// goes through the engine to the answer, the flow, the inspector and the lab.
//
// html[data-engine] is "loading" until the wasm engine and the model are
// ready, then "ready" (or "error" with a visible message); tests wait on it.
// The engine runs in a Web Worker, so drawing never waits for it; if the
// worker dies, data-engine becomes "stopped" and a notice offers a new one.

import { Svertka } from '../svertka.js';
import { $, $$ } from './dom.js';
import { Page } from './view.js';
import { TopBar } from './topbar.js';
import { PadView } from './pad.js';
import { ResultView } from './result.js';
import { DisplayBar } from './display.js';
import { Flow } from './flow.js';
import { Inspector } from './inspector.js';
import { Lab } from './lab.js';
import { describeModel } from './model.js';
import { t } from './i18n.js';
import { DRAWING_KEY } from './urlstate.js';

const root = document.documentElement;
root.dataset.engine = 'loading';

const page = new Page('index');
const app = {
  nn: null,
  model: null,
  weights: {},
  modelBytes: null, // the model file, for a new engine after the worker died
};

page.add('topbar', new TopBar($('.topbar'), { link: () => page.saveURL() }));
await page.readURL('topbar'); // the language first: every view starts in it

const pad = page.add('pad', new PadView($('#draw-card'), { changed: () => inference.request() }));
const result = page.add('result', new ResultView($('#result-card')));
const flow = page.add('flow', new Flow($('#flow-card'), { select: (stage, index) => openInspector(stage, index) }));
const display = page.add('display', new DisplayBar($('#display'), {
  scale(mode) {
    flow.update({ scale: mode });
    page.saveURL();
  },
  pool(mode) {
    page.saveURL();
    setPool(mode);
  },
}));
await page.readURL('display');
flow.update({ scale: display.scale });
let inspector = null;
let lab = null;

// ---- inference: one engine round trip at a time ------------------------------
// A request starts one at the next animation frame; a request while one is
// in flight only marks the drawing dirty, and when the running one finishes,
// one more runs at once with the latest drawing: the engine's answers take
// a few milliseconds to come back from the worker, and waiting for another
// frame as well would only make the answer later.
const inference = {
  running: false,
  dirty: false,
  frame: 0,
  request() {
    this.dirty = true;
    if (!this.running && !this.frame && root.dataset.engine === 'ready') this.frame = requestAnimationFrame(() => this.run());
  },
  async run() {
    this.frame = 0;
    if (!this.dirty || this.running || root.dataset.engine !== 'ready') return;
    this.dirty = false;
    this.running = true;
    try {
      await infer();
    } catch (err) {
      // A stopped engine has its own notice.
      if (!app.nn.exited) flow.say(t('error.inference', { msg: err.message }));
    } finally {
      this.running = false;
      if (this.dirty) this.run();
    }
  },
};

// One engine call per drawing: the canvas goes in once, preprocessing and
// every activation come back in one array (predictDrawing, wasm/API.md).
async function infer() {
  const drawn = pad.empty ? null : await app.nn.predictDrawing(pad.imageData());
  if (!drawn || drawn.empty) {
    await show(null, null);
    return;
  }
  await show(...unpackDrawing(drawn));
}

// unpackDrawing turns predictDrawing's result into the two the views take,
// preprocess()'s and predict()'s, every array a view of its one array.
function unpackDrawing({ values, layout, label, ...geometry }) {
  const view = (part) => values.subarray(part.offset, part.offset + part.length);
  const tensor = (part) => ({ data: view(part), shape: part.shape });
  const pre = { ...geometry, image28: tensor(layout.image28), input: tensor(layout.input) };
  const res = {
    probs: view(layout.probs),
    label,
    activations: layout.activations.map((a) => ({ name: a.name, type: a.type, shape: a.shape, data: view(a) })),
  };
  return [pre, res];
}

// show hands one inference (or nothing drawn: nulls) to every view.
async function show(pre, res) {
  const answer = res && { probs: res.probs, label: res.label };
  pad.update({ pre, answer });
  flow.update({ input: pre && pre.input.data, acts: res && res.activations });
  result.update({ answer });
  lab?.update({ pre });
  shareDrawing(pre);
  await inspector?.update({ input: pre && pre.input });
}

// The explainer page can replay the person's drawing (explainer.html?input=drawing).
function shareDrawing(pre) {
  for (const a of $$('a.to-explainer')) a.href = pre ? 'explainer.html?input=drawing' : 'explainer.html';
  try {
    if (pre) {
      sessionStorage.setItem(DRAWING_KEY, JSON.stringify(Array.from(pre.input.data, (v) => Math.round(v * 1000) / 1000)));
    } else sessionStorage.removeItem(DRAWING_KEY);
  } catch {
    // Storage can be disabled; the explainer then uses its own samples.
  }
}

// ---- pooling ---------------------------------------------------------------
async function setPool(mode) {
  if (!app.nn) return;
  for (const l of app.model.layers.filter((x) => x.spec.kind === 'pool')) {
    await app.nn.setPooling(l.name, mode);
    l.spec.mode = mode;
  }
  const summary = await app.nn.modelSummary();
  const types = Object.fromEntries(summary.layers.map((l) => [l.name, l.type]));
  for (const l of app.model.layers) l.type = types[l.name] || l.type;
  flow.update({ types });
  inspector?.relabel();
  inference.request();
}

// ---- inspector ---------------------------------------------------------------
function openInspector(stage, index) {
  if (!inspector) return;
  flow.markSelected({ stage, index });
  inspector.show(stage, index);
}

// ---- start -------------------------------------------------------------------
async function start() {
  const modelBytes = fetch('model/digits.json').then((r) => {
    if (!r.ok) throw new Error(t('error.model', { status: r.status }));
    return r.arrayBuffer();
  });
  const nn = await Svertka.load({
    wasmURL: new URL('svertka.wasm', document.baseURI).href,
    execURL: new URL('wasm_exec.js', document.baseURI).href,
    worker: true,
    onexit: engineStopped,
  });
  const bytes = await modelBytes;
  app.modelBytes = bytes;
  const model = await describeModel(nn, bytes, await nn.loadModel(bytes));
  for (const l of model.layers) {
    if (l.spec.kind === 'conv') app.weights[l.name] = await nn.layerWeights(l.name);
  }
  app.nn = nn;
  app.model = model;
  flow.update({ model, weights: app.weights });
  result.update({ totalParams: model.totalParams });
  inspector = page.add('inspector', new Inspector($('#inspector'), {
    nn,
    weights: app.weights,
    closed: (sel) => {
      flow.markSelected(null);
      sel?.stage.maps[sel.index].el.focus();
    },
  }));
  const presets = await nn.kernelPresets();
  lab = page.add('lab', new Lab($('#lab'), { nn, presets, changed: () => page.saveURL() }));
  await page.readURL('lab', { presets });
  // The model file says how it pools; a link may ask for another mode.
  if (model.layers.some((l) => l.spec.kind === 'pool' && l.spec.mode !== display.pool)) await setPool(display.pool);
  root.dataset.engine = 'ready';
  pad.update({ engine: 'ready' });
  lab.schedule();
  inference.request();
}

// ---- a new engine when the worker dies -----------------------------------------
// Until then the page keeps the drawing and everything shown; the new engine
// gets the same model and pooling, then reads the drawing again.
function engineStopped(err) {
  if (root.dataset.engine !== 'ready') return; // start() reports a death while starting
  root.dataset.engine = 'stopped';
  $('#engine-stopped-detail').textContent = err.message;
  $('#engine-stopped').hidden = false;
}

$('#engine-restart').addEventListener('click', async () => {
  const button = $('#engine-restart');
  button.disabled = true;
  try {
    await app.nn.restart();
    await app.nn.loadModel(app.modelBytes);
    await setPool(display.pool);
    root.dataset.engine = 'ready';
    $('#engine-stopped').hidden = true;
    $('#draw-title').focus({ preventScroll: true }); // the focused button is gone
    lab.schedule();
    inference.request();
  } catch (err) {
    $('#engine-stopped-detail').textContent = err.message;
  } finally {
    button.disabled = false;
  }
});

start().catch((err) => {
  root.dataset.engine = 'error';
  pad.update({ engine: 'error' });
  $('#engine-error-detail').textContent = err && err.message ? err.message : String(err);
  $('#engine-error').hidden = false;
});
