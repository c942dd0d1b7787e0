/**
 * A time-vs-recall scatter plot as a standalone SVG (no dependency: a few dozen elements): x the seconds on a log
 * scale, y the recall, one labelled point per run, one colour per group (simdict, its exact engine, each peer).
 */
export interface PlotPoint {
  label: string;
  group: string;
  seconds: number;
  recall: number;
}

const COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function timeRecallSvg(title: string, points: readonly PlotPoint[], width = 760, height = 460): string {
  const m = { left: 64, right: 190, top: 40, bottom: 52 };
  const w = width - m.left - m.right, h = height - m.top - m.bottom;
  const secs = points.map((p) => p.seconds).filter((s) => s > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...secs, 10)))), hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...secs, 10))));
  const rmin = Math.min(0.8, Math.floor(Math.min(...points.map((p) => p.recall)) * 20) / 20), rmax = 1;
  const x = (s: number): number => m.left + ((Math.log10(s) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * w;
  const y = (r: number): number => m.top + (1 - (r - rmin) / (rmax - rmin)) * h;
  const groups = [...new Set(points.map((p) => p.group))];
  const colour = (g: string): string => COLOURS[groups.indexOf(g) % COLOURS.length];
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${m.left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    for (const f of [1, 2, 5]) {
      const s = d * f;
      if (s > hi * 1.0001) break;
      out.push(`<line x1="${x(s).toFixed(1)}" x2="${x(s).toFixed(1)}" y1="${m.top}" y2="${m.top + h}" stroke="${f === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(`<text x="${x(s).toFixed(1)}" y="${m.top + h + 16}" text-anchor="middle">${s >= 1 ? s : s.toPrecision(1)}</text>`);
    }
  }
  for (let r = rmin; r <= rmax + 1e-9; r += 0.05) {
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(r).toFixed(1)}" y2="${y(r).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 6}" y="${(y(r) + 4).toFixed(1)}" text-anchor="end">${r.toFixed(2)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${w}" height="${h}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${m.left + w / 2}" y="${height - 12}" text-anchor="middle">total seconds (log scale), 2 cores</text>`);
  out.push(`<text transform="translate(16 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">recall@k (sampled words)</text>`);
  for (const p of points) {
    if (!(p.seconds > 0)) continue;
    out.push(`<circle cx="${x(p.seconds).toFixed(1)}" cy="${y(p.recall).toFixed(1)}" r="5" fill="${colour(p.group)}"/>`);
    out.push(`<text x="${(x(p.seconds) + 8).toFixed(1)}" y="${(y(p.recall) - 6).toFixed(1)}" font-size="10" fill="#333">${esc(p.label)}</text>`);
  }
  groups.forEach((g, i) => {
    const ly = m.top + 10 + i * 18;
    out.push(`<circle cx="${m.left + w + 18}" cy="${ly}" r="5" fill="${colour(g)}"/>`);
    out.push(`<text x="${m.left + w + 28}" y="${ly + 4}">${esc(g)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
