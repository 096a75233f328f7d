// Legends: a gradient bar with the numbers at its ends (and zero in the
// middle of a diverging scale), so every colour on the page can be read back
// as a value.

import { h } from './dom.js';
import { SEQUENTIAL_CSS, DIVERGING_CSS } from './colormap.js';
import { num } from './i18n.js';

// legendBar shows a palette with the given end labels (words or numbers).
export function legendBar(kind, label, lo, hi) {
  const bar = h('span', { class: `legend-bar ${kind}`, 'aria-hidden': 'true' });
  bar.style.backgroundImage = kind === 'div' ? DIVERGING_CSS : SEQUENTIAL_CSS;
  const ticks = kind === 'div' ? [lo, '0', hi] : [lo, hi];
  return h('div', { class: 'legend-item' },
    h('span', { class: 'legend-label', text: label }),
    h('span', { class: 'legend-scale' }, bar,
      h('span', { class: 'legend-ticks' }, ticks.map((x) => h('span', { text: x, class: /^[−+\d.,\s-]+$/.test(x) ? null : 'word' })))));
}

// legend shows the range of one Scale.
export function legend(scale, label) {
  return legendBar(scale.kind, label, num(scale.lo), num(scale.hi));
}
