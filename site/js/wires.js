// Connections drawn behind the flow: a convolution or dense layer reads every
// map of the layer before it (a fan of faint curves), a pooling layer reads
// only its own channel (straight one-to-one lines). Hovering a map darkens the
// wires that feed it.

const QUIET = 'rgba(60, 72, 100, 0.07)';
const ONE_TO_ONE = 'rgba(60, 72, 100, 0.22)';
const HOT = 'rgba(217, 115, 31, 0.75)';

export function drawWires(canvas, root, stages, hot) {
  if (!canvas || getComputedStyle(canvas).display === 'none') return;
  const dpr = window.devicePixelRatio || 1;
  const w = root.scrollWidth;
  const hgt = root.scrollHeight;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(hgt * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${hgt}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  const base = root.getBoundingClientRect();
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { l: r.left - base.left, r: r.right - base.left, t: r.top - base.top, b: r.bottom - base.top };
  };
  const curve = (x1, y1, x2, y2, style, width = 1) => {
    ctx.strokeStyle = style;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    const mx = (x1 + x2) / 2;
    ctx.bezierCurveTo(mx, y1, mx, y2, x2, y2);
    ctx.stroke();
  };
  const mid = (b) => (b.t + b.b) / 2;

  for (const s of stages) {
    if (s.maps && s.prev) {
      const to = s.maps.map((m) => box(m.el));
      const from = s.prev.maps.map((m) => box(m.el));
      to.forEach((b, i) => {
        const isHot = hot && hot.stage === s && hot.index === i;
        if (s.kind === 'pool') {
          curve(from[i].r, mid(from[i]), b.l, mid(b), isHot ? HOT : ONE_TO_ONE, isHot ? 2 : 1);
        } else {
          for (const f of from) curve(f.r, mid(f), b.l, mid(b), QUIET);
        }
      });
      if (hot && hot.stage === s && s.kind !== 'pool') {
        const b = to[hot.index];
        for (const f of from) curve(f.r, mid(f), b.l, mid(b), HOT, 1.25);
      }
    } else if (s.kind === 'link') {
      const bar = box(s.el.querySelector('.link-body'));
      for (const m of s.from.maps) {
        const f = box(m.el);
        curve(f.r, mid(f), bar.l, Math.min(Math.max(mid(f), bar.t), bar.b), QUIET);
      }
    } else if (s.kind === 'dense') {
      const src = s.from.kind === 'link' ? box(s.from.el.querySelector('.link-body')) : null;
      for (const c of s.cells) {
        const b = box(c.li);
        if (src) {
          for (let k = 0; k < 12; k++) {
            const y = src.t + ((k + 0.5) / 12) * (src.b - src.t);
            curve(src.r, y, b.l, mid(b), QUIET);
          }
        }
      }
    }
  }
}
