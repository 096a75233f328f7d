// Shared by the fixture generator and the export test: TF.js on its cpu
// backend, a deterministic number stream, and reading and writing the TF.js
// layers format (model.json + weight shards) as files through TF.js's own
// code paths.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

// The cpu backend: the reference computations are plain float32 loops, the
// same on every machine.
await tf.setBackend('cpu');
export { tf };

// xorshift32 as a stream of numbers in [-1, 1): the same on every machine,
// so the fixtures can be regenerated bit for bit.
export function stream(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

// loadFromDir loads dir/model.json with tf.loadLayersModel through TF.js's
// HTTP loader, its fetch answered from the folder: the manifest's paths,
// groups and shards are resolved by TF.js itself, exactly as in a browser.
// Nothing goes to the network; the host name is never resolved.
export function loadFromDir(dir) {
  const fetchFunc = async (url) => {
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop());
    return new Response(await readFile(join(dir, name)));
  };
  return tf.loadLayersModel(tf.io.http('http://fixture.invalid/model.json', { fetchFunc }));
}

// probe returns a model giving the output of the named layers, by default
// every layer's (InputLayer aside: its output is the input itself), and
// the layers it covers.
export function probe(model, names) {
  const layers = names
    ? names.map((n) => model.getLayer(n))
    : model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  return { layers, model: tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output) }) };
}

// layerOutputs runs the probe on one sample (flat float32, HWC) and returns
// every layer's output as flat float32 arrays.
export function layerOutputs(p, shape, x) {
  return tf.tidy(() => {
    let outs = p.model.predict(tf.tensor(x, [1, ...shape]));
    if (!Array.isArray(outs)) outs = [outs];
    return outs.map((t) => t.dataSync().slice());
  });
}
