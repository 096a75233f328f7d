// The float64 reference every peer is checked against: a plain, unoptimised
// forward pass of a model read by modeldoc.js, written from the Keras
// definitions (cross-correlation, TensorFlow's "same" padding, HWC order),
// in double precision from the same float32 weights. It also counts the
// multiply-adds, for the FLOP figure make bench prints.

// samePadding is TensorFlow's "same" along one axis: [before, after], the odd
// cell after.
export function samePadding(size, kernel, stride, dilation) {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

function padding(config, H, W, kh, kw) {
  const [sh, sw] = config.strides ?? [kh, kw];
  const [dh, dw] = config.dilation_rate ?? [1, 1];
  const p = config.padding;
  if (p === 'same') return { sh, sw, dh, dw, pad: [samePadding(H, kh, sh, dh), samePadding(W, kw, sw, dw)] };
  if (p === 'valid') return { sh, sw, dh, dw, pad: [[0, 0], [0, 0]] };
  return { sh, sw, dh, dw, pad: p }; // explicit [[top, bottom], [left, right]]
}

const activations = {
  linear: (v) => v,
  relu: (v) => (v > 0 ? v : 0),
  leaky_relu: (v) => (v > 0 ? v : 0.2 * v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
};

function conv(x, [H, W, C], layer, counter) {
  const { config } = layer;
  const [kh, kw, , F] = layer.kernel.shape;
  const k = layer.kernel.data;
  const { sh, sw, dh, dw, pad } = padding(config, H, W, kh, kw);
  const OH = Math.floor((H + pad[0][0] + pad[0][1] - dh * (kh - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + pad[1][0] + pad[1][1] - dw * (kw - 1) - 1) / sw) + 1;
  const act = activations[config.activation];
  const out = new Float64Array(OH * OW * F);
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let f = 0; f < F; f++) {
        let s = layer.bias ? layer.bias[f] : 0;
        for (let ky = 0; ky < kh; ky++) {
          const y = oy * sh + ky * dh - pad[0][0];
          if (y < 0 || y >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const xx = ox * sw + kx * dw - pad[1][0];
            if (xx < 0 || xx >= W) continue;
            for (let c = 0; c < C; c++) s += x[(y * W + xx) * C + c] * k[((ky * kw + kx) * C + c) * F + f];
          }
        }
        out[(oy * OW + ox) * F + f] = act(s);
      }
    }
  }
  counter.macs += OH * OW * F * kh * kw * C;
  return [out, [OH, OW, F]];
}

function pool(x, [H, W, C], layer) {
  const { config } = layer;
  const [kh, kw] = config.pool_size;
  const { sh, sw, pad } = padding(config, H, W, kh, kw);
  const OH = Math.floor((H + pad[0][0] + pad[0][1] - kh) / sh) + 1;
  const OW = Math.floor((W + pad[1][0] + pad[1][1] - kw) / sw) + 1;
  const mode = { MaxPool2D: 'max', MinPool2D: 'min', AvgPool2D: 'avg' }[layer.className];
  const out = new Float64Array(OH * OW * C);
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let c = 0; c < C; c++) {
        const cells = [];
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const y = oy * sh + ky - pad[0][0];
            const xx = ox * sw + kx - pad[1][0];
            if (y >= 0 && y < H && xx >= 0 && xx < W) cells.push(x[(y * W + xx) * C + c]);
          }
        }
        out[(oy * OW + ox) * C + c] = mode === 'max' ? Math.max(...cells)
          : mode === 'min' ? Math.min(...cells) : cells.reduce((a, b) => a + b, 0) / cells.length;
      }
    }
  }
  return [out, [OH, OW, C]];
}

function dense(x, shape, layer, counter) {
  const [n, units] = layer.kernel.shape;
  const k = layer.kernel.data;
  const act = activations[layer.config.activation];
  const out = new Float64Array(units);
  for (let u = 0; u < units; u++) {
    let s = layer.bias ? layer.bias[u] : 0;
    for (let i = 0; i < n; i++) s += x[i] * k[i * units + u];
    out[u] = act(s);
  }
  counter.macs += n * units;
  return [out, [units]];
}

function softmax(x) {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return [e.map((v) => v / sum), [x.length]];
}

// layerForward: Keras class name → (x, shape, layer, counter) → [output, shape].
const layerForward = {
  Conv2D: conv,
  MaxPool2D: pool,
  MinPool2D: pool,
  AvgPool2D: pool,
  Flatten: (x) => [x, [x.length]],
  Dropout: (x, shape) => [x, shape], // identity outside training
  Dense: dense,
  Softmax: softmax,
};

/**
 * forward runs the model on one input (HWC) in float64 and returns every
 * layer's output, the probabilities (the last output) and the multiply-adds.
 */
export function forward(model, input) {
  const counter = { macs: 0 };
  let x = Float64Array.from(input);
  let shape = model.inputShape;
  const outputs = [];
  for (const layer of model.layers) {
    const f = layerForward[layer.className];
    if (!f) throw new Error(`reference: no ${layer.className} layer`);
    [x, shape] = f(x, shape, layer, counter);
    outputs.push({ name: layer.name, shape, data: x });
  }
  return { outputs, probs: x, macs: counter.macs };
}

/** maxAbsDiff is the largest |a[i] − b[i]|. */
export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** crossEntropy is the mean of −log p[label] over a batch of probabilities. */
export function crossEntropy(probs, labels) {
  return probs.reduce((s, p, i) => s - Math.log(p[labels[i]]), 0) / labels.length;
}
