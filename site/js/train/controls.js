// The Train view's run controls and progress (#train-controls): Start,
// Pause/Resume, Step one batch and Reset — buttons, so mouse, touch and
// keyboard all work, plus Shift+Enter, Space and "." anywhere outside a
// form field — a state badge, the progress bar and the run's numbers:
// epoch, step, digits per second, time left, validation and test accuracy
// (the numbers also sit in data- attributes, as fractions for accuracies).

import { View } from '../view.js';
import { t, int, pct } from '../i18n.js';

export class ControlsView extends View {
  // deps: { start(), pause(), resume(), step(), reset() }.
  constructor(root, deps) {
    super(root, deps);
    this.b = {
      start: this.$('#train-start'), pause: this.$('#train-pause'), step: this.$('#train-step'), reset: this.$('#train-reset'),
    };
    this.data = { state: 'loading', canStart: false };
    this.b.start.addEventListener('click', () => this.deps.start());
    this.b.pause.addEventListener('click', () => (this.data.state === 'paused' ? this.deps.resume() : this.deps.pause()));
    this.b.step.addEventListener('click', () => this.deps.step());
    this.b.reset.addEventListener('click', () => this.deps.reset());
    document.addEventListener('keydown', (e) => this.key(e));
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.('input, select, textarea, button, a, [contenteditable]')) return;
    const press = (b) => {
      if (b.disabled) return;
      e.preventDefault();
      b.click();
    };
    if (e.key === 'Enter' && e.shiftKey) press(this.b.start);
    else if (e.key === ' ' && !e.shiftKey) press(this.b.pause);
    else if (e.key === '.') press(this.b.step);
  }

  // update({ state, canStart, canReset, loading: { loaded, total }, epoch,
  // epochs, step, steps, batchSize, speed, valAcc, testAcc, message,
  // evaluating }): any subset; the rest stays.
  update(data) {
    Object.assign(this.data, data);
    this.render();
  }

  relabel() {
    this.render();
  }

  render() {
    const d = this.data;
    const s = d.state;
    this.b.start.disabled = !(d.canStart && ['idle', 'done', 'error'].includes(s));
    this.b.pause.disabled = !['running', 'paused'].includes(s);
    this.b.pause.textContent = t(s === 'paused' ? 'tr.resume' : 'tr.pause');
    this.b.pause.setAttribute('aria-pressed', String(s === 'paused'));
    this.b.step.disabled = s !== 'paused';
    this.b.reset.disabled = !d.canReset || s === 'loading';

    const badge = this.$('#train-badge');
    badge.textContent = s === 'loading' && d.loading
      ? t('tr.state.loadingData', { p: d.loading.total ? pct(d.loading.loaded / d.loading.total) : '…' })
      : t(`tr.state.${s}`) + (d.evaluating ? ` · ${t('tr.evaluating')}` : '');
    badge.dataset.state = s;

    let frac = 0;
    if (s === 'loading') frac = d.loading?.total ? d.loading.loaded / d.loading.total : 0;
    else if (d.steps) frac = d.step / d.steps;
    const bar = this.$('#train-bar');
    bar.setAttribute('aria-valuenow', String(Math.round(frac * 100)));
    bar.classList.toggle('loading', s === 'loading');
    bar.firstElementChild.style.width = `${(frac * 100).toFixed(2)}%`;

    const started = d.steps > 0 && d.step !== undefined;
    const set = (id, attr, value, text) => {
      const el = this.$(id);
      if (attr) el.setAttribute(attr, value);
      el.textContent = text;
    };
    set('#train-epoch', 'data-train-epoch', String(started ? d.epoch : 0), started ? t('tr.of', { a: int(d.epoch), b: int(d.epochs) }) : '–');
    set('#train-stepn', 'data-train-step', String(started ? d.step : 0), started ? t('tr.of', { a: int(d.step), b: int(d.steps) }) : '–');
    set('#train-speed', null, null, s === 'running' && d.speed > 0 ? int(Math.round(d.speed)) : '–');
    let left = '–';
    if (s === 'running' && d.speed > 0 && d.steps) left = duration(((d.steps - d.step) * d.batchSize) / d.speed);
    set('#train-left', null, null, left);
    set('#train-val-acc', 'data-val-acc', d.valAcc ?? '', d.valAcc == null ? '–' : pct(d.valAcc));
    set('#train-test-acc', 'data-test-acc', d.testAcc ?? '', d.testAcc == null ? '–' : pct(d.testAcc));

    const msg = this.$('#train-message');
    msg.textContent = d.message ?? '';
    msg.hidden = !d.message;
  }
}

// duration writes seconds as "1:05" or "1:02:05".
function duration(sec) {
  const s = Math.max(0, Math.round(sec));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
