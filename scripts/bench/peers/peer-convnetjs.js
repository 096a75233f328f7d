// ConvNetJS 0.3 (Karpathy's pure-JavaScript library, float64 throughout)
// from node_modules, with the network rebuilt from the model file:
// ConvNetJS's Vol keeps (x, y, depth) at ((sx·y)+x)·depth+d, which is HWC,
// so inputs go in as they are and a conv filter is the HWIO kernel's slice
// for one output channel.

import { script } from './classic.js';
import { CONVNETJS } from './files.js';
import { samePadding } from './reference.js';

// start loads ConvNetJS; it needs no model.
export async function start() {
  await script(CONVNETJS);
  return globalThis.convnetjs;
}

export function load(cn, model) {
  const [H, W, C] = model.inputShape;
  const defs = [{ type: 'input', out_sx: W, out_sy: H, out_depth: C }];
  let shape = model.inputShape;
  const weighted = []; // model layers whose weights go into ConvNetJS's conv and fc layers, in order
  model.layers.forEach((l, i) => {
    const c = l.config;
    if (l.className === 'Conv2D') {
      const [kh, kw] = c.kernel_size;
      const stride = c.strides[0];
      const pad = symmetricPad(l, shape, kh, kw, stride);
      if (c.strides[1] !== stride || c.dilation_rate.some((d) => d !== 1) || !['relu', 'linear'].includes(c.activation)) {
        throw new Error(`ConvNetJS peer: ${l.name}: only square strides, no dilation, relu or linear`);
      }
      defs.push({ type: 'conv', sx: kw, sy: kh, filters: c.filters, stride, pad, ...(c.activation === 'relu' ? { activation: 'relu' } : {}) });
      shape = [Math.floor((shape[0] + 2 * pad - kh) / stride) + 1, Math.floor((shape[1] + 2 * pad - kw) / stride) + 1, c.filters];
      weighted.push(l);
    } else if (l.className === 'MaxPool2D') {
      const [ph, pw] = c.pool_size;
      if (ph !== pw || c.strides[0] !== c.strides[1] || c.padding !== 'valid') throw new Error(`ConvNetJS peer: ${l.name}: only square valid max pooling`);
      defs.push({ type: 'pool', sx: pw, sy: ph, stride: c.strides[0], pad: 0 });
      shape = [Math.floor((shape[0] - ph) / c.strides[0]) + 1, Math.floor((shape[1] - pw) / c.strides[1]) + 1, shape[2]];
    } else if (l.className === 'Flatten' || l.className === 'Dropout') {
      // A fully connected layer reads its input volume in HWC order, which
      // is Flatten. Dropout is the identity outside training, but
      // ConvNetJS's multiplies by the drop probability when predicting
      // (a bug), so it is left out.
    } else if (l.className === 'Dense' && model.layers[i + 1]?.className === 'Softmax') {
      if (c.activation !== 'linear') throw new Error(`ConvNetJS peer: ${l.name}: a Dense before Softmax must be linear`);
      defs.push({ type: 'softmax', num_classes: c.units }); // ConvNetJS adds the fc layer itself
      weighted.push(l);
    } else if (l.className === 'Softmax' && model.layers[i - 1]?.className === 'Dense') {
      // Part of the softmax definition above.
    } else {
      throw new Error(`ConvNetJS peer: no ${l.className} layer here`);
    }
  });
  const net = new cn.Net();
  net.makeLayers(defs);
  const targets = net.layers.filter((l) => l.layer_type === 'conv' || l.layer_type === 'fc');
  targets.forEach((t, i) => setWeights(t, weighted[i]));

  const vol = (x) => {
    const v = new cn.Vol(W, H, C, 0);
    v.w.set(x);
    return v;
  };
  let trainer = null;
  return {
    info: { version: '0.3.0' },
    predict: (x) => net.forward(vol(x), false).w,
    // Every layer keeps its output volume; reading them is taking their arrays.
    predictAll(x) {
      net.forward(vol(x), false);
      return net.layers.slice(1).map((l) => l.out_act.w);
    },
    trainStep(xs, labels, learningRate) {
      trainer ??= new cn.SGDTrainer(net, { method: 'sgd', learning_rate: learningRate, momentum: 0, batch_size: labels.length, l1_decay: 0, l2_decay: 0 });
      const n = H * W * C;
      let loss = 0;
      // The trainer averages the gradients of batch_size calls and updates the weights on the last one.
      labels.forEach((label, i) => {
        loss += trainer.train(vol(xs.subarray(i * n, (i + 1) * n)), label).cost_loss;
      });
      return loss / labels.length;
    },
  };
}

// symmetricPad is ConvNetJS's one padding for both sides and both axes, which
// must equal the file's.
function symmetricPad(l, [H, W], kh, kw, stride) {
  const p = l.config.padding;
  const pads = p === 'same' ? [samePadding(H, kh, stride, 1), samePadding(W, kw, stride, 1)]
    : p === 'valid' ? [[0, 0], [0, 0]] : p;
  const flat = pads.flat();
  if (flat.some((v) => v !== flat[0])) throw new Error(`ConvNetJS peer: ${l.name}: padding ${JSON.stringify(pads)} is not the same on every side`);
  return flat[0];
}

function setWeights(target, layer) {
  const { data, shape } = layer.kernel;
  if (target.layer_type === 'conv') {
    const [kh, kw, C, F] = shape;
    target.filters.forEach((f, o) => {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          for (let c = 0; c < C; c++) f.w[(kw * ky + kx) * C + c] = data[((ky * kw + kx) * C + c) * F + o];
        }
      }
    });
  } else {
    const [n, units] = shape;
    target.filters.forEach((f, u) => {
      for (let i = 0; i < n; i++) f.w[i] = data[i * units + u];
    });
  }
  target.biases.w.set(layer.bias ?? new Float32Array(target.biases.w.length));
}
