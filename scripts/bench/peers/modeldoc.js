// Reads a Svertka model file (the format core.EncodeModel writes, see
// core/modelfile.go) into plain data every peer builds its network from:
//
//   { inputShape: [H, W, C],
//     layers: [{ className, config, kernel?: { data, shape }, bias?: Float32Array }] }
//
// Weights are little-endian float32 in base64, kernels HWIO for Conv2D and
// [in, units] for Dense, exactly as TF.js and Keras store them.

export function readModel(text) {
  const doc = JSON.parse(text);
  if (doc.format !== 'svertka-model') throw new Error(`model file: format ${JSON.stringify(doc.format)}, want "svertka-model"`);
  const layers = doc.layers.map((l) => ({ className: l.class_name, config: l.config, name: l.config.name }));
  const byName = new Map(layers.map((l) => [l.name, l]));
  for (const w of doc.weights) {
    const data = floats(w.data);
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`model file: ${w.layer}/${w.name} has ${data.length} values, shape ${w.shape} needs ${size}`);
    const layer = byName.get(w.layer);
    if (w.name === 'kernel') layer.kernel = { data, shape: w.shape };
    else if (w.name === 'bias') layer.bias = data;
    else throw new Error(`model file: unknown weight ${w.layer}/${w.name}`);
  }
  return { inputShape: doc.input_shape, layers };
}

function floats(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

// inputs returns n deterministic inputs of the model's shape: digit-like
// rings of different sizes with a little texture, in [0, 1] like the
// playground's, so ReLUs and max pooling see realistic patterns.
export function inputs(shape, n) {
  const [H, W, C] = shape;
  const out = [];
  for (let k = 0; k < n; k++) {
    const x = new Float32Array(H * W * C);
    const ry = H * (0.22 + 0.03 * (k % 4));
    const rx = W * (0.14 + 0.02 * (k % 5));
    for (let y = 0; y < H; y++) {
      for (let xx = 0; xx < W; xx++) {
        const dy = y - (H - 1) / 2 + (k % 3) - 1;
        const dx = xx - (W - 1) / 2 + ((k >> 1) % 3) - 1;
        const r = (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry);
        const ink = r > 0.55 && r < 1.25 ? 1 - Math.abs(r - 0.9) : 0;
        for (let c = 0; c < C; c++) {
          const texture = 0.5 + 0.5 * Math.sin(0.37 * (y * W + xx) + 1.3 * k + c);
          x[(y * W + xx) * C + c] = ink > 0 ? Math.min(1, ink * (0.8 + 0.4 * texture)) : 0;
        }
      }
    }
    out.push(x);
  }
  return out;
}
