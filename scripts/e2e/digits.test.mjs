// Draws every digit 0–9 with the mouse on the playground's canvas, in
// several styles (large and thin-stroked, small and thick-stroked,
// off-centre, slanted), along the hand-written strokes of
// scripts/train/strokes.json, and checks the digit the page predicts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { screenshot, useSite } from './harness.mjs';
import { drawStrokes, e2eDrawings, styles } from './strokes.mjs';

const site = useSite({ page: {} });

// settled returns output#prediction's data-digit once it has stopped
// changing: inference runs at most once per animation frame, so the last
// segment's result can arrive a frame after the mouse is released.
async function settled(prediction) {
  let last = await prediction.getAttribute('data-digit');
  let same = 0;
  for (let i = 0; i < 50 && same < 3; i++) {
    await sleep(60);
    const now = await prediction.getAttribute('data-digit');
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

async function probabilities() {
  const bars = site.page.locator('#probs [data-digit]');
  const out = {};
  for (const bar of await bars.all()) {
    out[await bar.getAttribute('data-digit')] = Number(await bar.getAttribute('data-p')).toFixed(2);
  }
  return out;
}

const drawings = e2eDrawings();

test('strokes cover every digit in at least three styles', () => {
  assert.ok(styles.length >= 3, `${styles.length} styles`);
  for (let digit = 0; digit <= 9; digit++) {
    assert.ok(drawings.filter((d) => d.digit === digit).length >= 3, `digit ${digit}`);
  }
});

for (const d of drawings) {
  test(`draws ${d.digit} (${d.name}) and the page reads ${d.digit}`, async () => {
    const canvas = site.page.locator('canvas#draw');
    const prediction = site.page.locator('output#prediction');
    const clear = site.page.locator('button#clear');
    await clear.click(); // on an empty pad too: nothing happens
    assert.equal(await settled(prediction), '', 'with the pad cleared, no digit is predicted');

    await drawStrokes(site.page, canvas, d.strokes);
    const got = await settled(prediction);
    if (d.name.endsWith(' large')) await screenshot(site.page, `digit-${d.digit}-${d.name.replace(/ /g, '-')}`);
    assert.equal(got, String(d.digit), `probabilities: ${JSON.stringify(await probabilities())}`);
  });
}

test('no console errors, foreign requests or CSP violations while drawing', () => {
  assert.deepEqual(site.page.svertkaProblems, []);
});
