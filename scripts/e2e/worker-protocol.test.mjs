// Unit tests of the worker protocol of site/svertka.js under Node, with no
// browser and no WebAssembly: the page's side (Svertka.load({ worker: true }))
// talks through a MessageChannel to the real worker's side (serve) running a
// fake engine of plain JavaScript functions. They cover what no engine method
// does yet: callbacks nested in options, events after a call has settled, a
// callback that throws. worker.test.mjs runs the same paths with the real
// engine in Chromium.

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Svertka, serve } from '../../site/svertka.js';

// The fake engine: begin(urls, onStop, message) → { methods }, like start().
let engineLog = [];
let kept = null; // a callback the engine holds on to after its call
let lastViews = null;
let loadError = null;
let running = false;
const engine = (onStop, message) => {
  let reason = null;
  const guard = (fn) => (...args) => (reason !== null ? Promise.reject(new Error(message(reason))) : fn(...args));
  const methods = {
    echo: (...args) => Promise.resolve(args),
    steps: (n, onStep, opts) => {
      for (let i = 0; i < n; i++) onStep({ i, loss: 1 / (i + 1) }, 'extra');
      opts?.on?.done?.('done');
      return Promise.resolve(`${n} steps`);
    },
    // One array passed to a callback twice, changed in between: a
    // snapshot the engine reuses, as a training loop might.
    snapshots: (onStep) => {
      const w = new Float32Array([1, 2]);
      onStep(w);
      w[0] = 3;
      onStep(w);
      return Promise.resolve(Array.from(w));
    },
    keep: (fn) => {
      kept = fn;
      return Promise.resolve(null);
    },
    views: () => {
      const buf = new ArrayBuffer(24);
      new Float32Array(buf).set([1, 2, 3, 4, 5, 6]);
      lastViews = { a: new Float32Array(buf, 0, 2), b: new Float32Array(buf, 8, 4) };
      return Promise.resolve({ ...lastViews, list: [lastViews.a], probs: new Float32Array([0.5, 0.5]) });
    },
    fail: (x) => Promise.reject(Object.assign(new Error(`fail: x must be a number, got ${typeof x}`), { goStack: 'goroutine 1 [running]' })),
    slow: async (name, ms) => {
      engineLog.push(`start ${name}`);
      await sleep(ms);
      engineLog.push(`end ${name}`);
      return name;
    },
    // A job that runs until halted, ticking as it goes: a fit and pauseFit.
    run: async (onTick) => {
      running = true;
      let ticks = 0;
      while (running) {
        onTick(++ticks);
        await sleep(2);
      }
      return ticks;
    },
    halt: () => {
      running = false;
      return Promise.resolve('halted');
    },
    die: () => {
      reason = 'the Go runtime has exited (exit code 2)';
      onStop(reason);
      return Promise.reject(new Error(message(reason)));
    },
  };
  for (const name of Object.keys(methods)) methods[name] = guard(methods[name]);
  return { methods, reason: () => reason };
};

// The page downloads and compiles the engine itself and hands it to the
// worker: fetch serves the smallest valid WebAssembly module, or a 404 for a
// URL with "missing" in it, and notes every URL asked for.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
let fetched = [];
globalThis.fetch = async (url) => {
  fetched.push(String(url));
  if (String(url).includes('missing')) return new Response('not here', { status: 404, statusText: 'Not Found' });
  return new Response(EMPTY_WASM, { headers: { 'Content-Type': 'application/wasm' } });
};

// FakeWorker is what svertka.js gets as globalThis.Worker: the page's end of
// a MessageChannel whose other end is served by serve() with the fake engine.
class FakeWorker extends EventTarget {
  static all = [];
  constructor(url, options) {
    super();
    this.url = String(url);
    this.options = options;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.inner = port2;
    port1.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: e.data })));
    port1.start();
    serve(port2, [], async ({ module, ...urls }, onStop, message) => {
      this.urls = urls;
      this.module = await module;
      if (loadError) throw new Error(loadError);
      return engine(onStop, message);
    });
    FakeWorker.all.push(this);
  }

  postMessage(message, transfer) {
    this.port.postMessage(message, transfer);
  }

  terminate() {
    this.terminated = true;
    this.port.close();
    this.inner.close();
  }

  // crash fires the error event a worker's uncaught error fires at its Worker.
  crash(message) {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}
globalThis.Worker = FakeWorker;

afterEach(() => {
  for (const w of FakeWorker.all) if (!w.terminated) w.terminate();
  FakeWorker.all = [];
  engineLog = [];
  kept = null;
  loadError = null;
  fetched = [];
});

const rejected = (p) => p.then((v) => `resolved ${JSON.stringify(v)}`, (e) => (e instanceof Error ? e.message : `not an Error: ${e}`));

test('the page gets exactly the methods the engine registered, plus the loader extras', async () => {
  const nn = await Svertka.load({ worker: true, wasmURL: 'engine.wasm' });
  assert.deepEqual(Object.keys(nn).sort(),
    ['die', 'echo', 'exited', 'fail', 'halt', 'keep', 'restart', 'run', 'slow', 'snapshots', 'steps', 'terminate', 'views']);
  assert.ok(Object.isFrozen(nn));
  assert.equal(nn.exited, false);
  const [w] = FakeWorker.all;
  assert.match(w.url, /\/site\/svertka-worker\.js$/);
  assert.equal(w.urls.wasmURL, 'engine.wasm', 'the URL as given, for the messages');
  assert.match(w.urls.execURL, /\/site\/wasm_exec\.js$/);
  assert.equal(typeof w.urls.base, 'undefined', 'Node has no document or location to resolve against');
});

test('arguments are copied, never moved; results and errors cross unchanged', async () => {
  const nn = await Svertka.load({ worker: true });
  const input = new Float32Array([1, 2, 3]);
  const [got, shape] = await nn.echo(input, [32, 32, 1]);
  assert.deepEqual(Array.from(got), [1, 2, 3]);
  assert.deepEqual(shape, [32, 32, 1]);
  assert.equal(input.length, 3, 'the caller keeps its array');
  assert.notEqual(got.buffer, input.buffer);
  assert.deepEqual(await nn.echo(10n, 'same', null, undefined, { a: [1, { b: 2 }] }), [10n, 'same', null, undefined, { a: [1, { b: 2 }] }]);

  const err = await nn.fail('3').catch((e) => e);
  assert.ok(err instanceof Error);
  assert.equal(err.message, 'fail: x must be a number, got string');
  assert.equal(err.goStack, 'goroutine 1 [running]');
});

test('the arrays of a result move to the page: one buffer moved once, views stay views', async () => {
  const nn = await Svertka.load({ worker: true });
  const r = await nn.views();
  assert.deepEqual(Array.from(r.a), [1, 2]);
  assert.deepEqual(Array.from(r.b), [3, 4, 5, 6]);
  assert.equal(r.a.buffer, r.b.buffer, 'views of one buffer stay views of one buffer');
  assert.equal(r.list[0], r.a, 'one array reached twice stays one array');
  assert.equal(r.a.buffer.byteLength, 24);
  assert.equal(lastViews.a.buffer.byteLength, 0, 'the engine side no longer has the buffer: it was moved, not copied');
  assert.deepEqual(Array.from(r.probs), [0.5, 0.5]);
});

test('callbacks, at the top level or inside options, receive the events of their call before it settles', async () => {
  const nn = await Svertka.load({ worker: true });
  const events = [];
  const result = await nn.steps(3, (step, extra) => events.push(['step', step, extra]), {
    on: { done: (what) => events.push(['done', what]) },
  });
  assert.equal(result, '3 steps');
  assert.deepEqual(events, [
    ['step', { i: 0, loss: 1 }, 'extra'],
    ['step', { i: 1, loss: 0.5 }, 'extra'],
    ['step', { i: 2, loss: 1 / 3 }, 'extra'],
    ['done', 'done'],
  ]);
});

test('the arrays a callback gets are copies: the engine keeps its own', async () => {
  const nn = await Svertka.load({ worker: true });
  const seen = [];
  assert.deepEqual(await nn.snapshots((w) => seen.push(Array.from(w))), [3, 2]);
  assert.deepEqual(seen, [[1, 2], [3, 2]]);
});

test('a callback that throws is reported and the engine goes on', async () => {
  const nn = await Svertka.load({ worker: true });
  const seen = [];
  const reported = [];
  const consoleError = console.error;
  console.error = (err) => reported.push(err.message);
  try {
    const result = await nn.steps(3, ({ i }) => {
      seen.push(i);
      if (i === 1) throw new Error('the page callback broke');
    });
    assert.equal(result, '3 steps');
  } finally {
    console.error = consoleError;
  }
  assert.deepEqual(seen, [0, 1, 2], 'later events still arrive');
  assert.deepEqual(reported, ['the page callback broke']);
  assert.equal(await nn.steps(0, () => {}), '0 steps');
});

test('a callback called after its call has settled reaches nobody', async () => {
  const nn = await Svertka.load({ worker: true });
  const calls = [];
  await nn.keep((x) => calls.push(x));
  kept('late');
  await nn.echo(1); // a round trip after the late call
  assert.deepEqual(calls, []);
});

test('arguments that cannot be sent reject with which one and why; the next call works', async () => {
  const nn = await Svertka.load({ worker: true });
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const detached = new Float32Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  // A class instance is not looked into before postMessage clones it.
  const box = Object.defineProperty(new (class Box {})(), 'data', { enumerable: true, get() { throw new Error('box says no'); } });
  const cases = [
    [[1, { get input() { throw new Error('getter says no'); } }], 'echo: argument 2 cannot be sent to the engine: getter says no'],
    [[1, 2, box], 'echo: argument 3 cannot be sent to the engine: box says no'],
    [[proxy], /^echo: argument 1 cannot be sent to the engine: .*revoked/],
    [[{ input: detached }], /^echo: argument 1 cannot be sent to the engine: .*detached/i],
    [[Symbol('s')], /^echo: argument 1 cannot be sent to the engine: /],
    [[{ shape: [1, 2], key: Symbol('s') }], /^echo: argument 1 cannot be sent to the engine: /],
  ];
  for (const [args, want] of cases) {
    const got = await rejected(nn.echo(...args));
    if (typeof want === 'string') assert.equal(got, want);
    else assert.match(got, want);
  }
  assert.deepEqual(await nn.echo(1), [1]);
});

test('every call reaches the engine as it arrives, in order; a slow one holds up none after it', async () => {
  const nn = await Svertka.load({ worker: true });
  const done = [];
  await Promise.all(['a', 'b', 'c'].map((name, i) => nn.slow(name, 60 - 25 * i).then((r) => done.push(r))));
  assert.deepEqual(engineLog, ['start a', 'start b', 'start c', 'end c', 'end b', 'end a']);
  assert.deepEqual(done, ['c', 'b', 'a']);
});

test('calls made while the engine starts reach it in order, the slow one holding up none', async () => {
  const nn = await Svertka.load({ worker: true });
  const restarting = nn.restart();
  const done = [];
  const calls = [nn.slow('a', 40), nn.echo('b'), nn.slow('c', 1)].map((p) => p.then((r) => done.push(Array.isArray(r) ? r[0] : r)));
  await restarting;
  await Promise.all(calls);
  assert.deepEqual(engineLog, ['start a', 'start c', 'end c', 'end a']);
  assert.deepEqual(done, ['b', 'c', 'a']);
});

test('a call reaches a running job: it halts it, and the job settles', async () => {
  const nn = await Svertka.load({ worker: true });
  const ticks = [];
  let third;
  const reached = new Promise((resolve) => { third = resolve; });
  const job = nn.run((n) => {
    ticks.push(n);
    if (n === 3) third();
  });
  await reached;
  assert.equal(await nn.halt(), 'halted');
  const n = await job;
  assert.ok(n >= 3 && ticks.length === n, `the job ticked ${ticks.length} times and says ${n}`);
  assert.deepEqual(await nn.echo('after'), ['after']);
});

test('when the engine stops, every pending and later call rejects, onexit hears it, restart() brings a new engine', async () => {
  const exits = [];
  const nn = await Svertka.load({ worker: true, onexit: (err) => exits.push(err.message) });
  const message = 'svertka: the engine worker has stopped (the Go runtime has exited (exit code 2)); call restart() to start a new one';
  const slow = nn.slow('a', 20); // still running when the engine dies
  const die = nn.die();
  const queued = nn.echo(1);
  assert.deepEqual([await rejected(slow), await rejected(die), await rejected(queued)], [message, message, message]);
  assert.equal(await rejected(nn.echo(2)), message);
  assert.equal(nn.exited, true);
  await sleep(0);
  assert.deepEqual(exits, [message]);
  assert.equal(FakeWorker.all[0].terminated, true, 'the dead worker is ended');

  await nn.restart();
  assert.equal(nn.exited, false);
  assert.deepEqual(await nn.echo(3), [3]);
  assert.equal(FakeWorker.all.length, 2);
});

test('an uncaught error in the worker is its death', async () => {
  const exits = [];
  const nn = await Svertka.load({ worker: true, onexit: (err) => exits.push(err.message) });
  const pending = nn.slow('a', 50);
  FakeWorker.all[0].crash('Uncaught RangeError: out of memory');
  const message = 'svertka: the engine worker has stopped (Uncaught RangeError: out of memory); call restart() to start a new one';
  assert.equal(await rejected(pending), message);
  await sleep(0);
  assert.deepEqual(exits, [message]);
});

test('terminate() rejects pending and later calls until restart(); onexit is for deaths only', async () => {
  const exits = [];
  const nn = await Svertka.load({ worker: true, onexit: (err) => exits.push(err.message) });
  const pending = nn.slow('a', 50);
  nn.terminate();
  const message = 'svertka: the engine worker was stopped by terminate(); call restart() to start a new one';
  assert.equal(await rejected(pending), message);
  assert.equal(await rejected(nn.echo(1)), message);
  assert.equal(nn.exited, true);
  nn.terminate(); // again: nothing more happens

  // restart() twice at once starts one engine; calls made meanwhile wait for it.
  const [a, b] = [nn.restart(), nn.restart()];
  assert.equal(a, b);
  assert.deepEqual(await nn.echo(2), [2]);
  await a;
  assert.equal(FakeWorker.all.length, 2);
  // restart() on a running engine starts afresh too; its pending calls reject.
  const cut = rejected(nn.slow('b', 50));
  await nn.restart();
  assert.equal(await cut, 'svertka: the engine worker was stopped by restart()');
  assert.deepEqual(await nn.echo(3), [3]);
  await sleep(0);
  assert.deepEqual(exits, []);
});

test('a load that fails rejects with the engine\'s own message; so does a failed restart', async () => {
  loadError = 'svertka: cannot fetch missing.wasm: HTTP 404 Not Found';
  assert.equal(await rejected(Svertka.load({ worker: true, wasmURL: 'missing.wasm' })), loadError);
  assert.equal(FakeWorker.all[0].terminated, true);

  loadError = null;
  const nn = await Svertka.load({ worker: true });
  loadError = 'svertka: cannot start engine.wasm: bad magic';
  const restart = nn.restart();
  const during = nn.echo(1); // sent to the new worker before its engine is ready
  assert.equal(await rejected(restart), loadError);
  assert.equal(await rejected(during), loadError);
  assert.equal(nn.exited, true);
  assert.equal(await rejected(nn.echo(2)), loadError);
  loadError = null;
  await nn.restart();
  assert.deepEqual(await nn.echo(3), [3]);
});

test('the page compiles the engine once for the worker, its restarts and later loads; a failed download is tried again', async () => {
  await rejected(Svertka.load({ worker: true, wasmURL: 'missing-once.wasm' }));
  const nn = await Svertka.load({ worker: true, wasmURL: 'once.wasm' });
  await nn.restart();
  await Svertka.load({ worker: true, wasmURL: 'once.wasm' });
  assert.equal(await rejected(Svertka.load({ worker: true, wasmURL: 'missing-once.wasm' })), 'svertka: cannot fetch missing-once.wasm: HTTP 404 Not Found');
  assert.deepEqual(fetched, ['missing-once.wasm', 'once.wasm', 'missing-once.wasm']);
  const engines = FakeWorker.all.filter((w) => w.module);
  assert.equal(engines.length, 3);
  for (const w of engines) assert.ok(w.module instanceof WebAssembly.Module, 'the worker gets a compiled module');
  assert.deepEqual(FakeWorker.all.map((w) => w.terminated ?? false), [true, true, false, false, true]);
});

test('options are checked', async () => {
  assert.equal(await rejected(Svertka.load({ worker: true, onexit: 'alert' })), 'svertka: onexit must be a function');
});
