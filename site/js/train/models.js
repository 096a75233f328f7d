// "Keep and use" (#train-models): save the trained network under a name,
// make it the playground's (#train-use: saved and made active in one click),
// and the list of models kept in this browser (modelstore.js, IndexedDB),
// each usable or deletable, with the shipped model one click away.

import { View } from '../view.js';
import { h } from '../dom.js';
import { t, int, pct } from '../i18n.js';

export class ModelsView extends View {
  // deps: { store (modelstore.js), model() → { doc, info } of the network
  // trained now, or null when there is none }.
  constructor(root, deps) {
    super(root, deps);
    this.name = this.$('#train-name');
    this.use = this.$('#train-use');
    this.save = this.$('#train-save');
    this.list = [];
    this.active = null;
    this.status = null; // { key, vars } of the last action
    this.canSave = false;
    this.use.addEventListener('click', () => this.keep(true));
    this.save.addEventListener('click', () => this.keep(false));
    this.name.addEventListener('input', () => { this.named = true; });
    deps.store.onChange(() => this.refresh());
    this.refresh();
  }

  // update({ canSave, name }): whether there is a trained network to keep,
  // and the name it would get if the person typed none.
  update({ canSave, name }) {
    if (canSave !== undefined) this.canSave = canSave;
    if (name !== undefined && !this.named) this.name.value = name;
    this.use.disabled = this.save.disabled = !this.canSave;
  }

  async keep(activate) {
    const model = await this.deps.model();
    if (!model) return;
    const name = this.name.value.trim() || this.name.placeholder || t('tr.net.seed');
    try {
      const id = await this.deps.store.saveModel({ name, doc: model.doc, source: 'train', info: model.info });
      if (activate) await this.deps.store.setActiveModel(id);
      this.say(activate ? 'tr.saved.active' : 'tr.saved', { name });
    } catch (err) {
      this.say('tr.store.error', { msg: err.message });
    }
    await this.refresh();
  }

  say(key, vars) {
    this.status = { key, vars };
    this.$('#train-saved').textContent = t(key, vars);
  }

  async refresh() {
    try {
      this.list = await this.deps.store.listModels();
      this.active = await this.deps.store.activeModelId();
    } catch (err) {
      this.list = [];
      this.say('tr.store.error', { msg: err.message });
    }
    this.render();
  }

  render() {
    const row = (id, name, detail, active) => h('li', { class: active ? 'active' : null, 'data-model': id ?? 'shipped' },
      h('span', { class: 'model-name' }, h('strong', { text: name }), h('small', { text: detail })),
      active
        ? h('span', { class: 'model-active', text: t('tr.model.active') })
        : h('button', { type: 'button', class: 'btn model-use', text: t('tr.model.use'), onclick: () => this.activate(id) }),
      id === null ? null : h('button', {
        type: 'button', class: 'btn btn-quiet model-delete', text: t('tr.model.delete'),
        'aria-label': t('tr.model.deleteAria', { name }), onclick: () => this.remove(id, name),
      }));
    const date = (ms) => new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
    this.$('#model-list').replaceChildren(
      row(null, t('tr.model.shipped'), t('tr.model.shippedDetail'), this.active === null),
      ...this.list.map((m) => row(m.id, m.name, [
        m.info?.testAccuracy != null ? t('tr.model.acc', { acc: pct(m.info.testAccuracy) }) : null,
        m.info?.steps ? t('tr.model.steps', { n: int(m.info.steps) }) : null,
        date(m.created),
      ].filter(Boolean).join(' · '), this.active === m.id)),
    );
  }

  async activate(id) {
    try {
      await this.deps.store.setActiveModel(id);
      this.say(id === null ? 'tr.saved.shipped' : 'tr.saved.switched', {});
    } catch (err) {
      this.say('tr.store.error', { msg: err.message });
    }
    await this.refresh();
  }

  async remove(id, name) {
    try {
      await this.deps.store.deleteModel(id);
      this.say('tr.deleted', { name });
    } catch (err) {
      this.say('tr.store.error', { msg: err.message });
    }
    await this.refresh();
  }

  relabel() {
    if (this.status) this.say(this.status.key, this.status.vars);
    this.render();
  }
}
