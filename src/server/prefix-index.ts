/**
 * Autocomplete over a vocabulary: the words that start with a prefix, most frequent first (word2vec and GloVe files
 * list words by frequency, so the earliest rows first). The words are sorted once (with their rows); a prefix is a
 * range of that order found by binary search, and its `limit` earliest rows are picked from the range.
 */
export class PrefixIndex {
  private readonly sorted: Int32Array;

  constructor(private readonly words: readonly string[]) {
    this.sorted = Int32Array.from(words.keys()).sort((a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : a - b));
  }

  complete(prefix: string, limit: number): string[] {
    if (limit <= 0) return [];
    const from = this.lowerBound(prefix);
    let to = from;
    // Scan the range of words with the prefix, keeping the `limit` smallest rows (a bounded, sorted list).
    const best: number[] = [];
    while (to < this.sorted.length && this.words[this.sorted[to]].startsWith(prefix)) {
      const row = this.sorted[to++];
      if (best.length < limit || row < best[best.length - 1]) {
        let at = best.length;
        while (at > 0 && best[at - 1] > row) at--;
        best.splice(at, 0, row);
        if (best.length > limit) best.pop();
      }
    }
    return best.map((r) => this.words[r]);
  }

  /** The first position in sorted order whose word is ≥ prefix (UTF-16 code-unit order, as `<`). */
  private lowerBound(prefix: string): number {
    let lo = 0, hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[this.sorted[mid]] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
