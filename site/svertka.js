// svertka.js loads the Svertka engine (Go compiled to WebAssembly) and
// returns its JavaScript API. The reference is wasm/API.md.
//
//   import { Svertka } from './svertka.js';
//   const nn = await Svertka.load();  // svertka.wasm + wasm_exec.js next to this file
//   await nn.loadModel(await (await fetch('model/digits.json')).text());
//   const { probs, label, activations } = await nn.predict(new Float32Array(32 * 32));
//
// Every engine method returns a Promise and rejects with an Error whose
// message says what was wrong. If the Go runtime ever stops (a fatal error
// it cannot recover from), every later call rejects with
// "svertka: the Go runtime has exited …" instead of hanging or throwing.

let runtime = null; // Promise of the wasm_exec.js <script>, shared by all loads
let loads = 0; // numbers the ready callbacks, so loads can overlap

/**
 * Loads the engine.
 * @param {{ wasmURL?: string | URL, execURL?: string | URL }} [options]
 *   wasmURL: the engine (default: svertka.wasm next to this module);
 *   execURL: Go's wasm_exec.js of the toolchain that built it (default: next to this module).
 * @returns {Promise<object>} the engine API.
 */
async function load({
  wasmURL = new URL('svertka.wasm', import.meta.url),
  execURL = new URL('wasm_exec.js', import.meta.url),
} = {}) {
  await loadRuntime(execURL);
  const go = new globalThis.Go();
  let exitCode = null;
  go.exit = (code) => { exitCode = code; };
  // The Go main calls this global with the API object once it is registered.
  const readyName = `__svertkaReady${++loads}`;
  go.env = { SVERTKA_READY: readyName };
  const ready = new Promise((resolve) => { globalThis[readyName] = resolve; });
  try {
    const { instance } = await instantiate(wasmURL, go.importObject);
    const exited = go.run(instance).then(() => {
      throw new Error(`svertka: the Go runtime exited before it was ready (exit code ${exitCode})`);
    });
    return wrap(await Promise.race([ready, exited]), go, instance, () => exitCode);
  } finally {
    delete globalThis[readyName];
  }
}

// loadRuntime defines globalThis.Go by adding wasm_exec.js as a classic
// script (it is not a module); a script from our own origin passes a strict
// script-src 'self' policy, unlike eval.
function loadRuntime(execURL) {
  if (globalThis.Go) return Promise.resolve();
  if (typeof document === 'undefined') {
    return Promise.reject(new Error('svertka: no document to add wasm_exec.js to; in a worker, importScripts() it before Svertka.load'));
  }
  runtime ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = String(execURL);
    script.onload = () => {
      if (globalThis.Go) resolve();
      else reject(new Error(`svertka: ${execURL} did not define Go; is it Go's wasm_exec.js?`));
    };
    script.onerror = () => {
      runtime = null; // let a later load try again
      script.remove();
      reject(new Error(`svertka: cannot load the Go runtime from ${execURL}`));
    };
    document.head.append(script);
  });
  return runtime;
}

// instantiate compiles while downloading when the server labels the file
// application/wasm (instantiateStreaming insists on it) and falls back to
// compiling the downloaded bytes otherwise.
async function instantiate(url, imports) {
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`svertka: cannot fetch ${url}: ${err.message}`, { cause: err });
  }
  if (!response.ok) {
    throw new Error(`svertka: cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  const streamable = WebAssembly.instantiateStreaming &&
    (response.headers.get('Content-Type') ?? '').startsWith('application/wasm');
  try {
    if (streamable) return await WebAssembly.instantiateStreaming(response, imports);
    return await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  } catch (err) {
    throw new Error(`svertka: cannot start ${url}: ${err.message}`, { cause: err });
  }
}

// wrap guards every Go method: once the runtime has exited or trapped, a
// call rejects with a clear error instead of throwing "Go program has
// already exited" or returning undefined.
function wrap(ns, go, instance, exitCode) {
  let crash = null; // message once a call trapped the runtime
  const dead = () => crash ??
    (go.exited ? `svertka: the Go runtime has exited (exit code ${exitCode()}); reload the page to restart it` : null);
  const api = {};
  for (const name of Object.keys(ns)) {
    const method = ns[name];
    api[name] = (...args) => {
      if (dead()) return Promise.reject(new Error(dead()));
      let result;
      try {
        result = method(...args);
      } catch (err) {
        // A WebAssembly trap leaves the Go runtime in an unknown state.
        crash = `svertka: the Go runtime has crashed (${err.message}); reload the page to restart it`;
        return Promise.reject(new Error(crash, { cause: err }));
      }
      // A fatal Go error during the call ends the runtime without a result.
      if (dead()) return Promise.reject(new Error(dead()));
      return result;
    };
  }
  /** Diagnostics: wasmMemoryBytes (the Go heap's linear memory) and goRefs (JS values Go holds). */
  api.stats = () => Promise.resolve({
    wasmMemoryBytes: instance.exports.mem.buffer.byteLength,
    goRefs: go._ids?.size ?? null,
  });
  Object.defineProperty(api, 'exited', { get: () => dead() !== null, enumerable: true });
  return Object.freeze(api);
}

export const Svertka = Object.freeze({ load });

// For pages that load this file with <script type="module"> and use it from
// classic scripts.
globalThis.Svertka ??= Svertka;
