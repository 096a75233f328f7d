// The files each peer's adapter loads before anything else, known to
// peers.js before the adapter itself arrives: peers.js preloads them as the
// site's pages preload the engine, so every peer's download starts as soon
// as the page's script runs rather than one module import later.

export const SVERTKA_WASM = '/svertka.wasm'; // where svertka.js looks by default, beside itself
export const TFJS = '/node_modules/@tensorflow/tfjs/dist/tf.es2017.min.js';
export const TFJS_WASM = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js';
export const CONVNETJS = '/node_modules/convnetjs/build/convnet-min.js';

// Each link matches the request that will use it: a classic script without
// crossorigin, svertka.js's fetch of the engine in CORS mode.
const script = (href) => ({ rel: 'preload', as: 'script', href });
const links = {
  svertka: (wasmURL) => [
    { rel: 'modulepreload', href: '/svertka.js' },
    { rel: 'preload', as: 'fetch', type: 'application/wasm', crossOrigin: 'anonymous', href: wasmURL ?? SVERTKA_WASM },
    script('/wasm_exec.js'),
  ],
  'tfjs-wasm': () => [script(TFJS), script(TFJS_WASM)],
  'tfjs-cpu': () => [script(TFJS)],
  convnetjs: () => [script(CONVNETJS)],
};

// preload starts downloading the files of peer (wasmURL: Svertka's engine
// from another build).
export function preload(peer, wasmURL) {
  for (const attrs of links[peer]?.(wasmURL) ?? []) {
    document.head.append(Object.assign(document.createElement('link'), attrs));
  }
}
