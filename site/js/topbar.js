// The top bar of every page: the language switch and, where the page has
// one, the "Copy link" button. It owns the lang key of the URL; the choice
// itself is i18n.js's (one mechanism for all pages).

import { View } from './view.js';
import { initLang, setLang, lang, t } from './i18n.js';

export class TopBar extends View {
  // deps: { link() } — writes the page's URL and returns the address to copy.
  constructor(root, deps) {
    super(root, deps);
    this.share = this.$('#share');
    for (const b of this.$$('.lang-switch [data-lang]')) b.addEventListener('click', () => setLang(b.dataset.lang));
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
