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
    this.chosen = false; // the person (or the link) chose a pooling mode
    this.ownPool = null; // the pooling modes of a model other than the shipped one
    this.built = false; // the builder's network has pooling layers that do not take the maximum
    this.scaleGroup = radioGroup(this.$('#scale-mode'), (mode) => {
      this.state.scale = mode;
      deps.scale(mode);
    });
    this.poolGroup = radioGroup(this.$('#pool-mode'), (mode) => {
      this.state.pool = mode;
      this.chosen = true;
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

  // update takes { ownPool, built } when a model is put on screen: ownPool
  // is null for the builder's networks, whose notes are about the shipped
  // model, else the modes an opened model's pooling layers have; built says
  // the builder's network has pooling layers that do not take the maximum
  // (the max setting leaves them as they are). Unless a mode was chosen,
  // the setting shows an opened model's single mode (the default for the
  // builder's networks and a mix of modes).
  update({ ownPool, built = false }) {
    this.ownPool = ownPool;
    this.built = built;
    if (!this.chosen) this.state.pool = ownPool?.length === 1 ? ownPool[0] : defaults('display').pool;
    this.sync();
  }

  readURL(values) {
    if (values.pool) this.chosen = true;
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
    let key = `pool.note.${this.state.pool}`;
    if (this.ownPool) key = this.ownPool.length ? 'pool.note.own' : 'pool.note.none';
    else if (this.built && this.state.pool === 'max') key = 'pool.note.built';
    this.$('#pool-note').textContent = t(key, { modes: this.ownPool?.join(', ') });
  }
}
