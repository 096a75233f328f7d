// The Train view's live charts (#train-charts): loss and accuracy against
// epochs, training (every batch, averaged into buckets) and validation
// (after every epoch), drawn with uPlot (vendored, build/site/vendor/).
//
// A long run stays light: the training series keeps at most MAX_POINTS
// buckets — when full, neighbouring buckets merge and each new bucket
// covers twice the batches — and the charts redraw at most every REDRAW_MS,
// into the same two canvases (no DOM grows with the run).

import uPlot from '../../vendor/uPlot.esm.js';
import { View } from '../view.js';
import { t, pct, num } from '../i18n.js';

const MAX_POINTS = 400;
const REDRAW_MS = 250;
const TRAIN_COLOUR = '#2747c9';
const VAL_COLOUR = '#f0650f';

export class ChartsView extends View {
  constructor(root, deps) {
    super(root, deps);
    this.boxes = { loss: this.$('#chart-loss'), acc: this.$('#chart-acc') };
    this.reset();
    this.plots = null;
    this.timer = 0;
    this.build();
    new ResizeObserver(() => this.resize()).observe(this.root);
  }

  // reset forgets the run.
  reset() {
    this.train = []; // [{ x, loss, acc, n }]: buckets of batches
    this.val = []; // [{ x, loss, acc }]
    this.bucket = 1; // batches per bucket
    this.open = null; // the bucket being filled
    this.schedule();
  }

  // update({ batch: { x, loss, accuracy } }) or ({ epoch: { x, valLoss, valAccuracy } }).
  update({ batch, epoch }) {
    if (batch) this.addBatch(batch);
    if (epoch && epoch.valLoss != null) this.val.push({ x: epoch.x, loss: epoch.valLoss, acc: epoch.valAccuracy });
    this.schedule();
  }

  addBatch({ x, loss, accuracy }) {
    if (!this.open) {
      this.open = { x: 0, loss: 0, acc: 0, n: 0 };
      this.train.push(this.open);
    }
    const b = this.open;
    b.n++;
    b.loss += (loss - b.loss) / b.n;
    b.acc += (accuracy - b.acc) / b.n;
    b.x = x;
    if (b.n >= this.bucket) this.open = null;
    if (this.train.length > MAX_POINTS) this.halve();
  }

  // halve merges neighbouring buckets: half the points, twice the batches each.
  halve() {
    const merged = [];
    for (let i = 0; i < this.train.length; i += 2) {
      const a = this.train[i];
      const b = this.train[i + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      const n = a.n + b.n;
      merged.push({ x: b.x, loss: (a.loss * a.n + b.loss * b.n) / n, acc: (a.acc * a.n + b.acc * b.n) / n, n });
    }
    this.train = merged;
    this.bucket *= 2;
    // A bucket still filling may now be merged: start a new one.
    this.open = null;
  }

  // points is the number of points drawn, for tests of the bound.
  get points() {
    return this.train.length + this.val.length;
  }

  schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.draw();
    }, REDRAW_MS);
  }

  // data aligns both series on one x axis, as uPlot wants: training rows
  // have no validation value and the other way round.
  data(field) {
    const rows = [...this.train.map((p) => [p.x, p[field], null]), ...this.val.map((p) => [p.x, null, p[field]])];
    rows.sort((a, b) => a[0] - b[0]);
    return [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
  }

  draw() {
    if (!this.plots) return;
    this.plots.loss.setData(this.data('loss'));
    this.plots.acc.setData(this.data('acc'));
    this.root.dataset.points = String(this.points);
  }

  size() {
    const w = Math.max(200, Math.floor(this.boxes.loss.clientWidth || 300));
    return { width: w, height: Math.round(Math.min(220, Math.max(150, w * 0.5))) };
  }

  resize() {
    if (!this.plots) return;
    const s = this.size();
    if (s.width === this.plots.loss.width && s.height === this.plots.loss.height) return;
    this.plots.loss.setSize(s);
    this.plots.acc.setSize(s);
  }

  build() {
    this.plots?.loss.destroy();
    this.plots?.acc.destroy();
    const make = (box, field, fmt, tick, range) => new uPlot({
      ...this.size(),
      class: 'train-chart',
      scales: { x: { time: false, range: (u, lo, hi) => [0, Math.max(hi ?? 1, 1e-9) * 1.03] }, y: { range } },
      axes: [
        { label: t('tr.axis.epoch'), stroke: '#596071', grid: { stroke: '#eeece5' }, ticks: { stroke: '#e5e2d9' } },
        { stroke: '#596071', grid: { stroke: '#eeece5' }, ticks: { stroke: '#e5e2d9' }, values: (u, vals) => vals.map(tick), size: 58 },
      ],
      series: [
        { label: t('tr.axis.epoch'), value: (u, v) => (v == null ? '–' : num(v, 2)) },
        { label: t('tr.series.train'), stroke: TRAIN_COLOUR, width: 1.5, spanGaps: true, points: { show: false }, value: (u, v) => (v == null ? '–' : fmt(v)) },
        { label: t('tr.series.val'), stroke: VAL_COLOUR, width: 2, spanGaps: true, points: { show: true, size: 7, fill: VAL_COLOUR }, value: (u, v) => (v == null ? '–' : fmt(v)) },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
    }, this.data(field), box);
    this.boxes.loss.replaceChildren();
    this.boxes.acc.replaceChildren();
    this.plots = {
      loss: make(this.boxes.loss, 'loss', (v) => num(v, 3), (v) => num(v, 1), (u, lo, hi) => [0, Math.max(hi ?? 1, 0.1)]),
      acc: make(this.boxes.acc, 'acc', (v) => pct(v), (v) => `${num(v * 100, 0)}%`, (u, lo, hi) => [Math.max(0, Math.min(lo ?? 0, 0.9) - 0.02), 1]),
    };
  }

  relabel() {
    this.build();
  }
}
