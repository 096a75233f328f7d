// Generates core/testdata/tfjs/<model>/: Sequential models built with
// TF.js 4 (the cpu backend) and saved in the TF.js layers format, with
// deterministic weights, and TF.js's output of every layer for a few
// deterministic inputs. core/tfjs_test.go imports each model and compares
// Svertka's outputs with TF.js's layer by layer.
//
//   node scripts/tfjs-fixtures/generate.mjs      (or: make tfjs-fixtures)
//
// Each folder holds
//   model.json, group1-shard*.bin   the model as TF.js's model.save writes it
//                                   (shards split like tensorflowjs_converter's)
//   reference.json                  the input shape, the number of inputs and
//                                   every layer's name, class and output shape
//   outputs.bin                     little-endian float32: for each input,
//                                   the input then every layer's output, in
//                                   the order of reference.json
//
// The models together cover every layer class and option the importer
// supports; leaky_reference holds TF.js LeakyReLU layers, which Svertka
// does not import: it is the reference for the hand-written Keras 3 file
// keras3_leaky (a Conv2D and a Dense with activation leaky_relu).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tf, stream, loadFromDir, probe, layerOutputs } from './tfjs.mjs';

const root = fileURLToPath(new URL('../../core/testdata/tfjs/', import.meta.url));
const L = tf.layers;

const models = {
  // An RGB input of odd size; same and valid padding, per-axis kernel and
  // strides, no bias, average pooling with same padding, every dense
  // activation but leaky_relu.
  rgb_conv: {
    seed: 1,
    layers: () => [
      L.conv2d({ name: 'conv_same', inputShape: [13, 11, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      L.maxPooling2d({ name: 'pool_max', poolSize: 2 }),
      L.conv2d({ name: 'conv_strided', filters: 5, kernelSize: [2, 3], strides: [1, 2], padding: 'valid', activation: 'tanh', useBias: false }),
      L.averagePooling2d({ name: 'pool_avg', poolSize: [2, 2], strides: [1, 1], padding: 'same' }),
      L.flatten({ name: 'flatten' }),
      L.dropout({ name: 'dropout', rate: 0.3 }),
      L.dense({ name: 'dense_sigmoid', units: 7, activation: 'sigmoid' }),
      L.dense({ name: 'dense_softmax', units: 3, activation: 'softmax' }),
    ],
  },
  // Dilation, batch normalization with moving statistics far from 0 and 1,
  // Activation and ReLU layers, explicit zero padding, global average
  // pooling.
  dilated_bn: {
    seed: 2,
    layers: () => [
      L.conv2d({ name: 'conv_dilated', inputShape: [12, 10, 2], filters: 3, kernelSize: 3, dilationRate: [2, 1], padding: 'same' }),
      L.batchNormalization({ name: 'bn' }),
      L.activation({ name: 'act_relu', activation: 'relu' }),
      L.zeroPadding2d({ name: 'pad', padding: [[1, 2], [0, 1]] }),
      L.conv2d({ name: 'conv_valid', filters: 4, kernelSize: [3, 2], strides: [2, 1], useBias: false }),
      L.batchNormalization({ name: 'bn_nocenter', center: false, epsilon: 0.01 }),
      L.reLU({ name: 'relu_cap', maxValue: 0.5 }),
      L.globalAveragePooling2d({ name: 'gap' }),
      L.dense({ name: 'dense_linear', units: 4 }),
      L.activation({ name: 'act_softmax', activation: 'softmax' }),
    ],
  },
  // Weights split into 256-byte shards; strided same convolution, pooling
  // with same padding, dilation with valid padding, BN without scale,
  // global max pooling, a Softmax layer.
  sharded: {
    seed: 3,
    shardBytes: 256,
    layers: () => [
      L.conv2d({ name: 'conv_s2', inputShape: [9, 9, 1], filters: 6, kernelSize: 5, strides: 2, padding: 'same', activation: 'sigmoid' }),
      L.maxPooling2d({ name: 'pool_same', poolSize: 2, strides: 1, padding: 'same' }),
      L.batchNormalization({ name: 'bn_noscale', scale: false }),
      L.conv2d({ name: 'conv_dilated_valid', filters: 8, kernelSize: 2, dilationRate: 2, activation: 'relu' }),
      L.globalMaxPooling2d({ name: 'gmp' }),
      L.dense({ name: 'dense_tanh', units: 5, activation: 'tanh' }),
      L.softmax({ name: 'softmax' }),
    ],
  },
  // An explicit InputLayer first and TF.js's own layer names.
  input_layer: {
    seed: 4,
    layers: () => [
      L.inputLayer({ inputShape: [7, 8, 2] }),
      L.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
      L.averagePooling2d({ poolSize: 3, strides: 3 }),
      L.flatten(),
      L.dense({ units: 6, activation: 'relu' }),
      L.dense({ units: 2 }),
    ],
  },
  // A functional model (TF.js's class Model) that is a single chain.
  functional_chain: {
    seed: 6,
    functional: true,
    layers: () => [
      L.inputLayer({ name: 'image', inputShape: [8, 7, 3] }),
      L.conv2d({ name: 'conv', filters: 3, kernelSize: 2, activation: 'relu' }),
      L.globalAveragePooling2d({ name: 'gap' }),
      L.dense({ name: 'out', units: 4, activation: 'softmax' }),
    ],
  },
  // The reference for keras3_leaky: TF.js has no leaky_relu activation, so
  // the activation is a LeakyReLU layer with Keras 3's slope 0.2.
  leaky_reference: {
    seed: 5,
    layers: () => [
      L.conv2d({ name: 'conv', inputShape: [10, 9, 3], filters: 4, kernelSize: 3, padding: 'same' }),
      L.leakyReLU({ name: 'conv_leaky', alpha: 0.2 }),
      L.maxPooling2d({ name: 'pool', poolSize: 2 }),
      L.flatten({ name: 'flatten' }),
      L.dense({ name: 'dense', units: 5 }),
      L.leakyReLU({ name: 'dense_leaky', alpha: 0.2 }),
      L.dense({ name: 'out', units: 3, activation: 'softmax' }),
    ],
  },
};

// chain builds a functional model of layers applied one after another,
// the first being an InputLayer.
function chain([input, ...layers]) {
  const x = input.inboundNodes[0].outputTensors[0];
  return tf.model({ inputs: x, outputs: layers.reduce((t, l) => l.apply(t), x) });
}

// setWeights gives every weight deterministic values on a scale that keeps
// the activations of order 1: kernels ±1/√fan_in, biases and betas ±0.5,
// gammas around 1, moving means ±0.5 and moving variances in [0.3, 1.7].
function setWeights(model, next) {
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const role = w.originalName.split('/').pop();
      const n = w.shape.reduce((a, b) => a * b, 1);
      const fanIn = n / w.shape[w.shape.length - 1];
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const r = next();
        v[i] = {
          kernel: r / Math.sqrt(fanIn),
          gamma: 1 + 0.5 * r,
          moving_variance: 1 + 0.7 * r,
        }[role] ?? 0.5 * r;
      }
      return tf.tensor(v, w.shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

// save writes model.json and the shards as tf.io's handlers and
// tensorflowjs_converter do: one weight group cut into shards of at most
// shardBytes.
async function save(model, dir, shardBytes) {
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const count = Math.max(1, Math.ceil(data.length / shardBytes));
  const paths = [];
  for (let i = 0; i < count; i++) {
    const path = `group1-shard${i + 1}of${count}.bin`;
    paths.push(path);
    await writeFile(`${dir}/${path}`, data.subarray(i * shardBytes, (i + 1) * shardBytes));
  }
  const json = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
  };
  await writeFile(`${dir}/model.json`, JSON.stringify(json, null, 1) + '\n');
}

for (const [name, spec] of Object.entries(models)) {
  const dir = root + name;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const next = stream(spec.seed);
  const model = spec.functional ? chain(spec.layers()) : tf.sequential({ layers: spec.layers() });
  setWeights(model, next);
  await save(model, dir, spec.shardBytes ?? 4 << 20);

  // The reference is computed by the model TF.js loads back from the files,
  // so the files are what was checked.
  const loaded = await loadFromDir(dir);
  const p = probe(loaded);
  const shape = loaded.inputs[0].shape.slice(1);
  const size = shape.reduce((a, b) => a * b, 1);
  const inputs = [
    Array.from({ length: size }, () => next()),
    Array.from({ length: size }, () => (next() + 1) / 2),
    Array.from({ length: size }, () => 3 * next()),
  ];
  const chunks = [];
  for (const x of inputs) {
    chunks.push(Float32Array.from(x), ...layerOutputs(p, shape, x));
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let off = 0;
  for (const c of chunks) {
    bytes.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), off);
    off += c.byteLength;
  }
  await writeFile(`${dir}/outputs.bin`, bytes);
  const reference = {
    input_shape: shape,
    inputs: inputs.length,
    layers: p.layers.map((l) => ({ name: l.name, class_name: l.getClassName(), shape: l.outputShape.slice(1) })),
  };
  await writeFile(`${dir}/reference.json`, JSON.stringify(reference, null, 1) + '\n');
  console.log(`${name}: ${p.layers.length} layers, ${model.countParams()} weights, ${bytes.length} bytes of outputs`);
}
