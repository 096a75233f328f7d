// The digit playground (site/index.html) driven in Chromium on a desktop
// viewport: drawing, Undo and Clear, the labelled flow of feature maps, the
// pooling switch, the five-steps inspector, receptive fields, the language
// switch, the shareable URL, keyboard access and the failure message.
// Every test also requires a clean page: no console errors, no request to
// another origin, no CSP violation (page.svertkaProblems).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newPage, screenshot, useSite, waitForEngine } from './harness.mjs';
import { CROSSBAR, SEVEN, canvasStats, drawMouse, prediction, probs, settle } from './playground-lib.mjs';

const DESKTOP = { width: 1440, height: 900 };

const site = useSite();

async function open(t, query = '', options = {}) {
  const page = await newPage(site.browser, { viewport: DESKTOP, ...options });
  t.after(() => page.context().close());
  await page.goto(site.server.url + query);
  await waitForEngine(page);
  return page;
}

function clean(page) {
  assert.deepEqual(page.svertkaProblems, []);
}

const argmax = (xs) => xs.indexOf(Math.max(...xs));

test('an empty pad, or a single dot, gives no prediction', async (t) => {
  const page = await open(t);
  assert.equal(await prediction(page), '');
  assert.deepEqual(await probs(page), new Array(10).fill(0));
  assert.equal(await page.locator('#undo').isDisabled(), true);
  // Clear stays usable on an empty pad, so "clear, then draw" always works.
  await page.locator('#clear').click();
  await settle(page);
  assert.equal(await prediction(page), '');

  const box = await page.locator('#draw').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await settle(page);
  assert.equal(await prediction(page), '', 'a click is not a digit');
  assert.deepEqual(await probs(page), new Array(10).fill(0));
  assert.equal(await page.locator('#clear').isDisabled(), false, 'the dot is still a stroke that can be cleared');
  clean(page);
});

test('drawing predicts live; Undo removes the last stroke and Clear everything', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  const [digit, p1] = await settle(page);
  assert.match(digit, /^[0-9]$/);
  const sum = p1.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-3, `probabilities add up to ${sum}`);
  assert.ok(p1.every((p) => p >= 0 && p <= 1));
  assert.equal(Number(digit), argmax(p1), 'data-digit is the most probable digit');
  assert.equal(await page.locator('#probs li.top').getAttribute('data-digit'), digit);

  await drawMouse(page, CROSSBAR);
  const [, p2] = await settle(page, { changedFrom: JSON.stringify([digit, p1]) });
  assert.notDeepEqual(p2, p1, 'a second stroke changes the probabilities');

  await page.click('#undo');
  const [d3, p3] = await settle(page, { changedFrom: JSON.stringify([await prediction(page), p2]) });
  assert.equal(d3, digit);
  assert.deepEqual(p3, p1, 'after Undo the page shows exactly the one-stroke result again');

  await page.click('#undo');
  await settle(page);
  assert.equal(await prediction(page), '');
  assert.deepEqual(await probs(page), new Array(10).fill(0));
  assert.equal(await page.locator('#undo').isDisabled(), true);

  await drawMouse(page, SEVEN);
  await settle(page);
  assert.match(await prediction(page), /^[0-9]$/);
  await page.click('#clear');
  await settle(page);
  assert.equal(await prediction(page), '');
  assert.deepEqual(await probs(page), new Array(10).fill(0));
  const ink = await page.locator('#draw').evaluate((c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0));
  assert.equal(ink, false, 'Clear leaves no ink on the pad');
  assert.equal(await page.locator('#undo').isDisabled(), true, 'nothing is left to undo');
  clean(page);
});

// The seed network of the design, worked out here from the layer formulas:
// 'same' convolutions keep the size, 2×2 pooling halves it.
function seedNetwork() {
  const conv = (inC, k, filters) => k * k * inC * filters + filters;
  const side = 32;
  const flat = (side / 4) * (side / 4) * 30;
  return [
    { layer: 'input', shape: [side, side, 1], params: null },
    { layer: 'conv1', shape: [side, side, 10], params: conv(1, 5, 10) },
    { layer: 'pool1', shape: [side / 2, side / 2, 10], params: 0 },
    { layer: 'conv2', shape: [side / 2, side / 2, 30], params: conv(10, 5, 30) },
    { layer: 'pool2', shape: [side / 4, side / 4, 30], params: 0 },
    { layer: 'dense', shape: [10], params: flat * 10 + 10 },
  ];
}

test('every stage is labelled with its shape and parameters, and every feature map is painted', async (t) => {
  const page = await open(t);
  const stages = seedNetwork();
  for (const s of stages) {
    const stage = page.locator(`.stage[data-layer="${s.layer}"]`);
    assert.equal(await stage.locator('.stage-shape').textContent(), s.shape.join('×'), `${s.layer} shape`);
    const params = await stage.locator('.stage-params').textContent();
    if (s.params !== null) assert.equal(params.replace(/\D/g, ''), String(s.params), `${s.layer} parameters: ${params}`);
  }
  const total = stages.reduce((a, s) => a + (s.params || 0), 0);
  assert.equal((await page.locator('#total-params').textContent()).replace(/\D/g, ''), String(total));

  await drawMouse(page, SEVEN);
  await settle(page);
  const maps = await canvasStats(page, '.flow .fmap canvas');
  for (const s of stages.filter((x) => x.shape.length === 3)) {
    const mine = maps.filter((m) => m.layer === s.layer);
    assert.equal(mine.length, s.shape[2], `${s.layer}: one canvas per channel`);
    for (const m of mine) {
      assert.equal(m.width, s.shape[1], `${s.layer} map width`);
      assert.equal(m.height, s.shape[0], `${s.layer} map height`);
      assert.equal(m.painted, m.pixels, `${s.layer}: a blank map`);
    }
    assert.ok(mine.some((m) => m.colours > 1), `${s.layer}: every map is one flat colour`);
  }
  const dense = await page.locator('.stage[data-layer="dense"] .dense-val').allTextContents();
  assert.equal(dense.length, 10);
  assert.ok(dense.every((v) => /^−?\d+\.\d{1,2}$/.test(v)), `dense scores: ${dense}`);
  await screenshot(page, 'playground-desktop');
  clean(page);
});

test('the pooling switch changes the probabilities and says why', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  const withMax = await settle(page);
  const note = await page.locator('#pool-note').textContent();
  const states = {};
  for (const [mode, cls] of [['min', 'MinPool2D'], ['avg', 'AvgPool2D']]) {
    await page.click(`#pool-mode [data-value="${mode}"]`);
    states[mode] = await settle(page, { changedFrom: JSON.stringify(withMax) });
    assert.notDeepEqual(states[mode][1], withMax[1], `${mode} pooling gives other probabilities`);
    assert.match(await page.locator('.stage[data-layer="pool1"] .stage-class').textContent(), new RegExp(cls));
    assert.match(await page.locator('.stage[data-layer="pool2"] .stage-class').textContent(), new RegExp(cls));
    assert.notEqual(await page.locator('#pool-note').textContent(), note, 'the note explains the mode');
    assert.equal(new URL(page.url()).searchParams.get('pool'), mode);
  }
  assert.notDeepEqual(states.min[1], states.avg[1]);
  await page.click('#pool-mode [data-value="max"]');
  const back = await settle(page, { changedFrom: JSON.stringify(states.avg) });
  assert.deepEqual(back, withMax, 'back to max pooling gives the original answer');
  assert.equal(new URL(page.url()).searchParams.get('pool'), null);
  clean(page);
});

// The drawing may run on a copy of the network in an engine on the page's
// thread (site/js/pagecopy.js): what the page shows must be what an engine
// holding the shipped model computes for the pad's pixels, before and after
// the network changes under the copy.
test('the answer shown is the engine\'s answer for the pad\'s pixels, after a pooling change too', async (t) => {
  const page = await open(t);
  await page.evaluate(async () => {
    const { Svertka } = await import(new URL('svertka.js', location.href).href);
    globalThis.reference = await Svertka.load({ worker: true });
    await reference.loadModel(await (await fetch('model/digits.json')).arrayBuffer());
  });
  await drawMouse(page, SEVEN);
  let before = null;
  for (const mode of ['max', 'avg', 'max']) {
    if (before) await page.click(`#pool-mode [data-value="${mode}"]`);
    const shown = await settle(page, { changedFrom: before && JSON.stringify(before) });
    const want = await page.evaluate(async (m) => {
      for (const layer of ['pool1', 'pool2']) await reference.setPooling(layer, m);
      const pad = document.querySelector('#draw');
      const r = await reference.predictDrawing(pad.getContext('2d').getImageData(0, 0, pad.width, pad.height));
      return [String(r.label), Array.from(r.values.subarray(r.layout.probs.offset, r.layout.probs.offset + r.layout.probs.length))];
    }, mode);
    assert.equal(shown[0], want[0], `${mode} pooling: the label`);
    shown[1].forEach((p, i) => assert.ok(Math.abs(p - want[1][i]) < 1e-6, `${mode} pooling: p(${i}) shown ${p}, engine ${want[1][i]}`));
    before = shown;
  }
  clean(page);
});

// Which engine reads the drawing: the seed network (2.2 M multiply-adds) on
// the page's copy, so no predictDrawing goes to the worker; the builder's
// VGG preset (about 9.7 M) in the worker alone, so the page never freezes
// on a dear network; and back on the copy when the seed network returns.
test('a cheap network reads the drawing on the page\'s thread, a dear one in the worker', async (t) => {
  const page = await newPage(site.browser, { viewport: DESKTOP });
  t.after(() => page.context().close());
  await page.addInitScript(() => {
    globalThis.workerDrawings = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message?.type === 'call' && message.method === 'predictDrawing') globalThis.workerDrawings++;
      return post.call(this, message, ...rest);
    };
  });
  await page.goto(site.server.url);
  await waitForEngine(page);
  // workerDrawings counts the worker's predictDrawing calls for one drawing.
  const workerDrawings = async () => {
    await page.locator('#clear').click();
    await settle(page);
    await page.evaluate(() => { globalThis.workerDrawings = 0; });
    await drawMouse(page, SEVEN);
    await settle(page);
    return page.evaluate(() => globalThis.workerDrawings);
  };
  // The copy is made after the network is on screen: until then the worker answers.
  const onThePage = async (what) => {
    for (let i = 0; i < 20; i++) {
      if (await workerDrawings() === 0) return;
      await sleep(250);
    }
    assert.fail(`${what}: the drawing never ran on the page's thread`);
  };
  await onThePage('the seed network');
  await page.selectOption('#builder-preset', 'vgg');
  await page.waitForFunction(() => document.querySelector('#builder-total')?.dataset.params === '204282');
  // The builder adopts its network after showing its table: from the first
  // drawing the worker reads, every one is the worker's.
  for (let i = 0; i < 20 && await workerDrawings() === 0; i++) await sleep(250);
  for (let i = 0; i < 3; i++) assert.ok(await workerDrawings() > 0, `VGG drawing ${i}: the worker reads it`);
  await page.selectOption('#builder-preset', 'seed');
  await page.waitForFunction(() => document.querySelector('#builder-total')?.dataset.params === '27000');
  await onThePage('the seed network again');
  clean(page);
});

test('clicking a feature map shows the five steps of the convolution on the drawing', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  await settle(page);

  const map = page.locator('.stage[data-layer="conv2"] .fmap').nth(4);
  await map.click();
  const inspector = page.locator('#inspector');
  await inspector.waitFor({ state: 'visible' });
  assert.match(await page.locator('#inspector-title').textContent(), /conv2.*5/);
  assert.equal(await map.getAttribute('aria-expanded'), 'true');
  // ① one 5×5 kernel per input map of pool1 and ② one 16×16 partial map each.
  assert.equal(await inspector.locator('.steps-row').count(), 10);
  const kernels = await canvasStats(page, '#inspector .steps-row canvas.kernel');
  assert.equal(kernels.length, 10);
  assert.ok(kernels.every((k) => k.width === 5 && k.height === 5 && k.painted === 25));
  const rows = await canvasStats(page, '#inspector .steps-row canvas:not(.kernel)');
  assert.equal(rows.length, 20, 'an input map and a partial map per row');
  assert.ok(rows.every((c) => c.width === 16 && c.height === 16 && c.painted === c.pixels));
  // ③ sum, ④ + bias, ⑤ activation.
  for (const step of ['sum', 'plus', 'act']) {
    const [c] = await canvasStats(page, `#inspector .px-wrap.big.${step} canvas`);
    assert.ok(c && c.width === 16 && c.height === 16 && c.painted === c.pixels, `step ${step}`);
  }
  // The page's own arithmetic for the selected cell (from the layer's
  // weights and pool1's activations) agrees with the engine's steps.
  const check = page.locator('#arith .arith-check');
  assert.equal(await check.getAttribute('data-agree'), 'true', await check.textContent());
  const head = await page.locator('#arith .arith-head').textContent();
  const [, y, x] = head.match(/\((\d+), (\d+)\)/).map(Number);

  // The selected cell moves with the arrow keys, and the arithmetic follows.
  await page.locator('#inspector .px-wrap.big.act canvas').focus();
  await page.keyboard.press(x < 15 ? 'ArrowRight' : 'ArrowLeft');
  const moved = await page.locator('#arith .arith-head').textContent();
  assert.ok(moved.includes(`(${y}, ${x < 15 ? x + 1 : x - 1})`), moved);
  assert.equal(await check.getAttribute('data-agree'), 'true');

  await page.keyboard.press('Escape');
  await inspector.waitFor({ state: 'hidden' });
  assert.equal(await map.evaluate((el) => el === document.activeElement), true, 'focus returns to the map');

  // A pooling map shows its window and the value it keeps.
  await page.locator('.stage[data-layer="pool1"] .fmap').nth(2).click();
  await inspector.waitFor({ state: 'visible' });
  const eq = await page.locator('#arith .arith-eq').textContent();
  const m = eq.match(/^max\((.+)\) = (.+)$/);
  assert.ok(m, eq);
  const num = (s) => Number(s.replace('−', '-'));
  const values = m[1].split(', ').map(num);
  assert.equal(values.length, 4, '2×2 window');
  assert.equal(num(m[2]), Math.max(...values));
  clean(page);
});

test('pointing at an output cell lights up its receptive field in the layer below', async (t) => {
  const page = await open(t);
  await drawMouse(page, SEVEN);
  await settle(page);

  // conv1 is 5×5 'same' on 32×32: cell (16, 16) reads rows and columns 14–18.
  const conv1 = page.locator('.stage[data-layer="conv1"] .fmap').nth(0);
  const b = await conv1.boundingBox();
  await page.mouse.move(b.x + (16.5 / 32) * b.width, b.y + (16.5 / 32) * b.height);
  const input = page.locator('.stage[data-layer="input"] .fmap');
  const rf = input.locator('.rf');
  await rf.waitFor({ state: 'visible' });
  const ib = await input.boundingBox();
  const r = await rf.boundingBox();
  const near = (a, e, what) => assert.ok(Math.abs(a - e) < 1.5, `${what}: ${a} vs ${e}`);
  near(r.x, ib.x + (14 / 32) * ib.width, 'left');
  near(r.y, ib.y + (14 / 32) * ib.height, 'top');
  near(r.width, (5 / 32) * ib.width, 'width');
  near(r.height, (5 / 32) * ib.height, 'height');
  assert.match(await page.locator('#readout').textContent(), /conv1.*\(16, 16\).*rows 14–18, columns 14–18/);

  // A pooling cell reads a 2×2 window of its own channel only.
  const pool = page.locator('.stage[data-layer="pool1"] .fmap').nth(3);
  const pb = await pool.boundingBox();
  await page.mouse.move(pb.x + (5.5 / 16) * pb.width, pb.y + (7.5 / 16) * pb.height);
  const conv1maps = page.locator('.stage[data-layer="conv1"] .fmap');
  await conv1maps.nth(3).locator('.rf').waitFor({ state: 'visible' });
  assert.equal(await page.locator('.stage[data-layer="conv1"] .rf:visible').count(), 1);
  const cb = await conv1maps.nth(3).boundingBox();
  const pr = await conv1maps.nth(3).locator('.rf').boundingBox();
  near(pr.y, cb.y + (14 / 32) * cb.height, 'pool window top');
  near(pr.x, cb.x + (10 / 32) * cb.width, 'pool window left');
  near(pr.width, (2 / 32) * cb.width, 'pool window width');
  assert.match(await page.locator('#readout').textContent(), /pool1.*\(7, 5\) = max\(/);

  // A conv2 cell reads the same window in all ten pool1 maps.
  const conv2 = page.locator('.stage[data-layer="conv2"] .fmap').nth(0);
  const c2 = await conv2.boundingBox();
  await page.mouse.move(c2.x + c2.width / 2, c2.y + c2.height / 2);
  await page.locator('.stage[data-layer="pool1"] .rf').first().waitFor({ state: 'visible' });
  assert.equal(await page.locator('.stage[data-layer="pool1"] .rf:visible').count(), 10);
  assert.match(await page.locator('#readout').textContent(), /Σ over 10 maps/);
  clean(page);
});

test('the language switch changes every text and is remembered', async (t) => {
  const page = await open(t);
  const title = page.locator('#draw-title');
  assert.match(await title.textContent(), /Draw a digit/);
  await page.click('.lang-switch [data-lang="ru"]');
  assert.match(await title.textContent(), /Нарисуйте цифру/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'ru');
  assert.match(await page.locator('.stage[data-layer="conv2"] .stage-params').textContent(), /параметр/);
  assert.match(await page.locator('#lab-title').textContent(), /Лаборатория/);

  // Remembered without the URL saying so.
  await page.goto(site.server.url);
  await waitForEngine(page);
  assert.match(await title.textContent(), /Нарисуйте цифру/);
  await page.click('.lang-switch [data-lang="en"]');
  assert.match(await title.textContent(), /Draw a digit/);

  // Both dictionaries have the same keys, the same placeholders, no empty text.
  const report = await page.evaluate(async () => {
    const { dictionaries } = await import('./js/i18n.js');
    const flat = (d) => Object.fromEntries(Object.entries(d).flatMap(([k, v]) => (typeof v === 'object'
      ? [[k, Object.values(v).join(' ')]] : [[k, v]])));
    const en = flat(dictionaries.en);
    const ru = flat(dictionaries.ru);
    const holes = (s) => [...new Set(s.match(/\{\w+\}/g) || [])].sort().join(',');
    return {
      onlyEn: Object.keys(en).filter((k) => !(k in ru)),
      onlyRu: Object.keys(ru).filter((k) => !(k in en)),
      placeholders: Object.keys(en).filter((k) => k in ru && holes(en[k]) !== holes(ru[k])),
      empty: Object.keys(en).filter((k) => !en[k].trim() || !(ru[k] || 'x').trim()),
      same: Object.keys(en).filter((k) => k in ru && en[k] === ru[k] && /[a-z]{4}/.test(en[k].replace(/\{\w+\}/g, ''))),
    };
  });
  assert.deepEqual(report.onlyEn, []);
  assert.deepEqual(report.onlyRu, []);
  assert.deepEqual(report.placeholders, []);
  assert.deepEqual(report.empty, []);
  assert.deepEqual(report.same, [], 'untranslated texts');
  // Every static text on the page has a key.
  const keys = await page.locator('[data-i18n]').evaluateAll((els) => els.map((e) => e.dataset.i18n));
  assert.ok(keys.length > 50);
  clean(page);
});

test('the URL holds the language, the pooling mode and the lab settings', async (t) => {
  const page = await open(t, '?lang=ru&pool=avg&scale=global&lk=box&lks=5x3&lp=1_2_0_3&ls=2x3&ld=1x2&lin=28');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.locator('#pool-mode [data-value="avg"]').getAttribute('aria-checked'), 'true');
  assert.equal(await page.locator('#scale-mode [data-value="global"]').getAttribute('aria-checked'), 'true');
  assert.match(await page.locator('.stage[data-layer="pool1"] .stage-class').textContent(), /AvgPool2D/);
  // lk=box is a link from before the lab took core's preset names: it still
  // selects the box blur, which the URL now spells box-blur.
  assert.equal(await page.locator('#lab-preset').inputValue(), 'box-blur');
  assert.equal(await page.locator('#lab-kh').inputValue(), '5');
  assert.equal(await page.locator('#lab-kw').inputValue(), '3');
  assert.equal(await page.locator('#lab-input').inputValue(), '28');
  assert.equal(await page.locator('#lab-pad [data-value="explicit"]').getAttribute('aria-checked'), 'true');
  assert.deepEqual(await Promise.all(['#lab-pt', '#lab-pb', '#lab-pl', '#lab-pr', '#lab-sh', '#lab-sw', '#lab-dh', '#lab-dw']
    .map((s) => page.locator(s).inputValue())), ['1', '2', '0', '3', '2', '3', '1', '2']);
  // 28 + 1 + 2 − 1·(5 − 1) − 1 = 26 → ⌊26/2⌋ + 1 = 14; 28 + 0 + 3 − 2·(3 − 1) − 1 = 26 → ⌊26/3⌋ + 1 = 9.
  const shape = page.locator('#lab-out-shape[data-h="14"][data-w="9"]');
  await shape.waitFor();

  await page.fill('#lab-sw', '4');
  await page.locator('#lab-out-shape[data-w="7"]').waitFor();
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('ls'), '2x4');
  assert.equal(q.get('lk'), 'box-blur');
  assert.equal(q.get('lang'), 'ru');
  assert.equal(q.get('pool'), 'avg');
  clean(page);
});

test('controls are reachable by keyboard, named, and show their focus', async (t) => {
  const page = await open(t);
  const unnamed = await page.locator('button, input, select, canvas[tabindex], a[href]').evaluateAll((els) => els
    .filter((el) => el.getClientRects().length > 0)
    .filter((el) => {
      const label = el.getAttribute('aria-label') || el.textContent.trim()
        || (el.labels && [...el.labels].map((l) => l.textContent.trim()).join(''))
        || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim());
      return !label;
    })
    .map((el) => el.outerHTML.slice(0, 120)));
  assert.deepEqual(unnamed, []);

  // Tab reaches the drawing controls; the focused one is visibly outlined.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'example');
  }
  assert.ok(reached, 'Tab reaches the Example button');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.press('Enter');
  await settle(page);
  assert.match(await prediction(page), /^[0-9]$/, 'the Example button draws a digit');

  // Feature maps: one tab stop per layer, arrow keys move, Enter opens.
  const maps = page.locator('.stage[data-layer="conv1"] .fmap');
  await maps.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await maps.nth(1).evaluate((el) => el === document.activeElement), true);
  assert.equal(await maps.nth(1).getAttribute('tabindex'), '0');
  assert.equal(await maps.nth(0).getAttribute('tabindex'), '-1');
  await page.keyboard.press('Enter');
  await page.locator('#inspector').waitFor({ state: 'visible' });
  assert.match(await page.locator('#inspector-title').textContent(), /conv1.*2/);
  clean(page);
});

test('a clear message when the engine cannot load', async (t) => {
  const page = await newPage(site.browser, { viewport: DESKTOP });
  t.after(() => page.context().close());
  await page.route('**/svertka.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(site.server.url);
  await page.locator('html[data-engine="error"]').waitFor({ state: 'attached' });
  const banner = page.locator('#engine-error');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.textContent(), /could not start.*svertka\.wasm.*404/s);
  assert.equal(await page.locator('#pad-loading').isVisible(), false, 'no endless spinner');
});
