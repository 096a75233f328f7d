// What the pages share: one language mechanism (i18n.js and texts.js; the
// explainer page has no texts of its own any more) and one set of kernel
// presets (core's, through the engine), identical in the playground's lab
// and in the animated explainer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, useSite, waitForEngine } from './harness.mjs';

const site = useSite();

// openExplainer opens the explainer in another tab of context (tabs share
// localStorage, so the language) and collects its console errors and
// uncaught errors in page.svertkaProblems, as the harness does.
async function openExplainer(context, query = '') {
  const page = await context.newPage();
  page.svertkaProblems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.svertkaProblems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => page.svertkaProblems.push(`page error: ${err.message}`));
  await page.goto(`${site.server.url}explainer.html${query}`);
  await page.locator('html[data-explainer="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
  return page;
}

const frameOf = (page) => page.frames().find((f) => f.url().endsWith('/explainer-frame.html'));

test('the explainer page switches language through the shared module, and so do other tabs', async (t) => {
  const playground = await newPage(site.browser, { viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  t.after(() => playground.context().close());
  await playground.goto(site.server.url);
  await waitForEngine(playground);
  // Paused (play=0): a playing animation in a second tab only slows the test.
  const page = await openExplainer(playground.context(), '?play=0');
  await page.locator('#counter', { hasText: /^Step \d+ of \d+\.$/ }).waitFor();
  assert.equal(await page.locator('#settings-title').textContent(), 'Settings');

  await page.click('.lang-switch [data-lang="ru"]');
  await page.locator('#counter', { hasText: /^Шаг \d+ из \d+\.$/ }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.title(), 'Svertka — свёртка и пулинг шаг за шагом');
  assert.equal(await page.locator('#settings-title').textContent(), 'Настройки');
  assert.equal(await page.locator('.lang-switch [data-lang="ru"]').getAttribute('aria-pressed'), 'true');
  // The preset names are the lab's texts, in the new language.
  assert.equal(await page.locator('#kernel option[value="sobel-x"]').textContent(), 'Собель x (вертикальные края)');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'ru', 'the link keeps the language');
  // The page's language is the shared module's, stored where every page looks.
  assert.deepEqual(await page.evaluate(async () => {
    const i18n = await import('./js/i18n.js');
    return [i18n.lang(), localStorage.getItem('svertka.lang')];
  }), ['ru', 'ru']);
  // Every text on the page comes from the shared tables, in both languages.
  const missing = await page.evaluate(async () => {
    const { dictionaries } = await import('./js/i18n.js');
    const keys = [...document.querySelectorAll('[data-i18n], [data-i18n-aria], [data-i18n-title]')]
      .map((el) => el.dataset.i18n || el.dataset.i18nAria || el.dataset.i18nTitle);
    return keys.filter((k) => !(k in dictionaries.en) || !(k in dictionaries.ru));
  });
  assert.deepEqual(missing, []);
  // The playground, open in the other tab, followed.
  await playground.locator('#draw-title', { hasText: 'Нарисуйте цифру' }).waitFor();

  // And back, from the playground this time.
  await playground.click('.lang-switch [data-lang="en"]');
  await page.locator('#settings-title', { hasText: 'Settings' }).waitFor();
  await page.locator('#counter', { hasText: /^Step \d+ of \d+\.$/ }).waitFor();

  // A link with a language opens in it, whatever was chosen before.
  const linked = await openExplainer(playground.context(), '?lang=ru&play=0');
  assert.equal(await linked.locator('#settings-title').textContent(), 'Настройки');
  for (const p of [playground, page, linked]) assert.deepEqual(p.svertkaProblems, []);
});

test('the lab and the explainer use the same preset kernels: the engine\'s', async (t) => {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  t.after(() => page.context().close());
  await page.goto(site.server.url);
  await waitForEngine(page);
  // An engine of our own in the playground page, to ask core for the kernels.
  const engine = await page.evaluate(async () => {
    const { Svertka } = await import('./svertka.js');
    const nn = await Svertka.load();
    const names = await nn.kernelPresets();
    const kernels = {};
    for (const name of names) {
      for (let k = 1; k <= 7; k++) kernels[`${name} ${k}×${k}`] = Array.from(await nn.kernelPreset(name, k, k));
    }
    kernels['sobel-x 3×5'] = Array.from(await nn.kernelPreset('sobel-x', 3, 5));
    return { names, kernels };
  });
  assert.deepEqual(engine.names, ['identity', 'box-blur', 'gaussian', 'sharpen', 'sobel-x', 'sobel-y', 'laplacian', 'emboss']);
  // The two that used to differ between the lab and the explainer are the
  // textbook kernels now.
  assert.deepEqual(engine.kernels['sharpen 3×3'], [0, -1, 0, -1, 5, -1, 0, -1, 0]);
  assert.deepEqual(engine.kernels['laplacian 3×3'], [0, 1, 0, 1, -4, 1, 0, 1, 0]);

  // The lab offers exactly these presets and shows exactly these values
  // (to the three decimals of its cells and of its link to the explainer).
  const three = (v) => Math.round(v * 1000) / 1000;
  assert.deepEqual(await page.locator('#lab-preset option').evaluateAll((os) => os.map((o) => o.value)), [...engine.names, 'custom']);
  const labKernel = async (name, kh, kw) => {
    await page.selectOption('#lab-preset', name);
    await page.fill('#lab-kh', String(kh));
    await page.fill('#lab-kw', String(kw));
    // The kernel arrives from the engine; then the lab runs and links a
    // square kernel to the explainer with it.
    await page.waitForFunction(([n, square]) => {
      const cells = [...document.querySelectorAll('#lab-kernel input')];
      const link = document.querySelector('#lab-animate');
      return cells.length === n && (square
        ? !link.hidden && new URL(link.href).searchParams.get('kernel') === cells.map((c) => c.value).join(',')
        : link.hidden);
    }, [kh * kw, kh === kw]);
    return page.locator('#lab-kernel input').evaluateAll((els) => els.map((e) => Number(e.value)));
  };
  for (const name of engine.names) {
    for (let k = 1; k <= 7; k++) {
      const want = engine.kernels[`${name} ${k}×${k}`].map(three);
      assert.deepEqual(await labKernel(name, k, k), want, `lab ${name} ${k}×${k}`);
      const href = await page.locator('#lab-animate').getAttribute('href');
      assert.deepEqual(new URL(href, page.url()).searchParams.get('kernel').split(',').map(Number), want, `lab link ${name} ${k}×${k}`);
    }
  }
  assert.deepEqual(await labKernel('sobel-x', 3, 5), engine.kernels['sobel-x 3×5']);

  // The explainer's program draws exactly these kernels, to the last bit.
  const xp = await openExplainer(page.context());
  assert.deepEqual(await xp.locator('#kernel option').evaluateAll((os) => os.map((o) => o.value)), [...engine.names, 'custom']);
  const shown = await frameOf(xp).evaluate((names) => {
    const out = {};
    for (const name of names) {
      for (let k = 1; k <= 7; k++) {
        const r = globalThis.svertkaExplainer.configure(`kernel=${name}&ksize=${k}&play=0`);
        if (!r.ok) throw new Error(r.error);
        out[`${name} ${k}×${k}`] = JSON.parse(globalThis.svertkaExplainer.snapshot()).kernels[0];
      }
    }
    return out;
  }, engine.names);
  for (const [key, want] of Object.entries(engine.kernels)) {
    if (key in shown) assert.deepEqual(shown[key].map(Math.fround), want, `explainer ${key}`);
  }
  assert.equal(Object.keys(shown).length, engine.names.length * 7);
  assert.deepEqual(page.svertkaProblems, []);
});
