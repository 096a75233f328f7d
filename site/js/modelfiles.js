// Model files in and out of the page, with no DOM: the files a person picks
// or drops, a same-site URL, and the downloads of the current model. A model
// is either the engine's own model file (one JSON document, format
// "svertka-model", loadModel) or a Keras model in the TF.js layers format
// (model.json and its weight files, importModel). Either way it becomes a
// source: { kind: 'svertka', doc } or { kind: 'tfjs', modelJSON, weights,
// labels } with weights the ArrayBuffers in manifest order and labels the
// class names model.json may carry (userDefinedMetadata.classNames, or
// null); load() hands it to the
// engine, which checks everything, so nothing here validates layers.
//
// Problems a person can fix (no model.json among the files, a weight file
// missing, an HTTP error) throw a ModelFileError whose key and vars are a
// text of texts.js ('files.*'); the engine's own refusals come through as
// they are.

export class ModelFileError extends Error {
  constructor(key, vars = {}) {
    super(key);
    this.key = key;
    this.vars = vars;
  }
}

// The engine's limit for model.json and for the weights together (32 MiB,
// core.MaxModelBytes): larger files are refused before they are read.
const MAX_BYTES = 32 << 20;

function checkSize(files) {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  if (bytes > MAX_BYTES) {
    throw new ModelFileError('files.tooBig', { names: files.map((f) => f.name).join(', '), mib: Math.ceil(bytes / 2 ** 20) });
  }
}

// The name TF.js gives its weight file when it saves one (and the engine's
// TF.js export writes, core.TFJSShardName).
export const TFJS_WEIGHTS = 'group1-shard1of1.bin';

// kindOf tells the two formats apart by their top-level fields.
function kindOf(doc, name) {
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    if (doc.format === 'svertka-model') return 'svertka';
    if ('modelTopology' in doc) return 'tfjs';
  }
  throw new ModelFileError('files.notModel', { name });
}

function parse(text, name) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ModelFileError('files.badJSON', { name, msg: err.message });
  }
}

// manifestPaths lists the weight files model.json names, in manifest order.
// A malformed manifest lists none: the engine says what is wrong with it.
function manifestPaths(doc) {
  const groups = Array.isArray(doc.weightsManifest) ? doc.weightsManifest : [];
  return groups.flatMap((g) => (g && Array.isArray(g.paths) ? g.paths : [])).filter((p) => typeof p === 'string');
}

const baseName = (path) => path.split('/').pop();

// classNames returns userDefinedMetadata.classNames when it is a short
// list of short strings (a model may name its outputs there), else null.
function classNames(doc) {
  const names = doc.userDefinedMetadata?.classNames;
  const ok = Array.isArray(names) && names.length > 0 && names.length <= 1000
    && names.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 40);
  return ok ? names : null;
}

// topologyName is the name Keras gave the model ("sequential_1"), if any:
// model.json's own file name says nothing.
function topologyName(doc) {
  const top = doc.modelTopology || {};
  const name = (top.model_config || top).config?.name;
  return typeof name === 'string' && name ? `${name} (model.json)` : '';
}

// fromFiles reads the model among files (File objects, in any order): the
// one .json file, and for a TF.js model the weight files its manifest
// names, matched by file name. Other files are left for the caller
// (images); with no .json among them it returns null.
export async function fromFiles(files) {
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  if (!jsons.length) return null;
  if (jsons.length > 1) throw new ModelFileError('files.manyJSON', { names: jsons.map((f) => f.name).join(', ') });
  const file = jsons[0];
  checkSize([file]);
  const text = await file.text();
  const doc = parse(text, file.name);
  if (kindOf(doc, file.name) === 'svertka') return { kind: 'svertka', doc: text, name: file.name.replace(/(\.svertka)?\.json$/i, '') };
  const name = file.name === 'model.json' ? topologyName(doc) || file.name : file.name;
  const byName = new Map(files.map((f) => [f.name, f]));
  const paths = manifestPaths(doc);
  const missing = paths.filter((p) => !byName.has(baseName(p)));
  if (missing.length) throw new ModelFileError('files.missing', { names: missing.map(baseName).join(', '), n: missing.length });
  const shards = paths.map((p) => byName.get(baseName(p)));
  checkSize(shards);
  const weights = await Promise.all(shards.map((f) => f.arrayBuffer()));
  return { kind: 'tfjs', modelJSON: text, weights, name, labels: classNames(doc) };
}

// sameSite resolves a model address from a link against the page and
// returns it if it is on the page's own site, else null: the page never
// fetches a model from elsewhere.
export function sameSite(path, base = location.href) {
  let url;
  try {
    url = new URL(path, base);
  } catch {
    return null;
  }
  const page = new URL(base);
  return url.origin === page.origin && /^https?:$/.test(url.protocol) ? url : null;
}

async function fetchOK(url, what) {
  let res;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new ModelFileError('files.fetch', { name: what, msg: err.message });
  }
  if (!res.ok) throw new ModelFileError('files.http', { name: what, status: res.status });
  return res;
}

// fromURL fetches a model from a same-site address: the model file, or
// model.json and the weight files next to it.
export async function fromURL(path) {
  const url = sameSite(path);
  if (!url) throw new ModelFileError('files.offsite', { name: path });
  const text = await (await fetchOK(url, path)).text();
  const doc = parse(text, path);
  const name = baseName(url.pathname) === 'model.json' ? url.pathname.split('/').slice(-2).join('/') : baseName(url.pathname);
  if (kindOf(doc, path) === 'svertka') return { kind: 'svertka', doc: text, name };
  const weights = await Promise.all(manifestPaths(doc).map(async (p) => {
    const at = sameSite(p, url.href);
    if (!at) throw new ModelFileError('files.offsite', { name: p });
    return (await fetchOK(at, p)).arrayBuffer();
  }));
  return { kind: 'tfjs', modelJSON: text, weights, name, labels: classNames(doc) };
}

// load gives a source to the engine and resolves with the new model's
// summary; a refused source changes nothing there.
export function load(nn, source) {
  return source.kind === 'svertka'
    ? nn.loadModel(source.doc)
    : nn.importModel({ modelJSON: source.modelJSON, weights: source.weights });
}

// exportFiles returns the files of a model for download: format 'tfjs'
// gives model.json and its weight file, 'svertka' the model file named
// after the model.
export async function exportFiles(nn, handle, format, name = 'model') {
  if (format === 'tfjs') {
    const { modelJSON, weights } = await nn.exportModel(handle, { format: 'tfjs' });
    return [
      { name: 'model.json', blob: new Blob([modelJSON], { type: 'application/json' }) },
      { name: TFJS_WEIGHTS, blob: new Blob([weights], { type: 'application/octet-stream' }) },
    ];
  }
  const doc = await nn.exportModel(handle);
  return [{ name: `${fileStem(name)}.svertka.json`, blob: new Blob([doc], { type: 'application/json' }) }];
}

// fileStem makes a model's name a safe file name.
function fileStem(name) {
  const trim = (x) => x.replace(/^-+|-+$/g, '');
  return trim(trim(String(name).replace(/[^\p{L}\p{N}._-]+/gu, '-')).replace(/(\.svertka)?\.json$/i, '')).slice(0, 60) || 'model';
}
