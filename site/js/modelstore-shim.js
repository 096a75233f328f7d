// A stand-in for modelstore.js (the models kept in this browser), which the
// train branch brings: the same functions and the same database, written on
// the raw IndexedDB API so that no second wrapper library comes in. When
// modelstore.js is on main, library.js imports it instead and this file goes.
//
//   saveModel({ name, doc, source, info }) → id     listModels() → records without doc, newest first
//   getModel(id) → record | null                   deleteModel(id)
//   setActiveModel(id | null)                      getActiveModel() → record | null
//   onChange(fn)
//
// Errors start with "modelstore:", as there.

const DB_NAME = 'svertka';
const MODELS = 'models';
const META = 'meta';

let opened = null;

function db() {
  opened ??= new Promise((resolve, reject) => {
    let req;
    try {
      req = indexedDB.open(DB_NAME, 1);
    } catch (err) {
      reject(err);
      return;
    }
    req.onupgradeneeded = () => {
      req.result.createObjectStore(MODELS, { keyPath: 'id', autoIncrement: true });
      req.result.createObjectStore(META);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).catch((err) => {
    opened = null;
    throw new Error(`modelstore: the browser's storage (IndexedDB) is not available: ${err?.message || err}`);
  });
  return opened;
}

// run performs fn(stores) in one transaction and resolves with the result
// of the request fn returns, once the transaction has committed.
async function run(mode, fn) {
  const tx = (await db()).transaction([MODELS, META], mode);
  const req = fn(tx.objectStore(MODELS), tx.objectStore(META));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(req?.result);
    tx.onerror = () => reject(new Error(`modelstore: ${tx.error?.message || 'the transaction failed'}`));
    tx.onabort = tx.onerror;
  });
}

const listeners = new Set();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('svertka.modelstore') : null;
channel?.addEventListener('message', () => { for (const fn of listeners) fn(); });

function changed() {
  for (const fn of listeners) fn();
  channel?.postMessage('changed');
}

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export async function saveModel({ name, doc, source = 'unknown', info = {} } = {}) {
  if (typeof name !== 'string' || !name.trim()) throw new Error('modelstore: saveModel: name must be a non-empty string');
  if (typeof doc !== 'string' || !doc.startsWith('{')) throw new Error('modelstore: saveModel: doc must be the JSON text of a model document (exportModel)');
  const record = { name: name.trim().slice(0, 200), doc, source, info, created: Date.now(), bytes: new TextEncoder().encode(doc).length };
  const id = await run('readwrite', (models) => models.add(record));
  changed();
  return id;
}

export async function listModels() {
  const all = await run('readonly', (models) => models.getAll());
  return all.map(({ doc, ...rest }) => rest).sort((a, b) => b.created - a.created || b.id - a.id);
}

export async function getModel(id) {
  return (await run('readonly', (models) => models.get(id))) ?? null;
}

export async function deleteModel(id) {
  const active = await run('readonly', (_, meta) => meta.get('active'));
  await run('readwrite', (models, meta) => {
    if (active === id) meta.delete('active');
    return models.delete(id);
  });
  changed();
}

export async function setActiveModel(id) {
  await run('readwrite', (_, meta) => (id === null ? meta.delete('active') : meta.put(id, 'active')));
  changed();
}

export async function getActiveModel() {
  const id = await run('readonly', (_, meta) => meta.get('active'));
  return id ? getModel(id) : null;
}
