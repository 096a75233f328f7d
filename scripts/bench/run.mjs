// The browser part of `make bench` (issue #11): in one headless Chromium it
// compares Svertka with TF.js (WebAssembly and CPU backends) and ConvNetJS on
// one model with identical weights, measures the playground's
// stroke-to-painted latency, profiles Svertka's predict and prints it all
// with Svertka's ratios to each peer and the issue's targets (figures, never
// a failure). It builds nothing: make bench builds the site, writes
// build/bench/model.json (go run ./scripts/bench/model), an unstripped
// build/bench/svertka-names.wasm for the profile and build/bench/native.txt
// (the core benchmarks) first.
//
//   node scripts/bench/run.mjs [--quick] [site dir, default build/site]
//
// --quick times 50 calls after 5 warm-up ones, trains for a second and loads
// each peer cold once: a check of the whole run in about a minute, not a
// measurement.
//
// The peers run from node_modules on the comparison page
// (scripts/bench/peers/, see peers.js) served beside the built site, each in
// a browser context of its own, one after the other.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { launchBrowser, newPage, repoRoot, startServer } from '../e2e/harness.mjs';
import { BENCH_MODEL, MOUNTS, PEERS, SEED_MODEL, runPeer } from './peerpage.mjs';
import { profilePredict } from './profile.mjs';
import { strokeLatency } from './stroke.mjs';
import { benchPage, median, quantiles } from './lib.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const COLD_RUNS = quick ? 1 : 3; // fresh browser contexts per peer, so nothing is cached between them
const TRAIN_SECONDS = quick ? 1 : 3; // timed training per peer (at least 3 steps)
const CALLS = quick ? { warmup: 5, calls: 50 } : {}; // the page's defaults: 50 + 500
const SEED_PEERS = ['svertka', 'tfjs-wasm']; // the seed-network target compares these two
const TRAINERS = ['tfjs-cpu', 'convnetjs']; // the peers that can train, for the training target
const NAMES = { svertka: 'Svertka', 'tfjs-wasm': 'TF.js wasm', 'tfjs-cpu': 'TF.js cpu', convnetjs: 'ConvNetJS' };
const MB = 1e6;

const dir = args.find((a) => !a.startsWith('--')) ?? 'build/site';
for (const [file, hint] of [
  [path.join(dir, 'svertka.wasm'), 'make build'],
  ['build/bench/model.json', 'go run ./scripts/bench/model'],
  ['node_modules/@tensorflow/tfjs/package.json', 'npm ci'],
]) {
  if (!existsSync(path.resolve(repoRoot, file))) {
    console.error(`bench: ${file} is missing; run ${hint} first (make bench does)`);
    process.exit(1);
  }
}
const profileWasm = existsSync(path.resolve(repoRoot, 'build/bench/svertka-names.wasm')) ? '/bench-data/svertka-names.wasm' : null;

const server = await startServer({ dir, mounts: MOUNTS });
const browser = await launchBrowser();
let failed = false;
try {
  const loadBefore = os.loadavg()[0];
  const started = performance.now();
  progress('the comparison model, every peer');
  const bench = {};
  for (const peer of PEERS) bench[peer] = (await runPeer(browser, server, { peer, model: BENCH_MODEL, mode: 'full', more: { train: TRAIN_SECONDS, ...CALLS } })).result;
  progress('the seed network');
  const seed = {};
  for (const peer of SEED_PEERS) seed[peer] = (await runPeer(browser, server, { peer, model: SEED_MODEL, mode: 'full', more: CALLS })).result;
  progress('cold starts and transfer sizes');
  const cold = {};
  for (const peer of PEERS) {
    const runs = [];
    for (let i = 0; i < COLD_RUNS; i++) runs.push(await runPeer(browser, server, { peer, model: BENCH_MODEL, mode: 'cold' }));
    cold[peer] = { ms: runs.map((r) => r.result.coldStartMs).sort((a, b) => a - b), transfer: runs[0].transfer };
  }
  progress('the site\'s bench.html');
  const site = await siteBench();
  progress('the playground\'s stroke-to-painted latency');
  const stroke = await strokeLatency(browser, server.url);
  progress('a CPU profile of Svertka\'s predict');
  const profile = profileWasm ? await profilePredict(browser, server, { model: BENCH_MODEL, wasm: profileWasm }) : null;
  const native = nativeSeed();
  const elapsed = (performance.now() - started) / 1000;

  report({ bench, seed, cold, site, stroke, profile, native, loadBefore, loadAfter: os.loadavg()[0], elapsed });
} catch (err) {
  console.error(`bench: ${err.stack || err.message}`);
  failed = true;
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);

function progress(what) {
  console.error(`bench: ${what}…`);
}

// siteBench opens the site's own bench.html: once timing the seed network's
// predict and preprocess, twice more for the cold start only.
async function siteBench() {
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) runs.push(await benchPage(browser, server.url + (i === 0 ? 'bench.html' : 'bench.html?quick'), 180_000));
  const wasm = readFileSync(path.resolve(repoRoot, dir, 'svertka.wasm'));
  return {
    full: runs[0],
    coldMs: runs.map((r) => r.coldStartMs).sort((a, b) => a - b),
    wasmBytes: wasm.length,
    wasmGzip: gzipSync(wasm, { level: constants.Z_BEST_COMPRESSION }).length,
  };
}

// nativeSeed reads BenchmarkForwardSeedNet from build/bench/native.txt (make
// bench writes it) or runs it.
function nativeSeed() {
  const file = path.resolve(repoRoot, 'build/bench/native.txt');
  const text = existsSync(file) ? readFileSync(file, 'utf8')
    : execFileSync(process.env.GO || 'go', ['test', '-run', '^$', '-bench', '^BenchmarkForwardSeedNet$', '-benchmem', './core/'], { cwd: repoRoot, encoding: 'utf8' });
  const line = text.split('\n').find((l) => l.startsWith('BenchmarkForwardSeedNet'));
  if (!line) return null;
  const metric = (unit) => Number(line.match(new RegExp(`([\\d.]+) ${unit}`))?.[1]);
  return { nsPerOp: metric('ns/op'), cpuNsPerOp: metric('cpu-ns/op'), allocs: metric('allocs/op') };
}

// ---- the printout ------------------------------------------------------------

function report({ bench, seed, cold, site, stroke, profile, native, loadBefore, loadAfter, elapsed }) {
  const sv = bench.svertka;
  const ua = sv.userAgent.match(/Chrome\/\S+/)?.[0] ?? sv.userAgent;
  const lines = [];
  const out = (s = '') => lines.push(s);
  const mflop = (2 * sv.check.macs) / 1e6;
  out(`Side-by-side benchmark (issue #11) in headless ${ua}, ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after (${elapsed.toFixed(0)} s)`);
  if (Math.max(loadBefore, loadAfter) > os.cpus().length) out('  ! the machine was busy with other work: every time below is stretched by it, ratios within one run less so');
  out(`Model: 28×28×1 → Conv2D(10, 3×3, same, relu) → MaxPool 2 → Conv2D(30, 3×3, same, relu) → MaxPool 2 → Flatten → Dense(10) → softmax,`);
  out(`  ${sv.check.macs.toLocaleString('en')} multiply-adds = ${mflop.toFixed(2)} MFLOP per forward; weights from build/bench/model.json, the same for every peer`);
  out(`Times: ${sv.predict.warmup} warm-up + ${sv.predict.calls} timed calls, each awaited, input copied in and results read back; wall clock median / p95,`);
  out('  and CPU time per call of the renderer\'s main thread / of the whole renderer process (DevTools Performance metrics; it does not stretch when the machine is busy)');
  out();
  const rows = [['peer', 'max |Δp| vs float64', 'predict', 'predict + all activations', 'its CPU per call', 'training, batch 32, SGD 0.01', 'first-batch loss']];
  for (const peer of PEERS) {
    const r = bench[peer];
    rows.push([
      `${NAMES[peer]}${peer === 'svertka' ? ' *' : ''}`,
      r.check.maxAbsDiff.toExponential(1),
      timing(r.predict),
      timing(r.predictAll),
      `${fmt(cpuPerCall(r, 'predictAll'))} / ${fmt(cpuPerCall(r, 'predictAll', 'processMs'))} ms`,
      r.train.samplesPerSecond ? `${fmt(r.train.samplesPerSecond)} samples/s, ${fmt(cpuSamples(r))} per CPU-s (${r.train.steps} steps)` : 'cannot train (below)',
      r.train.firstLoss !== undefined ? r.train.firstLoss.toFixed(6) : '–',
    ]);
  }
  table(out, rows);
  const refLoss = PEERS.map((p) => bench[p].train.referenceLoss).find((x) => x !== undefined);
  if (refLoss !== undefined) out(`  first-batch loss of the float64 reference: ${refLoss.toFixed(6)}`);
  out(`  * Svertka's API has no probabilities-only call: its predict returns every activation, so both columns time that one call;`);
  out(`    each call after the first lends the first result's buffer back (predict's into option), as a page predicting every frame would.`);
  for (const peer of PEERS) {
    const t = bench[peer].train;
    if (t.error) out(`  ${NAMES[peer]} cannot train: ${t.error}`);
  }
  const info = bench['tfjs-wasm'].info;
  out(`  TF.js ${info.version}, wasm backend with SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread${info.threads === 1 ? '' : 's'} (${info.multithreadBuild ? 'the threaded build, TF.js\'s default thread count for this machine' : 'the single-threaded build'})`);
  out();

  out(`Cold start (fresh context, navigation → first prediction, median of ${COLD_RUNS}) and the JavaScript + wasm each peer fetched:`);
  const coldRows = [['peer', 'cold start', `the ${COLD_RUNS} loads`, 'JS + wasm raw', 'as served (gzip)', 'files']];
  for (const peer of PEERS) {
    const c = cold[peer];
    coldRows.push([NAMES[peer], `${fmt(median(c.ms))} ms`, c.ms.map(fmt).join(', '), `${(c.transfer.raw / MB).toFixed(2)} MB`, `${(c.transfer.wire / MB).toFixed(2)} MB`,
      c.transfer.files.map((f) => path.basename(f.url)).join(' ')]);
  }
  table(out, coldRows);
  out();

  out('The seed network (the playground\'s, 32×32×1, 5×5 kernels, trained weights), predict with every activation:');
  const seedRows = [['where', 'median', 'p95', 'CPU per call', 'max |Δp| vs float64']];
  if (native) seedRows.push(['Svertka natively (go test -bench ForwardSeedNet)', `${fmt(native.nsPerOp / 1e6)} ms`, '–', `${fmt(native.cpuNsPerOp / 1e6)} ms (process)`, `– (${native.allocs} allocs/op)`]);
  for (const peer of SEED_PEERS) {
    const r = seed[peer];
    seedRows.push([`${NAMES[peer]} in Chromium`, `${fmt(r.predictAll.medianMs)} ms`, `${fmt(r.predictAll.p95Ms)} ms`,
      `${fmt(cpuPerCall(r, 'predictAll'))} / ${fmt(cpuPerCall(r, 'predictAll', 'processMs'))} ms`, r.check.maxAbsDiff.toExponential(1)]);
  }
  table(out, seedRows);
  out();

  out('Svertka ÷ each peer (times: below 1 is faster; training: above 1 is faster; in brackets the same from main-thread CPU time):');
  const ratioRows = [['peer', 'predict', 'predict + all', 'cold start', 'JS + wasm (gzip)', 'training samples/s']];
  for (const peer of PEERS.filter((p) => p !== 'svertka')) {
    const p = bench[peer];
    ratioRows.push([NAMES[peer],
      `${ratio(sv.predict.medianMs, p.predict.medianMs)} (${ratio(cpuPerCall(sv, 'predict'), cpuPerCall(p, 'predict'))})`,
      `${ratio(sv.predictAll.medianMs, p.predictAll.medianMs)} (${ratio(cpuPerCall(sv, 'predictAll'), cpuPerCall(p, 'predictAll'))})`,
      ratio(median(cold.svertka.ms), median(cold[peer].ms)),
      ratio(cold.svertka.transfer.wire, cold[peer].transfer.wire),
      sv.train.samplesPerSecond && p.train.samplesPerSecond
        ? `${ratio(sv.train.samplesPerSecond, p.train.samplesPerSecond)} (${ratio(cpuSamples(sv), cpuSamples(p))})` : '–']);
  }
  table(out, ratioRows);
  out();

  out('Targets (figures, not tests):');
  const tfw = bench['tfjs-wasm'];
  const versus = (a, b) => (x) => `${x.toFixed(2)}× (${fmt(a.predictAll.medianMs)} vs ${fmt(b.predictAll.medianMs)} ms; CPU ${ratio(cpuPerCall(a, 'predictAll'), cpuPerCall(b, 'predictAll'))})`;
  target(out, 'predict + all activations ≤ 0.5× TF.js wasm, comparison model', sv.predictAll.medianMs / tfw.predictAll.medianMs, (x) => x <= 0.5, versus(sv, tfw));
  target(out, 'predict + all activations ≤ 0.5× TF.js wasm, seed network', seed.svertka.predictAll.medianMs / seed['tfjs-wasm'].predictAll.medianMs, (x) => x <= 0.5,
    versus(seed.svertka, seed['tfjs-wasm']));
  const best = TRAINERS.map((p) => ({ p, s: bench[p].train.samplesPerSecond })).filter((x) => x.s).sort((a, b) => b.s - a.s)[0];
  if (sv.train.samplesPerSecond && best) {
    target(out, `training ≥ 20× the best peer that trains (${NAMES[best.p]})`, sv.train.samplesPerSecond / best.s, (x) => x >= 20, (x) => `${x.toFixed(1)}× (${fmt(sv.train.samplesPerSecond)} vs ${fmt(best.s)} samples/s; CPU ${ratio(cpuSamples(sv), cpuSamples(bench[best.p]))})`);
  } else {
    out(`  ?  training ≥ 20× the best peer that trains${best ? ` (${NAMES[best.p]}, ${fmt(best.s)} samples/s)` : ''}: Svertka's training failed (${sv.train.error})`);
  }
  const q = quantiles(stroke.latenciesMs);
  target(out, 'stroke → every map painted, p95 ≤ 16 ms', q.p95, (x) => x <= 16, (x) => `${fmt(x)} ms`);
  target(out, 'cold start ≤ 300 ms on localhost (comparison page)', median(cold.svertka.ms), (x) => x <= 300, (x) => `${fmt(x)} ms`);
  target(out, 'cold start ≤ 300 ms on localhost (the site\'s bench.html, seed network)', median(site.coldMs), (x) => x <= 300, (x) => `${fmt(x)} ms`);
  target(out, 'svertka.wasm ≤ 1 MB gzip', site.wasmGzip, (x) => x <= MB, (x) => `${(x / MB).toFixed(2)} MB (gzip -9; ${(site.wasmBytes / MB).toFixed(2)} MB raw)`);
  out();

  out(`Playground stroke → every feature map painted (${stroke.mapCount} canvases), ${stroke.samples} pointer events replayed one per 16 ms over 3 digits${stroke.missed ? `, ${stroke.missed} never painted` : ''}:`);
  out(`  p50 ${fmt(q.p50)} ms, p95 ${fmt(q.p95)} ms (min ${fmt(stroke.latenciesMs[0])}, max ${fmt(stroke.latenciesMs.at(-1))})`);
  out(`  medians of the steps: ${Object.entries(stroke.stages).map(([k, v]) => `${k} ${fmt(median(v))} ms`).join(', ')}`);
  out();

  out(`The site's bench.html (the seed network with its shipped weights): preprocess of a 280×280 drawing ${timing(site.full.preprocess)}, predict ${timing(site.full.predict)},`);
  out(`  predictDrawing (the playground's call per pen move: both in one) ${timing(site.full.predictDrawing)};`);
  out(`  cold start ${site.coldMs.map(fmt).join(', ')} ms (engine ready at ${fmt(site.full.engineReadyMs)} ms, model loaded at ${fmt(site.full.modelLoadedMs)} ms in the first);`);
  const m = site.full.memory;
  out(`  wasm memory over the timed calls ${(m.wasmBytesBefore / 2 ** 20).toFixed(1)} → ${(m.wasmBytesAfter / 2 ** 20).toFixed(1)} MiB; JS values held by Go ${m.goRefsBefore} → ${m.goRefsAfter}`);
  out();

  if (profile) {
    out(`Where Svertka's predict spends its time: CPU profile of ${profile.calls} calls on the comparison model (${fmt(profile.wallMs / profile.calls)} ms per call while profiled),`);
    out('  build/bench/svertka-names.wasm (the same engine, function names kept), self time:');
    for (const p of profile.parts) out(`  ${pct(p.ms, profile.totalMs)}  ${p.name}`);
    out('  top functions:');
    for (const f of profile.top) out(`  ${pct(f.ms, profile.totalMs)}  ${f.name}  (${f.part})`);
  } else {
    out('No CPU profile: build/bench/svertka-names.wasm is missing (make bench builds it).');
  }
  console.log(lines.join('\n'));
}

// cpuPerCall is a phase's CPU time (main thread, or clock: 'processMs') per timed call.
function cpuPerCall(r, phase, clock = 'threadMs') {
  return r.cpu[phase][clock] / r[phase].calls;
}

// cpuSamples is training's samples per second of main-thread CPU time.
function cpuSamples(r) {
  return (r.train.steps * r.train.batch) / (r.cpu.train.threadMs / 1000);
}

function timing(r) {
  return `${fmt(r.medianMs)} / ${fmt(r.p95Ms)} ms`;
}

function target(out, what, value, ok, show) {
  out(`  ${ok(value) ? '✓' : '✗'}  ${what}: ${show(value)}`);
}

function ratio(a, b) {
  return `${(a / b).toFixed(2)}×`;
}

function pct(part, total) {
  return `${((100 * part) / total).toFixed(1).padStart(5)}%`;
}

// fmt keeps three significant digits or so: 0.412, 3.91, 41.2, 1234.
function fmt(x) {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

function table(out, rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) out(`  ${r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd()}`);
}
