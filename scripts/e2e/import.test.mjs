// Bring your own model (issue #14): a Keras model saved by TF.js, dropped on
// the playground with its weight file, reads a dropped picture and paints
// every stage; its probabilities are TF.js's own; downloaded as TF.js files
// and as Svertka's file it opens again with the same probabilities; a model
// Svertka cannot compute, or a damaged one, is refused with every problem
// listed and the model on the page stays. The same model by a same-site
// link (?model=), the models kept in the browser, and screenshots at
// desktop and phone sizes. An opened model is the builder's trained
// network: its rows are TF.js's own, live edits keep its weights where
// they fit (checked against TF.js with the same edit), Reset gives back
// its very answer, and a link names the model and the network built on it.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer, launchBrowser, newPage, waitForEngine, screenshot, repoRoot, CHROMIUM, CHROMIUM_FLAGS } from './harness.mjs';
import { canvasStats, drawMouse, probs, settle, until, SEVEN } from './playground-lib.mjs';
import { tf, loadFromDir } from '../tfjs-fixtures/tfjs.mjs';

// rgb_conv: a 13×11×3 input, Conv2D (same, relu), MaxPooling2D, Conv2D
// (per-axis kernel and strides, tanh, no bias), AveragePooling2D (same),
// Flatten, Dropout, Dense (sigmoid), Dense (softmax, 3 classes); weights
// from a seeded stream (scripts/tfjs-fixtures/generate.mjs).
const FIXTURE = path.join(repoRoot, 'core/testdata/tfjs/rgb_conv');
const MODEL_NAME = 'sequential_1 (model.json)';

let server;
let browser;
let files; // { 'model.json': Buffer, 'group1-shard1of1.bin': Buffer }

before(async () => {
  server = await startServer({ mounts: { '/models/rgb/': 'core/testdata/tfjs/rgb_conv' } });
  browser = await launchBrowser();
  files = {
    'model.json': await readFile(path.join(FIXTURE, 'model.json')),
    'group1-shard1of1.bin': await readFile(path.join(FIXTURE, 'group1-shard1of1.bin')),
  };
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(t, { query = '', ...options } = {}) {
  const page = await newPage(browser, { acceptDownloads: true, ...options });
  t.after(() => page.context().close());
  await page.goto(server.url + query);
  await waitForEngine(page);
  return page;
}

// drop drops files ({name: Buffer | {bytes, type} | {zeros: n}}) on the
// page the way a person does: dragenter, dragover and drop with a
// DataTransfer holding them. A file of zeros is made in the page.
async function drop(page, entries) {
  const list = Object.entries(entries).map(([name, v]) => ({
    name, type: v.type || (name.endsWith('.json') ? 'application/json' : 'application/octet-stream'),
    bytes: v.zeros ? null : [...(v.bytes || v)], zeros: v.zeros || 0,
  }));
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([f.bytes ? new Uint8Array(f.bytes) : new Uint8Array(f.zeros)], f.name, { type: f.type }));
    return d;
  }, list);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  assert.equal(await page.locator('#drop-overlay').isVisible(), true, 'a drag with files shows where to drop');
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  assert.equal(await page.locator('#drop-overlay').isVisible(), false);
}

// idle waits until the model card is done loading and returns its state.
async function idle(page) {
  await page.locator('#models:not([data-state="loading"])').waitFor();
  return page.locator('#models').getAttribute('data-state');
}

// A 40×30 PNG made in the page (a picture with structure in every
// channel), as the bytes of a file a person would drop.
async function photo(page) {
  const bytes = await page.evaluate(async () => {
    const c = new OffscreenCanvas(40, 30);
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 40, 30);
    grad.addColorStop(0, '#1e3a8a');
    grad.addColorStop(1, '#fde047');
    g.fillStyle = grad;
    g.fillRect(0, 0, 40, 30);
    g.fillStyle = '#dc2626';
    g.beginPath();
    g.arc(20, 15, 8, 0, 2 * Math.PI);
    g.fill();
    return [...new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer())];
  });
  return { 'photo.png': { bytes, type: 'image/png' } };
}

// answer waits for an answer of n classes and returns the probabilities.
async function answer(page, n) {
  await page.locator(`#probs [data-digit="${n - 1}"]`).waitFor();
  await page.locator('#prediction:not([data-digit=""])').waitFor();
  const p = await probs(page);
  assert.equal(p.length, n);
  return p;
}

// seenInput reads the H×W×3 input the picture card hands the network.
function seenInput(page) {
  return page.locator('#picture-input').evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const out = [];
    for (let i = 0; i < data.length; i += 4) out.push(data[i] / 255, data[i + 1] / 255, data[i + 2] / 255);
    return out;
  });
}

// paintedStages checks that every map of every stage is painted, and every
// dense unit shows a value.
async function assertEveryStagePainted(page) {
  const maps = await canvasStats(page, '#flow .fmap canvas');
  const layers = new Set(maps.map((m) => m.layer));
  for (const name of ['input', 'conv_same', 'pool_max', 'conv_strided', 'pool_avg']) assert.ok(layers.has(name), `a column for ${name}`);
  for (const m of maps) assert.equal(m.painted, m.pixels, `every pixel of a ${m.layer} map (${m.width}×${m.height}) is painted`);
  const dense = await page.locator('#flow .stage-dense').evaluateAll((els) => els.map((el) => ({
    layer: el.dataset.layer, values: [...el.querySelectorAll('.dense-val')].map((v) => v.textContent),
  })));
  assert.deepEqual(dense.map((d) => [d.layer, d.values.length]), [['dense_sigmoid', 7], ['dense_softmax', 3]]);
  for (const d of dense) for (const v of d.values) assert.notEqual(v, '–', `${d.layer} shows every value`);
  assert.match(await page.locator('#flow .stage-link').textContent(), /flatten/);
}

// download clicks a download button and returns the files it saves.
async function download(page, button, count) {
  const got = [];
  const done = new Promise((resolve) => {
    page.on('download', async function onDownload(d) {
      got.push({ name: d.suggestedFilename(), bytes: await readFile(await d.path()) });
      if (got.length === count) {
        page.off('download', onDownload);
        resolve();
      }
    });
  });
  await page.click(button);
  await done;
  return Object.fromEntries(got.map((f) => [f.name, f.bytes]));
}

// tfjsPredict loads dir/model.json in TF.js and predicts x (13×11×3).
async function tfjsPredict(dir, x) {
  const model = await loadFromDir(dir);
  return tf.tidy(() => [...model.predict(tf.tensor(x, [1, 13, 11, 3])).dataSync()]);
}

const close = (a, b, tol) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol);

test('a dropped TF.js model reads a dropped picture, paints every stage and predicts as TF.js does', async (t) => {
  const page = await open(t);
  const digits = await page.locator('#model-name').textContent();
  await drop(page, files);
  assert.equal(await idle(page), 'idle');
  assert.equal(await page.locator('#model-name').textContent(), MODEL_NAME);
  assert.match(await page.locator('#model-facts').textContent(), /13×11×3 · 8 layers · 613 parameters/);
  assert.notEqual(digits, MODEL_NAME);
  // A colour model: the picture card instead of the drawing pad.
  assert.equal(await page.locator('html').getAttribute('data-input'), 'picture');
  assert.equal(await page.locator('#draw-card').isVisible(), false);
  assert.equal(await page.locator('#picture-card').isVisible(), true);
  assert.deepEqual(await page.locator('#picture-input').evaluate((c) => [c.width, c.height]), [11, 13]);

  await drop(page, await photo(page));
  await page.locator('#picture-card[data-source="file"]').waitFor();
  const p = await answer(page, 3);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5, `softmax sums to 1: ${p}`);
  await assertEveryStagePainted(page);

  // TF.js, given the input the page shows, predicts the same.
  const x = await seenInput(page);
  const want = await tfjsPredict(FIXTURE, x);
  assert.ok(close(p, want, 1e-5), `page ${p} vs TF.js ${want}`);

  // The receptive field and the five steps work on the imported network.
  const map = page.locator('#flow [data-layer="conv_strided"] .fmap').first();
  const box = await map.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.locator('#readout', { hasText: 'conv_strided · map 1 · cell (2, 1)' }).waitFor();
  assert.match(await page.locator('#readout').textContent(), /Σ over 4 maps of \(2×3 window × kernel\).*tanh.*Window: rows 2–3, columns 2–4 of pool_max/);
  await map.click();
  await page.locator('#inspector:not([hidden])').waitFor();
  assert.match(await page.locator('#inspector-lede').textContent(), /Filter 1 of conv_strided owns 4 kernels of 2×3/);
  await page.click('#inspector-close');

  // Each sample picture gives its own answer.
  const answers = new Set();
  for (const name of ['circle', 'square', 'triangle', 'sunset', 'checks']) {
    await page.click(`.picture-sample[data-sample="${name}"]`);
    await page.locator(`#picture-card[data-sample="${name}"]`).waitFor();
    answers.add(JSON.stringify((await settle(page))[1]));
  }
  assert.ok(answers.size >= 4, `the samples give different answers: ${[...answers]}`);
  await screenshot(page, 'import-desktop', { fullPage: true });
  assert.deepEqual(page.svertkaProblems, []);
});

test('export as TF.js files and as a Svertka file, re-import, same probabilities', async (t) => {
  const page = await open(t);
  await drop(page, files);
  assert.equal(await idle(page), 'idle');
  await page.click('.picture-sample[data-sample="triangle"]');
  const before = await answer(page, 3);
  const x = await seenInput(page);

  const tfjs = await download(page, '#model-export-tfjs', 2);
  assert.deepEqual(Object.keys(tfjs).sort(), ['group1-shard1of1.bin', 'model.json']);
  assert.equal(tfjs['group1-shard1of1.bin'].length, 613 * 4);
  const own = await download(page, '#model-export-own', 1);
  const [ownName] = Object.keys(own);
  assert.match(ownName, /^sequential_1-model\.svertka\.json$/);
  assert.equal(JSON.parse(own[ownName]).format, 'svertka-model');

  // Back to the shipped model, then each export in turn.
  await page.click('#model-library summary');
  await page.click('#model-list [data-id="shipped"] .model-pick');
  await page.locator('#models[data-state="idle"] #model-list li.current[data-id="shipped"]').waitFor();
  for (const [what, dropped, name] of [['TF.js files', tfjs, 'sequential (model.json)'], ['Svertka file', own, 'sequential_1-model']]) {
    // Through the file picker this time.
    await page.setInputFiles('#model-file', Object.entries(dropped).map(([n, buffer]) => ({
      name: n, mimeType: n.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer,
    })));
    assert.equal(await idle(page), 'idle', what);
    assert.equal(await page.locator('#model-name').textContent(), name);
    await page.click('.picture-sample[data-sample="triangle"]');
    await answer(page, 3);
    assert.deepEqual((await settle(page))[1], before, `${what}: the same probabilities`);
    await page.click('#model-list [data-id="shipped"] .model-pick');
    await page.locator('#models[data-state="idle"] #model-list li.current[data-id="shipped"]').waitFor();
  }
  // The exported TF.js files load in TF.js and predict the same there too.
  const dir = await mkdtemp(path.join(repoRoot, 'build', 'tmp', 'export-'));
  for (const [name, bytes] of Object.entries(tfjs)) await writeFile(path.join(dir, name), bytes);
  const want = await tfjsPredict(dir, x);
  assert.ok(close(before, want, 1e-5), `page ${before} vs TF.js on the export ${want}`);

  // Min pooling is not a Keras layer: the TF.js download is refused, and says why.
  await page.click('#pool-mode [data-value="min"]');
  await page.locator('#flow .stage-class', { hasText: 'MinPool2D' }).first().waitFor();
  await page.click('#model-export-tfjs');
  await page.locator('#model-error:not([hidden])').waitFor();
  const refusal = await page.locator('#model-error').innerText();
  assert.match(refusal, /^This model cannot be downloaded in that form\. TF\.js export: 2 problems:/);
  assert.doesNotMatch(refusal, /still the one on the page/);
  assert.match(refusal, /"pool1" \(MinPool2D\): Keras and TF\.js have no MinPool2D layer/);
  assert.match(refusal, /"pool2" \(MinPool2D\): Keras and TF\.js have no MinPool2D layer/);
  assert.equal(Object.keys(await download(page, '#model-export-own', 1)).length, 1, 'the own format takes it');
  assert.deepEqual(page.svertkaProblems, []);
});

test('a model Svertka cannot compute lists its problems; a damaged one says what is wrong; the model stays', async (t) => {
  const page = await open(t);
  await drop(page, files);
  assert.equal(await idle(page), 'idle');
  await page.click('.picture-sample[data-sample="sunset"]');
  const before = await answer(page, 3);

  const doc = JSON.parse(files['model.json']);
  const layers = doc.modelTopology.config.layers;
  layers[0].config.data_format = 'channels_first';
  layers[1].class_name = 'Conv3D';
  layers[6].config.activation = 'swish';
  const bad = { 'model.json': Buffer.from(JSON.stringify(doc)), 'group1-shard1of1.bin': files['group1-shard1of1.bin'] };
  const cases = [
    ['unsupported', bad, ['3 problems', '"conv_same" (Conv2D): data_format "channels_first"', '"pool_max" (Conv3D): unknown layer class "Conv3D"', '"dense_sigmoid" (Dense): unknown activation "swish"']],
    ['truncated weights', { ...files, 'group1-shard1of1.bin': files['group1-shard1of1.bin'].subarray(0, 1000) },
      ['the files hold 1000 bytes, the group\'s 7 weights need 2452', 'truncated']],
    ['truncated model.json', { ...files, 'model.json': files['model.json'].subarray(0, 700) }, ['model.json is not valid JSON', 'is the file complete?']],
    ['no weight file', { 'model.json': files['model.json'] }, ['model.json needs the weight file group1-shard1of1.bin']],
    ['not a model', { 'notes.json': Buffer.from('{"hello": 1}') }, ['notes.json is neither a TF.js model.json nor a Svertka model file']],
    ['NaN weights', { ...files, 'group1-shard1of1.bin': Buffer.alloc(2452, 0xff) }, ['NaN']],
    ['too big', { ...files, 'group1-shard1of1.bin': { zeros: 33 << 20 } }, ['group1-shard1of1.bin: 33 MiB, above the 32 MiB Svertka opens']],
  ];
  for (const [what, dropped, want] of cases) {
    await drop(page, dropped);
    assert.equal(await idle(page), 'error', what);
    const text = await page.locator('#model-error').innerText();
    for (const w of want) assert.ok(text.includes(w), `${what}: the message lacks "${w}":\n${text}`);
    assert.match(text, /This model was not opened\.[\s\S]*The model you had is still the one on the page\./);
    assert.equal(await page.locator('#model-name').textContent(), MODEL_NAME, `${what}: the model stays`);
    assert.deepEqual(await probs(page), before, `${what}: the answer stays`);
  }
  // The problems are listed one by one.
  await drop(page, bad);
  assert.equal(await idle(page), 'error');
  assert.equal(await page.locator('#model-error li').count(), 3);
  await screenshot(page, 'import-refused-desktop');
  // The next good model opens, and clears the message.
  await drop(page, files);
  assert.equal(await idle(page), 'idle');
  assert.equal(await page.locator('#model-error').isVisible(), false);
  assert.deepEqual(page.svertkaProblems, []);
});

test('a same-site link opens the model; a picture on a phone; models kept in the browser', async (t) => {
  const page = await open(t, { query: '?model=models/rgb/model.json', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  assert.equal(await idle(page), 'idle');
  assert.equal(await page.locator('#model-name').textContent(), 'rgb/model.json');
  assert.equal(new URL(page.url()).searchParams.get('model'), 'models/rgb/model.json', 'the link stays');
  await page.click('.picture-sample[data-sample="square"]');
  await answer(page, 3);
  await assertEveryStagePainted(page);
  await screenshot(page, 'import-phone', { fullPage: true });

  // The model is kept in the browser and listed beside the shipped one.
  await page.click('#model-library summary');
  const list = page.locator('#model-list li');
  await list.nth(2).waitFor();
  const names = await page.locator('#model-list .model-pick-name').allTextContents();
  assert.deepEqual(names, ['Digits (shipped)', 'Shapes (colour)', 'rgb/model.json']);
  assert.equal(await page.locator('#model-list li.current .model-pick-name').textContent(), 'rgb/model.json');
  // The shipped model; the link forgets the model.
  await page.click('#model-list [data-id="shipped"] .model-pick');
  await page.locator('#models[data-url=""][data-state="idle"]').waitFor();
  assert.equal(await page.locator('html').getAttribute('data-input'), 'drawing');
  assert.equal(new URL(page.url()).searchParams.get('model'), null);
  // A new visit starts with the builder's network (the shipped model, as
  // the builder has not changed it); the opened model is still listed.
  await page.reload();
  await waitForEngine(page);
  assert.equal(await page.locator('html').getAttribute('data-input'), 'drawing');
  await page.locator('#model-name', { hasText: 'Digits (shipped)' }).waitFor();
  // A network the builder changes is the builder's.
  await page.selectOption('#builder-preset', 'gap');
  await page.locator('#model-name', { hasText: 'Network from the builder' }).waitFor();
  await page.click('#model-library summary');
  await page.locator('#model-list li').nth(2).locator('.model-pick').click();
  await page.locator('#models[data-state="idle"] #model-list li.current:not([data-id="shipped"])').waitFor();
  assert.equal(await page.locator('html').getAttribute('data-input'), 'picture');
  assert.equal(await page.locator('#model-name').textContent(), 'rgb/model.json');
  // A model the Train view kept is listed as trained here, and opens.
  await page.evaluate(async () => {
    const store = await import('./js/modelstore.js');
    const doc = await (await fetch('model/digits.json')).text();
    await store.saveModel({ name: 'my digits', doc, source: 'train', info: {} });
  });
  const mine = page.locator('#model-list li', { hasText: 'my digits' });
  await mine.waitFor();
  assert.match(await mine.textContent(), /trained here/);
  await mine.locator('.model-pick').click();
  await page.locator('#models[data-state="idle"] #model-list li.current', { hasText: 'my digits' }).waitFor();
  assert.equal(await page.locator('#model-name').textContent(), 'my digits');
  assert.equal(await page.locator('html').getAttribute('data-input'), 'drawing');
  // Remove takes a model out of the browser.
  await page.locator('#model-list li', { hasText: 'rgb/model.json' }).locator('.model-remove').click();
  await page.locator('#model-list li', { hasText: 'rgb/model.json' }).waitFor({ state: 'detached' });
  assert.deepEqual(await page.locator('#model-list .model-pick-name').allTextContents(), ['Digits (shipped)', 'Shapes (colour)', 'my digits']);
  // An address off the site is refused by the link table.
  const off = await open(t, { query: '?model=//example.com/model.json' });
  await off.locator('#url-note', { hasText: 'model=//example.com/model.json (expected the address of a model on this site' }).waitFor();
  assert.equal(await off.locator('html').getAttribute('data-input'), 'drawing');
  // A same-site address that is not there: the card says so.
  const missing = await open(t, { query: '?model=models/none/model.json' });
  assert.equal(await idle(missing), 'error');
  assert.match(await missing.locator('#model-error').innerText(), /models\/none\/model\.json did not load \(HTTP 404\)/);
  // The 404 itself is what the server answered, reported twice by the harness.
  assert.deepEqual(missing.svertkaProblems.filter((p) => !/404.*models\/none\/model\.json/.test(p)), []);
  // A reload can abort the favicon still loading: that is the browser, not the page.
  assert.deepEqual(page.svertkaProblems.filter((p) => !/favicon\.svg \(net::ERR_ABORTED\)/.test(p)), []);
});

test('the colour demo that comes with the site tells its sample shapes apart', async (t) => {
  const page = await open(t);
  await page.click('#model-library summary');
  await page.click('#model-list [data-id="demo"] .model-pick');
  assert.equal(await idle(page), 'idle');
  assert.equal(await page.locator('#model-name').textContent(), 'shapes/model.json');
  assert.equal(new URL(page.url()).searchParams.get('model'), 'models/shapes/model.json');
  assert.match(await page.locator('#model-facts').textContent(), /^input 32×32×3 · 9 layers · 7,571 parameters$/);
  // model.json names the classes (userDefinedMetadata.classNames).
  assert.deepEqual(await page.locator('#probs .d').allTextContents(), ['circle', 'square', 'triangle']);
  for (const shape of ['circle', 'square', 'triangle']) {
    await page.click(`.picture-sample[data-sample="${shape}"]`);
    await page.locator(`#picture-card[data-sample="${shape}"]`).waitFor();
    await page.locator('#prediction', { hasText: shape }).waitFor();
    const p = (await settle(page))[1];
    assert.ok(p[['circle', 'square', 'triangle'].indexOf(shape)] > 0.5, `${shape}: ${p}`);
  }
  assert.equal(await page.locator('#model-list [data-id="demo"]').getAttribute('class'), 'current');
  await page.click('.lang-switch [data-lang="ru"]');
  await page.locator('#model-list [data-id="demo"] .model-pick-name', { hasText: 'Фигуры (цветная)' }).waitFor();
  await screenshot(page, 'import-demo-desktop');
  assert.deepEqual(page.svertkaProblems, []);
});

test('a one-channel model of another size, in seven weight files, reads the drawing resampled', async (t) => {
  // sharded: 9×9×1, Conv2D (strides 2, same), MaxPooling2D (same),
  // BatchNormalization, Conv2D (dilated), GlobalMaxPooling2D, Dense (tanh),
  // Softmax; its weights in seven 256-byte files, dropped in shuffled order.
  // Every stage is painted: maps, vectors, the answer.
  const dir = path.join(repoRoot, 'core/testdata/tfjs/sharded');
  const dropped = { 'model.json': await readFile(path.join(dir, 'model.json')) };
  for (const n of [7, 3, 1, 5, 2, 6, 4]) dropped[`group1-shard${n}of7.bin`] = await readFile(path.join(dir, `group1-shard${n}of7.bin`));
  const page = await open(t);
  await drop(page, dropped);
  assert.equal(await idle(page), 'idle');
  assert.match(await page.locator('#model-facts').textContent(), /^input 9×9×1 · 7 layers/);
  assert.equal(await page.locator('html').getAttribute('data-input'), 'drawing');
  await drawMouse(page, SEVEN);
  const p = await answer(page, 5);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const maps = await canvasStats(page, '#flow .fmap canvas');
  assert.deepEqual([...new Set(maps.map((m) => m.layer))], ['input', 'conv_s2', 'pool_same', 'bn_noscale', 'conv_dilated_valid']);
  for (const m of maps) assert.equal(m.painted, m.pixels, `every pixel of a ${m.layer} map is painted`);
  const vectors = await page.locator('#flow .stage-dense').evaluateAll((els) => els.map((el) => [
    el.dataset.layer, [...el.querySelectorAll('.dense-val')].map((v) => v.textContent)]));
  assert.deepEqual(vectors.map(([l, v]) => [l, v.length]), [['gmp', 8], ['dense_tanh', 5]]);
  for (const [l, values] of vectors) for (const v of values) assert.notEqual(v, '–', `${l} shows every value`);
  // The drawing the model sees is the 32×32 one, resampled to 9×9.
  const input = await canvasStats(page, '#flow [data-layer="input"] canvas');
  assert.deepEqual([input[0].width, input[0].height], [9, 9]);
  assert.ok(input[0].colours > 2, 'the resampled drawing has ink and background');
  await screenshot(page, 'import-gray-desktop');
  assert.deepEqual(page.svertkaProblems, []);
});

test('a model of two channels is shown with no input to run, and says so', async (t) => {
  // dilated_bn: 12×10×2 (Conv2D dilated, BatchNormalization, Activation,
  // ZeroPadding2D, Conv2D, BatchNormalization, ReLU, GlobalAveragePooling2D,
  // Dense, Activation softmax).
  const dir = path.join(repoRoot, 'core/testdata/tfjs/dilated_bn');
  const page = await open(t);
  await drop(page, { 'model.json': await readFile(path.join(dir, 'model.json')), 'group1-shard1of1.bin': await readFile(path.join(dir, 'group1-shard1of1.bin')) });
  assert.equal(await idle(page), 'idle');
  assert.equal(await page.locator('html').getAttribute('data-input'), 'none');
  assert.match(await page.locator('#model-input-note').textContent(), /^This model takes 2 channels per pixel; the page has inputs for 1 \(a drawing\) and 3 \(a picture\)/);
  assert.equal(await page.locator('#draw-card').isVisible(), true, 'the pad stays, but the model does not read it');
  assert.ok(await page.locator('#flow [data-layer="conv_dilated"]').count() > 0);
  assert.equal(await page.locator('#prediction').getAttribute('data-digit'), '');
  assert.equal(await page.locator('#probs [data-digit]').count(), 4);
  // A model with an input hides the note again.
  await page.click('#model-library summary');
  await page.click('#model-list [data-id="shipped"] .model-pick');
  await page.locator('#model-input-note[hidden]').waitFor({ state: 'attached' });
  assert.deepEqual(page.svertkaProblems, []);
});

test('when the engine dies, a new one reopens the opened model as it was', async (t) => {
  const page = await open(t, { query: '?model=models/rgb/model.json' });
  assert.equal(await idle(page), 'idle');
  // The person switched every pooling layer to avg: the new engine keeps it.
  await page.click('#pool-mode [data-value="avg"]');
  await page.click('.picture-sample[data-sample="circle"]');
  const before = (await settle(page))[1];
  const worker = page.workers().find((w) => w.url().endsWith('/svertka-worker.js'));
  await worker.evaluate(() => new Promise((resolve) => {
    setTimeout(() => {
      resolve();
      throw new Error('test: the engine worker breaks');
    });
  }));
  await page.locator('html[data-engine="stopped"]').waitFor({ state: 'attached' });
  await page.locator('#engine-restart').click();
  await page.locator('html[data-engine="ready"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#model-name').textContent(), 'rgb/model.json');
  assert.equal(await page.locator('html').getAttribute('data-input'), 'picture');
  assert.match(await page.locator('#flow [data-layer="pool_max"] .stage-class').textContent(), /^AvgPool2D/);
  await page.click('.picture-sample[data-sample="checks"]');
  await settle(page);
  await page.click('.picture-sample[data-sample="circle"]');
  assert.deepEqual((await settle(page))[1], before, 'the same model, the same pooling, the same answer');
  assert.deepEqual(page.svertkaProblems.filter((p) => !p.includes('test: the engine worker breaks')), []);
});

test('without a camera the button says so; with one, its frames are read', async (t) => {
  // No camera API at all (an old browser, an insecure page).
  const none = await newPage(browser);
  t.after(() => none.context().close());
  await none.addInitScript(() => Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined }));
  await none.goto(`${server.url}?model=models/rgb/model.json`);
  await waitForEngine(none);
  assert.equal(await idle(none), 'idle');
  assert.equal(await none.locator('#picture-camera').isDisabled(), true);
  assert.equal(await none.locator('#picture-camera').getAttribute('title'), 'This browser offers no camera to the page');
  assert.deepEqual(none.svertkaProblems, []);

  // A camera: Chromium's fake device, allowed without asking.
  const fake = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    env: process.env,
  });
  t.after(() => fake.close());
  const page = await newPage(fake);
  await page.goto(`${server.url}?model=models/rgb/model.json`);
  await waitForEngine(page);
  assert.equal(await idle(page), 'idle');
  await page.click('#picture-camera');
  await page.locator('#picture-card[data-source="camera"]').waitFor();
  assert.equal(await page.locator('#picture-camera').textContent(), 'Stop camera');
  await answer(page, 3);
  const frame = await canvasStats(page, '#picture-input');
  assert.ok(frame[0].colours > 1, 'the camera frame is drawn');
  await page.click('#picture-camera');
  assert.equal(await page.locator('#picture-camera').textContent(), 'Camera');
  assert.equal(await page.locator('#picture-card').getAttribute('data-source'), '');
  // A model that does not look turns the camera off.
  await page.click('#picture-camera');
  await page.locator('#picture-card[data-source="camera"]').waitFor();
  await page.click('#model-library summary');
  await page.click('#model-list [data-id="shipped"] .model-pick');
  await page.locator('html[data-input="drawing"]').waitFor();
  assert.equal(await page.locator('#picture-card').getAttribute('data-source'), '');
  assert.equal(await page.evaluate(() => document.querySelector('#picture-video').srcObject), null);
  assert.deepEqual(page.svertkaProblems, []);
});

// ---- the opened model in the builder ---------------------------------------------

// builderTable reads the builder: each layer row's class, output shape and
// weight count, and the total.
function builderTable(page) {
  return page.evaluate(() => ({
    rows: [...document.querySelectorAll('#builder [data-layer]')].map((r) => [r.dataset.class, r.dataset.shape, r.dataset.params]),
    total: document.querySelector('#builder-total').dataset.params,
  }));
}

// kerasTable is the same table worked out by TF.js from a Keras topology:
// every layer's class (as the page's registry names it: the builder's
// class list gives each Keras name, MaxPooling2D for MaxPool2D), output
// shape and weight count, and the total.
async function kerasTable(page, topology) {
  const names = Object.fromEntries((await page.locator('#builder-add-class option').evaluateAll((els) => els.map((o) => [o.value, o.textContent])))
    .flatMap(([name, text]) => [[name, name], ...(text.match(/\((.*)\)$/)?.[1].split(', ') ?? []).map((alias) => [alias, name])]));
  const model = await tf.models.modelFromJSON({ modelTopology: structuredClone(topology) });
  const table = {
    rows: model.layers.map((l) => [names[l.getClassName()] ?? l.getClassName(), l.outputShape.slice(1).join('x'), String(l.countParams())]),
    total: String(model.countParams()),
  };
  model.dispose();
  return table;
}

// changed returns the fixture's topology with one layer changed.
function changed(topology, name, { class_name, ...config }) {
  const t = structuredClone(topology);
  const l = t.config.layers.find((x) => x.config.name === name);
  Object.assign(l.config, config);
  if (class_name) l.class_name = class_name;
  return t;
}

const same = (want) => (v) => JSON.stringify(v) === JSON.stringify(want);
const layerSetting = (page, i, name, extra = '') => page.locator('#builder [data-layer]').nth(i).locator(`[data-setting="${name}"]${extra}`);
const status = (page) => page.locator('#builder-status').textContent();

test('an opened model is the builder\'s trained network: its rows, a live stride change, its weights under new pooling, Reset', async (t) => {
  const page = await open(t);
  const topology = JSON.parse(files['model.json']).modelTopology;
  await drop(page, files);
  assert.equal(await idle(page), 'idle');
  await page.click('.picture-sample[data-sample="circle"]');
  await page.locator('#picture-card[data-sample="circle"]').waitFor();
  await answer(page, 3);
  const [, opened] = await settle(page);
  const x = await seenInput(page);
  // TF.js predicts the same from the picture: the builder's network is the model.
  assert.ok(close(opened, await tfjsPredict(FIXTURE, x), 1e-5), `page ${opened} vs TF.js`);

  // The builder lists the opened model: every row and the total as TF.js counts them.
  const want = await kerasTable(page, topology);
  assert.equal(want.rows.length, 8);
  assert.equal(want.total, '613');
  await until(() => builderTable(page), same(want), 'the opened model\'s rows');
  assert.deepEqual(await page.locator('#builder [data-layer] [data-setting="name"]').evaluateAll((els) => els.map((e) => e.value)),
    topology.config.layers.map((l) => l.config.name));
  assert.equal(await page.locator('#builder-input').textContent(), 'Input: 13×11×3, your picture');
  assert.equal(await status(page), `The opened model, ${MODEL_NAME}: every weight as it came.`);
  assert.equal(await page.locator('#builder-preset').inputValue(), 'custom');
  assert.match(await page.locator('#builder-answer').textContent(), new RegExp(`^Your input, through this network: ${opened.indexOf(Math.max(...opened))} \\(`));
  assert.equal(await page.locator('#builder-train').getAttribute('aria-disabled'), 'true', 'the Train view trains on digits, one channel');
  // The lab convolves drawings, and says so while the pad is hidden.
  assert.match(await page.locator('#lab-source').textContent(), /reads a picture, so the drawing pad is hidden; the lab still convolves your last drawing/);
  assert.equal(await page.locator('#lab-source').isVisible(), true);

  // conv_same strides 2×2: every shape after it follows (TF.js's own
  // numbers); the Dense after Flatten gets fresh weights, the page says so,
  // and the picture still flows through to an answer.
  await layerSetting(page, 0, 'strides', '[data-axis="0"]').fill('2');
  await layerSetting(page, 0, 'strides', '[data-axis="1"]').fill('2');
  const strided = await kerasTable(page, changed(topology, 'conv_same', { strides: [2, 2] }));
  assert.notDeepEqual(strided.rows.map((r) => r[1]), want.rows.map((r) => r[1]), 'the shapes change');
  await until(() => builderTable(page), same(strided), 'the rows after strides 2');
  const flat = (table) => table.rows.find((r) => r[0] === 'Flatten')[1];
  assert.match(await status(page), new RegExp(`conv_same, conv_strided.*dense_sigmoid/kernel was ${flat(want)}×7, now ${flat(strided)}×7\\. The opened model has no weights of those shapes`));
  assert.equal(await page.locator('#flow .stage[data-layer="conv_same"] .stage-shape').textContent(), strided.rows[0][1].replaceAll('x', '×'));
  const [, afterStride] = await settle(page);
  assert.equal(afterStride.length, 3);
  assert.ok(Math.abs(afterStride.reduce((a, b) => a + b, 0) - 1) < 1e-5, `the strided network still predicts: ${afterStride}`);
  assert.notDeepEqual(afterStride, opened);
  assert.equal(await page.locator('#model-name').textContent(), `Network from the builder, built on ${MODEL_NAME}`);
  await page.locator('#builder').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'import-builder-desktop');
  await page.locator('#lab').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'import-lab-desktop');

  // Back to strides 1, and pool_max averages instead: every weight of the
  // opened model fits, and the page predicts what TF.js does with the same
  // change and the same weights.
  await layerSetting(page, 0, 'strides', '[data-axis="0"]').fill('1');
  await layerSetting(page, 0, 'strides', '[data-axis="1"]').fill('1');
  await layerSetting(page, 1, 'class').selectOption('AvgPool2D');
  await until(() => status(page), (s) => /^Every trained weight still fits/.test(s), 'every weight kept');
  await until(() => builderTable(page), same(await kerasTable(page, changed(topology, 'pool_max', { class_name: 'AveragePooling2D' }))), 'pool_max averages');
  const [, averaged] = await settle(page);
  const dir = await mkdtemp(path.join(repoRoot, 'build', 'tmp', 'avg-'));
  await writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...JSON.parse(files['model.json']), modelTopology: changed(topology, 'pool_max', { class_name: 'AveragePooling2D' }) }));
  await writeFile(path.join(dir, 'group1-shard1of1.bin'), files['group1-shard1of1.bin']);
  const wantAvg = await tfjsPredict(dir, x);
  assert.ok(close(averaged, wantAvg, 1e-5), `page ${averaged} vs TF.js with average pooling ${wantAvg}`);
  assert.ok(!close(averaged, opened, 1e-6), 'average pooling reads the picture differently');

  // Reset to trained: the opened model, its very answer.
  await page.click('#builder-reset');
  await until(() => status(page), (s) => s.startsWith('The opened model'), 'reset');
  await until(() => builderTable(page), same(want), 'the opened model\'s rows again');
  assert.deepEqual((await settle(page))[1], opened, 'the opened model\'s very probabilities');
  assert.equal(await page.locator('#model-name').textContent(), MODEL_NAME);

  // The shipped model from the model card: the builder is back to it.
  await page.click('#model-library summary');
  await page.click('#model-list [data-id="shipped"] .model-pick');
  await page.locator('#models[data-state="idle"] #model-list li.current[data-id="shipped"]').waitFor();
  assert.equal(await page.locator('#builder-preset').inputValue(), 'seed');
  await until(() => status(page), (s) => /every weight as trained on MNIST/.test(s), 'the shipped model in the builder');
  assert.equal((await builderTable(page)).total, '27000');
  assert.equal(await page.locator('#lab-source').isVisible(), false);
  await drawMouse(page, SEVEN);
  assert.equal((await settle(page))[0], '7');
  assert.deepEqual(page.svertkaProblems, []);
});

test('a linked model in the builder: an edit writes net beside model, and the link rebuilds it', async (t) => {
  const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  const topology = JSON.parse(files['model.json']).modelTopology;
  const page = await open(t, { query: '?model=models/rgb/model.json', ...PHONE });
  assert.equal(await idle(page), 'idle');
  const want = await kerasTable(page, topology);
  await until(() => builderTable(page), same(want), 'the linked model\'s rows');
  assert.equal(new URL(page.url()).searchParams.get('net'), null, 'the model itself needs no net');
  // conv_strided dilated: its kernel keeps its shape, the shapes after it change.
  await layerSetting(page, 2, 'dilation_rate', '[data-axis="1"]').fill('2');
  const dilated = await kerasTable(page, changed(topology, 'conv_strided', { dilation_rate: [1, 2] }));
  await until(() => builderTable(page), same(dilated), 'the rows after a dilation');
  await page.click('.picture-sample[data-sample="square"]');
  await answer(page, 3);
  const [, edited] = await settle(page);
  const link = new URL(page.url());
  assert.equal(link.searchParams.get('model'), 'models/rgb/model.json', 'the model stays in the link');
  assert.ok(link.searchParams.get('net'), 'the edited network is in the link');
  await page.locator('#builder').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'import-builder-phone');
  const fits = await page.locator('#builder').evaluate((el) => el.scrollWidth <= el.clientWidth);
  assert.ok(fits, 'the builder fits the phone\'s width');

  // The link opens the model and builds the edited network on it.
  const again = await open(t, { query: link.search, ...PHONE });
  assert.equal(await idle(again), 'idle');
  await until(() => builderTable(again), same(dilated), 'the linked network\'s rows');
  await again.click('.picture-sample[data-sample="square"]');
  await answer(again, 3);
  assert.deepEqual((await settle(again))[1], edited, 'the same network, the same answer');
  // Reset: the link is the model's alone again.
  await again.click('#builder-reset');
  await until(() => builderTable(again), same(want), 'reset');
  assert.equal(new URL(again.url()).searchParams.get('net'), null);
  assert.equal(new URL(again.url()).searchParams.get('model'), 'models/rgb/model.json');
  assert.deepEqual(page.svertkaProblems, []);
  assert.deepEqual(again.svertkaProblems, []);
});

test('a model the builder cannot make (too many weights to edit) is refused whole; the network before it stays', async (t) => {
  // Flatten of 2048 values, Dense(2100), Dense(2): 4,307,102 weights, above
  // createModel's 2^22 (the engine loads it, the builder cannot build it).
  const big = {
    format: 'layers-model', generatedBy: 'svertka e2e', convertedBy: null,
    modelTopology: {
      class_name: 'Sequential', keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js',
      config: {
        name: 'big', layers: [
          { class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 2048, 1, 1], dtype: 'float32' } },
          { class_name: 'Dense', config: { name: 'dense_big', units: 2100, activation: 'relu', use_bias: true } },
          { class_name: 'Dense', config: { name: 'dense_out', units: 2, activation: 'softmax', use_bias: true } },
        ],
      },
    },
    weightsManifest: [{
      paths: ['group1-shard1of1.bin'], weights: [
        { name: 'dense_big/kernel', shape: [2048, 2100], dtype: 'float32' }, { name: 'dense_big/bias', shape: [2100], dtype: 'float32' },
        { name: 'dense_out/kernel', shape: [2100, 2], dtype: 'float32' }, { name: 'dense_out/bias', shape: [2], dtype: 'float32' },
      ],
    }],
  };
  const page = await open(t);
  await drawMouse(page, SEVEN);
  const [, before] = await settle(page);
  await until(() => builderTable(page), (v) => v.total === '27000', 'the shipped network');
  const rows = await builderTable(page);
  await drop(page, { 'model.json': Buffer.from(JSON.stringify(big)), 'group1-shard1of1.bin': { zeros: 4_307_102 * 4 } });
  assert.equal(await idle(page), 'error');
  const text = await page.locator('#model-error').innerText();
  assert.match(text, /^This model was not opened\. The builder cannot make this network to show and edit it: the model would have 4307102 weights, above the limit of 4194304 \(2\^22\)\.\nThe model you had is still the one on the page\.$/);
  assert.equal(await page.locator('#model-name').textContent(), 'Digits (shipped)');
  assert.equal(await page.locator('html').getAttribute('data-input'), 'drawing');
  await until(() => builderTable(page), same(rows), 'the builder\'s network as it was');
  assert.match(await status(page), /every weight as trained on MNIST/);
  assert.deepEqual((await settle(page))[1], before, 'the same answer');
  // The next model opens.
  await drop(page, files);
  assert.equal(await idle(page), 'idle');
  assert.equal(await page.locator('#model-name').textContent(), MODEL_NAME);
  assert.deepEqual(page.svertkaProblems, []);
});
