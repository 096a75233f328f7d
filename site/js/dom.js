// Small DOM helpers shared by the playground modules. The page runs under a
// strict Content-Security-Policy, so nothing here writes inline style
// attributes or HTML strings: elements are built with createElement and
// styled through classes or the CSSOM (element.style), which CSP allows.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// setText writes text into el only when it differs: a text node replaced by
// the same text still costs the page a layout, and the views showing an
// inference rewrite their numbers on every pen move.
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// h builds an element: h('button', { class: 'btn', type: 'button', text: 'OK' }, child...).
// Keys starting with "on" attach listeners; null/false values are skipped.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) el.append(child);
  }
  return el;
}

// radioGroup wires a role="radiogroup" of buttons (each with data-value and
// role="radio") with the WAI-ARIA radio pattern: click or arrow keys select,
// only the checked button is in the tab order. onChange(value) fires on a
// change made by the person; set(value) changes it from code without firing.
export function radioGroup(group, onChange) {
  const buttons = () => $$('[role="radio"]', group);
  function set(value) {
    for (const b of buttons()) {
      const on = b.dataset.value === value;
      b.setAttribute('aria-checked', String(on));
      b.tabIndex = on ? 0 : -1;
    }
  }
  function choose(button) {
    if (!button || button.getAttribute('aria-checked') === 'true') return;
    set(button.dataset.value);
    onChange(button.dataset.value);
  }
  group.addEventListener('click', (e) => choose(e.target.closest('[role="radio"]')));
  group.addEventListener('keydown', (e) => {
    const list = buttons();
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    let j = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % list.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = list.length - 1;
    if (j < 0) return;
    e.preventDefault();
    list[j].focus();
    choose(list[j]);
  });
  const checked = buttons().find((b) => b.getAttribute('aria-checked') === 'true');
  set(checked ? checked.dataset.value : buttons()[0].dataset.value);
  return { set, get: () => buttons().find((b) => b.getAttribute('aria-checked') === 'true')?.dataset.value };
}

// rovingGrid gives a group of focusable items a single tab stop; arrow keys
// move between them (columns = items per visual row, for Up/Down).
export function rovingGrid(container, itemSelector, columns = () => 1) {
  const items = () => $$(itemSelector, container);
  const list = items();
  list.forEach((el, i) => { el.tabIndex = i === 0 ? 0 : -1; });
  container.addEventListener('focusin', (e) => {
    const item = e.target.closest(itemSelector);
    if (!item) return;
    for (const el of items()) el.tabIndex = el === item ? 0 : -1;
  });
  container.addEventListener('keydown', (e) => {
    const all = items();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    let j;
    switch (e.key) {
      case 'ArrowRight': j = i + 1; break;
      case 'ArrowLeft': j = i - 1; break;
      case 'ArrowDown': j = i + columns(); break;
      case 'ArrowUp': j = i - columns(); break;
      case 'Home': j = 0; break;
      case 'End': j = all.length - 1; break;
      default: return;
    }
    if (j < 0 || j >= all.length) return;
    e.preventDefault();
    all[j].focus();
  });
}

// cellAt maps a pointer position over an element showing an h×w grid to the
// cell under it, or null outside.
export function cellAt(el, clientX, clientY, h, w) {
  const r = el.getBoundingClientRect();
  const x = Math.floor(((clientX - r.left) / r.width) * w);
  const y = Math.floor(((clientY - r.top) / r.height) * h);
  if (x < 0 || y < 0 || x >= w || y >= h) return null;
  return { y, x };
}

// place positions an absolutely placed marker over an h×w grid, covering rows
// r0..r1 and columns c0..c1 (inclusive), in percent so it follows any CSS size.
export function place(marker, h, w, r0, r1, c0, c1) {
  marker.style.top = `${(r0 / h) * 100}%`;
  marker.style.left = `${(c0 / w) * 100}%`;
  marker.style.height = `${((r1 - r0 + 1) / h) * 100}%`;
  marker.style.width = `${((c1 - c0 + 1) / w) * 100}%`;
  marker.hidden = false;
}
