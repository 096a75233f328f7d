// TF.js 4 (the @tensorflow/tfjs bundle from node_modules) on its CPU backend
// or its WebAssembly backend, with the model built layer for layer from the
// model file and its weights set from the file's numbers. The ES2017 bundles:
// the ES5 ones carry polyfills that need eval, and are larger.

import { script } from './classic.js';
import { TFJS, TFJS_WASM } from './files.js';

const WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

// start loads TF.js and its backend, 'cpu' or 'wasm', set up as TF.js
// chooses: SIMD, and threads when the page is cross-origin isolated, as
// here (info says how many). It needs no model.
export async function start(backend) {
  await script(TFJS);
  const tf = globalThis.tf;
  if (backend === 'wasm') {
    await script(TFJS_WASM);
    tf.wasm.setWasmPaths(WASM_DIR);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js: backend ${backend} did not start`);
  await tf.ready();
  return tf;
}

export async function load(tf, model, modelBytes, backend) {
  const net = build(tf, model);
  const layers = net.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const all = tf.model({ inputs: net.inputs, outputs: layers.map((l) => l.output) });
  const shape = [1, ...model.inputShape];
  const info = { version: tf.version.tfjs, backend: tf.getBackend() };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.multithreadBuild = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.threads = info.multithreadBuild ? tf.wasm.getThreadsCount() : 1;
  }
  let compiled = false;
  return {
    info,
    predict(x) {
      const y = tf.tidy(() => net.predict(tf.tensor(x, shape)));
      const probs = y.dataSync();
      y.dispose();
      return probs;
    },
    predictAll(x) {
      const ys = tf.tidy(() => all.predict(tf.tensor(x, shape)));
      const data = ys.map((y) => y.dataSync());
      tf.dispose(ys);
      return data;
    },
    async trainStep(xs, labels, learningRate) {
      if (!compiled) {
        net.compile({ optimizer: tf.train.sgd(learningRate), loss: 'categoricalCrossentropy' });
        compiled = true;
      }
      const x = tf.tensor(xs, [labels.length, ...model.inputShape]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), net.outputs[0].shape[1]);
      try {
        return await net.trainOnBatch(x, y);
      } finally {
        tf.dispose([x, y]);
      }
    },
  };
}

// layerOf: Keras class name → the TF.js layer with the file's configuration.
const layerOf = {
  Conv2D: (tf, { config: c }) => tf.layers.conv2d({
    filters: c.filters, kernelSize: c.kernel_size, strides: c.strides, padding: kerasPadding(c),
    dilationRate: c.dilation_rate, activation: c.activation, useBias: c.use_bias, name: c.name,
  }),
  MaxPool2D: (tf, { config: c }) => tf.layers.maxPooling2d({ poolSize: c.pool_size, strides: c.strides, padding: kerasPadding(c), name: c.name }),
  AvgPool2D: (tf, { config: c }) => tf.layers.averagePooling2d({ poolSize: c.pool_size, strides: c.strides, padding: kerasPadding(c), name: c.name }),
  Flatten: (tf, { config: c }) => tf.layers.flatten({ name: c.name }),
  Dropout: (tf, { config: c }) => tf.layers.dropout({ rate: c.rate, name: c.name }),
  Dense: (tf, { config: c }) => tf.layers.dense({ units: c.units, activation: c.activation, useBias: c.use_bias, name: c.name }),
  Softmax: (tf, { config: c }) => tf.layers.softmax({ name: c.name }),
};

function kerasPadding(config) {
  if (config.padding !== 'same' && config.padding !== 'valid') throw new Error(`TF.js peer: ${config.name}: explicit padding has no Keras layer`);
  return config.padding;
}

function build(tf, model) {
  const net = tf.sequential();
  net.add(tf.layers.inputLayer({ inputShape: model.inputShape }));
  for (const l of model.layers) {
    const make = layerOf[l.className];
    if (!make) throw new Error(`TF.js peer: no ${l.className} layer`);
    const layer = make(tf, l);
    net.add(layer);
    if (l.kernel) {
      const weights = [tf.tensor(l.kernel.data, l.kernel.shape), ...(l.bias ? [tf.tensor1d(l.bias)] : [])];
      layer.setWeights(weights);
      tf.dispose(weights);
    }
  }
  return net;
}
