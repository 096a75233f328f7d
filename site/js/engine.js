// The playground's engine, started as soon as this small module runs:
// index.html loads it on its own (async) before main.js, whose import graph
// of some thirty modules would otherwise hold the engine's download,
// compile and start back until every one of them is fetched and evaluated.
// main.js takes the engine from here.

import { Svertka } from '../svertka.js';

export const ENGINE_URLS = {
  wasmURL: new URL('svertka.wasm', document.baseURI).href,
  execURL: new URL('wasm_exec.js', document.baseURI).href,
};

// The engine's onexit goes to the page's handler once main.js has set it
// (onEngineExit); an exit before that waits for it.
let exitHandler = null;
let exited = null;

/** onEngineExit(fn): fn(error) is called once if the engine stops by itself. */
export function onEngineExit(fn) {
  exitHandler = fn;
  if (exited) fn(exited);
}

/** The engine in its Web Worker; main.js reports a failure to start. */
export const engine = Svertka.load({
  ...ENGINE_URLS,
  worker: true,
  onexit: (err) => {
    exited = err;
    exitHandler?.(err);
  },
});
engine.catch(() => {}); // main.js awaits it and shows why
