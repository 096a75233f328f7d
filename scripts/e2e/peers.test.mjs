// make bench's side-by-side comparison stays honest: every peer (Svertka,
// TF.js on wasm and on the CPU, ConvNetJS), built from the same model file,
// gives the probabilities of the float64 reference on a few inputs, and
// every peer that trains starts from the reference's first-batch loss.
// Nothing is timed here; make bench does that with the same page.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { launchBrowser, repoRoot, startServer } from './harness.mjs';
import { BENCH_MODEL, MOUNTS, PEERS, SEED_MODEL, runPeer } from '../bench/peerpage.mjs';

const site = {};
before(async () => {
  await promisify(execFile)(process.env.GO || 'go', ['run', './scripts/bench/model', '-out', 'build/bench/model.json'], { cwd: repoRoot });
  site.server = await startServer({ mounts: MOUNTS });
  site.browser = await launchBrowser();
});
after(async () => {
  await site.browser?.close();
  await site.server?.close();
});

for (const peer of PEERS) {
  test(`${peer} matches the float64 reference on the comparison model`, async () => {
    const { result, transfer } = await runPeer(site.browser, site.server, { peer, model: BENCH_MODEL, mode: 'check', more: { train: 0, batch: 4 }, timeout: 60_000 });
    assert.ok(result.check.maxAbsDiff <= 1e-4, `max |Δp| ${result.check.maxAbsDiff} > 1e-4`);
    assert.equal(result.check.inputs, 4);
    assert.equal(result.check.macs, 614_460, 'the model of issue #11 has 614,460 multiply-adds (1.23 MFLOP)');
    assert.ok(result.check.firstEqualsLater, 'the first prediction differs from a later one of the same input');
    // The inputs are not all the same class, so a peer returning one fixed answer fails.
    assert.ok(new Set(result.check.referenceLabels).size > 1, `reference labels ${result.check.referenceLabels}`);
    assert.ok(transfer.files.length > 0 && transfer.raw > 0, 'the peer fetched no code');
    const { train } = result;
    if (peer === 'tfjs-wasm' && train.error) {
      // TF.js's wasm backend has no convolution gradients; make bench says so.
      assert.match(train.error, /not registered for backend 'wasm'/);
    } else {
      assert.ok(Math.abs(train.firstLoss - train.referenceLoss) <= 1e-4, `first-batch loss ${train.firstLoss}, reference ${train.referenceLoss}`);
    }
  });
}

test('Svertka and TF.js wasm match the reference on the seed network', async () => {
  for (const peer of ['svertka', 'tfjs-wasm']) {
    const { result } = await runPeer(site.browser, site.server, { peer, model: SEED_MODEL, mode: 'check', timeout: 60_000 });
    assert.ok(result.check.maxAbsDiff <= 1e-4, `${peer}: max |Δp| ${result.check.maxAbsDiff} > 1e-4`);
  }
});

test('a wrong peer name is reported, not hung on', async () => {
  await assert.rejects(runPeer(site.browser, site.server, { peer: 'nope', model: BENCH_MODEL, mode: 'check', timeout: 30_000 }), /unknown peer "nope"/);
});
