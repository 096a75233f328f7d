// The JavaScript API fuzzer (issue 16), run inside a page by fuzz.test.mjs:
// seeded random calls of every method of an engine from Svertka.load(), as
// a hostile page would make them — wrong types, Proxies, throwing getters,
// revoked Proxies, BigInts, symbols, detached buffers, DataViews, sizes at
// and past the limits, malformed model documents — with valid calls
// interleaved whose results must equal, exactly, the ones the same calls
// gave before any hostile one.
//
//   const report = await fuzz(nn, { seed: 1, calls: 2000, modelText });
//
// Every call must settle; a rejection must be an Error whose message starts
// with the method's name, is under 1 KiB and is not an internal error; the
// engine must never die. The report counts calls, outcomes and failures
// (with the first few of each kind, reproducible from the seed and the call
// number) and the engine's wasm memory after warm-up and at the end.

const SLOW_MS = 2000; // a call slower than this is a hang, unless it is deliberately heavy valid work

// mulberry32: a small seeded generator, so that a run repeats exactly.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
  return r;
}

const seq = (n, f = (i) => i) => new Float32Array(n).map((_, i) => f(i));

// digitInput is a fixed 32×32 input with a stroke in it.
function digitInput() {
  return seq(1024, (i) => {
    const y = Math.floor(i / 32), x = i % 32;
    return (Math.abs(x - 16) < 3 && y > 5 && y < 27) || (y > 5 && y < 9 && x > 10 && x < 24) ? 1 : ((i * 37) % 101) / 1000;
  });
}

function drawing(w = 56, h = 56) {
  const d = new Uint8ClampedArray(4 * w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const on = Math.abs(x - y) < 4 || Math.abs(x - w / 2) < 3;
      d.set([0, 0, 0, on ? 255 : 0], 4 * (y * w + x));
    }
  }
  return new ImageData(d, w, h);
}

// The valid calls: each makes fresh arguments (ref is the reference model's
// handle) and must give the same result every time.
function validCalls(ref) {
  const x = digitInput();
  const rgb = () => ({ input: seq(6 * 6 * 3, (i) => (i % 11) / 10), shape: [6, 6, 3], kernel: seq(3 * 3 * 3 * 4, (i) => ((i % 7) - 3) / 5), kernelShape: [3, 3, 3, 4] });
  const labels = () => new Int32Array([7, 1, 3]);
  const batch = () => seq(3 * 1024, (i) => ((i * 13) % 17) / 17);
  return [
    ['predict', () => [x.slice(), ref]],
    ['predict', () => [{ data: x.slice(), shape: [32, 32, 1] }, ref]],
    ['conv2d', () => [{ ...rgb(), bias: seq(4, (i) => i / 10), strides: 2, padding: 'same', activation: 'relu' }]],
    ['conv2d', () => [{ ...rgb(), dilation: [2, 1], padding: [[1, 0], [0, 2]] }]],
    ['conv2dSteps', () => [{ ...rgb(), filter: 2, padding: 'same' }]],
    ['pool2d', () => [{ input: seq(16 * 3, (i) => (i * 7) % 13), shape: [4, 4, 3], mode: 'avg', size: 2 }]],
    ['pool2d', () => [{ input: seq(25, (i) => i), shape: [5, 5, 1], mode: 'max', size: [2, 3], strides: 1, padding: 'same' }]],
    ['outputShape', () => [{ type: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'same' }, [28, 28, 1]]],
    ['explainOutputShape', () => [{ class_name: 'MaxPooling2D', config: { pool_size: 2 } }, [15, 9, 4]]],
    ['explainOutputShape', () => [{ type: 'dense', units: 4096 }, [16]]],
    ['preprocess', () => [drawing()]],
    ['modelSummary', () => [ref]],
    ['layerWeights', () => ['conv1', ref]],
    ['layerSteps', () => ['conv2', x.slice(), 3, ref]],
    ['getWeights', () => [ref]],
    ['exportModel', () => [ref]],
    ['evaluate', () => [ref, { x: batch(), labels: labels() }]],
    ['kernelPreset', () => ['sobel-x', 3, 3]],
    ['kernelPresets', () => []],
    ['layerClasses', () => []],
    ['fitState', () => [ref]],
    // At the limits: a tensor of 2^24 values in and out (64 MiB each).
    ['conv2d', () => [{ input: seq(1 << 24, (i) => i % 3), shape: [4096, 4096, 1], kernel: new Float32Array([0.5]), kernelShape: [1, 1, 1, 1] }], HEAVY],
    ['pool2d', () => [{ input: seq(1 << 24, (i) => i % 5), shape: [4096, 4096, 1], mode: 'max', size: 2 }], HEAVY],
  ];
}

// HEAVY marks a valid call that is deliberately large: it is made less
// often, and may take longer than SLOW_MS.
const HEAVY = 'heavy';

// canonical turns a result into comparable text: numbers exactly (Object.is
// semantics: -0 and NaN kept), typed arrays by their bytes.
function canonical(v) {
  const walk = (x) => {
    if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
    if (typeof x === 'bigint') return `${x}n`;
    if (x === null || typeof x !== 'object') return x;
    if (ArrayBuffer.isView(x)) {
      const b = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
      let h = 0x811c9dc5;
      for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619) >>> 0;
      return `${x.constructor.name}(${x.length}):${h.toString(16)}`;
    }
    if (Array.isArray(x)) return x.map(walk);
    const o = {};
    for (const k of Object.keys(x)) o[k] = walk(x[k]);
    return o;
  };
  return JSON.stringify(walk(v));
}

// odd returns a value a careless or hostile page could pass.
function odd(r, ctx) {
  const makers = [
    () => undefined, () => null, () => true, () => NaN, () => Infinity, () => -0, () => 1e308, () => -1, () => 0,
    () => 2 ** 53, () => 1.5, () => 4096, () => 4097, () => 2 ** 26, () => 2 ** 26 + 1, () => 2 ** 31,
    () => '', () => 'same', () => 'conv1', () => 'x'.repeat(r.pick([100, 5000, 1 << 20])), () => '€'.repeat(1 << 16),
    () => 10n, () => BigInt(r.int(1000)), () => Symbol('s'), () => () => 1, () => ctx.scratch(),
    () => ({}), () => [], () => [3n, 2, 1], () => [4096, 4096, 4], () => [4097, 1, 1], () => [1, 1, 1e9],
    () => new Proxy(new Float32Array(1024), {}),
    () => new Proxy({}, { get() { throw new Error('trap') } }),
    () => new Proxy([1, 2], { get(t, k) { if (k === 'length') throw new Error('length trap'); return Reflect.get(t, k); } }),
    () => new Proxy({ a: 1 }, { ownKeys() { throw new Error('ownKeys trap') } }),
    () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; },
    () => { const p = Proxy.revocable(new Float32Array(4), {}); p.revoke(); return p.proxy; },
    () => ({ get x() { throw new Error('getter') } }),
    () => ({ get data() { throw new Error('y'.repeat(10000)) } }),
    () => Object.create(null), () => new (class Thing {})(), () => new Map([[1, 2]]), () => new Date(0), () => /x/, () => Promise.resolve(1),
    () => new DataView(new ArrayBuffer(4)),
    () => { const b = new Float32Array(1024); structuredClone(b.buffer, { transfer: [b.buffer] }); return b; },
    () => { const b = new ArrayBuffer(16); structuredClone(b, { transfer: [b] }); return b; },
    () => new Float32Array(1024).fill(NaN), () => new Float32Array(1024).fill(3.4e38), () => new Float32Array(1024).fill(-3.4e38),
    () => new Float32Array(0), () => new Float32Array(7), () => new Float64Array(1024), () => new BigInt64Array(4), () => new Int32Array([1, 2, 3]),
    () => new Uint8Array(r.pick([0, 1, 4, 1024])), () => new Uint8ClampedArray(16), () => new ArrayBuffer(8),
    () => new Float32Array(new ArrayBuffer(4100), 4, 1024),
    () => new Float32Array((1 << 24) + 1), () => new Uint8Array(33 << 20),
    () => new (class extends Float32Array {})(1024),
    () => new ImageData(r.pick([1, 3, 28]), r.pick([1, 2, 28])),
    () => { const a = []; a.length = r.pick([2 ** 20, 2 ** 25, 2 ** 32 - 1]); return a; },
    () => { const o = {}; o.self = o; return o; },
    () => { let v = [1]; for (let i = 0; i < 60; i++) v = [v]; return v; },
    () => { const o = {}; for (let i = 0; i < 300; i++) o[`k${i}`] = i; return o; },
    () => ({ ['k'.repeat(r.pick([61, 300, 5000]))]: 1 }),
    () => Object.defineProperty([1, 2, 3], 1, { get() { throw new Error('index getter') } }),
    () => Object.freeze({ type: 'dense', units: 3 }),
    () => ({ toString() { throw new Error('toString') }, valueOf() { throw new Error('valueOf') } }),
    () => { const x = new Float32Array(1024); return { data: x, get shape() { structuredClone(x.buffer, { transfer: [x.buffer] }); return [32, 32, 1]; } }; },
  ];
  return r.pick(makers)();
}

// templates are plausible argument lists per method, which mutate() spoils.
function templates(r, ctx) {
  const s = ctx.scratch();
  const f = (n) => seq(n, (i) => ((i * 7) % 11) / 11);
  return {
    predict: () => [f(1024), r.chance(0.5) ? s : undefined],
    preprocess: () => [r.chance(0.5) ? drawing(r.pick([1, 28, 56]), r.pick([1, 28, 56])) : { data: new Uint8Array(16), width: 2, height: 2 }],
    conv2d: () => [{ input: f(27), shape: [3, 3, 3], kernel: f(12), kernelShape: [2, 2, 3, 1], strides: 1, padding: 'valid', activation: 'linear' }],
    conv2dSteps: () => [{ input: f(16), shape: [4, 4, 1], kernel: f(4), kernelShape: [2, 2, 1, 1], filter: 0 }],
    pool2d: () => [{ input: f(16), shape: [4, 4, 1], mode: 'max', size: 2 }],
    outputShape: () => [{ type: r.pick(['conv2d', 'dense', 'flatten', 'pool2d', 'MaxPooling2D', 'zero_padding2d']), filters: 2, kernelSize: 3, units: 3 }, [8, 8, 1]],
    explainOutputShape: () => [{ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } }, [8, 8, 1]],
    loadModel: () => [ctx.mutatedModel()],
    modelSummary: () => [s],
    layerWeights: () => ['conv1', s],
    setPooling: () => ['pool1', r.pick(['max', 'min', 'avg']), s],
    layerSteps: () => ['conv1', f(1024), 0, s],
    disposeModel: () => [s],
    getWeights: () => [s],
    setWeights: () => [s, [{ layer: 'conv1', name: 'kernel', shape: [5, 5, 1, 10], data: f(250) }]],
    exportModel: () => [s],
    trainStep: () => [s, { x: f(2048), labels: new Int32Array([1, 2]), optimizer: { type: 'sgd', learningRate: 0.01 } }],
    evaluate: () => [s, { x: f(1024), labels: [3] }],
    createModel: () => [{ inputShape: [8, 8, 1], layers: [{ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } }, { class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 3 } }], seed: 1 }],
    createDataset: () => [{ images: new Uint8Array(4 * 16), labels: [0, 1, 2, 3], shape: [4, 4, 4, 1] }],
    disposeDataset: () => [r.int(4)],
    fit: () => [s, { x: f(1024), labels: [1], epochs: 1 }],
    kernelPreset: () => [r.pick(['sobel-x', 'gaussian', 'nope']), 3, 3],
  };
}

// mutate spoils one place of args: an argument or a field of an object
// argument becomes odd, a field is added, removed or hidden behind a
// getter, or an argument is wrapped in a Proxy.
function mutate(r, ctx, args) {
  if (args.length === 0 || r.chance(0.1)) {
    return Array.from({ length: r.int(4) }, () => odd(r, ctx));
  }
  const i = r.int(args.length + (r.chance(0.1) ? 1 : 0));
  const a = args[i];
  let plain = false;
  try {
    plain = a !== null && typeof a === 'object' && !ArrayBuffer.isView(a) && !Array.isArray(a);
  } catch {
    // a revoked Proxy from a spoiled model document: replace it below
  }
  if (plain && r.chance(0.7)) {
    try {
      const keys = Object.keys(a);
      const k = r.chance(0.8) && keys.length ? r.pick(keys) : r.pick(['stride', 'paddding', 'kernel_size', 'extra', 'k'.repeat(70), '__proto__', 'constructor']);
      const kind = r.int(5);
      if (kind === 0) delete a[k];
      else if (kind === 1) Object.defineProperty(a, k, { get() { throw new Error(`getter ${k}`) }, enumerable: true, configurable: true });
      else if (kind === 2) args[i] = new Proxy(a, {});
      else a[k] = odd(r, ctx);
      return args;
    } catch {
      // a read-only field (an ImageData's), a Proxy whose traps throw:
      // spoil the whole argument instead
    }
  }
  args[i] = r.chance(0.15) ? new Proxy(Object(a ?? {}), {}) : odd(r, ctx);
  return args;
}

// mutatedModel spoils the reference model document: a field removed,
// added, retyped or given twice, anywhere.
function modelMutator(r, text) {
  const doc = JSON.parse(text);
  return () => {
    if (r.chance(0.15)) return odd(r, { scratch: () => 1 });
    if (r.chance(0.03)) return r.pick([() => '€'.repeat(12 << 20), () => ' '.repeat((32 << 20) + 1), () => `${' '.repeat((32 << 20) - text.length)}${text}`])();
    const d = structuredClone(doc);
    const spots = [d, ...d.layers, ...d.layers.map((l) => l.config), ...d.weights];
    const o = r.pick(spots);
    const k = r.pick(Object.keys(o));
    switch (r.int(6)) {
      case 0: delete o[k]; break;
      case 1: o[r.pick(['extra', 'dtype', 'groups'])] = 1; break;
      case 2: o[k] = r.pick([null, '1', [], {}, -1, 1e9, 4097, 1.5]); break;
      case 3: {
        // A key given twice, which JSON.stringify cannot write.
        const t = JSON.stringify(d);
        const at = t.indexOf(`"${k}":`);
        return at < 0 ? t : `${t.slice(0, at)}"${k}":0,${t.slice(at)}`;
      }
      case 4: return JSON.stringify(d).slice(0, r.int(text.length));
      default: d.weights.reverse();
    }
    return JSON.stringify(d);
  };
}

// settle waits for p up to ms and says how it went.
async function settle(p, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ pending: true }), ms); });
  const result = await Promise.race([
    Promise.resolve(p).then((value) => ({ value }), (error) => ({ error })),
    timeout,
  ]);
  clearTimeout(timer);
  return result;
}

const DEATH = /^svertka: the (Go runtime|engine worker)/;

/**
 * Runs the fuzzer on nn, an engine from Svertka.load() with nothing loaded.
 * @param {object} nn
 * With restart (a function resolving with a new engine), a run goes on
 * after the engine dies, to count every failure; without, it stops there.
 * @param {{seed: number, calls: number, modelText: string, restart?: () => Promise<object>, warmup?: number}} options
 */
export async function fuzz(nn, { seed, calls, modelText, restart = null, warmup = Math.min(500, Math.floor(calls / 10)) }) {
  const r = rng(seed);
  const report = {
    seed, calls: 0, valid: 0, exact: 0, resolved: 0, rejected: 0, slowValid: 0,
    failures: { deaths: [], hangs: [], internal: [], badMessages: [], mismatches: [], notErrors: [] },
    failureCounts: {}, longestMessage: 0, byMethod: {}, memory: {}, growth: [],
  };
  // note records a failure: every one counted, the first 20 of a kind kept.
  const note = (list, what) => {
    const kind = Object.keys(report.failures).find((k) => report.failures[k] === list);
    report.failureCounts[kind] = (report.failureCounts[kind] ?? 0) + 1;
    if (list.length < 20) list.push(what);
  };
  const f = report.failures;
  let ref, scratch, valid, fixed;
  // open loads the reference model, then the scratch model, which is the
  // default from then on: spoiled calls never reach the reference.
  const open = async () => {
    ref = (await nn.loadModel(modelText)).handle;
    scratch = (await nn.loadModel(modelText)).handle;
    valid = validCalls(ref);
    fixed = new Set([ref]);
  };
  await open();
  const ctx = { scratch: () => scratch };
  ctx.mutatedModel = modelMutator(r, modelText);
  const expected = [];
  for (const [method, args] of valid) expected.push(canonical(await nn[method](...args())));
  // Warm-up: the valid calls twice more in shuffled orders, so that the
  // large ones meet the memory that small ones have cut into, as they will
  // in the run; the wasm memory reaches its high-water mark here.
  for (let round = 0; round < 2; round++) {
    const order = valid.map((_, k) => k).sort(() => r.next() - 0.5);
    for (const k of order) {
      const got = canonical(await nn[valid[k][0]](...valid[k][1]()));
      if (got !== expected[k]) throw new Error(`warm-up: valid ${valid[k][0]} gave another result`);
    }
  }
  const methods = Object.keys(nn).filter((m) => typeof nn[m] === 'function' && !['stats', 'terminate', 'restart'].includes(m)).sort();
  const stats = async () => (await nn.stats()).wasmMemoryBytes;
  report.memory.afterSetup = await stats();

  let memory = report.memory.afterSetup;
  for (let n = 0; n < calls; n++) {
    if (n === warmup) report.memory.afterWarmup = await stats();
    if (n > warmup) {
      // The call before grew the memory: say which, to find what holds it.
      const now = await stats();
      if (now > memory && report.growth.length < 20) report.growth.push({ call: n - 1, method: report.last, mib: (now - memory) / 2 ** 20 });
      memory = now;
    }
    report.calls++;
    let method, args, isValid = false, heavy = false, want;
    if (r.chance(0.25)) {
      let k = r.int(valid.length);
      if (valid[k][2] === HEAVY && !r.chance(0.2)) k = 0;
      [method] = valid[k];
      heavy = valid[k][2] === HEAVY;
      args = valid[k][1]();
      want = expected[k];
      isValid = true;
      report.valid++;
    } else {
      method = r.pick(methods);
      const t = templates(r, ctx)[method];
      args = mutate(r, ctx, t ? t() : []);
      // The reference model is never the target of a spoiled call.
      args = args.map((a) => (typeof a === 'number' && fixed.has(a) ? scratch : a));
    }
    report.last = `${isValid ? 'valid ' : ''}${method}`;
    const by = (report.byMethod[method] ??= { calls: 0, resolved: 0, rejected: 0 });
    by.calls++;
    const started = performance.now();
    let p;
    try {
      p = nn[method](...args);
    } catch (err) {
      note(f.notErrors, `#${n} ${method} threw synchronously: ${String(err?.message ?? err).slice(0, 200)}`);
      continue;
    }
    if (!(p instanceof Promise)) note(f.notErrors, `#${n} ${method} returned ${typeof p}, not a Promise`);
    // Deliberately heavy valid work may take longer; it must still end.
    let out = await settle(p, heavy ? 15 * SLOW_MS : SLOW_MS);
    if (out.pending && method === 'fit') {
      await settle(nn.stopFit(scratch), SLOW_MS);
      out = await settle(p, 10 * SLOW_MS);
    }
    const ms = performance.now() - started;
    if (out.pending) {
      note(f.hangs, `#${n} ${method} did not settle in ${Math.round(ms)} ms`);
      continue;
    }
    if (ms > SLOW_MS) {
      if (heavy) report.slowValid++;
      else note(f.hangs, `#${n} ${method} took ${Math.round(ms)} ms`);
    }
    if ('error' in out) {
      report.rejected++;
      by.rejected++;
      const e = out.error;
      const msg = e instanceof Error ? e.message : null;
      if (msg === null) {
        note(f.notErrors, `#${n} ${method} rejected with a non-Error`);
        continue;
      }
      report.longestMessage = Math.max(report.longestMessage, msg.length);
      if (DEATH.test(msg) || nn.exited) {
        note(f.deaths, `#${n} ${method}: ${msg.slice(0, 300)}`);
        if (!restart) return report;
        nn = await restart();
        await open();
        continue;
      }
      if (msg.includes('internal error')) note(f.internal, `#${n} ${method}: ${msg.slice(0, 300)}`);
      if (!msg.startsWith(`${method}: `) || new TextEncoder().encode(msg).length >= 1024) {
        note(f.badMessages, `#${n} ${method}: ${msg.length} characters: ${msg.slice(0, 200)}`);
      }
      if (isValid) note(f.mismatches, `#${n} valid ${method} rejected: ${msg.slice(0, 300)}`);
      continue;
    }
    report.resolved++;
    by.resolved++;
    if (isValid) {
      if (canonical(out.value) === want) report.exact++;
      else note(f.mismatches, `#${n} valid ${method} gave another result`);
      continue;
    }
    // A spoiled call that worked: keep the engine within its limits.
    const h = out.value?.handle;
    if (typeof h === 'number' && h !== ref && h !== scratch) await nn.disposeModel(h).catch(() => {});
    if (method === 'createDataset' && typeof out.value?.dataset === 'number') await nn.disposeDataset(out.value.dataset).catch(() => {});
    if (method === 'disposeModel' && args[0] === scratch) scratch = (await nn.loadModel(modelText)).handle;
  }
  report.memory.end = await stats();
  return report;
}
