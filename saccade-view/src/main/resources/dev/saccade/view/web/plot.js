'use strict';
// A small line chart on a canvas: series of (x, y) points, a shared cursor, a legend, and a click
// handler that reports the x clicked (for seeking). No library: the viewer works offline.
const Plot = (() => {
  const PAD = { left: 48, right: 10, top: 8, bottom: 18 };
  const COLORS = ['#58a6ff', '#f78166', '#3fb950', '#d2a8ff', '#e3b341', '#56d4dd', '#ff7b72', '#a5d6ff'];

  function niceRange(lo, hi) {
    if (!isFinite(lo) || !isFinite(hi)) return [0, 1];
    if (lo === hi) { const d = Math.abs(lo) * 0.1 || 1; return [lo - d, hi + d]; }
    const pad = (hi - lo) * 0.05;
    return [lo - pad, hi + pad];
  }

  function fmt(v) {
    const a = Math.abs(v);
    if (a !== 0 && (a < 0.01 || a >= 1e5)) return v.toExponential(1);
    return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(1) : v.toFixed(2);
  }

  /**
   * spec: { series: [{ name, color?, xs, ys, dashed? }], xMin, xMax, cursor?, yMin?, yMax?, xLabel?, onSeek? }
   * ys may hold null (a gap). Returns the number of points drawn.
   */
  function draw(canvas, spec) {
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    let lo = Infinity, hi = -Infinity;
    for (const s of spec.series) for (const y of s.ys) if (y !== null && isFinite(y)) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
    let [yMin, yMax] = niceRange(spec.yMin ?? lo, spec.yMax ?? hi);
    const xMin = spec.xMin, xMax = spec.xMax > spec.xMin ? spec.xMax : spec.xMin + 1;
    const px = x => PAD.left + (x - xMin) / (xMax - xMin) * (w - PAD.left - PAD.right);
    const py = y => h - PAD.bottom - (y - yMin) / (yMax - yMin) * (h - PAD.top - PAD.bottom);
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = '#3a3f47'; ctx.fillStyle = '#9aa0a6'; ctx.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = yMin + (yMax - yMin) * i / 4;
      ctx.beginPath(); ctx.moveTo(PAD.left, py(y)); ctx.lineTo(w - PAD.right, py(y)); ctx.stroke();
      ctx.fillText(fmt(y), 4, py(y) + 4);
    }
    if (spec.xLabel) ctx.fillText(spec.xLabel, w - PAD.right - ctx.measureText(spec.xLabel).width, h - 4);
    let points = 0;
    spec.series.forEach((s, i) => {
      ctx.strokeStyle = s.color || COLORS[i % COLORS.length];
      ctx.lineWidth = 1.5;
      ctx.setLineDash(s.dashed ? [4, 3] : []);
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k < s.xs.length; k++) {
        const y = s.ys[k];
        if (y === null || !isFinite(y)) { pen = false; continue; }
        const X = px(s.xs[k]), Y = py(y);
        if (pen) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
        pen = true; points++;
      }
      ctx.stroke();
    });
    ctx.setLineDash([]);
    let lx = PAD.left + 4;
    spec.series.forEach((s, i) => {
      ctx.fillStyle = s.color || COLORS[i % COLORS.length];
      ctx.fillRect(lx, PAD.top + 2, 10, 3);
      ctx.fillStyle = '#c9d1d9';
      ctx.fillText(s.name, lx + 13, PAD.top + 8);
      lx += 20 + ctx.measureText(s.name).width;
    });
    if (spec.cursor !== undefined && spec.cursor !== null) {
      ctx.strokeStyle = '#ffffff'; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(px(spec.cursor), PAD.top); ctx.lineTo(px(spec.cursor), h - PAD.bottom); ctx.stroke();
    }
    canvas.dataset.points = String(points);
    canvas.dataset.series = String(spec.series.length);
    if (spec.onSeek) {
      canvas.onclick = ev => {
        const r = canvas.getBoundingClientRect();
        const x = (ev.clientX - r.left) / r.width * w;
        spec.onSeek(xMin + (x - PAD.left) / (w - PAD.left - PAD.right) * (xMax - xMin));
      };
    }
    return points;
  }

  return { draw, COLORS };
})();
