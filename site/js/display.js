// The display bar between the answer and the flow: the colour scale of the
// feature maps and the pooling mode of the model, with a note on what the
// pooling mode does. It owns the scale and pool keys of the URL.

import { View } from './view.js';
import { radioGroup } from './dom.js';
import { t } from './i18n.js';
import { defaults } from './urlstate.js';

export class DisplayBar extends View {
  // deps: { scale(mode), pool(mode) } — the person picked a colour scale or
  // a pooling mode.
  constructor(root, deps) {
    super(root, deps);
    this.state = defaults('display');
    this.scaleGroup = radioGroup(this.$('#scale-mode'), (mode) => {
      this.state.scale = mode;
      deps.scale(mode);
    });
    this.poolGroup = radioGroup(this.$('#pool-mode'), (mode) => {
      this.state.pool = mode;
      this.relabel();
      deps.pool(mode);
    });
    this.sync();
  }

  get scale() {
    return this.state.scale;
  }

  get pool() {
    return this.state.pool;
  }

  // update takes { own }: the network on screen has pooling layers that
  // do not take the maximum (the max setting leaves them as they are).
  update({ own }) {
    this.own = own;
    this.relabel();
  }

  readURL(values) {
    Object.assign(this.state, values);
    this.sync();
  }

  writeURL() {
    return this.state;
  }

  sync() {
    this.scaleGroup.set(this.state.scale);
    this.poolGroup.set(this.state.pool);
    this.relabel();
  }

  relabel() {
    const own = this.state.pool === 'max' && this.own;
    this.$('#pool-note').textContent = t(own ? 'pool.note.own' : `pool.note.${this.state.pool}`);
  }
}
