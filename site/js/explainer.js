// The explainer page (explainer.html): settings, playback controls, panel
// titles, the output-size formula and the live description around the
// animation. The animation itself is the Go/ebiten program explainer.wasm,
// running in the iframe #stage (see explainer-frame.js); ExplainerView drives
// it through the frame's globalThis.svertkaExplainer and renders the JSON
// state it reports after every change.
//
// Settings travel as the URL query the Go side parses (package steps), so the
// address bar always holds a link to exactly what is on screen; the language
// is the site's (i18n.js), as on every page.

import { View, Page } from './view.js';
import { TopBar } from './topbar.js';
import { t, lang } from './i18n.js';
import { DRAWING_KEY } from './urlstate.js';

const UPLOAD_SIDE = 64; // a chosen image is cropped to a square and reduced to this size here

export class ExplainerView extends View {
  // deps: { changed() — the setting, or the step it is paused on, changed
  // (the page rewrites the URL); ready() — the first steps are on screen;
  // failed(message) — the program could not start }.
  constructor(root, deps) {
    super(root, deps);
    this.frame = this.$('#stage');
    this.api = null; // the frame's svertkaExplainer, once the program is ready
    this.state = null; // the last state the program reported
    this.syncedQuery = null; // the setting the controls show
    this.urlQuery = ''; // the setting the page was opened with
    this.urlError = ''; // an error in that setting
    this.titlesKey = '';
    window.addEventListener('message', (event) => {
      if (event.source !== this.frame.contentWindow || event.origin !== window.location.origin) return;
      const raw = event.data?.svertkaExplainer;
      if (typeof raw === 'string') this.update(JSON.parse(raw));
    });
    this.wireControls();
    this.syncSceneTexts();
    this.frame.src = 'explainer-frame.html';
  }

  // readURL takes the program's setting from the link: every key the URL
  // table leaves to it, which the program parses and checks itself.
  readURL({ query = '' }) {
    this.urlQuery = query;
  }

  // writeURL is the link to what is on screen: the setting, and the step
  // when the animation stands still.
  writeURL() {
    const s = this.state;
    if (!s?.query) return { query: this.urlQuery };
    const q = new URLSearchParams(s.query);
    if (!s.playing && s.step > 0) q.set('step', String(s.step));
    return { query: q.toString() };
  }

  // update takes the program's messages: {type: 'ready', presets} once it
  // runs, {type: 'error', message} if it cannot, and its state after every
  // change.
  update(msg) {
    if (msg.type === 'ready') this.start(msg.presets);
    else if (msg.type === 'error') this.deps.failed(msg.message);
    else this.render(msg);
  }

  relabel() {
    this.api?.setLang(lang());
    if (this.state) this.render(this.state, true);
    this.syncSceneTexts();
  }

  syncSceneTexts() {
    const scene = this.currentScene();
    this.$('#scene-hint').textContent = t(`xp.scene.hint.${scene}`);
    this.$('#stride-auto').textContent = t(scene === 'pool' ? 'xp.stride.auto.pool' : 'xp.stride.auto.conv');
    this.$('#weights-hint').textContent = t(scene === 'rgb' ? 'xp.kernel.hint.rgb' : 'xp.kernel.hint');
    const k = Number(this.$('#ksize').value);
    for (const [i, input] of this.$$('#weights input').entries()) {
      input.setAttribute('aria-label', t('xp.kernel.value', { r: Math.floor(i / k), c: i % k }));
    }
  }

  // ---------- talking to the program ----------

  start(presets) {
    const api = this.frame.contentWindow.svertkaExplainer;
    this.api = api;
    api.setLang(lang());
    // The program's presets are core's, as in the playground's lab.
    this.$('#kernel').replaceChildren(...[...presets, 'custom'].map((p) => {
      const o = new Option(t(`kernel.${p}`), p);
      o.dataset.i18n = `kernel.${p}`;
      return o;
    }));
    const params = new URLSearchParams(this.urlQuery);
    if (!params.has('drawing')) this.loadStoredDrawing();
    if (!params.has('play') && !params.has('step') && matchMedia('(prefers-reduced-motion: reduce)').matches) {
      params.set('play', '0');
    }
    const result = api.configure(params.toString());
    if (!result.ok) {
      // Show why, and keep as much of the link as works: first without its
      // input (a drawing that is not there), then the defaults.
      this.urlError = result.error;
      params.delete('input');
      params.delete('drawing');
      if (!api.configure(params.toString()).ok) api.configure(params.has('play') ? `play=${params.get('play')}` : '');
    }
  }

  loadStoredDrawing() {
    let stored = null;
    try { stored = sessionStorage.getItem(DRAWING_KEY); } catch { /* storage disabled */ }
    if (stored && this.api.setDrawing(stored).ok) this.$('#input [value="drawing"]').disabled = false;
  }

  // configure applies the setting the controls show.
  configure() {
    this.urlError = '';
    const result = this.api.configure(this.controlsQuery());
    if (!result.ok) this.showError(result.error);
  }

  showError(message) {
    const el = this.$('#setting-error');
    el.textContent = message;
    el.hidden = !message;
  }

  // ---------- rendering the program's state ----------

  render(s, relabel = false) {
    const fresh = this.state === null;
    this.state = s;
    if (s.total > 0) this.deps.ready();
    this.showError(s.error || this.urlError);
    if (s.total === 0) return;
    const $ = (sel) => this.$(sel);
    $('#counter').textContent = t('xp.counter', { n: s.step + 1, total: s.total });
    $('#describe-text').textContent = s.description;
    // Reading every step aloud while it plays would drown the reader: the
    // region speaks when the animation stands still.
    $('#describe').setAttribute('aria-live', s.playing ? 'off' : 'polite');
    $('#formula').textContent = t('xp.formula', { h: s.formula[0], w: s.formula[1] });
    $('#seek').max = String(s.total - 1);
    $('#seek').value = String(s.step);
    $('#play').setAttribute('aria-pressed', String(s.playing));
    $('#icon-play').hidden = s.playing;
    $('#icon-pause').hidden = !s.playing;
    $('#play-text').textContent = t(s.playing ? 'xp.play.pause' : 'xp.play.play');
    $('#speed').value = String(s.speed);
    if (s.query !== this.syncedQuery || fresh) {
      this.syncedQuery = s.query;
      this.syncControls(s.config);
      this.deps.changed();
    }
    const key = JSON.stringify(s.panels) + lang() + s.config.scene + s.config.mode;
    if (key !== this.titlesKey || relabel) {
      this.titlesKey = key;
      this.placeTitles(s);
    }
    // Browsers limit how often history may change: the URL follows the
    // step only while the animation stands still.
    if (!s.playing) this.deps.changed();
  }

  placeTitles(s) {
    const box = this.$('#titles');
    box.replaceChildren();
    const { scene, mode } = s.config;
    for (const p of s.panels ?? []) {
      let key = `xp.panel.${p.id}`;
      if (p.id === 'zoom' || p.id === 'output') key += scene === 'pool' ? '.pool' : '.conv';
      const el = document.createElement('span');
      el.className = 'xp-panel-title';
      el.textContent = t(key, { mode: t(`xp.pool.${mode}`) });
      el.style.left = `${p.x + p.w / 2}px`;
      el.style.top = `${p.y}px`;
      box.append(el);
    }
  }

  // ---------- controls ----------

  currentScene() {
    return this.$('#scene [aria-pressed="true"]').dataset.scene;
  }

  pressed(group, attr, value) {
    for (const b of this.$$(`#${group} button`)) b.setAttribute('aria-pressed', String(b.dataset[attr] === value));
  }

  syncControls(c) {
    const $ = (sel) => this.$(sel);
    this.pressed('scene', 'scene', c.scene);
    this.pressed('mode', 'mode', c.mode);
    $('#stage-wrap').dataset.scene = c.scene;
    const input = $('#input');
    const option = input.querySelector(`[value="${CSS.escape(c.input)}"]`);
    if (option) option.disabled = false;
    input.value = c.input;
    ensureOption($('#res'), String(c.res));
    $('#res').value = String(c.res);
    $('#kernel').value = c.kernel;
    $('#ksize').value = String(c.ksize);
    $('#padding').value = c.padding;
    $('#pads').hidden = c.padding !== 'explicit';
    ['top', 'bottom', 'left', 'right'].forEach((side, i) => { $(`#pad-${side}`).value = String(c.pad[i]); });
    $('#padding [value="explicit"]').disabled = c.scene === 'pool';
    $('#stride').value = String(c.stride);
    $('#dilation').value = String(c.dilation);
    $('#size').value = String(c.size);
    for (const el of this.$$('.xp-conv-only')) el.hidden = c.scene === 'pool';
    for (const el of this.$$('.xp-pool-only')) el.hidden = c.scene !== 'pool';
    this.buildWeights(c.ksize, c.weights);
    this.syncSceneTexts();
  }

  buildWeights(k, weights) {
    const box = this.$('#weights');
    const focused = box.contains(document.activeElement) ? [...box.children].indexOf(document.activeElement) : -1;
    box.style.setProperty('--k', String(k));
    box.className = `xp-weights k${k}`;
    box.replaceChildren(...weights.map((w) => {
      const input = document.createElement('input');
      input.type = 'number';
      input.step = '0.1';
      input.min = '-100';
      input.max = '100';
      input.value = String(Number(w.toPrecision(4)));
      input.addEventListener('change', () => {
        this.$('#kernel').value = 'custom';
        this.configure();
      });
      return input;
    }));
    if (focused >= 0) box.children[focused]?.focus();
  }

  // controlsQuery is the setting on the controls, as the program's URL query.
  controlsQuery() {
    const $ = (sel) => this.$(sel);
    const scene = this.currentScene();
    const q = new URLSearchParams({ scene, input: $('#input').value, res: $('#res').value });
    if (scene !== 'pool') {
      q.set('ksize', $('#ksize').value);
      q.set('kernel', $('#kernel').value === 'custom'
        ? this.$$('#weights input').map((i) => i.value.trim() || 'empty').join(',')
        : $('#kernel').value);
      q.set('dilation', $('#dilation').value);
    }
    const padding = $('#padding').value;
    q.set('padding', padding === 'explicit'
      ? ['top', 'bottom', 'left', 'right'].map((s) => $(`#pad-${s}`).value || '0').join(',')
      : padding);
    if ($('#stride').value !== '0') q.set('stride', $('#stride').value);
    q.set('mode', this.$('#mode [aria-pressed="true"]').dataset.mode);
    q.set('size', $('#size').value);
    q.set('play', this.state?.playing ? '1' : '0');
    return q.toString();
  }

  wireControls() {
    const $ = (sel) => this.$(sel);
    $('#scene').addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b || !this.api) return;
      this.pressed('scene', 'scene', b.dataset.scene);
      if (b.dataset.scene === 'pool' && $('#padding').value === 'explicit') $('#padding').value = 'same';
      this.configure();
    });
    $('#mode').addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b || !this.api) return;
      this.pressed('mode', 'mode', b.dataset.mode);
      this.configure();
    });
    $('#ksize').addEventListener('change', () => {
      if ($('#kernel').value === 'custom') $('#kernel').value = 'identity';
      this.configure();
    });
    $('#kernel').addEventListener('change', () => {
      if ($('#kernel').value !== 'custom') this.configure();
    });
    for (const id of ['input', 'res', 'padding', 'stride', 'dilation', 'size', 'pad-top', 'pad-bottom', 'pad-left', 'pad-right']) {
      $(`#${id}`).addEventListener('change', () => { if (this.api) this.configure(); });
    }
    $('#file').addEventListener('change', () => this.chooseImage());

    const api = () => this.api;
    const total = () => this.state?.total ?? 1;
    $('#play').addEventListener('click', () => (this.state?.playing ? api()?.pause() : api()?.play()));
    $('#back').addEventListener('click', () => api()?.step(-1));
    $('#forward').addEventListener('click', () => api()?.step(1));
    $('#first').addEventListener('click', () => api()?.seek(0));
    $('#last').addEventListener('click', () => api()?.seek(total() - 1));
    $('#seek').addEventListener('input', () => api()?.seek(Number($('#seek').value)));
    $('#speed').addEventListener('change', () => api()?.setSpeed(Number($('#speed').value)));

    // Space and the arrows work on the page too, unless a control has the focus.
    document.addEventListener('keydown', (e) => {
      if (!this.api || e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.('input, select, textarea, button, a, [contenteditable]')) return;
      const actions = {
        ' ': () => (this.state?.playing ? this.api.pause() : this.api.play()),
        ArrowRight: () => this.api.step(1),
        ArrowLeft: () => this.api.step(-1),
        Home: () => this.api.seek(0),
        End: () => this.api.seek(total() - 1),
      };
      if (actions[e.key]) {
        e.preventDefault();
        actions[e.key]();
      }
    });
  }

  // chooseImage reads the chosen file here, in the browser: crops the centred
  // square and hands the pixels to the program, which averages them down.
  async chooseImage() {
    const file = this.$('#file').files[0];
    if (!file || !this.api) return;
    try {
      const bitmap = await createImageBitmap(file);
      const side = Math.min(bitmap.width, bitmap.height);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = UPLOAD_SIDE;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, UPLOAD_SIDE, UPLOAD_SIDE);
      bitmap.close();
      const rgba = ctx.getImageData(0, 0, UPLOAD_SIDE, UPLOAD_SIDE).data;
      // The program copies from a Uint8Array of its own window (js.CopyBytesToGo).
      const pixels = new this.frame.contentWindow.Uint8Array(rgba);
      const result = this.api.setImage(pixels, UPLOAD_SIDE, UPLOAD_SIDE);
      if (!result.ok) this.showError(result.error);
    } catch {
      this.showError(t('xp.input.unreadable'));
    }
  }
}

function ensureOption(select, value) {
  if ([...select.options].some((o) => o.value === value)) return;
  select.add(new Option(value, value));
}

// ---------- the page ----------

const page = new Page('explainer');
page.add('topbar', new TopBar(document.querySelector('.topbar'), { link: () => page.saveURL() }));
await page.readURL('topbar');
page.add('explainer', new ExplainerView(document.getElementById('main'), {
  changed: () => page.saveURL(),
  ready() {
    document.documentElement.dataset.explainer = 'ready';
  },
  failed(message) {
    document.documentElement.dataset.explainer = 'error';
    document.getElementById('load-error-detail').textContent = message;
    document.getElementById('load-error').hidden = false;
  },
}));
await page.readURL('explainer');
