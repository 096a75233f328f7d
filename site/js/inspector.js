// The inspector opens under the flow when a feature map is clicked.
//
// For a convolution map it shows the five steps of a multichannel
// convolution, computed by the engine (nn.layerSteps) on the person's own
// drawing: the filter's kernels (one per input map), the partial maps, their
// sum, the sum plus bias, and the activation. For a pooling map it shows the
// source map and the pooled one. Pointing at (or tapping, or moving with the
// arrow keys over) any output cell lights up the window it reads and spells
// out the arithmetic.

import { View } from './view.js';
import { h, cellAt, place } from './dom.js';
import { paint, scaleFor, extent, merge } from './colormap.js';
import { t, num } from './i18n.js';
import { cellMath, tensorOf, actName, range, kernelText } from './explain.js';
import { windowValues, kernelSlice, span } from './geometry.js';
import { legend } from './legend.js';

export class Inspector extends View {
  // deps: { nn, weights: {layer: {kernel, bias}}, handle() → the model's
  // engine handle, closed(selection) }.
  constructor(root, deps) {
    super(root, deps);
    this.nn = deps.nn;
    this.weights = deps.weights;
    this.section = root;
    this.title = this.$('#inspector-title');
    this.lede = this.$('#inspector-lede');
    this.body = this.$('#inspector-body');
    this.arith = this.$('#arith');
    this.sel = null; // { stage, index }
    this.cell = null;
    this.channel = 0;
    this.token = 0;
    this.$('#inspector-close').addEventListener('click', () => this.close());
    this.section.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  get open() {
    return !this.section.hidden;
  }

  // update takes { input } after every inference: the model input, or null
  // when nothing is drawn.
  update({ input }) {
    this.input = input;
    return this.open ? this.refresh() : null;
  }

  // show opens the inspector on map index of a flow stage.
  async show(stage, index) {
    this.sel = { stage, index };
    this.cell = null;
    this.channel = -1;
    this.section.hidden = false;
    this.build();
    await this.refresh();
    this.title.focus({ preventScroll: true });
    this.section.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'start' });
  }

  close() {
    if (!this.open) return;
    this.section.hidden = true;
    const sel = this.sel;
    this.sel = null;
    this.deps.closed(sel);
  }

  // build creates the skeleton for the selected map; refresh fills it in.
  build() {
    const { stage, index } = this.sel;
    const prev = stage.prev;
    this.body.replaceChildren();
    this.arith.replaceChildren();
    this.els = {};
    const big = (cls, label) => {
      const canvas = h('canvas', { class: 'px', width: stage.W, height: stage.H, tabindex: '0', role: 'img', 'aria-label': label });
      const mark = h('span', { class: 'cell', hidden: true });
      const wrap = h('div', { class: `px-wrap big ${cls}` }, canvas, mark);
      this.bindCells(canvas, stage.H, stage.W);
      return { canvas, mark, wrap };
    };

    if (stage.kind === 'conv') {
      const C = prev.C;
      const rows = [];
      const table = h('div', { class: 'steps-table', role: 'list' },
        h('div', { class: 'steps-th', 'aria-hidden': 'true' },
          h('span', { text: t('steps.inputs', { prev: prev.name }) }),
          h('span', { text: `① ${t('steps.kernels')}` }),
          h('span', { text: `② ${t('steps.partials')}` })));
      for (let c = 0; c < C; c++) {
        const src = h('canvas', { class: 'px', width: prev.W, height: prev.H });
        const rf = h('span', { class: 'rf', hidden: true });
        const ker = h('canvas', { class: 'px kernel', width: stage.geo.width.kernel, height: stage.geo.height.kernel });
        const part = h('canvas', { class: 'px', width: stage.W, height: stage.H });
        const pmark = h('span', { class: 'cell', hidden: true });
        const val = h('span', { class: 'steps-val' });
        const row = h('button', { type: 'button', class: 'steps-row', role: 'listitem', 'data-channel': c,
          'aria-label': t('steps.rowAria', { c: c + 1, prev: prev.name }) },
        h('span', { class: 'px-wrap sm' }, src, rf), h('span', { class: 'op', text: '⊛' }),
        h('span', { class: 'px-wrap sm' }, ker), h('span', { class: 'op', text: '=' }),
        h('span', { class: 'px-wrap sm' }, part, pmark), val);
        row.addEventListener('click', () => { this.channel = c; this.renderCell(); });
        rows.push({ src, rf, ker, part, pmark, val, row });
        table.append(row);
      }
      const sum = big('sum', t('steps.sum'));
      const plus = big('plus', t('steps.plusBias'));
      const act = big('act', t('steps.activated'));
      this.els = { rows, sum, plus, act };
      const col = (n, title, b, note) => h('figure', { class: 'step' },
        h('figcaption', { class: 'step-title' }, h('span', { class: 'step-n', text: n }), ' ', title), b.wrap, note);
      this.els.sumNote = h('p', { class: 'step-note' });
      this.els.plusNote = h('p', { class: 'step-note' });
      this.els.actNote = h('p', { class: 'step-note' });
      this.els.legend = h('div', { class: 'steps-legend' });
      const combine = h('div', { class: 'steps-combine' },
        col('③', t('steps.sum'), sum, this.els.sumNote),
        h('span', { class: 'op big-op', text: '+ b' }),
        col('④', t('steps.plusBias'), plus, this.els.plusNote),
        h('span', { class: 'op big-op', text: actName(stage.spec.activation) }),
        col('⑤', t('steps.activated'), act, this.els.actNote));
      this.body.append(h('div', { class: 'steps' }, table, h('span', { class: 'op sigma', text: 'Σ', 'aria-hidden': 'true' }), h('div', { class: 'steps-right' }, combine, this.els.legend)));
    } else {
      const src = h('canvas', { class: 'px', width: prev.W, height: prev.H });
      const rf = h('span', { class: 'rf', hidden: true });
      const out = big('pooled', t('pool.outAria', { layer: stage.name, i: index + 1 }));
      this.els = { src, rf, out, legend: h('div', { class: 'steps-legend' }) };
      this.body.append(h('div', { class: 'pool-view' },
        h('figure', { class: 'step' }, h('figcaption', { class: 'step-title', text: t('pool.source', { prev: prev.name, i: index + 1, shape: `${prev.H}×${prev.W}` }) }),
          h('div', { class: 'px-wrap big src' }, src, rf)),
        h('span', { class: 'op big-op', text: t(`pool.fn.${stage.spec.mode}`) }),
        h('figure', { class: 'step' }, h('figcaption', { class: 'step-title', text: t('pool.result', { layer: stage.name, shape: `${stage.H}×${stage.W}` }) }), out.wrap),
        this.els.legend));
    }
    this.label();
  }

  label() {
    const { stage, index } = this.sel;
    const prev = stage.prev;
    if (stage.kind === 'conv') {
      this.title.textContent = t('steps.title', { layer: stage.name, i: index + 1 });
      this.lede.textContent = t(prev.C > 1 ? 'steps.ledeN' : 'steps.lede1', {
        layer: stage.name, i: index + 1, c: prev.C, prev: prev.name,
        k: kernelText(stage), act: actName(stage.spec.activation),
      });
    } else {
      this.title.textContent = t('pool.title', { layer: stage.name, i: index + 1, mode: t(`pool.name.${stage.spec.mode}`) });
      this.lede.textContent = t(`pool.lede.${stage.spec.mode}`, {
        prev: prev.name, i: index + 1, k: kernelText(stage), s: stage.geo.height.stride,
      });
    }
  }

  relabel() {
    if (!this.sel) return;
    this.build();
    this.paint();
  }

  // refresh asks the engine for the steps on the current input and repaints.
  async refresh() {
    const { input } = this;
    if (!this.sel) return;
    const { stage, index } = this.sel;
    if (!stage.data || !input) {
      this.steps = null;
      this.empty();
      return;
    }
    const token = ++this.token;
    if (stage.kind === 'conv') {
      const steps = await this.nn.layerSteps(stage.name, input, index, this.deps.handle());
      if (token !== this.token) return;
      this.steps = steps;
    } else {
      this.steps = null;
    }
    this.paint();
  }

  empty() {
    this.section.classList.add('is-empty');
    this.arith.replaceChildren(h('p', { class: 'muted', text: t('steps.empty') }));
  }

  paint() {
    if (!this.sel) return;
    const { stage, index } = this.sel;
    const prev = stage.prev;
    if (!stage.data) {
      this.empty();
      return;
    }
    this.section.classList.remove('is-empty');
    if (!this.cell) this.cell = this.bestCell();
    if (stage.kind === 'conv') {
      const s = this.steps;
      if (!s) return;
      const C = prev.C;
      let kr = [0, 0];
      for (const k of s.kernels) kr = merge(kr, extent(k.data));
      const kScale = scaleFor(kr[0], kr[1]);
      let vr = merge(extent(s.sum.data), extent(s.plusBias.data));
      vr = merge(vr, extent(s.activated.data));
      for (const p of s.partials) vr = merge(vr, extent(p.data));
      // One signed scale for every value map of the filter (partials, sum,
      // + bias, activation), so they can be compared and ReLU's cut to zero
      // shows as the negatives turning neutral.
      const vScale = scaleFor(Math.min(vr[0], -1e-6), vr[1]);
      const inScale = scaleFor(...extent(prev.data));
      for (let c = 0; c < C; c++) {
        const r = this.els.rows[c];
        paint(r.src, prev.data, prev.H, prev.W, inScale, C, c);
        paint(r.ker, s.kernels[c].data, stage.geo.height.kernel, stage.geo.width.kernel, kScale);
        paint(r.part, s.partials[c].data, stage.H, stage.W, vScale);
      }
      paint(this.els.sum.canvas, s.sum.data, stage.H, stage.W, vScale);
      paint(this.els.plus.canvas, s.plusBias.data, stage.H, stage.W, vScale);
      paint(this.els.act.canvas, s.activated.data, stage.H, stage.W, vScale);
      this.els.legend.replaceChildren(
        legend(inScale, t('legend.inputs', { prev: prev.name })),
        legend(kScale, t('legend.weights')),
        legend(vScale, t('legend.values')));
      this.scales = { inScale, kScale, vScale };
    } else {
      const sc = scaleFor(...extent(prev.data, prev.C, index));
      paint(this.els.src, prev.data, prev.H, prev.W, sc, prev.C, index);
      paint(this.els.out.canvas, stage.data, stage.H, stage.W, sc, stage.C, index);
      this.els.legend.replaceChildren(legend(sc, t('legend.map')));
      this.scales = { sc };
    }
    this.renderCell();
  }

  // bestCell starts on the strongest response, where there is something to see.
  bestCell() {
    const { stage, index } = this.sel;
    let best = 0;
    let at = { y: Math.floor(stage.H / 2), x: Math.floor(stage.W / 2) };
    for (let y = 0; y < stage.H; y++) {
      for (let x = 0; x < stage.W; x++) {
        const v = Math.abs(stage.data[(y * stage.W + x) * stage.C + index]);
        if (v > best) { best = v; at = { y, x }; }
      }
    }
    return at;
  }

  bindCells(canvas, H, W) {
    const pick = (e) => {
      const c = cellAt(canvas, e.clientX, e.clientY, H, W);
      if (c) { this.cell = c; this.renderCell(); }
    };
    canvas.addEventListener('pointermove', (e) => { if (e.pointerType === 'mouse') pick(e); });
    canvas.addEventListener('pointerdown', pick);
    canvas.addEventListener('keydown', (e) => {
      const d = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
      if (!d || !this.cell) return;
      e.preventDefault();
      this.cell = { y: Math.min(H - 1, Math.max(0, this.cell.y + d[0])), x: Math.min(W - 1, Math.max(0, this.cell.x + d[1])) };
      this.renderCell();
    });
  }

  renderCell() {
    if (!this.sel || !this.cell || !this.sel.stage.data) return;
    const { stage, index } = this.sel;
    const prev = stage.prev;
    const { y, x } = this.cell;
    const m = cellMath(stage, this.weights, index, this.cell);
    const rows = span(m.rows, prev.H);
    const cols = span(m.cols, prev.W);
    const input = tensorOf(prev);
    if (stage.kind === 'conv') {
      const s = this.steps;
      if (!s) return;
      for (const b of [this.els.sum, this.els.plus, this.els.act]) place(b.mark, stage.H, stage.W, y, y, x, x);
      const at = y * stage.W + x;
      if (this.channel < 0) {
        // Open on the input map that contributes most to this cell.
        let best = 0;
        m.partials.forEach((p, c) => { if (Math.abs(p) > Math.abs(m.partials[best])) best = c; });
        this.channel = best;
      }
      this.els.rows.forEach((r, c) => {
        place(r.pmark, stage.H, stage.W, y, y, x, x);
        if (rows && cols) place(r.rf, prev.H, prev.W, rows[0], rows[1], cols[0], cols[1]);
        else r.rf.hidden = true;
        r.val.textContent = num(s.partials[c].data[at]);
        r.row.classList.toggle('current', c === this.channel);
        r.row.setAttribute('aria-pressed', String(c === this.channel));
      });
      this.els.sumNote.textContent = `Σ = ${num(s.sum.data[at])}`;
      this.els.plusNote.textContent = `${num(s.sum.data[at])} ${num(s.bias, 2, true, true)} = ${num(s.plusBias.data[at])}`;
      this.els.actNote.textContent = `${actName(stage.spec.activation)}(${num(s.plusBias.data[at])}) = ${num(s.activated.data[at])}`;
      this.arith.replaceChildren(this.convArith(stage, index, m, input, s, at));
    } else {
      place(this.els.out.mark, stage.H, stage.W, y, y, x, x);
      if (rows && cols) place(this.els.rf, prev.H, prev.W, rows[0], rows[1], cols[0], cols[1]);
      this.arith.replaceChildren(this.poolArith(stage, index, m, rows, cols));
    }
  }

  convArith(stage, index, m, input, s, at) {
    const prev = stage.prev;
    const c = this.channel;
    const win = windowValues(input, c, m.rows, m.cols);
    const ker = kernelSlice(this.weights[stage.name].kernel, c, index);
    const rows = span(m.rows, prev.H);
    const cols = span(m.cols, prev.W);
    const where = rows && cols
      ? t('arith.where', { prev: prev.name, c: c + 1, rows: range(rows), cols: range(cols) })
      : t('read.allPadding');
    const grid = (vals, scale, cls) => h('table', { class: `num-grid ${cls}` }, h('tbody', {}, vals.map((row) => h('tr', {},
      row.map((v) => {
        const td = h('td', { text: v === null ? '0' : num(v) });
        if (v === null) td.className = 'pad';
        else {
          td.style.backgroundColor = scale.css(v);
          if (scale.dark(v)) td.className = 'on-dark';
        }
        return td;
      })))));
    const head = h('p', { class: 'arith-head' }, t('arith.cell', { layer: stage.name, i: index + 1, y: this.cell.y, x: this.cell.x, v: num(s.activated.data[at]) }));
    const partial = h('p', { class: 'arith-eq' }, t('arith.partial', { c: c + 1, v: num(m.partials[c]) }));
    const sumLine = prev.C > 1
      ? m.partials.map((p) => num(p)).join(' + ').replace(/\+ −/g, '− ')
      : num(m.partials[0]);
    const total = h('p', { class: 'arith-eq' },
      `${t('arith.sum')} = ${sumLine} = ${num(m.sum)};  ${num(m.sum)} ${num(m.bias, 2, true, true)} = ${num(m.plusBias)};  ${actName(stage.spec.activation)} → ${num(m.activated)}`);
    // The page's arithmetic is only an explanation; say whether it agrees
    // with what the engine computed.
    const engine = s.activated.data[at];
    const agree = Math.abs(engine - m.activated) <= 1e-4 * Math.max(1, Math.abs(engine));
    const check = h('p', { class: `arith-check ${agree ? 'muted' : 'warn'}`, 'data-agree': String(agree) },
      t(agree ? 'arith.match' : 'arith.mismatch', { v: num(engine, 4) }));
    return h('div', { class: 'arith-conv' }, head,
      h('div', { class: 'arith-grids' },
        h('figure', {}, h('figcaption', { text: where }), grid(win, this.scales.inScale, 'win')),
        h('span', { class: 'op', text: '×' }),
        h('figure', {}, h('figcaption', { text: t('arith.kernel', { c: c + 1 }) }), grid(ker, this.scales.kScale, 'ker'))),
      partial, total, check);
  }

  poolArith(stage, index, m, rows, cols) {
    const prev = stage.prev;
    const real = m.values.flat().filter((v) => v !== null);
    const sc = this.scales.sc;
    const picked = stage.spec.mode === 'avg' ? null : m.result;
    const table = h('table', { class: 'num-grid win' }, h('tbody', {}, m.values.map((row) => h('tr', {}, row.map((v) => {
      const td = h('td', { text: v === null ? '·' : num(v) });
      if (v === null) td.className = 'pad';
      else {
        td.style.backgroundColor = sc.css(v);
        td.className = [sc.dark(v) ? 'on-dark' : '', picked !== null && v === picked ? 'picked' : ''].join(' ').trim();
      }
      return td;
    })))));
    const fn = t(`pool.fn.${stage.spec.mode}`);
    const eq = stage.spec.mode === 'avg'
      ? `(${real.map((v) => num(v)).join(' + ')}) / ${real.length} = ${num(m.result)}`
      : `${fn}(${real.map((v) => num(v)).join(', ')}) = ${num(m.result)}`;
    const where = rows && cols ? t('arith.wherePool', { prev: prev.name, i: index + 1, rows: range(rows), cols: range(cols) }) : '';
    return h('div', { class: 'arith-pool' },
      h('p', { class: 'arith-head' }, t('arith.cell', { layer: stage.name, i: index + 1, y: this.cell.y, x: this.cell.x, v: num(stage.data[(this.cell.y * stage.W + this.cell.x) * stage.C + index]) })),
      h('div', { class: 'arith-grids' }, h('figure', {}, h('figcaption', { text: where }), table)),
      h('p', { class: 'arith-eq' }, eq));
  }
}

