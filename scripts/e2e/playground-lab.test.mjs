// The convolution lab of the playground: the output size follows the
// formula for any kernel size, padding, stride and dilation (the expected
// sizes are worked out here, independently of the page and the engine), the
// formula is shown with the current numbers, and impossible or invalid
// settings are explained instead of silently refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot, useSite } from './harness.mjs';
import { SEVEN, canvasStats, drawMouse, settle, until } from './playground-lib.mjs';

const site = useSite({
  page: { viewport: { width: 1440, height: 900 } },
  async prepare(page) {
    await drawMouse(page, SEVEN);
    await settle(page);
    await page.locator('#lab').scrollIntoViewIfNeeded();
  },
});

// The output size along one axis: ⌊(n + before + after − d·(k − 1) − 1) / s⌋ + 1,
// and for 'same' ⌈n / s⌉ (TensorFlow pads just enough for that).
function expected(n, k, s, d, padding, before = 0, after = 0) {
  if (padding === 'same') return { out: Math.ceil(n / s) };
  const numer = n + before + after - d * (k - 1) - 1;
  return { out: Math.floor(numer / s) + 1, numer };
}

async function apply(settings) {
  const { input, kh, kw, padding, pads = [0, 0, 0, 0], sh, sw, dh, dw } = settings;
  await site.page.selectOption('#lab-input', String(input));
  await site.page.click(`#lab-pad [data-value="${padding}"]`);
  if (padding === 'explicit') {
    for (const [sel, v] of [['#lab-pt', pads[0]], ['#lab-pb', pads[1]], ['#lab-pl', pads[2]], ['#lab-pr', pads[3]]]) {
      await site.page.fill(sel, String(v));
    }
  }
  for (const [sel, v] of [['#lab-kh', kh], ['#lab-kw', kw], ['#lab-sh', sh], ['#lab-sw', sw], ['#lab-dh', dh], ['#lab-dw', dw]]) {
    await site.page.fill(sel, String(v));
  }
}

const table = [
  { input: 32, kh: 3, kw: 3, padding: 'valid', sh: 1, sw: 1, dh: 1, dw: 1 },
  { input: 32, kh: 5, kw: 3, padding: 'valid', sh: 2, sw: 3, dh: 1, dw: 1 },
  { input: 28, kh: 3, kw: 3, padding: 'same', sh: 3, sw: 2, dh: 1, dw: 1 },
  { input: 32, kh: 3, kw: 3, padding: 'valid', sh: 1, sw: 1, dh: 2, dw: 3 },
  { input: 28, kh: 4, kw: 2, padding: 'explicit', pads: [1, 2, 0, 3], sh: 3, sw: 2, dh: 2, dw: 1 },
  { input: 32, kh: 7, kw: 7, padding: 'same', sh: 2, sw: 2, dh: 2, dw: 2 },
  { input: 28, kh: 2, kw: 2, padding: 'valid', sh: 5, sw: 4, dh: 1, dw: 1 },
  { input: 28, kh: 6, kw: 1, padding: 'explicit', pads: [0, 5, 2, 2], sh: 4, sw: 3, dh: 3, dw: 1 },
  { input: 32, kh: 1, kw: 9, padding: 'same', sh: 1, sw: 5, dh: 1, dw: 4 },
];

for (const s of table) {
  const label = `${s.input}×${s.input}, kernel ${s.kh}×${s.kw}, ${s.padding}${s.pads ? ` [${s.pads}]` : ''}, stride ${s.sh}×${s.sw}, dilation ${s.dh}×${s.dw}`;
  test(`output size follows the formula: ${label}`, async () => {
    await apply(s);
    const h = expected(s.input, s.kh, s.sh, s.dh, s.padding, s.pads?.[0], s.pads?.[1]);
    const w = expected(s.input, s.kw, s.sw, s.dw, s.padding, s.pads?.[2], s.pads?.[3]);
    const shape = site.page.locator(`#lab-out-shape[data-h="${h.out}"][data-w="${w.out}"]`);
    await shape.waitFor({ timeout: 5000 });
    assert.equal(await shape.textContent(), `${h.out}×${w.out}`);
    assert.equal(await site.page.locator('#lab-error').isVisible(), false);

    const [out] = await canvasStats(site.page, '#lab-out');
    assert.equal(out.width, w.out);
    assert.equal(out.height, h.out);
    assert.equal(out.painted, out.pixels);

    // The formula is filled in with these numbers, floor included.
    for (const [axis, e, stride] of [['height', h, s.sh], ['width', w, s.sw]]) {
      const block = site.page.locator(`#lab-formula .formula-axis[data-axis="${axis}"]`);
      assert.equal(await block.getAttribute('data-out'), String(e.out));
      const text = (await block.textContent()).replace(/−/g, '-');
      if (e.numer !== undefined) {
        assert.ok(text.includes(`⌊${e.numer} / ${stride}⌋ + 1`), `${axis}: ${text}`);
        const uneven = e.numer % stride !== 0;
        assert.equal(/remainder/.test(text), uneven, `${axis}: the floor is explained when ${e.numer} / ${stride} is not whole`);
      }
      assert.ok(text.endsWith(`= ${e.out}`) || text.includes(`= ${e.out}`), `${axis}: ${text}`);
    }
    if (s.padding === 'same') assert.match(await site.page.locator('#lab-formula').textContent(), /“same” pads just enough/);
  });
}

test('the lab is driven by the drawing and shows the padding around it', async () => {
  await apply({ input: 32, kh: 3, kw: 3, padding: 'explicit', pads: [2, 1, 3, 0], sh: 1, sw: 1, dh: 1, dw: 1 });
  await site.page.locator('#lab-out-shape[data-h="33"][data-w="33"]').waitFor();
  const [padded] = await canvasStats(site.page, '#lab-in');
  assert.equal(padded.height, 32 + 2 + 1);
  assert.equal(padded.width, 32 + 3 + 0);
  const [out] = await canvasStats(site.page, '#lab-out');
  assert.ok(out.colours > 2, 'the output shows the drawing, not a flat field');

  // Pointing at an output cell marks the kernel's window on the padded input.
  const box = await site.page.locator('#lab-out').boundingBox();
  await site.page.mouse.move(box.x + (10.5 / 33) * box.width, box.y + (4.5 / 33) * box.height);
  const rf = site.page.locator('#lab-rf');
  await rf.waitFor({ state: 'visible' });
  const inBox = await site.page.locator('#lab-in-wrap').boundingBox();
  const r = await rf.boundingBox();
  assert.ok(Math.abs(r.x - (inBox.x + (10 / 35) * inBox.width)) < 1.5, 'window column');
  assert.ok(Math.abs(r.y - (inBox.y + (4 / 35) * inBox.height)) < 1.5, 'window row');
  assert.ok(Math.abs(r.width - (3 / 35) * inBox.width) < 1.5, 'window width');
  assert.match(await site.page.locator('#lab-cell-text').textContent(), /\(4, 10\).*rows 4–6 and columns 10–12/);
});

test('editing a kernel value makes it custom, in the URL too', async () => {
  await apply({ input: 32, kh: 3, kw: 3, padding: 'valid', sh: 1, sw: 1, dh: 1, dw: 1 });
  await site.page.selectOption('#lab-preset', 'identity');
  const cells = site.page.locator('#lab-kernel input');
  assert.equal(await cells.count(), 9);
  assert.deepEqual(await cells.evaluateAll((els) => els.map((e) => Number(e.value))), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  await cells.nth(0).fill('-2.5');
  assert.equal(await site.page.locator('#lab-preset').inputValue(), 'custom');
  const q = new URL(site.page.url()).searchParams;
  assert.equal(q.get('lk'), 'custom');
  assert.equal(q.get('lkv'), '-2.5_0_0_0_1_0_0_0_0');
  // The kernel is repainted after the engine has the new value.
  await until(async () => (await canvasStats(site.page, '#lab-k'))[0].colours, (n) => n === 3,
    'negative, zero and positive weights get three colours');
});

test('impossible settings are explained with the numbers, and the next valid ones work', async () => {
  // A 7×7 kernel dilated by 5 spans 31 pixels: more than 28.
  await apply({ input: 28, kh: 7, kw: 7, padding: 'valid', sh: 1, sw: 1, dh: 5, dw: 5 });
  const error = site.page.locator('#lab-error');
  await site.page.locator('#lab-formula .formula-axis.bad[data-axis="width"]').waitFor();
  assert.equal(await error.isVisible(), true);
  assert.match(await error.textContent(), /cannot produce an output.*engine says/s);
  assert.equal(await site.page.locator('#lab-out-shape').textContent(), '—');
  const e = expected(28, 7, 1, 5, 'valid');
  const bad = site.page.locator('#lab-formula .formula-axis.bad[data-axis="height"]');
  assert.equal(await bad.getAttribute('data-out'), String(e.out));
  assert.match((await bad.textContent()).replace(/−/g, '-'), new RegExp(`⌊${e.numer} / 1⌋ \\+ 1 = ${e.out}.*spans 31 px.*only 28 px`));

  await site.page.fill('#lab-dh', '1');
  await site.page.fill('#lab-dw', '1');
  await site.page.locator('#lab-out-shape[data-h="22"][data-w="22"]').waitFor();
  assert.equal(await error.isVisible(), false);

  // A stride of 0 is refused with a reason, not ignored.
  await site.page.fill('#lab-sw', '0');
  await site.page.locator('#lab-error', { hasText: /horizontal stride is 0.*never move/ }).waitFor();
  await site.page.fill('#lab-sw', '1.5');
  await site.page.locator('#lab-error', { hasText: /horizontal stride must be a whole number/ }).waitFor();
  assert.equal(await site.page.locator('#lab-out-shape').textContent(), '—');
  await site.page.fill('#lab-sw', '2');
  await site.page.locator('#lab-out-shape[data-h="22"][data-w="11"]').waitFor();
  assert.equal(await error.isVisible(), false);

  await screenshot(site.page, 'playground-lab');
  assert.deepEqual(site.page.svertkaProblems, []);
});

test('a refused setting keeps the lab in the chosen language, its legend too', async () => {
  await apply({ input: 32, kh: 3, kw: 3, padding: 'valid', sh: 1, sw: 1, dh: 1, dw: 1 });
  await site.page.locator('#lab-out-shape[data-h="30"][data-w="30"]').waitFor();
  await site.page.fill('#lab-sh', '0');
  await site.page.locator('#lab-error', { hasText: /vertical stride is 0/ }).waitFor();
  const labels = site.page.locator('#lab-legend .legend-label');
  try {
    await site.page.click('.lang-switch [data-lang="ru"]');
    await site.page.locator('#lab-error', { hasText: /шаг по вертикали/ }).waitFor();
    await site.page.waitForFunction(() => [...document.querySelectorAll('#lab-legend .legend-label')]
      .map((el) => el.textContent).join() === 'ядро,выход', null, { timeout: 5000 })
      .catch(async () => assert.fail(`the lab legend reads ${await labels.allTextContents()} in Russian`));
  } finally {
    await site.page.click('.lang-switch [data-lang="en"]');
    await site.page.fill('#lab-sh', '1');
  }
  await site.page.locator('#lab-out-shape[data-h="30"][data-w="30"]').waitFor();
  assert.deepEqual(await labels.allTextContents(), ['kernel', 'output']);
  assert.deepEqual(site.page.svertkaProblems, []);
});

test('"Animate this convolution" links to the explainer with these settings and this drawing', async () => {
  await apply({ input: 32, kh: 3, kw: 3, padding: 'explicit', pads: [1, 0, 2, 1], sh: 2, sw: 2, dh: 1, dw: 1 });
  await site.page.selectOption('#lab-preset', 'laplacian');
  await site.page.locator('#lab-out-shape[data-h="16"][data-w="17"]').waitFor();
  // The lab redraws once the engine has answered the run before (it runs
  // in a worker): wait for the link to carry the preset's kernel.
  const kernel = new URLSearchParams({ kernel: '0,1,0,1,-4,1,0,1,0' });
  await site.page.locator(`#lab-animate[href*="${kernel}&"]`).waitFor();
  const link = site.page.locator('#lab-animate');
  assert.equal(await link.isVisible(), true);
  const q = new URL(await link.getAttribute('href'), site.page.url()).searchParams;
  assert.equal(q.get('input'), 'drawing');
  assert.equal(q.get('res'), '32');
  assert.equal(q.get('ksize'), '3');
  assert.equal(q.get('kernel'), '0,1,0,1,-4,1,0,1,0');
  assert.equal(q.get('padding'), '1,0,2,1');
  assert.equal(q.get('stride'), '2');
  assert.equal(q.get('dilation'), '1');
  const bytes = Buffer.from(q.get('drawing').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  assert.equal(bytes.length, 32 * 32, 'the 32×32 input as bytes');
  assert.ok(bytes.some((b) => b > 200) && bytes.some((b) => b === 0), 'it is the drawing: ink and background');

  // Different strides per axis are beyond the animation: say so instead.
  await site.page.fill('#lab-sw', '3');
  await site.page.locator('#lab-animate-limit').waitFor({ state: 'visible' });
  assert.equal(await link.isVisible(), false);
  await site.page.fill('#lab-sw', '2');
  await link.waitFor({ state: 'visible' });
  assert.deepEqual(site.page.svertkaProblems, []);
});
