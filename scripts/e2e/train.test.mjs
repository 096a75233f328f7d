// End-to-end tests of the Train view (train.html) in headless Chromium:
// short runs on part of MNIST (the ?n= setting: the first n training
// digits) raise the validation accuracy above chance and paint the charts,
// "watch it learn" and the test results; pause stops the step counter,
// "step one batch" trains exactly one, resume goes on, reset brings new
// weights; a diverging learning rate ends in "error" with a message and
// the weights before it; a trained model, used in the playground, reads
// drawn digits there and is still used after a reload, with the shipped
// model one click away; the page keeps drawing frames while training, and
// the playground predicts meanwhile; the phone layout works by touch. No
// console errors, only same-origin requests (harness.mjs). Screenshots of
// the view mid-run and finished, desktop and phone, go to build/screenshots.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newPage, screenshot, useSite, waitForEngine } from './harness.mjs';
import { canvasStats, drawMouse, prediction, settle, SEVEN } from './playground-lib.mjs';
import { drawStrokes, styles, e2eDrawings } from './strokes.mjs';
import { encodeSpec } from '../../site/js/netspec.js';

const site = useSite();
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// open opens train.html?query in a context of its own (or in context) and
// waits until MNIST and both engines are ready.
async function open(query, options = DESKTOP, context = null) {
  const page = context ? await context.newPage() : await newPage(site.browser, options);
  if (context) page.svertkaProblems = [];
  await page.goto(`${site.server.url}train.html${query}`);
  await until(page, 'idle', 90_000);
  return page;
}

const state = (page) => page.locator('#main').getAttribute('data-train-state');
const attr = (page, name) => page.locator(`[${name}]`).getAttribute(name);
const stepOf = async (page) => Number(await attr(page, 'data-train-step'));

// until waits for data-train-state to become one of states; a state
// outside them that cannot change (error, unless asked for) fails at once
// with the page's message.
async function until(page, states, timeout = 120_000) {
  const want = [states].flat();
  const deadline = Date.now() + timeout;
  for (;;) {
    const s = await state(page);
    if (want.includes(s)) return s;
    if (s === 'error' && !want.includes('error')) throw new Error(`the Train view stopped: ${await page.locator('#train-message').textContent()}`);
    if (Date.now() > deadline) throw new Error(`data-train-state is ${s} after ${timeout} ms, want ${want.join(' or ')}`);
    await sleep(100);
  }
}

// poll waits until check() returns a truthy value and returns it.
async function poll(what, check, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const tested = (page) => poll('the test accuracy', async () => {
  const v = await attr(page, 'data-test-acc');
  return v === '' ? null : Number(v);
}, 90_000);

// pixels reads the kernels of "watch it learn" as one string of their pixels.
const kernelPixels = (page) => page.locator('.watch-kernel').evaluateAll((cs) => cs.map((c) =>
  Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).join(',')).join('|'));

test('a short run raises validation accuracy above chance, paints the charts, the kernels, the maps and the test results', async (t) => {
  const page = await open('?n=2000&ep=1&val=0.2&bs=32');
  // The settings came from the link, and the link follows the settings.
  assert.equal(await page.locator('#train-n').inputValue(), '2000');
  assert.equal(await page.locator('#train-epochs').inputValue(), '1');
  await page.selectOption('#train-sched', 'constant');
  assert.match(page.url(), /[?&]sched=constant(&|$)/);
  const before = await kernelPixels(page);
  assert.ok(before.length > 0, 'the random kernels are drawn before training');

  await page.click('#train-start');
  await poll('a few steps', async () => (await stepOf(page)) >= 20);
  await screenshot(page, 'train-desktop-running', { fullPage: true });
  await until(page, 'done');
  const acc = await tested(page);
  const val = Number(await attr(page, 'data-val-acc'));
  t.diagnostic(`1 epoch of 1,600 digits: validation ${val}, test ${acc}`);
  assert.ok(val > 0.3, `validation accuracy ${val}, chance is 0.1`);
  assert.ok(acc > 0.3, `test accuracy ${acc}, chance is 0.1`);
  assert.equal(await attr(page, 'data-train-epoch'), '1');
  assert.equal(await stepOf(page), 50, '1,600 digits in batches of 32');

  // Charts: two uPlot canvases with ink, and the point count bounded.
  const charts = await canvasStats(page, '#train-charts canvas');
  assert.equal(charts.length, 2);
  for (const c of charts) assert.ok(c.colours > 3, `a chart canvas holds ${c.colours} colours`);
  const points = Number(await page.locator('#train-charts').getAttribute('data-points'));
  assert.ok(points > 2 && points <= 402, `${points} points drawn`);
  // The kernels changed, and the feature maps of the test digit are painted.
  assert.notEqual(await kernelPixels(page), before, 'training changed the kernels on screen');
  const maps = await canvasStats(page, '.watch-map');
  assert.equal(maps.length, 10, 'one map per conv1 filter');
  assert.ok(maps.filter((m) => m.colours > 4).length >= 5, `maps painted: ${JSON.stringify(maps.map((m) => m.colours))}`);
  // Results: a 10×10 matrix of the 10,000 test digits, and the mistakes.
  const cells = await page.locator('#confusion .cm-cell').evaluateAll((els) => els.map((e) => Number(e.dataset.count)));
  assert.equal(cells.length, 100);
  assert.equal(cells.reduce((a, b) => a + b, 0), 10000);
  const diagonal = cells.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  assert.equal(diagonal / 10000, acc, 'the diagonal is the test accuracy');
  const wrong = await page.locator('#mistakes li').evaluateAll((els) => els.map((e) => [e.dataset.label, e.dataset.predicted]));
  assert.equal(wrong.length, 12);
  for (const [label, predicted] of wrong) assert.notEqual(label, predicted);
  await screenshot(page, 'train-desktop-done', { fullPage: true });

  // A long run: 100,000 batches into a chart of its own keep at most 400
  // training points (and one per epoch), spread over the whole run.
  const long = await page.evaluate(async () => {
    const { ChartsView } = await import(new URL('js/train/charts.js', location.href).href);
    const root = document.createElement('div');
    root.innerHTML = '<div id="chart-loss"></div><div id="chart-acc"></div>';
    document.body.append(root);
    const view = new ChartsView(root);
    const canvases = root.querySelectorAll('canvas').length;
    for (let i = 1; i <= 100000; i++) {
      view.update({ batch: { x: i / 1000, loss: 1 / i, accuracy: 1 - 1 / i } });
      if (i % 1000 === 0) view.update({ epoch: { x: i / 1000, valLoss: 0.1, valAccuracy: 0.9 } });
    }
    const xs = view.data('loss')[0];
    const out = { train: view.train.length, val: view.val.length, first: xs[0], last: xs.at(-1), canvases, after: root.querySelectorAll('canvas').length };
    root.remove();
    return out;
  });
  assert.ok(long.train <= 400 && long.train > 100, `${long.train} training points kept of 100,000 batches`);
  assert.equal(long.val, 100);
  assert.ok(long.first < 1 && long.last === 100, `the points span the run: ${long.first} to ${long.last}`);
  assert.equal(long.after, long.canvases, 'no canvas added');
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});

test('while a run trains the page draws frames and the playground reads a drawing; pause stops the step counter, one step trains one batch, resume goes on, reset brings new weights (keyboard and mouse)', async (t) => {
  const page = await open('?n=20000&ep=1');
  const play = await newPage(site.browser);
  await play.goto(site.server.url);
  await waitForEngine(play);
  await page.locator('body').click({ position: { x: 5, y: 300 } }); // focus outside the form
  await page.keyboard.press('Shift+Enter');
  await until(page, 'running');
  await poll('training', async () => (await stepOf(page)) >= 3);

  // Frames of the Train view over two seconds of training, against the
  // batches trained meanwhile: a page blocked by training would draw at
  // most one frame between batches.
  const before = await stepOf(page);
  const { frames, longest } = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    let last = performance.now();
    let longest = 0;
    const end = last + 2000;
    const tick = (now) => {
      n++;
      longest = Math.max(longest, now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else resolve({ frames: n, longest });
    };
    requestAnimationFrame(tick);
  }));
  const s0 = await stepOf(page);
  const batches = s0 - before;
  // A person draws in the playground, in another tab, meanwhile.
  await drawMouse(play, SEVEN);
  const answer = await settle(play);
  const s1 = await stepOf(page);
  t.diagnostic(`Train view: ${frames} frames in 2 s of training (${batches} batches), longest gap ${longest.toFixed(0)} ms; ` +
    `the playground answered ${answer[0]} while the run went from step ${s0} to ${s1}`);
  assert.ok(batches > 0 && frames > 2 * batches + 2, `the Train view drew ${frames} frames while ${batches} batches trained`);
  assert.ok(answer[0] !== null && answer[0] !== '', 'the playground read the drawing');
  assert.ok(s1 > s0, 'training went on meanwhile');
  assert.equal(await prediction(play), answer[0]);
  assert.deepEqual(play.svertkaProblems, []);
  await play.context().close();

  await page.keyboard.press('Space');
  await until(page, 'paused');
  const at = await stepOf(page);
  await sleep(1500);
  assert.equal(await stepOf(page), at, 'no step while paused');
  await page.keyboard.press('.');
  await poll('one step', async () => (await stepOf(page)) !== at, 20_000);
  await sleep(500);
  assert.equal(await stepOf(page), at + 1, 'step one batch trained exactly one');
  await page.click('#train-step');
  await poll('another step', async () => (await stepOf(page)) === at + 2, 20_000);
  assert.equal(await state(page), 'paused');
  await page.click('#train-pause'); // now "Resume"
  await until(page, 'running');
  await poll('training resumed', async () => (await stepOf(page)) >= at + 5);

  const trained = await kernelPixels(page);
  await page.click('#train-reset');
  await until(page, 'idle');
  assert.equal(await stepOf(page), 0);
  assert.equal(await attr(page, 'data-val-acc'), '');
  assert.equal(await attr(page, 'data-test-acc'), '');
  const fresh = await poll('new kernels', async () => {
    const k = await kernelPixels(page);
    return k !== trained ? k : null;
  });
  await page.click('#train-reset');
  await poll('other new kernels', async () => (await kernelPixels(page)) !== fresh, 20_000);
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});

test('a diverging learning rate ends in error with a message, keeping the weights from before it', async () => {
  const page = await open('?n=5000&ep=1&opt=sgd&lr=1000&sched=constant');
  await page.click('#train-start');
  await until(page, 'error', 120_000);
  const message = await page.locator('#train-message').textContent();
  assert.match(message, /Training stopped: the loss exploded to \d\.\d\de\+\d+ at step \d+ \(learning rate 1000\)/);
  assert.match(message, /weights from before the failing step are kept/);
  assert.equal(await page.locator('#train-message').isVisible(), true);
  // The kept weights are finite: they score on the test digits and their
  // kernels are drawn.
  const acc = await tested(page);
  assert.ok(acc >= 0 && acc <= 1);
  assert.ok((await kernelPixels(page)).length > 0);
  assert.equal(await state(page), 'error');
  // A smaller rate trains from new weights: the message goes.
  await page.fill('#train-lr', '0.01');
  await page.click('#train-reset');
  // The state stays "error" until the new weights are there.
  await poll('the reset', async () => (await state(page)) === 'idle');
  assert.equal(await page.locator('#train-message').isVisible(), false);

  // A network of one's own, as the builder links it, is offered and built.
  const spec = encodeSpec({ inputShape: [28, 28, 1], layers: [
    { class_name: 'Conv2D', config: { filters: 4, kernel_size: [3, 3], activation: 'relu' } },
    { class_name: 'MaxPooling2D', config: { pool_size: [2, 2] } },
    { class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 10 } }, { class_name: 'Softmax', config: {} },
  ] });
  await page.goto(`${site.server.url}train.html?n=2000&spec=${spec}`);
  await until(page, 'idle', 90_000);
  assert.equal(await page.locator('#train-net').inputValue(), 'custom');
  assert.match(await page.locator('#train-net-hint').textContent(), /^5 layers, 6,810 weights/);
  assert.equal(await page.locator('.watch-kernel').count(), 4, 'its first layer has 4 filters');
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});

test('a trained model, used in the playground, reads drawn digits there, survives a reload and the shipped model is one click back', async (t) => {
  const page = await open('?n=5000&ep=1&bs=32');
  const context = page.context();
  await page.click('#train-start');
  await until(page, 'done', 180_000);
  const acc = await tested(page);
  await page.fill('#train-name', 'e2e model');
  await page.click('#train-use');
  await poll('the saved model in the list', async () => (await page.locator('#model-list li.active').textContent()).includes('e2e model'));
  // A second one kept, named, then deleted.
  await page.fill('#train-name', 'second');
  await page.click('#train-save');
  await poll('two models kept', async () => (await page.locator('#model-list li').count()) === 3);
  await page.locator('#model-list li', { hasText: 'second' }).locator('.model-delete').click();
  await poll('one model kept', async () => (await page.locator('#model-list li').count()) === 2);

  const play = await context.newPage();
  play.svertkaProblems = [];
  play.on('console', (msg) => { if (msg.type() === 'error') play.svertkaProblems.push(msg.text()); });
  await play.goto(site.server.url);
  await waitForEngine(play);
  assert.equal(await play.locator('html').getAttribute('data-model'), 'mine');
  assert.match(await play.locator('#model-note').textContent(), /e2e model/);
  // One drawing of every digit, in one style.
  const drawings = e2eDrawings().filter((d) => d.name.endsWith(styles[0].name));
  let right = 0;
  const got = [];
  for (const d of drawings) {
    await play.click('#clear');
    await drawStrokes(play, play.locator('canvas#draw'), d.strokes);
    const answer = (await settle(play))[0];
    got.push(`${d.digit}→${answer}`);
    if (answer === String(d.digit)) right++;
  }
  t.diagnostic(`the model trained here (test accuracy ${acc}) read ${right} of ${drawings.length} drawings: ${got.join(' ')}`);
  assert.ok(right >= 5, `only ${right} of ${drawings.length} drawn digits read right: ${got.join(' ')}`);
  await screenshot(play, 'train-model-in-playground');

  await play.reload();
  await waitForEngine(play);
  assert.equal(await play.locator('html').getAttribute('data-model'), 'mine', 'the model survives a reload');
  // The button reloads the page once the store forgets the choice; the
  // page being left still says 'mine' and has its engine ready, so wait
  // for the new page's answer rather than a load state it already has.
  await Promise.all([play.waitForEvent('framenavigated'), play.click('#use-shipped')]);
  await play.locator('html[data-model="shipped"]').waitFor();
  await waitForEngine(play);
  assert.equal(await play.locator('#model-note').isHidden(), true);
  // The Train view, opened from the playground's navigation, watches the
  // person's drawing too.
  await drawMouse(play, SEVEN);
  await settle(play);
  await play.click('.topnav a[href="train.html"]');
  await until(play, 'idle', 90_000);
  assert.deepEqual(await play.locator('.watch-digit figcaption').allTextContents(), ['a test digit', 'your drawing']);
  const drawn = await canvasStats(play, '.watch-digit canvas');
  assert.ok(drawn.every((c) => c.colours > 2), 'both digits are drawn');
  assert.deepEqual([...page.svertkaProblems, ...play.svertkaProblems], []);
  await context.close();
});

test('phone: the view fits 390 px, trains by touch and shows its results', async () => {
  const page = await open('?n=2000&ep=1&val=0.2', PHONE);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await overflow(), 0, 'no sideways scrolling');
  await page.tap('#train-start');
  await poll('a few steps', async () => (await stepOf(page)) >= 5);
  await screenshot(page, 'train-phone-running');
  await until(page, 'done');
  await tested(page);
  assert.equal(await overflow(), 0, 'no sideways scrolling with the results shown');
  await screenshot(page, 'train-phone-done', { fullPage: true });
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});
