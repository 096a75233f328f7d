// What the bench scripts share: the statistics they print, the arguments of
// the A/B scripts (stroke-ab.mjs, cold-ab.mjs) and a run of the site's own
// bench.html.

import { newPage } from '../e2e/harness.mjs';

/** median of xs (any order), the mean of the middle two for an even count. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

/** quantiles of sorted: { p50, p95 }, p95 the smallest value at or above 95% of them. */
export function quantiles(sorted) {
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: median(sorted), p95: at(0.95) };
}

/**
 * abArgs reads an A/B script's command line, `[--rounds N] [site dir ...]`:
 * { rounds, dirs }, with build/site when no directory is given.
 */
export function abArgs(defaultRounds) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at < 0 ? defaultRounds : Number(args.splice(at, 2)[1]);
  return { rounds, dirs: args.length ? args : ['build/site'] };
}

/**
 * benchPage opens url (the site's bench.html, with its query) in a fresh
 * context of browser and resolves with the results it writes, rejecting
 * with what went wrong there.
 */
export async function benchPage(browser, url, timeout) {
  const page = await newPage(browser);
  try {
    await page.goto(url);
    await page.locator('html[data-bench="done"], html[data-bench="error"]').waitFor({ state: 'attached', timeout });
    const result = JSON.parse(await page.locator('#results').textContent());
    if (result.error) throw new Error(`bench.html: ${result.error}`);
    if (page.svertkaProblems.length > 0) throw new Error(`bench.html had problems:\n  ${page.svertkaProblems.join('\n  ')}`);
    return result;
  } finally {
    await page.context().close();
  }
}
