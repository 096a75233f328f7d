// Svertka, loaded from the built site on the same origin (build/site is
// served at /), with the model file as loadModel reads it.

import { Svertka } from '/svertka.js';

// start downloads and starts the engine (peers.js has preloaded its files);
// it needs no model.
export function start({ wasmURL }) {
  return Svertka.load(wasmURL ? { wasmURL } : {});
}

export async function load(nn, model, modelBytes) {
  const { handle } = await nn.loadModel(modelBytes);
  // The first call's result lends its own buffer to every later call (the
  // into option, as a page predicting on every frame would): the numbers
  // are copied into it instead of into new arrays, and each result is read
  // before the next call overwrites it.
  let into = null;
  const predict = async (x) => {
    const r = await nn.predict(x, handle, into && { into });
    into ??= new Float32Array(r.probs.buffer);
    return r;
  };
  return {
    info: {},
    // The API has no probabilities-only call: predict always returns every
    // activation too, so both rows time the same call.
    predictIncludesActivations: true,
    predict: async (x) => (await predict(x)).probs.slice(), // its own copy, as every peer gives
    predictAll: async (x) => (await predict(x)).activations.map((a) => a.data),
    async trainStep(x, labels, learningRate) {
      const { loss } = await nn.trainStep(handle, { x, labels, optimizer: { type: 'sgd', learningRate } });
      return loss;
    },
  };
}
