// Runs only the "predict with all activations" timing of make bench's
// comparison page (Svertka and TF.js's wasm backend, on the comparison model
// and on the seed network) on one or more built sites, alternating between
// them round after round so that a busy machine weighs on each alike; for
// A/B runs of a predict change, in turns (ABBA).
//
//   node scripts/bench/predict-ab.mjs [--rounds N] [site dir ...]   (default build/site, 3 rounds)
//
// Prints, per round and site, Svertka's median and its ratio to TF.js wasm
// timed in the same round, then the median of the rounds' ratios; in
// brackets the same from the renderer main thread's CPU time per call,
// which a busy machine stretches less than the wall clock, and from the
// fastest call of each (the one least disturbed by the machine's other
// work).

import { launchBrowser, startServer } from '../e2e/harness.mjs';
import { BENCH_MODEL, MOUNTS, SEED_MODEL, runPeer } from './peerpage.mjs';
import { abArgs, median } from './lib.mjs';

const { rounds, dirs } = abArgs(3);
const CALLS = { warmup: 50, calls: 300 };
const MODELS = { comparison: BENCH_MODEL, seed: SEED_MODEL };

const browser = await launchBrowser();
const servers = await Promise.all(dirs.map((dir) => startServer({ dir, mounts: MOUNTS })));
const ratios = new Map(); // `${dir} ${model}` → [wall ratio, CPU ratio] per round
const time = async (server, peer, model) => {
  const { predictAll, cpu } = (await runPeer(browser, server, { peer, model, mode: 'full', more: CALLS })).result;
  return { ms: predictAll.medianMs, min: predictAll.minMs, cpu: cpu.predictAll.threadMs / predictAll.calls };
};
const show = (rs, i) => `${median(rs.map((r) => r[i])).toFixed(2)}×`;
try {
  for (let r = 0; r < rounds; r++) {
    for (const [name, model] of Object.entries(MODELS)) {
      const tf = await time(servers[0], 'tfjs-wasm', model);
      // The site timed second in a round came out ~8% slower in A/A runs:
      // every other round takes them in the opposite order.
      const order = [...dirs.entries()];
      if (r % 2) order.reverse();
      for (const [i, dir] of order) {
        const sv = await time(servers[i], 'svertka', model);
        const key = `${dir} ${name}`;
        ratios.set(key, [...(ratios.get(key) ?? []), [sv.ms / tf.ms, sv.cpu / tf.cpu, sv.min / tf.min, sv.min]]);
        console.log(`round ${r + 1} ${name}: ${dir} ${sv.ms.toFixed(3)} ms (CPU ${sv.cpu.toFixed(3)}, fastest ${sv.min.toFixed(3)}), ` +
          `TF.js wasm ${tf.ms.toFixed(3)} ms (CPU ${tf.cpu.toFixed(3)}, fastest ${tf.min.toFixed(3)}), ${(sv.ms / tf.ms).toFixed(2)}× (${(sv.cpu / tf.cpu).toFixed(2)}×)`);
      }
    }
  }
  for (const [key, rs] of ratios) {
    console.log(`${key}: median ratio to TF.js wasm ${show(rs, 0)} (CPU ${show(rs, 1)}, fastest calls ${show(rs, 2)}); ` +
      `fastest call ${Math.min(...rs.map((x) => x[3])).toFixed(3)} ms; rounds ${rs.map((x) => x[0].toFixed(2)).join(', ')}`);
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
