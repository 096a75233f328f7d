// The network as a left-to-right flow: one column per layer, every feature
// map drawn from the engine's activations, each column labelled with the
// layer's class, output shape and parameter count from nn.modelSummary().
//
// Ten rows run through the whole flow (10 maps of conv1 and pool1, 30 maps of
// conv2 and pool2 in three columns, 10 dense scores, 10 probabilities), so the
// eye can follow a row from left to right. Pointing at a cell lights up the
// window it reads in the column before and says what it computes, in the
// readout line under the flow and in a tip beside the pointer.

import { View } from './view.js';
import { h, rovingGrid, cellAt, place } from './dom.js';
import { paint, scaleFor, extent, merge } from './colormap.js';
import { span, taps } from './geometry.js';
import { t, num, int, params, shapeText } from './i18n.js';
import { describeCell, kernelText } from './explain.js';
import { legendBar } from './legend.js';
import { drawWires } from './wires.js';

const ROWS = 10;

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

  // build lays out the columns for a model: { inputShape, layers:[{name,type,outputShape,params,spec,geo}] }.
  build(model) {
    for (const s of this.stages) s.el.remove();
    this.stages = [];
    const input = { name: 'input', kind: 'input', type: 'Input', shape: model.inputShape, params: 0 };
    this.addMaps(input, null);
    let prevMaps = input;
    let link = null;
    for (const layer of model.layers) {
      const kind = layer.spec.kind;
      if (kind === 'conv' || kind === 'pool') {
        const stage = { ...layer, kind, shape: layer.outputShape };
        this.addMaps(stage, prevMaps);
        prevMaps = stage;
        link = null;
      } else if (kind === 'dense') {
        this.addDense({ ...layer, kind, shape: layer.outputShape, from: link || prevMaps });
      } else if (kind === 'softmax') {
        // Shown by the answer column.
      } else {
        // Flatten and Dropout reshape or (only while training) drop values;
        // they share one narrow column.
        if (!link) {
          link = { kind: 'link', layers: [], from: prevMaps };
          this.addLink(link);
        }
        link.layers.push(layer);
        this.fillLink(link);
      }
    }
    requestAnimationFrame(() => this.redrawWires());
  }

  addMaps(stage, prev) {
    const [H, W, C] = stage.shape;
    stage.prev = prev;
    stage.H = H;
    stage.W = W;
    stage.C = C;
    stage.cols = Math.max(1, Math.ceil(C / ROWS));
    const head = this.head(stage);
    const grid = h('div', { class: `maps cols-${stage.cols}${C === 1 ? ' single' : ''}`, role: 'group' });
    stage.maps = [];
    for (let i = 0; i < C; i++) {
      const canvas = h('canvas', { class: 'px', width: W, height: H });
      const rf = h('span', { class: 'rf', hidden: true });
      const cell = h('span', { class: 'cell', hidden: true });
      const interactive = stage.kind !== 'input';
      const el = h(interactive ? 'button' : 'div', {
        class: 'fmap', type: interactive ? 'button' : null,
        'data-layer': stage.name, 'data-index': i,
        'aria-controls': interactive ? 'inspector' : null,
        'aria-expanded': interactive ? 'false' : null,
        role: interactive ? null : 'img',
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
      grid.addEventListener('click', (e) => {
        const el = e.target.closest('.fmap');
        if (el) this.deps.select(stage, Number(el.dataset.index));
      });
    }
    grid.addEventListener('pointermove', (e) => this.hover(stage, e));
    grid.addEventListener('pointerleave', () => this.unhover());
    grid.addEventListener('focusin', (e) => {
      const el = e.target.closest('.fmap');
      if (el) this.say(describeCell(this.context(stage), Number(el.dataset.index), null));
    });
    this.label(stage);
  }

  addDense(stage) {
    const head = this.head(stage);
    const list = h('ol', { class: 'dense-cells' });
    stage.cells = [];
    for (let i = 0; i < stage.shape[stage.shape.length - 1]; i++) {
      const v = h('span', { class: 'dense-val', text: '–' });
      const li = h('li', { 'data-unit': i }, h('span', { class: 'dense-digit', text: String(i) }), v);
      stage.cells.push({ li, v });
      list.append(li);
    }
    stage.foot = h('p', { class: 'stage-range' });
    stage.list = list;
    stage.el = h('section', { class: 'stage stage-dense', 'data-layer': stage.name }, head, list, stage.foot);
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
    link.text.textContent = link.layers.map((l) => {
      if (l.spec.kind === 'dropout') return t('link.dropout', { name: l.name });
      if (l.spec.kind === 'flatten') return t('link.flatten', { name: l.name, n: int(l.outputShape.reduce((a, b) => a * b, 1)) });
      return t('link.other', { name: l.name, type: l.type, shape: shapeText(l.outputShape) });
    }).join(' · ');
  }

  head(stage) {
    stage.headEls = {
      name: h('h3', { class: 'stage-name', text: stage.name }),
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
    } else if (stage.kind === 'dense') {
      e.cls.textContent = `${stage.type} · ${s.activation}`;
    }
    e.shape.textContent = shapeText(stage.shape);
    e.params.textContent = stage.kind === 'input' ? t('stage.noParams') : params(stage.params);
    if (stage.maps) {
      stage.grid.setAttribute('aria-label', t('maps.group', { layer: stage.name, n: stage.C }));
      stage.maps.forEach((m, i) => m.el.setAttribute('aria-label', stage.kind === 'input'
        ? t('maps.input', { shape: shapeText(stage.shape) })
        : t('maps.one', { layer: stage.name, i: i + 1, n: stage.C })));
    }
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
    if (!types) this.readout.textContent = t('flow.readout');
  }

  // legend labels the colour scales: the sequential one of the activations
  // (its top is the global maximum under the global scale) and the signed one.
  legend() {
    const g = this.globalRange;
    const hi = this.mode === 'global' && g ? num(g[1]) : t(this.mode === 'map' ? 'legend.mapMax' : 'legend.layerMax');
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
      for (let ch = 0; ch < s.C; ch++) {
        const sc = this.mode === 'map' ? scaleFor(...extent(s.data, s.C, ch)) : layerScale;
        paint(s.maps[ch].canvas, s.data, s.H, s.W, sc, s.C, ch);
      }
      this.rangeText(s);
    }
    for (const s of this.stages.filter((x) => x.kind === 'dense')) {
      s.data = byName.get(s.name).data;
      s.scale = scaleFor(...extent(s.data));
      s.cells.forEach((c, i) => {
        const v = s.data[i];
        c.v.textContent = short(v);
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
      stage.foot.textContent = '';
      return;
    }
    if (stage.maps && this.mode === 'map') {
      // Every map has its own range; the legend says so.
      stage.foot.textContent = '';
      return;
    }
    const { lo, hi } = stage.scale;
    stage.foot.textContent = `${short(lo)} … ${short(hi)}`;
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
    if (prev && stage.geo) {
      const r = span(taps(cell.y, stage.geo.height), prev.H);
      const c = span(taps(cell.x, stage.geo.width), prev.W);
      const targets = stage.kind === 'pool' ? [prev.maps[index]] : prev.maps;
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
