// Runs only the cold starts (navigation → first prediction) on one or more
// built sites, alternating between them round after round so that a busy
// machine weighs on each alike; for A/B runs of a loading change. Each round
// opens, in fresh browser contexts, the site's bench.html?quick (the seed
// network; its engine-ready and model-loaded times too) and the comparison
// page's Svertka cold start (make bench's model), as make bench does.
//
//   node scripts/bench/cold-ab.mjs [--rounds N] [site dir[:peers dir] ...]   (default build/site, 10 rounds)
//
// A peers dir serves the comparison page (scripts/bench/peers by default)
// from another folder, for an A/B run of a change to the page itself: a
// copy of the base's scripts/bench/peers beside a copy of its built site.
// Prints each run, then each site's medians and their ratios to the first's.

import { launchBrowser, startServer } from '../e2e/harness.mjs';
import { BENCH_MODEL, MOUNTS, runPeer } from './peerpage.mjs';
import { abArgs, benchPage, median } from './lib.mjs';

const { rounds, dirs } = abArgs(10);

const browser = await launchBrowser();
const servers = await Promise.all(dirs.map((arg) => {
  const [dir, peers] = arg.split(':');
  return startServer({ dir, mounts: peers ? { ...MOUNTS, '/peers/': peers } : MOUNTS });
}));
const runs = dirs.map(() => ({ ready: [], loaded: [], site: [], peer: [] }));
try {
  for (let r = 0; r < rounds; r++) {
    for (const [i, dir] of dirs.entries()) {
      const s = await benchPage(browser, `${servers[i].url}bench.html?quick`, 60_000);
      const p = (await runPeer(browser, servers[i], { peer: 'svertka', model: BENCH_MODEL, mode: 'cold' })).result;
      runs[i].ready.push(s.engineReadyMs);
      runs[i].loaded.push(s.modelLoadedMs);
      runs[i].site.push(s.coldStartMs);
      runs[i].peer.push(p.coldStartMs);
      console.log(`${dir} round ${r + 1}: bench.html engine ready ${s.engineReadyMs}, model loaded ${s.modelLoadedMs}, ` +
        `first prediction ${s.coldStartMs} ms; comparison page ${p.coldStartMs} ms`);
    }
  }
  for (const [i, dir] of dirs.entries()) {
    const m = (key) => median(runs[i][key]).toFixed(0) + (i === 0 ? '' : ` (${(median(runs[i][key]) / median(runs[0][key])).toFixed(2)}×)`);
    console.log(`${dir} medians of ${rounds}: bench.html engine ready ${m('ready')}, model loaded ${m('loaded')}, ` +
      `first prediction ${m('site')} ms; comparison page ${m('peer')} ms`);
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
