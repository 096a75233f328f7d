// Opens make bench's comparison page (scripts/bench/peers/peers.html) for
// one peer in a fresh browser context and returns its results, with the
// JavaScript and wasm the peer fetched measured from the network events.

import { newPage } from '../e2e/harness.mjs';

// The URL paths runner and tests serve the comparison's folders under.
export const MOUNTS = {
  '/peers/': 'scripts/bench/peers',
  '/node_modules/': 'node_modules',
  '/bench-data/': 'build/bench',
};
export const BENCH_MODEL = '/bench-data/model.json';
export const SEED_MODEL = '/model/digits.json';
export const PEERS = ['svertka', 'tfjs-wasm', 'tfjs-cpu', 'convnetjs'];

/**
 * Runs peers.html?peer=…&model=…&mode=…(&more) and returns
 * { result, transfer: { files: [{ url, raw, wire }], raw, wire }, page? }.
 * result.cpu[phase] = { threadMs, processMs } is the CPU time the renderer's
 * main thread and its whole process spent in each timed phase (predict,
 * predictAll, train), read from the DevTools protocol's Performance metrics
 * when the page marks the phase's start and end.
 * transfer counts the .js and .wasm responses outside /peers/ (the page's
 * own code is the same for every peer): raw is the decoded body, wire what
 * crossed the network (the server gzips JavaScript and wasm). With keep, the
 * page stays open and is returned; close its context when done.
 */
export async function runPeer(browser, server, { peer, model, mode, more = {}, keep = false, timeout = 600_000 }) {
  const page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const clocks = {};
  await page.exposeBinding('benchMark', async (_source, name) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (key) => metrics.find((m) => m.name === key).value * 1000;
    clocks[name] = { threadMs: get('ThreadTime'), processMs: get('ProcessTime') };
  });
  const responses = [];
  page.on('response', (res) => {
    const { pathname } = new URL(res.url());
    if (/\.(m?js|wasm)$/.test(pathname) && !pathname.startsWith('/peers/')) responses.push(res);
  });
  try {
    const query = new URLSearchParams({ peer, model, mode, ...more });
    await page.goto(`${server.url}peers/peers.html?${query}`);
    const html = page.locator('html[data-bench="done"], html[data-bench="error"]');
    await html.waitFor({ state: 'attached', timeout });
    const result = JSON.parse(await page.locator('#results').textContent());
    if (result.error) throw new Error(`${peer}: ${result.error}`);
    if (page.svertkaProblems.length > 0) throw new Error(`${peer}: the page had problems:\n  ${page.svertkaProblems.join('\n  ')}`);
    result.cpu = {};
    for (const [name, start] of Object.entries(clocks)) {
      const phase = name.replace(/:start$/, '');
      const end = clocks[`${phase}:end`];
      if (phase !== name && end) result.cpu[phase] = { threadMs: end.threadMs - start.threadMs, processMs: end.processMs - start.processMs };
    }
    const files = await Promise.all(responses.map(async (res) => ({
      url: new URL(res.url()).pathname,
      raw: (await res.body()).length,
      wire: (await res.request().sizes()).responseBodySize,
    })));
    const transfer = { files, raw: sum(files, 'raw'), wire: sum(files, 'wire') };
    if (keep) return { result, transfer, page };
    return { result, transfer };
  } finally {
    if (!keep) await page.context().close();
  }
}

const sum = (list, key) => list.reduce((s, x) => s + x[key], 0);
