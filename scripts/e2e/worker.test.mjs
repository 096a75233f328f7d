// End-to-end tests of the engine in a Web Worker (Svertka.load({ worker: true })
// in site/svertka.js and site/svertka-worker.js), in headless Chromium
// against the built site: the same results and errors as on the page's
// thread for every method, arrays moved rather than copied, arguments that
// cannot be sent, callbacks from Go arriving as events while the call runs,
// the worker's death and a new engine after it, a page that keeps drawing
// and predicting while another engine works hard, and the playground's
// notice when its engine dies. engine.test.mjs covers loading in both modes;
// worker-protocol.test.mjs the protocol's corners under Node.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EXITER, buildExiters, crash, engineWorker, hostPage as openHost, load } from './engine-lib.mjs';
import { newPage, screenshot, useSite, waitForEngine } from './harness.mjs';
import { SEVEN, CROSSBAR, drawMouse, prediction, settle } from './playground-lib.mjs';

const site = useSite();
before(buildExiters);

const hostPage = (routes) => openHost(site.browser, site.server, routes);
const exiterRoute = { 'exiter.wasm': { path: EXITER, contentType: 'application/wasm' } };

test('every method gives the same results and the same errors on the page and in a worker', async () => {
  const page = await hostPage();
  assert.equal(await load(page, {}, 'here'), null);
  assert.equal(await load(page, { worker: true }, 'there'), null);
  const got = await page.evaluate(async () => {
    const model = new Uint8Array(await (await fetch('model/digits.json')).arrayBuffer());
    // The colour demo: a Keras model in the TF.js layers format.
    const modelJSON = await (await fetch('models/shapes/model.json')).text();
    const weights = await (await fetch('models/shapes/group1-shard1of1.bin')).arrayBuffer();
    const canvas = new OffscreenCanvas(280, 280);
    const g = canvas.getContext('2d');
    g.lineWidth = 20;
    g.lineCap = 'round';
    g.beginPath();
    g.moveTo(80, 60);
    g.lineTo(200, 60);
    g.lineTo(120, 230);
    g.stroke();
    const drawing = g.getImageData(0, 0, 280, 280);
    const x = new Float32Array(1024).map((_, i) => ((i * 37) % 101) / 100);
    const seq = (n, f = (i) => i) => new Float32Array(n).map((_, i) => f(i));
    const rgb = { input: seq(6 * 6 * 3, (i) => (i % 11) / 10), shape: [6, 6, 3], kernel: seq(3 * 3 * 3 * 4, (i) => ((i % 7) - 3) / 5), kernelShape: [3, 3, 3, 4] };
    const grid = { input: seq(16, (i) => i + 1), shape: [4, 4, 1], size: 2 };
    // [method, args, whether it should fail]
    const calls = [
      ['conv2d', [{ input: seq(9, (i) => i + 1), shape: [3, 3, 1], kernel: seq(4, (i) => (i % 3 === 0 ? 1 : 0)), kernelShape: [2, 2, 1, 1], bias: seq(1, () => 0.5) }], false],
      ['conv2d', [{ ...rgb, bias: seq(4, (i) => i / 10), padding: 'same', strides: 2, activation: 'relu' }], false],
      ['conv2d', [{ ...rgb, kernelShape: [3, 3, 3] }], true],
      ['conv2d', [{ ...rgb, stride: 2 }], true],
      ['conv2d', [{ ...rgb, input: seq(100) }], true],
      ['conv2d', [{ ...rgb, input: seq(108, () => NaN) }], true],
      ['conv2d', [], true],
      ['conv2dSteps', [{ ...rgb, padding: 'same', activation: 'tanh', filter: 1 }], false],
      ['conv2dSteps', [{ ...rgb, filter: 4 }], true],
      ['pool2d', [{ ...grid, mode: 'max' }], false],
      ['pool2d', [{ ...grid, mode: 'avg', padding: 'same', strides: 3 }], false],
      ['pool2d', [{ ...grid, mode: 'median' }], true],
      ['outputShape', [{ type: 'conv2d', filters: 10, kernelSize: 5, padding: 'same' }, [32, 32, 1]], false],
      ['outputShape', [{ type: 'MaxPooling2D', pool_size: 2 }, [16, 16, 30]], false],
      ['outputShape', [{ type: 'conv2d', kernelSize: [3, 16] }, [14, 14, 1]], true],
      ['outputShape', [() => 1, [5, 5, 1]], true],
      ['outputShape', [new Map(), [5, 5, 1]], true],
      ['explainOutputShape', [{ type: 'conv2d', kernelSize: [4, 1], filters: 2, padding: 'same', dilation: 2 }, [5, 6, 1]], false],
      ['explainOutputShape', [{ type: 'Flatten' }, [8, 8, 30]], false],
      ['explainOutputShape', [{ type: 'dense', units: 10 }, [8, 8, 30]], true],
      ['modelSummary', [], true],
      ['predict', [x], true],
      ['loadModel', ['{}'], true],
      ['loadModel', [model], false],
      ['modelSummary', [], false],
      ['layerWeights', ['conv1'], false],
      ['layerWeights', ['pool1'], true],
      ['layerWeights', [], true],
      ['preprocess', [drawing], false],
      ['preprocess', [{ data: new Uint8Array(3), width: 2, height: 2 }], true],
      ['predict', [x], false],
      // A lent array: on the page the result's arrays are views of it; a
      // worker gets a copy of it and moves the result back as usual.
      ['predict', [x, undefined, { into: seq(26270) }], false],
      ['predict', [x, undefined, { into: seq(5) }], true],
      ['predictDrawing', [drawing, undefined, { into: seq(28 * 28 + 32 * 32 + 26260) }], false],
      ['predictDrawing', [drawing], false],
      ['predictDrawing', [{ data: new Uint8Array(3), width: 2, height: 2 }], true],
      ['predict', [{ data: x, shape: [32, 32, 1] }], false],
      ['predict', [seq(1024, () => NaN)], true],
      ['predict', [seq(10)], true],
      ['predict', [{ data: x, shape: [32, 32, 2] }], true],
      ['layerSteps', ['conv2', x, 29], false],
      ['layerSteps', ['dense', x, 0], true],
      ['layerSteps', ['conv1', x, 10], true],
      ['setPooling', ['pool1', 'avg'], false],
      ['setPooling', ['pool1', 'median'], true],
      ['setPooling', ['dense', 'max'], true],
      ['predict', [x], false],
      ['importModel', [{ modelJSON, weights }], false],
      ['importModel', [{ modelJSON: JSON.parse(modelJSON), weights: [weights] }], false],
      ['importModel', [{ modelJSON, weights: weights.slice(0, 100) }], true],
      ['importModel', [{ modelJSON: '{}' }], true],
      ['exportModel', [2, { format: 'tfjs' }], false],
      ['setPooling', ['pool1', 'min', 1], false],
      ['exportModel', [1, { format: 'tfjs' }], true],
      ['stats', [], false],
    ];
    // canon turns a result into JSON-able data, float32 arrays as their bits;
    // stats' numbers differ between two engines, so only their kinds count.
    const canon = (v) => {
      if (v instanceof Float32Array) return { Float32Array: Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length)) };
      if (v instanceof ArrayBuffer) return { ArrayBuffer: Array.from(new Uint8Array(v)) };
      if (ArrayBuffer.isView(v)) return { [v.constructor.name]: Array.from(v) };
      if (Array.isArray(v)) return v.map(canon);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, y]) => [k, canon(y)]));
      return v;
    };
    const outcome = async (method, p) => {
      try {
        const v = await p;
        return JSON.stringify(method === 'stats' ? Object.entries(v).map(([k, y]) => [k, typeof y]) : canon(v));
      } catch (e) {
        return e instanceof Error ? `Error: ${e.message}` : `not an Error: ${e}`;
      }
    };
    const rows = [];
    for (const [method, args, fails] of calls) {
      const a = await outcome(method, here[method](...args));
      const b = await outcome(method, there[method](...args));
      rows.push({ method, fails, here: a.slice(0, 160), same: a === b, there: a === b ? '' : b.slice(0, 160), bytes: a.length });
    }
    return rows;
  });
  for (const row of got) {
    assert.ok(row.same, `${row.method}: on the page ${row.here}\nin the worker ${row.there}`);
    assert.equal(row.here.startsWith('Error: '), row.fails, `${row.method}: ${row.here}`);
    if (row.fails) assert.ok(row.here.startsWith(`Error: ${row.method}: `), `${row.method}: the message names the method: ${row.here}`);
  }
  // The results compared are whole, not a sample: predict with every activation is large.
  assert.ok(got.find((r) => r.method === 'predict' && !r.fails).bytes > 100_000);
  assert.equal(got.filter((r) => r.here === 'Error: modelSummary: no model loaded; call loadModel(json) first').length, 1);
  assert.deepEqual(page.svertkaProblems, []);
});

test('a result\'s arrays move to the page: new, whole, views of one buffer as on the page\'s thread', async () => {
  const page = await hostPage();
  assert.equal(await load(page, {}, 'here'), null);
  assert.equal(await load(page, { worker: true }, 'there'), null);
  const got = await page.evaluate(async () => {
    const model = await (await fetch('model/digits.json')).arrayBuffer();
    const input = new Float32Array(1024).fill(0.25);
    const look = async (nn) => {
      await nn.loadModel(model);
      const r = await nn.predict(input);
      const buffer = r.activations[0].data.buffer;
      const again = await nn.predict(input);
      r.probs[0] = 42; // the caller's own: changes nothing in the engine
      const third = await nn.predict(input);
      return {
        inputKept: input.length === 1024 && input.buffer.byteLength === 4096 && input[5] === 0.25,
        pageBuffer: buffer instanceof ArrayBuffer && !buffer.detached,
        oneBuffer: r.activations.every((a) => a.data.buffer === buffer),
        // probs is a copy of the last activation, packed with the others.
        wholeBuffer: buffer.byteLength === [...r.activations.map((a) => a.data), r.probs].reduce((n, a) => n + (a.buffer === buffer) * a.byteLength, 0),
        fresh: again.activations[0].data.buffer !== buffer,
        untouched: third.probs[0] === again.probs[0] && third.probs[0] !== 42,
        sameValues: again.activations.every((a, i) => a.data.every((v, j) => v === r.activations[i].data[j])),
      };
    };
    return { here: await look(here), there: await look(there) };
  });
  const want = { inputKept: true, pageBuffer: true, oneBuffer: true, wholeBuffer: true, fresh: true, untouched: true, sameValues: true };
  assert.deepEqual(got.there, want);
  assert.deepEqual(got.here, want);
  assert.deepEqual(page.svertkaProblems, []);
});

test('an argument that cannot be sent rejects with which one and why, and the next call works', async () => {
  const page = await hostPage();
  assert.equal(await load(page, { worker: true }), null);
  const got = await page.evaluate(async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const detached = new Float32Array(1024);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    return {
      getter: await rejected(nn.predict({ get data() { throw new Error('no data today'); }, shape: [32, 32, 1] })),
      revoked: await rejected(nn.outputShape({ type: 'conv2d', kernelSize: 3 }, proxy)),
      detached: await rejected(nn.conv2d({ input: detached, shape: [32, 32, 1], kernel: new Float32Array(9), kernelShape: [3, 3, 1, 1] })),
      symbol: await rejected(nn.layerWeights(Symbol('conv1'))),
      next: await nn.outputShape({ type: 'conv2d', kernelSize: 3 }, [5, 5, 1]),
    };
  });
  assert.equal(got.getter, 'predict: argument 1 cannot be sent to the engine: no data today');
  assert.match(got.revoked, /^outputShape: argument 2 cannot be sent to the engine: .*revoked/);
  assert.match(got.detached, /^conv2d: argument 1 cannot be sent to the engine: .*detached/);
  assert.equal(got.symbol, 'layerWeights: argument 1 cannot be sent to the engine: Symbol(conv1) could not be cloned.');
  assert.deepEqual(got.next, [3, 3, 1]);
  assert.deepEqual(page.svertkaProblems, []);
});

test('a function argument Go calls back delivers its calls as events, while the call runs', async () => {
  const page = await hostPage(exiterRoute);
  assert.equal(await load(page, { wasmURL: 'exiter.wasm' }, 'here'), null);
  assert.equal(await load(page, { worker: true, wasmURL: 'exiter.wasm' }, 'there'), null);
  const got = await page.evaluate(async () => {
    const run = async (nn, ms) => {
      const events = [];
      const t0 = performance.now();
      const result = await nn.events(3, (e, what) => events.push({ e, what, at: performance.now() - t0 }), ms);
      return { result, events: events.map(({ e, what }) => [e, what]), firstAt: events[0].at, doneAt: performance.now() - t0 };
    };
    const seen = [];
    const afterThrow = await there.events(3, ({ i }) => {
      seen.push(i);
      if (i === 0) throw new Error('test: the page callback breaks');
    }, 0);
    return { here: await run(here, 0), there: await run(there, 0), live: await run(there, 300), afterThrow, seen, ping: await there.ping() };
  });
  const events = [[{ i: 0, of: 3 }, 'step'], [{ i: 1, of: 3 }, 'step'], [{ i: 2, of: 3 }, 'step']];
  assert.deepEqual([got.here.result, got.here.events], [3, events]);
  assert.deepEqual([got.there.result, got.there.events], [3, events]);
  // Go works 300 ms before each event: the first reaches the page while
  // the call still has 600 ms of work ahead of it.
  assert.deepEqual(got.live.events, events);
  assert.ok(got.live.doneAt - got.live.firstAt >= 300,
    `the first event came ${got.live.firstAt.toFixed(0)} ms in, the result at ${got.live.doneAt.toFixed(0)} ms`);
  // A callback that throws is reported as the page's error and the call goes on.
  assert.equal(got.afterThrow, 3);
  assert.deepEqual(got.seen, [0, 1, 2]);
  assert.equal(got.ping, 'pong');
  assert.deepEqual(page.svertkaProblems.map((p) => p.split('\n')[0]), ['page error: Error: test: the page callback breaks']);
});

test('terminate() stops a long call at once; restart() brings a new engine', async () => {
  const page = await hostPage();
  assert.equal(await load(page, { worker: true }), null);
  const got = await page.evaluate(async () => {
    const H = 256;
    const long = { input: new Float32Array(H * H * 8).fill(0.5), shape: [H, H, 8], kernel: new Float32Array(5 * 5 * 8 * 32).fill(0.01), kernelShape: [5, 5, 8, 32] };
    const t0 = performance.now();
    const pending = [rejected(nn.conv2d(long)), rejected(nn.conv2d(long))];
    nn.terminate();
    const stopped = await Promise.all(pending);
    const stoppedIn = performance.now() - t0;
    const later = await rejected(nn.outputShape({ type: 'flatten' }, [2, 2, 2]));
    const exited = nn.exited;
    await nn.restart();
    return { stopped, stoppedIn, later, exited, exitedAfter: nn.exited, after: await nn.outputShape({ type: 'flatten' }, [2, 2, 2]) };
  });
  const message = 'svertka: the engine worker was stopped by terminate(); call restart() to start a new one';
  assert.deepEqual(got.stopped, [message, message]);
  assert.ok(got.stoppedIn < 500, `the calls rejected ${got.stoppedIn} ms after terminate(), not after their second of work`);
  assert.equal(got.later, message);
  assert.equal(got.exited, true);
  assert.equal(got.exitedAfter, false);
  assert.deepEqual(got.after, [8]);
  assert.deepEqual(page.svertkaProblems, []);
});

test('when the worker dies every call rejects saying so, onexit hears it, and restart() works', async () => {
  const page = await hostPage();
  assert.equal(await load(page, { worker: true, onexit: true }), null);
  await page.evaluate(async () => nn.loadModel(await (await fetch('model/digits.json')).arrayBuffer()));
  const first = engineWorker(page);
  await crash(first);
  const message = 'svertka: the engine worker has stopped (Uncaught Error: test: the engine worker breaks); call restart() to start a new one';
  assert.equal(await page.evaluate(() => exitHeard), message);
  const got = await page.evaluate(async () => ({
    later: await rejected(nn.predict(new Float32Array(1024))),
    exited: nn.exited,
  }));
  assert.deepEqual(got, { later: message, exited: true });

  // A new engine starts with no model.
  const again = await page.evaluate(async () => {
    await nn.restart();
    const noModel = await rejected(nn.modelSummary());
    await nn.loadModel(await (await fetch('model/digits.json')).arrayBuffer());
    return { noModel, label: (await nn.predict(new Float32Array(1024))).probs.length, exited: nn.exited };
  });
  assert.deepEqual(again, { noModel: 'modelSummary: no model loaded; call loadModel(json) first', label: 10, exited: false });
  assert.ok(engineWorker(page, [first]), 'a new worker runs the new engine');
  assert.deepEqual(page.svertkaProblems.filter((p) => !p.includes('test: the engine worker breaks')), []);
});

test('while another engine works hard, the page keeps drawing frames and the playground keeps predicting', async (t) => {
  const page = await newPage(site.browser);
  await page.goto(site.server.url);
  await waitForEngine(page);
  await page.evaluate(async () => {
    const { Svertka } = await import(new URL('svertka.js', location.href).href);
    globalThis.busy = await Svertka.load({ worker: true });
    globalThis.mainThread = await Svertka.load();
    // conv(H, C): H·H·C·32·25 multiply-adds; hard is about 0.8 G, a few
    // seconds, longer on a busy machine.
    const conv = (H, C) => ({ input: new Float32Array(H * H * C).fill(0.5), shape: [H, H, C], kernel: new Float32Array(5 * 5 * C * 32).fill(0.01), kernelShape: [5, 5, C, 32] });
    globalThis.hard = conv(256, 16);
    globalThis.light = conv(128, 8);
    // frames(during) measures the longest time between two animation
    // frames from the start of during() to the first frame after its end.
    globalThis.frames = async (during) => {
      let last = performance.now();
      let longest = 0;
      let count = 0;
      let on = true;
      let ended;
      const end = new Promise((resolve) => { ended = resolve; });
      // The time a frame's callback runs, not the frame's timestamp, which
      // can be from before a long task that delayed the callback.
      const tick = () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        count++;
        if (on) requestAnimationFrame(tick);
        else ended();
      };
      requestAnimationFrame(tick);
      const t0 = performance.now();
      const calls = await during();
      const ms = performance.now() - t0;
      on = false;
      await end;
      return { longest, count, calls, ms };
    };
  });
  // A second engine (as a training view would use) works: the page's
  // frames keep coming meanwhile. Each call's time, seen from the page, is
  // how long the page would have frozen had the engine blocked it.
  const work = await page.evaluate(() => frames(async () => {
    const calls = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      await busy.conv2d(hard);
      calls.push(performance.now() - t0);
    }
    return calls;
  }));
  // A call on the page's thread: the measure sees the freeze the worker spares the page.
  const frozen = await page.evaluate(() => frames(async () => {
    await mainThread.conv2d(light);
    return [];
  }));
  assert.ok(frozen.longest > 0.8 * frozen.ms, `on the page's thread one call froze frames for ${frozen.longest.toFixed(0)} of its ${frozen.ms.toFixed(0)} ms`);
  // On a quiet machine every gap is under 100 ms. A machine shared with
  // other work stretches both the gaps and the calls, so the bound grows
  // with the calls' time: a call that blocked the page would leave a gap
  // as long as itself, never half as long.
  const shortest = Math.min(...work.calls);
  const bound = Math.max(100, shortest / 2);
  t.diagnostic(`frames while another engine worked ${work.ms.toFixed(0)} ms (calls of ${work.calls.map((x) => x.toFixed(0)).join(', ')} ms): ` +
    `${work.count} frames, longest gap ${work.longest.toFixed(0)} ms (bound ${bound.toFixed(0)} ms); a smaller call on the page's thread froze it ${frozen.longest.toFixed(0)} ms`);
  assert.ok(work.longest < bound, `the longest gap between frames was ${work.longest.toFixed(0)} ms, bound ${bound.toFixed(0)} ms`);

  // And a person draws while that engine works: the playground's own engine
  // reads the drawing before the other one is done.
  await page.evaluate(() => {
    globalThis.working = true;
    globalThis.work = (async () => {
      let calls = 0;
      for (; working; calls++) await busy.conv2d(light);
      return calls;
    })();
  });
  await drawMouse(page, SEVEN);
  const answer = await settle(page);
  const calls = await page.evaluate(() => {
    working = false;
    return work;
  });
  assert.ok(answer[0], 'the drawing was predicted');
  assert.ok(calls >= 1, 'while the other engine worked');
  assert.deepEqual(page.svertkaProblems, []);
  await page.context().close();
});

test('the playground says when its engine has died, and starts a new one that reads the drawing', async () => {
  for (const [viewport, name, lang] of [[{ width: 1440, height: 900 }, 'desktop', 'en'], [{ width: 390, height: 844 }, 'phone', 'ru']]) {
    const page = await newPage(site.browser, { viewport, ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
    await page.goto(`${site.server.url}?lang=${lang}`);
    await waitForEngine(page);
    await drawMouse(page, SEVEN);
    const before = await settle(page);
    const notice = page.locator('#engine-stopped');
    assert.equal(await notice.isVisible(), false);

    const first = engineWorker(page);
    await crash(first);
    await page.locator('html[data-engine="stopped"]').waitFor({ state: 'attached' });
    await notice.waitFor({ state: 'visible' });
    const text = await notice.innerText();
    if (lang === 'en') {
      assert.match(text, /The engine has stopped\./);
      assert.match(text, /Start a new engine/);
    } else {
      assert.match(text, /Движок остановился\./);
      assert.match(text, /Запустить движок заново/);
    }
    assert.match(text, /Uncaught Error: test: the engine worker breaks/, 'the notice says what happened');
    const box = await notice.boundingBox();
    assert.ok(box.y + box.height <= viewport.height && box.x >= 0 && box.x + box.width <= viewport.width, `the notice is on screen: ${JSON.stringify(box)}`);
    await screenshot(page, `engine-stopped-${name}`);

    // Drawing goes on while the engine is away; the new engine reads it.
    await drawMouse(page, CROSSBAR);
    assert.deepEqual(await settle(page), before, 'no answer without an engine: the last one stays');
    await page.locator('#engine-restart').click();
    await page.locator('html[data-engine="ready"]').waitFor({ state: 'attached' });
    assert.equal(await notice.isVisible(), false);
    const after = await settle(page, { changedFrom: JSON.stringify(before) });
    assert.notDeepEqual(after, before, 'the new engine read the drawing with its new stroke');
    assert.ok(await prediction(page));
    assert.ok(engineWorker(page, [first]));
    assert.deepEqual(page.svertkaProblems.filter((p) => !p.includes('test: the engine worker breaks')), []);
    await page.context().close();
  }
});
