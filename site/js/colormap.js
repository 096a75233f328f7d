// Colour scales for activations and weights.
//
// Non-negative values (ReLU maps, pooled maps, the input) use viridis, a
// perceptually uniform sequential palette that stays readable for every common
// colour-vision deficiency and in greyscale; zero is its dark end. Signed
// values (kernels, pre-activation sums, dense scores, lab outputs) use a
// diverging blue–white–orange palette centred on zero with a symmetric range,
// so equal magnitudes get equal strength and the sign is never guessed from
// brightness alone.

const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e',
  '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
// Blue half from ColorBrewer RdBu, orange half from ColorBrewer PuOr.
const BLUE_ORANGE = ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0',
  '#f7f7f7', '#fee0b6', '#fdb863', '#e08214', '#b35806', '#7f3b08'];

function lut(stops) {
  const rgb = stops.map((s) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)));
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (rgb.length - 1);
    const k = Math.min(Math.floor(t), rgb.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = rgb[k][c] + (rgb[k + 1][c] - rgb[k][c]) * f;
  }
  return out;
}

const SEQUENTIAL = lut(VIRIDIS);
const DIVERGING = lut(BLUE_ORANGE);
export const SEQUENTIAL_CSS = `linear-gradient(90deg, ${VIRIDIS.join(', ')})`;
export const DIVERGING_CSS = `linear-gradient(90deg, ${BLUE_ORANGE.join(', ')})`;

// Scale maps values to palette indices. Build one with scaleFor.
export class Scale {
  constructor(kind, lo, hi) {
    this.kind = kind; // 'seq' | 'div'
    this.lo = lo;
    this.hi = hi;
    this.lut = kind === 'div' ? DIVERGING : SEQUENTIAL;
  }

  index(v) {
    const span = this.hi - this.lo;
    if (!(span > 0) || !Number.isFinite(v)) return this.kind === 'div' ? 128 : 0;
    const i = Math.round(((v - this.lo) / span) * 255);
    return i < 0 ? 0 : i > 255 ? 255 : i;
  }

  rgb(v) {
    const i = this.index(v) * 3;
    return [this.lut[i], this.lut[i + 1], this.lut[i + 2]];
  }

  css(v) {
    const [r, g, b] = this.rgb(v);
    return `rgb(${r} ${g} ${b})`;
  }

  // Whether text drawn over the colour for v should be light.
  dark(v) {
    const [r, g, b] = this.rgb(v);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  }
}

// scaleFor picks the palette from the data range: sequential from zero when
// nothing is negative, diverging and symmetric around zero otherwise.
export function scaleFor(lo, hi) {
  if (lo < 0) {
    const m = Math.max(-lo, hi);
    return new Scale('div', -m, m);
  }
  return new Scale('seq', 0, Math.max(hi, 0));
}

// extent returns [min, max] of channel ch of an interleaved array with c
// channels (ch = -1: every value).
export function extent(data, c = 1, ch = -1) {
  let lo = Infinity;
  let hi = -Infinity;
  const start = ch < 0 ? 0 : ch;
  const step = ch < 0 ? 1 : c;
  for (let i = start; i < data.length; i += step) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? [0, 0] : [lo, hi];
}

export function merge(a, b) {
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

const images = new WeakMap();

// imageFor gives the ImageData kept for canvas, sized h×w (the canvas too):
// a canvas repainted on every pen move reuses its one ImageData.
function imageFor(canvas, h, w) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  let img = images.get(canvas);
  if (!img || img.width !== w || img.height !== h) {
    img = ctx.createImageData(w, h);
    images.set(canvas, img);
  }
  return { ctx, img };
}

// paint draws channel ch of an h×w×c interleaved array onto canvas, one
// canvas pixel per value; CSS scales it up with image-rendering: pixelated.
export function paint(canvas, data, h, w, scale, c = 1, ch = 0) {
  const { ctx, img } = imageFor(canvas, h, w);
  const px = img.data;
  const table = scale.lut;
  for (let i = 0, n = h * w; i < n; i++) {
    const k = scale.index(data[i * c + ch]) * 3;
    px[i * 4] = table[k];
    px[i * 4 + 1] = table[k + 1];
    px[i * 4 + 2] = table[k + 2];
    px[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

// paintGrey draws values in [0, 1] as white ink on black, the way MNIST
// stores digits and the way the network receives them.
export function paintGrey(canvas, data, h, w) {
  const { ctx, img } = imageFor(canvas, h, w);
  for (let i = 0; i < h * w; i++) {
    const v = Math.max(0, Math.min(1, data[i])) * 255;
    img.data[i * 4] = v;
    img.data[i * 4 + 1] = v;
    img.data[i * 4 + 2] = v;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
