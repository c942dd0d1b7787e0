/**
 * "Did you mean" for a word that is not in the model: up to `max` vocabulary words within a small edit distance
 * (Damerau-Levenshtein, optimal string alignment; letters compared case-insensitively), closest first, then the more
 * frequent first (word2vec / GloVe vocabularies are sorted by frequency). A suggestion keeps more of the word than it
 * changes (fewer edits than the shorter of the two has characters): no noise, so "😀" gets no "," and nothing rather
 * than unrelated one-letter words. Only words of similar length are compared, so a 400k-word vocabulary takes a few
 * tens of milliseconds.
 */
export function suggest(word: string, vocabulary: readonly string[], max = 5): string[] {
  const target = [...word.toLowerCase()];
  const n = target.length;
  if (n === 0) return [];
  const limit = n <= 3 ? 1 : n <= 7 ? 2 : 3;
  const found: { word: string; distance: number; rank: number }[] = [];
  const prev2: number[] = [];
  const prev: number[] = [];
  const cur: number[] = [];
  for (let rank = 0; rank < vocabulary.length; rank++) {
    const candidate = vocabulary[rank];
    if (candidate === '') continue;
    // Cheap length filter on UTF-16 length first (code points only when it could match).
    if (Math.abs(candidate.length - word.length) > limit + 1) continue;
    const other = [...candidate.toLowerCase()];
    const m = other.length;
    if (Math.abs(m - n) > limit) continue;
    const d = osaDistance(target, other, limit, prev2, prev, cur);
    if (d <= limit && d < Math.min(n, m)) found.push({ word: candidate, distance: d === 0 && candidate !== word ? 0.5 : d, rank });
  }
  found.sort((a, b) => a.distance - b.distance || a.rank - b.rank);
  return found.filter((f) => f.word !== word).slice(0, max).map((f) => f.word);
}

/** Optimal string alignment distance, or limit + 1 as soon as it must exceed `limit`. */
function osaDistance(a: string[], b: string[], limit: number, prev2: number[], prev: number[], cur: number[]): number {
  const n = a.length;
  const m = b.length;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    for (let j = 0; j <= m; j++) {
      prev2[j] = prev[j];
      prev[j] = cur[j];
    }
  }
  return prev[m];
}
