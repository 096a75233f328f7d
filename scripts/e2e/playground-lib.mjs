// Helpers shared by the playground's end-to-end tests (playground*.test.mjs).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

// A "7" and a "1" as stroke lists in pad units (0..1), for tests that need
// some drawing but do not care which digit the model sees.
export const SEVEN = [[[0.3, 0.2], [0.5, 0.2], [0.7, 0.2], [0.6, 0.45], [0.5, 0.7], [0.45, 0.85]]];
export const CROSSBAR = [[[0.4, 0.5], [0.55, 0.5], [0.7, 0.5]]];

// drawMouse draws strokes (pad units) on canvas#draw with real mouse events,
// several intermediate moves per segment, like a hand would.
export async function drawMouse(page, strokes) {
  const box = await page.locator('#draw').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const stroke of strokes) {
    const [x0, y0] = at(stroke[0]);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const p of stroke.slice(1)) {
      const [x, y] = at(p);
      await page.mouse.move(x, y, { steps: 6 });
    }
    await page.mouse.up();
  }
}

// probs reads the ten data-p attributes of #probs.
export async function probs(page) {
  return page.locator('#probs [data-digit]').evaluateAll((els) => els.map((el) => Number(el.dataset.p)));
}

export async function prediction(page) {
  return page.locator('#prediction').getAttribute('data-digit');
}

// settle waits until the page's answer has stopped changing: inference runs
// at most once per animation frame, so the result for the last pointer event
// can arrive a few frames after it.
export async function settle(page, { changedFrom = null, timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = JSON.stringify([await prediction(page), await probs(page)]);
  let same = 0;
  while (Date.now() < deadline) {
    await sleep(80);
    const now = JSON.stringify([await prediction(page), await probs(page)]);
    if (changedFrom !== null && now === changedFrom) continue;
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 3) return JSON.parse(now);
  }
  throw new Error(`the answer did not settle within ${timeout} ms (last ${last})`);
}

// canvasStats reads every canvas matching selector: its size and how many
// pixels are painted and how many distinct colours it holds.
export async function canvasStats(page, selector) {
  return page.locator(selector).evaluateAll((canvases) => canvases.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let painted = 0;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) painted++;
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return {
      layer: c.closest('[data-layer]')?.dataset.layer, width: c.width, height: c.height,
      painted, pixels: c.width * c.height, colours: colours.size,
    };
  }));
}

// until polls f until check(value) holds and returns that value: the
// builder asks the engine for every shape, a few round trips after each
// change.
export async function until(f, check, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let v;
  while (Date.now() < deadline) {
    v = await f();
    if (check(v)) return v;
    await sleep(60);
  }
  assert.fail(`${what}: last seen ${JSON.stringify(v)}`);
}
