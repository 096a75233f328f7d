// Helpers of the engine loader's tests (engine.test.mjs, worker.test.mjs):
// an empty page with the playground's Content-Security-Policy to load
// engines into, the exiter test program (wasm/svertka/testdata/exiter), and
// a page's engine worker and a way to break it (worker.test.mjs,
// builder.test.mjs).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { newPage, repoRoot } from './harness.mjs';

export const EXITER = path.join(repoRoot, 'build', 'tmp', 'exiter.wasm');
export const EXITER_BEFORE = path.join(repoRoot, 'build', 'tmp', 'exiter-before.wasm');

/** Builds build/tmp/exiter.wasm and exiter-before.wasm (which exits before it is ready). */
export function buildExiters() {
  mkdirSync(path.dirname(EXITER), { recursive: true });
  const build = (out, ...flags) => promisify(execFile)(process.env.GO || 'go', ['build', ...flags, '-o', out, './wasm/svertka/testdata/exiter'], {
    cwd: repoRoot,
    env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' },
  });
  return Promise.all([build(EXITER), build(EXITER_BEFORE, '-ldflags=-X=main.mode=before')]);
}

// An empty page with the playground's Content-Security-Policy, served from
// the site's origin so that svertka.js and its files resolve next to it.
const HOST = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'">
<link rel="icon" href="img/favicon.svg" type="image/svg+xml"><title>engine test</title></head><body></body></html>`;

/**
 * Opens the empty host page of the site served at server.url; routes maps a
 * file name of the site to the response Chromium gets for it instead.
 */
export async function hostPage(browser, server, routes = {}) {
  const page = await newPage(browser);
  await page.route('**/__engine-test.html', (r) => r.fulfill({ contentType: 'text/html', body: HOST }));
  for (const [name, response] of Object.entries(routes)) {
    await page.route(`**/${name}`, (r) => r.fulfill(response));
  }
  await page.goto(`${server.url}__engine-test.html`);
  return page;
}

/**
 * Runs Svertka.load(options) in the page and keeps the engine as
 * globalThis[name] (nn by default); returns null, or the message of the
 * load's error. With onexit: true, globalThis.exitHeard resolves with the
 * message of the Error the onexit hook gets.
 * It also defines globalThis.rejected(promise), the message of a rejection
 * (checking it is an Error) or "resolved".
 */
export function load(page, options = {}, name = 'nn') {
  return page.evaluate(async ([options, name]) => {
    globalThis.rejected = (p) => p.then(() => 'resolved', (e) => (e instanceof Error ? e.message : 'not an Error'));
    const { Svertka } = await import(new URL('svertka.js', location.href).href);
    globalThis.SvertkaModule = Svertka;
    if (options.onexit) {
      globalThis.exitHeard = new Promise((resolve) => {
        options.onexit = (err) => resolve(err instanceof Error ? err.message : 'not an Error');
      });
    }
    try {
      globalThis[name] = await Svertka.load(options);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : `not an Error: ${err}`;
    }
  }, [options, name]);
}

// engineWorker finds the page's engine worker that is not yet in known.
export function engineWorker(page, known = []) {
  const w = page.workers().filter((x) => x.url().endsWith('/svertka-worker.js') && !known.includes(x));
  assert.equal(w.length, 1, `one new engine worker, found ${w.length}`);
  return w[0];
}

// crash makes a worker throw an error nothing catches, as a bug in the
// worker would, and waits until it is thrown.
export async function crash(worker) {
  await worker.evaluate(() => new Promise((resolve) => {
    setTimeout(() => {
      resolve();
      throw new Error('test: the engine worker breaks');
    });
  }));
}
