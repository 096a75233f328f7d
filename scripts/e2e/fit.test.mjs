// End-to-end tests of training from JavaScript (createDataset, fit and its
// controls) in headless Chromium against the built site: MNIST read from
// the site's own data folder, and a fit in an engine of its own, in a
// worker, while a person draws on the playground — the page keeps drawing
// frames, the playground keeps predicting, and pause, resume and stop
// reach the running fit. The same controls on the page's thread, and the
// training speed in both modes for the seed network (batches of 64 in the
// worker, 32 on the page's thread).
//
// The Train view is expected to do the same: its own engine in its own
// worker, so that the playground's predictions never wait behind a
// training batch or an epoch's validation pass (seconds long), and on a
// machine with two cores or more the two run side by side.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, useSite, waitForEngine } from './harness.mjs';
import { SEVEN, drawMouse, settle } from './playground-lib.mjs';

const site = useSite();

// playground opens the playground and defines, in the page: Svertka,
// bytes(name) for a file of data/mnist/, model() for the shipped model's
// bytes, seedOnDigits(nn) which loads the shipped model into the engine nn
// with MNIST's 10,000 test digits as a data set, and frameGaps(), which
// measures the gaps between animation frames until its stop() is called.
async function playground() {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await waitForEngine(page);
  await page.evaluate(async () => {
    const { Svertka } = await import(new URL('svertka.js', location.href).href);
    globalThis.Svertka = Svertka;
    globalThis.bytes = async (name) => new Uint8Array(await (await fetch(`data/mnist/${name}`)).arrayBuffer());
    globalThis.model = async () => new Uint8Array(await (await fetch('model/digits.json')).arrayBuffer());
    globalThis.seedOnDigits = async (nn) => {
      const { handle } = await nn.loadModel(await model());
      const set = await nn.createDataset({ images: await bytes('t10k-images-idx3-ubyte.gz'), labels: await bytes('t10k-labels-idx1-ubyte.gz'), padTo: [32, 32] });
      return { handle, set };
    };
    globalThis.frameGaps = () => {
      let last = performance.now();
      const m = { longest: 0, count: 0, on: true };
      // The time a frame's callback runs, not the frame's timestamp, which
      // can be from before a long task that delayed the callback.
      const tick = () => {
        const now = performance.now();
        m.longest = Math.max(m.longest, now - last);
        last = now;
        m.count++;
        if (m.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      m.stop = () => { m.on = false; return { longest: m.longest, count: m.count }; };
      return m;
    };
  });
  return page;
}

test('createDataset reads the MNIST files the site serves: 60,000 and 10,000 digits padded to 32×32', async (t) => {
  const page = await playground();
  const r = await page.evaluate(async () => {
    const nn = await Svertka.load({ worker: true });
    const train = await nn.createDataset({ images: await bytes('train-images-idx3-ubyte.gz'), labels: await bytes('train-labels-idx1-ubyte.gz'), padTo: [32, 32] });
    const test = await nn.createDataset({ images: await bytes('t10k-images-idx3-ubyte.gz'), labels: await bytes('t10k-labels-idx1-ubyte.gz'), padTo: [32, 32] });
    // The shipped model on the test set, as the report measured it: the
    // digits are where the model expects them.
    const { handle } = await nn.loadModel(await model());
    const t0 = performance.now();
    const ev = await nn.evaluate(handle, { data: test.dataset });
    const ms = performance.now() - t0;
    // The same file on the page's thread.
    const here = await Svertka.load();
    const test2 = await here.createDataset({ images: await bytes('t10k-images-idx3-ubyte.gz'), labels: await bytes('t10k-labels-idx1-ubyte.gz'), padTo: [32, 32] });
    nn.terminate();
    return { train, test, test2, accuracy: ev.accuracy, ms };
  });
  t.diagnostic(`the shipped model on the test set read by createDataset: ${(100 * r.accuracy).toFixed(2)}% in ${r.ms.toFixed(0)} ms`);
  assert.deepEqual(r.train, { dataset: 1, n: 60000, shape: [32, 32, 1], bytes: 60000 * 1024, type: 'uint8' });
  assert.deepEqual(r.test, { dataset: 2, n: 10000, shape: [32, 32, 1], bytes: 10000 * 1024, type: 'uint8' });
  assert.deepEqual(r.test2, { dataset: 1, n: 10000, shape: [32, 32, 1], bytes: 10000 * 1024, type: 'uint8' });
  assert.ok(r.accuracy > 0.99, `the shipped model scores ${r.accuracy} on the test set read by createDataset`);
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});

test('a fit in its own worker: the page keeps drawing frames, the playground predicts a stroke, pause and resume reach the fit', async (t) => {
  const page = await playground();
  // Batches of 64: a batch must span a few display frames (about 50 ms on a
  // quiet machine) for frames per batch to tell a free page from a blocked
  // one; batches of 32 now take about 25 ms, a frame and a half.
  const batchSize = 64;
  // What a fit blocking the page looks like: frames per batch while the
  // same fit runs on the page's thread for 12 batches.
  const blocked = await page.evaluate(async (batchSize) => {
    const here = await Svertka.load();
    const { handle, set } = await seedOnDigits(here);
    const gaps = frameGaps();
    const frames = [];
    let twelve;
    const reached = new Promise((resolve) => { twelve = resolve; });
    const fit = here.fit(handle, { data: set.dataset, batchSize }, (e) => {
      if (e.type === 'batch' && frames.push(gaps.count) === 12) twelve();
    });
    await reached;
    await here.stopFit(handle);
    await fit;
    return { perBatch: (frames[11] - frames[1]) / 10, longest: gaps.stop().longest };
  }, batchSize);
  await page.evaluate(async (batchSize) => {
    const nn = await Svertka.load({ worker: true });
    const { handle, set } = await seedOnDigits(nn);
    const events = [];
    let waiter = null;
    globalThis.train = {
      nn, handle, events,
      // reach(n) resolves once the fit has trained n batches.
      reach: (n) => new Promise((resolve) => {
        if (events.length >= n) resolve();
        else waiter = { n, resolve };
      }),
      frames: frameGaps(),
      fit: nn.fit(handle, { data: set.dataset, epochs: 1, batchSize, optimizer: { type: 'adam', learningRate: 1e-4 } }, (e) => {
        if (e.type !== 'batch') return;
        events.push({ step: e.step, samplesPerSec: e.samplesPerSec, at: performance.now(), frames: train.frames.count });
        if (waiter && events.length >= waiter.n) {
          waiter.resolve();
          waiter = null;
        }
      }),
    };
  }, batchSize);
  // The speed of the seed network and the frames the page drew per batch,
  // with nothing else to do.
  await page.evaluate(() => train.reach(25));
  const { speed, perBatch } = await page.evaluate((batchSize) => {
    const e = train.events.slice(4, 25);
    return { speed: (batchSize * 20) / ((e[20].at - e[0].at) / 1000), perBatch: (e[20].frames - e[0].frames) / 20 };
  }, batchSize);

  // A person draws while the fit runs: the playground's own engine reads
  // the drawing, and the fit goes on meanwhile.
  const before = await page.evaluate(() => train.events.length);
  await drawMouse(page, SEVEN);
  const answer = await settle(page);
  const during = await page.evaluate(async () => ({ steps: train.events.length, state: await train.nn.fitState(train.handle) }));
  assert.ok(answer[0] !== null, 'the drawing was predicted');
  assert.ok(during.steps > before && during.state === 'running', `the fit ran while the stroke was predicted: ${before} → ${during.steps} batches, ${during.state}`);

  // Pause from the page: the step counter in the worker stops; resume: it
  // goes on; stop: the fit resolves, stopped.
  const paused = await page.evaluate(async () => {
    await train.nn.pauseFit(train.handle);
    const at = train.events.length;
    const state = await train.nn.fitState(train.handle);
    await new Promise((resolve) => setTimeout(resolve, 600));
    return { at, after: train.events.length, state };
  });
  assert.equal(paused.state, 'paused');
  assert.equal(paused.after, paused.at, `batches went on while paused: ${paused.at} → ${paused.after}`);
  const resumed = await page.evaluate(async (batchSize) => {
    await train.nn.resumeFit(train.handle);
    await train.reach(train.events.length + 5);
    await train.nn.stopFit(train.handle);
    const result = await train.fit;
    const gaps = train.frames.stop();
    return { steps: train.events.length, result, gaps, batchMs: (1000 * batchSize) / train.events.at(-1).samplesPerSec };
  }, batchSize);
  assert.ok(resumed.steps >= paused.at + 5, `after resumeFit the fit went on from ${paused.at} to ${resumed.steps} batches`);
  assert.equal(resumed.result.stopped, true);
  assert.equal(resumed.result.steps, resumed.steps);

  // A fit that blocked the page would let it draw a frame between batches
  // at most; in its worker the page draws frames all along, as many as the
  // display gives during a batch (a 60 Hz display: three during the 50 ms a
  // batch of 64 takes on a quiet machine, every gap under 100 ms), so at
  // least half as many again as on the page's thread. A machine shared
  // with other work stretches gaps and batches alike (by hundreds of
  // milliseconds when a dozen processes share two cores), so the gap's
  // bound grows with a batch's time: no gap may span two batches.
  const bound = Math.max(100, 2 * resumed.batchMs);
  t.diagnostic(`worker: ${speed.toFixed(0)} samples/s (seed network, batch ${batchSize}), ${perBatch.toFixed(1)} frames a batch; over the fit ` +
    `${resumed.gaps.count} frames, longest gap ${resumed.gaps.longest.toFixed(0)} ms (bound ${bound.toFixed(0)} ms; a batch ` +
    `${resumed.batchMs.toFixed(0)} ms). The same fit on the page's thread: ${blocked.perBatch.toFixed(1)} frames a batch, longest gap ${blocked.longest.toFixed(0)} ms`);
  assert.ok(perBatch >= 1.5 * blocked.perBatch,
    `the page drew ${perBatch.toFixed(1)} frames a batch during the fit in the worker, ${blocked.perBatch.toFixed(1)} during the fit on its thread`);
  assert.ok(resumed.gaps.longest < bound, `the longest gap between frames during the fit was ${resumed.gaps.longest.toFixed(0)} ms, bound ${bound.toFixed(0)} ms`);
  await screenshot(page, 'fit-while-drawing'); // after: a screenshot holds the frames up
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});

test('on the page\'s thread the fit yields between batches: pause, one step, resume and stop work the same', async (t) => {
  const page = await playground();
  const r = await page.evaluate(async () => {
    const nn = await Svertka.load();
    const { handle, set } = await seedOnDigits(nn);
    const events = [];
    let waiter = null;
    const reach = (n) => new Promise((resolve) => { waiter = { n, resolve }; });
    const gaps = frameGaps();
    const fit = nn.fit(handle, { data: set.dataset, epochs: 1, batchSize: 32, optimizer: { type: 'adam', learningRate: 1e-4 } }, (e) => {
      if (e.type !== 'batch') return;
      events.push({ step: e.step, at: performance.now() });
      if (waiter && events.length >= waiter.n) { waiter.resolve(); waiter = null; }
    });
    await reach(25);
    const speed = (32 * 20) / ((events[24].at - events[4].at) / 1000);
    await nn.pauseFit(handle);
    const at = events.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const still = events.length;
    const one = await nn.stepFit(handle);
    const stepped = events.length;
    await nn.resumeFit(handle);
    await reach(stepped + 3);
    await nn.stopFit(handle);
    const result = await fit;
    return { speed, at, still, one: one.step, stepped, result, steps: events.length, gaps: gaps.stop() };
  });
  t.diagnostic(`page's thread: ${r.speed.toFixed(0)} samples/s (seed network, batch 32); longest gap between frames ${r.gaps.longest.toFixed(0)} ms (a batch blocks the page)`);
  assert.equal(r.still, r.at, 'no batch while paused');
  assert.equal(r.one, r.at + 1, 'stepFit trained the next batch');
  assert.equal(r.stepped, r.at + 1, 'and only that one');
  assert.ok(r.steps >= r.stepped + 3, 'resumeFit went on');
  assert.equal(r.result.stopped, true);
  assert.equal(r.result.steps, r.steps);
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});
