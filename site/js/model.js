// The model as the playground shows it: modelSummary()'s layers, each with
// its kind, activation and pooling mode from the model file's Keras config,
// and, for Conv2D and pooling layers, the window geometry of each axis
// ({in, kernel, stride, dilation, padBefore, padAfter, out}) from the
// engine's explainOutputShape, so the page never works out padding or
// strides itself (Keras defaults such as "pool strides = pool size"
// included).

// The config fields explainOutputShape takes, by layer kind.
const GEOMETRY_FIELDS = {
  conv: ['filters', 'kernel_size', 'strides', 'padding', 'dilation_rate'],
  pool: ['pool_size', 'strides', 'padding'],
};

// describeModel returns { inputShape, totalParams, layers: [{ name, type,
// params, outputShape, spec, geo }] } for the model loaded from bytes.
export async function describeModel(nn, bytes, summary) {
  const file = JSON.parse(new TextDecoder().decode(bytes));
  const configs = new Map(file.layers.map((l) => [l.config.name, l]));
  let shape = summary.inputShape.filter((d) => d > 0);
  const model = { inputShape: shape, totalParams: summary.totalParams, layers: [] };
  for (const l of summary.layers) {
    const entry = configs.get(l.name) || { class_name: l.type, config: {} };
    const spec = layerSpec(entry);
    let geo = null;
    if (GEOMETRY_FIELDS[spec.kind]) {
      const layer = { type: entry.class_name };
      for (const f of GEOMETRY_FIELDS[spec.kind]) if (entry.config[f] !== undefined) layer[f] = entry.config[f];
      const { height, width } = await nn.explainOutputShape(layer, shape);
      geo = { height, width };
    }
    const outputShape = l.outputShape.filter((d) => d > 0);
    model.layers.push({ name: l.name, type: l.type, params: l.params, outputShape, spec, geo });
    shape = outputShape;
  }
  return model;
}

// layerSpec reads what the page shows of a layer from its Keras config.
function layerSpec(entry) {
  const c = entry.config || {};
  const cls = entry.class_name || '';
  if (/conv/i.test(cls)) return { kind: 'conv', activation: c.activation || 'linear' };
  if (/pool/i.test(cls)) return { kind: 'pool', mode: /^min/i.test(cls) ? 'min' : /^av/i.test(cls) ? 'avg' : 'max' };
  if (/dense/i.test(cls)) return { kind: 'dense', activation: c.activation || 'linear' };
  return { kind: cls.toLowerCase() };
}
