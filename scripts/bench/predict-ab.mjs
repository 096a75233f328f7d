// Runs only the "predict with all activations" timing of make bench's
// comparison page (Svertka and TF.js's wasm backend, on the comparison model
// and on the seed network) on one or more built sites, alternating between
// them round after round so that a busy machine weighs on each alike; for
// A/B runs of a predict change.
//
//   node scripts/bench/predict-ab.mjs [--rounds N] [site dir ...]   (default build/site, 3 rounds)
//
// Prints, per round and site, Svertka's median and its ratio to TF.js wasm
// timed in the same round, then the median of the rounds' ratios.

import { launchBrowser, startServer } from '../e2e/harness.mjs';
import { BENCH_MODEL, MOUNTS, SEED_MODEL, runPeer } from './peerpage.mjs';
import { abArgs, median } from './lib.mjs';

const { rounds, dirs } = abArgs(3);
const CALLS = { warmup: 50, calls: 300 };
const MODELS = { comparison: BENCH_MODEL, seed: SEED_MODEL };

const browser = await launchBrowser();
const servers = await Promise.all(dirs.map((dir) => startServer({ dir, mounts: MOUNTS })));
const ratios = new Map(); // `${dir} ${model}` → ratios
const time = async (server, peer, model) =>
  (await runPeer(browser, server, { peer, model, mode: 'full', more: CALLS })).result.predictAll.medianMs;
try {
  for (let r = 0; r < rounds; r++) {
    for (const [name, model] of Object.entries(MODELS)) {
      const tf = await time(servers[0], 'tfjs-wasm', model);
      for (const [i, dir] of dirs.entries()) {
        const sv = await time(servers[i], 'svertka', model);
        const key = `${dir} ${name}`;
        ratios.set(key, [...(ratios.get(key) ?? []), sv / tf]);
        console.log(`round ${r + 1} ${name}: ${dir} ${sv.toFixed(3)} ms, TF.js wasm ${tf.toFixed(3)} ms, ${(sv / tf).toFixed(2)}×`);
      }
    }
  }
  for (const [key, rs] of ratios) console.log(`${key}: median ratio to TF.js wasm ${median(rs).toFixed(2)}× (${rs.map((x) => x.toFixed(2)).join(', ')})`);
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
