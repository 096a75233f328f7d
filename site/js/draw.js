// The drawing pad: Pointer Events for mouse, touch and pen, strokes kept as
// point lists (so Undo can drop the last one), smoothed with quadratic curves
// through the midpoints of consecutive samples.
//
// Ink follows the engine's preprocessing rule: ink = alpha × (1 − luminance),
// so strokes are opaque black on a transparent canvas; the paper colour is
// the element's CSS background and never reaches the pixels.

// Brush width in canvas pixels on the 280×280 pad: a digit drawn across most
// of the pad gets strokes about as thick, relative to its height, as MNIST's.
export const BRUSH = 20;
const INK = '#000';

export class DrawPad {
  constructor(canvas, onChange) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange;
    this.strokes = [];
    this.active = null; // { id, points } of the stroke being drawn
    this.frame = 0;
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
    // A stray touch must never scroll or zoom the page while drawing; CSS
    // touch-action: none does the main work, this covers older engines.
    canvas.addEventListener('touchstart', (e) => e.preventDefault(), { passive: false });
  }

  // point maps an event to canvas pixels within r, the canvas's client rect
  // (read once per event: a coalesced move carries several samples).
  point(e, r = this.canvas.getBoundingClientRect()) {
    return [
      ((e.clientX - r.left) / r.width) * this.canvas.width,
      ((e.clientY - r.top) / r.height) * this.canvas.height,
    ];
  }

  down(e) {
    if (this.active || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    this.canvas.setPointerCapture?.(e.pointerId);
    this.active = { id: e.pointerId, points: [this.point(e)] };
    this.strokes.push(this.active.points);
    this.schedule();
  }

  move(e) {
    if (!this.active || e.pointerId !== this.active.id) return;
    e.preventDefault();
    // Coalesced events carry the samples the browser merged into this one
    // (up to the screen's refresh), so fast strokes stay round.
    const events = e.getCoalescedEvents?.() || [];
    const r = this.canvas.getBoundingClientRect();
    for (const ev of events.length ? events : [e]) this.active.points.push(this.point(ev, r));
    this.schedule();
  }

  up(e) {
    if (!this.active || e.pointerId !== this.active.id) return;
    this.active = null;
    this.schedule();
  }

  undo() {
    if (this.active) this.active = null;
    this.strokes.pop();
    this.schedule();
  }

  clear() {
    this.active = null;
    this.strokes = [];
    this.schedule();
  }

  // load replaces the drawing with strokes given in pad-relative units (0..1).
  load(strokes) {
    this.active = null;
    this.strokes = strokes.map((s) => s.map(([x, y]) => [x * this.canvas.width, y * this.canvas.height]));
    this.schedule();
  }

  get empty() {
    return this.strokes.length === 0;
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
      this.onChange(this);
    });
  }

  render() {
    const { ctx, canvas } = this;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = BRUSH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const pts of this.strokes) {
      if (pts.length === 1) {
        ctx.beginPath();
        ctx.arc(pts[0][0], pts[0][1], BRUSH / 2, 0, Math.PI * 2);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (let i = 1; i < pts.length - 1; i++) {
        const mx = (pts[i][0] + pts[i + 1][0]) / 2;
        const my = (pts[i][1] + pts[i + 1][1]) / 2;
        ctx.quadraticCurveTo(pts[i][0], pts[i][1], mx, my);
      }
      const last = pts[pts.length - 1];
      ctx.lineTo(last[0], last[1]);
      ctx.stroke();
    }
  }

  imageData() {
    return this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
  }
}
