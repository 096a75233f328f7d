// The top bar of every page: the language switch and, where the page has
// one, the "Copy link" button. It owns the lang key of the URL; the choice
// itself is i18n.js's (one mechanism for all pages). The switch is built
// here, one button per language of the texts, into .topbar-tools: it only
// works with JavaScript, and no page lists the languages again.

import { View } from './view.js';
import { h } from './dom.js';
import { initLang, setLang, lang, t, LANGS } from './i18n.js';

export class TopBar extends View {
  // deps: { link() } — writes the page's URL and returns the address to copy.
  constructor(root, deps) {
    super(root, deps);
    this.share = this.$('#share');
    this.$('.topbar-tools').prepend(h('div', {
      class: 'segmented lang-switch', role: 'group', 'aria-label': t('lang.label'), 'data-i18n-aria': 'lang.label',
    }, LANGS.map((l) => h('button', {
      type: 'button', lang: l, 'data-lang': l, 'aria-pressed': 'false', text: l.toUpperCase(), onclick: () => setLang(l),
    }))));
    this.share?.addEventListener('click', () => this.copyLink());
  }

  readURL(values) {
    initLang(values.lang);
  }

  writeURL() {
    return { lang: lang() };
  }

  relabel() {
    for (const b of this.$$('.lang-switch [data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
  }

  async copyLink() {
    const href = this.deps.link();
    try {
      await navigator.clipboard.writeText(href);
      this.share.textContent = t('share.done');
    } catch {
      // Without clipboard access, show the link so it can be copied by hand.
      window.prompt(t('share.manual'), href);
    }
    setTimeout(() => { this.share.textContent = t('share'); }, 1800);
  }
}
