// The model store: models a person keeps in this browser (IndexedDB, through
// the vendored idb library), and which one the playground draws with.
//
//   import * as store from './modelstore.js';
//   const id = await store.saveModel({ name: 'my run', doc, source: 'train', info: { testAccuracy: 0.991 } });
//   await store.listModels();      // [{ id, name, source, created, bytes, info }], newest first, no doc
//   await store.getModel(id);      // { id, name, source, created, bytes, info, doc } or null
//   await store.setActiveModel(id); // the playground loads it on its next start
//   await store.getActiveModel();  // the active model's record (with doc) or null: the shipped model
//   await store.setActiveModel(null); // back to the shipped model
//   await store.deleteModel(id);   // deleting the active model makes the shipped one active again
//
// doc is the engine's own model document, the JSON text exportModel returns
// (and loadModel reads); source says where it came from ('train', 'import',
// 'builder', …); info is any small plain object the saver wants to show
// later (accuracy, settings). Every call returns a Promise and rejects with an
// Error starting "modelstore:" when the input is wrong or the browser keeps
// no storage (some private modes): callers show the message and go on with
// the shipped model. Records are written whole in one transaction, so a
// reload or a closed tab never leaves half a model. Other tabs see a change
// on their next read; onChange(fn) tells this page's listeners and the other
// tabs' (BroadcastChannel) that the list or the active model changed.

import { openDB } from '../vendor/idb.js';

const DB_NAME = 'svertka';
const DB_VERSION = 1;
const MODELS = 'models';
const META = 'meta'; // small key → value settings: 'active' is the active model's id
const NAME_MAX = 200;

let dbPromise = null;

function db() {
  dbPromise ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(d, oldVersion) {
      // One case per version: a later version adds its own stores below.
      if (oldVersion < 1) {
        d.createObjectStore(MODELS, { keyPath: 'id', autoIncrement: true });
        d.createObjectStore(META);
      }
    },
    // Another tab opened a newer version: let it upgrade, reopen next time.
    blocking() {
      dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  }).catch((err) => {
    dbPromise = null;
    throw new Error(`modelstore: the browser's storage (IndexedDB) is not available: ${err?.message || err}`);
  });
  return dbPromise;
}

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('svertka.modelstore') : null;
const listeners = new Set();

function changed() {
  for (const fn of listeners) fn();
  channel?.postMessage('changed');
}
channel?.addEventListener('message', () => { for (const fn of listeners) fn(); });

// onChange calls fn after any change to the store, in this page or another tab.
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function checkId(id, fn) {
  if (!Number.isSafeInteger(id) || id < 1) throw new Error(`modelstore: ${fn}: id must be a positive integer, got ${String(id)}`);
}

function summary({ doc, ...rest }) {
  return rest;
}

// saveModel stores a model and resolves with its new id.
export async function saveModel({ name, doc, source = 'unknown', info = {} } = {}) {
  if (typeof name !== 'string' || !name.trim()) throw new Error('modelstore: saveModel: name must be a non-empty string');
  if (name.length > NAME_MAX) throw new Error(`modelstore: saveModel: name has ${name.length} characters, at most ${NAME_MAX}`);
  if (typeof doc !== 'string' || !doc.startsWith('{')) throw new Error('modelstore: saveModel: doc must be the JSON text of a model document (exportModel)');
  if (typeof source !== 'string') throw new Error('modelstore: saveModel: source must be a string');
  const record = { name: name.trim(), doc, source, info: structuredClone(info), created: Date.now(), bytes: new TextEncoder().encode(doc).length };
  const id = await (await db()).add(MODELS, record);
  changed();
  return id;
}

// listModels resolves with every stored model, newest first, without its doc.
export async function listModels() {
  const all = await (await db()).getAll(MODELS);
  return all.map(summary).sort((a, b) => b.created - a.created || b.id - a.id);
}

// getModel resolves with a stored model, doc included, or null.
export async function getModel(id) {
  checkId(id, 'getModel');
  return (await (await db()).get(MODELS, id)) ?? null;
}

// deleteModel removes a model; if it was the active one, the shipped model becomes active.
export async function deleteModel(id) {
  checkId(id, 'deleteModel');
  const tx = (await db()).transaction([MODELS, META], 'readwrite');
  await tx.objectStore(MODELS).delete(id);
  if ((await tx.objectStore(META).get('active')) === id) await tx.objectStore(META).delete('active');
  await tx.done;
  changed();
}

// setActiveModel makes a stored model the playground's, or (null) the shipped one.
export async function setActiveModel(id) {
  const tx = (await db()).transaction([MODELS, META], 'readwrite');
  if (id === null) {
    await tx.objectStore(META).delete('active');
  } else {
    checkId(id, 'setActiveModel');
    if (!(await tx.objectStore(MODELS).getKey(id))) {
      tx.abort();
      await tx.done.catch(() => {});
      throw new Error(`modelstore: setActiveModel: no stored model has id ${id}`);
    }
    await tx.objectStore(META).put(id, 'active');
  }
  await tx.done;
  changed();
}

// getActiveModel resolves with the active model's record (doc included), or
// null when the playground uses the shipped model.
export async function getActiveModel() {
  const d = await db();
  const id = await d.get(META, 'active');
  return id ? ((await d.get(MODELS, id)) ?? null) : null;
}

// activeModelId resolves with the active model's id, or null.
export async function activeModelId() {
  return (await (await db()).get(META, 'active')) ?? null;
}
