// The model card: which model the playground shows, where models come from
// and where they go. A person opens a model by the file picker or by
// dropping its files anywhere on the page (model.json with its .bin weight
// files, or Svertka's own model file), or by a same-site link
// (?model=models/x/model.json); downloads the current one as TF.js files
// (model.json + group1-shard1of1.bin, for tf.loadLayersModel and Keras) or
// as Svertka's model file; and reopens the shipped model and the models
// kept in this browser (trained here, built here, imported before). An
// opened model becomes the playground's trained model: the builder shows
// its layers and edits it; which model the next visit starts from (the
// store's active model) is the Train view's to choose, not this card's.
//
// The page does the loading (deps.open): this view gathers the files and
// shows what happened. A model that is refused leaves the current one
// active, and the card lists every problem the engine found.
//
// DOM contract (tests rely on it): #models[data-state] is 'idle', 'loading'
// or 'error' and #models[data-url] the link's model ('' for none);
// #model-error (role=alert) holds the last refusal; #model-name the name of
// the model on screen; #model-input-note says when the page has no input
// for its channels; #model-list li[data-id] the models to open ('shipped',
// 'demo', then the stored ones by id), each with a button .model-pick that
// opens it and, for stored ones, .model-remove; li.current is on screen.

import { View } from './view.js';
import { h } from './dom.js';
import { t, int, shapeText } from './i18n.js';
import { fromFiles, fromURL, exportFiles, ModelFileError } from './modelfiles.js';
import * as store from './modelstore.js';

// Where stored models come from, as the savers name them (modelstore.js).
const SOURCES = ['train', 'import', 'builder'];

// The colour demo that comes with the site: a Keras-style model in the
// TF.js format, opened like any other (scripts/shapes trains it).
export const DEMO_URL = 'models/shapes/model.json';

// The newest imported models kept; older ones are dropped from the list.
const KEEP_IMPORTS = 8;

export class ModelsView extends View {
  // deps: {
  //   open(source, meta) → Promise of { doc }: load a source (modelfiles.js;
  //     null for the shipped model) as the model on screen and return it
  //     as a model file; meta = { name, url, storeId, labels, shipped };
  //     rejects when refused.
  //   exportFiles(format) → Promise<[{name, blob}]>: the current model's files.
  //   changed(): the model's link changed (write the URL).
  // }
  constructor(root, deps) {
    super(root, deps);
    this.name = this.$('#model-name');
    this.facts = this.$('#model-facts');
    this.error = this.$('#model-error');
    this.list = this.$('#model-list');
    this.file = this.$('#model-file');
    this.url = '';
    this.current = { name: '', storeId: null, shipped: true };
    this.summary = null;
    this.problem = null;
    this.pending = Promise.resolve();
    this.$('#model-open').addEventListener('click', () => this.file.click());
    this.file.addEventListener('change', async () => {
      const files = [...this.file.files];
      this.file.value = '';
      if (files.length) await this.openFiles(files);
    });
    this.$('#model-export-tfjs').addEventListener('click', () => this.download('tfjs'));
    this.$('#model-export-own').addEventListener('click', () => this.download('svertka'));
    store.onChange(() => this.refreshList());
    this.root.dataset.state = 'idle';
    this.root.dataset.url = '';
    this.relabel();
  }

  // update takes { summary, name, shipped, storeId, builder, base, noInput }
  // when a model is on screen: its modelSummary(), where it came from
  // (builder: the builder's network, base: the opened model it was built
  // on, whose link stays) and whether the page has no input for its
  // channels.
  update({ summary, name, shipped = false, storeId = null, builder = false, base = '', noInput = false }) {
    this.summary = summary;
    this.current = { name, shipped, storeId, builder, base, noInput };
    this.renderCurrent();
    this.refreshList();
  }

  relabel() {
    this.renderCurrent();
    this.renderError();
    this.refreshList();
  }

  readURL({ model }) {
    if (model) return this.openURL(model);
  }

  writeURL() {
    return { model: this.url };
  }

  // openFiles opens the model among dropped or picked files; it returns
  // false when there is no .json among them (the files are something else).
  async openFiles(files) {
    return this.attempt(async () => {
      const source = await fromFiles(files);
      if (!source) return false;
      await this.opened(source, { name: source.name, url: '', labels: source.labels ?? null });
      return true;
    });
  }

  async openURL(path) {
    return this.attempt(async () => {
      const source = await fromURL(path);
      await this.opened(source, { name: source.name, url: path, labels: source.labels ?? null });
      return true;
    });
  }

  async opened(source, meta) {
    const { doc } = await this.deps.open(source, meta);
    this.setURL(meta.url);
    // The demo is always in the list; any other model is kept.
    if (meta.url !== DEMO_URL) await this.keep(meta, doc);
    this.refreshList();
  }

  // keep stores an opened model in this browser as Svertka's model file,
  // which reopens exactly; once: the same name and size again is the same
  // model.
  async keep(meta, doc) {
    try {
      const bytes = new TextEncoder().encode(doc).length;
      const same = (await store.listModels()).find((m) => m.source === 'import' && m.name === meta.name && m.bytes === bytes);
      this.current.storeId = same ? same.id
        : await store.saveModel({ name: meta.name, doc, source: 'import', info: { from: meta.url || 'file', labels: meta.labels } });
      await this.trimImports();
    } catch (err) {
      console.warn(err.message); // no storage (a private window): the model works, it is just not kept
    }
  }

  // setURL records the link the current model came from ('' for none).
  setURL(url) {
    this.url = url;
    this.root.dataset.url = url;
    this.deps.changed();
  }

  async trimImports() {
    const imports = (await store.listModels()).filter((m) => m.source === 'import');
    for (const m of imports.slice(KEEP_IMPORTS)) await store.deleteModel(m.id);
  }

  // attempt runs a load after the ones before it (a drop while a model
  // loads waits its turn), showing 'loading' meanwhile and the problems if
  // it is refused; the current model stays.
  attempt(fn) {
    const run = this.pending.then(() => this.run(fn));
    this.pending = run;
    return run;
  }

  async run(fn) {
    this.root.dataset.state = 'loading';
    this.problem = null;
    this.renderError();
    try {
      const r = await fn();
      this.root.dataset.state = 'idle';
      return r;
    } catch (err) {
      this.problem = { err, what: 'open' };
      this.root.dataset.state = 'error';
      this.renderError();
      return true;
    }
  }

  async openStored(id) {
    await this.attempt(async () => {
      const rec = await store.getModel(id);
      if (!rec) throw new ModelFileError('files.gone');
      const labels = Array.isArray(rec.info?.labels) ? rec.info.labels : null;
      await this.deps.open({ kind: 'svertka', doc: rec.doc, name: rec.name }, { name: rec.name, url: '', storeId: id, labels });
      this.setURL('');
    });
  }

  async openShipped() {
    await this.attempt(async () => {
      await this.deps.open(null, { name: t('models.shipped'), url: '', shipped: true });
      this.setURL('');
    });
  }

  async download(format) {
    try {
      const files = await this.deps.exportFiles(format);
      for (const f of files) save(f);
      this.problem = null;
    } catch (err) {
      this.problem = { err, what: 'download' };
    }
    this.renderError();
  }

  renderCurrent() {
    const s = this.summary;
    const { shipped, builder, base, name } = this.current;
    const built = base ? t('models.builtOn', { name: base }) : t('models.builder');
    this.name.textContent = shipped ? t('models.shipped') : name || (builder ? built : '');
    this.facts.textContent = s
      ? t('models.facts', { shape: shapeText(s.inputShape.filter((d) => d > 0)), layers: s.layers.length, params: int(s.totalParams) })
      : '';
    const note = this.$('#model-input-note');
    note.hidden = !this.current.noInput;
    note.textContent = this.current.noInput ? t('input.unsupported', { c: s.inputShape[s.inputShape.length - 1] }) : '';
  }

  // renderError shows the last refusal: a model not opened (the one on
  // screen stays), not downloaded in that format, or not removed.
  renderError() {
    this.error.hidden = !this.problem;
    if (!this.problem) {
      this.error.replaceChildren();
      return;
    }
    const { err, what } = this.problem;
    // The engine's message starts with the call's name, which says nothing
    // to a person: "importModel: model.json: …".
    const msg = err instanceof ModelFileError ? t(err.key, err.vars) : err.message.replace(/^(importModel|loadModel|exportModel): /, '');
    // The engine lists one problem a line: "model.json: 3 problems:\n  - …".
    const [head, ...items] = msg.split('\n');
    this.error.replaceChildren(...[
      h('strong', { text: t(`models.refused.${what}`) }), ' ',
      h('span', { text: head }),
      items.length ? h('ul', {}, items.map((line) => h('li', { text: line.replace(/^\s*-\s*/, '') }))) : null,
      what === 'open' ? h('span', { class: 'model-error-keep', text: t('models.kept') }) : null,
    ].filter(Boolean)); // replaceChildren writes a null as the text "null"
  }

  async refreshList() {
    let stored = [];
    let note = '';
    try {
      stored = await store.listModels();
    } catch (err) {
      note = err.message;
    }
    const entry = (id, name, detail, open, remove) => h('li', { 'data-id': id, class: this.isCurrent(id) ? 'current' : null },
      h('button', { type: 'button', class: 'model-pick', onclick: open, 'aria-current': this.isCurrent(id) ? 'true' : null },
        h('span', { class: 'model-pick-name', text: name }), h('span', { class: 'model-pick-detail', text: detail })),
      remove ? h('button', { type: 'button', class: 'btn btn-quiet model-remove', text: t('models.remove'), 'aria-label': t('models.removeOne', { name }), onclick: remove }) : null);
    const items = [
      entry('shipped', t('models.shipped'), t('models.source.shipped'), () => this.openShipped(), null),
      entry('demo', t('models.demo'), t('models.source.demo'), () => this.openURL(DEMO_URL), null),
    ];
    for (const m of stored) {
      items.push(entry(String(m.id), m.name, SOURCES.includes(m.source) ? t(`models.source.${m.source}`) : m.source, () => this.openStored(m.id),
        () => store.deleteModel(m.id).catch((err) => { this.problem = { err, what: 'remove' }; this.renderError(); })));
    }
    this.list.replaceChildren(...items);
    this.$('#model-list-note').textContent = note;
  }

  isCurrent(id) {
    if (id === 'shipped') return this.current.shipped;
    if (id === 'demo') return this.url === DEMO_URL;
    return String(this.current.storeId) === id;
  }
}

// save downloads a file the page made: a link to a blob, clicked.
function save({ name, blob }) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
