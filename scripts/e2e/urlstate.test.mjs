// The URL table (site/js/urlstate.js): every key of every page goes round
// (link → controls → link, and controls → link → controls), and a
// hand-edited value the table refuses is reported on the page, in the
// page's language, instead of being ignored silently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, useSite, waitForEngine } from './harness.mjs';

const site = useSite();

// One value for every key of the playground's table, none of them a default.
// The model is the shipped one's file, opened as a linked model.
const PLAYGROUND = {
  model: 'model/digits.json', lang: 'ru', pool: 'min', scale: 'map', lin: '28', lk: 'custom', lks: '2x3',
  lkv: '1_-2_0.5_0_3_-1.25', lp: '1_2_0_3', ls: '2x3', ld: '1x2', net: 'lenet5',
};

async function open(t, path) {
  const page = await newPage(site.browser, { viewport: { width: 1440, height: 900 } });
  t.after(() => page.context().close());
  page.warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') page.warnings.push(msg.text()); });
  await page.goto(site.server.url + path);
  return page;
}

const query = (page) => Object.fromEntries(new URL(page.url()).searchParams);

// tableKeys lists the table's keys for a page, read from the module itself.
function tableKeys(page, name) {
  return page.evaluate(async (n) => (await import('./js/urlstate.js')).URL_STATE
    .filter((r) => r.page === '*' || r.page === n).map((r) => r.key).sort(), name);
}

// controls reads what the playground's controls show for each key.
async function controls(page) {
  const checked = (group) => page.locator(`${group} [aria-checked="true"]`).getAttribute('data-value');
  const value = (sel) => page.locator(sel).inputValue();
  return {
    model: await page.locator('#models').getAttribute('data-url'),
    lang: await page.locator('html').getAttribute('lang'),
    pool: await checked('#pool-mode'),
    scale: await checked('#scale-mode'),
    lin: await value('#lab-input'),
    lk: await value('#lab-preset'),
    lks: `${await value('#lab-kh')}x${await value('#lab-kw')}`,
    lkv: (await page.locator('#lab-kernel input').evaluateAll((els) => els.map((e) => e.value))).join('_'),
    lp: await checked('#lab-pad') === 'explicit'
      ? (await Promise.all(['#lab-pt', '#lab-pb', '#lab-pl', '#lab-pr'].map(value))).join('_') : await checked('#lab-pad'),
    ls: `${await value('#lab-sh')}x${await value('#lab-sw')}`,
    ld: `${await value('#lab-dh')}x${await value('#lab-dw')}`,
    net: await value('#builder-preset'),
  };
}

test('playground: every key of the URL table goes round', async (t) => {
  const link = `?${new URLSearchParams(PLAYGROUND)}`;
  const page = await open(t, link);
  await waitForEngine(page);
  assert.deepEqual(await tableKeys(page, 'index'), Object.keys(PLAYGROUND).sort(), 'this test covers every key of the table');
  // 28 + 1 + 2 − 1·(2 − 1) − 1 = 29 → ⌊29/2⌋ + 1 = 15; 28 + 0 + 3 − 2·(3 − 1) − 1 = 26 → ⌊26/3⌋ + 1 = 9.
  await page.locator('#lab-out-shape[data-h="15"][data-w="9"]').waitFor();
  assert.deepEqual(await controls(page), PLAYGROUND, 'the controls show the link');
  assert.deepEqual(query(page), PLAYGROUND, 'the page writes the same link back');
  assert.equal(await page.locator('#url-note').isVisible(), false);
  assert.deepEqual(page.warnings, []);

  // Now the other way: change every control, and the link follows.
  await page.click('.lang-switch [data-lang="en"]');
  await page.click('#pool-mode [data-value="avg"]');
  await page.click('#scale-mode [data-value="layer"]'); // the default: no key
  await page.selectOption('#lab-input', '32'); // the default
  await page.fill('#lab-kh', '5');
  await page.selectOption('#lab-preset', 'laplacian');
  await page.click('#lab-pad [data-value="same"]');
  await page.fill('#lab-sw', '1');
  await page.fill('#lab-dh', '2');
  // A new network in the builder is built on the linked model (the
  // trained model now): the link keeps the model and names the network.
  await page.selectOption('#builder-preset', 'gap');
  await page.locator('#models[data-url="model/digits.json"][data-state="idle"]').waitFor();
  await page.locator('#lab-out-shape[data-h="16"][data-w="32"]').waitFor();
  await page.locator('#builder-total[data-params="8100"]').waitFor();
  const written = { model: 'model/digits.json', lang: 'en', pool: 'avg', lk: 'laplacian', lks: '5x3', lp: 'same', ls: '2x1', ld: '2x2', net: 'gap' };
  assert.deepEqual(query(page), written);

  // That link opens the same controls, and writes itself again.
  const again = await open(t, `?${new URLSearchParams(written)}`);
  await waitForEngine(again);
  await again.locator('#lab-out-shape[data-h="16"][data-w="32"]').waitFor();
  const shown = await controls(again);
  assert.deepEqual({ ...shown, lkv: undefined }, {
    model: 'model/digits.json', lang: 'en', pool: 'avg', scale: 'layer', lin: '32', lk: 'laplacian', lks: '5x3', lkv: undefined, lp: 'same', ls: '2x1', ld: '2x2', net: 'gap',
  });
  // The 5×3 Laplacian: 1 on the centre row and column, −(4 + 2) in the middle.
  assert.equal(shown.lkv, '0_1_0_0_1_0_1_-6_1_0_1_0_0_1_0');
  assert.deepEqual(query(again), written);
  assert.deepEqual(page.svertkaProblems, []);
  assert.deepEqual(again.svertkaProblems, []);
});

test('explainer: the language and the program\'s setting go round', async (t) => {
  const page = await open(t, 'explainer.html?lang=ru&scene=pool&mode=avg&size=3&padding=same&res=12&play=0&step=4');
  const ready = page.locator('html[data-explainer="ready"]');
  await ready.waitFor({ state: 'attached', timeout: 90_000 });
  assert.deepEqual(await tableKeys(page, 'explainer'), ['*', 'lang'], 'lang, and every other key is the program\'s');
  await page.locator('#counter', { hasText: 'Шаг 5 из' }).waitFor();
  const first = query(page);
  assert.equal(first.lang, 'ru');
  assert.deepEqual([first.scene, first.mode, first.size, first.res, first.step], ['pool', 'avg', '3', '12', '4']);
  assert.equal(await page.locator('#padding').inputValue(), 'same');

  // The link the page wrote opens exactly the same thing.
  const again = await open(t, new URL(page.url()).search.replace(/^/, 'explainer.html'));
  await again.locator('html[data-explainer="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
  await again.locator('#counter', { hasText: 'Шаг 5 из' }).waitFor();
  assert.deepEqual(query(again), first);
  assert.equal(await again.locator('#padding').inputValue(), 'same');
  assert.equal(await again.locator('#describe-text').textContent(), await page.locator('#describe-text').textContent());
  assert.equal(await again.locator('#url-note').isVisible(), false);
  assert.deepEqual(page.svertkaProblems, []);
  assert.deepEqual(again.svertkaProblems, []);
});

test('refused values are reported, the rest of the link is used', async (t) => {
  const page = await open(t, '?lang=fr&pool=median&scale=map&lk=blur&lks=12x3&ls=1x&lkv=1_2&ld=2x2&model=https://example.com/m.json');
  await waitForEngine(page);
  const note = page.locator('#url-note');
  await note.waitFor({ state: 'visible' });
  const text = await note.textContent();
  for (const part of ['lang=fr (expected one of en, ru)', 'pool=median (expected one of max, min, avg)',
    'lk=blur (expected one of identity, box-blur, gaussian, sharpen, sobel-x, sobel-y, laplacian, emboss, custom)',
    'lks=12x3 (expected two whole numbers from 1 to 9', 'ls=1x (expected two whole numbers from 1 to 16',
    'lkv=1_2 (only used with lk=custom)', 'model=https://example.com/m.json (expected the address of a model on this site, like models/x/model.json)']) {
    assert.ok(text.includes(part), `the note lacks "${part}": ${text}`);
  }
  assert.equal(page.warnings.length, 7, page.warnings.join('\n'));
  // The valid keys are used, the refused ones give way to the defaults.
  assert.equal(await page.locator('#scale-mode [aria-checked="true"]').getAttribute('data-value'), 'map');
  assert.equal(await page.locator('#pool-mode [aria-checked="true"]').getAttribute('data-value'), 'max');
  assert.equal(await page.locator('#lab-preset').inputValue(), 'sobel-x');
  assert.deepEqual([await page.locator('#lab-kh').inputValue(), await page.locator('#lab-dw').inputValue()], ['3', '2']);
  // The link is rewritten without them.
  const q = query(page);
  assert.deepEqual(Object.keys(q).sort(), ['lang', 'ld', 'scale']);
  assert.equal(q.ld, '2x2');

  // The note follows the language, and can be dismissed.
  await page.click('.lang-switch [data-lang="ru"]');
  await page.locator('#url-note', { hasText: 'Из ссылки не взято: lang=fr (ожидалось одно из: en, ru)' }).waitFor();
  await note.locator('button').click();
  assert.equal(await note.isVisible(), false);
  await page.click('.lang-switch [data-lang="en"]');
  assert.equal(await note.isVisible(), false, 'a dismissed note stays away');

  // A custom kernel whose values do not fit its size.
  const custom = await open(t, '?lk=custom&lks=3x3&lkv=1_2_3');
  await waitForEngine(custom);
  await custom.locator('#url-note', { hasText: 'lkv=1_2_3 (a 3×3 kernel needs 9 values, not 3)' }).waitFor();
  assert.equal(await custom.locator('#lab-preset').inputValue(), 'sobel-x', 'no values, no custom kernel');

  // The explainer reports its language key the same way; its program
  // reports its own settings.
  const xp = await open(t, 'explainer.html?lang=de&stride=9');
  await xp.locator('html[data-explainer="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
  await xp.locator('#url-note', { hasText: 'lang=de (expected one of en, ru)' }).waitFor();
  assert.match(await xp.locator('#setting-error').textContent(), /stride must be a whole number from 1 to 4, got 9/);
  for (const p of [page, custom, xp]) assert.deepEqual(p.svertkaProblems, []);
});
