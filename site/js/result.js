// The answer column: the predicted digit and the ten softmax probabilities.
// DOM contract (tests rely on it): output#prediction carries data-digit (empty
// while nothing is drawn) and every #probs [data-digit] carries data-p in 0..1,
// both rewritten after every inference.

import { $, $$ } from './dom.js';
import { t, pct } from './i18n.js';

export class ResultView {
  constructor() {
    this.output = $('#prediction');
    this.confidence = $('#confidence');
    // A copy of the answer beside the pad, for phones, where the answer card
    // is below the fold while drawing.
    this.mini = $('#mini-answer');
    this.rows = $$('#probs [data-digit]').map((li) => ({
      li, fill: $('.fill', li), pct: $('.pct', li), digit: Number(li.dataset.digit),
    }));
    this.last = null;
  }

  clear() {
    this.last = null;
    this.output.textContent = '';
    this.output.dataset.digit = '';
    for (const r of this.rows) {
      r.li.dataset.p = '0';
      r.li.classList.remove('top');
      r.li.removeAttribute('aria-current');
      r.fill.style.transform = 'scaleX(0)';
      r.pct.textContent = '–';
    }
    this.confidence.textContent = t('result.empty');
    this.mini.hidden = true;
  }

  update(probs, label) {
    this.last = { probs, label };
    this.output.textContent = String(label);
    this.output.dataset.digit = String(label);
    for (const r of this.rows) {
      const p = probs[r.digit];
      r.li.dataset.p = String(p);
      const top = r.digit === label;
      r.li.classList.toggle('top', top);
      if (top) r.li.setAttribute('aria-current', 'true');
      else r.li.removeAttribute('aria-current');
      r.fill.style.transform = `scaleX(${Math.max(0, Math.min(1, p))})`;
      r.pct.textContent = pct(p);
    }
    $('.mini-digit', this.mini).textContent = String(label);
    $('.mini-p', this.mini).textContent = pct(probs[label]);
    this.mini.hidden = false;
    this.describe();
  }

  describe() {
    if (!this.last) {
      this.confidence.textContent = t('result.empty');
      return;
    }
    const { probs, label } = this.last;
    const order = [...probs.keys()].sort((a, b) => probs[b] - probs[a]);
    const runner = order[0] === label ? order[1] : order[0];
    this.confidence.textContent = probs[label] >= 0.6
      ? t('result.sure', { p: pct(probs[label]) })
      : t('result.unsure', { a: label, pa: pct(probs[label]), b: runner, pb: pct(probs[runner]) });
  }

  relabel() {
    if (this.last) this.update(this.last.probs, this.last.label);
    else this.clear();
  }
}
