// The Train view's settings form (#train-settings): network, training
// digits, optimizer, learning rate and schedule, batch size, epochs,
// validation share and augmentation. It owns the page's URL keys (see
// urlstate.js) and turns the form into fit's options (fitOptions). While a
// run trains, the form is locked: a change applies to the next run.

import { View } from '../view.js';
import { h } from '../dom.js';
import { t, int, pct } from '../i18n.js';
import { TRAIN_CHOICES, defaults } from '../urlstate.js';

// The distortions "Augmentation" applies (fit's augment option): mild
// rotation, slant, aspect and stroke thickness, a pixel of shift, and a
// fifth of the digits left clean.
const AUGMENT = Object.freeze({ rotation: 12, shear: 0.2, aspect: 0.15, thickness: [-0.5, 1.2], shift: 1, clean: 0.2 });

export class SettingsView extends View {
  // deps: { changed() — a setting changed (the page rewrites the URL and
  // re-checks Start) }. update({ networks: [{ id, params }] }) fills the
  // network list.
  constructor(root, deps) {
    super(root, deps);
    this.form = this.$('#train-form');
    this.el = {
      net: this.$('#train-net'), n: this.$('#train-n'), opt: this.$('#train-opt'), lr: this.$('#train-lr'),
      sched: this.$('#train-sched'), batch: this.$('#train-batch'), epochs: this.$('#train-epochs'),
      val: this.$('#train-val'), aug: this.$('#train-aug'),
    };
    this.networks = [{ id: 'seed', params: 0 }];
    this.state = { ...defaults('settings'), lr: undefined };
    this.fillChoices();
    this.show();
    this.form.addEventListener('input', () => this.read());
    this.form.addEventListener('change', () => this.read());
    this.form.addEventListener('submit', (e) => e.preventDefault());
  }

  fillChoices() {
    const options = (select, values, label) => select.replaceChildren(...values.map((v) => h('option', { value: v, text: label(v) })));
    options(this.el.n, TRAIN_CHOICES.n, (n) => (n === TRAIN_CHOICES.n[0] ? t('tr.data.all', { n: int(n) }) : int(n)));
    options(this.el.batch, TRAIN_CHOICES.batch, (b) => int(b));
    options(this.el.val, TRAIN_CHOICES.val, (v) => pct(v));
    options(this.el.net, this.networks.map((n) => n.id), (id) => t(`tr.net.${id}`));
    this.$('#train-net-hint').textContent = t('tr.net.hint', { params: int(this.networks.find((n) => n.id === this.state.net)?.params ?? 0) });
  }

  update({ networks }) {
    if (networks) this.networks = networks;
    this.fillChoices();
    this.show();
  }

  relabel() {
    this.fillChoices();
    this.show();
  }

  readURL(values) {
    Object.assign(this.state, values);
    this.show();
  }

  writeURL() {
    return { ...this.state };
  }

  // lr is the learning rate in use: the person's, or the optimizer's default.
  get lr() {
    return this.state.lr ?? TRAIN_CHOICES.lr[this.state.opt];
  }

  show() {
    const s = this.state;
    this.el.net.value = s.net;
    this.el.n.value = String(s.n);
    this.el.opt.value = s.opt;
    if (document.activeElement !== this.el.lr) this.el.lr.value = String(this.lr);
    this.el.sched.value = s.sched;
    this.el.batch.value = String(s.batch);
    if (document.activeElement !== this.el.epochs) this.el.epochs.value = String(s.epochs);
    this.el.val.value = String(s.val);
    this.el.aug.checked = s.aug === 'on';
  }

  read() {
    const s = this.state;
    const optChanged = this.el.opt.value !== s.opt;
    s.net = this.el.net.value;
    s.n = Number(this.el.n.value);
    s.opt = this.el.opt.value;
    s.sched = this.el.sched.value;
    s.batch = Number(this.el.batch.value);
    s.val = Number(this.el.val.value);
    s.aug = this.el.aug.checked ? 'on' : 'off';
    // A new optimizer brings its own default rate unless one was typed.
    if (optChanged && s.lr === undefined) this.el.lr.value = String(this.lr);
    const lr = Number(this.el.lr.value);
    this.problem = null;
    if (!(this.el.lr.value.trim() !== '' && lr > 0 && lr <= 10)) this.problem = 'tr.bad.lr';
    else s.lr = lr === TRAIN_CHOICES.lr[s.opt] ? undefined : lr;
    const epochs = Number(this.el.epochs.value);
    if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 50)) this.problem = 'tr.bad.epochs';
    else s.epochs = epochs;
    this.el.lr.classList.toggle('invalid', this.problem === 'tr.bad.lr');
    this.el.epochs.classList.toggle('invalid', this.problem === 'tr.bad.epochs');
    const note = this.$('#train-invalid');
    note.textContent = this.problem ? t(this.problem) : '';
    note.hidden = !this.problem;
    this.$('#train-net-hint').textContent = t('tr.net.hint', { params: int(this.networks.find((n) => n.id === s.net)?.params ?? 0) });
    this.deps.changed?.();
  }

  // valid says whether the form holds settings a run can start with.
  get valid() {
    return !this.problem;
  }

  lock(locked) {
    for (const el of Object.values(this.el)) el.disabled = locked;
  }

  // fitOptions turns the settings into fit's options, less the data.
  fitOptions(seed) {
    const s = this.state;
    const lr = this.lr;
    const optimizer = s.opt === 'sgd' ? { type: 'sgd', learningRate: lr, momentum: 0.9 } : { type: 'adam', learningRate: lr };
    const schedule = {
      cosine: { type: 'cosineDecay', floor: lr / 50 },
      step: { type: 'stepDecay', every: 1, factor: 0.5 },
      constant: { type: 'constant' },
    }[s.sched];
    return {
      validation: { split: s.val }, epochs: s.epochs, batchSize: s.batch, optimizer, schedule,
      augment: s.aug === 'on' ? structuredClone(AUGMENT) : undefined, seed,
    };
  }
}
