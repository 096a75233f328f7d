// The playground's entry point: starts the engine, loads the model and wires
// the pad, the flow, the answer, the inspector and the lab together.
//
// html[data-engine] is "loading" until the wasm engine and the model are
// ready, then "ready" (or "error" with a visible message); tests wait on it.
// The engine runs in a Web Worker, so drawing never waits for it; if the
// worker dies, data-engine becomes "stopped" and a notice offers a new one.

import { Svertka } from '../svertka.js';
import { $, $$, radioGroup } from './dom.js';
import { DrawPad } from './draw.js';
import { SAMPLES } from './samples.js';
import { PrepView } from './prep.js';
import { ResultView } from './result.js';
import { Flow } from './flow.js';
import { Inspector } from './inspector.js';
import { Lab } from './lab.js';
import { layerSpec } from './geometry.js';
import { legendBar } from './legend.js';
import { initLang, setLang, onLang, t, num, int, lang } from './i18n.js';
import { readParams, writeParams, pick, LAB_KEYS } from './urlstate.js';

const root = document.documentElement;
root.dataset.engine = 'loading';

const params = readParams();
initLang(params.get('lang'));

const app = {
  nn: null,
  modelBytes: null, // the model file, for a new engine after the worker died
  model: null,
  weights: {},
  pre: null, // last preprocessing result with ink
  pool: ['max', 'min', 'avg'].includes(params.get('pool')) ? params.get('pool') : 'max',
  scale: ['map', 'layer', 'global'].includes(params.get('scale')) ? params.get('scale') : 'layer',
  sample: 0,
};

const pad = new DrawPad($('#draw'), () => {
  syncDrawButtons();
  inference.request();
});
const prep = new PrepView($('#draw'));
const result = new ResultView();
const readout = $('#readout');
const tip = $('#tip');
const flow = new Flow($('#flow'), {
  select: (stage, index) => openInspector(stage, index),
  hover: (text, at) => {
    readout.textContent = text || t('flow.readout');
    // Beside the pointer too, where the eye is; the readout line below
    // stays for keyboard and screen-reader users.
    tip.hidden = !(text && at);
    if (!tip.hidden) {
      tip.textContent = text;
      const w = tip.offsetWidth;
      const hgt = tip.offsetHeight;
      const x = at.x + 18 + w > innerWidth - 8 ? at.x - 18 - w : at.x + 18;
      const y = Math.min(at.y + 18, innerHeight - hgt - 8);
      tip.style.left = `${Math.max(8, x)}px`;
      tip.style.top = `${Math.max(8, y)}px`;
    }
  },
});
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
      if (!app.nn.exited) readout.textContent = t('error.inference', { msg: err.message });
    } finally {
      this.running = false;
      if (this.dirty) this.run();
    }
  },
};

async function infer() {
  const nn = app.nn;
  if (pad.empty) {
    showEmpty();
    return;
  }
  const pre = await nn.preprocess(pad.imageData());
  if (pre.empty) {
    showEmpty();
    return;
  }
  const res = await nn.predict(pre.input);
  app.pre = pre;
  $('#pad-empty').hidden = true;
  prep.update(pre);
  flow.update(pre.input.data, res.activations);
  result.update(res.probs, res.label);
  updateLegend();
  lab?.setImages(pre);
  shareDrawing(pre);
  if (inspector?.open) await inspector.refresh(pre.input);
}

function showEmpty() {
  app.pre = null;
  $('#pad-empty').hidden = !pad.empty;
  prep.clear();
  flow.clear();
  result.clear();
  updateLegend();
  lab?.setImages(null);
  shareDrawing(null);
  if (inspector?.open) inspector.refresh(null);
}

// The explainer page can replay the person's drawing (explainer.html?input=drawing):
// the 32×32 model input, row-major, 0..1.
function shareDrawing(pre) {
  for (const a of $$('a.to-explainer')) a.href = pre ? 'explainer.html?input=drawing' : 'explainer.html';
  try {
    if (pre) {
      sessionStorage.setItem('svertka.drawing', JSON.stringify(Array.from(pre.input.data, (v) => Math.round(v * 1000) / 1000)));
    } else sessionStorage.removeItem('svertka.drawing');
  } catch {
    // Storage can be disabled; the explainer then uses its own samples.
  }
}

// ---- drawing controls ------------------------------------------------------
function syncDrawButtons() {
  $('#undo').disabled = pad.empty;
  $('#pad-empty').hidden = !pad.empty;
}
$('#undo').addEventListener('click', () => pad.undo());
$('#clear').addEventListener('click', () => pad.clear());
$('#example').addEventListener('click', () => {
  pad.load(SAMPLES[app.sample]);
  app.sample = (app.sample + 1) % SAMPLES.length;
});
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !e.shiftKey && !/INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) {
    e.preventDefault();
    pad.undo();
  }
});

// ---- colour scale, pooling, legend ----------------------------------------
const scaleGroup = radioGroup($('#scale-mode'), (mode) => {
  app.scale = mode;
  flow.setMode(mode);
  updateLegend();
  saveURL();
});
scaleGroup.set(app.scale);
flow.mode = app.scale;

const poolGroup = radioGroup($('#pool-mode'), (mode) => setPool(mode));
poolGroup.set(app.pool);

async function setPool(mode) {
  app.pool = mode;
  saveURL();
  poolNote();
  if (root.dataset.engine === 'ready') await applyPool();
}

// applyPool gives the engine's pooling layers the page's pooling mode.
async function applyPool() {
  const mode = app.pool;
  for (const l of app.model.layers.filter((x) => x.spec.kind === 'pool')) {
    await app.nn.setPooling(l.name, mode);
    l.spec.mode = mode;
  }
  const summary = await app.nn.modelSummary();
  const types = Object.fromEntries(summary.layers.map((l) => [l.name, l.type]));
  for (const l of app.model.layers) l.type = types[l.name] || l.type;
  flow.relabel(types);
  inspector?.relabel();
  inference.request();
}

function poolNote() {
  $('#pool-note').textContent = t(`pool.note.${app.pool}`);
}

function updateLegend() {
  const box = $('#legend');
  const g = flow.globalRange;
  const hi = app.scale === 'global' && g ? num(g[1]) : t(app.scale === 'map' ? 'legend.mapMax' : 'legend.layerMax');
  box.replaceChildren(
    legendBar('seq', t('legend.activations'), '0', hi),
    legendBar('div', t('legend.signed'), '−', '+'),
  );
}

// ---- inspector ---------------------------------------------------------------
function openInspector(stage, index) {
  if (!inspector) return;
  flow.markSelected({ stage, index });
  inspector.show(stage, index, app.pre ? app.pre.input : null, app.weights);
}

// ---- language, URL, sharing --------------------------------------------------
for (const b of $$('.lang-switch [data-lang]')) {
  b.addEventListener('click', () => {
    setLang(b.dataset.lang);
    saveURL();
  });
}

function syncLangButtons() {
  for (const b of $$('.lang-switch [data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
}
syncLangButtons();

onLang(() => {
  syncLangButtons();
  prep.relabel();
  result.relabel();
  flow.relabel();
  inspector?.relabel();
  lab?.relabel();
  poolNote();
  updateLegend();
  app.totalText?.();
  readout.textContent = t('flow.readout');
});

function saveURL() {
  writeParams({
    lang: lang(),
    pool: app.pool === 'max' ? null : app.pool,
    scale: app.scale === 'layer' ? null : app.scale,
    ...(lab ? lab.toParams() : pick(params, LAB_KEYS)),
  });
}

$('#share').addEventListener('click', async () => {
  saveURL();
  const button = $('#share');
  try {
    await navigator.clipboard.writeText(location.href);
    button.textContent = t('share.done');
  } catch {
    // Without clipboard access, show the link so it can be copied by hand.
    window.prompt(t('share.manual'), location.href);
  }
  setTimeout(() => { button.textContent = t('share'); }, 1800);
});

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
  const summary = await nn.loadModel(bytes);
  // The layer configs (kernel sizes, padding, activations) come from the same file.
  const configs = new Map(JSON.parse(new TextDecoder().decode(bytes)).layers.map((l) => [l.config.name, l]));
  const model = {
    inputShape: summary.inputShape.filter((d) => d > 0),
    totalParams: summary.totalParams,
    layers: summary.layers.map((l) => ({
      name: l.name, type: l.type, params: l.params,
      outputShape: l.outputShape.filter((d) => d > 0),
      spec: layerSpec(configs.get(l.name) || { class_name: l.type, config: {} }),
    })),
  };
  for (const l of model.layers) {
    if (l.spec.kind === 'conv') app.weights[l.name] = await nn.layerWeights(l.name);
  }
  app.nn = nn;
  app.model = model;
  flow.weights = app.weights;
  flow.build(model);
  app.totalText = () => { $('#total-params').textContent = t('result.total', { n: int(model.totalParams) }); };
  app.totalText();
  inspector = new Inspector(nn, {
    closed: (sel) => {
      flow.markSelected(null);
      sel?.stage.maps[sel.index].el.focus();
    },
  });
  lab = new Lab(nn, { changed: saveURL, cell: (text) => { $('#lab-cell-text').textContent = text || t('lab.cellHint'); } });
  lab.setState(Lab.fromParams(params));
  if (app.pool !== 'max') await applyPool();
  root.dataset.engine = 'ready';
  $('#pad-loading').hidden = true;
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
    if (app.pool !== 'max') await applyPool();
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

poolNote();
updateLegend();
result.clear();
prep.clear();
syncDrawButtons();
start().catch((err) => {
  root.dataset.engine = 'error';
  $('#pad-loading').hidden = true;
  $('#engine-error-detail').textContent = err && err.message ? err.message : String(err);
  $('#engine-error').hidden = false;
});
