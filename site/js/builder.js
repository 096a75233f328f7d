// The network builder: the network as a list of layers, each with its
// Keras class, every setting of its config, its output shape and weight
// count, and a total. It starts from the engine's presets
// (nn.networkPresets()); layers are added (any class of nn.layerClasses()),
// removed, duplicated and reordered by mouse, touch (drag the grip) and
// keyboard (the arrow buttons, or the arrow keys on the grip).
//
// Every change re-infers every shape at once with the engine's own
// arithmetic (nn.explainOutputShape, layer by layer), and the changed
// layer shows its output-size formula with its numbers. An impossible
// network is explained — which layer, the numbers, what to change — while
// the last network that worked keeps running. A possible one is handed to
// the page (deps.build), which builds it, keeps the trained weights that
// still fit and answers with what it kept.
//
// DOM contract (tests rely on it): #builder-preset (a <select>: seed,
// lenet5, vgg, gap, custom); one [data-layer] per layer with data-class
// (a pooling layer's class is a <select data-setting="class">),
// data-shape (e.g. 16x16x30, empty when unknown) and data-params; form
// controls named by data-setting (pairs carry data-axis 0/1, explicit
// padding data-side 0–3: top, bottom, left, right); #builder-total with
// data-params; #builder-error, empty unless the network is impossible.

import { View } from './view.js';
import { h } from './dom.js';
import { t, int, pct, shapeText } from './i18n.js';
import { activations } from './geometry.js';
import { encodeSpec, decodeSpec } from './netspec.js';

// The activations a layer may name: the page's own formulas (geometry.js)
// and softmax.
const ACTIVATIONS = [...Object.keys(activations), 'softmax'];
// Keras has no default for these; a new layer starts with them.
const STARTERS = { filters: 8, kernel_size: [3, 3], units: 32 };
const STORAGE_KEY = 'svertka.network';
const SIDES = ['top', 'bottom', 'left', 'right'];

export class Builder extends View {
  // deps: { nn, presets: nn.networkPresets(), classes: nn.layerClasses(),
  //   trained() → the trained model's spec (where Reset goes back to),
  //   outputs() → how many values it answers with (every network must too),
  //   opened() → its name when it is a model opened in the model card, else '',
  //   build(spec) → Promise of { summary, kept: [layer], fresh: [{layer,
  //   name, was, now}] } or a rejection with the engine's message;
  //   changed() — the network changed (the page rewrites the URL) }.
  constructor(root, deps) {
    super(root, deps);
    this.nn = deps.nn;
    this.presets = deps.presets;
    this.classes = new Map(deps.classes.map((c) => [c.name, c]));
    this.el = {
      preset: this.$('#builder-preset'), list: this.$('#builder-layers'), total: this.$('#builder-total'),
      error: this.$('#builder-error'), status: this.$('#builder-status'), input: this.$('#builder-input'),
      addClass: this.$('#builder-add-class'), add: this.$('#builder-add'), addWhere: this.$('#builder-add-where'),
      reset: this.$('#builder-reset'), train: this.$('#builder-train'), answer: this.$('#builder-answer'),
    };
    this.answer = null;
    this.showAnswer();
    this.spec = structuredClone(deps.trained());
    this.presetName = this.matchPreset();
    this.rows = [];
    this.shapes = []; // per layer: { shape, formula } or null past an error
    this.params = null; // per layer, from the last network built
    this.problem = null; // { index, message } of an impossible network
    this.report = null; // the page's answer about the weights
    this.focus = -1; // the row the person last touched
    this.changedIndex = -1; // the row whose output-size formula is shown
    this.token = 0;

    for (const c of [...this.classes.values()]) {
      // Keras's other names too: MaxPool2D (MaxPooling2D).
      this.el.addClass.append(h('option', { value: c.name, text: c.aliases.length ? `${c.name} (${c.aliases.join(', ')})` : c.name }));
    }
    this.el.addClass.value = 'Conv2D';
    this.el.preset.addEventListener('change', () => {
      if (this.el.preset.value === 'custom') return;
      this.usePreset(this.el.preset.value);
    });
    this.el.add.addEventListener('click', () => this.addLayer(this.el.addClass.value));
    this.el.reset.addEventListener('click', () => this.reset());
    // The layer worked on last — edited, clicked or tapped, moved — is
    // where a new layer goes (after it); tabbing past rows does not count.
    for (const type of ['pointerdown', 'input', 'change']) {
      this.el.list.addEventListener(type, (e) => {
        const row = e.target.closest('[data-layer]');
        if (row) this.touch(Number(row.dataset.index));
      });
    }
    this.fillPresets();
  }

  preset(name) {
    return this.presets.find((p) => p.name === name)?.spec;
  }

  fillPresets() {
    const sel = this.el.preset;
    const value = sel.value || this.presetName;
    sel.replaceChildren(...this.presets.map((p) => h('option', { value: p.name, text: t(`builder.preset.${p.name}`) })),
      h('option', { value: 'custom', text: t('builder.preset.custom') }));
    sel.value = value;
  }

  // ---- URL and storage -------------------------------------------------------

  // readURL takes { net } (a preset name or a network of one's own); with
  // no net in the link, the network saved in this browser, if any.
  async readURL({ net }) {
    let text = net;
    if (text === undefined) {
      try {
        text = localStorage.getItem(STORAGE_KEY) ?? undefined;
      } catch {
        // Storage can be disabled; start from the trained network.
      }
    }
    if (text !== undefined && this.preset(text)) {
      await this.usePreset(text, false);
      return;
    }
    if (text !== undefined) {
      try {
        this.spec = decodeSpec(text);
        this.presetName = this.matchPreset();
      } catch {
        // A saved network this page cannot read: the trained one instead.
      }
    }
    this.render();
    await this.infer(false);
  }

  // An opened model is in the link already (the model card's model key):
  // while the network is that model, no net; edited, the network too.
  writeURL() {
    return { net: this.deps.opened() && this.isTrained() ? '' : this.linkText() };
  }

  // linkText is a preset's name while the network is one, else the network.
  linkText() {
    return this.presetName !== 'custom' ? this.presetName : encodeSpec(this.spec, [...this.classes.values()]);
  }

  // save keeps the network for the next visit, which starts from the
  // page's own trained model: not one built on an opened model.
  save() {
    if (this.deps.opened()) return;
    try {
      localStorage.setItem(STORAGE_KEY, this.linkText());
    } catch {
      // Storage can be disabled or full; the link still holds the network.
    }
  }

  // matchPreset names the preset the network is, or 'custom'.
  matchPreset() {
    const classes = [...this.classes.values()];
    const text = encodeSpec(this.spec, classes);
    const p = this.presets.find((x) => encodeSpec(x.spec, classes) === text);
    return p ? p.name : 'custom';
  }

  // ---- editing -----------------------------------------------------------------

  // use starts over from a whole network; report: tell the page (URL,
  // storage) — not while reading the URL.
  async use(spec, report = true) {
    this.spec = structuredClone(spec);
    this.presetName = this.matchPreset();
    this.focus = -1;
    this.changedIndex = -1;
    this.forget();
    this.render();
    await this.infer(report);
  }

  usePreset(name, report = true) {
    return this.use(this.preset(name), report);
  }

  // reset goes back to the trained network: its architecture, and with it
  // every trained weight.
  reset() {
    return this.use(this.deps.trained());
  }

  isTrained() {
    const classes = [...this.classes.values()];
    return encodeSpec(this.spec, classes) === encodeSpec(this.deps.trained(), classes);
  }

  touch(i) {
    this.focus = i;
    const l = this.spec.layers[i];
    this.el.addWhere.textContent = l ? t('builder.addAfter', { name: l.config.name || l.class_name }) : t('builder.addEnd');
  }

  addLayer(cls) {
    const c = this.classes.get(cls);
    const config = structuredClone(c.config);
    for (const [k, v] of Object.entries(STARTERS)) if (k in config) config[k] = structuredClone(v);
    if ('activation' in config && 'filters' in config) config.activation = 'relu';
    config.name = '';
    const at = this.focus >= 0 ? this.focus + 1 : this.spec.layers.length;
    this.spec.layers.splice(at, 0, { class_name: cls, config });
    this.structural(at);
  }

  removeLayer(i) {
    this.spec.layers.splice(i, 1);
    this.structural(Math.min(i, this.spec.layers.length - 1), 'remove');
  }

  duplicateLayer(i) {
    const copy = structuredClone(this.spec.layers[i]);
    copy.config.name = '';
    this.spec.layers.splice(i + 1, 0, copy);
    this.structural(i + 1, 'duplicate');
  }

  moveLayer(i, j) {
    if (j < 0 || j >= this.spec.layers.length || i === j) return;
    const [l] = this.spec.layers.splice(i, 1);
    this.spec.layers.splice(j, 0, l);
    this.structural(j, 'grip');
  }

  // structural re-renders after a layer was added, removed or moved and
  // puts the focus back where the person was working.
  structural(focusIndex, what = 'name') {
    this.presetName = this.matchPreset();
    this.changedIndex = focusIndex;
    this.forget();
    this.render();
    this.touch(focusIndex);
    const row = this.rows[focusIndex];
    if (row) {
      const target = what === 'grip' ? row.grip : what === 'remove' ? row.remove : row.el.querySelector('[data-setting]');
      target?.focus({ preventScroll: true });
    }
    this.infer();
  }

  // setting stores one edited value and re-infers.
  setting(i, key, value) {
    this.spec.layers[i].config[key] = value;
    this.edited(i);
  }

  // edited re-infers after layer i changed in place.
  edited(i) {
    this.presetName = this.matchPreset();
    this.el.preset.value = this.presetName;
    this.changedIndex = i;
    this.infer();
  }

  // ---- rows --------------------------------------------------------------------

  // forget drops what was worked out for the network before a structural
  // change, so no row shows another network's numbers meanwhile.
  forget() {
    this.shapes = [];
    this.params = null;
    this.problem = null;
    this.report = null;
  }

  render() {
    this.el.preset.value = this.presetName;
    // The page's inputs: the drawing for one channel, a picture for three.
    const key = { 1: 'builder.input', 3: 'builder.input3' }[this.spec.inputShape[2]] ?? 'builder.inputN';
    this.el.input.textContent = t(key, { shape: shapeText(this.spec.inputShape) });
    this.rows = this.spec.layers.map((l, i) => this.row(l, i));
    this.el.list.replaceChildren(...this.rows.map((r) => r.el));
    this.touch(this.focus < this.spec.layers.length ? this.focus : -1);
    this.show();
  }

  row(layer, i) {
    const cfg = layer.config;
    const def = this.classes.get(layer.class_name)?.config || {};
    const grip = h('button', { type: 'button', class: 'layer-grip', text: '⠿' });
    const btn = (cls, text, onclick) => h('button', { type: 'button', class: `btn btn-quiet layer-${cls}`, text, onclick });
    const up = btn('up', '↑', () => this.moveLayer(i, i - 1));
    const down = btn('down', '↓', () => this.moveLayer(i, i + 1));
    const dup = btn('dup', '⊕', () => this.duplicateLayer(i));
    const remove = btn('remove', '✕', () => this.removeLayer(i));
    const shape = h('span', { class: 'layer-shape' });
    const params = h('span', { class: 'layer-params' });
    const name = h('input', { type: 'text', class: 'layer-name', 'data-setting': 'name', value: cfg.name || '', spellcheck: 'false', autocomplete: 'off' });
    name.addEventListener('change', () => this.setting(i, 'name', name.value.trim()));
    const fields = Object.keys(cfg).filter((k) => k !== 'name').map((k) => this.field(i, k, cfg[k], def[k], cfg));
    const formula = h('p', { class: 'layer-formula' });
    const el = h('li', { class: 'layer-row', 'data-layer': '', 'data-index': i, 'data-class': layer.class_name },
      h('div', { class: 'layer-top' },
        grip, h('span', { class: 'layer-no', text: String(i + 1) }),
        this.classField(i, layer), name,
        h('span', { class: 'layer-out' }, shape, params),
        h('span', { class: 'layer-actions' }, up, down, dup, remove)),
      fields.length ? h('div', { class: 'layer-settings' }, fields) : null,
      formula);
    this.dragging(grip, i);
    grip.addEventListener('keydown', (e) => {
      const d = { ArrowUp: -1, ArrowDown: 1 }[e.key];
      if (!d) return;
      e.preventDefault();
      this.moveLayer(i, i + d);
    });
    const r = { el, grip, up, down, dup, remove, shape, params, formula, name, layer };
    this.labelRow(r, i);
    return r;
  }

  // classField is the class name, or a choice among the classes that take
  // the same config (the poolings: max, min, average), so that a pooling
  // layer changes its kind in place and keeps its settings.
  classField(i, layer) {
    const keys = (c) => Object.keys(c.config).sort().join();
    const own = this.classes.get(layer.class_name);
    const kin = own && keys(own) !== 'name' ? [...this.classes.values()].filter((c) => keys(c) === keys(own)) : [];
    if (kin.length < 2) return h('strong', { class: 'layer-class', text: layer.class_name });
    const sel = h('select', { class: 'layer-class', 'data-setting': 'class', 'aria-label': t('builder.class', { i: i + 1 }) },
      kin.map((c) => h('option', { value: c.name, text: c.name })));
    sel.value = layer.class_name;
    sel.addEventListener('change', () => {
      layer.class_name = sel.value;
      this.rows[i].el.dataset.class = sel.value;
      this.edited(i);
    });
    return sel;
  }

  labelRow(r, i) {
    const n = r.layer.config.name || r.layer.class_name;
    r.grip.setAttribute('aria-label', t('builder.grip', { name: n }));
    r.up.setAttribute('aria-label', t('builder.up', { name: n }));
    r.down.setAttribute('aria-label', t('builder.down', { name: n }));
    r.dup.setAttribute('aria-label', t('builder.dup', { name: n }));
    r.remove.setAttribute('aria-label', t('builder.remove', { name: n }));
    for (const b of [r.up, r.down, r.dup, r.remove]) b.title = b.getAttribute('aria-label');
    r.name.setAttribute('aria-label', t('builder.name', { i: i + 1 }));
    r.up.disabled = i === 0;
    r.down.disabled = i === this.spec.layers.length - 1;
  }

  // field builds the controls of one config field, chosen by the kind of
  // value it holds (Keras's config vocabulary, for every class alike).
  field(i, key, value, def, cfg) {
    const label = (...controls) => h('label', { class: `setting setting-${key}` },
      h('span', { class: 'setting-key', text: key }), h('span', { class: 'setting-controls' }, ...controls));
    const number = (v, attrs, onvalue) => {
      const input = h('input', { type: 'number', step: 'any', inputmode: 'decimal', value: v ?? '', 'data-setting': key, ...attrs });
      input.addEventListener('input', () => {
        const x = input.value.trim() === '' ? null : Number(input.value);
        if (x === null || Number.isFinite(x)) onvalue(x);
      });
      return input;
    };
    if (key === 'activation') {
      const sel = h('select', { 'data-setting': key }, ACTIVATIONS.map((a) => h('option', { value: a, text: a })));
      sel.value = value;
      sel.addEventListener('change', () => this.setting(i, key, sel.value));
      return label(sel);
    }
    if (key === 'padding') return this.paddingField(i, value, def, label);
    if (typeof def === 'boolean') {
      const box = h('input', { type: 'checkbox', 'data-setting': key, checked: value });
      box.addEventListener('change', () => this.setting(i, key, box.checked));
      return label(box);
    }
    // Windows: two numbers, height and width. Pool strides may be null
    // ("the pool size"): both boxes empty.
    const pair = Array.isArray(def) || key === 'strides';
    if (pair) {
      const v = value == null ? [null, null] : Array.isArray(value) ? value : [value, value];
      const inputs = [0, 1].map((axis) => number(v[axis], {
        'data-axis': axis, min: 1, step: 1, inputmode: 'numeric',
        placeholder: key === 'strides' && value == null ? String(cfg.pool_size?.[axis] ?? '') : null,
        'aria-label': `${key} ${axis ? t('builder.width') : t('builder.height')}`,
      }, () => {
        const [a, b] = inputs.map((x) => (x.value.trim() === '' ? null : Number(x.value)));
        if (a === null && b === null && def === null) this.setting(i, key, null);
        else if (Number.isInteger(a) && Number.isInteger(b)) this.setting(i, key, [a, b]);
      }));
      return label(inputs[0], h('span', { class: 'times', text: '×', 'aria-hidden': 'true' }), inputs[1]);
    }
    if (typeof value === 'number' || value === null) {
      return label(number(value, {}, (x) => this.setting(i, key, x)));
    }
    const text = h('input', { type: 'text', 'data-setting': key, value: typeof value === 'string' ? value : JSON.stringify(value) });
    text.addEventListener('change', () => {
      let v = text.value;
      try {
        if (typeof value !== 'string') v = JSON.parse(v);
      } catch {
        // Left as text: the engine says what it expected.
      }
      this.setting(i, key, v);
    });
    return label(text);
  }

  // paddingField: 'valid', 'same' or explicit cells per side for Conv2D
  // and the poolings; cells per side only for ZeroPadding2D.
  paddingField(i, value, def, label) {
    const explicit = Array.isArray(value);
    const cells = explicit ? value.flat() : [1, 1, 1, 1];
    const sides = SIDES.map((side, k) => {
      const input = h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', value: cells[k], 'data-setting': 'padding', 'data-side': k, 'aria-label': `padding ${t(`builder.${side}`)}` });
      input.addEventListener('input', () => {
        const v = sides.map((s) => Number(s.value));
        if (v.every((n) => Number.isInteger(n) && n >= 0)) this.setting(i, 'padding', [[v[0], v[1]], [v[2], v[3]]]);
      });
      return input;
    });
    const box = h('span', { class: 'padding-sides' }, sides);
    if (Array.isArray(def)) return label(box);
    const sel = h('select', { 'data-setting': 'padding' }, ['valid', 'same', 'explicit'].map((m) => h('option', { value: m, text: m })));
    sel.value = explicit ? 'explicit' : value;
    box.hidden = !explicit;
    sel.addEventListener('change', () => {
      box.hidden = sel.value !== 'explicit';
      const v = sides.map((s) => Number(s.value));
      this.setting(i, 'padding', sel.value === 'explicit' ? [[v[0], v[1]], [v[2], v[3]]] : sel.value);
    });
    return label(sel, box);
  }

  // dragging lets a mouse, pen or finger drag a row by its grip.
  dragging(grip, i) {
    grip.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      grip.setPointerCapture(e.pointerId);
      const row = this.rows[i].el;
      row.classList.add('dragging');
      let target = i;
      const move = (ev) => {
        target = this.rows.length - 1;
        for (let k = 0; k < this.rows.length; k++) {
          const r = this.rows[k].el.getBoundingClientRect();
          if (ev.clientY < r.top + r.height / 2) {
            target = k > i ? k - 1 : k;
            break;
          }
        }
        for (const [k, r] of this.rows.entries()) r.el.classList.toggle('drop-here', k === target && k !== i);
      };
      const up = () => {
        grip.removeEventListener('pointermove', move);
        grip.removeEventListener('pointerup', up);
        grip.removeEventListener('pointercancel', up);
        row.classList.remove('dragging');
        for (const r of this.rows) r.el.classList.remove('drop-here');
        this.moveLayer(i, target);
      };
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', up);
      grip.addEventListener('pointercancel', up);
    });
  }

  // ---- shapes, and the network handed to the page --------------------------------

  // infer works out every shape with the engine, layer by layer; for a
  // possible network it asks the page to build it. report: tell the page
  // (URL, storage) — not while reading the URL.
  async infer(report = true) {
    const token = ++this.token;
    const shapes = [];
    let problem = null;
    let shape = this.spec.inputShape;
    for (const [i, l] of this.spec.layers.entries()) {
      try {
        const e = await this.nn.explainOutputShape({ class_name: l.class_name, config: l.config }, shape);
        shapes.push({ shape: e.shape, formula: e.height ? [e.height.formula, e.width.formula] : [e.formula] });
        shape = e.shape;
      } catch (err) {
        problem = { index: i, message: stripCall(err.message) };
        break;
      }
    }
    if (token !== this.token) return;
    if (!problem && !this.spec.layers.length) problem = { index: -1, message: t('builder.empty') };
    // The playground reads one probability per class of the trained model
    // (ten digits for the shipped one): its labels and weights fit them.
    const last = this.spec.layers[this.spec.layers.length - 1];
    const n = this.deps.outputs();
    if (!problem && shape.join('x') !== String(n)) {
      problem = { index: this.spec.layers.length - 1, message: t(n === 10 ? 'builder.notTen' : 'builder.notN', { shape: shapeText(shape), n }) };
    } else if (!problem && isSoftmax(this.deps.trained()) && !isSoftmax(this.spec)) {
      problem = { index: this.spec.layers.length - 1, message: t('builder.noSoftmax') };
    }
    this.shapes = shapes;
    this.problem = problem;
    this.params = null;
    if (!problem) {
      try {
        const res = await this.deps.build(structuredClone(this.spec));
        if (token !== this.token) return;
        this.params = res.summary.layers.map((l) => l.params);
        this.total = res.summary.totalParams;
        this.report = res;
        // Unnamed layers get the engine's names, so the trained weights
        // find them again after the next change.
        res.summary.layers.forEach((l, i) => { this.spec.layers[i].config.name = l.name; });
      } catch (err) {
        if (token !== this.token) return;
        this.problem = { index: -1, message: stripCall(err.message) };
      }
    }
    this.show();
    if (report) {
      this.save();
      this.deps.changed();
    }
  }

  // show writes the shapes, weights, formula, problem and status.
  show() {
    const p = this.problem;
    this.rows.forEach((r, i) => {
      const s = this.shapes[i];
      r.el.dataset.shape = s ? s.shape.join('x') : '';
      r.el.dataset.params = this.params ? String(this.params[i]) : '';
      r.shape.textContent = s ? shapeText(s.shape) : '—';
      r.params.textContent = this.params ? t('builder.params', { n: int(this.params[i]) }) : '';
      if (r.name.value !== (r.layer.config.name || '')) r.name.value = r.layer.config.name || '';
      const bad = p && p.index === i;
      r.el.classList.toggle('is-bad', !!bad);
      r.el.classList.toggle('is-after-bad', !!p && p.index >= 0 && i > p.index);
      const changed = i === this.changedIndex && s;
      r.el.classList.toggle('is-changed', !!changed);
      r.formula.textContent = changed ? formulaText(s.formula) : '';
      r.formula.hidden = !changed;
      this.labelRow(r, i);
    });
    const total = this.params ? this.total : null;
    this.el.total.dataset.params = total === null ? '' : String(total);
    this.el.total.textContent = total === null ? t('builder.totalUnknown') : t('builder.total', { n: int(total) });
    this.el.error.textContent = p ? this.explain(p) : '';
    this.el.error.hidden = !p;
    this.el.status.textContent = this.statusText();
    // The Train view knows the presets by name (its own net key); a
    // network of one's own goes as spec, netspec.js's text.
    this.el.train.href = this.presetName !== 'custom' ? `train.html?net=${this.presetName}`
      : `train.html?spec=${encodeSpec(this.spec, [...this.classes.values()])}`;
    // The Train view trains on MNIST: one channel in.
    this.el.train.setAttribute('aria-disabled', String(!!p || this.spec.inputShape[2] !== 1));
  }

  // explain says which layer cannot work, the engine's numbers, what to
  // change, and that the last working network keeps running.
  explain(p) {
    const l = this.spec.layers[p.index];
    const where = l ? t('builder.where', { i: p.index + 1, name: l.config.name || l.class_name, cls: l.class_name }) : '';
    const message = /[.!?]$/.test(p.message) ? p.message : `${p.message}.`; // the engine's has no full stop
    return [where, message, hint(p.message, l), t('builder.keeps')].filter(Boolean).join(' ');
  }

  statusText() {
    if (this.problem || !this.report) return '';
    const { kept, fresh } = this.report;
    const opened = this.deps.opened();
    if (!fresh.length && this.isTrained()) return opened ? t('builder.trainedOpened', { name: opened }) : t('builder.trained');
    if (!fresh.length) return t('builder.allKept');
    if (!kept.length) return t('builder.untrained');
    const why = fresh.filter((f) => f.was).map((f) => t('builder.was', { w: `${f.layer}/${f.name}`, was: f.was.join('×'), now: f.now.join('×') }));
    // A global pooling already frees the classifier from the map size.
    const global = this.spec.layers.some((l) => l.class_name.startsWith('Global'));
    // The Train view trains on digits: an opened model's new weights come
    // back with its own shapes.
    const next = opened ? 'builder.openedHint' : global ? 'builder.trainOnly' : 'builder.trainHint';
    return [t('builder.someKept', { kept: kept.join(', '), fresh: [...new Set(fresh.map((f) => f.layer))].join(', ') }), ...why,
      t(next)].join(' ');
  }

  relabel() {
    this.fillPresets();
    this.showAnswer();
    this.el.addWhere.textContent = '';
    this.render();
  }

  // update takes { rebuild: true }: build the network again (after the
  // engine restarted, or to undo the pooling switch); { answer } after every
  // inference ({probs, label, name?}, or null when nothing is drawn), shown here so
  // that the consequence of an edit is in sight while editing.
  update(data) {
    if (data.rebuild) this.infer(false);
    if ('answer' in data) {
      this.answer = data.answer;
      this.showAnswer();
    }
  }

  // showAnswer names the answer's class (a.name: an opened model's own
  // label) or digit.
  showAnswer() {
    const a = this.answer;
    const opened = !!this.deps.opened();
    if (!a) this.el.answer.textContent = t(opened ? 'builder.noAnswerOpened' : 'builder.noAnswer');
    else this.el.answer.textContent = t(opened ? 'builder.answerOpened' : 'builder.answer', { d: a.name ?? a.label, p: pct(a.probs[a.label]) });
  }
}

// stripCall drops the engine's "explainOutputShape: " prefix: the page
// names the layer itself.
function stripCall(msg) {
  return msg.replace(/^(explainOutputShape|createModel): /, '');
}

// isSoftmax says whether a network ends in probabilities.
function isSoftmax(spec) {
  const last = spec.layers[spec.layers.length - 1];
  return !!last && (last.class_name === 'Softmax' || last.config.activation === 'softmax');
}

function formulaText(f) {
  return f.length === 2 ? `${t('builder.height')}: ${f[0]} · ${t('builder.width')}: ${f[1]}` : f[0];
}

// hint suggests what to change for the kinds of impossible network the
// engine reports.
function hint(msg, layer) {
  if (/≤ 0/.test(msg)) return t('builder.hint.size');
  if (/flat input|Flatten/.test(msg)) return '';
  if (/limit|weights, above/.test(msg)) return t('builder.hint.big');
  if (/needs a \[height, width, channels\]/.test(msg)) return t('builder.hint.maps', { cls: layer?.class_name ?? '' });
  return '';
}
