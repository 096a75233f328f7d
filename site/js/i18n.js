// The one language mechanism of every page (the playground, the explainer,
// the API reference): the texts of texts.js, number formatting, and the
// language choice, which the URL (?lang=), localStorage ('svertka.lang',
// shared by all pages and tabs) and the browser's preference decide, in
// that order.
//
// Static texts live in the HTML with data-i18n (textContent; on <title> it
// sets the page title), data-i18n-aria (aria-label) or data-i18n-title
// (title) attributes; apply() rewrites them. Dynamic texts call t(key, vars),
// where {name} in a string is replaced by vars.name. Views relabel
// themselves when onLang listeners run (see view.js).

import { en, ru } from './texts.js';

export const dictionaries = { en, ru };
export const LANGS = Object.keys(dictionaries);
const STORAGE_KEY = 'svertka.lang';

let current = 'en';
const listeners = [];

export function lang() {
  return current;
}

function lookup(key) {
  const s = dictionaries[current][key] ?? en[key];
  if (s === undefined) {
    // Show the key rather than break the page; the e2e suite fails on this.
    console.error(`i18n: no text for "${key}"`);
    return key;
  }
  return s;
}

function fill(s, vars) {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k]))) : s;
}

export function t(key, vars) {
  const s = lookup(key);
  if (typeof s === 'object') {
    const form = formatter(Intl.PluralRules).select(Number(vars?.count ?? vars?.n ?? 0));
    return fill(s[form] ?? s.other, vars);
  }
  return fill(s, vars);
}

// formatter gives the Intl formatter of kind for the current language and
// these options, made once: building one costs far more than formatting,
// and the views format a few dozen numbers on every pen move.
const formatters = new Map();
function formatter(kind, options = {}) {
  const key = `${kind.name} ${current} ${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new kind(current, options);
    formatters.set(key, f);
  }
  return f;
}

const MINUS = '\u2212';

// num formats a value for reading: locale decimal mark, a real minus sign;
// signed adds "+" to positives; op writes it as an operation ("+ 0.25", "− 0.25").
export function num(x, digits = 2, signed = false, op = false) {
  if (!Number.isFinite(x)) return String(x);
  let s = formatter(Intl.NumberFormat, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(Math.abs(x));
  if (/^0[.,]?0*$/.test(s)) x = 0; // no "−0.00"
  if (op) return `${x < 0 ? MINUS : '+'} ${s}`;
  if (x < 0) s = MINUS + s;
  else if (signed) s = `+${s}`;
  return s;
}

export function int(n) {
  return formatter(Intl.NumberFormat).format(n);
}

const PERCENT = { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 };

export function pct(p) {
  return formatter(Intl.NumberFormat, PERCENT).format(p);
}

export function params(n) {
  return t('params', { n: int(n), count: n });
}

export function shapeText(shape) {
  return shape.join('×');
}

// apply rewrites every data-i18n, data-i18n-aria and data-i18n-title
// attribute's element under root.
export function apply(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

export function onLang(fn) {
  listeners.push(fn);
}

export function setLang(next, remember = true) {
  if (!LANGS.includes(next)) return;
  current = next;
  document.documentElement.lang = next;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private modes may refuse storage; the URL still carries the language.
    }
  }
  apply();
  for (const fn of listeners) fn(next);
}

// initLang picks the language: the URL first, then the remembered choice,
// then the browser's preference.
export function initLang(fromURL) {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  const browser = (navigator.language || 'en').toLowerCase().startsWith('ru') ? 'ru' : 'en';
  const pick = [fromURL, stored, browser].find((l) => LANGS.includes(l));
  setLang(pick, LANGS.includes(fromURL));
  // Another page of the site, in another tab, may switch the language.
  addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY && LANGS.includes(e.newValue) && e.newValue !== current) setLang(e.newValue, false);
  });
}
