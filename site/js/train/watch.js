// "Watch it learn" (#train-watch): the first convolution layer's kernels and
// the feature maps they make of a fixed test digit (and of the person's own
// drawing, when the playground left one), repainted whenever the page hands
// in new weights — every few hundred training digits. Kernels use the
// diverging palette, one symmetric scale for the layer, so a kernel fading
// or sharpening is visible; maps use the sequential one, per digit row.

import { View } from '../view.js';
import { h } from '../dom.js';
import { t, int } from '../i18n.js';
import { paint, paintGrey, scaleFor, extent } from '../colormap.js';

export class WatchView extends View {
  constructor(root, deps) {
    super(root, deps);
    this.body = this.$('#watch-body');
    this.shapeKey = '';
    this.last = null;
  }

  // update({ layer, kernel: { data, shape: [KH, KW, C, F] }, digits: [{ id,
  // input: { data, shape: [H, W, 1] }, maps: { data, shape: [H, W, F] } }],
  // samples }): samples is how many digits training has seen.
  update(data) {
    this.last = data;
    const { kernel, digits } = data;
    const [kh, kw, c, f] = kernel.shape;
    const key = `${kernel.shape}|${digits.map((d) => `${d.id}:${d.maps.shape}`).join(',')}`;
    if (key !== this.shapeKey) this.build(kernel.shape, digits);
    this.shapeKey = key;

    // Kernel f, channel 0 (the first layer of a greyscale network has one).
    const [lo, hi] = extent(kernel.data);
    const ks = scaleFor(Math.min(lo, -1e-6), Math.max(hi, 1e-6));
    const plane = new Float32Array(kh * kw);
    this.kernels.forEach((canvas, i) => {
      for (let p = 0; p < kh * kw; p++) plane[p] = kernel.data[p * c * f + i];
      paint(canvas, plane, kh, kw, ks);
    });
    digits.forEach((d, r) => {
      const row = this.rows[r];
      const [ih, iw] = d.input.shape;
      paintGrey(row.input, d.input.data, ih, iw);
      const [mh, mw, mf] = d.maps.shape;
      const ms = scaleFor(...extent(d.maps.data));
      row.maps.forEach((canvas, i) => paint(canvas, d.maps.data, mh, mw, ms, mf, i));
    });
    this.$('.watch-count').textContent = t('tr.watch.seen', { n: int(data.samples), layer: data.layer });
  }

  build(kshape, digits) {
    const f = kshape[3];
    this.kernels = Array.from({ length: f }, () => h('canvas', { class: 'px watch-kernel', width: kshape[1], height: kshape[0] }));
    this.rows = digits.map((d) => ({
      id: d.id,
      input: h('canvas', { class: 'px watch-input', width: d.input.shape[1], height: d.input.shape[0] }),
      maps: Array.from({ length: d.maps.shape[2] }, () => h('canvas', { class: 'px watch-map', width: d.maps.shape[1], height: d.maps.shape[0] })),
    }));
    this.body.style.setProperty('--cols', String(f));
    this.body.replaceChildren(
      h('p', { class: 'watch-count' }),
      h('div', { class: 'watch-row' },
        h('span', { class: 'watch-row-label', 'data-i18n': 'tr.watch.kernels', text: t('tr.watch.kernels') }),
        h('div', { class: 'watch-cells' }, this.kernels)),
      ...this.rows.map((row) => h('div', { class: 'watch-row' },
        h('figure', { class: 'watch-digit' }, row.input, h('figcaption', { 'data-i18n': `tr.watch.${row.id}`, text: t(`tr.watch.${row.id}`) })),
        h('div', { class: 'watch-cells' }, row.maps))),
    );
  }

  relabel() {
    if (this.last) this.update(this.last);
  }
}
