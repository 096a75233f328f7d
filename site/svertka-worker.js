// The engine's Web Worker, started by Svertka.load({ worker: true }) in
// svertka.js, which also holds the worker's side of the protocol (serve).
//
// A classic worker, so svertka.js can load Go's wasm_exec.js (not a module)
// with importScripts. Messages that arrive while svertka.js is being
// imported are kept and handled first, in order.

const early = [];
const keep = (e) => early.push(e);
self.addEventListener('message', keep);
import('./svertka.js').then(({ serve }) => {
  self.removeEventListener('message', keep);
  serve(self, early);
}, (err) => {
  self.postMessage({ type: 'failed', message: `svertka: the engine worker cannot import svertka.js: ${err.message}` });
});
