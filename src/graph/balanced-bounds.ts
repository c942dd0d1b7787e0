/**
 * Rows cut into `parts` ranges of equal work: a share of rows [bounds[t], bounds[t + 1]) that costs busy[t] (blocks
 * of rows and their joins' pairs, for NN-descent's threads: ./nn-descent.ts) is taken to cost the same per row
 * throughout; the new bounds (parts + 1 of them) cut the total at equal parts of that piecewise-constant cost. On
 * GloVe 341k the work per row is not even (the later, rarer words have more new candidates late in the descent):
 * with halves of the rows, one of 2 threads was idle 18.3 s of a 58-s build, the other 9.8 s.
 *
 * Which thread owns or joins which rows changes nothing in the result (the heaps' contents depend only on the pairs
 * proposed, ./nn-descent.ts).
 */
export function balancedBounds(bounds: readonly number[], busy: readonly number[], parts = busy.length): number[] {
  const T = busy.length, n = bounds[T];
  const total = busy.reduce((a, b) => a + b, 0);
  if (!(total > 0) || busy.some((b) => !(b >= 0) || !Number.isFinite(b))) {
    return parts === T ? [...bounds] : Array.from({ length: parts + 1 }, (_, s) => Math.floor((s * n) / parts));
  }
  const out = [0];
  let t = 0, before = 0; // the cost of the shares before share t
  for (let s = 1; s < parts; s++) {
    const goal = (total * s) / parts;
    while (t < T - 1 && before + busy[t] < goal) before += busy[t++];
    const rows = bounds[t + 1] - bounds[t];
    const at = bounds[t] + (busy[t] > 0 ? Math.round(((goal - before) / busy[t]) * rows) : 0);
    out.push(Math.min(n, Math.max(out[s - 1], at)));
  }
  out.push(n);
  return out;
}
