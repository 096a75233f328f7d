// The shareable URL: language, pooling mode, colour scale and the lab's
// settings live in the query string, rewritten in place (no history entries)
// whenever they change, so the address bar is always a link to this view.

export const LAB_KEYS = ['lin', 'lk', 'lks', 'lkv', 'lp', 'ls', 'ld'];

export function readParams() {
  return new URLSearchParams(location.search);
}

export function writeParams(values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v != null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  history.replaceState(history.state, '', `${location.pathname}${s ? `?${s}` : ''}${location.hash}`);
}

// pick copies the given keys of URLSearchParams into a plain object.
export function pick(params, keys) {
  return Object.fromEntries(keys.filter((k) => params.has(k)).map((k) => [k, params.get(k)]));
}
