// svertka.js loads the Svertka engine (Go compiled to WebAssembly) and
// returns its JavaScript API. The reference is wasm/API.md.
//
//   import { Svertka } from './svertka.js';
//   const nn = await Svertka.load();  // svertka.wasm + wasm_exec.js next to this file
//   await nn.loadModel(await (await fetch('model/digits.json')).text());
//   const { probs, label, activations } = await nn.predict(new Float32Array(32 * 32));
//
// Svertka.load({ worker: true }) runs the same engine in a Web Worker
// (svertka-worker.js), so long calls never block the page, and returns an
// object with the same methods, results and error messages.
//
// Every engine method returns a Promise and rejects with an Error whose
// message says what was wrong. If the engine ever stops (a fatal Go error,
// a WebAssembly trap, a worker that died), every later call rejects with a
// message saying so instead of hanging or throwing, `exited` becomes true and
// the onexit option hears about it.

let runtime = null; // Promise of the wasm_exec.js <script>, shared by all loads
let loads = 0; // numbers the ready callbacks, so loads can overlap
// Promises of compiled engines by absolute URL, shared by all loads and
// restarts of this page: the Train view's two engines, or a restart(),
// download and compile the file once.
const modules = new Map();

/**
 * Loads the engine.
 * @param {{ wasmURL?: string | URL, execURL?: string | URL, worker?: boolean, onexit?: (error: Error) => void }} [options]
 *   wasmURL: the engine (default: svertka.wasm next to this module);
 *   execURL: Go's wasm_exec.js of the toolchain that built it (default: next to this module);
 *   worker: run the engine in a Web Worker (svertka-worker.js next to this module);
 *   onexit: called once with the Error every later call rejects with, when the engine stops by itself.
 * @returns {Promise<object>} the engine API.
 */
async function load({
  wasmURL = new URL('svertka.wasm', import.meta.url),
  execURL = new URL('wasm_exec.js', import.meta.url),
  worker = false,
  onexit = null,
} = {}) {
  if (onexit !== null && typeof onexit !== 'function') throw new TypeError('svertka: onexit must be a function');
  if (worker) return loadWorker({ wasmURL: String(wasmURL), execURL: String(execURL) }, onexit);
  const message = (reason) => `svertka: ${reason}; reload the page to restart it`;
  const engine = await start({ wasmURL, execURL }, (reason) => {
    // Later: the runtime may be stopping inside a call right now.
    if (onexit) queueMicrotask(() => onexit(new Error(message(reason))));
  }, message);
  const api = { ...engine.methods };
  Object.defineProperty(api, 'exited', { get: () => engine.reason() !== null, enumerable: true });
  return Object.freeze(api);
}

// start runs the engine in this thread and returns its guarded methods
// (every Go function of the namespace, plus stats) and reason(), null while
// it runs and then why it stopped. onStop(reason) is called once when the
// engine stops after it was ready; message(reason) is what calls reject with
// from then on. Relative URLs are resolved against base, when given. module
// is a Promise of the engine compiled (the page compiles it for its
// worker); without it, start compiles wasmURL.
async function start({ wasmURL, execURL, base, module }, onStop, message) {
  // The engine downloads and compiles while Go's runtime script loads.
  const compiled = module ?? compile(wasmURL, base);
  compiled.catch(() => {}); // reported below, after the runtime's own failure if any
  await loadRuntime(execURL, base);
  const go = new globalThis.Go();
  let ready = false;
  let exitCode = null;
  let reason = null;
  // Rejects when the engine stops, so that a call still running then (a
  // fit, which settles later) rejects too instead of waiting forever.
  let died;
  const death = new Promise((_, reject) => { died = reject; });
  death.catch(() => {});
  const stop = (why) => {
    if (reason !== null) return;
    reason = why;
    died(new Error(message(why)));
    if (ready) onStop(why);
  };
  go.exit = (code) => {
    exitCode = code;
    stop(`the Go runtime has exited (exit code ${code})`);
  };
  // The Go main calls this global with the API object once it is registered.
  const readyName = `__svertkaReady${++loads}`;
  go.env = { SVERTKA_READY: readyName };
  const registered = new Promise((resolve) => { globalThis[readyName] = resolve; });
  try {
    const instance = await instantiate(wasmURL, await compiled, go.importObject);
    const exited = go.run(instance).then(() => {
      throw new Error(`svertka: the Go runtime exited before it was ready (exit code ${exitCode})`);
    });
    const ns = await Promise.race([registered, exited]);
    ready = true;
    return { methods: guard(ns, go, instance, () => reason, stop, message, death), reason: () => reason };
  } finally {
    delete globalThis[readyName];
  }
}

// loadRuntime defines globalThis.Go: in a page by adding wasm_exec.js as a
// classic script (it is not a module; a script from our own origin passes a
// strict script-src 'self' policy, unlike eval), in a classic worker with
// importScripts.
function loadRuntime(execURL, base) {
  if (globalThis.Go) return Promise.resolve();
  const url = base ? new URL(execURL, base) : execURL;
  const notGo = () => new Error(`svertka: ${execURL} did not define Go; is it Go's wasm_exec.js?`);
  if (typeof document === 'undefined') {
    if (typeof importScripts !== 'function') {
      return Promise.reject(new Error('svertka: no document to add wasm_exec.js to; in a module worker, import it before Svertka.load'));
    }
    try {
      importScripts(String(url));
    } catch (err) {
      return Promise.reject(new Error(`svertka: cannot load the Go runtime from ${execURL}`, { cause: err }));
    }
    return globalThis.Go ? Promise.resolve() : Promise.reject(notGo());
  }
  runtime ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    // An inserted script is fetched at low priority, which Chromium holds
    // back while the page's high-priority downloads (the engine) are in
    // flight; the engine cannot start without it, so it goes first.
    script.fetchPriority = 'high';
    script.src = String(url);
    script.onload = () => {
      if (globalThis.Go) resolve();
      else reject(notGo());
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

async function download(wasmURL, base) {
  let response;
  try {
    response = await fetch(base ? new URL(wasmURL, base) : wasmURL);
  } catch (err) {
    throw new Error(`svertka: cannot fetch ${wasmURL}: ${err.message}`, { cause: err });
  }
  if (!response.ok) {
    throw new Error(`svertka: cannot fetch ${wasmURL}: HTTP ${response.status} ${response.statusText}`);
  }
  return response;
}

// compile resolves with the compiled engine: downloaded once per page (see
// modules), compiled while it downloads when the server labels the file
// application/wasm (compileStreaming insists on it), from the downloaded
// bytes otherwise. A failure is forgotten, so a later load tries again.
function compile(wasmURL, base) {
  const key = absolute(wasmURL, base);
  let module = modules.get(key);
  if (!module) {
    module = (async () => {
      const response = await download(wasmURL, base);
      const streamable = WebAssembly.compileStreaming &&
        (response.headers.get('Content-Type') ?? '').startsWith('application/wasm');
      try {
        if (streamable) return await WebAssembly.compileStreaming(response);
        return await WebAssembly.compile(await response.arrayBuffer());
      } catch (err) {
        throw cannotStart(wasmURL, err);
      }
    })();
    modules.set(key, module);
    module.catch(() => modules.delete(key));
  }
  return module;
}

// absolute is url resolved as fetch resolves it: against base, or else
// against the document's (in a worker, the worker's) URL.
function absolute(url, base = globalThis.document?.baseURI ?? globalThis.location?.href) {
  try {
    return String(new URL(url, base));
  } catch {
    return String(url); // nothing to resolve against (Node); fetch will say what is wrong
  }
}

async function instantiate(wasmURL, module, imports) {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (err) {
    throw cannotStart(wasmURL, err);
  }
}

function cannotStart(wasmURL, err) {
  return new Error(`svertka: cannot start ${wasmURL}: ${err.message}`, { cause: err });
}

// guard wraps every Go method: once the runtime has exited or trapped, a
// call rejects with message(reason) instead of throwing "Go program has
// already exited" or returning undefined, and so does a call still running
// when that happens (death rejects then).
function guard(ns, go, instance, reason, stop, message, death) {
  const stopped = () => Promise.reject(new Error(message(reason())));
  const methods = {};
  for (const name of Object.keys(ns)) {
    const method = ns[name];
    methods[name] = (...args) => {
      if (reason() !== null) return stopped();
      let result;
      try {
        result = method(...args);
      } catch (err) {
        // A WebAssembly trap leaves the Go runtime in an unknown state.
        stop(`the Go runtime has crashed (${err.message})`);
        return Promise.reject(new Error(message(reason()), { cause: err }));
      }
      // A fatal Go error during the call ends the runtime without a result.
      if (reason() !== null) return stopped();
      return Promise.race([result, death]);
    };
  }
  /** Diagnostics: wasmMemoryBytes (the Go heap's linear memory) and goRefs (JS values Go holds). */
  methods.stats = () => Promise.resolve({
    wasmMemoryBytes: instance.exports.mem.buffer.byteLength,
    goRefs: go._ids?.size ?? null,
  });
  return methods;
}

// ---- the engine in a Web Worker ---------------------------------------------
//
// The protocol, page → worker:
//   { type: 'load', wasmURL, execURL, base }      first, once
//   { type: 'module', module }                     then the engine, compiled by the page
//   { type: 'call', id, method, args, callbacks }  callbacks: [{ path, id }], where
//                                                  path = [argument index, key…] of a function
// worker → page:
//   { type: 'ready', methods } | { type: 'failed', message }     the answer to load
//   { type: 'result', id, value } | { type: 'error', id, error: { message, goStack? } }
//   { type: 'event', id, payload }   a callback (id) was called with the arguments payload
//   { type: 'dead', reason }         the engine stopped; the page ends the worker
// The worker hands every call to the engine as soon as it arrives, in the
// order they were made; each is answered when it settles, so a call that
// settles later (fit) holds up none of the calls after it — which is how
// pauseFit reaches a running fit. Arguments and event payloads are copied
// (structured clone); results are transferred: their arrays are new (the
// API promises it) and the worker keeps nothing of them.

const workerURL = new URL('svertka-worker.js', import.meta.url);

async function loadWorker(urls, onexit) {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  const load = { type: 'load', ...urls, base };
  let worker = null; // null once stopped
  let stopped = null; // why calls reject, once stopped
  let restarting = null;
  let seq = 0;
  const pending = new Map(); // call id → { resolve, reject, callbacks: [callback ids] }
  const callbacks = new Map(); // callback id → the caller's function

  // halt ends the worker: every pending and later call rejects with message.
  function halt(message, notify) {
    if (worker === null) return;
    worker.terminate();
    worker = null;
    stopped = message;
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
    callbacks.clear();
    if (notify && onexit) queueMicrotask(() => onexit(new Error(message)));
  }
  const died = (reason) => halt(`svertka: the engine worker has stopped (${reason}); call restart() to start a new one`, true);

  // settle finishes call id and forgets its callbacks.
  function settle(id) {
    const p = pending.get(id);
    pending.delete(id);
    for (const cb of p?.callbacks ?? []) callbacks.delete(cb);
    return p;
  }

  // spawn starts a worker and resolves with its method names once its engine is ready.
  function spawn() {
    let w;
    try {
      w = new Worker(workerURL, { name: 'svertka engine' });
    } catch (err) {
      stopped = `svertka: cannot start the engine worker ${workerURL}: ${err.message}`;
      return Promise.reject(new Error(stopped, { cause: err }));
    }
    worker = w;
    stopped = null;
    let starting = true;
    return new Promise((resolve, reject) => {
      const fail = (message) => {
        starting = false;
        halt(message, false);
        reject(new Error(message));
      };
      w.addEventListener('message', ({ data }) => {
        if (worker !== w) return; // a stopped worker's last words
        switch (data.type) {
          case 'ready':
            starting = false;
            resolve(data.methods);
            break;
          case 'failed':
            fail(data.message);
            break;
          case 'result':
            settle(data.id)?.resolve(data.value);
            break;
          case 'error':
            settle(data.id)?.reject(Object.assign(new Error(data.error.message),
              data.error.goStack === undefined ? {} : { goStack: data.error.goStack }));
            break;
          case 'event':
            deliver(callbacks.get(data.id), data.payload);
            break;
          case 'dead':
            died(data.reason);
            break;
        }
      });
      w.addEventListener('error', (e) => {
        e.preventDefault(); // reported here, as the engine's death, not as the page's error
        if (worker !== w) return;
        if (starting) fail(`svertka: cannot start the engine worker ${workerURL}${e.message ? `: ${e.message}` : ''}`);
        else died(e.message || 'an error in the worker');
      });
      w.addEventListener('messageerror', () => {
        if (worker === w) died('a message from the worker could not be read');
      });
      // The page downloads and compiles the engine while the worker starts
      // and loads Go's runtime script, once for all restarts; the worker
      // only instantiates it.
      w.postMessage(load);
      compile(urls.wasmURL, base).then((module) => {
        if (worker === w) w.postMessage({ type: 'module', module });
      }, (err) => {
        if (worker === w && starting) fail(err.message);
      });
    });
  }

  function call(method, args) {
    if (stopped !== null) return Promise.reject(new Error(stopped));
    const id = ++seq;
    let sent;
    try {
      sent = sendable(method, args);
    } catch (err) {
      return Promise.reject(err);
    }
    for (const cb of sent.callbacks) cb.id = ++seq;
    try {
      worker.postMessage({ type: 'call', id, method, args: sent.args, callbacks: sent.callbacks.map((cb) => ({ path: cb.path, id: cb.id })) });
    } catch (err) {
      return Promise.reject(unsendable(method, sent.args, err));
    }
    for (const cb of sent.callbacks) callbacks.set(cb.id, cb.fn);
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject, callbacks: sent.callbacks.map((cb) => cb.id) }));
  }

  const methods = await spawn();
  const api = {};
  for (const name of methods) api[name] = (...args) => call(name, args);
  Object.defineProperty(api, 'exited', { get: () => stopped !== null, enumerable: true });
  /** Ends the worker now; pending and later calls reject until restart(). */
  api.terminate = () => halt('svertka: the engine worker was stopped by terminate(); call restart() to start a new one', false);
  /** Ends the worker (if running) and starts a new engine, with no model loaded; resolves once it is ready. */
  api.restart = () => {
    restarting ??= (async () => {
      halt('svertka: the engine worker was stopped by restart()', false);
      try {
        await spawn();
      } finally {
        restarting = null;
      }
    })();
    return restarting;
  };
  return Object.freeze(api);
}

// deliver calls a caller's callback with an event's payload; a callback that
// throws is reported like an event listener's error and the engine goes on.
function deliver(fn, payload) {
  if (!fn) return; // its call has settled
  try {
    fn(...payload);
  } catch (err) {
    if (typeof reportError === 'function') reportError(err);
    else console.error(err);
  }
}

// sendable returns args with every function (at any depth of plain objects
// and arrays) replaced by null, and where the functions were. Reading an
// argument can throw (a getter, a revoked Proxy): that argument is unsendable.
function sendable(method, args) {
  const callbacks = [];
  return {
    args: args.map((arg, i) => {
      try {
        return withoutFunctions(arg, [i], callbacks, new Set());
      } catch (err) {
        throw unsendableArg(method, i, err);
      }
    }),
    callbacks,
  };
}

function withoutFunctions(value, path, found, seen) {
  if (typeof value === 'function') {
    found.push({ path, fn: value });
    return null;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  const array = Array.isArray(value);
  if (!array && !isPlainObject(value)) return value; // typed arrays, ImageData, Map…: cloned as they are
  seen.add(value);
  let changed = false;
  const entries = Object.keys(value).map((key) => {
    const v = value[key];
    const s = withoutFunctions(v, [...path, array ? Number(key) : key], found, seen);
    changed ||= s !== v;
    return [key, s];
  });
  if (!changed) return value;
  const copy = array ? new Array(value.length) : {};
  for (const [key, v] of entries) copy[key] = v;
  return copy;
}

function isPlainObject(v) {
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

// unsendable explains why postMessage refused a call's arguments, naming the
// first argument that cannot be cloned on its own.
function unsendable(method, args, err) {
  for (let i = 0; i < args.length; i++) {
    try {
      structuredClone(args[i]);
    } catch (argErr) {
      return unsendableArg(method, i, argErr);
    }
  }
  return new Error(`${method}: the arguments cannot be sent to the engine: ${thrownText(err)}`, { cause: err });
}

function unsendableArg(method, i, err) {
  return new Error(`${method}: argument ${i + 1} cannot be sent to the engine: ${thrownText(err)}`, { cause: err });
}

// thrownText is what a getter or a Proxy trap threw, as a short text: its
// message when it is an Error, cut to 200 characters. Reading the thrown
// value can throw again (a getter for message).
function thrownText(err) {
  let why;
  try {
    why = String(err instanceof Error ? err.message : err);
  } catch {
    return 'an exception that cannot be shown';
  }
  // Chromium starts a DataCloneError's message with "Failed to execute
  // 'structuredClone' on 'Window': ", which is about us, not the argument.
  why = why.replace(/^Failed to execute '\w+' on '\w+': /, '');
  return why.length > 200 ? `${why.slice(0, 200)}… (${why.length} characters)` : why;
}

// ---- the worker's side ---------------------------------------------------------

/**
 * Serves an engine to a page's Svertka.load({ worker: true }) over port (the
 * worker's global scope in svertka-worker.js). early holds message events
 * that arrived before this module was imported. begin starts the engine: a
 * parameter only so the protocol can be tested without WebAssembly.
 */
export function serve(port, early = [], begin = start) {
  let engine = null;
  let opened = Promise.resolve();
  let compiled;
  const module = new Promise((resolve) => { compiled = resolve; });
  const post = (message) => port.postMessage(message);
  // Calls that arrive while the engine starts wait for it, in order; later
  // ones go straight to it. The engine's methods start synchronously, so
  // it sees the calls in the order they were made.
  const handle = ({ data }) => {
    if (data.type === 'load') opened = open(data);
    else if (data.type === 'module') compiled(data.module);
    else if (engine) answer(data);
    else opened = opened.then(() => { answer(data); }); // not awaited: the next one goes on
  };

  async function open({ wasmURL, execURL, base }) {
    try {
      engine = await begin({ wasmURL, execURL, base, module }, (reason) => post({ type: 'dead', reason }), (reason) => `svertka: ${reason}`);
      post({ type: 'ready', methods: Object.keys(engine.methods) });
    } catch (err) {
      post({ type: 'failed', message: err.message });
    }
  }

  async function answer({ id, method, args, callbacks }) {
    let live = true;
    // An event's arguments are copied, not moved: the engine may pass the
    // same array again, or keep using it, after the callback returns.
    for (const cb of callbacks) {
      place(args, cb.path, (...payload) => {
        if (live) post({ type: 'event', id: cb.id, payload });
      });
    }
    try {
      if (!engine || !Object.hasOwn(engine.methods, method)) throw new Error(`${method}: this engine has no such method`);
      const value = await engine.methods[method](...args);
      try {
        transfer(port, { type: 'result', id, value }, value);
      } catch (err) {
        throw new Error(`${method}: the result cannot be sent to the page: ${err.message}`);
      }
    } catch (err) {
      post({ type: 'error', id, error: err instanceof Error ? { message: err.message, goStack: err.goStack } : { message: String(err) } });
    } finally {
      live = false;
    }
  }

  for (const e of early) handle(e);
  port.addEventListener('message', handle);
  port.start?.(); // a MessagePort delivers nothing before start()
}

// place puts value at path (argument index, key…) inside args.
function place(args, path, value) {
  let obj = args;
  for (const key of path.slice(0, -1)) obj = obj[key];
  obj[path.at(-1)] = value;
}

// transfer posts message, moving every ArrayBuffer found in root; a buffer
// that cannot be moved (a WebAssembly memory) makes it copy instead.
// Only for results, which the API promises are the caller's own.
function transfer(port, message, root) {
  const buffers = [...buffersIn(root, new Set(), new Set())];
  try {
    port.postMessage(message, buffers);
  } catch {
    port.postMessage(message);
  }
}

function buffersIn(value, found, seen) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  if (value instanceof ArrayBuffer) found.add(value);
  else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value) || isPlainObject(value)) {
    for (const v of Object.values(value)) buffersIn(v, found, seen);
  }
  return found;
}

export const Svertka = Object.freeze({ load });

// For pages that load this file with <script type="module"> and use it from
// classic scripts.
globalThis.Svertka ??= Svertka;
