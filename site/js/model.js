// The model as the playground shows it: modelSummary()'s layers, each with
// its kind, activation and pooling mode from its Keras config, and, for
// layers with a window (Conv2D, pooling), the window geometry of each axis
// ({in, kernel, stride, dilation, padBefore, padAfter, out}) the engine
// reports in the summary, so the page never works out padding or strides
// itself (Keras defaults such as "pool strides = pool size" included).
// Models from every source — the shipped file, an imported Keras model, one
// trained or built here — are described the same way.

// describeModel returns { inputShape, totalParams, layers: [{ name, type,
// params, outputShape, spec, geo }] } for a model's summary.
export function describeModel(summary) {
  const model = { inputShape: summary.inputShape.filter((d) => d > 0), totalParams: summary.totalParams, layers: [] };
  for (const l of summary.layers) {
    const spec = layerSpec({ class_name: l.type, config: l.config });
    const outputShape = l.outputShape.filter((d) => d > 0);
    model.layers.push({ name: l.name, type: l.type, params: l.params, outputShape, spec, geo: l.window });
  }
  return model;
}

// layerSpec reads what the page shows of a layer from its Keras config.
function layerSpec(entry) {
  const c = entry.config || {};
  const cls = entry.class_name || '';
  if (/conv/i.test(cls)) return { kind: 'conv', activation: c.activation || 'linear' };
  // Global pooling has no window: its output is one value per channel.
  if (/pool/i.test(cls) && !/^global/i.test(cls)) return { kind: 'pool', mode: /^min/i.test(cls) ? 'min' : /^av/i.test(cls) ? 'avg' : 'max' };
  if (/dense/i.test(cls)) return { kind: 'dense', activation: c.activation || 'linear' };
  return { kind: cls.toLowerCase() };
}
