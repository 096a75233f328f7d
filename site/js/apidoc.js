// Renders API.md (wasm/API.md, copied next to this page by make build) as
// HTML, so the reference works offline and under the site's CSP. It reads
// the small Markdown subset that file uses: headings, paragraphs, "- "
// lists, fenced code, pipe tables, `code`, **bold** and [links](href). The
// top bar around it follows the site's language like every page.

import { Page } from './view.js';
import { TopBar } from './topbar.js';

const el = (tag, ...children) => {
  const node = document.createElement(tag);
  node.append(...children);
  return node;
};

// GitHub's heading anchors: lower case, punctuation dropped, spaces → "-".
const slug = (text) => text.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(el('code', m[1]));
    else if (m[2] !== undefined) out.push(el('strong', ...inline(m[2])));
    else {
      const a = el('a', ...inline(m[3]));
      a.href = m[4];
      out.push(a);
    }
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

const cells = (row) => row.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());

export function render(markdown) {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') { i++; continue; }
    if (line.startsWith('```')) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      blocks.push(el('pre', el('code', code.join('\n'))));
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      const h = el(`h${heading[1].length}`, ...inline(heading[2]));
      h.id = slug(h.textContent);
      blocks.push(h);
      i++;
      continue;
    }
    if (line.startsWith('|')) {
      const rows = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(cells(lines[i]));
      const [head, , ...body] = rows;
      const table = el('table',
        el('thead', el('tr', ...head.map((c) => el('th', ...inline(c))))),
        el('tbody', ...body.map((r) => el('tr', ...r.map((c) => el('td', ...inline(c)))))));
      const scroll = el('div', table);
      scroll.className = 'table-scroll';
      blocks.push(scroll);
      continue;
    }
    if (line.startsWith('- ')) {
      const items = [];
      for (; i < lines.length && (lines[i].startsWith('- ') || /^\s+\S/.test(lines[i])); i++) {
        if (lines[i].startsWith('- ')) items.push(lines[i].slice(2));
        else items[items.length - 1] += ' ' + lines[i].trim();
      }
      blocks.push(el('ul', ...items.map((t) => el('li', ...inline(t)))));
      continue;
    }
    const para = [];
    for (; i < lines.length && lines[i].trim() !== '' && !/^(```|#{1,6} |\||- )/.test(lines[i]); i++) para.push(lines[i].trim());
    blocks.push(el('p', ...inline(para.join(' '))));
  }
  return blocks;
}

const page = new Page('api');
page.add('topbar', new TopBar(document.querySelector('.topbar')));
await page.readURL('topbar');

const main = document.getElementById('apidoc');
try {
  const res = await fetch('API.md');
  if (!res.ok) throw new Error(`API.md: HTTP ${res.status}`);
  main.replaceChildren(...render(await res.text()));
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
} catch (err) {
  main.replaceChildren(el('p', `The reference could not be loaded (${err.message}). `, Object.assign(el('a', 'Open API.md'), { href: 'API.md' })));
}
main.removeAttribute('aria-busy');
