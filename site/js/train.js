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
// The engine stops a fit whose loss is no longer a number or has exploded
// (ReLU networks do that: the units die and the loss grows with the
// learning rate, never reaching infinity) and puts back the last good
// weights itself; the page says so in the reader's language.
// MNIST is fetched when the page opens (four gzip IDX files of
// build/site/data/mnist/, 11.6 MB) with a progress bar.

import { Svertka } from '../svertka.js';
import { $ } from './dom.js';
import { Page } from './view.js';
import { TopBar } from './topbar.js';
import { t, pct } from './i18n.js';
import { DRAWING_KEY } from './urlstate.js';
import { decodeSpec } from './netspec.js';
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

const main = $('#main');
const page = new Page('train');
page.add('topbar', new TopBar($('.topbar'), { link: () => page.saveURL() }));
await page.readURL('topbar');

const app = {
  trainer: null, // engines
  probe: null,
  files: null, // MNIST's bytes
  networks: [], // [{ id, spec }]: the engine's presets
  spec: null, // { inputShape, layers } of the network trained
  specKey: '', // its JSON, to see a change
  padTo: null, // the data sets' sample size, the network's input [H, W]
  trainSet: null, // the trainer's data set and its size
  trainN: 0,
  testSet: null, // the probe's
  handle: null, // the trained model (trainer)
  probeHandle: null, // its copy (probe) for "watch it learn"
  evalHandle: null, // and the one the test digits score, so a redraw never swaps weights under a score
  digits: [], // [{ id, input }] shown in "watch it learn"
  trained: 0, // batches trained on the current weights
  run: null, // the run whose events count
  runs: 0,
  evaluated: null, // { steps, accuracy } of the last test evaluation
  evalSeq: 0,
  watching: false,
  state: 'loading',
};

// The settings join the page (and its URL) once the engine has said which
// networks it offers: until then the link keeps them as they are.
const settings = new SettingsView($('#train-settings'), {
  changed() {
    page.saveURL();
    controls.update({ canStart: ready() });
    if (['idle', 'done', 'error'].includes(app.state) && app.trainer) useNetwork();
  },
});
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
  settings.lock(state === 'running' || state === 'paused' || state === 'loading');
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
  const [trainer, probe, files] = await Promise.all([
    engine(), engine(), fetchAll(Object.values(MNIST), (loading) => controls.update({ loading })),
  ]);
  Object.assign(app, { trainer, probe, files });
  app.networks = await presets(probe);
  settings.update({ networks: app.networks.map((n) => n.id) });
  page.add('settings', settings);
  await page.readURL('settings', { networks: app.networks.map((n) => n.id) });
  settings.relabel();
  await useNetwork();
  if (app.state === 'loading') setState('idle');
}

// presets are the networks the engine offers (networkPresets); an engine
// from before them offers the seed network as the shipped model has it.
async function presets(probe) {
  if (probe.networkPresets) return (await probe.networkPresets()).map((p) => ({ id: p.name, spec: p.spec }));
  const r = await fetch('model/digits.json');
  if (!r.ok) throw new Error(t('tr.error.fetch', { name: 'model/digits.json', status: r.status }));
  const summary = await probe.loadModel(await r.arrayBuffer());
  await probe.disposeModel(summary.handle);
  return [{ id: 'seed', spec: { inputShape: summary.inputShape, layers: summary.layers.map((l) => ({ class_name: l.type, config: l.config })) } }];
}

// useNetwork builds the chosen network, with new weights, if it is not the
// one built: its copy in the probe, the data sets at its input size, the
// digits "watch it learn" shows. A network the engine refuses (one of
// one's own) is reported, and Start waits for another choice.
async function useNetwork() {
  const s = settings.state;
  let spec;
  try {
    spec = s.net === 'custom' ? decodeSpec(s.spec) : app.networks.find((n) => n.id === s.net).spec;
  } catch (err) {
    spec = null;
    controls.update({ message: t('tr.error.net', { msg: err.message }) });
  }
  const key = JSON.stringify(spec);
  if (!spec || key === app.specKey) return;
  app.specKey = key;
  const { probe } = app;
  try {
    for (const h of [app.probeHandle, app.evalHandle]) if (h !== null) await probe.disposeModel(h);
    app.probeHandle = app.evalHandle = null;
    const summary = await probe.createModel(spec);
    app.probeHandle = summary.handle;
    app.evalHandle = (await probe.createModel(spec)).handle;
    app.spec = spec;
    settings.update({ network: { layers: summary.layers.length, params: summary.totalParams } });
    const padTo = spec.inputShape.slice(0, 2);
    if (String(padTo) !== String(app.padTo)) {
      if (app.testSet !== null) await probe.disposeDataset(app.testSet);
      app.testSet = null;
      if (app.trainSet !== null) await app.trainer.disposeDataset(app.trainSet);
      app.trainSet = null;
      app.padTo = padTo;
      app.testSet = (await probe.createDataset({ images: app.files[MNIST.testImages], labels: app.files[MNIST.testLabels], padTo })).dataset;
      // The fixed test digit: the first of MNIST's test set (a 7).
      app.digits = [{ id: 'test', input: (await probe.datasetSample(app.testSet, 0)).input }];
      const drawing = readDrawing();
      if (drawing) app.digits.push({ id: 'drawing', input: drawing });
    }
    charts.reset();
    results.update(null);
    controls.update({ message: null, valAcc: null, testAcc: null, step: 0, steps: 0, epoch: 0, speed: 0 });
    await newWeights();
    if (app.state !== 'loading') setState('idle');
  } catch (err) {
    app.specKey = '';
    setState('error');
    controls.update({ message: t('tr.error.net', { msg: err.message }) });
  }
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
    images: app.files[MNIST.trainImages], labels: app.files[MNIST.trainLabels], padTo: app.padTo, limit: n,
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
    fit.then(() => finished(run), (err) => failed(run, err));
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

function finished(run) {
  if (app.run !== run) return; // reset ended it
  app.run = null;
  setState('done');
  afterRun(run);
}

function failed(run, err) {
  if (app.run !== run) return;
  app.run = null;
  const msg = err?.message ?? String(err);
  const d = divergence(msg);
  if (d) app.trained = d.kept; // the engine put these weights back
  setState('error');
  controls.update({
    message: t('tr.error.run', { msg: d ? t('tr.error.diverged', { step: d.step, loss: d.loss.toExponential(2), lr: d.lr }) : msg }),
    ...(d ? { step: d.kept } : {}),
  });
  // The kept weights are shown and scored, even fresh ones a divergence went back to.
  if ((d || app.trained > 0) && !app.trainer.exited) afterRun(run);
}

// divergence reads the engine's error for a diverged step ("fit: step 7:
// the loss exploded to 2.4e+06 (…) at learning rate 1000; the step was
// undone…; the previous step was undone too…"): the step, its loss, the
// learning rate and the steps whose weights the engine kept. Null for any
// other error, or a step whose weights overflowed (no loss to show): the
// page then shows the engine's message as it is.
function divergence(msg) {
  const m = /step (\d+): the loss (?:exploded to|is) (\S+?) .*at learning rate ([^;]+); the step was undone/.exec(msg);
  if (!m) return null;
  const step = Number(m[1]);
  const back = msg.includes('the previous step was undone too') ? 2 : 1;
  return { step, loss: Number(m[2]), lr: Number(m[3]), kept: Math.max(0, step - back) };
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
  // The test accuracy was the paused weights'; the results below say after how many steps.
  if (app.state === 'paused') {
    setState('running');
    controls.update({ testAcc: null });
  }
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
  // New weights can wait seconds for the probe to finish scoring the old
  // ones: meanwhile the view says it is loading, not the state it leaves.
  setState('loading');
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

// syncProbe copies the trained weights into one of the probe's models.
async function syncProbe(handle) {
  const ws = await app.trainer.getWeights(app.handle);
  await app.probe.setWeights(handle, ws);
  return ws;
}

// look redraws "watch it learn" with the weights as they are; a call while
// one runs is dropped (the next batch brings another).
async function look(samples) {
  if (app.watching || app.handle === null) return;
  app.watching = true;
  try {
    const ws = await syncProbe(app.probeHandle);
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
    await syncProbe(app.evalHandle);
    const ev = await app.probe.evaluate(app.evalHandle, { data: app.testSet });
    const mistakes = [];
    for (const m of ev.mistakes.slice(0, MISTAKES_SHOWN)) {
      mistakes.push({ ...m, input: (await app.probe.datasetSample(app.testSet, m.index)).input });
    }
    if (seq !== app.evalSeq) return;
    app.evaluated = { steps, accuracy: ev.accuracy };
    const wrong = ev.confusion.reduce((s, row, y) => s + row.reduce((a, n, p) => a + (p === y ? 0 : n), 0), 0);
    results.update({ accuracy: ev.accuracy, confusion: ev.confusion, mistakes, wrong, steps });
    controls.update({ testAcc: ev.accuracy, evaluating: false });
    models.update({ canSave: app.trained > 0 && app.state !== 'running', name: t('tr.defaultName', { net: settings.netName, acc: pct(ev.accuracy), time: new Date().toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' }) }) });
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
