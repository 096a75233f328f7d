// The playground's page script: starts the engine, loads the model, builds
// the views (see view.js) and moves data between them: the pad's drawing
// goes through the engine to the answer, the flow, the inspector and the lab.
//
// html[data-engine] is "loading" until the wasm engine and the model are
// ready, then "ready" (or "error" with a visible message); tests wait on it.
// The engine runs in a Web Worker, so drawing never waits for it; if the
// worker dies, data-engine becomes "stopped" and a notice offers a new one.
// A cheap network is also copied to an engine on the page's thread
// (pagecopy.js), where the drawing runs inside the frame of the pen move.
// The model is the one made active in the Train view (modelstore.js), if
// any — html[data-model] is then "mine" and #model-note offers the shipped
// model back — and otherwise the shipped model/digits.json ("shipped").
//
// What runs on screen is always the builder's network with the trained
// model's weights. A model the person opens in the model card (library.js:
// a Keras model saved for TF.js, a Svertka model file, a link, a model kept
// in the browser, the shipped one) becomes the trained model: the builder
// shows its layers, its Reset goes back to it and live edits keep its
// weights where shapes allow. A model that sees colour reads the picture
// card (picture.js) instead of the drawing.

import { $, $$ } from './dom.js';
import { Page } from './view.js';
import { TopBar } from './topbar.js';
import { PadView } from './pad.js';
import { ResultView } from './result.js';
import { DisplayBar } from './display.js';
import { Flow } from './flow.js';
import { Inspector } from './inspector.js';
import { Lab } from './lab.js';
import { PageCopy } from './pagecopy.js';
import { ENGINE_URLS, engine, onEngineExit } from './engine.js';
import { Builder } from './builder.js';
import { ModelsView } from './library.js';
import { PictureView } from './picture.js';
import { load as loadSource, exportFiles, ModelFileError } from './modelfiles.js';
import { describeModel } from './model.js';
import { t, onLang } from './i18n.js';
import { DRAWING_KEY, readState } from './urlstate.js';
import * as store from './modelstore.js';

const root = document.documentElement;
root.dataset.engine = 'loading';

const page = new Page('index');
const app = {
  nn: null,
  model: null, // describeModel() of the network on screen
  handle: 0, // its engine handle: the builder's network
  trained: 0, // the handle of the trained model (the shipped one, the store's active one, or the opened one)
  trainedWeights: null, // its getWeights(), what a built network keeps where shapes allow
  trainedSpec: null, // its architecture, where the builder's Reset goes back to
  trainedOutputs: 0, // how many values (classes) it answers with: every built network must too
  trainedName: '', // the store's name of the page's trained model; '' for the shipped one
  trainedLayers: '', // its layerList(), to tell when the builder's network is the trained model
  weights: {},
  modelBytes: null, // the model file, for a new engine after the worker died
  shippedBytes: null, // the shipped model file, which the model card reopens
  opened: null, // { meta, doc } of the model opened in the model card, now the trained model; null: the page's own
  input: 'drawing', // what the model on screen reads: 'drawing' (1 channel), 'picture' (3) or 'none'
};

page.add('topbar', new TopBar($('.topbar'), { link: () => page.saveURL() }));
await page.readURL('topbar'); // the language first: every view starts in it

// The pad reports a change from the frame that drew it: the inference starts
// there and then (see inference).
const pad = page.add('pad', new PadView($('#draw-card'), { changed: () => inference.now() }));
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
let builder = null;
let models = null;

// ---- inference: one engine round trip at a time ------------------------------
// A request starts one at the next animation frame; the pad's changes start
// one at once (now), from the frame that drew the stroke: a cheap network
// runs on the page's thread (pagecopy.js) and paints its maps in that same
// frame. A request while one is in flight only marks the drawing dirty, and
// when the running one finishes, one more runs at once with the latest
// drawing: the engine's answers take a few milliseconds to come back from
// the worker, and waiting for another frame as well would only make the
// answer later.
const inference = {
  running: false,
  dirty: false,
  frame: 0,
  request() {
    this.dirty = true;
    if (!this.running && !this.frame && root.dataset.engine === 'ready') this.frame = requestAnimationFrame(() => this.run());
  },
  now() {
    this.dirty = true;
    cancelAnimationFrame(this.frame);
    this.run();
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

// The model input the drawing views show: preprocess's 32×32×1 (pad.js).
// predictDrawing reads a drawing as it is for such a model.
const DRAWING_INPUT = '32,32,1';

// One engine call per drawing when the model reads drawings as they are:
// the canvas goes in once, preprocessing and every activation come back in
// one array (predictDrawing).
async function infer() {
  const handle = app.handle;
  let pre = null;
  let res = null;
  if (app.input === 'picture') {
    const input = picture.modelInput();
    if (input) [pre, res] = [{ input }, await app.nn.predict(input, handle)];
  } else if (app.input === 'drawing' && !pad.empty) {
    if (app.model.inputShape.join() === DRAWING_INPUT) {
      const drawn = await (local.covers(handle) ? local.predictDrawing(pad.imageData()) : app.nn.predictDrawing(pad.imageData(), handle));
      if (!drawn.empty) [pre, res] = unpackDrawing(drawn);
    } else {
      // A drawing model of another size reads the 32×32 input resampled.
      const p = await app.nn.preprocess(pad.imageData());
      if (!p.empty) {
        pre = { ...p, input: fitDrawing(p.input, app.model.inputShape) };
        res = await app.nn.predict(pre.input, handle);
      }
    }
  }
  // The network changed meanwhile (the builder, the model card): run again on it.
  if (handle !== app.handle) inference.dirty = true;
  else await show(pre, res);
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

// fitDrawing resamples a 32×32 drawing input to a 1-channel model's H×W
// (bilinear, cell centres aligned).
function fitDrawing(input, [H, W]) {
  const [h, w] = input.shape;
  if (h === H && w === W) return input;
  const at = (y, x) => input.data[y * w + x];
  const data = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * h) / H - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    for (let x = 0; x < W; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * w) / W - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * (sx - x0);
      const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * (sx - x0);
      data[y * W + x] = top + (bottom - top) * (sy - y0);
    }
  }
  return { data, shape: [H, W, 1] };
}

// show hands one inference (or nothing to read: nulls) to every view.
async function show(pre, res) {
  const answer = res && { probs: res.probs, label: res.label };
  if (app.input === 'drawing') pad.update({ pre, answer });
  flow.update({ input: pre && pre.input.data, acts: res && res.activations });
  result.update({ answer });
  builder?.update({ answer: answer && { ...answer, name: app.opened?.meta.labels?.[answer.label] } });
  if (app.input === 'drawing') {
    lab?.update({ pre });
    shareDrawing(pre);
  }
  await inspector?.update({ input: pre && pre.input });
}

// The explainer page can replay the person's drawing (explainer.html?input=drawing),
// and the Train view shows it: both read it from sessionStorage. It is stored
// once the drawing rests, or as the page is left, not on every pen move,
// where its JSON and the storage write would cost each frame of a stroke
// about a millisecond.
const SHARE_DELAY_MS = 150;
const shared = { drawn: undefined, data: undefined, timer: 0 };

function shareDrawing(pre) {
  if (shared.drawn !== !!pre) {
    shared.drawn = !!pre;
    for (const a of $$('a.to-explainer')) a.href = pre ? 'explainer.html?input=drawing' : 'explainer.html';
  }
  shared.data = pre ? pre.input.data.slice() : null; // a copy: the store comes later
  clearTimeout(shared.timer);
  shared.timer = setTimeout(storeDrawing, SHARE_DELAY_MS);
}

function storeDrawing() {
  clearTimeout(shared.timer);
  const { data } = shared;
  if (data === undefined) return;
  shared.data = undefined;
  try {
    if (data) sessionStorage.setItem(DRAWING_KEY, JSON.stringify(Array.from(data, (v) => Math.round(v * 1000) / 1000)));
    else sessionStorage.removeItem(DRAWING_KEY);
  } catch {
    // Storage can be disabled; the explainer then uses its own samples.
  }
}
addEventListener('pagehide', storeDrawing);

// ---- pooling ---------------------------------------------------------------
// The switch's default, max, leaves every pooling layer as the builder's
// network has it (the trained network pools by max); min and avg make all
// of them pool that way, with the same weights.
async function setPool(mode) {
  if (!app.nn) return;
  // An opened model's pooling layers are its own; max makes them all max.
  if (mode === 'max' && builder && !app.opened) {
    builder.update({ rebuild: true });
    return;
  }
  local.forget();
  for (const l of app.model.layers.filter((x) => x.spec.kind === 'pool')) {
    await app.nn.setPooling(l.name, mode, app.handle);
    l.spec.mode = mode;
  }
  const summary = await app.nn.modelSummary(app.handle);
  local.sync(app.nn, app.handle, summary);
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
// The drawing's copy of a cheap network on the page's thread (pagecopy.js).
const local = new PageCopy(ENGINE_URLS);

async function start() {
  const modelBytes = fetch('model/digits.json').then((r) => {
    if (!r.ok) throw new Error(t('error.model', { status: r.status }));
    return r.arrayBuffer();
  });
  onEngineExit(engineStopped);
  const nn = await engine;
  app.shippedBytes = await modelBytes;
  const { bytes, summary } = await chooseModel(nn, app.shippedBytes);
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
  lab = page.add('lab', new Lab($('#lab'), { nn, presets, changed: () => page.saveURL(), pageEngine: () => local.engine() }));
  await page.readURL('lab', { presets });
  const networks = await nn.networkPresets();
  builder = page.add('builder', new Builder($('#builder'), {
    nn,
    presets: networks,
    classes: await nn.layerClasses(),
    trained: () => app.trainedSpec,
    outputs: () => app.trainedOutputs,
    // The shipped model reopened is the page's own again, not a model from elsewhere.
    opened: () => (app.opened && !app.opened.meta.shipped ? app.opened.meta.name : ''),
    build: buildNetwork,
    changed: () => page.saveURL(),
  }));
  await page.readURL('builder', { networks: networks.map((n) => n.name) });
  if (!app.handle) await buildNetwork(app.trainedSpec); // an impossible network in the link: the trained one runs
  models = page.add('models', new ModelsView($('#models'), {
    open: openModel,
    exportFiles: (format) => exportFiles(nn, app.handle, format, app.opened?.meta.name || 'network'),
    changed: () => page.saveURL(),
  }));
  describeOnScreen(builder.report && !builder.report.fresh.length && layerList(await nn.modelSummary(app.handle)) === app.trainedLayers);
  acceptDrops();
  // A linked model (?model=…) opens as the trained model, and the builder
  // starts from its layers. A link made while editing an opened model
  // names both: the model, and the network built on it (net; the builder
  // writes no net while it is the opened model itself). Opening resets
  // the builder, so the link's network is read again on the opened model.
  const linkNet = readState('index', 'builder', { networks: networks.map((n) => n.name) }).values;
  await page.readURL('models');
  if (app.opened && linkNet.net !== undefined) {
    await builder.readURL(linkNet);
    page.saveURL();
  }
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
      app.trainedName = mine.name;
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
// shipped one, or handle when given: an opened model, already loaded),
// whose weights every built network keeps where their shapes still fit.
// The trained model it replaces is disposed of (it is never on screen
// itself: the builder's networks are).
async function loadTrained(handle) {
  const old = app.trained;
  app.trained = handle ?? (await app.nn.loadModel(app.modelBytes)).handle;
  app.trainedWeights = await app.nn.getWeights(app.trained);
  const s = await app.nn.modelSummary(app.trained);
  app.trainedSpec = { inputShape: s.inputShape, layers: s.layers.map((l) => ({ class_name: l.type, config: l.config })) };
  app.trainedOutputs = s.layers.length ? s.layers[s.layers.length - 1].outputShape.reduce((a, b) => a * b, 1) : 0;
  app.trainedLayers = layerList(s);
  if (old && old !== app.trained && old !== app.handle) await app.nn.disposeModel(old).catch(() => {}); // gone already if the engine restarted
}

// layerList sums up a network's layers, to tell whether a built network is
// the trained model itself.
function layerList(summary) {
  return summary.layers.map((l) => `${l.name} ${l.type} ${l.outputShape} ${l.params}`).join('\n');
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
    // The model card names the trained model when the network is it.
    if (models) describeOnScreen(!fresh.length && layerList(summary) === app.trainedLayers);
  } catch (err) {
    await nn.disposeModel(summary.handle).catch(() => {});
    throw err;
  }
  const kept = [...layers].filter((l) => !fresh.some((f) => f.layer === l));
  return { summary, kept, fresh };
}

// adopt puts the builder's network on screen: the flow, the answer, the
// inspector's weights, the input it reads; the model shown before is
// disposed of once no inference uses it. An opened model (app.opened)
// lends its class names and keeps its own pooling.
async function adopt(summary) {
  const nn = app.nn;
  const { opened } = app;
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
  showInput(model.inputShape);
  flow.update({ model, weights: app.weights, acts: null });
  inspector?.close();
  const out = model.layers.length ? model.layers[model.layers.length - 1].outputShape : [];
  result.update({ totalParams: model.totalParams, classes: out.reduce((a, b) => a * b, 1), names: opened?.meta.labels ?? null, answer: null });
  // The pooling switch, when not at its default, applies to every network
  // the builder makes; an opened model keeps its own pooling unless a mode
  // was chosen.
  const modes = [...new Set(model.layers.filter((l) => l.spec.kind === 'pool').map((l) => l.spec.mode))];
  display.update({ ownPool: opened ? modes : null, built: modes.some((m) => m !== 'max') });
  const apply = opened ? display.chosen : display.pool !== 'max';
  if (apply && modes.some((m) => m !== display.pool)) await setPool(display.pool);
  while (inference.running) await new Promise((r) => { setTimeout(r, 4); });
  if (old && old !== app.trained) await nn.disposeModel(old).catch(() => {}); // gone already if the engine restarted
  local.sync(nn, handle, summary);
  inference.request();
}

// showInput gives the model on screen the input that fits its channels:
// the drawing for 1, the picture card for 3, none otherwise (the model card
// says so).
function showInput([, , C]) {
  app.input = C === 3 ? 'picture' : C === 1 ? 'drawing' : 'none';
  root.dataset.input = app.input;
  $('#draw-card').hidden = app.input === 'picture';
  $('#picture-card').hidden = app.input !== 'picture';
  lab?.update({ hidden: app.input === 'picture' });
  if (app.input === 'picture') picture.update({ shape: app.model.inputShape });
  else picture.stopCamera(); // no camera left on for a model that does not look
}

// describeOnScreen tells the model card what is on screen: the trained
// model itself when trained says so (an opened one, the shipped one, or
// the Train view's active model), or the builder's network built on it.
async function describeOnScreen(trained = false) {
  const summary = await app.nn.modelSummary(app.handle);
  const noInput = app.input === 'none';
  if (app.opened) {
    const { meta } = app.opened;
    if (trained) models.update({ summary, name: meta.name, shipped: !!meta.shipped, storeId: meta.storeId ?? null, noInput });
    else models.update({ summary, name: '', base: meta.shipped ? '' : meta.name, builder: true, noInput });
  } else {
    models.update({ summary, name: trained ? app.trainedName : '', shipped: trained && !app.trainedName, builder: true, noInput });
  }
}

// ---- models the person opens --------------------------------------------------
// openModel opens a source (modelfiles.js; null for the shipped model) as
// the trained model: the builder starts over from its layers and builds
// it with its weights (the one way a network gets on screen). The engine
// checks it whole first; a model refused, or one the builder cannot
// build, rejects here and the trained model and the builder's network
// before it come back.
async function openModel(source, meta) {
  const nn = app.nn;
  const summary = source ? await loadSource(nn, source) : await nn.loadModel(app.shippedBytes);
  const before = { opened: app.opened, spec: structuredClone(builder.spec) };
  let doc;
  try {
    doc = await nn.exportModel(summary.handle);
    app.opened = { meta, doc };
    await loadTrained(summary.handle);
    await builder.reset();
    if (builder.problem) throw new ModelFileError('files.unbuildable', { msg: builder.problem.message });
  } catch (err) {
    app.opened = before.opened;
    await loadTrained(before.opened && (await nn.loadModel(before.opened.doc)).handle);
    await builder.use(before.spec);
    await nn.disposeModel(summary.handle).catch(() => {}); // gone already if it became the trained model
    throw err;
  }
  return { doc };
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
    local.forget(); // the new engine's handles may repeat the old one's
    app.handle = 0;
    app.trained = 0;
    await loadTrained(app.opened && (await app.nn.loadModel(app.opened.doc)).handle);
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
