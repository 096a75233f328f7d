// Boots the explainer's ebiten program (explainer.wasm) inside
// explainer-frame.html. The program reports to the hosting page through
// globalThis.svertkaExplainerEmit, which forwards its JSON messages to the
// parent window; the page calls globalThis.svertkaExplainer directly (the
// frame is same-origin).

/* global Go */

function emit(message) {
  if (window.parent !== window) {
    window.parent.postMessage({ svertkaExplainer: message }, window.location.origin);
  } else if (JSON.parse(message).type === 'ready') {
    // Opened on its own: take the setting from this frame's own address.
    globalThis.svertkaExplainer.configure(window.location.search);
  }
}
globalThis.svertkaExplainerEmit = emit;

async function instantiate(url, imports) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  try {
    return await WebAssembly.instantiateStreaming(response.clone(), imports);
  } catch (err) {
    // A server that sends the wrong MIME type breaks streaming compilation only.
    if (!(err instanceof TypeError)) throw err;
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  }
}

try {
  const go = new Go();
  const { instance } = await instantiate('explainer.wasm', go.importObject);
  go.run(instance).then(() => emit(JSON.stringify({ type: 'error', message: 'the explainer program stopped' })));
} catch (err) {
  emit(JSON.stringify({ type: 'error', message: String(err?.message || err) }));
}
