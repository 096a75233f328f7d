// Shared helpers for the end-to-end tests (`node --test scripts/e2e/*.test.mjs`,
// run by make test after make pages). They drive the built site in the system
// Chromium through playwright-core; no browser is ever downloaded.
//
//   const server = await startServer({ dir: 'build/site', prefix: '/' });
//   const browser = await launchBrowser();
//   const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
//   await page.goto(server.url);
//   await waitForEngine(page);
//   ...
//   assert.deepEqual(page.svertkaProblems, []);
//   await screenshot(page, 'phone-ready');
//   await browser.close(); await server.close();

import { execFile, spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = path.join(repoRoot, 'build', 'screenshots');
const tmpDir = path.join(repoRoot, 'build', 'tmp');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let serverBinary;

// buildServer compiles scripts/serve once per test process (go build's cache
// makes it quick) and renames it into place, which is atomic, so test files
// running in parallel never start a half-written binary.
function buildServer() {
  serverBinary ??= (async () => {
    const bin = path.join(repoRoot, '.bin', 'serve');
    const tmp = `${bin}.${process.pid}.tmp`;
    mkdirSync(path.dirname(bin), { recursive: true });
    await promisify(execFile)(process.env.GO || 'go', ['build', '-o', tmp, './scripts/serve'], { cwd: repoRoot });
    renameSync(tmp, bin);
    return bin;
  })();
  return serverBinary;
}

/**
 * Serves dir (relative to the repository root) under the URL path prefix
 * with the project's own server on a free port; mounts ({ '/url/path/':
 * 'folder' }, folders relative to the root) are served beside it.
 * @returns {Promise<{url: string, close: () => Promise<void>}>} url ends with the prefix.
 */
export async function startServer({ dir = 'build/site', prefix = '/', mounts = {} } = {}) {
  const bin = await buildServer();
  const mountArgs = Object.entries(mounts).flatMap(([at, folder]) => ['-mount', `${at}=${path.resolve(repoRoot, folder)}`]);
  const child = spawn(bin, ['-dir', path.resolve(repoRoot, dir), '-port', '0', '-prefix', prefix, ...mountArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test that forgets close() must neither hang nor leave the server running.
  child.unref();
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${bin} printed no URL within 15 s:\n${stdout}${stderr}`)), 15_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = stdout.match(/^Serving .+ at (http:\/\/\S+)$/m);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('error', reject);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited (${code ?? signal}) before serving:\n${stderr}`));
    });
  });
  for (const stream of [child.stdout, child.stderr]) stream.unref?.();

  return {
    url,
    async close() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, 10_000, null);
      });
      const result = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (result === null) {
        child.kill('SIGKILL');
        throw new Error('the server did not stop within 10 s of SIGTERM');
      }
      // Exit status 0 proves the graceful shutdown path ran.
      if (result.code !== 0) throw new Error(`the server exited with ${result.code ?? result.signal} on SIGTERM, want 0`);
    },
  };
}

/**
 * Launches /usr/bin/chromium headless. Playwright gives every launch a fresh
 * profile (--user-data-dir) under os.tmpdir(), so TMPDIR points at build/tmp
 * for this process and for the browser: a crashed run leaves its profile there,
 * git-ignored, and make clean removes it.
 */
export async function launchBrowser() {
  mkdirSync(tmpDir, { recursive: true });
  process.env.TMPDIR = tmpDir;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, TMPDIR: tmpDir },
    timeout: 60_000,
  });
}

/**
 * Opens a page in a context of its own (pages sharing a context are tabs, and
 * background tabs are throttled). page.svertkaProblems collects, as strings:
 * console errors, uncaught page errors, requests to any origin but the site's
 * (the first page the tab navigates to, or options.origin), failed requests,
 * HTTP error responses and Content-Security-Policy violations.
 * Other options are passed to browser.newContext (viewport, isMobile, hasTouch...).
 */
export async function newPage(browser, { origin, viewport = { width: 1280, height: 800 }, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.svertkaProblems = problems;
  let siteOrigin = origin ? new URL(origin).origin : null;

  // The page's CSP does not apply to bindings and init scripts, so this
  // reporter works on the strictest page.
  await page.exposeBinding('__svertkaReportCSP', (_source, text) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__svertkaReportCSP(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || 'page'}:${e.lineNumber})`);
    });
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (/content.security.policy/i.test(text)) problems.push(`CSP (console ${msg.type()}): ${text}`);
    else if (msg.type() === 'error') problems.push(`console error: ${text} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.stack || err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob):/.test(url)) return;
    const requestOrigin = new URL(url).origin;
    if (siteOrigin === null && req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      siteOrigin = requestOrigin;
    } else if (requestOrigin !== siteOrigin) {
      problems.push(`request to another origin: ${req.method()} ${url}`);
    }
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return page;
}

/**
 * Waits until the playground reports html[data-engine="ready"]; fails at once
 * with the page's message when it reports "error" instead.
 */
export async function waitForEngine(page, { timeout = 30_000 } = {}) {
  // A selector, not waitForFunction: it needs no eval, so it works under the site's CSP.
  const html = page.locator('html[data-engine="ready"], html[data-engine="error"]');
  await html.waitFor({ state: 'attached', timeout });
  if ((await html.getAttribute('data-engine')) === 'error') {
    const text = (await page.locator('body').innerText()).trim().slice(0, 1000);
    throw new Error(`the engine reported data-engine="error"; page text:\n${text}`);
  }
}

/** Saves a PNG of the page as build/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/**
 * Registers a test file's before/after hooks: the server and Chromium start
 * once for the file and, when page options are given, the playground opens in
 * a context of its own, waits for its engine and runs prepare(page). The
 * returned object's server, browser and page are set by the time the tests
 * run. (One hook does it all: Node 20 does not wait for one root-level before
 * hook to finish before starting the next.)
 */
export function useSite({ page: pageOptions, prepare } = {}) {
  const site = {};
  before(async () => {
    site.server = await startServer();
    site.browser = await launchBrowser();
    if (pageOptions) {
      site.page = await newPage(site.browser, pageOptions);
      await site.page.goto(site.server.url);
      await waitForEngine(site.page);
      await prepare?.(site.page);
    }
  });
  after(async () => {
    await site.page?.context().close();
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
