// The model as the playground shows it, read from nn.modelSummary() alone:
// every layer's Keras config and, for Conv2D, the poolings and
// ZeroPadding2D, the window geometry of each axis ({in, kernel, stride,
// dilation, padBefore, padAfter, out}) as the engine worked it out — so the
// page never reads a model file and never works out padding or strides
// itself (Keras defaults such as "pool strides = pool size" included). Any
// network the engine can build is described, whatever its shapes.

// The classes whose output, while predicting, holds their input's values
// unchanged (only reshaped, or dropped only while training): the flow shows
// them as a thin link instead of painting the same numbers twice.
const PASS_THROUGH = new Set(['Flatten', 'Dropout']);

// The pooling classes setPooling switches between, by mode.
const POOL_MODES = { MaxPool2D: 'max', MinPool2D: 'min', AvgPool2D: 'avg' };

// describeModel returns { handle, inputShape, totalParams, layers: [{ name,
// type, params, inputShape, outputShape, config, spec, geo }] } for a
// modelSummary() result. spec.kind is what the flow draws:
//   conv     a layer with a window and filters (Conv2D)
//   pool     a layer with a window and a pool size (spec.mode max/min/avg)
//   maps     any other layer whose output is [H, W, C] (ZeroPadding2D,
//            BatchNormalization, Activation, ReLU on maps)
//   link     Flatten and Dropout
//   dense    Dense; vector  any other layer with a flat output
//   softmax  Softmax (the answer column shows it)
export function describeModel(summary) {
  const layers = summary.layers.map((l) => ({
    name: l.name,
    type: l.type,
    params: l.params,
    inputShape: l.inputShape,
    outputShape: l.outputShape,
    config: l.config,
    spec: specOf(l),
    geo: l.window,
  }));
  return { handle: summary.handle, inputShape: summary.inputShape, totalParams: summary.totalParams, layers };
}

function specOf(l) {
  const c = l.config || {};
  const activation = c.activation || 'linear';
  if (l.window && 'filters' in c) return { kind: 'conv', activation };
  if (l.window && 'pool_size' in c) return { kind: 'pool', mode: POOL_MODES[l.type] || 'max' };
  if (PASS_THROUGH.has(l.type)) return { kind: 'link' };
  if (l.type === 'Softmax') return { kind: 'softmax' };
  if ('units' in c) return { kind: 'dense', activation };
  return { kind: l.outputShape.length === 3 ? 'maps' : 'vector', activation };
}

