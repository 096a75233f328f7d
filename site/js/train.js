// The Train view's page script (train.html): two engines in two Web Workers
// — the trainer, which only trains (its fit yields between batches, so
// pause, step and reset reach it), and the probe, which scores and looks:
// it gets a copy of the weights every few hundred digits to draw the first
// layer's kernels and feature maps, and on a pause or at the end it
// evaluates the 10,000 test digits. So the page never blocks, and training
// never waits for the test set.
//
// main[data-train-state] is loading → idle → running ⇄ paused → done, or
// error (a divergence: the message is shown, the weights before it kept).
// MNIST is fetched when the page opens (four gzip IDX files of
// build/site/data/mnist/, 11.6 MB) with a progress bar.

import { Svertka } from '../svertka.js';
import { $ } from './dom.js';
import { Page } from './view.js';
import { TopBar } from './topbar.js';
import { t, pct } from './i18n.js';
import { DRAWING_KEY } from './urlstate.js';
import * as store from './modelstore.js';
import { SettingsView } from './train/settings.js';
import { ControlsView } from './train/controls.js';
import { ChartsView } from './train/charts.js';
import { WatchView } from './train/watch.js';
import { ResultsView } from './train/results.js';
import { ModelsView } from './train/models.js';

const WATCH_EVERY = 512; // training digits between two redraws of "watch it learn"
const MISTAKES_SHOWN = 12;
const MNIST = {
  trainImages: 'train-images-idx3-ubyte.gz', trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz', testLabels: 't10k-labels-idx1-ubyte.gz',
};
// The networks offered: the seed network, whose layers come from the
// shipped model as the engine reads it (no second copy here).
const NETWORKS = ['seed'];

const main = $('#main');
const page = new Page('train');
page.add('topbar', new TopBar($('.topbar'), { link: () => page.saveURL() }));
await page.readURL('topbar');

const app = {
  trainer: null, // engines
  probe: null,
  files: null, // MNIST's bytes
  spec: null, // { inputShape, layers } of the network
  trainSet: null, // the trainer's data set and its size
  trainN: 0,
  testSet: null, // the probe's
  handle: null, // the trained model (trainer)
  probeHandle: null, // its copy (probe)
  digits: [], // [{ id, input }] shown in "watch it learn"
  trained: 0, // batches trained on the current weights
  run: null, // the run whose events count
  runs: 0,
  evaluated: null, // { steps, accuracy } of the last test evaluation
  evalSeq: 0,
  watching: false,
  state: 'loading',
};

const settings = page.add('settings', new SettingsView($('#train-settings'), {
  changed() {
    page.saveURL();
    controls.update({ canStart: ready() });
  },
}));
await page.readURL('settings', { networks: NETWORKS });
const controls = page.add('controls', new ControlsView($('#train-controls'), { start, pause, resume, step, reset }));
const charts = page.add('charts', new ChartsView($('#train-charts')));
const watch = page.add('watch', new WatchView($('#train-watch')));
const results = page.add('results', new ResultsView($('#train-results')));
const models = page.add('models', new ModelsView($('#train-models'), { store, model: trainedModel }));

function ready() {
  return app.state !== 'loading' && settings.valid;
}

function setState(state) {
  app.state = state;
  main.dataset.trainState = state;
  settings.lock(state === 'running' || state === 'paused');
  controls.update({ state, canStart: ready(), canReset: app.handle !== null });
  models.update({ canSave: app.trained > 0 && state !== 'running' });
}

// ---- loading ---------------------------------------------------------------

// fetchAll fetches the files, reporting the bytes read so far.
async function fetchAll(names, progress) {
  const loaded = {};
  const sizes = {};
  const report = () => progress({
    loaded: Object.values(loaded).reduce((a, b) => a + b, 0),
    total: Object.keys(sizes).length === names.length ? Object.values(sizes).reduce((a, b) => a + b, 0) : 0,
  });
  const one = async (name) => {
    const r = await fetch(`data/mnist/${name}`);
    if (!r.ok) throw new Error(t('tr.error.fetch', { name, status: r.status }));
    sizes[name] = Number(r.headers.get('content-length')) || 0;
    const parts = [];
    loaded[name] = 0;
    const reader = r.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded[name] += value.length;
      sizes[name] = Math.max(sizes[name], loaded[name]);
      report();
    }
    const bytes = new Uint8Array(loaded[name]);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return bytes;
  };
  const entries = await Promise.all(names.map(async (n) => [n, await one(n)]));
  return Object.fromEntries(entries);
}

async function load() {
  setState('loading');
  const engine = () => Svertka.load({
    wasmURL: new URL('svertka.wasm', document.baseURI).href,
    execURL: new URL('wasm_exec.js', document.baseURI).href,
    worker: true,
    onexit: stopped,
  });
  const shipped = fetch('model/digits.json').then((r) => {
    if (!r.ok) throw new Error(t('tr.error.fetch', { name: 'model/digits.json', status: r.status }));
    return r.arrayBuffer();
  });
  const [trainer, probe, files, modelBytes] = await Promise.all([
    engine(), engine(), fetchAll(Object.values(MNIST), (loading) => controls.update({ loading })), shipped,
  ]);
  Object.assign(app, { trainer, probe, files });

  // The seed network: the shipped model's layers, as the engine reads them.
  const summary = await probe.loadModel(modelBytes);
  app.spec = { inputShape: summary.inputShape, layers: summary.layers.map((l) => ({ class_name: l.type, config: l.config })) };
  await probe.disposeModel(summary.handle);
  settings.update({ networks: [{ id: 'seed', params: summary.totalParams }] });

  const padTo = app.spec.inputShape.slice(0, 2);
  app.testSet = (await probe.createDataset({ images: files[MNIST.testImages], labels: files[MNIST.testLabels], padTo })).dataset;
  app.probeHandle = (await probe.createModel(app.spec)).handle;
  // The fixed test digit: the first of MNIST's test set (a 7).
  app.digits = [{ id: 'test', input: (await probe.datasetSample(app.testSet, 0)).input }];
  const drawing = readDrawing();
  if (drawing) app.digits.push({ id: 'drawing', input: drawing });
  await newWeights();
  setState('idle');
}

// readDrawing is the playground's last drawing (urlstate.js DRAWING_KEY), or null.
function readDrawing() {
  try {
    const values = JSON.parse(sessionStorage.getItem(DRAWING_KEY) || 'null');
    const [hh, ww, c] = app.spec.inputShape;
    if (!Array.isArray(values) || values.length !== hh * ww * c || c !== 1) return null;
    return { data: Float32Array.from(values), shape: [hh, ww, c] };
  } catch {
    return null;
  }
}

// trainSet makes sure the trainer holds the first n training digits.
async function trainSet(n) {
  if (app.trainSet !== null && app.trainN === n) return app.trainSet;
  if (app.trainSet !== null) await app.trainer.disposeDataset(app.trainSet);
  app.trainSet = null;
  const d = await app.trainer.createDataset({
    images: app.files[MNIST.trainImages], labels: app.files[MNIST.trainLabels], padTo: app.spec.inputShape.slice(0, 2), limit: n,
  });
  app.trainSet = d.dataset;
  app.trainN = d.n;
  return app.trainSet;
}

function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

// newWeights replaces the trained model with one of fresh random weights.
async function newWeights() {
  if (app.handle !== null) await app.trainer.disposeModel(app.handle);
  app.handle = null;
  app.handle = (await app.trainer.createModel({ ...app.spec, seed: randomSeed() })).handle;
  app.trained = 0;
  app.evaluated = null;
  await look(0);
}

// ---- training ----------------------------------------------------------------

async function start() {
  if (!ready() || !['idle', 'done', 'error'].includes(app.state)) return;
  const run = { id: ++app.runs, lastWatch: 0, batchSize: settings.state.batch };
  app.run = run;
  setState('running');
  charts.reset();
  results.update(null);
  controls.update({ message: null, valAcc: null, testAcc: null, step: 0, steps: 0, epoch: 0, speed: 0, batchSize: run.batchSize });
  try {
    if (app.trained > 0) await newWeights(); // every run starts from fresh weights
    const data = await trainSet(settings.state.n);
    if (app.run !== run) return;
    const fit = app.trainer.fit(app.handle, { data, ...settings.fitOptions(randomSeed()) }, (e) => progress(run, e));
    fit.then((r) => finished(run, r), (err) => failed(run, err));
  } catch (err) {
    failed(run, err);
  }
}

function progress(run, e) {
  if (app.run !== run) return;
  if (e.type === 'batch') {
    app.trained = e.step;
    controls.update({ epoch: e.epoch + 1, epochs: e.epochs, step: e.step, steps: e.steps, speed: e.samplesPerSec });
    charts.update({ batch: { x: e.epoch + (e.batch + 1) / e.batches, loss: e.loss, accuracy: e.accuracy } });
    const seen = e.step * run.batchSize;
    if (seen - run.lastWatch >= WATCH_EVERY) {
      run.lastWatch = seen;
      look(seen);
    }
  } else if (e.type === 'epoch') {
    charts.update({ epoch: { x: e.epoch + 1, valLoss: e.valLoss, valAccuracy: e.valAccuracy } });
    if (e.valAccuracy != null) controls.update({ valAcc: e.valAccuracy });
  }
}

function finished(run, r) {
  if (app.run !== run) return; // reset ended it
  app.run = null;
  setState('done');
  afterRun(run);
  return r;
}

function failed(run, err) {
  if (app.run !== run) return;
  app.run = null;
  setState('error');
  controls.update({ message: t('tr.error.run', { msg: err?.message ?? String(err) }) });
  if (app.trained > 0 && !app.trainer.exited) afterRun(run);
}

// afterRun shows the weights the run ended with (for a divergence: the
// last good ones) and scores them on the test digits.
async function afterRun(run) {
  await look(app.trained * run.batchSize);
  await evaluate();
}

async function pause() {
  if (app.state !== 'running') return;
  await app.trainer.pauseFit(app.handle);
  if (app.state !== 'running') return;
  setState('paused');
  const run = app.run;
  await look(app.trained * run.batchSize);
  await evaluate();
}

async function resume() {
  if (app.state !== 'paused') return;
  await app.trainer.resumeFit(app.handle);
  if (app.state === 'paused') setState('running');
}

async function step() {
  if (app.state !== 'paused') return;
  try {
    await app.trainer.stepFit(app.handle);
  } catch (err) {
    // The step's divergence also rejects the fit, which reports it.
    if (app.state === 'paused') controls.update({ message: err.message });
    return;
  }
  if (app.run) await look(app.trained * app.run.batchSize);
}

async function reset() {
  if (app.handle === null || app.state === 'loading') return;
  const wasTraining = app.state === 'running' || app.state === 'paused';
  app.run = null;
  app.evalSeq++;
  if (wasTraining) await app.trainer.stopFit(app.handle);
  charts.reset();
  results.update(null);
  controls.update({ message: null, valAcc: null, testAcc: null, step: 0, steps: 0, epoch: 0, speed: 0, evaluating: false });
  try {
    await newWeights();
    setState('idle');
  } catch (err) {
    setState('error');
    controls.update({ message: t('tr.error.run', { msg: err.message }) });
  }
}

// ---- looking and scoring (the probe) ------------------------------------------

// syncProbe copies the trained weights into the probe's model.
async function syncProbe() {
  const ws = await app.trainer.getWeights(app.handle);
  await app.probe.setWeights(app.probeHandle, ws);
  return ws;
}

// look redraws "watch it learn" with the weights as they are; a call while
// one runs is dropped (the next batch brings another).
async function look(samples) {
  if (app.watching || app.handle === null) return;
  app.watching = true;
  try {
    const ws = await syncProbe();
    const kernel = ws.find((w) => w.name === 'kernel' && w.shape.length === 4);
    if (!kernel) return;
    const digits = [];
    for (const d of app.digits) {
      const r = await app.probe.predict(d.input, app.probeHandle);
      const maps = r.activations.find((a) => a.name === kernel.layer);
      digits.push({ id: d.id, input: d.input, maps: { data: maps.data, shape: maps.shape } });
    }
    watch.update({ layer: kernel.layer, kernel: { data: kernel.data, shape: kernel.shape }, digits, samples });
  } catch (err) {
    // A model replaced meanwhile (reset) or a stopped engine: the next look redraws.
    if (!app.trainer.exited && !app.probe.exited) console.warn('svertka train: watch:', err.message);
  } finally {
    app.watching = false;
  }
}

// evaluate scores the weights as they are on the 10,000 test digits.
async function evaluate() {
  const seq = ++app.evalSeq;
  const steps = app.trained;
  controls.update({ evaluating: true });
  try {
    await syncProbe();
    const ev = await app.probe.evaluate(app.probeHandle, { data: app.testSet });
    const mistakes = [];
    for (const m of ev.mistakes.slice(0, MISTAKES_SHOWN)) {
      mistakes.push({ ...m, input: (await app.probe.datasetSample(app.testSet, m.index)).input });
    }
    if (seq !== app.evalSeq) return;
    app.evaluated = { steps, accuracy: ev.accuracy };
    const wrong = ev.confusion.reduce((s, row, y) => s + row.reduce((a, n, p) => a + (p === y ? 0 : n), 0), 0);
    results.update({ accuracy: ev.accuracy, confusion: ev.confusion, mistakes, wrong, steps });
    controls.update({ testAcc: ev.accuracy, evaluating: false });
    models.update({ canSave: app.trained > 0 && app.state !== 'running', name: t('tr.defaultName', { acc: pct(ev.accuracy), time: new Date().toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' }) }) });
  } catch (err) {
    if (seq !== app.evalSeq) return;
    controls.update({ evaluating: false, message: t('tr.error.eval', { msg: err.message }) });
  }
}

// trainedModel is the network trained now as a model document, for the store.
async function trainedModel() {
  if (app.handle === null || app.trained === 0) return null;
  const doc = await app.trainer.exportModel(app.handle);
  const info = { steps: app.trained, settings: settings.writeURL() };
  if (app.evaluated?.steps === app.trained) info.testAccuracy = app.evaluated.accuracy;
  return { doc, info };
}

// stopped: a worker died (out of memory, a crash). What was saved is in
// the store; the page says so and offers a reload.
function stopped(err) {
  app.run = null;
  setState('error');
  controls.update({ message: t('tr.error.stopped', { msg: err.message }), canReset: false });
}

load().catch((err) => {
  setState('error');
  controls.update({ message: t('tr.error.load', { msg: err?.message ?? String(err) }) });
});
