// The playground on a phone: a 390×844 touch screen. A finger draws on the
// pad without scrolling the page, the answer follows, the layout fits the
// width, and tapping opens a feature map and picks its cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot, useSite } from './harness.mjs';
import { SEVEN, prediction, probs, settle } from './playground-lib.mjs';

const site = useSite({
  page: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
});

// touchDraw drags one finger along each stroke with the DevTools protocol's
// touch events, which the browser turns into pointer events of type "touch"
// (Playwright's own touchscreen only taps).
async function touchDraw(strokes) {
  const cdp = await site.page.context().newCDPSession(site.page);
  const box = await site.page.locator('#draw').boundingBox();
  const at = ([x, y]) => ({ x: box.x + x * box.width, y: box.y + y * box.height });
  for (const stroke of strokes) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(stroke[0])] });
    for (let i = 1; i < stroke.length; i++) {
      const a = at(stroke[i - 1]);
      const b = at(stroke[i]);
      for (let k = 1; k <= 6; k++) {
        const f = k / 6;
        await cdp.send('Input.dispatchTouchEvent', {
          type: 'touchMove', touchPoints: [{ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f }],
        });
      }
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

test('a finger draws a digit without scrolling the page', async () => {
  await site.page.locator('#draw').scrollIntoViewIfNeeded();
  assert.equal(await site.page.locator('#draw').evaluate((c) => getComputedStyle(c).touchAction), 'none');
  const types = site.page.evaluate(() => new Promise((resolve) => {
    const seen = new Set();
    const pad = document.querySelector('#draw');
    pad.addEventListener('pointermove', (e) => seen.add(e.pointerType));
    pad.addEventListener('pointerup', () => resolve([...seen]), { once: true });
  }));
  const scrollBefore = await site.page.evaluate(() => window.scrollY);
  assert.equal(await prediction(site.page), '');

  await touchDraw(SEVEN);
  assert.deepEqual(await types, ['touch'], 'the pad saw touch pointer events');
  const [digit, p] = await settle(site.page);
  assert.match(digit, /^[0-9]$/, 'the touch drawing was recognised as a digit');
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-3);
  assert.equal(await site.page.evaluate(() => window.scrollY), scrollBefore, 'drawing did not scroll the site.page');

  const width = await site.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide on a 390 px screen`);
  await screenshot(site.page, 'playground-phone');
  await screenshot(site.page, 'playground-phone-full', { fullPage: true });

  await site.page.tap('#clear');
  await settle(site.page);
  assert.equal(await prediction(site.page), '');
  assert.deepEqual(await probs(site.page), new Array(10).fill(0));
  assert.deepEqual(site.page.svertkaProblems, []);
});

test('tapping a feature map opens it, tapping a cell explains that cell', async () => {
  await touchDraw(SEVEN);
  await settle(site.page);
  await site.page.tap('.stage[data-layer="conv1"] .fmap >> nth=2');
  await site.page.locator('#inspector').waitFor({ state: 'visible' });
  const result = site.page.locator('#inspector .px-wrap.big.act canvas');
  await result.scrollIntoViewIfNeeded();
  const box = await result.boundingBox();
  await site.page.tap('#inspector .px-wrap.big.act canvas', { position: { x: (3.5 / 32) * box.width, y: (20.5 / 32) * box.height } });
  await site.page.locator('#arith .arith-head', { hasText: '(20, 3)' }).waitFor();
  assert.equal(await site.page.locator('#arith .arith-check').getAttribute('data-agree'), 'true');
  const width = await site.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `with the inspector open the page is ${width} px wide`);
  await screenshot(site.page, 'playground-phone-inspector');
  assert.deepEqual(site.page.svertkaProblems, []);
});

test('on a phone turned sideways the pad leaves room to scroll and see the answer', async () => {
  // The pad takes every touch (touch-action: none), so a pad as tall as the
  // screen would trap the finger: nothing left to scroll the page with.
  await site.page.setViewportSize({ width: 740, height: 360 });
  try {
    const box = await site.page.locator('#pad').boundingBox();
    assert.ok(box.height <= 0.7 * 360, `the pad is ${box.height} px tall on a 360 px high screen`);
    assert.ok(box.width >= 200, `the pad is still ${box.width} px wide, big enough to draw on`);
  } finally {
    await site.page.setViewportSize({ width: 390, height: 844 });
  }
});
