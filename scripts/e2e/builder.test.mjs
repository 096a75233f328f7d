// The network builder (site/js/builder.js) on the playground: each preset's
// layer table against Keras's numbers, a live change of a trained network
// while a digit flows through it, an impossible network explained and
// fixed, the network in the link and in the browser's storage, dragging and
// duplicating by mouse, editing by keyboard alone, and the phone layout
// with a finger dragging a layer.
// Screenshots of every preset and of a live stride change, desktop and
// phone, go to build/screenshots/builder-*.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { crash, engineWorker } from './engine-lib.mjs';
import { newPage, screenshot, screenshotDir, useSite, waitForEngine } from './harness.mjs';
import { SEVEN, canvasStats, drawMouse, prediction, probs, settle, until } from './playground-lib.mjs';

const site = useSite();
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// Every preset, row by row: class, output shape, weights (worked out by
// hand with Keras's formulas; core/networks_test.go has the same table).
const PRESETS = {
  seed: [27000, [
    ['Conv2D', '32x32x10', 260], ['MaxPool2D', '16x16x10', 0], ['Conv2D', '16x16x30', 7530], ['MaxPool2D', '8x8x30', 0],
    ['Flatten', '1920', 0], ['Dropout', '1920', 0], ['Dense', '10', 19210], ['Softmax', '10', 0]]],
  lenet5: [61706, [
    ['Conv2D', '28x28x6', 156], ['AvgPool2D', '14x14x6', 0], ['Conv2D', '10x10x16', 2416], ['AvgPool2D', '5x5x16', 0],
    ['Conv2D', '1x1x120', 48120], ['Flatten', '120', 0], ['Dense', '84', 10164], ['Dense', '10', 850], ['Softmax', '10', 0]]],
  vgg: [204282, [
    ['Conv2D', '32x32x16', 160], ['Conv2D', '32x32x16', 2320], ['MaxPool2D', '16x16x16', 0],
    ['Conv2D', '16x16x32', 4640], ['Conv2D', '16x16x32', 9248], ['MaxPool2D', '8x8x32', 0],
    ['Conv2D', '8x8x64', 18496], ['Conv2D', '8x8x64', 36928], ['MaxPool2D', '4x4x64', 0],
    ['Flatten', '1024', 0], ['Dense', '128', 131200], ['Dropout', '128', 0], ['Dense', '10', 1290], ['Softmax', '10', 0]]],
  gap: [8100, [
    ['Conv2D', '32x32x10', 260], ['MaxPool2D', '16x16x10', 0], ['Conv2D', '16x16x30', 7530], ['MaxPool2D', '8x8x30', 0],
    ['GlobalAveragePooling2D', '30', 0], ['Dense', '10', 310], ['Softmax', '10', 0]]],
};

async function open(t, query = '', options = DESKTOP, context = null) {
  const page = context ? await context.newPage() : await newPage(site.browser, options);
  if (!context) t.after(() => page.context().close());
  if (context) page.svertkaProblems = [];
  await page.goto(site.server.url + query);
  await waitForEngine(page);
  return page;
}

// table reads the builder: every layer row and the total.
async function table(page) {
  return page.evaluate(() => ({
    total: document.querySelector('#builder-total').dataset.params,
    rows: [...document.querySelectorAll('#builder [data-layer]')].map((r) => [r.dataset.class, r.dataset.shape, r.dataset.params]),
    error: document.querySelector('#builder-error').textContent,
  }));
}

const rowsAre = (want) => (v) => JSON.stringify(v.rows) === JSON.stringify(want);
const expected = (rows) => rows.map(([c, s, p]) => [c, s, String(p)]);

const row = (page, i) => page.locator('#builder [data-layer]').nth(i);
const setting = (page, i, name, extra = '') => row(page, i).locator(`[data-setting="${name}"]${extra}`);

test('every preset: each row\'s class, shape and weights, the total, and every map painted', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  await settle(page);
  for (const [name, [total, rows]] of Object.entries(PRESETS)) {
    await page.selectOption('#builder-preset', name);
    const got = await until(() => table(page), (v) => rowsAre(expected(rows))(v) && v.total === String(total), `preset ${name}`);
    assert.equal(got.error, '');
    assert.equal(await page.locator('#builder-train').getAttribute('href'), `train.html?net=${name}`, 'the Train view gets the preset');
    // The flow draws this network: a column per layer (Softmax is the
    // answer, Flatten and Dropout a link), every map painted.
    const names = await page.locator('#builder [data-layer] [data-setting="name"]').evaluateAll((els) => els.map((e) => e.value));
    const drawn = names.filter((n, i) => !['Softmax', 'Flatten', 'Dropout'].includes(rows[i][0]));
    await until(() => page.locator('#flow .stage[data-layer]').evaluateAll((els) => els.map((e) => e.dataset.layer)),
      (v) => JSON.stringify(v) === JSON.stringify(['input', ...drawn]), `${name}: flow columns`);
    await settle(page);
    assert.match(await prediction(page), /^[0-9]$/, `${name} predicts`);
    const maps = await canvasStats(page, '#flow .fmap canvas');
    const mapCount = rows.filter(([, s]) => s.includes('x')).reduce((n, [, s]) => n + Number(s.split('x')[2]), 1);
    assert.equal(maps.length, mapCount, `${name}: one canvas per map`);
    for (const m of maps) assert.equal(m.painted, m.pixels, `${name}: ${m.layer} painted`);
    await screenshot(page, `builder-${name}-desktop`, { fullPage: true });
    await inspectLastConvAndPool(page, name, names, rows);
  }
  assert.deepEqual(page.svertkaProblems, []);
});

// inspectLastConvAndPool opens the deepest Conv2D map in the inspector (its
// arithmetic must agree with the engine) and points at the middle of the
// deepest pooling map (its window lights up in the map before it).
async function inspectLastConvAndPool(page, preset, names, rows) {
  const last = (re) => names[rows.map(([c]) => re.test(c)).lastIndexOf(true)];
  const conv = last(/^Conv2D$/);
  await page.locator(`#flow .stage[data-layer="${conv}"] .fmap`).last().click();
  await page.locator('#arith .arith-check').waitFor();
  assert.equal(await page.locator('#arith .arith-check').getAttribute('data-agree'), 'true', `${preset}: ${conv} in the inspector`);
  await page.click('#inspector-close');
  const pool = page.locator(`#flow .stage[data-layer="${last(/Pool2D$/)}"] .fmap`).first();
  await pool.scrollIntoViewIfNeeded();
  const b = await pool.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.locator('#flow .rf:visible').first().waitFor();
  assert.equal(await page.locator('#flow .rf:visible').count(), 1, `${preset}: a pooling cell reads one map`);
  assert.match(await page.locator('#readout').textContent(), /Window: rows \d+–\d+, columns \d+–\d+/);
  await page.mouse.move(0, 0);
}

test('the flow draws a network on three input channels from its summary and activations', async (t) => {
  const page = await open(t);
  const got = await page.evaluate(async () => {
    const { Flow } = await import('./js/flow.js');
    const { describeModel } = await import('./js/model.js');
    const nn = await globalThis.Svertka.load();
    const summary = await nn.createModel({ inputShape: [24, 20, 3], layers: [
      { class_name: 'ZeroPadding2D', config: { padding: 1 } },
      { class_name: 'Conv2D', config: { filters: 4, kernel_size: [3, 5], strides: [2, 1], activation: 'relu' } },
      { class_name: 'BatchNormalization' },
      { class_name: 'AveragePooling2D', config: { pool_size: 2, padding: 'same' } },
      { class_name: 'GlobalMaxPooling2D' },
      { class_name: 'Dense', config: { units: 24, activation: 'tanh' } },
      { class_name: 'Dense', config: { units: 3 } },
      { class_name: 'Softmax' },
    ] });
    const input = Float32Array.from({ length: 24 * 20 * 3 }, (_, i) => (i % 7) / 7);
    const { activations } = await nn.predict(input, summary.handle);
    const root = document.createElement('div');
    root.innerHTML = '<div id="flow"><canvas id="wires"></canvas></div><p id="readout"></p><div id="tip" hidden></div><div id="legend"></div>';
    document.body.append(root);
    const flow = new Flow(root, { select() {} });
    flow.update({ model: describeModel(summary), weights: {} });
    flow.update({ input, acts: activations });
    const stages = [...root.querySelectorAll('.stage[data-layer]')].map((s) => ({
      layer: s.dataset.layer,
      shape: s.querySelector('.stage-shape').textContent,
      maps: s.querySelectorAll('.fmap').length,
      painted: [...s.querySelectorAll('canvas')].every((c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)),
    }));
    root.remove();
    return stages;
  });
  assert.deepEqual(got.map((s) => [s.layer, s.shape, s.maps, s.painted]), [
    ['input', '24×20×3', 3, true],
    ['zero_padding2d', '26×22×3', 3, true],
    ['conv2d', '12×18×4', 4, true],
    ['batch_normalization', '12×18×4', 4, true],
    ['avg_pool2d', '6×9×4', 4, true],
    ['global_max_pooling2d', '4', 0, true],
    ['dense', '24', 0, true],
    ['dense_1', '3', 0, true],
  ]);
  assert.deepEqual(page.svertkaProblems, []);
});

test('the trained network changed live: conv1 strides 2, a dilation, and back', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  const [digit, trained] = await settle(page);
  assert.equal(digit, '7');
  assert.match(await page.locator('#builder-status').textContent(), /trained/);
  assert.match(await page.locator('#builder-answer').textContent(), /through this network: 7 \([\d.]+%\)/, 'the answer is in sight while editing');

  // conv1 strides 2×2: every shape after it halves; the Dense weights no
  // longer fit (Flatten gives 480 values, not 1920) and the page says so.
  await setting(page, 0, 'strides', '[data-axis="0"]').fill('2');
  await setting(page, 0, 'strides', '[data-axis="1"]').fill('2');
  await until(() => table(page), rowsAre(expected([
    ['Conv2D', '16x16x10', 260], ['MaxPool2D', '8x8x10', 0], ['Conv2D', '8x8x30', 7530], ['MaxPool2D', '4x4x30', 0],
    ['Flatten', '480', 0], ['Dropout', '480', 0], ['Dense', '10', 4810], ['Softmax', '10', 0]])), 'shapes after strides 2');
  assert.match(await row(page, 0).locator('.layer-formula').textContent(), /floor\(\(32 \+ 3 − 5\)\/2\) \+ 1 = 16/);
  const status = await page.locator('#builder-status').textContent();
  assert.match(status, /conv1, conv2/);
  assert.match(status, /dense\/kernel was 1920×10, now 480×10/);
  assert.equal(await page.locator('#flow .stage[data-layer="conv1"] .stage-shape').textContent(), '16×16×10');
  const [strided] = await settle(page);
  assert.match(strided, /^[0-9]$/, 'the changed network still predicts');
  assert.equal(await page.locator('#flow .stage[data-layer="conv1"] .fmap canvas').first().evaluate((c) => `${c.width}x${c.height}`), '16x16');
  await screenshot(page, 'builder-stride-desktop', { fullPage: true });

  // Back to strides 1, and conv2 dilated: no shape changes, so every
  // trained weight applies, and the drawing reads differently.
  await setting(page, 0, 'strides', '[data-axis="0"]').fill('1');
  await setting(page, 0, 'strides', '[data-axis="1"]').fill('1');
  await setting(page, 2, 'dilation_rate', '[data-axis="0"]').fill('2');
  await setting(page, 2, 'dilation_rate', '[data-axis="1"]').fill('2');
  await until(() => table(page), rowsAre(expected(PRESETS.seed[1])), 'shapes with dilation');
  await until(() => page.locator('#builder-status').textContent(), (s) => /Every trained weight still fits/.test(s), 'all weights kept');
  const [, dilated] = await settle(page);
  assert.notDeepEqual(dilated, trained, 'the dilated network reads the digit differently');

  // The inspector works on the changed layer: its arithmetic agrees with the engine.
  await page.locator('#flow .stage[data-layer="conv2"] .fmap').nth(4).click();
  await page.locator('#arith .arith-check').waitFor();
  assert.equal(await page.locator('#arith .arith-check').getAttribute('data-agree'), 'true');

  // pool1 becomes an average pooling in place: no weights involved.
  await setting(page, 2, 'dilation_rate', '[data-axis="0"]').fill('1');
  await setting(page, 2, 'dilation_rate', '[data-axis="1"]').fill('1');
  await setting(page, 1, 'class').selectOption('AvgPool2D');
  await until(() => page.locator('#flow .stage[data-layer="pool1"] .stage-class').textContent(), (s) => /^AvgPool2D/.test(s), 'pool1 averages');
  assert.equal(await row(page, 1).getAttribute('data-class'), 'AvgPool2D');
  assert.match(await page.locator('#builder-status').textContent(), /Every trained weight still fits/);
  const [, averaged] = await settle(page);
  assert.notDeepEqual(averaged, trained);

  // Reset to trained: the shipped network's very answer.
  await page.click('#builder-reset');
  await until(() => page.locator('#builder-status').textContent(), (s) => /every weight as trained/.test(s), 'reset');
  const [, back] = await settle(page);
  assert.deepEqual(back, trained);
  assert.equal(new URL(page.url()).searchParams.get('net'), null, 'the trained network is the default');
  assert.deepEqual(page.svertkaProblems, []);
});

test('a new engine after the old one died runs the network that was built', async (t) => {
  const page = await open(t);
  await setting(page, 0, 'strides', '[data-axis="0"]').fill('2');
  await setting(page, 0, 'strides', '[data-axis="1"]').fill('2');
  await until(() => table(page), (v) => v.rows[0][1] === '16x16x10' && v.total !== '', 'strides 2');
  await page.locator('#draw').scrollIntoViewIfNeeded(); // editing scrolled the page down
  await drawMouse(page, SEVEN);
  assert.match((await settle(page))[0], /^[0-9]$/);
  const first = engineWorker(page);
  await crash(first);
  await page.locator('#engine-stopped').waitFor({ state: 'visible' });
  await page.locator('#engine-restart').click();
  await page.locator('html[data-engine="ready"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#flow .stage[data-layer="conv1"] .stage-shape').textContent(), '16×16×10');
  await until(() => prediction(page), (d) => /^[0-9]$/.test(d), 'the new engine reads the drawing');
  assert.deepEqual(page.svertkaProblems.filter((p) => !p.includes('test: the engine worker breaks')), []);
});

test('an impossible network is explained with its numbers while the last one keeps working, then fixed', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  await settle(page);
  await setting(page, 2, 'padding', ':is(select)').selectOption('valid');
  await until(() => table(page), (v) => v.rows[2][1] === '12x12x30', 'conv2 valid');
  await setting(page, 2, 'kernel_size', '[data-axis="0"]').fill('20');
  const bad = await until(() => table(page), (v) => v.error !== '', 'the explanation');
  assert.match(bad.error, /Layer 3 \(conv2, Conv2D\) cannot work/);
  assert.match(bad.error, /floor\(\(16 \+ 0 − 20\)\/1\) \+ 1 = −3/);
  assert.match(bad.error, /make the kernel, pool size, stride or dilation smaller/);
  assert.equal(bad.rows[2][1], '', 'no shape for the impossible layer');
  assert.equal(bad.total, '');
  assert.match(await row(page, 2).getAttribute('class'), /\bis-bad\b/);
  assert.match(await row(page, 3).getAttribute('class'), /\bis-after-bad\b/);
  // The last network that worked still reads the drawing.
  assert.equal(await page.locator('#flow .stage[data-layer="conv2"] .stage-shape').textContent(), '12×12×30');
  assert.match(await prediction(page), /^[0-9]$/);

  await setting(page, 2, 'kernel_size', '[data-axis="0"]').fill('3');
  await setting(page, 2, 'kernel_size', '[data-axis="1"]').fill('3');
  const fixed = await until(() => table(page), (v) => v.error === '' && v.rows[2][1] === '14x14x30', 'fixed');
  assert.deepEqual(fixed.rows.slice(3, 5), [['MaxPool2D', '7x7x30', '0'], ['Flatten', '1470', '0']]);

  // A Dense layer before Flatten: the engine's own words.
  await row(page, 4).locator('.layer-remove').click();
  const noFlatten = await until(() => table(page), (v) => v.error !== '', 'Dense before Flatten');
  assert.match(noFlatten.error, /Dense needs a flat input \(add a Flatten layer before it\), got \(7, 7, 30\)/);
  assert.match(noFlatten.error, /keeps reading your drawing/);

  // No Softmax at the end: ten scores, not probabilities.
  await page.click('#builder-reset');
  await until(() => table(page), (v) => v.total === '27000', 'reset');
  await row(page, 7).locator('.layer-remove').click();
  assert.match((await until(() => table(page), (v) => v.error !== '', 'no softmax')).error, /must end with Softmax/);

  // Too many weights for the browser: the engine's count and limit.
  await page.click('#builder-reset');
  await until(() => table(page), (v) => v.total === '27000', 'reset');
  await setting(page, 2, 'kernel_size', '[data-axis="0"]').fill('9');
  await setting(page, 2, 'kernel_size', '[data-axis="1"]').fill('9');
  await until(() => table(page), (v) => v.rows[2][2] === '24330', 'conv2 9×9');
  await setting(page, 2, 'filters').fill('4096');
  const big = await until(() => table(page), (v) => /above the limit/.test(v.error), 'too many weights');
  assert.match(big.error, /the model would have 5\d{6} weights, above the limit of 4194304/);
  assert.match(big.error, /use fewer filters or units/);
  assert.deepEqual(page.svertkaProblems, []);
});

test('a network of one\'s own round-trips through the link and the browser\'s storage', async (t) => {
  const page = await open(t);
  await setting(page, 0, 'filters').fill('12');
  await row(page, 0).locator('[data-setting="name"]').click(); // new layers go after the one worked on
  await page.selectOption('#builder-add-class', 'BatchNormalization');
  await page.click('#builder-add');
  const built = await until(() => table(page), (v) => v.rows.length === 9 && v.rows[1][0] === 'BatchNormalization' && v.total !== '', 'custom network');
  assert.equal(await page.locator('#builder-preset').inputValue(), 'custom');
  const link = page.url();
  const net = new URL(link).searchParams.get('net');
  assert.ok(net, 'the link holds the network');
  // "Train this network" hands the Train view the same network.
  const train = new URL(await page.locator('#builder-train').getAttribute('href'), link);
  assert.equal(train.pathname.endsWith('/train.html'), true);
  const handed = await page.evaluate(async (text) => (await import('./js/netspec.js')).decodeSpec(text), train.searchParams.get('spec'));
  assert.deepEqual(handed.layers.map((l) => l.class_name), built.rows.map(([c]) => c));
  assert.equal(handed.layers[0].config.filters, 12);

  // The link in a fresh browser.
  const other = await open(t, new URL(link).search);
  assert.deepEqual((await until(() => table(other), (v) => v.total !== '', 'from the link')).rows, built.rows);
  assert.equal(await other.locator('#builder-preset').inputValue(), 'custom');

  // The same browser, no link: the saved network.
  const again = await open(t, '', DESKTOP, page.context());
  assert.deepEqual((await until(() => table(again), (v) => v.total !== '', 'from storage')).rows, built.rows);

  // A broken link is reported, and the seed network runs.
  const broken = await open(t, '?net=nonsense');
  assert.deepEqual((await table(broken)).rows, expected(PRESETS.seed[1]));
  assert.match(await broken.locator('#url-note').textContent(), /net=nonsense/);
  for (const p of [page, other, broken]) assert.deepEqual(p.svertkaProblems, []);
});

test('mouse: drag a layer by its grip, duplicate one', async (t) => {
  const page = await open(t);
  await row(page, 5).scrollIntoViewIfNeeded();
  const grip = await row(page, 5).locator('.layer-grip').boundingBox();
  const target = await row(page, 4).boundingBox();
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2, target.y + 4, { steps: 8 });
  await page.mouse.up();
  await until(() => table(page), (v) => v.rows[4][0] === 'Dropout' && v.rows[5][0] === 'Flatten' && v.total === '27000', 'dragged');
  // Dropout before Flatten keeps every shape: the trained network still.
  assert.match(await page.locator('#builder-status').textContent(), /Every trained weight still fits/);

  await row(page, 2).locator('.layer-dup').click();
  const dup = await until(() => table(page), (v) => v.rows.length === 9 && v.total !== '', 'duplicated');
  // A second conv2 reads conv2's 30 maps: 5·5·30·30 + 30 weights, new ones.
  assert.deepEqual(dup.rows[3], ['Conv2D', '16x16x30', String(5 * 5 * 30 * 30 + 30)]);
  assert.equal(await row(page, 3).locator('[data-setting="name"]').inputValue(), 'conv2d', 'the copy gets a name of its own');
  assert.match(await page.locator('#builder-status').textContent(), /New, untrained weights: conv2d\./);
  assert.deepEqual(page.svertkaProblems, []);
});

test('keyboard only: edit a setting, move, add and remove layers', async (t) => {
  const page = await open(t);
  const kb = page.keyboard;
  // Tab from the preset to conv1's first setting.
  await page.locator('#builder-preset').focus();
  const tabTo = async (selector) => {
    for (let i = 0; i < 200; i++) {
      await kb.press('Tab');
      if (await page.evaluate((s) => document.activeElement.matches(s), selector)) return;
    }
    assert.fail(`Tab never reached ${selector}`);
  };
  await tabTo('[data-setting="filters"]');
  await kb.press('Control+A');
  await kb.type('16');
  await until(() => table(page), (v) => v.rows[0][1] === '32x32x16', 'filters by keyboard');
  // The grip moves a layer with the arrow keys: pool1 down below conv2.
  await tabTo('[data-index="1"] .layer-grip');
  await kb.press('ArrowDown');
  await until(() => table(page), (v) => v.rows[1][0] === 'Conv2D' && v.rows[2][0] === 'MaxPool2D' && v.total !== '', 'moved');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[data-layer]').dataset.index), '2', 'the focus follows the layer');
  // Add a Dropout after it from the add bar, then remove it with its button.
  await tabTo('#builder-add-class');
  await kb.type('Dro'); // a closed <select> jumps to the option typed
  assert.equal(await page.locator('#builder-add-class').inputValue(), 'Dropout');
  await kb.press('Tab');
  await kb.press('Enter');
  const added = await until(() => table(page), (v) => v.rows.length === 9 && v.total !== '', 'added');
  assert.equal(added.rows[3][0], 'Dropout', 'added after the layer last worked on');
  await tabTo('[data-index="3"] .layer-remove');
  await kb.press('Enter');
  await until(() => table(page), (v) => v.rows.length === 8 && v.total !== '', 'removed');
  assert.deepEqual(page.svertkaProblems, []);
});

test('phone: the builder fits the width, a finger drags a layer, a stride change shows', async (t) => {
  const page = await open(t, '', PHONE);
  await page.locator('#builder').scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
  const boxes = await page.locator('#builder [data-layer]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
  assert.ok(boxes.every((r) => r <= 390), `rows fit the screen: ${boxes}`);
  for (const name of Object.keys(PRESETS)) {
    await page.selectOption('#builder-preset', name);
    await until(() => table(page), (v) => v.total === String(PRESETS[name][0]), `phone ${name}`);
    await page.locator('#builder').screenshot({ path: path.join(screenshotDir, `builder-${name}-phone.png`) });
  }
  await page.selectOption('#builder-preset', 'seed');
  await until(() => table(page), (v) => v.total === '27000', 'seed again');

  // A finger drags dropout (row 6) above flatten (row 5).
  await row(page, 5).scrollIntoViewIfNeeded();
  const grip = await row(page, 5).locator('.layer-grip').boundingBox();
  const target = await row(page, 4).boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const at = (x, y) => ({ type: 'touchMove', touchPoints: [{ x, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 }] });
  for (let k = 1; k <= 8; k++) {
    await cdp.send('Input.dispatchTouchEvent', at(grip.x + grip.width / 2, grip.y + (target.y + 4 - grip.y) * (k / 8)));
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  await until(() => table(page), (v) => v.rows[4][0] === 'Dropout' && v.rows[5][0] === 'Flatten' && v.total === '27000', 'dragged');

  await setting(page, 0, 'strides', '[data-axis="0"]').fill('2');
  await setting(page, 0, 'strides', '[data-axis="1"]').fill('2');
  await until(() => table(page), (v) => v.rows[0][1] === '16x16x10' && v.total !== '', 'phone stride');
  await row(page, 0).scrollIntoViewIfNeeded();
  await screenshot(page, 'builder-stride-phone');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'still no sideways scrolling');
  assert.deepEqual(page.svertkaProblems, []);
});
