/**
 * Which engine builds a whole dictionary when the user does not say: the exact one when its estimated time on this
 * machine is small, else the approximate one (forest + NN-descent, ../graph/build-approximate.ts).
 *
 * The estimate is n²·dim / (EXACT_THROUGHPUT · threads) seconds. EXACT_THROUGHPUT is calibrated from the README's
 * figure for the exact int8 build of GloVe 6B 100d (341,479 words, k = 15): 91 s on 2 threads (Benchmarks,
 * "simdict int8 + rescore"), so 341,479² · 100 / 91 / 2 ≈ 6.4·10¹⁰ "row-pair dimensions" per second and thread. It is a rough figure (another CPU,
 * fewer SIMD lanes, or heavy contention can be several times off); its only use is to tell a build of seconds or
 * minutes from one of hours. EXACT_SECONDS_LIMIT (2 minutes) is the line: under it, exact.
 */
export const EXACT_THROUGHPUT = (341_479 * 341_479 * 100) / 91 / 2;
export const EXACT_SECONDS_LIMIT = 120;

export interface EngineChoice {
  engine: 'exact' | 'approximate';
  reason: string;
  /** The estimated seconds of the exact build (when estimated). */
  exactSeconds?: number;
}

export function estimateExactSeconds(n: number, dim: number, threads: number): number {
  return (n * n * dim) / (EXACT_THROUGHPUT * Math.max(1, threads));
}

/** The choice by the estimate alone. */
export function chooseBySize(n: number, dim: number, threads: number): EngineChoice {
  const exactSeconds = estimateExactSeconds(n, dim, threads);
  const about = formatDuration(exactSeconds);
  const how = `n²·dim / (${EXACT_THROUGHPUT.toExponential(1)}/s per thread × ${threads} thread${threads === 1 ? '' : 's'})`;
  return exactSeconds < EXACT_SECONDS_LIMIT
    ? { engine: 'exact', reason: `the exact build is estimated at ${about} here (${how}), under about 2 minutes`, exactSeconds }
    : { engine: 'approximate', reason: `the exact build is estimated at ${about} here (${how}), over about 2 minutes; --exact forces it`, exactSeconds };
}

/** "under a second", "about 40 s", "about 12 minutes", "about 3.1 hours". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${(seconds / 3600).toFixed(1)} hours`;
}
