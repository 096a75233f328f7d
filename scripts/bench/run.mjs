// The browser part of `make bench`: serves the built site, opens bench.html
// in headless Chromium and prints the engine's numbers — predict (seed
// network, every activation returned) median and p95 over 500 calls after 50
// warm-up calls, preprocess likewise, the cold start from navigation to the
// first prediction, each with the engine on the page's thread and in a Web
// Worker (bench.html?worker) — and the size of svertka.wasm raw and gzipped. It builds
// nothing: run `make build` first (make bench does).
//
//   node scripts/bench/run.mjs [site dir, default build/site]

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { launchBrowser, newPage, repoRoot, startServer } from '../e2e/harness.mjs';

const COLD_RUNS = 3; // fresh browser contexts, so nothing is cached between them

const dir = process.argv[2] ?? 'build/site';
const wasmPath = path.resolve(repoRoot, dir, 'svertka.wasm');
if (!existsSync(wasmPath)) {
  console.error(`bench: ${path.relative(repoRoot, wasmPath)} is missing; run make build first`);
  process.exit(1);
}

const wasm = readFileSync(wasmPath);
const gzipped = gzipSync(wasm, { level: constants.Z_BEST_COMPRESSION }).length;

const server = await startServer({ dir });
const browser = await launchBrowser();
let failed = false;
try {
  // Both ways of running the engine, alternating so that a machine busy
  // with other work slows both alike.
  const modes = [["engine on the page's thread", ''], ['engine in a Web Worker (the playground)', 'worker']];
  const runs = modes.map(() => []);
  for (let i = 0; i < COLD_RUNS; i++) {
    // The first run also times the calls; the others only the cold start.
    for (const [m, [, query]] of modes.entries()) {
      runs[m].push(await openBench(`bench.html?${[query, i === 0 ? '' : 'quick'].filter(Boolean).join('&')}`));
    }
  }
  const mb = (n) => `${(n / 2 ** 20).toFixed(2)} MiB`;
  const line = (label, r) =>
    `  ${label.padEnd(44)} median ${ms(r.medianMs)}  p95 ${ms(r.p95Ms)}  (mean ${ms(r.meanMs)}, min ${ms(r.minMs)}, max ${ms(r.maxMs)}; ${r.calls} calls after ${r.warmup} warm-up)`;
  const ua = runs[0][0].userAgent;
  console.log(`Svertka engine in headless Chromium (${ua.match(/Chrome\/\S+/)?.[0] ?? ua})`);
  for (const [m, [mode]] of modes.entries()) {
    const [full] = runs[m];
    console.log(` ${mode}:`);
    console.log(line('predict (seed net, all activations)', full.predict));
    console.log(line('preprocess (280×280 drawing)', full.preprocess));
    const cold = runs[m].map((r) => r.coldStartMs).sort((a, b) => a - b);
    const mid = [...runs[m]].sort((a, b) => a.coldStartMs - b.coldStartMs)[runs[m].length >> 1];
    console.log(`  ${'cold start (navigation → first prediction)'.padEnd(44)} median ${ms(mid.coldStartMs)} of ${COLD_RUNS} fresh loads (${cold.map(ms).join(', ')});`);
    console.log(`  ${''.padEnd(44)} in it: engine ready at ${ms(mid.engineReadyMs)}, model loaded at ${ms(mid.modelLoadedMs)}`);
    const mem = full.memory;
    console.log(`  ${'wasm memory over the timed calls'.padEnd(44)} ${mb(mem.wasmBytesBefore)} → ${mb(mem.wasmBytesAfter)}; JS values held by Go ${mem.goRefsBefore} → ${mem.goRefsAfter}`);
  }
  console.log(`  ${'svertka.wasm'.padEnd(44)} ${wasm.length} bytes raw (${mb(wasm.length)}), ${gzipped} bytes gzip -9 (${mb(gzipped)})`);
} catch (err) {
  console.error(`bench: ${err.message}`);
  failed = true;
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);

// openBench loads the page in a fresh context and returns its results.
async function openBench(page0) {
  const page = await newPage(browser);
  try {
    await page.goto(server.url + page0);
    const html = page.locator('html[data-bench="done"], html[data-bench="error"]');
    await html.waitFor({ state: 'attached', timeout: 180_000 });
    const result = JSON.parse(await page.locator('#results').textContent());
    if (result.error) throw new Error(`bench.html: ${result.error}`);
    if (page.svertkaProblems.length > 0) throw new Error(`bench.html had problems:\n  ${page.svertkaProblems.join('\n  ')}`);
    return result;
  } finally {
    await page.context().close();
  }
}

function ms(x) {
  return `${x.toFixed(2)} ms`;
}
