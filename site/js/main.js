// The playground's page script: starts the engine, loads the model, builds
// the views (see view.js) and moves data between them: the pad's drawing
// (or, for a model that sees colour, the picture) goes through the engine
// to the answer, the flow, the inspector and the lab. The model card
// (library.js) swaps the model: the shipped one, an imported Keras model,
// one kept in the browser.
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
import { ModelsView } from './library.js';
import { PictureView } from './picture.js';
import { load as loadSource, exportFiles } from './modelfiles.js';
import { describeModel } from './model.js';
import { t } from './i18n.js';
import { DRAWING_KEY } from './urlstate.js';

const root = document.documentElement;
root.dataset.engine = 'loading';

const page = new Page('index');
const app = {
  nn: null,
  model: null,
  handle: 0, // the current model's handle
  name: '', // its name, for downloads
  input: 'drawing', // what it reads: 'drawing' (1 channel), 'picture' (3) or 'none'
  weights: {}, // the current model's Conv2D weights; the views hold this object
  shippedBytes: null, // the shipped model file
  modelDoc: null, // the current model as a model file, for a new engine after the worker died
};

page.add('topbar', new TopBar($('.topbar'), { link: () => page.saveURL() }));
await page.readURL('topbar'); // the language first: every view starts in it

const pad = page.add('pad', new PadView($('#draw-card'), { changed: () => inference.request() }));
const picture = page.add('picture', new PictureView($('#picture-card'), { changed: () => inference.request() }));
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
let models = null;

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

async function infer() {
  const handle = app.handle;
  if (app.input === 'picture') {
    const input = picture.modelInput();
    await show(input && { input }, input && await app.nn.predict(input, handle), handle);
    return;
  }
  const pre = pad.empty || app.input === 'none' ? null : await app.nn.preprocess(pad.imageData());
  if (!pre || pre.empty) {
    await show(null, null, handle);
    return;
  }
  // The drawing is the shipped model's 32×32 input; a drawing model of
  // another size reads it resampled.
  const input = fitDrawing(pre.input, app.model.inputShape);
  await show({ ...pre, input }, await app.nn.predict(input, handle), handle);
}

// fitDrawing resamples a 32×32 drawing input to a 1-channel model's H×W
// (bilinear, cell centres aligned).
function fitDrawing(input, [H, W]) {
  const [h, w] = input.shape;
  if (h === H && w === W) return input;
  const data = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * h) / H - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    for (let x = 0; x < W; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * w) / W - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const at = (yy, xx) => input.data[yy * w + xx];
      const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * (sx - x0);
      const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * (sx - x0);
      data[y * W + x] = top + (bottom - top) * (sy - y0);
    }
  }
  return { data, shape: [H, W, 1] };
}

// show hands one inference (or nothing to read: nulls) to every view; an
// answer of a model that has been swapped out since is dropped.
async function show(pre, res, handle) {
  if (handle !== app.handle) return;
  const answer = res && { probs: res.probs, label: res.label };
  if (app.input === 'drawing') pad.update({ pre, answer });
  flow.update({ input: pre && pre.input.data, acts: res && res.activations });
  result.update({ answer });
  if (app.input === 'drawing') {
    lab?.update({ pre });
    shareDrawing(pre);
  }
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

// ---- the model ---------------------------------------------------------------
// openModel makes a source (modelfiles.js; null for the shipped model) the
// current model. The engine checks it whole first: a refused one rejects
// here and changes nothing on the page.
async function openModel(source, meta) {
  const summary = source ? await loadSource(app.nn, source) : await app.nn.loadModel(app.shippedBytes);
  await useModel(summary, meta);
  return { doc: app.modelDoc };
}

// useModel shows the model the engine has just loaded (the default model,
// summary its modelSummary) in every view, and frees the one before it.
async function useModel(summary, meta) {
  const { nn } = app;
  const model = describeModel(summary);
  const weights = {};
  for (const l of model.layers) {
    if (l.spec.kind === 'conv') weights[l.name] = await nn.layerWeights(l.name, summary.handle);
  }
  const doc = await nn.exportModel(summary.handle);
  const old = app.handle;
  inspector?.close();
  Object.assign(app, { model, handle: summary.handle, name: meta.name || 'digits', modelDoc: doc });
  for (const k of Object.keys(app.weights)) delete app.weights[k];
  Object.assign(app.weights, weights);
  if (old && old !== summary.handle) await nn.disposeModel(old).catch(() => {});
  const C = model.inputShape[2];
  app.input = C === 3 ? 'picture' : C === 1 ? 'drawing' : 'none';
  root.dataset.input = app.input;
  $('#draw-card').hidden = app.input === 'picture';
  $('#picture-card').hidden = app.input !== 'picture';
  if (app.input === 'picture') picture.update({ shape: model.inputShape });
  flow.update({ model, weights: app.weights, input: null, acts: null });
  if (app.input === 'none') flow.say(t('input.unsupported', { c: C }));
  const out = model.layers.length ? model.layers[model.layers.length - 1].outputShape : [0];
  result.update({ totalParams: model.totalParams, classes: out.reduce((a, b) => a * b, 1), answer: null });
  models?.update({ summary, name: meta.name, shipped: !!meta.shipped, storeId: meta.storeId ?? null });
  // The shipped model takes the page's pooling setting (a link may ask for
  // another mode); another model keeps its own unless a mode was chosen.
  const modes = [...new Set(model.layers.filter((l) => l.spec.kind === 'pool').map((l) => l.spec.mode))];
  display.update({ ownPool: meta.shipped ? null : modes });
  if ((meta.shipped || display.chosen) && modes.some((m) => m !== display.pool)) await setPool(display.pool);
  page.saveURL();
  inference.request();
}

// Files dropped anywhere on the page: a model (a .json among them) or, for
// a model that sees colour, a picture.
function acceptDrops() {
  const overlay = $('#drop-overlay');
  let depth = 0;
  const carriesFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!carriesFiles(e)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (carriesFiles(e)) e.preventDefault();
  });
  document.addEventListener('drop', async (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const files = [...e.dataTransfer.files];
    if (!files.length || root.dataset.engine !== 'ready') return;
    if (await models.openFiles(files)) return;
    const image = files.find((f) => f.type.startsWith('image/')) || files[0];
    if (app.input === 'picture') await picture.openFile(image);
    else flow.say(t('drop.notPicture'));
  });
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
  app.nn = nn;
  app.shippedBytes = await modelBytes;
  await useModel(await nn.loadModel(app.shippedBytes), { shipped: true });
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
  models = page.add('models', new ModelsView($('#models'), {
    open: openModel,
    exportFiles: (format) => exportFiles(nn, app.handle, format, app.name),
    changed: () => page.saveURL(),
  }));
  models.update({ summary: await nn.modelSummary(app.handle), name: '', shipped: true });
  acceptDrops();
  // A link's model (?model=…) comes first, then the model kept as active
  // in this browser; either may be refused, and the shipped one stays.
  await page.readURL('models');
  if (!models.url) await models.openActive();
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
    app.handle = (await app.nn.loadModel(app.modelDoc)).handle;
    // The model file has the pooling the model was opened with.
    for (const l of app.model.layers.filter((x) => x.spec.kind === 'pool')) await app.nn.setPooling(l.name, l.spec.mode);
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
