// The shareable URL. URL_STATE is the one table of every query-string key
// the site reads or writes: the page it belongs to, the view that owns it
// (see view.js), the fields of that view's state it holds, its type (the
// values it may take), its default (left out of the URL) and, where a key
// depends on another, when it applies. Views never touch location: the page
// reads each view's part with readState() and writes all of them with
// writeState(), in place (history.replaceState, no history entries), so the
// address bar is always a link to what is on screen. A hand-edited value the
// table refuses is not used, and report() says so on the page.

import { $, h } from './dom.js';
import { t, onLang, LANGS } from './i18n.js';
import { decodeSpec } from './netspec.js';

// The lab's limits (the engine has its own, larger ones): the lab's
// controls refuse the same values the URL may not hold.
export const LAB_LIMITS = Object.freeze({ k: [1, 9], s: [1, 16], d: [1, 8], p: [0, 16] });

// The Train view's choices: training digits (the first n of MNIST's
// 60,000), batch sizes, validation shares, and each optimizer's default
// learning rate.
export const TRAIN_CHOICES = Object.freeze({
  n: [60000, 20000, 5000, 2000],
  batch: [16, 32, 64, 128, 256],
  val: [0.05, 0.1, 0.2],
  lr: { adam: 0.002, sgd: 0.05 },
  // Absurd rates are allowed on purpose: they show what divergence does.
  lrRange: [1e-6, 1e6],
});

// The playground hands its drawing to the explainer (explainer.html?input=drawing)
// through sessionStorage: the 32×32 model input as JSON, row-major, 0..1.
export const DRAWING_KEY = 'svertka.drawing';

// A type turns the text of a key into the values of its fields (parse, which
// throws a Refusal saying what was expected) and back (format).
class Refusal extends Error {
  constructor(key, vars) {
    super(key);
    this.vars = vars;
  }
}

const choice = (values, { number = false } = {}) => ({
  parse(text, ctx) {
    const list = typeof values === 'function' ? values(ctx) : values;
    if (!list.map(String).includes(text)) throw new Refusal('url.oneOf', { list: list.join(', ') });
    return [number ? Number(text) : text];
  },
  format: ([v]) => String(v),
});

const pair = ([lo, hi], example) => ({
  parse(text) {
    const m = /^(\d+)x(\d+)$/.exec(text);
    const v = m ? [Number(m[1]), Number(m[2])] : [];
    if (!m || v.some((n) => n < lo || n > hi)) throw new Refusal('url.pair', { lo, hi, example });
    return v;
  },
  format: (v) => v.join('x'),
});

// range is one number from lo to hi (whole with integer); an absent value
// (undefined: the view's own default) is left out of the link.
const range = (lo, hi, { integer = false } = {}) => ({
  parse(text) {
    const v = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
      throw new Refusal(integer ? 'url.whole' : 'url.range', { lo, hi });
    }
    return [v];
  },
  format: ([v]) => (v === undefined ? '' : String(v)),
});

// linkNumber writes a kernel value for a link: three decimals keep it short
// and every preset's value readable; '' for a value that is not a number.
export function linkNumber(v) {
  return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '';
}

// spec is a network of the person's own, as the builder links it
// (netspec.js); only its form is checked here, the engine checks the rest.
const spec = {
  parse(text) {
    try {
      decodeSpec(text);
    } catch {
      throw new Refusal('url.spec');
    }
    return [text];
  },
  format: ([v]) => v ?? '',
};

const numbers = {
  parse(text) {
    const v = text.split('_').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (v.some((n) => !Number.isFinite(n))) throw new Refusal('url.numbers');
    return [v];
  },
  format: ([v]) => v.map(linkNumber).join('_'),
};

const padding = ([lo, hi]) => ({
  parse(text) {
    if (text === 'valid' || text === 'same') return [text];
    const m = /^(\d+)_(\d+)_(\d+)_(\d+)$/.exec(text);
    const v = m ? m.slice(1).map(Number) : [];
    if (!m || v.some((n) => n < lo || n > hi)) throw new Refusal('url.padding', { lo, hi });
    return ['explicit', ...v];
  },
  format: ([mode, ...v]) => (mode === 'explicit' ? v.join('_') : mode),
});

// modelPath is the address of a model on the site itself, relative to the
// page (models/x/model.json): a link never makes the page fetch from
// elsewhere.
const modelPath = {
  parse(text) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\/|\\/i.test(text) || !/\.json$/i.test(text)) throw new Refusal('url.modelPath');
    return [text];
  },
  format: ([v]) => v,
};

// network is the builder's network: a preset's name (ctx.networks, the
// engine's nn.networkPresets()) or a network of the person's own
// (netspec.js), kept as the link's text for the builder to read.
const network = {
  parse(text, ctx) {
    if (ctx.networks?.includes(text)) return [text];
    try {
      decodeSpec(text);
    } catch {
      throw new Refusal('url.net', { list: (ctx.networks || []).join(', ') });
    }
    return [text];
  },
  format: ([v]) => v,
};

// rest stands for every key of a page that no other row claims: the
// explainer's settings are the query of its Go program, which parses and
// checks them itself (package steps, ParseQuery) and names the ones it
// knows in its error message, so they are not listed again here.
const rest = { parse: (text) => [text], format: ([q]) => q };

const ANY = '*';

export const URL_STATE = Object.freeze([
  // key      page          owner        fields                         type                                            default
  { key: 'lang', page: ANY, owner: 'topbar', fields: ['lang'], type: choice(LANGS) }, // always written: a link keeps its language
  { key: 'model', page: 'index', owner: 'models', fields: ['model'], type: modelPath, default: [''] },
  { key: 'pool', page: 'index', owner: 'display', fields: ['pool'], type: choice(['max', 'min', 'avg']), default: ['max'] },
  { key: 'scale', page: 'index', owner: 'display', fields: ['scale'], type: choice(['map', 'layer', 'global']), default: ['layer'] },
  { key: 'lin', page: 'index', owner: 'lab', fields: ['input'], type: choice([32, 28], { number: true }), default: [32] },
  // The preset names are the engine's (nn.kernelPresets); links from
  // before they were unified keep working.
  { key: 'lk', page: 'index', owner: 'lab', fields: ['preset'], type: choice((ctx) => [...ctx.presets, 'custom']),
    default: ['sobel-x'], aliases: { box: 'box-blur', sobelx: 'sobel-x', sobely: 'sobel-y' } },
  { key: 'lks', page: 'index', owner: 'lab', fields: ['kh', 'kw'], type: pair(LAB_LIMITS.k, '5x3'), default: [3, 3] },
  { key: 'lkv', page: 'index', owner: 'lab', fields: ['values'], type: numbers,
    when: { test: (s) => s.preset === 'custom', needs: 'lk=custom' },
    check: (s) => (s.values.length === s.kh * s.kw ? null
      : new Refusal('url.count', { kh: s.kh, kw: s.kw, n: s.kh * s.kw, got: s.values.length })) },
  { key: 'lp', page: 'index', owner: 'lab', fields: ['pad', 'pt', 'pb', 'pl', 'pr'], type: padding(LAB_LIMITS.p), default: ['valid'] },
  { key: 'ls', page: 'index', owner: 'lab', fields: ['sh', 'sw'], type: pair(LAB_LIMITS.s, '2x2'), default: [1, 1] },
  { key: 'ld', page: 'index', owner: 'lab', fields: ['dh', 'dw'], type: pair(LAB_LIMITS.d, '2x2'), default: [1, 1] },
  { key: 'net', page: 'index', owner: 'builder', fields: ['net'], type: network, default: ['seed'] },
  { key: ANY, page: 'explainer', owner: 'explainer', fields: ['query'], type: rest },
  // The Train view's settings. The networks are the engine's presets
  // (ctx.networks) and, when a link brings one (the builder's "Train this
  // network"), a network of one's own: spec, with net "custom".
  { key: 'net', page: 'train', owner: 'settings', fields: ['net'], type: choice((ctx) => [...ctx.networks, 'custom']), default: ['seed'] },
  { key: 'spec', page: 'train', owner: 'settings', fields: ['spec'], type: spec },
  { key: 'n', page: 'train', owner: 'settings', fields: ['n'], type: choice(TRAIN_CHOICES.n, { number: true }), default: [60000] },
  { key: 'opt', page: 'train', owner: 'settings', fields: ['opt'], type: choice(['adam', 'sgd']), default: ['adam'] },
  // Absent: the optimizer's own default rate (TRAIN_CHOICES.lr).
  { key: 'lr', page: 'train', owner: 'settings', fields: ['lr'], type: range(...TRAIN_CHOICES.lrRange) },
  { key: 'sched', page: 'train', owner: 'settings', fields: ['sched'], type: choice(['cosine', 'step', 'constant']), default: ['cosine'] },
  { key: 'bs', page: 'train', owner: 'settings', fields: ['batch'], type: choice(TRAIN_CHOICES.batch, { number: true }), default: [64] },
  { key: 'ep', page: 'train', owner: 'settings', fields: ['epochs'], type: range(1, 50, { integer: true }), default: [3] },
  { key: 'aug', page: 'train', owner: 'settings', fields: ['aug'], type: choice(['off', 'on']), default: ['off'] },
  { key: 'val', page: 'train', owner: 'settings', fields: ['val'], type: choice(TRAIN_CHOICES.val, { number: true }), default: [0.1] },
]);

const rows = (page, owner) => URL_STATE.filter((r) => (r.page === ANY || r.page === page) && (!owner || r.owner === owner));

function assign(target, fields, values) {
  values.forEach((v, i) => { target[fields[i]] = v; });
  return target;
}

// defaults returns the default field values of an owner's keys.
export function defaults(owner) {
  const out = {};
  for (const r of URL_STATE.filter((x) => x.owner === owner && x.default)) assign(out, r.fields, r.default);
  return out;
}

// readState parses owner's keys from the query: the field values of every
// key present and valid, and a problem ({key, value, why}) for each refused
// one. ctx carries what a type needs to know (the lab's preset names).
export function readState(page, owner, ctx = {}, search = location.search) {
  const q = new URLSearchParams(search);
  const values = {};
  const problems = [];
  const refuse = (key, value, err) => {
    if (!(err instanceof Refusal)) throw err;
    problems.push({ key, value, why: { key: err.message, vars: err.vars } });
  };
  const claimed = new Set(rows(page).map((r) => r.key));
  for (const r of rows(page, owner)) {
    let text = r.key === ANY ? restOf(q, claimed) : q.get(r.key);
    if (text === null || (r.key === ANY && text === '')) continue;
    text = r.aliases?.[text] ?? text;
    try {
      assign(values, r.fields, r.type.parse(text, ctx));
    } catch (err) {
      refuse(r.key, text, err);
    }
  }
  // Keys that depend on others are checked against the whole state.
  const state = { ...defaults(owner), ...values };
  for (const r of rows(page, owner).filter((x) => x.when || x.check)) {
    if (!r.fields.every((f) => f in values)) continue;
    const why = r.when && !r.when.test(state) ? new Refusal('url.needs', { what: r.when.needs }) : r.check?.(state);
    if (why) {
      refuse(r.key, q.get(r.key), why);
      for (const f of r.fields) delete values[f];
    }
  }
  return { values, problems };
}

function restOf(q, claimed) {
  const out = new URLSearchParams();
  for (const [k, v] of q) if (!claimed.has(k)) out.append(k, v);
  return out.toString();
}

// writeState replaces the query with the state of every owner in states
// ({owner: fields}), key by key in the table's order, leaving out defaults
// and keys that do not apply. An owner missing from states (a view not
// built yet) keeps the keys the URL has now.
export function writeState(page, states) {
  const now = new URLSearchParams(location.search);
  const parts = [];
  const claimed = new Set(rows(page).map((r) => r.key));
  for (const r of rows(page)) {
    const s = states[r.owner];
    if (!s) {
      const kept = r.key === ANY ? restOf(now, claimed) : now.get(r.key);
      if (kept) parts.push(r.key === ANY ? kept : `${r.key}=${encodeURIComponent(kept)}`);
      continue;
    }
    if (r.when && !r.when.test(s)) continue;
    const text = r.type.format(r.fields.map((f) => s[f]));
    if (text === '' || (r.default && text === r.type.format(r.default))) continue;
    parts.push(r.key === ANY ? text : `${r.key}=${encodeURIComponent(text)}`);
  }
  const search = parts.length ? `?${parts.join('&')}` : '';
  if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  return location.href;
}

// ---- report: the link's refused values, on the page ----------------------

const reported = [];
let dismissed = false;

// report shows refused values in the page's #url-note (every page has one,
// right under the top bar) and in the console: a hand-edited link that does
// not do what it says must not fail silently.
export function report(problems) {
  if (!problems.length) return;
  for (const p of problems) console.warn(`svertka: ignoring ${p.key}=${p.value} in the URL: ${t(p.why.key, p.why.vars)}`);
  if (!reported.length) onLang(renderNote);
  reported.push(...problems);
  renderNote();
}

function renderNote() {
  const note = $('#url-note');
  if (!note || !reported.length || dismissed) return;
  const list = reported.map((p) => `${p.key}=${p.value} (${t(p.why.key, p.why.vars)})`).join('; ');
  note.replaceChildren(h('span', { text: t('url.note', { list }) }),
    h('button', { type: 'button', class: 'btn btn-quiet', text: t('url.close'), onclick: () => { dismissed = true; note.hidden = true; } }));
  note.hidden = false;
}
