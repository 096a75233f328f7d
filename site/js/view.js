// How a view is built. Every part of a page that shows something is a view
// with one root element and the same small surface:
//
//   const view = new SomeView(root, deps)
//       root: the one element the view owns. It finds, builds and changes
//             elements under root only; what it needs from outside (the
//             engine, callbacks to the page) comes in deps.
//   view.update(data)     new data to show; each view documents its data.
//   view.relabel()        the language changed: rewrite every text it wrote.
//   view.readURL(values)  its part of the URL, already parsed and checked by
//                         the URL table (urlstate.js): the fields of the keys
//                         present, nothing else. May return a Promise.
//   view.writeURL()       → the fields of its URL keys, as they are now; the
//                         table formats them and leaves out the defaults.
//
// Views never call each other. A view tells its page what happened through
// deps callbacks; the page script (main.js, explainer.js, apidoc.js) holds
// the data, updates the views and keeps the URL: a Page registers each view
// under its owner name in the URL table, relabels every view when the
// language changes and writes the URL after a view reports a change.
// New views (training, model builder, import) follow the same pattern.

import { onLang } from './i18n.js';
import { readState, writeState, report } from './urlstate.js';

export class View {
  constructor(root, deps = {}) {
    if (!root) throw new Error(`${new.target.name}: no root element`);
    this.root = root;
    this.deps = deps;
  }

  // $ and $$ find elements under the view's root only.
  $(selector) {
    return this.root.querySelector(selector);
  }

  $$(selector) {
    return [...this.root.querySelectorAll(selector)];
  }

  update() {}

  relabel() {}
}

export class Page {
  // name is the page's name in the URL table: 'index', 'explainer', 'api'.
  constructor(name) {
    this.name = name;
    this.views = new Map();
    onLang(() => {
      for (const v of this.views.values()) v.relabel();
      this.saveURL();
    });
  }

  // add registers view under owner (its name in the URL table) and returns it.
  add(owner, view) {
    this.views.set(owner, view);
    return view;
  }

  // readURL hands a view its part of the URL, reports the values the table
  // refused and writes the URL back as the view now is (refused values
  // gone, old spellings updated). ctx is what the table's types need (the
  // preset names).
  async readURL(owner, ctx) {
    const { values, problems } = readState(this.name, owner, ctx);
    report(problems);
    await this.views.get(owner).readURL(values);
    this.saveURL();
  }

  // saveURL writes every view's part of the URL and returns the new address.
  saveURL() {
    const states = {};
    for (const [owner, v] of this.views) if (v.writeURL) states[owner] = v.writeURL();
    return writeState(this.name, states);
  }
}
