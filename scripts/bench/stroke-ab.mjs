// Runs only the playground's stroke-to-painted latency (stroke.mjs) on one or
// more built sites, alternating between them round after round so that a
// busy machine weighs on each alike; for A/B runs of a playground change.
//
//   node scripts/bench/stroke-ab.mjs [--rounds N] [site dir ...]   (default build/site, 2 rounds)
//
// Prints each run's p50/p95 (as make bench reports them) and its steps' medians.

import { launchBrowser, startServer } from '../e2e/harness.mjs';
import { strokeLatency } from './stroke.mjs';
import { abArgs, median, quantiles } from './lib.mjs';

const { rounds, dirs } = abArgs(2);

const browser = await launchBrowser();
const servers = await Promise.all(dirs.map((dir) => startServer({ dir })));
try {
  for (let r = 0; r < rounds; r++) {
    for (const [i, dir] of dirs.entries()) {
      const s = await strokeLatency(browser, servers[i].url);
      const q = quantiles(s.latenciesMs);
      const steps = Object.entries(s.stages).map(([k, v]) => `${k} ${median(v).toFixed(2)}`).join(', ');
      console.log(`${dir} round ${r + 1}: p50 ${q.p50.toFixed(1)} ms, p95 ${q.p95.toFixed(1)} ms, ` +
        `${s.samples} events (${s.missed} never painted), ${s.mapCount} maps; medians: ${steps}`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
