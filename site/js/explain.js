// Words for one cell of one map: what it is, which window of the layer before
// it reads and how the value comes out of that window.

import { t, num } from './i18n.js';
import { convCell, poolCell, span, taps } from './geometry.js';

const ACT_NAMES = { relu: 'ReLU', leaky_relu: 'leaky ReLU', linear: 'linear', sigmoid: 'sigmoid', tanh: 'tanh' };

export function actName(a) {
  return ACT_NAMES[a] || a;
}

export function range([a, b]) {
  return a === b ? String(a) : `${a}–${b}`;
}

// tensorOf wraps a stage's activations for geometry.js.
export function tensorOf(stage) {
  return { data: stage.data, h: stage.H, w: stage.W, c: stage.C };
}

// cellMath recomputes one output cell of a conv or pool stage.
export function cellMath(stage, weights, index, cell) {
  const input = tensorOf(stage.prev);
  if (stage.kind === 'conv') {
    const w = weights[stage.name];
    return { kind: 'conv', ...convCell(input, w.kernel, w.bias && w.bias.data, stage.geo, stage.spec.activation, index, cell.y, cell.x) };
  }
  return { kind: 'pool', ...poolCell(input, stage.geo, stage.spec.mode, index, cell.y, cell.x) };
}

// kernelText is a stage's window size, e.g. "5×5".
export function kernelText(stage) {
  return `${stage.geo.height.kernel}×${stage.geo.width.kernel}`;
}

export function describeCell({ stage, prev, weights }, index, cell) {
  const layer = stage.name;
  if (!cell) {
    if (stage.kind === 'input') return t('read.inputMap');
    const key = { conv: 'read.convMap', pool: 'read.poolMap' }[stage.kind] || 'read.mapsMap';
    return t(key, { layer, i: index + 1, n: stage.C });
  }
  const v = stage.data[(cell.y * stage.W + cell.x) * stage.C + index];
  const where = { layer, i: index + 1, y: cell.y, x: cell.x, v: num(v) };
  if (stage.kind === 'input') return t('read.pixel', where);
  if (stage.kind === 'maps') {
    // One input cell per output cell: the same one, or, through
    // ZeroPadding2D's window, the one it copies (or padding).
    const from = stage.geo
      ? [span(taps(cell.y, stage.geo.height), prev.H), span(taps(cell.x, stage.geo.width), prev.W)]
      : [[cell.y, cell.y], [cell.x, cell.x]];
    const at = from[0] && from[1] ? t('read.window', { rows: range(from[0]), cols: range(from[1]), prev: prev.name }) : t('read.allPadding');
    return `${t('read.maps', { ...where, cls: stage.type })} ${at}`;
  }
  const m = cellMath(stage, weights, index, cell);
  const rows = span(m.rows, prev.H);
  const cols = span(m.cols, prev.W);
  const at = rows && cols ? t('read.window', { rows: range(rows), cols: range(cols), prev: prev.name }) : t('read.allPadding');
  if (m.kind === 'conv') {
    return `${t(prev.C > 1 ? 'read.convN' : 'read.conv1', {
      ...where, k: kernelText(stage), c: prev.C,
      sum: num(m.sum), bias: num(m.bias, 2, true), z: num(m.plusBias), act: actName(stage.spec.activation),
    })} ${at}`;
  }
  const vals = m.values.flat().filter((x) => x !== null).map((x) => num(x)).join(', ');
  return `${t('read.pool', { ...where, mode: t(`pool.fn.${stage.spec.mode}`), vals })} ${at}`;
}
