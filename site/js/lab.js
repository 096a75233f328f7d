// The convolution lab: the person's drawing convolved with a kernel they
// choose or edit, with padding, stride and dilation under their control.
// The engine computes the kernel presets (nn.kernelPreset, the same kernels
// as the explainer's), the output (nn.conv2d) and the size
// (nn.explainOutputShape); the page shows the padded input, the output at
// the same pixel scale, and the output-size formula with the current
// numbers. Impossible settings are explained, never silently refused.

import { View } from './view.js';
import { h, radioGroup, cellAt, place, setText } from './dom.js';
import { paint, scaleFor, extent, Scale } from './colormap.js';
import { t, num } from './i18n.js';
import { legend } from './legend.js';
import { range } from './explain.js';
import { defaults, linkNumber, LAB_LIMITS as LIMITS } from './urlstate.js';

// The URL table's defaults, and the explicit padding offered when the
// person first switches to it.
const LAB_DEFAULTS = Object.freeze({ ...defaults('lab'), values: null, pt: 1, pb: 1, pl: 1, pr: 1 });
const INPUT_SCALE = new Scale('seq', 0, 1);
// While the drawing changes on every pen move, the link to the explainer,
// which carries it, is rewritten once the drawing rests this long; a change
// of the settings rewrites it at once.
const LINK_DELAY_MS = 150;

export class Lab extends View {
  // deps: { nn, presets: nn.kernelPresets(), changed(), pageEngine() } —
  // changed: the settings changed (the page rewrites the URL); pageEngine:
  // an engine on the page's own thread, or null. The lab's convolution is
  // small, and on the page's engine a drawing's run finishes inside the
  // frame that drew it, which shows the lab with the flow in one update
  // instead of a frame of its own after the worker's answer.
  constructor(root, deps) {
    super(root, deps);
    this.nn = deps.nn;
    this.state = { ...LAB_DEFAULTS, values: [] };
    this.images = { 32: null, 28: null };
    this.busy = false;
    this.again = false;
    this.presetToken = 0;
    this.cell = null;
    this.result = null;
    this.geo = null; // { key, shape } of the settings' size arithmetic
    this.shown = { formula: null, legend: '', link: '' }; // what the page shows now
    this.linkTimer = 0;
    // The images' room (size): a ResizeObserver keeps it, as reading it
    // during a run would lay the page out in the middle of the frame.
    this.room = 0;
    this.sized = null; // size's arguments for the images shown
    new ResizeObserver(([entry]) => {
      const room = entry.target.clientWidth;
      if (room === this.room) return;
      this.room = room;
      if (this.sized) this.size(...this.sized);
    }).observe(this.$('.lab-images'));

    const $ = (sel) => this.$(sel);
    this.el = {
      preset: $('#lab-preset'), kh: $('#lab-kh'), kw: $('#lab-kw'), kernel: $('#lab-kernel'),
      input: $('#lab-input'), padEx: $('#lab-pad-explicit'),
      pt: $('#lab-pt'), pb: $('#lab-pb'), pl: $('#lab-pl'), pr: $('#lab-pr'),
      sh: $('#lab-sh'), sw: $('#lab-sw'), dh: $('#lab-dh'), dw: $('#lab-dw'),
      inCanvas: $('#lab-in'), inWrap: $('#lab-in-wrap'), rf: $('#lab-rf'),
      kCanvas: $('#lab-k'), out: $('#lab-out'), outWrap: $('#lab-out-wrap'), outCell: $('#lab-cell'),
      cellText: $('#lab-cell-text'),
      inShape: $('#lab-in-shape'), kShape: $('#lab-k-shape'), outShape: $('#lab-out-shape'),
      formula: $('#lab-formula'), error: $('#lab-error'), legend: $('#lab-legend'),
      animate: $('#lab-animate'), animateLimit: $('#lab-animate-limit'), source: $('#lab-source'),
    };
    this.hidden = false;
    this.padGroup = radioGroup($('#lab-pad'), (v) => {
      this.state.pad = v;
      this.el.padEx.hidden = v !== 'explicit';
      this.changed();
    });
    this.fillPresets();
    this.bind();
  }

  fillPresets() {
    const sel = this.el.preset;
    const current = this.state.preset;
    sel.replaceChildren(...[...this.deps.presets, 'custom'].map((p) => h('option', { value: p, text: t(`kernel.${p}`) })));
    sel.value = current;
  }

  // loadPreset asks the engine for the current preset at the current size;
  // only the latest request counts when several are on their way.
  async loadPreset() {
    const token = ++this.presetToken;
    const { preset, kh, kw } = this.state;
    const values = Array.from(await this.nn.kernelPreset(preset, kh, kw));
    if (token !== this.presetToken) return;
    this.state.values = values;
    this.renderKernelGrid();
  }

  bind() {
    const e = this.el;
    e.preset.addEventListener('change', async () => {
      this.state.preset = e.preset.value;
      if (e.preset.value !== 'custom') await this.loadPreset();
      this.changed();
    });
    e.input.addEventListener('change', () => { this.state.input = Number(e.input.value); this.changed(); });
    for (const key of ['kh', 'kw']) {
      e[key].addEventListener('input', async () => {
        const v = e[key].value.trim() === '' ? NaN : Number(e[key].value);
        this.state[key] = Number.isFinite(v) ? v : e[key].value; // kept as typed; check() explains it
        const ok = (k) => Number.isInteger(k) && k >= LIMITS.k[0] && k <= LIMITS.k[1];
        if (ok(this.state.kh) && ok(this.state.kw)) {
          if (this.state.preset === 'custom') {
            this.state.values = resize(this.kdims, this.state.values, this.state.kh, this.state.kw);
            this.renderKernelGrid();
          } else {
            await this.loadPreset();
          }
        }
        this.changed();
      });
    }
    for (const key of ['pt', 'pb', 'pl', 'pr', 'sh', 'sw', 'dh', 'dw']) {
      e[key].addEventListener('input', () => {
        const v = e[key].value.trim() === '' ? NaN : Number(e[key].value);
        this.state[key] = Number.isFinite(v) ? v : e[key].value;
        this.changed();
      });
    }
    this.$('#lab-reset').addEventListener('click', async () => {
      await this.setState({});
      this.changed();
    });
    e.out.addEventListener('pointermove', (ev) => { if (ev.pointerType === 'mouse') this.pick(ev); });
    e.out.addEventListener('pointerdown', (ev) => this.pick(ev));
    e.out.addEventListener('pointerleave', (ev) => { if (ev.pointerType === 'mouse') this.showCell(null); });
    e.out.addEventListener('keydown', (ev) => {
      const d = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[ev.key];
      if (!d || !this.result) return;
      ev.preventDefault();
      const c = this.cell || { y: 0, x: 0 };
      const [OH, OW] = this.result.shape;
      this.showCell({ y: clamp(c.y + d[0], 0, OH - 1), x: clamp(c.x + d[1], 0, OW - 1) });
    });
    e.out.addEventListener('focus', () => { if (!this.cell && this.result) this.showCell({ y: 0, x: 0 }); });
  }

  // readURL applies the lab's part of the URL, already checked by the URL
  // table; writeURL returns the state it formats.
  readURL(values) {
    return this.setState(values);
  }

  writeURL() {
    return this.state;
  }

  // setState applies settings over the defaults to the controls.
  async setState(s) {
    const st = { ...LAB_DEFAULTS, ...s };
    // A custom kernel needs its values; without them, the default preset.
    if (st.preset === 'custom' && !st.values) st.preset = LAB_DEFAULTS.preset;
    this.state = st;
    const e = this.el;
    e.preset.value = st.preset;
    e.input.value = String(st.input);
    for (const key of ['kh', 'kw', 'pt', 'pb', 'pl', 'pr', 'sh', 'sw', 'dh', 'dw']) e[key].value = String(st[key]);
    this.padGroup.set(st.pad);
    e.padEx.hidden = st.pad !== 'explicit';
    if (st.preset === 'custom') this.renderKernelGrid();
    else await this.loadPreset();
  }

  renderKernelGrid() {
    const { kh, kw, values } = this.state;
    const grid = this.el.kernel;
    this.kdims = { kh, kw };
    grid.style.gridTemplateColumns = `repeat(${kw}, minmax(0, 1fr))`;
    grid.classList.toggle('dense', kw > 5);
    const inputs = [];
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        const i = y * kw + x;
        const input = h('input', {
          type: 'number', step: 'any', inputmode: 'decimal', value: linkNumber(values[i]),
          'aria-label': t('lab.cellAria', { y: y + 1, x: x + 1 }),
        });
        input.addEventListener('input', () => {
          const v = Number(input.value);
          input.classList.toggle('invalid', input.value.trim() === '' || !Number.isFinite(v));
          if (input.value.trim() === '' || !Number.isFinite(v)) {
            this.state.values[i] = NaN;
          } else {
            this.state.values[i] = v;
          }
          if (this.state.preset !== 'custom') {
            this.state.preset = 'custom';
            this.el.preset.value = 'custom';
          }
          this.changed();
        });
        inputs.push(input);
      }
    }
    grid.replaceChildren(...inputs);
  }

  relabel() {
    this.shown.formula = null;
    this.fillPresets();
    this.showSource();
    [...this.el.kernel.querySelectorAll('input')].forEach((input, i) => {
      input.setAttribute('aria-label', t('lab.cellAria', { y: Math.floor(i / this.state.kw) + 1, x: (i % this.state.kw) + 1 }));
    });
    this.schedule();
  }

  // update takes { pre } after every inference of a drawing:
  // preprocess()'s result, the lab's input (32×32 or 28×28), or null when
  // nothing is drawn; { hidden } when the pad comes and goes: a model that
  // reads a picture hides it, and the lab, which convolves drawings, says
  // that it keeps the last one.
  update(data) {
    if ('hidden' in data) {
      this.hidden = data.hidden;
      this.showSource();
    }
    if ('pre' in data) {
      const { pre } = data;
      this.images = pre ? { 32: pre.input.data, 28: pre.image28.data } : { 32: null, 28: null };
      this.schedule(true);
    }
  }

  showSource() {
    this.el.source.hidden = !this.hidden;
    this.el.source.textContent = this.hidden ? t('lab.drawingHidden') : '';
  }

  changed() {
    this.deps.changed();
    this.schedule();
  }

  // schedule coalesces runs: one engine call at a time, the latest settings
  // win. A run starts at the next frame, or at once when now (a new drawing,
  // from the frame that drew it).
  schedule(now = false) {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const go = async () => {
      try {
        await this.run();
      } finally {
        this.busy = false;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      }
    };
    if (now) go();
    else requestAnimationFrame(go);
  }

  // engine is the one that computes the lab: the page's own when there is one.
  engine() {
    return this.deps.pageEngine?.() || this.nn;
  }

  // check validates what the controls hold before asking the engine, with a
  // reason for each refusal.
  check() {
    const s = this.state;
    const whole = (key, [lo, hi], what) => {
      const v = s[key];
      if (typeof v !== 'number' || !Number.isInteger(v)) return t('lab.err.whole', { what: t(what), v: String(v) });
      if (v < lo) return t(`lab.err.min.${key[0]}`, { what: t(what), v, lo });
      if (v > hi) return t('lab.err.max', { what: t(what), v, hi });
      return null;
    };
    const checks = [['kh', LIMITS.k, 'lab.kh.name'], ['kw', LIMITS.k, 'lab.kw.name'],
      ['sh', LIMITS.s, 'lab.sh.name'], ['sw', LIMITS.s, 'lab.sw.name'],
      ['dh', LIMITS.d, 'lab.dh.name'], ['dw', LIMITS.d, 'lab.dw.name']];
    if (s.pad === 'explicit') {
      checks.push(['pt', LIMITS.p, 'lab.pt.name'], ['pb', LIMITS.p, 'lab.pb.name'],
        ['pl', LIMITS.p, 'lab.pl.name'], ['pr', LIMITS.p, 'lab.pr.name']);
    }
    for (const [key, lim, what] of checks) {
      const msg = whole(key, lim, what);
      if (msg) return msg;
    }
    if (s.values.some((v) => !Number.isFinite(v))) return t('lab.err.value');
    return null;
  }

  padding() {
    const s = this.state;
    return s.pad === 'explicit' ? [[s.pt, s.pb], [s.pl, s.pr]] : s.pad;
  }

  async run() {
    const s = this.state;
    const H = s.input;
    const W = s.input;
    setText(this.el.inShape, `${H}×${W}`);
    setText(this.el.kShape, Number.isInteger(s.kh) && Number.isInteger(s.kw) ? `${s.kh}×${s.kw}` : '');
    this.linkSoon();
    const problem = this.check();
    if (problem) {
      await this.fail(problem, null);
      return;
    }
    // A preset of the new size is on its way; its arrival runs the lab again.
    if (s.values.length !== s.kh * s.kw) return;
    // The size arithmetic depends on the settings alone: asked once for them.
    const key = JSON.stringify([s.input, s.kh, s.kw, s.sh, s.sw, s.dh, s.dw, this.padding()]);
    try {
      if (this.geo?.key !== key) this.geo = { key, shape: await this.geometry() };
    } catch (err) {
      await this.fail(t('lab.err.engine'), err.message);
      return;
    }
    const shape = this.geo.shape;
    const data = this.images[s.input] || new Float32Array(H * W);
    let out;
    try {
      out = await this.engine().conv2d({
        input: data, shape: [H, W, 1],
        kernel: Float32Array.from(s.values), kernelShape: [s.kh, s.kw, 1, 1],
        strides: [s.sh, s.sw], padding: this.padding(), dilation: [s.dh, s.dw],
      });
    } catch (err) {
      await this.fail(t('lab.err.engine'), err.message);
      return;
    }
    this.el.error.hidden = true;
    this.el.error.replaceChildren();
    this.el.outWrap.classList.remove('failed');
    this.result = { shape: out.shape, data: out.data, geo: shape };
    this.render(data, H, W, shape, out);
  }

  // geometry asks the engine for the size arithmetic of both axes.
  geometry() {
    const s = this.state;
    const spec = { type: 'conv2d', filters: 1, kernelSize: [s.kh, s.kw], strides: [s.sh, s.sw], padding: this.padding(), dilation: [s.dh, s.dw] };
    return this.engine().explainOutputShape(spec, [s.input, s.input, 1]);
  }

  async fail(message, engineMessage) {
    const e = this.el;
    this.result = null;
    e.error.hidden = false;
    e.error.replaceChildren(h('strong', { text: message }),
      engineMessage ? h('span', { class: 'engine-msg' }, ' ', t('lab.err.says'), ' ', h('code', { text: engineMessage })) : '');
    e.outWrap.classList.add('failed');
    e.outShape.textContent = '—';
    e.outShape.dataset.h = '';
    e.outShape.dataset.w = '';
    e.rf.hidden = true;
    e.outCell.hidden = true;
    this.legend();
    // The formula still shows why, with the numbers that broke it.
    this.shown.formula = null;
    this.formula(await this.refusedGeometry());
  }

  // refusedGeometry is the size arithmetic to show for settings the lab or
  // the engine refused: the engine's, when it can still work it out (a
  // kernel beyond the lab's limits), else the numbers as they are, with no
  // output size, for the formula to evaluate on the page. Only valid and
  // explicit padding get there: 'same' always fits.
  async refusedGeometry() {
    const s = this.state;
    const ints = ['kh', 'kw', 'sh', 'sw', 'dh', 'dw'].every((k) => Number.isInteger(s[k]) && s[k] > 0)
      && (s.pad !== 'explicit' || ['pt', 'pb', 'pl', 'pr'].every((k) => Number.isInteger(s[k]) && s[k] >= 0));
    if (!ints) return null;
    try {
      return await this.geometry();
    } catch {
      if (s.pad === 'same') return null;
      const ex = s.pad === 'explicit';
      const axis = (k, st, d, before, after) => ({ in: s.input, kernel: k, stride: st, dilation: d, padBefore: before, padAfter: after });
      return {
        height: axis(s.kh, s.sh, s.dh, ex ? s.pt : 0, ex ? s.pb : 0),
        width: axis(s.kw, s.sw, s.dw, ex ? s.pl : 0, ex ? s.pr : 0),
      };
    }
  }

  render(data, H, W, geo, out) {
    const e = this.el;
    const [OH, OW] = out.shape;
    const hg = geo.height;
    const wg = geo.width;
    // Padded input: real pixels in the input palette, padding as a neutral check.
    const PH = H + hg.padBefore + hg.padAfter;
    const PW = W + wg.padBefore + wg.padAfter;
    const padded = e.inCanvas;
    // Setting a canvas's size clears and reallocates it, even to its own size.
    if (padded.width !== PW) padded.width = PW;
    if (padded.height !== PH) padded.height = PH;
    const ctx = padded.getContext('2d');
    const img = ctx.createImageData(PW, PH);
    for (let y = 0; y < PH; y++) {
      for (let x = 0; x < PW; x++) {
        const iy = y - hg.padBefore;
        const ix = x - wg.padBefore;
        const o = (y * PW + x) * 4;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
          const light = (x + y) % 2 === 0;
          img.data[o] = light ? 236 : 222;
          img.data[o + 1] = light ? 233 : 218;
          img.data[o + 2] = light ? 224 : 206;
        } else {
          const k = INPUT_SCALE.index(data[iy * W + ix]) * 3;
          img.data[o] = INPUT_SCALE.lut[k];
          img.data[o + 1] = INPUT_SCALE.lut[k + 1];
          img.data[o + 2] = INPUT_SCALE.lut[k + 2];
        }
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);

    const kScale = scaleFor(...extent(this.state.values));
    paint(e.kCanvas, this.state.values, this.state.kh, this.state.kw, kScale);
    const oScale = scaleFor(...extent(out.data));
    paint(e.out, out.data, OH, OW, oScale);

    this.sized = [PW, PH, OW, OH, this.state.kh, this.state.kw];
    this.size(...this.sized);
    setText(e.outShape, `${OH}×${OW}`);
    e.outShape.dataset.h = String(OH);
    e.outShape.dataset.w = String(OW);
    this.scales = { kScale, oScale };
    this.legend();
    if (this.shown.formula !== geo) {
      this.shown.formula = geo;
      this.formula(geo);
    }
    if (this.cell && (this.cell.y >= OH || this.cell.x >= OW)) this.cell = null;
    this.showCell(this.cell);
  }

  // size gives the images their pixel scale for the room there is: one for
  // input and output, so the change of size is visible; side by side when
  // there is room, one above the other on a phone.
  size(PW, PH, OW, OH, kh, kw) {
    const e = this.el;
    const avail = this.room || 600;
    const cellPx = avail >= 560
      ? clamp(Math.floor((avail - 230) / (PW + OW)), 2, 10)
      : clamp(Math.floor((avail * 0.7) / Math.max(PW, OW)), 2, 10);
    const kCell = Math.max(cellPx, Math.min(24, Math.floor(96 / Math.max(kh, kw))));
    for (const [wrap, w, hh, px] of [[e.inWrap, PW, PH, cellPx], [e.outWrap, OW, OH, cellPx], [e.kCanvas, kw, kh, kCell]]) {
      wrap.style.width = `${w * px}px`;
      wrap.style.height = `${hh * px}px`;
    }
  }

  // legend labels the last good output's colour scales, in the current
  // language: a refused setting keeps that output on screen (faded), and a
  // language switch must relabel it too.
  legend() {
    if (!this.scales) return;
    const { kScale, oScale } = this.scales;
    // Rebuilt only when its words or numbers change.
    const key = [kScale, oScale].map((sc) => `${sc.kind} ${num(sc.lo)} ${num(sc.hi)}`).join(' ') + t('legend.kernel') + t('legend.output');
    if (key === this.shown.legend) return;
    this.shown.legend = key;
    this.el.legend.replaceChildren(legend(kScale, t('legend.kernel')), legend(oScale, t('legend.output')));
  }

  formula(geo) {
    const f = this.el.formula;
    if (!geo) {
      f.replaceChildren();
      return;
    }
    const s = this.state;
    const lines = [];
    if (s.pad === 'same') {
      lines.push(h('p', { class: 'formula-note' }, t('lab.same', {
        oh: geo.height.out, ow: geo.width.out,
        th: geo.height.padBefore + geo.height.padAfter, tw: geo.width.padBefore + geo.width.padAfter,
        t: geo.height.padBefore, b: geo.height.padAfter, l: geo.width.padBefore, r: geo.width.padAfter,
      })));
    }
    for (const [axis, g, sym] of [['height', geo.height, ['H', 'OH', 'P↑', 'P↓']], ['width', geo.width, ['W', 'OW', 'P←', 'P→']]]) {
      lines.push(axisFormula(axis, g, sym));
    }
    f.replaceChildren(...lines);
  }

  pick(ev) {
    if (!this.result) return;
    const [OH, OW] = this.result.shape;
    const c = cellAt(this.el.out, ev.clientX, ev.clientY, OH, OW);
    if (c) this.showCell(c);
  }

  showCell(cell) {
    const e = this.el;
    this.cell = cell;
    if (!cell || !this.result) {
      e.rf.hidden = true;
      e.outCell.hidden = true;
      if (e.out.getAttribute('aria-description') !== '') e.out.setAttribute('aria-description', '');
      setText(e.cellText, t('lab.cellHint'));
      return;
    }
    const [OH, OW] = this.result.shape;
    const { height: hg, width: wg } = this.result.geo;
    const PH = hg.in + hg.padBefore + hg.padAfter;
    const PW = wg.in + wg.padBefore + wg.padAfter;
    const r0 = cell.y * hg.stride;
    const c0 = cell.x * wg.stride;
    const r1 = r0 + (hg.kernel - 1) * hg.dilation;
    const c1 = c0 + (wg.kernel - 1) * wg.dilation;
    place(e.outCell, OH, OW, cell.y, cell.y, cell.x, cell.x);
    place(e.rf, PH, PW, r0, r1, c0, c1);
    const text = t('lab.cell', {
      y: cell.y, x: cell.x, v: num(this.result.data[cell.y * OW + cell.x]),
      rows: range([r0, r1]), cols: range([c0, c1]),
    });
    e.out.setAttribute('aria-description', text);
    e.cellText.textContent = text;
  }

  // linkSoon updates the link to the explainer: at once for new settings,
  // LINK_DELAY_MS after the last new drawing.
  linkSoon() {
    clearTimeout(this.linkTimer);
    const key = JSON.stringify(this.state);
    if (key !== this.shown.link) {
      this.shown.link = key;
      this.updateAnimateLink();
    } else {
      this.linkTimer = setTimeout(() => this.updateAnimateLink(), LINK_DELAY_MS);
    }
  }

  // updateAnimateLink points "Animate this convolution" at the explainer
  // with exactly these settings and this input (see the explainer's URL
  // parameters), or explains why the animation cannot show them.
  updateAnimateLink() {
    const s = this.state;
    const e = this.el;
    const small = (v, max) => Number.isInteger(v) && v >= 0 && v <= max;
    const fits = s.kh === s.kw && small(s.kh, 7) && s.sh === s.sw && small(s.sh, 4) && s.dh === s.dw && small(s.dh, 4)
      && (s.pad !== 'explicit' || [s.pt, s.pb, s.pl, s.pr].every((p) => small(p, 4)))
      && s.values.every(Number.isFinite) && !this.check();
    e.animate.hidden = !fits;
    e.animateLimit.hidden = fits;
    if (!fits) return;
    const q = new URLSearchParams({
      scene: 'conv', input: 'drawing', res: String(s.input), ksize: String(s.kh),
      kernel: s.values.map(linkNumber).join(','),
      padding: s.pad === 'explicit' ? [s.pt, s.pb, s.pl, s.pr].join(',') : s.pad,
      stride: String(s.sh), dilation: String(s.dh),
    });
    const img = this.images[s.input];
    if (img) q.set('drawing', base64url(Uint8Array.from(img, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))));
    e.animate.href = `explainer.html?${q}`;
  }
}

// base64url encodes bytes without padding, as the explainer's drawing= expects.
function base64url(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// axisFormula writes the output-size formula of one axis with its numbers:
// the engine's geometry, whose out it ends with, or, for refused settings,
// the numbers that broke it, evaluated here to show how.
function axisFormula(axis, g, [IN, OUT, PB, PA]) {
  const numer = g.in + g.padBefore + g.padAfter - g.dilation * (g.kernel - 1) - 1;
  const out = g.out ?? Math.floor(numer / g.stride) + 1;
  const exact = numer / g.stride;
  const rem = ((numer % g.stride) + g.stride) % g.stride;
  const sym = `${OUT} = ⌊(${IN} + ${PB} + ${PA} − D·(K − 1) − 1) / S⌋ + 1`;
  const nums = `= ⌊(${g.in} + ${g.padBefore} + ${g.padAfter} − ${g.dilation}·(${g.kernel} − 1) − 1) / ${g.stride}⌋ + 1`
    + ` = ⌊${minus(numer)} / ${g.stride}⌋ + 1`
    + (Number.isInteger(exact) ? '' : ` = ⌊${num(exact, 2)}⌋ + 1`)
    + ` = ${minus(out)}`;
  const notes = [];
  if (out <= 0) {
    notes.push(t('lab.impossible', {
      axis: t(`lab.axis.${axis}`), span: g.dilation * (g.kernel - 1) + 1, padded: g.in + g.padBefore + g.padAfter,
    }));
  } else if (rem !== 0) {
    notes.push(t('lab.floor', { numer: numer, s: g.stride, rem, unit: t(axis === 'height' ? 'lab.rows' : 'lab.cols', { n: rem }) }));
  }
  return h('div', { class: `formula-axis${out <= 0 ? ' bad' : ''}`, 'data-axis': axis, 'data-out': String(out) },
    h('p', { class: 'formula-sym' }, h('span', { class: 'formula-axis-name', text: t(`lab.axis.${axis}`) }), ' ', sym),
    h('p', { class: 'formula-num', text: nums }),
    ...notes.map((n) => h('p', { class: 'formula-note', text: n })));
}

function minus(v) {
  return v < 0 ? `−${-v}` : String(v);
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

// resize keeps the overlapping values of a custom kernel when its size changes.
function resize({ kh, kw }, values, nh, nw) {
  const out = new Array(nh * nw).fill(0);
  for (let y = 0; y < Math.min(kh, nh); y++) {
    for (let x = 0; x < Math.min(kw, nw); x++) out[y * nw + x] = values[y * kw + x];
  }
  return out;
}
