// Where Svertka's predict spends its time: a V8 CPU profile (the DevTools
// protocol's Profiler, sampling every 50 µs) of predict calls on the
// comparison page, with a build of svertka.wasm that keeps its function
// names (build/bench/svertka-names.wasm; the site's is stripped), summed by
// self time per function and per part of the stack.

import { runPeer } from './peerpage.mjs';

// parts: the first whose test matches a profile node names its time.
// Go function names come out of V8 with "/" as "_" in the package path.
const wasm = (url) => url.endsWith('.wasm') || url.startsWith('wasm://');
const parts = [
  ['engine math (core)', (f, url) => wasm(url) && /^core[._]/.test(f)],
  ['Go runtime: GC, allocation, finalizers', (f, url) => wasm(url) && /^runtime\..*(gc|GC|mark|Mark|sweep|scan|malloc|alloc|heap|span|Span|wb|WriteBarrier|bulkBarrier|memclr|mcache|mcentral|special|inaliz)/.test(f)],
  ['Go runtime: other', (f, url) => wasm(url) && /^(runtime|internal)[._]/.test(f)],
  ['Go side of the bridge (syscall/js, wasm/bridge, wasm/api)', (f, url) => wasm(url) && /^(syscall_js|wasm_bridge|wasm_api)\./.test(f)],
  ['other Go code', (f, url) => wasm(url)],
  ['wasm_exec.js (JS side of the bridge)', (f, url) => url.endsWith('/wasm_exec.js')],
  ['svertka.js', (f, url) => url.endsWith('/svertka.js')],
  ['V8 garbage collector', (f) => f === '(garbage collector)'],
  ['benchmark page', (f, url) => url.includes('/peers/')],
  ['other (program, idle, root)', () => true],
];

/**
 * Profiles calls predict calls of the loaded model and returns
 * { calls, wallMs, totalMs, parts: [{ name, ms }], top: [{ name, part, ms }] }.
 */
export async function profilePredict(browser, server, { model, wasm, calls = 300 }) {
  const { page } = await runPeer(browser, server, { peer: 'svertka', model, mode: 'check', more: { wasm }, keep: true });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await page.evaluate(async () => { for (let i = 0; i < 50; i++) await globalThis.benchPeer.peer.predictAll(globalThis.benchPeer.x); });
    await cdp.send('Profiler.start');
    const wallMs = await page.evaluate(async (n) => {
      const { peer, x } = globalThis.benchPeer;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await peer.predictAll(x);
      return performance.now() - t0;
    }, calls);
    const { profile } = await cdp.send('Profiler.stop');
    return { calls, wallMs, ...summarise(profile) };
  } finally {
    await page.context().close();
  }
}

const goName = (f) => (f || '(anonymous)').replace(/^github\.com_svertka_svertka_/, '');

// V8's own nodes keep their names; a builtin without a script (TextDecoder's
// decode, a typed array copy) is counted in the part of the code that called it.
const own = new Set(['(program)', '(root)', '(garbage collector)', '(idle)']);

function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = (id) => {
    const { functionName: f, url } = byId.get(id).callFrame;
    if (!url && !own.has(f) && parent.has(id)) return partOf(parent.get(id));
    return parts.find(([, test]) => test(goName(f), url))[0];
  };
  const self = new Map(); // node id → µs
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fns = new Map();
  const partMs = new Map(parts.map(([name]) => [name, 0]));
  let totalMs = 0;
  for (const [id, us] of self) {
    const { functionName, url } = byId.get(id).callFrame;
    const name = goName(functionName);
    if (name === '(idle)') continue;
    const part = partOf(id);
    const ms = us / 1000;
    totalMs += ms;
    partMs.set(part, partMs.get(part) + ms);
    const key = `${name}\u0000${part}\u0000${url}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }
  const top = [...fns].map(([key, ms]) => {
    const [name, part, url] = key.split('\u0000');
    return { name, part, url, ms };
  }).sort((a, b) => b.ms - a.ms).slice(0, 15);
  return { totalMs, parts: [...partMs].map(([name, ms]) => ({ name, ms })).filter((p) => p.ms > 0).sort((a, b) => b.ms - a.ms), top };
}
