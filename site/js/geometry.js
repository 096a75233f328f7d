// The arithmetic behind one output cell, used to explain what the engine
// computed (receptive fields, "window × kernel = sum" readouts). The engine
// stays the source of truth for every value on the page and for the window
// geometry: an axis here is one axis of explainOutputShape's answer,
// {kernel, stride, dilation, padBefore, ...} (see model.js). The page
// recomputes single cells only to show the arithmetic, and the e2e tests
// check that both agree.

// taps lists the input coordinates output index out reads along one axis
// (negative or ≥ in means a padded position).
export function taps(out, { stride, padBefore, kernel, dilation }) {
  const list = [];
  for (let k = 0; k < kernel; k++) list.push(out * stride - padBefore + k * dilation);
  return list;
}

export const activations = {
  linear: (v) => v,
  relu: (v) => (v > 0 ? v : 0),
  leaky_relu: (v) => (v > 0 ? v : 0.2 * v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => Math.tanh(v),
};

// convCell recomputes output cell (y, x) of filter f: one partial sum per
// input channel, their total, + bias, and the activation.
// input: {data, h, w, c}; kernel: {data, shape:[KH,KW,C,F]}; geo: {height, width}.
export function convCell(input, kernel, bias, geo, activation, f, y, x) {
  const [KH, KW, C, F] = kernel.shape;
  const rows = taps(y, geo.height);
  const cols = taps(x, geo.width);
  const partials = new Array(C).fill(0);
  for (let ky = 0; ky < KH; ky++) {
    const iy = rows[ky];
    if (iy < 0 || iy >= input.h) continue;
    for (let kx = 0; kx < KW; kx++) {
      const ix = cols[kx];
      if (ix < 0 || ix >= input.w) continue;
      for (let ch = 0; ch < C; ch++) {
        partials[ch] += input.data[(iy * input.w + ix) * input.c + ch] * kernel.data[((ky * KW + kx) * C + ch) * F + f];
      }
    }
  }
  const sum = partials.reduce((a, b) => a + b, 0);
  const b = bias ? bias[f] : 0;
  const act = activations[activation] || activations.linear;
  return { rows, cols, partials, sum, bias: b, plusBias: sum + b, activated: act(sum + b) };
}

// windowValues lists channel ch of the window at rows × cols (null = padding).
export function windowValues(input, ch, rows, cols) {
  return rows.map((iy) => cols.map((ix) => (iy < 0 || iy >= input.h || ix < 0 || ix >= input.w
    ? null : input.data[(iy * input.w + ix) * input.c + ch])));
}

// kernelSlice is the [KH][KW] kernel that filter f applies to input channel ch.
export function kernelSlice(kernel, ch, f) {
  const [KH, KW, C, F] = kernel.shape;
  const out = [];
  for (let ky = 0; ky < KH; ky++) {
    const row = [];
    for (let kx = 0; kx < KW; kx++) row.push(kernel.data[((ky * KW + kx) * C + ch) * F + f]);
    out.push(row);
  }
  return out;
}

// poolCell recomputes output cell (y, x) of channel ch of a pooling layer.
// Padded positions never take part: max/min never pick them and the average
// divides by the number of real cells (TensorFlow's rule).
export function poolCell(input, geo, mode, ch, y, x) {
  const rows = taps(y, geo.height);
  const cols = taps(x, geo.width);
  const values = windowValues(input, ch, rows, cols);
  const real = values.flat().filter((v) => v !== null);
  let result;
  if (mode === 'min') result = Math.min(...real);
  else if (mode === 'avg') result = real.reduce((a, b) => a + b, 0) / real.length;
  else result = Math.max(...real);
  return { rows, cols, values, result };
}

// span is the inclusive [first, last] of the in-range coordinates in a tap list.
export function span(list, size) {
  const inside = list.filter((v) => v >= 0 && v < size);
  if (!inside.length) return null;
  return [inside[0], inside[inside.length - 1]];
}
