// The answer card: the predicted class (a digit for the shipped model, or
// the class names a model brings), the probability of each class and the
// model's parameter count.
// DOM contract (tests rely on it): output#prediction carries data-digit (empty
// while nothing is drawn) and every #probs [data-digit] carries data-p in 0..1,
// both rewritten after every inference.

import { View } from './view.js';
import { h, setText } from './dom.js';
import { t, pct, int } from './i18n.js';

export class ResultView extends View {
  constructor(root, deps) {
    super(root, deps);
    this.output = this.$('#prediction');
    this.confidence = this.$('#confidence');
    this.total = this.$('#total-params');
    this.list = this.$('#probs');
    this.names = null;
    this.readRows();
    this.data = { answer: null, totalParams: null };
    this.render();
  }

  readRows() {
    this.rows = this.$$('#probs [data-digit]').map((li) => ({
      li, fill: li.querySelector('.fill'), pct: li.querySelector('.pct'), digit: Number(li.dataset.digit),
    }));
  }

  // update takes { answer } after every inference ({probs, label}, or null
  // when nothing is drawn), and { totalParams, classes, names } once a
  // model is loaded: its parameter count, number of outputs (one row each)
  // and their names (null: their indices).
  update({ classes, names, ...data }) {
    if (classes && (classes !== this.rows.length || names !== undefined)) {
      const named = names?.length === classes ? names : null;
      this.names = named;
      this.root.classList.toggle('named', !!named);
      this.list.replaceChildren(...Array.from({ length: classes }, (_, i) => h('li', { 'data-digit': i, 'data-p': 0 },
        h('span', { class: 'd', text: named ? named[i] : String(i) }), h('span', { class: 'bar' }, h('span', { class: 'fill' })), h('span', { class: 'pct', text: '–' }))));
      this.readRows();
    }
    this.data = { ...this.data, ...data };
    this.render();
  }

  relabel() {
    this.render();
  }

  render() {
    const { answer, totalParams } = this.data;
    setText(this.total, totalParams === null ? '' : t('result.total', { n: int(totalParams) }));
    setText(this.output, answer ? this.name(answer.label) : '');
    this.output.dataset.digit = answer ? String(answer.label) : '';
    for (const r of this.rows) {
      const p = answer ? answer.probs[r.digit] : 0;
      const top = !!answer && r.digit === answer.label;
      r.li.dataset.p = String(p);
      r.li.classList.toggle('top', top);
      if (top) r.li.setAttribute('aria-current', 'true');
      else r.li.removeAttribute('aria-current');
      r.fill.style.transform = `scaleX(${Math.max(0, Math.min(1, p))})`;
      setText(r.pct, answer ? pct(p) : '–');
    }
    setText(this.confidence, answer ? this.describe(answer) : t('result.empty'));
  }

  name(i) {
    return this.names ? this.names[i] : String(i);
  }

  describe({ probs, label }) {
    const order = [...probs.keys()].sort((a, b) => probs[b] - probs[a]);
    const runner = order[0] === label ? order[1] : order[0];
    return probs[label] >= 0.6 || runner === undefined
      ? t('result.sure', { p: pct(probs[label]) })
      : t('result.unsure', { a: this.name(label), pa: pct(probs[label]), b: this.name(runner), pb: pct(probs[runner]) });
  }
}
