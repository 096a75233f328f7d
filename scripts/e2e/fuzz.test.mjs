// The JavaScript API fuzzer (issue 16) against the built site, on the
// page's thread and in a Web Worker: seeded random calls of every method
// through Svertka.load(), hostile arguments mixed with valid calls whose
// results must equal the reference exactly (fuzz-page.mjs runs them inside
// the page, where Proxies and getters live).
//
// make test runs a short, fixed-seed run; make fuzz-js N=10000 SEED=7 a long
// one (FUZZ_CALLS, FUZZ_SEED), whose reports land in build/fuzz/.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hostPage, load } from './engine-lib.mjs';
import { repoRoot, useSite } from './harness.mjs';

const CALLS = Number(process.env.FUZZ_CALLS || 1500);
const SEED = Number(process.env.FUZZ_SEED || 16);
const MiB = 1 << 20;

const site = useSite();
const fuzzer = { 'fuzz-page.mjs': { path: path.join(repoRoot, 'scripts', 'e2e', 'fuzz-page.mjs'), contentType: 'text/javascript' } };

for (const worker of [false, true]) {
  const mode = worker ? 'worker' : 'page';
  test(`${CALLS} fuzzed calls (seed ${SEED}) on the ${mode}'s engine: no death, no hang, no internal error, every valid call exact`, { timeout: 120_000 + CALLS * 100 }, async () => {
    const page = await hostPage(site.browser, site.server, fuzzer);
    assert.equal(await load(page, { worker }), null);
    const started = Date.now();
    const report = await page.evaluate(async ([calls, seed]) => {
      const { fuzz } = await import(new URL('fuzz-page.mjs', location.href).href);
      const modelText = await (await fetch('model/digits.json')).text();
      return fuzz(globalThis.nn, { calls, seed, modelText });
    }, [CALLS, SEED]);
    report.mode = mode;
    report.seconds = (Date.now() - started) / 1000;
    mkdirSync(path.join(repoRoot, 'build', 'fuzz'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'build', 'fuzz', `report-${mode}-${SEED}-${CALLS}.json`), JSON.stringify(report, null, 1));
    const growth = report.memory.end - report.memory.afterWarmup;
    console.log(`${mode}: ${report.calls} calls in ${report.seconds} s — ${report.valid} valid (${report.exact} exact, ${report.slowValid} slow), ` +
      `${report.resolved} resolved, ${report.rejected} rejected, longest message ${report.longestMessage} characters, ` +
      `failures ${JSON.stringify(report.failureCounts)}, growth ${JSON.stringify(report.growth)}, wasm memory ${report.memory.afterSetup / MiB} → ${report.memory.afterWarmup / MiB} → ${report.memory.end / MiB} MiB`);
    assert.deepEqual(report.failures, { deaths: [], hangs: [], internal: [], badMessages: [], mismatches: [], notErrors: [] });
    assert.equal(report.calls, CALLS);
    assert.equal(report.exact, report.valid);
    assert.ok(report.valid > CALLS / 5, `${report.valid} valid calls of ${CALLS}`);
    assert.ok(report.longestMessage < 1024, `the longest message has ${report.longestMessage} characters`);
    assert.ok(growth <= 16 * MiB, `wasm memory grew by ${growth / MiB} MiB after warm-up`);
    // Every method was called, the new ones included.
    const methods = await page.evaluate(() => Object.keys(globalThis.nn).filter((m) => typeof globalThis.nn[m] === 'function' && !['stats', 'terminate', 'restart'].includes(m)));
    if (CALLS >= 1000) assert.deepEqual(methods.filter((m) => !report.byMethod[m]), []);
    assert.deepEqual(page.svertkaProblems, []);
  });
}
