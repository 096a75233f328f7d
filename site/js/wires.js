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

  // anchors are the boxes wires leave a drawn stage from: its maps, its
  // cells, or points spread along a link or a long vector's picture.
  const spread = (bar) => Array.from({ length: 12 }, (_, k) => {
    const y = bar.t + ((k + 0.5) / 12) * (bar.b - bar.t);
    return { l: bar.l, r: bar.r, t: y, b: y };
  });
  const anchors = (s) => {
    if (s.maps) return s.maps.map((m) => box(m.el));
    if (s.cells) return s.cells.map((c) => box(c.li));
    return spread(box(s.kind === 'link' ? s.el.querySelector('.link-body') : s.vec));
  };

  for (const s of stages) {
    if (s.maps && s.prev) {
      const to = s.maps.map((m) => box(m.el));
      const from = s.prev.maps.map((m) => box(m.el));
      to.forEach((b, i) => {
        const isHot = hot && hot.stage === s && hot.index === i;
        if (s.kind !== 'conv') {
          // Pooling and the other map layers read their own channel only.
          curve(from[i].r, mid(from[i]), b.l, mid(b), isHot ? HOT : ONE_TO_ONE, isHot ? 2 : 1);
        } else {
          for (const f of from) curve(f.r, mid(f), b.l, mid(b), QUIET);
        }
      });
      if (hot && hot.stage === s && s.kind === 'conv') {
        const b = to[hot.index];
        for (const f of from) curve(f.r, mid(f), b.l, mid(b), HOT, 1.25);
      }
    } else if (s.kind === 'link') {
      const bar = box(s.el.querySelector('.link-body'));
      for (const f of anchors(s.from)) curve(f.r, mid(f), bar.l, Math.min(Math.max(mid(f), bar.t), bar.b), QUIET);
    } else if (s.N && s.from) {
      const from = anchors(s.from);
      const to = s.cells ? s.cells.map((c) => box(c.li)) : spread(box(s.vec));
      // A global pooling reads one map per value: one wire each.
      if (s.from.maps && from.length === s.N && !s.params) {
        to.forEach((b, i) => curve(from[i].r, mid(from[i]), b.l, mid(b), ONE_TO_ONE));
      } else {
        for (const b of to) for (const f of from) curve(f.r, mid(f), b.l, mid(b), QUIET);
      }
    }
  }
}
