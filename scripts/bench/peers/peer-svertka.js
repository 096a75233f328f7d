// Svertka, loaded from the built site on the same origin (build/site is
// served at /), with the model file as loadModel reads it.

const WASM = '/svertka.wasm'; // where svertka.js looks by default, beside itself

// start downloads and starts the engine; it needs no model. The engine
// downloads while svertka.js loads, as the site's pages have it with their
// <link rel="preload">, which svertka.js's own fetch then uses.
export async function start({ wasmURL }) {
  const link = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', type: 'application/wasm', crossOrigin: 'anonymous', href: wasmURL ?? WASM });
  document.head.append(link);
  const { Svertka } = await import('/svertka.js');
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
