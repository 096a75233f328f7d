// The built site loads its wasm engine and model and reports ready, both as
// make serve serves it and as GitHub Pages publishes it under a sub-path.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, repoRoot, screenshot, startServer, waitForEngine } from './harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const setups = [
  { name: 'build/site at / (make serve)', dir: 'build/site', prefix: '/', shot: 'ready-site' },
  { name: 'build/pages under /svertka/ (GitHub Pages)', dir: 'build/pages', prefix: '/svertka/', shot: 'ready-pages' },
];

for (const { name, dir, prefix, shot } of setups) {
  test(`engine becomes ready: ${name}`, async (t) => {
    const server = await startServer({ dir, prefix });
    t.after(() => server.close());
    assert.equal(new URL(server.url).pathname, prefix);

    const page = await newPage(browser);
    t.after(() => page.context().close());
    const wasm = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.endsWith('.wasm')) wasm.push(res);
    });

    await page.goto(server.url);
    await waitForEngine(page);

    // The engine arrived as wasm, from under the prefix, with the type that
    // lets the browser compile while downloading, and compressed.
    const engine = wasm.find((res) => new URL(res.url()).pathname === `${prefix}svertka.wasm`);
    assert.ok(engine, `no request for ${prefix}svertka.wasm; wasm requests: ${wasm.map((r) => r.url()).join(', ') || 'none'}`);
    const headers = await engine.allHeaders();
    assert.equal(headers['content-type'], 'application/wasm');
    assert.equal(headers['content-encoding'], 'gzip');

    // Every link off the page stays on the site: the API reference is a copy
    // served next to the page, so it works offline and under a sub-path.
    for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href))) {
      assert.equal(new URL(href).origin, new URL(server.url).origin, `link to another host: ${href}`);
    }
    await screenshot(page, shot);

    // The reference page renders API.md: every function has its section.
    await page.locator('#api-link').click();
    await page.locator('#apidoc:not([aria-busy])').waitFor();
    for (const fn of ['conv2d', 'conv2dsteps', 'pool2d', 'outputshape', 'kernelpresets', 'kernelpreset', 'loadmodel', 'modelsummary', 'preprocess', 'predict', 'predictdrawing', 'setpooling',
      'disposemodel', 'getweights', 'setweights', 'exportmodel', 'trainstep', 'evaluate', 'layerclasses', 'createmodel',
      'createdataset', 'disposedataset', 'fit', 'pausefit-resumefit-stepfit-stopfit-fitstate']) {
      assert.equal(await page.locator(`#apidoc h2#${fn}, #apidoc h3#${fn}`).count(), 1, `the API reference has no section #${fn}`);
    }
    assert.deepEqual(page.svertkaProblems, []);
  });
}

test('build/pages is build/site plus .nojekyll', () => {
  const pages = path.join(repoRoot, 'build', 'pages');
  assert.ok(existsSync(path.join(pages, '.nojekyll')), 'build/pages/.nojekyll is missing: GitHub Pages would run Jekyll');
  for (const file of ['index.html', 'svertka.wasm', 'wasm_exec.js', 'API.md']) {
    assert.ok(existsSync(path.join(pages, file)), `build/pages/${file} is missing`);
  }
});
