// End-to-end tests of site/svertka.js, the engine loader, in headless
// Chromium against the built site (make build): loading under the site's
// strict CSP, the fallback for servers without the application/wasm type,
// clear errors when a file is missing or wrong, and what every call does
// after the Go runtime has stopped — each on the page's thread and in a Web
// Worker ({ worker: true }), with the same messages. worker.test.mjs has
// what only the worker does. The wasm API itself is tested by the
// wasmbrowsertest suites in wasm/.

import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { EXITER, EXITER_BEFORE, buildExiters, hostPage as openHost, load } from './engine-lib.mjs';
import { repoRoot, useSite } from './harness.mjs';

const SITE = path.join(repoRoot, 'build', 'site');

const site = useSite();
before(buildExiters);

const hostPage = (routes) => openHost(site.browser, site.server, routes);

for (const worker of [false, true]) {
  const mode = worker ? 'in a worker' : 'on the page';

test(`${mode}: loads under a strict CSP; every method returns a Promise`, async () => {
  const page = await hostPage();
  assert.equal(await load(page, { worker }), null);
  const got = await page.evaluate(async () => {
    const shape = nn.outputShape({ type: 'conv2d', kernelSize: 3 }, [5, 5, 1]);
    return {
      methods: Object.keys(nn).sort(),
      frozen: Object.isFrozen(nn),
      global: globalThis.Svertka === SvertkaModule,
      exited: nn.exited,
      isPromise: shape instanceof Promise,
      shape: await shape,
      conv: Array.from((await nn.conv2d({ input: new Float32Array([1, 2, 3, 4]), shape: [2, 2, 1],
        kernel: new Float32Array([1, 1, 1, 1]), kernelShape: [2, 2, 1, 1] })).data),
      noModel: await rejected(nn.modelSummary()),
      badArg: await rejected(nn.conv2d({ stride: 2 })),
      stats: await nn.stats(),
    };
  });
  assert.deepEqual(got.methods, ['conv2d', 'conv2dSteps', 'createDataset', 'createModel', 'datasetSample', 'disposeDataset', 'disposeModel',
    'evaluate', 'exited', 'explainOutputShape', 'exportModel', 'fit', 'fitState', 'getWeights', 'importModel', 'kernelPreset',
    'kernelPresets', 'layerClasses', 'layerSteps', 'layerWeights', 'loadModel', 'modelSummary', 'networkPresets', 'outputShape', 'pauseFit',
    'pool2d', 'predict', 'predictDrawing', 'preprocess', ...(worker ? ['restart'] : []), 'resumeFit', 'setPooling', 'setWeights', 'stats',
    'stepFit', 'stopFit', ...(worker ? ['terminate'] : []), 'trainStep']);
  assert.equal(got.frozen, true);
  assert.equal(got.global, true, 'globalThis.Svertka is the module export');
  assert.equal(got.exited, false);
  assert.equal(got.isPromise, true);
  assert.deepEqual(got.shape, [3, 3, 1]);
  assert.deepEqual(got.conv, [10]);
  assert.equal(got.noModel, 'modelSummary: no model loaded; call loadModel(json) first');
  assert.equal(got.badArg, 'conv2d: unknown option "stride" (did you mean "strides"?)');
  assert.ok(got.stats.wasmMemoryBytes > 1 << 20, `wasmMemoryBytes ${got.stats.wasmMemoryBytes}`);
  assert.deepEqual(page.svertkaProblems, []);
});

test(`${mode}: two models side by side, trained from JavaScript through the loader`, async () => {
  const page = await hostPage();
  assert.equal(await load(page, { worker }), null);
  const got = await page.evaluate(async () => {
    const doc = await (await fetch('model/digits.json')).text();
    const a = await nn.loadModel(doc);
    const b = await nn.loadModel(await nn.exportModel(a.handle));
    const x = new Float32Array(4 * 1024).map((_, i) => (i % 37) / 37);
    const labels = new Int32Array([0, 1, 2, 3]);
    const steps = [];
    for (let i = 0; i < 3; i++) {
      steps.push(await nn.trainStep(a.handle, { x, labels, optimizer: { type: 'adam', learningRate: 0.01 } }));
    }
    const probs = async (h) => Array.from((await nn.predict(x.subarray(0, 1024), h)).probs);
    const result = {
      handles: [a.handle, b.handle],
      losses: steps.map((s) => s.loss),
      differ: String(await probs(a.handle)) !== String(await probs(b.handle)),
      defaultIsB: String(await probs()) === String(await probs(b.handle)),
      evaluate: await nn.evaluate(a.handle, { x, labels }),
    };
    await nn.disposeModel(b.handle);
    result.disposed = await rejected(nn.predict(x.subarray(0, 1024)));
    return result;
  });
  assert.equal(got.handles.length, 2);
  assert.notEqual(got.handles[0], got.handles[1]);
  assert.ok(got.losses[2] < got.losses[0], `losses ${got.losses} do not fall`);
  assert.ok(got.differ, 'training model a changed model b');
  assert.ok(got.defaultIsB, 'the model loaded last is not the default');
  assert.ok(got.evaluate.loss < got.losses[0], `loss ${got.evaluate.loss} after training, ${got.losses[0]} before`);
  assert.deepEqual(got.evaluate.confusion.map((row) => row.reduce((s, c) => s + c, 0)), [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  assert.equal(got.disposed, 'predict: no model loaded; call loadModel(json) first');
  assert.deepEqual(page.svertkaProblems, []);
});

test(`${mode}: compiles from bytes when the server does not send application/wasm`, async () => {
  const page = await hostPage({ 'svertka.wasm': { path: path.join(SITE, 'svertka.wasm'), contentType: 'application/octet-stream' } });
  assert.equal(await load(page, { worker }), null);
  assert.deepEqual(await page.evaluate(() => nn.outputShape({ type: 'pool2d', size: 2 }, [8, 6, 3])), [4, 3, 3]);
  assert.deepEqual(page.svertkaProblems, []);
});

test(`${mode}: a missing or wrong file rejects with what went wrong`, async () => {
  const page = await hostPage();
  assert.match(await load(page, { worker, wasmURL: 'missing.wasm' }), /^svertka: cannot fetch missing\.wasm: HTTP 404/);
  assert.match(await load(page, { worker, wasmURL: 'svertka.js' }), /^svertka: cannot start svertka\.js: /);
  // The page can still load the engine afterwards.
  assert.equal(await load(page, { worker }), null);
  assert.deepEqual(await page.evaluate(() => nn.outputShape({ type: 'pool2d', size: 2 }, [2, 2, 1])), [1, 1, 1]);
  assert.deepEqual(page.svertkaProblems.filter((p) => !p.includes('missing.wasm')), []);

  const fresh = await hostPage(); // Go's runtime script is not loaded yet here
  assert.equal(await load(fresh, { worker, execURL: 'missing_exec.js' }), 'svertka: cannot load the Go runtime from missing_exec.js');
  assert.deepEqual(fresh.svertkaProblems.filter((p) => !p.includes('missing_exec.js')), []);
});

test(`${mode}: a Go runtime that exits before it is ready fails the load`, async () => {
  const page = await hostPage({ 'exiter-before.wasm': { path: EXITER_BEFORE, contentType: 'application/wasm' } });
  assert.equal(await load(page, { worker, wasmURL: 'exiter-before.wasm' }), 'svertka: the Go runtime exited before it was ready (exit code 3)');
  assert.deepEqual(page.svertkaProblems, []);
});

test(`${mode}: after the Go runtime stops, every call rejects with a clear error`, async () => {
  const page = await hostPage({ 'exiter.wasm': { path: EXITER, contentType: 'application/wasm' } });
  for (const [method, reason] of [
    ['quit', 'the Go runtime has exited (exit code 4)'],
    ['block', 'the Go runtime has exited (exit code 2)'],
    ['trap', 'the Go runtime has crashed (memory access out of bounds)'],
  ]) {
    assert.equal(await load(page, { worker, wasmURL: 'exiter.wasm', onexit: true }), null);
    const got = await page.evaluate(async (method) => ({
      before: await nn.ping(),
      stop: await rejected(nn[method]()),
      after: await rejected(nn.ping()),
      exited: nn.exited,
      heard: await exitHeard,
    }), method);
    const message = worker
      ? `svertka: the engine worker has stopped (${reason}); call restart() to start a new one`
      : `svertka: ${reason}; reload the page to restart it`;
    assert.deepEqual(got, { before: 'pong', stop: message, after: message, exited: true, heard: message }, method);
  }
  assert.deepEqual(page.svertkaProblems, []);
});
}

test('in a worker: a missing worker script rejects the load, and the next load works', async () => {
  const page = await hostPage();
  await page.route('**/svertka-worker.js', (r) => r.fulfill({ status: 404, body: 'not here' }), { times: 1 });
  const message = await load(page, { worker: true });
  assert.match(message, /^svertka: cannot start the engine worker http:\/\/\S+\/svertka-worker\.js/);
  assert.equal(await load(page, { worker: true }), null);
  assert.deepEqual(await page.evaluate(() => nn.outputShape({ type: 'flatten' }, [2, 3, 4])), [24]);
  assert.deepEqual(page.svertkaProblems.filter((p) => !p.includes('svertka-worker.js')), []);
});
