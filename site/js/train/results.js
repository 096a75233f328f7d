// The Train view's test results (#train-results): after a pause, the end of
// a run or a divergence, the network's accuracy on MNIST's 10,000 test
// digits, the 10×10 confusion matrix (rows the true digit, columns the
// answer; cells shaded by their share of the row) and the test digits it
// was most confidently wrong about, with its answers.

import { View } from '../view.js';
import { h } from '../dom.js';
import { t, int, pct } from '../i18n.js';
import { paintGrey } from '../colormap.js';

export class ResultsView extends View {
  constructor(root, deps) {
    super(root, deps);
    this.last = null;
  }

  // update(null) clears; update({ accuracy, loss, confusion, mistakes:
  // [{ input: { data, shape }, label, predicted, confidence }], steps }).
  update(data) {
    this.last = data;
    const body = this.$('#results-body');
    const note = this.$('#train-results-note');
    if (!data) {
      body.hidden = true;
      note.textContent = t('tr.results.none');
      return;
    }
    body.hidden = false;
    note.textContent = t('tr.results.acc', { acc: pct(data.accuracy), wrong: int(data.wrong), steps: int(data.steps) });
    this.confusion(data.confusion);
    this.mistakes(data.mistakes);
  }

  confusion(m) {
    const k = m.length;
    const grid = this.$('#confusion');
    grid.style.setProperty('--k', String(k));
    const cells = [h('span', { class: 'cm-corner', role: 'columnheader', text: t('tr.confusion.corner') })];
    for (let p = 0; p < k; p++) cells.push(h('span', { class: 'cm-head', role: 'columnheader', text: String(p) }));
    for (let y = 0; y < k; y++) {
      const total = m[y].reduce((a, b) => a + b, 0) || 1;
      cells.push(h('span', { class: 'cm-head', role: 'rowheader', text: String(y) }));
      for (let p = 0; p < k; p++) {
        const n = m[y][p];
        const share = n / total;
        const cell = h('span', {
          class: `cm-cell${p === y ? ' diag' : ''}${n === 0 ? ' zero' : ''}`, role: 'cell',
          title: t('tr.confusion.cell', { n: int(n), y, p, share: pct(share) }),
          'data-count': n, text: n === 0 ? '' : String(n),
        });
        // Share of the row as colour strength: the diagonal in blue, mistakes in orange.
        cell.style.setProperty('--s', String(p === y ? share : Math.min(1, share * 8)));
        cells.push(cell);
      }
    }
    // Rows for assistive technology: a role="row" wrapper per 11 cells.
    const rows = [];
    for (let i = 0; i < cells.length; i += k + 1) rows.push(h('div', { class: 'cm-row', role: 'row' }, cells.slice(i, i + k + 1)));
    grid.replaceChildren(...rows);
  }

  mistakes(list) {
    this.$('#mistakes').replaceChildren(...list.map((m) => {
      const canvas = h('canvas', { class: 'px', width: m.input.shape[1], height: m.input.shape[0], 'aria-hidden': 'true' });
      paintGrey(canvas, m.input.data, m.input.shape[0], m.input.shape[1]);
      return h('li', { 'data-label': m.label, 'data-predicted': m.predicted },
        canvas,
        h('span', { class: 'mistake-text', text: t('tr.mistake', { label: m.label, predicted: m.predicted, p: pct(m.confidence) }) }));
    }));
  }

  relabel() {
    this.update(this.last);
  }
}
