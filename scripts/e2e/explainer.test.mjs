// End-to-end test of the animated explainer (explainer.html + explainer.wasm
// in its iframe). The numbers the page describes are checked twice, from the
// input and kernel the program exposes (svertkaExplainer.snapshot()):
// against core's result, computed by the playground's engine (svertka.wasm,
// nn.conv2d and nn.conv2dSteps) in another page of the site, and against a
// convolution and pooling computed here, in plain JavaScript, with
// TensorFlow's padding rule written out again below.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, inflateSync } from 'node:zlib';
import { newPage, screenshot, useSite } from './harness.mjs';

const site = useSite();

// ---------- independent arithmetic ----------

// axis returns [padBefore, out] along one axis, by Keras/TF rules.
function axis(inp, k, s, d, padding, before = 0, afterPad = 0) {
  const eff = (k - 1) * d + 1;
  if (padding === 'same') {
    const out = Math.ceil(inp / s);
    const total = Math.max((out - 1) * s + eff - inp, 0);
    return [Math.floor(total / 2), out];
  }
  if (padding === 'valid') return [0, Math.floor((inp - eff) / s) + 1];
  return [before, Math.floor((inp + before + afterPad - eff) / s) + 1];
}

// convAt is output cell (r, c) of filter f: Σ input × kernel over the
// window, + bias, then ReLU for the rgb scene.
function convAt(snap, r, c, f = 0) {
  const [H, W, C] = snap.input.shape;
  const { window: k, stride: s, dilation: d } = snap;
  const [pt] = axis(H, k, s, d, snap.padding, snap.pad[0], snap.pad[1]);
  const [pl] = axis(W, k, s, d, snap.padding, snap.pad[2], snap.pad[3]);
  const kernel = snap.kernels[f];
  let sum = 0;
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      const y = r * s + ky * d - pt;
      const x = c * s + kx * d - pl;
      if (y < 0 || y >= H || x < 0 || x >= W) continue;
      for (let ch = 0; ch < C; ch++) sum += snap.input.data[(y * W + x) * C + ch] * kernel[(ky * k + kx) * C + ch];
    }
  }
  return sum;
}

// poolAt is output cell (r, c) of max/min/avg pooling; padding never counts.
function poolAt(snap, r, c) {
  const [H, W] = snap.input.shape;
  const { window: k, stride: s } = snap;
  const [pt] = axis(H, k, s, 1, snap.padding);
  const [pl] = axis(W, k, s, 1, snap.padding);
  const vals = [];
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      const y = r * s + ky - pt;
      const x = c * s + kx - pl;
      if (y >= 0 && y < H && x >= 0 && x < W) vals.push(snap.input.data[y * W + x]);
    }
  }
  if (snap.mode === 'max') return Math.max(...vals);
  if (snap.mode === 'min') return Math.min(...vals);
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}

// number reads a described number: typographic minus, decimal point or comma.
const number = (s) => Number(s.replace('−', '-').replace(',', '.'));

// assertClose allows for the rounding to two decimals of each of the
// described numbers that went into described.
function assertClose(described, expected, what, roundings = 1) {
  assert.ok(Math.abs(described - expected) <= 0.005 * roundings + 1e-6, `${what}: described ${described}, computed ${expected}`);
}

// ---------- core, through the playground's engine ----------

// openEngine opens a page of the site that loads svertka.js (bench.html,
// measuring only its cold start) and starts an engine of our own in it as
// globalThis.nn. Playwright's evaluate is not subject to the page's CSP.
async function openEngine() {
  const page = await newPage(site.browser);
  await page.goto(`${site.server.url}bench.html?quick`);
  const html = page.locator('html[data-bench="done"], html[data-bench="error"]');
  await html.waitFor({ state: 'attached', timeout: 60_000 });
  await page.evaluate(async () => {
    globalThis.nn = await globalThis.Svertka.load({});
  });
  return page;
}

// coreConv runs the explainer's convolution (every filter of the snapshot,
// its biases, then activation) through core: nn.conv2d for the output and
// nn.conv2dSteps for filter 0's partial maps, sum and sum + bias.
// It returns plain arrays: { shape, data, partials, sum, plusBias, activated }.
async function coreConv(engine, snap, activation) {
  const [, , C] = snap.input.shape;
  const k = snap.window;
  const F = snap.kernels.length;
  // The snapshot's kernels are [K, K, C] per filter; core's are HWIO [K, K, C, F].
  const kernel = new Array(k * k * C * F);
  snap.kernels.forEach((w, f) => w.forEach((v, i) => { kernel[i * F + f] = v; }));
  const options = {
    input: snap.input.data, shape: snap.input.shape, kernel, kernelShape: [k, k, C, F], bias: snap.bias,
    strides: snap.stride, dilation: snap.dilation, activation,
    padding: snap.padding === 'explicit' ? [[snap.pad[0], snap.pad[1]], [snap.pad[2], snap.pad[3]]] : snap.padding,
  };
  return engine.evaluate(async (o) => {
    const f32 = (a) => new Float32Array(a);
    const args = { ...o, input: f32(o.input), kernel: f32(o.kernel), bias: f32(o.bias) };
    const out = await nn.conv2d(args);
    const steps = await nn.conv2dSteps({ ...args, filter: 0 });
    const plain = (t) => Array.from(t.data);
    return {
      shape: out.shape, data: plain(out), partials: steps.partials.map(plain),
      sum: plain(steps.sum), plusBias: plain(steps.plusBias), activated: plain(steps.activated),
    };
  }, options);
}

// ---------- page helpers ----------

async function openExplainer(query, options) {
  const page = await newPage(site.browser, options);
  await page.goto(`${site.server.url}explainer.html${query}`);
  const html = page.locator('html[data-explainer="ready"], html[data-explainer="error"]');
  await html.waitFor({ state: 'attached', timeout: 90_000 });
  assert.equal(await html.getAttribute('data-explainer'), 'ready', await page.locator('body').innerText());
  return page;
}

async function snapshot(page) {
  const frame = page.frames().find((f) => f.url().endsWith('/explainer-frame.html'));
  return JSON.parse(await frame.evaluate(() => globalThis.svertkaExplainer.snapshot()));
}

// atStep waits until the live region describes step n (1-based) of total.
async function atStep(page, n, total) {
  await page.locator('#counter', { hasText: `Step ${n} of ${total}.` }).waitFor({ timeout: 20_000 });
  return page.locator('#describe-text').innerText();
}

const CELL = /^Output cell \((\d+), (\d+)\) = (−?\d+\.\d\d): the sum of (\d+) products input × kernel over rows (\d+)–(\d+), columns (\d+)–(\d+) of the padded input/;

// ---------- tests ----------

test('stride-2 same convolution: described size and values match an independent computation', async () => {
  const page = await openExplainer('?kernel=sobel-x&ksize=3&padding=same&stride=2&res=16&input=shapes&step=0');
  const snap = await snapshot(page);
  // The kernel is the textbook Sobel x.
  assert.deepEqual(snap.kernels[0], [-1, 0, 1, -2, 0, 2, -1, 0, 1]);
  assert.deepEqual(snap.input.shape, [16, 16, 1]);
  const [pt, oh] = axis(16, 3, 2, 1, 'same');
  const [pl, ow] = axis(16, 3, 2, 1, 'same');
  assert.deepEqual([pt, pl, oh, ow], [0, 0, 8, 8]); // TF puts the odd padding cell after
  const total = 1 + oh * ow;
  // core's result for the same input, kernel and settings.
  const engine = await openEngine();
  const core = await coreConv(engine, snap, 'linear');
  assert.deepEqual(core.shape, [oh, ow, 1]);
  // On this scene a cell is the sum of the products; core's sum must agree
  // with the JavaScript one everywhere.
  const coreAt = (r, c) => core.sum[r * ow + c];
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) assert.ok(Math.abs(coreAt(r, c) - convAt(snap, r, c)) < 1e-4, `core and JS disagree at (${r}, ${c})`);
  }

  const intro = await atStep(page, 1, total);
  const size = intro.match(/gives output size (\d+) × (\d+)\./);
  assert.ok(size, intro);
  assert.deepEqual(size.slice(1).map(Number), core.shape.slice(0, 2), 'described output size vs core');
  assert.match(intro, new RegExp(`gives output size ${oh} × ${ow}\\.`));
  assert.match(intro, /same padding \(top 0, bottom 1, left 0, right 1;/);
  assert.match(await page.locator('#formula').innerText(), /^Output height = floor\(\(16 \+ 1 − 3\)\/2\) \+ 1 = 8; width = floor\(\(16 \+ 1 − 3\)\/2\) \+ 1 = 8$/);
  await screenshot(page, 'explainer-conv-step0');

  // Step forward with the button through the first row and into the second.
  for (let i = 1; i <= ow + 2; i++) {
    await page.click('#forward');
    const text = await atStep(page, i + 1, total);
    const m = text.match(CELL);
    assert.ok(m, `step ${i + 1}: unexpected description ${JSON.stringify(text)}`);
    const [r, c] = [Number(m[1]), Number(m[2])];
    assert.deepEqual([r, c], [Math.floor((i - 1) / ow), (i - 1) % ow], `step ${i + 1} writes the wrong cell`);
    assert.deepEqual(m.slice(5, 9).map(Number), [2 * r, 2 * r + 2, 2 * c, 2 * c + 2], 'window rows and columns');
    assertClose(number(m[3]), coreAt(r, c), `cell (${r}, ${c}) vs core`);
    assertClose(number(m[3]), convAt(snap, r, c), `cell (${r}, ${c})`);
    if (i === 3) await screenshot(page, 'explainer-conv-step3');
  }
  // The canvas is drawn: the hatched padding and the yellow window frame
  // are on the stage.
  const stage = decodePNG(await page.locator('#stage').screenshot());
  assert.ok(countColour(stage, [0xdd, 0xd6, 0xec]) > 500, 'no padding cells on the stage');
  assert.ok(countColour(stage, [0xff, 0xc4, 0x00]) > 100, 'no window frame on the stage');

  // The keyboard works on the page: End jumps to the last cell.
  await page.locator('#stage-title').focus();
  await page.keyboard.press('End');
  const last = (await atStep(page, total, total)).match(CELL);
  assert.deepEqual([Number(last[1]), Number(last[2])], [oh - 1, ow - 1]);
  assertClose(number(last[3]), coreAt(oh - 1, ow - 1), 'last cell vs core');
  assertClose(number(last[3]), convAt(snap, oh - 1, ow - 1), 'last cell');
  await screenshot(page, 'explainer-conv-last');
  // The paused step is in the URL, so the link shows exactly this.
  assert.match(page.url(), new RegExp(`[?&]step=${total - 1}(&|$)`));
  assert.match(page.url(), /[?&]stride=2(&|$)/);

  // In the canvas the program reads the keys itself. Each press here goes
  // down and up at once, between two frames: every one must count.
  await page.frameLocator('#stage').locator('canvas').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  const back = (await atStep(page, total - 3, total)).match(CELL);
  assert.deepEqual([Number(back[1]), Number(back[2])], [oh - 1, ow - 4]);
  await page.keyboard.press('End');
  await atStep(page, total, total);

  // Russian: the same step, in Russian, with a decimal comma.
  await page.click('.lang-switch [data-lang="ru"]');
  await page.locator('#counter', { hasText: `Шаг ${total} из ${total}.` }).waitFor();
  const ru = await page.locator('#describe-text').innerText();
  assert.match(ru, new RegExp(`^Выходная клетка \\(${oh - 1}, ${ow - 1}\\) = ${last[3].replace('.', ',')}:`));
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.evaluate(() => localStorage.getItem('svertka.lang')), 'ru');
  await page.click('.lang-switch [data-lang="en"]');

  // An impossible setting is explained, and the next one works.
  await page.selectOption('#padding', 'valid');
  await page.selectOption('#res', '8');
  await page.selectOption('#ksize', '7');
  await page.selectOption('#dilation', '2');
  const error = page.locator('#setting-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.innerText(), /^output height floor\(\(8 \+ 0 − 2·\(7 − 1\) − 1\)\/2\) \+ 1 = −2 ≤ 0/);
  await page.selectOption('#dilation', '1');
  await error.waitFor({ state: 'hidden' });
  assert.match(await page.locator('#formula').innerText(), /= 1; width = .* = 1$/);

  assert.deepEqual(page.svertkaProblems, []);
  assert.deepEqual(engine.svertkaProblems, []);
});

test('multichannel and pooling scenes: described numbers match', async () => {
  const page = await openExplainer('?scene=rgb&input=shapes&res=8&stride=2&step=3');
  let snap = await snapshot(page);
  assert.deepEqual(snap.input.shape, [8, 8, 3]);
  const total = 1 + 2 * (16 + 3);
  const text = await atStep(page, 4, total);
  const m = text.match(/^Filter 1, output cell \((\d+), (\d+)\): red channel (\S+), green (\S+), blue (\S+), each .* together (\S+)\.$/);
  assert.ok(m, text);
  const [r, c] = [Number(m[1]), Number(m[2])];
  assert.deepEqual([r, c], [0, 2]);
  assertClose(number(m[3]) + number(m[4]) + number(m[5]), convAt(snap, r, c), 'sum of the partials', 3);
  assertClose(number(m[6]), convAt(snap, r, c), 'together');
  // The same numbers from core: each channel's partial, their sum.
  const engine = await openEngine();
  const core = await coreConv(engine, snap, 'relu');
  assert.deepEqual(core.shape, [4, 4, 2]); // "output channel 1 of 2 (4 × 4)" below
  assert.equal(core.partials.length, 3);
  const at = (map, row, col) => map[row * 4 + col];
  core.partials.forEach((p, ch) => assertClose(number(m[3 + ch]), at(p, r, c), `channel ${ch} partial vs core`));
  assertClose(number(m[6]), at(core.sum, r, c), 'together vs core');
  await screenshot(page, 'explainer-rgb-cell');

  // The sum, bias and activation steps of filter 1 follow its 16 cells.
  await page.locator('#seek').fill(String(1 + 16 + 2));
  const act = await atStep(page, 1 + 16 + 3, total);
  const a = act.match(/^Filter 1: ReLU .* output channel 1 of 2 \(4 × 4\) is done; at cell \((\d+), (\d+)\): ReLU\((\S+)\) = (\S+)\.$/);
  assert.ok(a, act);
  const pre = convAt(snap, Number(a[1]), Number(a[2])) + snap.bias[0];
  assertClose(number(a[3]), pre, 'sum + bias');
  assertClose(number(a[4]), Math.max(pre, 0), 'ReLU');
  const [ar, ac] = [Number(a[1]), Number(a[2])];
  assertClose(number(a[3]), at(core.plusBias, ar, ac), 'sum + bias vs core');
  assertClose(number(a[4]), at(core.activated, ar, ac), 'ReLU vs core');
  assertClose(number(a[4]), core.data[(ar * 4 + ac) * 2], 'ReLU vs core conv2d, channel 0');
  await screenshot(page, 'explainer-rgb-activation');

  // Pooling, switched with the controls: average pooling, same padding.
  await page.click('#scene [data-scene="pool"]');
  await page.click('#mode [data-mode="avg"]');
  await page.selectOption('#res', '12');
  await page.selectOption('#size', '3');
  await page.selectOption('#padding', 'same');
  await page.selectOption('#stride', '0'); // Keras: the pool size
  await page.locator('#describe-text', { hasText: 'A 3 × 3 average pooling window with stride 3 gives output size 4 × 4' }).waitFor();
  snap = await snapshot(page);
  assert.equal(snap.mode, 'avg');
  const pooled = await engine.evaluate(async (o) => Array.from((await nn.pool2d({ ...o, input: new Float32Array(o.input) })).data),
    { input: snap.input.data, shape: snap.input.shape, mode: snap.mode, size: snap.window, strides: snap.stride, padding: snap.padding });
  assert.equal(pooled.length, 4 * 4 * snap.input.shape[2]);
  for (let i = 1; i <= 5; i++) {
    await page.click('#forward');
    const d = await atStep(page, i + 1, 17);
    const p = d.match(/^Output cell \((\d+), (\d+)\) = (\S+): the average of the (\d+) real cells/);
    assert.ok(p, d);
    assertClose(number(p[3]), poolAt(snap, Number(p[1]), Number(p[2])), `pooled cell (${p[1]}, ${p[2]})`);
    assertClose(number(p[3]), pooled[(Number(p[1]) * 4 + Number(p[2])) * snap.input.shape[2]], `pooled cell (${p[1]}, ${p[2]}) vs core`);
  }
  await screenshot(page, 'explainer-pool-avg');
  assert.deepEqual(page.svertkaProblems, []);
  assert.deepEqual(engine.svertkaProblems, []);
});

test('the playground drawing and an uploaded image are the inputs', async () => {
  // A 32×32 "drawing": a bright square at rows 8–15, columns 16–23.
  const drawing = Array.from({ length: 32 * 32 }, (_, i) => {
    const [y, x] = [Math.floor(i / 32), i % 32];
    return y >= 8 && y < 16 && x >= 16 && x < 24 ? 1 : 0.25 * ((x + y) % 2);
  });
  const page = await newPage(site.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.addInitScript((doc) => sessionStorage.setItem('svertka.drawing', doc), JSON.stringify(drawing));
  await page.goto(`${site.server.url}explainer.html?input=drawing&scene=pool&step=0`);
  await page.locator('html[data-explainer="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
  const snap = await snapshot(page);
  assert.equal(await page.locator('#input').inputValue(), 'drawing');
  // Reduced to 16×16 by averaging 2×2 blocks (after 8-bit quantisation).
  assert.deepEqual(snap.input.shape, [16, 16, 1]);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      let want = 0;
      for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) want += Math.round(255 * drawing[(2 * y + dy) * 32 + 2 * x + dx]) / 255 / 4;
      assert.ok(Math.abs(snap.input.data[y * 16 + x] - want) < 1e-6, `input (${y}, ${x}) = ${snap.input.data[y * 16 + x]}, want ${want}`);
    }
  }
  // The link carries the drawing, so it works in a new tab too.
  assert.match(page.url(), /[?&]drawing=[A-Za-z0-9_-]{300,}/);
  await screenshot(page, 'explainer-phone-drawing');

  // Upload: a 4×2 PNG, left half red, right half blue, cropped to its
  // centred 2×2 square and averaged down to 8×8 cells.
  await page.selectOption('#res', '8');
  await page.setInputFiles('#file', { name: 'two.png', mimeType: 'image/png', buffer: png(4, 2, (x) => (x < 2 ? [255, 0, 0] : [0, 0, 255])) });
  await page.locator('#input option[value="upload"]:checked').waitFor({ state: 'attached' });
  const up = await snapshot(page);
  assert.deepEqual(up.input.shape, [8, 8, 1]);
  // Grey levels by Rec. 601 luma: red 0.299, blue 0.114; the left half is red.
  assert.ok(Math.abs(up.input.data[0] - 0.299) < 0.02, `left ${up.input.data[0]}`);
  assert.ok(Math.abs(up.input.data[7] - 0.114) < 0.02, `right ${up.input.data[7]}`);
  assert.deepEqual(page.svertkaProblems, []);
});

// decodePNG decodes an 8-bit, non-interlaced RGB or RGBA PNG (as Chromium's
// screenshots are) into { width, height, channels, data }.
function decodePNG(buf) {
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  assert.equal(buf[24], 8, 'bit depth');
  const channels = { 2: 3, 6: 4 }[buf[25]];
  assert.ok(channels && buf[28] === 0, 'colour type and interlace');
  const idat = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += len + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= channels ? data[y * stride + i - channels] : 0;
      const b = y > 0 ? data[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? data[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      data[y * stride + i] = (x + [0, a, b, (a + b) >> 1, paeth][filter]) & 0xff;
    }
  }
  return { width, height, channels, data };
}

// countColour counts the pixels within 3 levels of rgb.
function countColour(img, rgb) {
  let n = 0;
  for (let i = 0; i < img.data.length; i += img.channels) {
    if (rgb.every((v, k) => Math.abs(img.data[i + k] - v) <= 3)) n++;
  }
  return n;
}

// png encodes a w×h RGB image (pixel(x, y) → [r, g, b]).
function png(w, h, pixel) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.set(pixel(x, y), y * (w * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
