// Svertka, loaded from the built site on the same origin (build/site is
// served at /), with the model file as loadModel reads it.

export async function load(model, modelBytes, { wasmURL }) {
  const { Svertka } = await import('/svertka.js');
  const nn = await Svertka.load(wasmURL ? { wasmURL } : {});
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
