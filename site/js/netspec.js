// A network in a link: the spec createModel takes ({inputShape, layers:
// [{class_name, config}]}) as JSON in base64url, so it survives any URL.
// The builder's `net` key and its link to the Train view
// (train.html?spec=…) both use it; config fields at their Keras defaults
// are left out to keep links short (the engine fills them in again).

// encodeSpec returns the link text of spec; classes (nn.layerClasses())
// gives the defaults to leave out.
export function encodeSpec(spec, classes = []) {
  const defaults = new Map(classes.map((c) => [c.name, c.config]));
  const layers = spec.layers.map((l) => {
    const d = defaults.get(l.class_name) || {};
    const config = {};
    for (const [k, v] of Object.entries(l.config || {})) {
      if (JSON.stringify(v) !== JSON.stringify(d[k])) config[k] = v;
    }
    return Object.keys(config).length ? [l.class_name, config] : [l.class_name];
  });
  const bytes = new TextEncoder().encode(JSON.stringify([spec.inputShape, layers]));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// decodeSpec reads encodeSpec's text back, or throws an Error saying what
// is wrong with it. Only the form is checked here; the engine checks the
// network itself.
export function decodeSpec(text) {
  let value;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    throw new Error('not a network written by Svertka');
  }
  const [inputShape, layers] = Array.isArray(value) ? value : [];
  const isShape = Array.isArray(inputShape) && inputShape.length === 3 && inputShape.every((d) => Number.isInteger(d) && d > 0);
  const isLayer = (l) => Array.isArray(l) && typeof l[0] === 'string' && (l.length === 1 || (l.length === 2 && l[1] && typeof l[1] === 'object' && !Array.isArray(l[1])));
  if (!isShape || !Array.isArray(layers) || !layers.length || !layers.every(isLayer)) {
    throw new Error('not a network written by Svertka');
  }
  return { inputShape, layers: layers.map(([class_name, config = {}]) => ({ class_name, config })) };
}
