// Window geometry and the arithmetic behind one output cell, used to explain
// what the engine computed (receptive fields, "window × kernel = sum" readouts).
// The engine stays the source of truth for every value on the page; the page
// recomputes single cells only to show the arithmetic, and the e2e tests
// check that both agree.

// samePadding follows TensorFlow: total = max((ceil(in/s) − 1)·s + (k − 1)·d + 1 − in, 0),
// the odd pixel goes after (bottom/right).
export function samePadding(inSize, kernel, stride, dilation) {
  const total = Math.max((Math.ceil(inSize / stride) - 1) * stride + (kernel - 1) * dilation + 1 - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

// pads resolves a padding spec ('valid' | 'same' | [[t,b],[l,r]]) for an input.
export function pads(padding, inH, inW, spec) {
  if (padding === 'same') {
    const [top, bottom] = samePadding(inH, spec.kh, spec.sh, spec.dh);
    const [left, right] = samePadding(inW, spec.kw, spec.sw, spec.dw);
    return { top, bottom, left, right };
  }
  if (Array.isArray(padding)) {
    return { top: padding[0][0], bottom: padding[0][1], left: padding[1][0], right: padding[1][1] };
  }
  return { top: 0, bottom: 0, left: 0, right: 0 };
}

// outSize is the output-size formula ⌊(in + before + after − d·(k − 1) − 1) / s⌋ + 1.
export function outSize(inSize, kernel, stride, dilation, before, after) {
  return Math.floor((inSize + before + after - dilation * (kernel - 1) - 1) / stride) + 1;
}

// taps lists the input coordinates one output index reads along one axis
// (negative or ≥ in means a padded position).
export function taps(out, stride, before, kernel, dilation) {
  const list = [];
  for (let k = 0; k < kernel; k++) list.push(out * stride - before + k * dilation);
  return list;
}

export const activations = {
  linear: (v) => v,
  relu: (v) => (v > 0 ? v : 0),
  leaky_relu: (v) => (v > 0 ? v : 0.2 * v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => Math.tanh(v),
};

// layerSpec normalises a Keras-style layer config from the model file.
export function layerSpec(entry) {
  const c = entry.config || {};
  const cls = entry.class_name || '';
  const pair = (v, dflt) => (v == null ? [dflt, dflt] : Array.isArray(v) ? v : [v, v]);
  if (/conv/i.test(cls)) {
    const [kh, kw] = pair(c.kernel_size, 1);
    const [sh, sw] = pair(c.strides, 1);
    const [dh, dw] = pair(c.dilation_rate, 1);
    return { kind: 'conv', kh, kw, sh, sw, dh, dw, padding: c.padding || 'valid',
      activation: c.activation || 'linear', filters: c.filters, useBias: c.use_bias !== false };
  }
  if (/pool/i.test(cls)) {
    const [kh, kw] = pair(c.pool_size, 2);
    const [sh, sw] = pair(c.strides, null);
    const mode = /^min/i.test(cls) ? 'min' : /^av/i.test(cls) ? 'avg' : 'max';
    return { kind: 'pool', kh, kw, sh: sh ?? kh, sw: sw ?? kw, dh: 1, dw: 1, padding: c.padding || 'valid', mode };
  }
  if (/dense/i.test(cls)) return { kind: 'dense', units: c.units, activation: c.activation || 'linear' };
  return { kind: cls.toLowerCase() };
}

// convCell recomputes output cell (y, x) of filter f: one partial sum per
// input channel, their total, + bias, and the activation.
// input: {data, h, w, c}; kernel: {data, shape:[KH,KW,C,F]}.
export function convCell(input, kernel, bias, spec, pad, f, y, x) {
  const [KH, KW, C, F] = kernel.shape;
  const rows = taps(y, spec.sh, pad.top, KH, spec.dh);
  const cols = taps(x, spec.sw, pad.left, KW, spec.dw);
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
  const act = activations[spec.activation] || activations.linear;
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
export function poolCell(input, spec, pad, mode, ch, y, x) {
  const rows = taps(y, spec.sh, pad.top, spec.kh, 1);
  const cols = taps(x, spec.sw, pad.left, spec.kw, 1);
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
