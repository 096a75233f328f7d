// The preprocessing panel: what happens between the pad and the network.
// The engine crops the ink to its bounding box, scales it to fit 20×20,
// shifts it so the centre of mass sits in the middle of 28×28 (the MNIST
// recipe) and pads it to the model's 32×32 input. This module shows the
// three stages the engine reports.

import { $ } from './dom.js';
import { paintGrey } from './colormap.js';
import { t, num } from './i18n.js';

export class PrepView {
  constructor(pad) {
    this.pad = pad; // the drawing canvas
    this.overlay = $('#pad-overlay');
    this.crop = $('#prep-crop');
    this.img28 = $('#prep-28');
    this.img32 = $('#prep-32');
    this.com = $('#prep-com');
    this.centre = $('#prep-centre');
    this.facts = $('#prep-facts');
    this.last = null;
  }

  clear() {
    this.last = null;
    this.overlay.getContext('2d').clearRect(0, 0, this.overlay.width, this.overlay.height);
    for (const c of [this.crop, this.img28, this.img32]) {
      c.getContext('2d').clearRect(0, 0, c.width, c.height);
    }
    this.com.hidden = true;
    this.centre.hidden = true;
    this.facts.textContent = t('prep.none');
  }

  update(pre) {
    this.last = pre;
    const { x0, y0, x1, y1 } = pre.bbox;
    const bw = x1 - x0;
    const bh = y1 - y0;

    // Bounding box and centre of mass over the drawing itself.
    const o = this.overlay.getContext('2d');
    o.clearRect(0, 0, this.overlay.width, this.overlay.height);
    o.save();
    o.strokeStyle = '#f0650f';
    o.lineWidth = 2;
    o.setLineDash([6, 4]);
    o.strokeRect(x0 + 0.5, y0 + 0.5, bw - 1, bh - 1);
    o.setLineDash([]);
    const { x: cx, y: cy } = pre.canvasCenterOfMass;
    o.beginPath();
    o.arc(cx, cy, 6, 0, Math.PI * 2);
    o.fillStyle = 'rgba(240, 101, 15, 0.25)';
    o.fill();
    o.stroke();
    o.restore();

    // The cropped ink, fitted into a square the way the engine fits 20×20.
    const c = this.crop.getContext('2d');
    c.clearRect(0, 0, this.crop.width, this.crop.height);
    const side = this.crop.width;
    const s = (side * 20) / 28 / Math.max(bw, bh);
    c.imageSmoothingQuality = 'high';
    c.drawImage(this.pad, x0, y0, bw, bh, (side - bw * s) / 2, (side - bh * s) / 2, bw * s, bh * s);

    paintGrey(this.img28, pre.image28.data, 28, 28);
    paintGrey(this.img32, pre.input.data, 32, 32);

    // The centre of mass before the shift (dot) and where the shift puts it
    // (cross): the middle of pixel 14, as MNIST does. Continuous coordinates,
    // 0..28 across the field.
    const { x, y } = pre.centerOfMass;
    const { x: sx, y: sy } = pre.shift;
    mark(this.com, x, y);
    mark(this.centre, x + sx, y + sy);

    this.facts.textContent = t('prep.facts', {
      w: bw, h: bh, x: x0, y: y0,
      scale: num(20 / Math.max(bw, bh), 3),
      dx: num(sx, 1, true), dy: num(sy, 1, true),
    });
  }

  relabel() {
    if (this.last) this.update(this.last);
    else this.facts.textContent = t('prep.none');
  }
}

function mark(el, x, y) {
  el.style.left = `${(x / 28) * 100}%`;
  el.style.top = `${(y / 28) * 100}%`;
  el.hidden = false;
}
