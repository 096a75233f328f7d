// The drawing card: the pad, its buttons, and the preprocessing between the
// pad and the network. The engine crops the ink to its bounding box, scales
// it to fit 20×20, shifts it so the centre of mass sits in the middle of
// 28×28 (the MNIST recipe) and pads it to the model's 32×32 input; this view
// shows the three stages the engine reports, and a copy of the answer beside
// the pad for phones, where the answer card is below the fold while drawing.

import { View } from './view.js';
import { DrawPad } from './draw.js';
import { SAMPLES } from './samples.js';
import { paintGrey } from './colormap.js';
import { setText } from './dom.js';
import { t, num, pct } from './i18n.js';

export class PadView extends View {
  // deps: { changed() } — the drawing changed (a stroke, undo, clear, example).
  constructor(root, deps) {
    super(root, deps);
    this.canvas = this.$('#draw');
    this.pad = new DrawPad(this.canvas, () => {
      // html[data-stroke] while the pen is down: style.css then leaves out
      // the easing meant for changes that come one at a time.
      document.documentElement.toggleAttribute('data-stroke', !!this.pad.active);
      this.syncButtons();
      deps.changed();
    });
    this.overlay = this.$('#pad-overlay');
    this.crop = this.$('#prep-crop');
    this.img28 = this.$('#prep-28');
    this.img32 = this.$('#prep-32');
    this.com = this.$('#prep-com');
    this.centre = this.$('#prep-centre');
    this.facts = this.$('#prep-facts');
    this.mini = this.$('#mini-answer');
    this.sample = 0;
    this.data = { pre: null, answer: null };
    this.$('#undo').addEventListener('click', () => this.pad.undo());
    this.$('#clear').addEventListener('click', () => this.pad.clear());
    this.$('#example').addEventListener('click', () => {
      this.pad.load(SAMPLES[this.sample]);
      this.sample = (this.sample + 1) % SAMPLES.length;
    });
    // Ctrl+Z undoes a stroke from anywhere on the page but a text field.
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !e.shiftKey && !/INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) {
        e.preventDefault();
        this.pad.undo();
      }
    });
    this.syncButtons();
    this.render();
  }

  get empty() {
    return this.pad.empty;
  }

  imageData() {
    return this.pad.imageData();
  }

  // update takes { engine: 'ready' | 'error' } once the engine has started
  // or failed, and { pre, answer } after every inference: preprocess()'s
  // result and {probs, label}, both null when nothing is drawn.
  update(data) {
    if (data.engine) this.$('#pad-loading').hidden = true;
    if ('pre' in data) {
      this.data = { pre: data.pre, answer: data.answer };
      this.render();
    }
  }

  relabel() {
    this.render();
  }

  // syncButtons runs on every pen move: an unchanged state writes nothing
  // into the DOM, which the frame would otherwise style again.
  syncButtons() {
    const undo = this.$('#undo');
    const hint = this.$('#pad-empty');
    if (undo.disabled !== this.pad.empty) undo.disabled = this.pad.empty;
    if (hint.hidden !== !this.pad.empty) hint.hidden = !this.pad.empty;
  }

  render() {
    const { pre, answer } = this.data;
    this.syncButtons();
    if (this.mini.hidden !== !answer) this.mini.hidden = !answer;
    if (answer) {
      setText(this.mini.querySelector('.mini-digit'), String(answer.label));
      setText(this.mini.querySelector('.mini-p'), pct(answer.probs[answer.label]));
    }
    if (pre) this.showPre(pre);
    else this.clearPre();
  }

  clearPre() {
    this.overlay.getContext('2d').clearRect(0, 0, this.overlay.width, this.overlay.height);
    for (const c of [this.crop, this.img28, this.img32]) {
      c.getContext('2d').clearRect(0, 0, c.width, c.height);
    }
    this.com.hidden = true;
    this.centre.hidden = true;
    this.facts.textContent = t('prep.none');
  }

  showPre(pre) {
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
    c.drawImage(this.canvas, x0, y0, bw, bh, (side - bw * s) / 2, (side - bh * s) / 2, bw * s, bh * s);

    paintGrey(this.img28, pre.image28.data, 28, 28);
    paintGrey(this.img32, pre.input.data, 32, 32);

    // The centre of mass before the shift (dot) and where the shift puts it
    // (cross): the middle of pixel 14, as MNIST does. Continuous coordinates,
    // 0..28 across the field.
    const { x, y } = pre.centerOfMass;
    const { x: sx, y: sy } = pre.shift;
    mark(this.com, x, y);
    mark(this.centre, x + sx, y + sy);

    setText(this.facts, t('prep.facts', {
      w: bw, h: bh, x: x0, y: y0,
      scale: num(20 / Math.max(bw, bh), 3),
      dx: num(sx, 1, true), dy: num(sy, 1, true),
    }));
  }
}

function mark(el, x, y) {
  el.style.left = `${(x / 28) * 100}%`;
  el.style.top = `${(y / 28) * 100}%`;
  el.hidden = false;
}
