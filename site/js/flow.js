// The network as a left-to-right flow: one column per layer, every feature
// map drawn from the engine's activations, each column labelled with the
// layer's class, output shape and parameter count from nn.modelSummary().
// Any network the engine runs is drawn: any number of layers, any shapes,
// one or three input channels (see model.js for what each layer becomes).
//
// Ten rows run through the whole flow (up to ten maps per column, more maps
// in more columns; ten values per column of a long vector), so the eye can
// follow a row from left to right. Pointing at a cell lights up the window
// it reads in the column before and says what it computes, in the readout
// line under the flow and in a tip beside the pointer.

import { View } from './view.js';
import { h, rovingGrid, cellAt, place, setText } from './dom.js';
import { paint, scaleFor, extent, merge } from './colormap.js';
import { span, taps } from './geometry.js';
import { t, num, int, params, shapeText } from './i18n.js';
import { describeCell, kernelText } from './explain.js';
import { legendBar } from './legend.js';
import { drawWires } from './wires.js';

const ROWS = 10;
// A flat output of up to this many values is a list of numbers; a longer
// one a picture.
const LIST_MAX = 16;
// A layer's first MAX_MAPS maps are drawn: thousands of canvases would
// stall the page, and no one reads them one by one.
const MAX_MAPS = 256;

export class Flow extends View {
  // deps: { select(stage, index) } — the person opened a feature map.
  constructor(root, deps) {
    super(root, deps);
    this.flow = this.$('#flow');
    this.wires = this.$('#wires');
    this.readout = this.$('#readout');
    this.tip = this.$('#tip');
    this.stages = [];
    this.mode = 'layer';
    this.last = null; // { input, acts } of the latest inference
    this.weights = {};
    new ResizeObserver(() => this.redrawWires()).observe(this.flow);
    this.legend();
  }

  // update takes any of: { model, weights } once the model is loaded (see
  // model.js); { scale } when the colour scale changes; { types } when the
  // pooling layers change class; { input, acts } after every inference —
  // the model input and predict()'s activations, both null when nothing is
  // drawn.
  update(data) {
    if (data.weights) this.weights = data.weights;
    if (data.model) this.build(data.model);
    if (data.types) this.relabel(data.types);
    if (data.scale) this.mode = data.scale;
    if ('acts' in data) {
      this.last = data.acts ? { input: data.input, acts: data.acts } : null;
      if (!this.last) this.clear();
    }
    if (this.last && ('acts' in data || data.scale)) this.paint(this.last.input, this.last.acts);
    this.legend();
  }

  // build lays out the columns for a model (model.js's describeModel).
  build(model) {
    for (const s of this.stages) s.el.remove();
    this.stages = [];
    this.hot = null;
    const input = { name: 'input', kind: 'input', type: 'Input', shape: model.inputShape, params: 0 };
    this.addMaps(input, null);
    let prevMaps = input; // the last stage with maps: what a window reads
    let last = input; // the last stage drawn: where the wires come from
    let link = null;
    for (const layer of model.layers) {
      const { kind } = layer.spec;
      const stage = { ...layer, kind, shape: layer.outputShape };
      if (kind === 'softmax') continue; // shown by the answer column
      if (kind === 'link') {
        // Flatten and Dropout pass their input's values on; one narrow
        // column holds a run of them.
        if (!link) {
          link = { kind: 'link', layers: [], from: last };
          this.addLink(link);
          last = link;
        }
        link.layers.push(layer);
        this.fillLink(link);
        continue;
      }
      link = null;
      if (stage.shape.length === 3) {
        this.addMaps(stage, prevMaps);
        prevMaps = stage;
      } else {
        stage.from = last;
        this.addVector(stage);
      }
      last = stage;
    }
    requestAnimationFrame(() => {
      this.fitHeads();
      this.redrawWires();
    });
  }

  // fitHeads makes every column's head as tall as the tallest label needs,
  // so the rows of maps stay aligned whatever the names (on phones each
  // head takes the height it needs anyway).
  fitHeads() {
    this.flow.style.removeProperty('--head');
    if (!matchMedia('(min-width: 760px)').matches) return;
    const heads = this.stages.map((s) => s.el.querySelector('.stage-head'));
    const base = Math.max(...heads.map((el) => el.clientHeight));
    const need = Math.max(...heads.map((el) => [...el.children].reduce((sum, c) => sum + c.offsetHeight, 0) + 10));
    if (need > base) this.flow.style.setProperty('--head', `${need}px`);
  }

  addMaps(stage, prev) {
    const [H, W, C] = stage.shape;
    stage.prev = prev;
    stage.H = H;
    stage.W = W;
    stage.C = C;
    stage.shown = Math.min(C, MAX_MAPS);
    // Many maps take half-size cells, twenty to a column: the column keeps
    // the height of ten, and the flow its width.
    const many = stage.shown > 40;
    stage.cols = Math.max(1, Math.ceil(stage.shown / (many ? 2 * ROWS : ROWS)));
    const head = this.head(stage);
    const grid = h('div', { class: `maps${C === 1 ? ' single' : ''}${many ? ' many' : ''}`, role: 'group' });
    grid.style.setProperty('--cols', stage.cols);
    stage.maps = [];
    // Conv and pooling maps open the inspector; the others are pictures.
    const interactive = stage.kind === 'conv' || stage.kind === 'pool';
    for (let i = 0; i < stage.shown; i++) {
      const canvas = h('canvas', { class: 'px', width: W, height: H });
      const rf = h('span', { class: 'rf', hidden: true });
      const cell = h('span', { class: 'cell', hidden: true });
      const el = h(interactive ? 'button' : 'div', {
        class: 'fmap', type: interactive ? 'button' : null,
        'data-layer': stage.name, 'data-index': i,
        'aria-controls': interactive ? 'inspector' : null,
        'aria-expanded': interactive ? 'false' : null,
        role: interactive ? null : 'img',
        tabindex: interactive || stage.kind === 'input' ? null : '0',
      }, canvas, rf, cell);
      stage.maps.push({ el, canvas, rf, cell });
      grid.append(el);
    }
    const foot = h('p', { class: 'stage-range' });
    stage.grid = grid;
    stage.foot = foot;
    stage.el = h('section', { class: `stage stage-${stage.kind}`, 'data-layer': stage.name }, head, grid, foot);
    this.flow.append(stage.el);
    this.stages.push(stage);

    if (stage.kind !== 'input') {
      rovingGrid(grid, '.fmap', () => stage.cols);
      if (interactive) {
        grid.addEventListener('click', (e) => {
          const el = e.target.closest('.fmap');
          if (el) this.deps.select(stage, Number(el.dataset.index));
        });
      }
    }
    grid.addEventListener('pointermove', (e) => this.hover(stage, e));
    grid.addEventListener('pointerleave', () => this.unhover());
    grid.addEventListener('focusin', (e) => {
      const el = e.target.closest('.fmap');
      if (el) this.say(describeCell(this.context(stage), Number(el.dataset.index), null));
    });
    this.label(stage);
  }

  // addVector draws a flat output: up to LIST_MAX values as a list of
  // cells, longer vectors as a picture of ten rows, value i in row i mod 10
  // and column ⌊i/10⌋.
  addVector(stage) {
    const head = this.head(stage);
    const n = stage.shape[stage.shape.length - 1];
    stage.N = n;
    let body;
    if (n <= LIST_MAX) {
      body = h('ol', { class: 'dense-cells' });
      stage.cells = [];
      for (let i = 0; i < n; i++) {
        const v = h('span', { class: 'dense-val', text: '–' });
        const li = h('li', { 'data-unit': i }, h('span', { class: 'dense-digit', text: String(i) }), v);
        stage.cells.push({ li, v });
        body.append(li);
      }
    } else {
      stage.W = Math.ceil(n / ROWS);
      stage.H = ROWS;
      stage.canvas = h('canvas', { class: 'px', width: stage.W, height: ROWS });
      stage.mark = h('span', { class: 'cell', hidden: true });
      body = h('div', { class: 'vec-grid', role: 'img', tabindex: '0' }, stage.canvas, stage.mark);
      body.style.setProperty('--vcols', stage.W);
      body.addEventListener('pointermove', (e) => {
        const c = stage.data && cellAt(body, e.clientX, e.clientY, ROWS, stage.W);
        const unit = c && c.x * ROWS + c.y;
        if (c && unit < n) {
          place(stage.mark, ROWS, stage.W, c.y, c.y, c.x, c.x);
          this.say(t('read.unit', { layer: stage.name, i: unit, v: num(stage.data[unit]) }), e.pointerType === 'mouse' ? { x: e.clientX, y: e.clientY } : null);
        }
      });
      body.addEventListener('pointerleave', () => {
        stage.mark.hidden = true;
        this.say(null);
      });
      body.addEventListener('focus', () => this.say(t('read.vector', { layer: stage.name, n: int(n) })));
      stage.vec = body;
    }
    stage.foot = h('p', { class: 'stage-range' });
    stage.list = body;
    stage.el = h('section', { class: `stage stage-dense stage-${stage.kind}`, 'data-layer': stage.name }, head, body, stage.foot);
    this.flow.append(stage.el);
    this.stages.push(stage);
    this.label(stage);
  }

  addLink(link) {
    link.text = h('p', { class: 'link-text' });
    link.el = h('section', { class: 'stage stage-link' },
      h('div', { class: 'stage-head' }), h('div', { class: 'link-body' }, link.text));
    this.flow.append(link.el);
    this.stages.push(link);
  }

  fillLink(link) {
    link.text.textContent = link.layers.map((l) => (l.type === 'Dropout'
      ? t('link.dropout', { name: l.name })
      : t('link.flatten', { name: l.name, n: int(l.outputShape.reduce((a, b) => a * b, 1)) }))).join(' · ');
  }

  head(stage) {
    stage.headEls = {
      // Long Keras names (block1_conv1) may break after an underscore.
      name: h('h3', { class: 'stage-name' }, stage.name.split(/(?<=_)/).flatMap((p, i) => (i ? [h('wbr'), p] : [p]))),
      cls: h('p', { class: 'stage-class' }),
      shape: h('p', { class: 'stage-shape' }),
      params: h('p', { class: 'stage-params' }),
    };
    const e = stage.headEls;
    return h('header', { class: 'stage-head' }, e.name, e.cls, e.shape, e.params);
  }

  // label (re)writes the language-dependent texts of a stage.
  label(stage) {
    const e = stage.headEls;
    const s = stage.spec;
    if (stage.kind === 'input') {
      e.cls.textContent = t(stage.C === 3 ? 'stage.inputPicture' : 'stage.input');
    } else if (stage.kind === 'conv') {
      e.cls.textContent = `${stage.type} · ${kernelText(stage)} · ${s.activation}`;
    } else if (stage.kind === 'pool') {
      e.cls.textContent = `${stage.type} · ${kernelText(stage)}`;
    } else if (stage.kind === 'dense' || s.activation !== 'linear') {
      e.cls.textContent = `${stage.type} · ${s.activation}`;
    } else {
      e.cls.textContent = stage.type;
    }
    e.shape.textContent = shapeText(stage.shape);
    e.params.textContent = stage.kind === 'input' ? t('stage.noParams') : params(stage.params);
    if (stage.maps) {
      stage.grid.setAttribute('aria-label', t('maps.group', { layer: stage.name, n: stage.C }));
      // Only conv and pooling maps open the inspector.
      const key = { input: 'maps.input', conv: 'maps.one', pool: 'maps.one' }[stage.kind] || 'read.mapsMap';
      stage.maps.forEach((m, i) => m.el.setAttribute('aria-label',
        t(key, { shape: shapeText(stage.shape), layer: stage.name, i: i + 1, n: stage.C })));
    }
    stage.vec?.setAttribute('aria-label', t('read.vector', { layer: stage.name, n: int(stage.N) }));
    this.rangeText(stage);
  }

  relabel(types) {
    for (const s of this.stages) {
      if (s.kind === 'link') this.fillLink(s);
      else {
        if (types && types[s.name]) s.type = types[s.name];
        this.label(s);
      }
    }
    this.legend();
    this.fitHeads();
    if (!types) this.readout.textContent = t('flow.readout');
  }

  // legend labels the colour scales: the sequential one of the activations
  // (its top is the global maximum under the global scale) and the signed one.
  // It is rebuilt only when its words or numbers change: update calls it
  // after every inference.
  legend() {
    const g = this.globalRange;
    const hi = this.mode === 'global' && g ? num(g[1]) : t(this.mode === 'map' ? 'legend.mapMax' : 'legend.layerMax');
    const key = [t('legend.activations'), hi, t('legend.signed')].join('\n');
    if (key === this.legendKey) return;
    this.legendKey = key;
    this.$('#legend').replaceChildren(
      legendBar('seq', t('legend.activations'), '0', hi),
      legendBar('div', t('legend.signed'), '−', '+'),
    );
  }

  // paint paints every stage from the model input and predict()'s activations.
  paint(input, acts) {
    const byName = new Map(acts.map((a) => [a.name, a]));
    const mapStages = this.stages.filter((s) => s.maps);
    const ranges = new Map();
    let all = null;
    for (const s of mapStages) {
      s.data = s.kind === 'input' ? input : byName.get(s.name).data;
      const r = extent(s.data);
      ranges.set(s, r);
      all = all ? merge(all, r) : r;
    }
    for (const s of mapStages) {
      const layerScale = scaleFor(...(this.mode === 'global' ? all : ranges.get(s)));
      s.scale = layerScale;
      for (let ch = 0; ch < s.shown; ch++) {
        const sc = this.mode === 'map' ? scaleFor(...extent(s.data, s.C, ch)) : layerScale;
        paint(s.maps[ch].canvas, s.data, s.H, s.W, sc, s.C, ch);
      }
      this.rangeText(s);
    }
    for (const s of this.stages.filter((x) => x.N)) {
      s.data = byName.get(s.name).data;
      s.scale = scaleFor(...extent(s.data));
      if (s.canvas) {
        // Value i at row i mod 10, column ⌊i/10⌋; the cells past the end stay blank.
        const grid = new Float32Array(s.H * s.W);
        for (let i = 0; i < s.N; i++) grid[(i % ROWS) * s.W + Math.floor(i / ROWS)] = s.data[i];
        paint(s.canvas, grid, s.H, s.W, s.scale);
        const ctx = s.canvas.getContext('2d');
        for (let i = s.N; i < s.H * s.W; i++) ctx.clearRect(Math.floor(i / ROWS), i % ROWS, 1, 1);
      }
      s.cells?.forEach((c, i) => {
        const v = s.data[i];
        setText(c.v, short(v));
        c.li.style.backgroundColor = s.scale.css(v);
        c.li.classList.toggle('on-dark', s.scale.dark(v));
      });
      this.rangeText(s);
    }
    this.globalRange = all;
  }

  clear() {
    for (const s of this.stages) {
      if (s.maps) {
        for (const m of s.maps) m.canvas.getContext('2d').clearRect(0, 0, m.canvas.width, m.canvas.height);
        s.data = null;
      }
      if (s.canvas) {
        s.data = null;
        s.canvas.getContext('2d').clearRect(0, 0, s.W, s.H);
      }
      if (s.cells) {
        s.data = null;
        for (const c of s.cells) {
          c.v.textContent = '–';
          c.li.style.backgroundColor = '';
          c.li.classList.remove('on-dark');
        }
      }
      if (s.foot) this.rangeText(s);
    }
    this.unhover();
  }

  rangeText(stage) {
    if (!stage.foot) return;
    if (!stage.data || !stage.scale) {
      setText(stage.foot, '');
      return;
    }
    if (stage.maps && this.mode === 'map') {
      // Every map has its own range; the legend says so.
      setText(stage.foot, '');
      return;
    }
    const { lo, hi } = stage.scale;
    const first = stage.shown < stage.C ? ` · ${t('maps.first', { n: stage.shown, of: stage.C })}` : '';
    setText(stage.foot, `${short(lo)} … ${short(hi)}${first}`);
  }

  // context gives explain.js what it needs to describe a cell of a stage.
  context(stage) {
    return { stage, prev: stage.prev, weights: this.weights, input: this.last?.input };
  }

  hover(stage, e) {
    const el = e.target.closest('.fmap');
    if (!el || !stage.data) return;
    const index = Number(el.dataset.index);
    const cell = cellAt(el, e.clientX, e.clientY, stage.H, stage.W);
    if (!cell) return;
    this.showCell(stage, index, cell, e.pointerType === 'mouse' ? { x: e.clientX, y: e.clientY } : null);
  }

  // showCell marks output cell {y,x} of map index and lights up its receptive
  // field in the stage before it.
  showCell(stage, index, cell, at = null) {
    this.unhover(false);
    const m = stage.maps[index];
    place(m.cell, stage.H, stage.W, cell.y, cell.y, cell.x, cell.x);
    const prev = stage.prev;
    if (prev) {
      // A layer without a window (BatchNormalization, ReLU, …) reads the
      // same cell of the same map.
      const r = stage.geo ? span(taps(cell.y, stage.geo.height), prev.H) : [cell.y, cell.y];
      const c = stage.geo ? span(taps(cell.x, stage.geo.width), prev.W) : [cell.x, cell.x];
      const targets = stage.kind === 'conv' ? prev.maps : [prev.maps[index]];
      if (r && c) for (const m of targets) place(m.rf, prev.H, prev.W, r[0], r[1], c[0], c[1]);
      if (this.hot?.stage !== stage || this.hot?.index !== index) {
        this.hot = { stage, index };
        this.redrawWires();
      }
    }
    this.say(describeCell(this.context(stage), index, cell), at);
  }

  // say shows text in the readout line and, for a mouse pointer at {x, y},
  // beside it too, where the eye is; the readout stays for keyboard and
  // screen-reader users. No text restores the hint.
  say(text, at = null) {
    const tip = this.tip;
    this.readout.textContent = text || t('flow.readout');
    tip.hidden = !(text && at);
    if (tip.hidden) return;
    tip.textContent = text;
    const w = tip.offsetWidth;
    const hgt = tip.offsetHeight;
    const x = at.x + 18 + w > innerWidth - 8 ? at.x - 18 - w : at.x + 18;
    const y = Math.min(at.y + 18, innerHeight - hgt - 8);
    tip.style.left = `${Math.max(8, x)}px`;
    tip.style.top = `${Math.max(8, y)}px`;
  }

  unhover(reset = true) {
    for (const s of this.stages) {
      if (!s.maps) continue;
      for (const m of s.maps) {
        m.rf.hidden = true;
        m.cell.hidden = true;
      }
    }
    if (reset) {
      if (this.hot) {
        this.hot = null;
        this.redrawWires();
      }
      this.say(null);
    }
  }

  markSelected(sel) {
    for (const s of this.stages) {
      if (!s.maps) continue;
      s.maps.forEach((m, i) => {
        const on = !!sel && sel.stage === s && sel.index === i;
        m.el.classList.toggle('selected', on);
        if (s.kind !== 'input') m.el.setAttribute('aria-expanded', String(on));
      });
    }
  }

  redrawWires() {
    drawWires(this.wires, this.flow, this.stages, this.hot);
  }
}

// short keeps three significant figures or so, enough to read a value in a
// narrow column: 0.84, 3.09, 11.9, −31.1.
function short(v) {
  return num(v, Math.abs(v) >= 10 ? 1 : 2);
}
