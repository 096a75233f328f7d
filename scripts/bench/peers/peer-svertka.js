// Svertka, loaded from the built site on the same origin (build/site is
// served at /), with the model file as loadModel reads it.

export async function load(model, modelBytes, { wasmURL }) {
  const { Svertka } = await import('/svertka.js');
  const nn = await Svertka.load(wasmURL ? { wasmURL } : {});
  await nn.loadModel(modelBytes);
  return {
    info: {},
    // The API has no probabilities-only call: predict always returns every
    // activation too, so both rows time the same call.
    predictIncludesActivations: true,
    predict: async (x) => (await nn.predict(x)).probs,
    predictAll: async (x) => (await nn.predict(x)).activations.map((a) => a.data),
    trainUnsupported: typeof nn.trainStep === 'function' ? null
      : 'this build has no trainStep (the jsapi branch adds it)',
  };
}
