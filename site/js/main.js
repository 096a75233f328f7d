// The playground's page script: starts the engine, loads the model, builds
// the views (see view.js) and moves data between them: the pad's drawing
// goes through the engine to the answer, the flow, the inspector and the lab.
//
// html[data-engine] is "loading" until the wasm engine and the model are
// ready, then "ready" (or "error" with a visible message); tests wait on it.
// The engine runs in a Web Worker, so drawing never waits for it; if the
// worker dies, data-engine becomes "stopped" and a notice offers a new one.
// The model is the one made active in the Train view (modelstore.js), if
// any — html[data-model] is then "mine" and #model-note offers the shipped
// model back — and otherwise the shipped model/digits.json ("shipped").

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
import { Builder } from './builder.js';
import { describeModel } from './model.js';
import { t, onLang } from './i18n.js';
import { DRAWING_KEY } from './urlstate.js';
import * as store from './modelstore.js';

const root = document.documentElement;
root.dataset.engine = 'loading';

const page = new Page('index');
const app = {
  nn: null,
  model: null, // describeModel() of the network on screen
  handle: 0, // its engine handle: the builder's network
  trained: 0, // the handle of the trained (shipped) model
  trainedWeights: null, // its getWeights(), what a built network keeps where shapes allow
  trainedSpec: null, // its architecture, where the builder's Reset goes back to
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
let builder = null;

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
  const pre = pad.empty ? null : await app.nn.preprocess(pad.imageData());
  if (!pre || pre.empty) {
    await show(null, null);
    return;
  }
  const res = await app.nn.predict(pre.input, handle);
  // The builder may have changed the network meanwhile: run again on it.
  if (handle !== app.handle) inference.dirty = true;
  else await show(pre, res);
}

// show hands one inference (or nothing drawn: nulls) to every view.
async function show(pre, res) {
  const answer = res && { probs: res.probs, label: res.label };
  pad.update({ pre, answer });
  flow.update({ input: pre && pre.input.data, acts: res && res.activations });
  result.update({ answer });
  builder?.update({ answer });
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
// The switch's default, max, leaves every pooling layer as the builder's
// network has it (the trained network pools by max); min and avg make all
// of them pool that way, with the same weights.
async function setPool(mode) {
  if (!app.nn) return;
  if (mode === 'max' && builder) {
    builder.update({ rebuild: true });
    return;
  }
  for (const l of app.model.layers.filter((x) => x.spec.kind === 'pool')) {
    await app.nn.setPooling(l.name, mode, app.handle);
    l.spec.mode = mode;
  }
  const summary = await app.nn.modelSummary(app.handle);
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
  const { bytes, summary } = await chooseModel(nn, await modelBytes);
  app.modelBytes = bytes;
  app.nn = nn;
  await loadTrained(summary.handle);
  inspector = page.add('inspector', new Inspector($('#inspector'), {
    nn,
    weights: app.weights,
    handle: () => app.handle,
    closed: (sel) => {
      flow.markSelected(null);
      // Not when the network changed under it: the focus stays in the builder.
      if (sel?.stage.el.isConnected) sel.stage.maps[sel.index].el.focus();
    },
  }));
  const presets = await nn.kernelPresets();
  lab = page.add('lab', new Lab($('#lab'), { nn, presets, changed: () => page.saveURL() }));
  await page.readURL('lab', { presets });
  const networks = await nn.networkPresets();
  builder = page.add('builder', new Builder($('#builder'), {
    nn,
    presets: networks,
    classes: await nn.layerClasses(),
    trained: () => app.trainedSpec,
    build: buildNetwork,
    changed: () => page.saveURL(),
  }));
  await page.readURL('builder', { networks: networks.map((n) => n.name) });
  if (!app.handle) await buildNetwork(app.trainedSpec); // an impossible network in the link: the trained one runs
  root.dataset.engine = 'ready';
  pad.update({ engine: 'ready' });
  lab.schedule();
  inference.request();
}

// chooseModel loads the active model of the store, or the shipped one when
// there is none or it does not load (the note says why).
async function chooseModel(nn, shipped) {
  root.dataset.model = 'shipped';
  let mine = null;
  try {
    mine = await store.getActiveModel();
    if (mine) {
      const bytes = new TextEncoder().encode(mine.doc);
      const summary = await nn.loadModel(bytes);
      root.dataset.model = 'mine';
      modelNote('model.mine', { name: mine.name });
      return { bytes, summary };
    }
  } catch (err) {
    modelNote('model.storeError', { msg: err.message });
  }
  return { bytes: shipped, summary: await nn.loadModel(shipped) };
}

function modelNote(key, vars) {
  const show = () => { $('#model-note-text').textContent = t(key, vars); };
  show();
  onLang(show);
  $('#model-note').hidden = false;
  $('#use-shipped').hidden = key !== 'model.mine';
}

// One click back to the shipped model: the store forgets the choice, and
// the page starts again with the shipped model.
$('#use-shipped').addEventListener('click', async () => {
  try {
    await store.setActiveModel(null);
  } finally {
    location.reload();
  }
});

// loadTrained loads the trained model (the store's active one or the
// shipped one, already loaded as handle when given), whose weights every
// built network keeps where their shapes still fit.
async function loadTrained(handle) {
  app.trained = handle ?? (await app.nn.loadModel(app.modelBytes)).handle;
  app.trainedWeights = await app.nn.getWeights(app.trained);
  const s = await app.nn.modelSummary(app.trained);
  app.trainedSpec = { inputShape: s.inputShape, layers: s.layers.map((l) => ({ class_name: l.type, config: l.config })) };
}

// ---- the builder's network ------------------------------------------------------
// buildNetwork builds spec, gives it every trained weight whose layer,
// name and shape still match (a conv kernel survives new padding, strides
// or dilation; a Dense after Flatten does not survive a new map size) and
// puts it on screen. It answers the builder with what was kept.
async function buildNetwork(spec) {
  const nn = app.nn;
  const summary = await nn.createModel({ ...spec, seed: 1 });
  const trained = new Map(app.trainedWeights.map((w) => [`${w.layer}/${w.name}`, w]));
  const fresh = [];
  const layers = new Set();
  try {
    const weights = (await nn.getWeights(summary.handle)).map((w) => {
      layers.add(w.layer);
      const old = trained.get(`${w.layer}/${w.name}`);
      if (old && old.shape.join() === w.shape.join()) return { ...w, data: old.data };
      fresh.push({ layer: w.layer, name: w.name, was: old ? old.shape : null, now: w.shape });
      return w;
    });
    if (weights.length) await nn.setWeights(summary.handle, weights);
    await adopt(summary);
  } catch (err) {
    await nn.disposeModel(summary.handle).catch(() => {});
    throw err;
  }
  const kept = [...layers].filter((l) => !fresh.some((f) => f.layer === l));
  return { summary, kept, fresh };
}

// adopt puts a built model on screen: the flow, the answer, the inspector's
// weights; the model shown before is disposed of once no inference uses it.
async function adopt(summary) {
  const nn = app.nn;
  const { handle } = summary;
  const model = describeModel(summary);
  const weights = {};
  for (const l of model.layers) {
    if (l.spec.kind === 'conv') weights[l.name] = await nn.layerWeights(l.name, handle);
  }
  const old = app.handle;
  app.handle = handle;
  app.model = model;
  for (const k of Object.keys(app.weights)) delete app.weights[k];
  Object.assign(app.weights, weights);
  flow.update({ model, weights: app.weights, acts: null });
  inspector?.close();
  result.update({ totalParams: model.totalParams, answer: null });
  // The pooling switch, when not at its default, applies to every network.
  const pools = model.layers.filter((l) => l.spec.kind === 'pool');
  display.update({ own: pools.some((l) => l.spec.mode !== 'max') });
  if (display.pool !== 'max' && pools.length) await setPool(display.pool);
  while (inference.running) await new Promise((r) => { setTimeout(r, 4); });
  if (old) await nn.disposeModel(old).catch(() => {}); // gone already if the engine restarted
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
    app.handle = 0;
    await loadTrained();
    await buildNetwork(builder.spec).catch(() => buildNetwork(app.trainedSpec));
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
