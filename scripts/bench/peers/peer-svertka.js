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
  return {
    info: {},
    // The API has no probabilities-only call: predict always returns every
    // activation too, so both rows time the same call.
    predictIncludesActivations: true,
    predict: async (x) => (await nn.predict(x)).probs,
    predictAll: async (x) => (await nn.predict(x)).activations.map((a) => a.data),
    async trainStep(x, labels, learningRate) {
      const { loss } = await nn.trainStep(handle, { x, labels, optimizer: { type: 'sgd', learningRate } });
      return loss;
    },
  };
}
