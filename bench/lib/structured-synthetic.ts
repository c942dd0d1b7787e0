/**
 * A structured synthetic word2vec binary model for the approximate engine's benchmarks (issue 10): not isotropic
 * noise (./synthetic.ts) but a model whose neighbour statistics are in a real model's range (GloVe 6B 100d; see
 * docs/synthetic-models.md and `npm run bench:model-stats`), so that approximate search on it is neither trivially
 * easy nor impossibly hard. Written straight to disk in chunks (only the cluster centres are held, a few MB),
 * identical for a seed on every run.
 *
 * Vectors (dim D, rank r ≪ D; defaults in STRUCTURED_DEFAULTS, chosen in docs/synthetic-models.md):
 *
 *     x = m0·u + h·A·(c[leaf] + ε) + σ·η,   then scaled to the norm ν(rank)
 *
 * - c[leaf]: a hierarchy of cluster centres in an r-dimensional latent space: `branching` = [b1, b2, …] children
 *   per level (default 32 · 16 · 8 = 4,096 leaves), each child its parent plus N(0, I_r / r)·s_l (`levelScales`);
 *   a word's leaf is drawn with Zipf-like weights (`leafZipf`: leaf j, in a seeded random order, has weight
 *   (j + 1)^−leafZipf), so there are a few large topics and many small ones;
 * - ε: the word's own latent offset, N(0, I_r / r) times `wordScale`, times the leaf's spread (log-normal over
 *   leaves, `spreadSigma`: dense and loose clusters side by side), times a log-normal per word (`wordSigma`: some
 *   words sit near their centre, some far out). A share `family` of the words are instead variants of one of the
 *   last 4,096 words (as inflections are of similar frequency): its leaf, its ε plus a smaller N(0, I_r / r) offset
 *   (`familyScale` times the leaf's spread) — the close first neighbours real models have;
 * - A: a random D × r matrix with orthonormal columns (the random subspace); η ~ N(0, I_D / D), the full-rank noise
 *   (`noise` = σ, times a log-normal per word, `noiseSigma`: the quieter words lie nearer the subspace all others
 *   are scattered around, close to many — hubs, as in real models); h: a log-normal per-word scale of the cluster
 *   part (`hubSigma`): words with a small h lie near the common direction, close to many others; u: a fixed random unit direction of length m0 =
 *   `meanShift`, the direction real models' vectors share (random pairs have a positive mean cosine);
 * - ν = 5.95·(1 − 0.4·r/N)·(1 + r/2000)^−0.05·exp(`normSigma`·N(0,1)) for the word of rank r among N: log-normal
 *   around a curve fitted to GloVe 6B 100d's median norm by rank (6.0 for the first hundred words, 5.2 near rank
 *   20,000, 3.2 in the last third), so norm falls with rank (frequent words first, as in GloVe and word2vec files).
 *   Cosine neighbours do not depend on norms; inner-product and quantised methods do.
 *
 * Gaussians come from a 2^16-entry inverse-normal table indexed by a 32-bit xorshift128 generator (two per draw):
 * fast, and plenty for data (no values past ±4.2).
 *
 * Words: unique by construction, shorter for frequent words. Rank r is written in bijective base 64 — 64
 * one-syllable words, then 4,096 of two syllables, 262,144 of three, 16.7 million of four — after an affine
 * scramble inside each length (so neighbouring ranks do not look alike); a syllable is one of 16 consonants and one
 * of 4 vowels, so the digits can be read back from the letters. Some words are decorated in ways that keep them
 * decodable (so still unique): `accented` of them (share) have one vowel accented (á é í ó), `cjk` are written
 * with 64 CJK ideographs instead of syllables, `emoji` get one emoji appended, `hyphen` a hyphen between two
 * syllables. Decorations are drawn more often for rare words (probability ∝ 0.25 + 1.5·r/N), as in real
 * vocabularies.
 *
 * Layout: word2vec binary as gensim writes it (`count dim\n`, then `word ` + dim little-endian float32 values).
 */
import { Random } from '../../src/random.js';
import { ChunkWriter } from './synthetic.js';

export interface StructuredSpec {
  rows: number;
  dim: number;
  seed?: number;
  /** Rank of the random subspace (default min(28, dim)). */
  rank?: number;
  /** Children per level of the cluster hierarchy (default [32, 16, 8]: 4,096 leaves). */
  branching?: number[];
  /** Scale of each level's centre offsets (default [1.3, 0.6, 0.45]). */
  levelScales?: number[];
  /** Scale of a word's own latent offset (default 2.3). */
  wordScale?: number;
  /** σ of the log-normal spread of leaves (default 0.5). */
  spreadSigma?: number;
  /** σ of the log-normal length of each word's own offset (default 0.7): words near a centre are hubs. */
  wordSigma?: number;
  /** σ of a log-normal per-word scale of the whole cluster part (default 0.9): words with a small one sit near the
   * common direction, close to many others (hubs). */
  hubSigma?: number;
  /** Share of words that are variants of a recent word (same leaf, its offset plus a smaller one; default 0.3). */
  family?: number;
  /** Scale of a variant's extra offset, relative to its leaf's spread (default 1.1). */
  familyScale?: number;
  /** Zipf exponent of the leaf sizes (default 0.9). */
  leafZipf?: number;
  /** σ of the full-rank noise (default 0.7). */
  noise?: number;
  /** σ of a log-normal per-word scale of the noise (default 0.07): the less noisy words lie closer to everyone (hubs). */
  noiseSigma?: number;
  /** Length of the common direction (default 0.72). */
  meanShift?: number;
  /** σ of the log-normal norm around the rank curve (default 0.13, GloVe's). */
  normSigma?: number;
  /** Shares of decorated words (defaults 0.02, 0.004, 0.001, 0.005). */
  accented?: number;
  cjk?: number;
  emoji?: number;
  hyphen?: number;
}

export const STRUCTURED_DEFAULTS = {
  seed: 20261201,
  rank: 28,
  branching: [32, 16, 8],
  levelScales: [1.3, 0.6, 0.45],
  wordScale: 2.3,
  spreadSigma: 0.5,
  wordSigma: 0.7,
  hubSigma: 0.9,
  family: 0.3,
  familyScale: 1.1,
  leafZipf: 0.9,
  noise: 0.7,
  noiseSigma: 0.07,
  meanShift: 0.72,
  normSigma: 0.13,
  accented: 0.02,
  cjk: 0.004,
  emoji: 0.001,
  hyphen: 0.005,
} as const;

// ---- random numbers ------------------------------------------------------------------------------------------------

/** xorshift128 (Marsaglia), 32-bit outputs; seeded through splitmix32. */
class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    const seeder = new Random(seed);
    const mix = (): number => seeder.nextU32();
    this.a = mix() || 1;
    this.b = mix();
    this.c = mix();
    this.d = mix();
  }
  u32(): number {
    let t = this.d;
    const s = this.a;
    this.d = this.c;
    this.c = this.b;
    this.b = s;
    t ^= t << 11;
    t ^= t >>> 8;
    this.a = (t ^ s ^ (s >>> 19)) >>> 0;
    return this.a;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function normInv(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normInv(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const GAUSS = (() => {
  const t = new Float64Array(1 << 16);
  for (let i = 0; i < t.length; i++) t[i] = normInv((i + 0.5) / t.length);
  return t;
})();

/** Fills `out` with N(0, scale²) values. */
function gaussians(rng: Rng, out: Float64Array, scale: number): void {
  const n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const u = rng.u32();
    out[i] = GAUSS[u & 0xffff] * scale;
    out[i + 1] = GAUSS[u >>> 16] * scale;
  }
  if (i < n) out[i] = GAUSS[rng.u32() & 0xffff] * scale;
}

/** One N(0, 1) value. */
const gaussian = (rng: Rng): number => GAUSS[rng.u32() & 0xffff];

// ---- words ---------------------------------------------------------------------------------------------------------

const CONSONANTS = 'bdfghjklmnprstvz';
const VOWELS = 'aeio';
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó' };
/** 64 CJK unified ideographs (one per digit): U+4E00 + 97·d. */
const CJK = Array.from({ length: 64 }, (_, d) => String.fromCodePoint(0x4e00 + 97 * d));
const EMOJI = ['😀', '🎉', '🚀', '🌍', '🔥', '💡', '🎵', '🍕', '🐍', '⚡', '🌸', '🧠', '📚', '🏠', '🎲', '❤️'];

/** Per length L (1..4 syllables): odd multiplier and offset of the affine scramble modulo 64^L. */
function scrambles(rng: Rng): { mul: number[]; add: number[] } {
  const mul: number[] = [0];
  const add: number[] = [0];
  for (let L = 1; L <= 4; L++) {
    // odd (a bijection modulo a power of two) and under 2^24, so the products in wordDigits stay exact
    mul.push((rng.u32() % 2 ** (6 * L)) | 1);
    add.push(rng.u32() % 2 ** (6 * L));
  }
  return { mul, add };
}

/** Digits (base 64, most significant first) of rank r in bijective numeration, scrambled within its length. */
function wordDigits(r: number, s: { mul: number[]; add: number[] }): number[] {
  let L = 1;
  let first = 0;
  while (r >= first + 64 ** L) {
    first += 64 ** L;
    L++;
  }
  const size = 64 ** L;
  const local = r - first;
  // (mul·local + add) mod 64^L, exact: split the product so no intermediate passes 2^53
  const mul = s.mul[L];
  const hi = Math.floor(local / 4096);
  const lo = local % 4096;
  let v = (((mul * hi) % size) * 4096) % size;
  v = (v + mul * lo + s.add[L]) % size;
  const digits = new Array<number>(L);
  for (let i = L - 1; i >= 0; i--) {
    digits[i] = v % 64;
    v = Math.floor(v / 64);
  }
  return digits;
}

function syllables(digits: number[]): string[] {
  return digits.map((d) => CONSONANTS[d >> 2] + VOWELS[d & 3]);
}

// ---- the model -----------------------------------------------------------------------------------------------------

export interface StructuredResult {
  bytes: number;
  /** Rows whose word is not ASCII. */
  nonAscii: number;
  leaves: number;
}

/** Writes the model to `file` (via `file.tmp`, renamed when complete). */
export function writeStructuredSynthetic(spec: StructuredSpec, file: string): StructuredResult {
  const o = { ...STRUCTURED_DEFAULTS, ...Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) } as unknown as Required<StructuredSpec>;
  const { rows: N, dim: D } = o;
  if (!(Number.isSafeInteger(N) && N >= 1)) throw new RangeError(`rows must be a positive whole number, got ${N}`);
  if (!(Number.isSafeInteger(D) && D >= 1)) throw new RangeError(`dim must be a positive whole number, got ${D}`);
  if (N > 64 + 64 ** 2 + 64 ** 3 + 64 ** 4) throw new RangeError(`at most ${64 + 64 ** 2 + 64 ** 3 + 64 ** 4} rows (four-syllable words)`);
  const R = Math.max(1, Math.min(spec.rank ?? Math.min(STRUCTURED_DEFAULTS.rank, D), D));
  if (o.branching.length !== o.levelScales.length) throw new RangeError('branching and levelScales need one entry per level');
  const rng = new Rng(o.seed);
  const scramble = scrambles(rng);

  // A: D × R with orthonormal columns (Gram–Schmidt on Gaussian columns), stored row-major a[d·R + j].
  const cols: Float64Array[] = [];
  for (let j = 0; j < R; j++) {
    const v = new Float64Array(D);
    gaussians(rng, v, 1);
    for (const c of cols) {
      let dot = 0;
      for (let d = 0; d < D; d++) dot += v[d] * c[d];
      for (let d = 0; d < D; d++) v[d] -= dot * c[d];
    }
    let norm = 0;
    for (let d = 0; d < D; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm);
    for (let d = 0; d < D; d++) v[d] /= norm;
    cols.push(v);
  }
  const A = new Float64Array(D * R);
  for (let d = 0; d < D; d++) for (let j = 0; j < R; j++) A[d * R + j] = cols[j][d];

  // The common direction.
  const u = new Float64Array(D);
  gaussians(rng, u, 1);
  let un = 0;
  for (const x of u) un += x * x;
  un = Math.sqrt(un);

  // Leaf centres in the full space: m0·u + A·Σ_l s_l·c_l, built level by level in the latent space.
  let level: Float64Array[] = [new Float64Array(R)];
  const cr = new Float64Array(R);
  for (let l = 0; l < o.branching.length; l++) {
    const next: Float64Array[] = [];
    for (const parent of level) {
      for (let b = 0; b < o.branching[l]; b++) {
        gaussians(rng, cr, o.levelScales[l] / Math.sqrt(R));
        const c = new Float64Array(R);
        for (let j = 0; j < R; j++) c[j] = parent[j] + cr[j];
        next.push(c);
      }
    }
    level = next;
  }
  const leaves = level.length;
  const centres = new Float64Array(leaves * D);
  for (let f = 0; f < leaves; f++) {
    const z = level[f];
    for (let d = 0; d < D; d++) {
      let s = 0;
      for (let j = 0; j < R; j++) s += A[d * R + j] * z[j];
      centres[f * D + d] = s;
    }
  }
  level = [];
  const spread = new Float64Array(leaves);
  for (let f = 0; f < leaves; f++) spread[f] = o.wordScale * Math.exp(o.spreadSigma * gaussian(rng) - (o.spreadSigma * o.spreadSigma) / 2);

  // Zipf-like leaf sizes, in a random order of the leaves: cumulative weights for a binary search.
  const order = Array.from({ length: leaves }, (_, i) => i);
  for (let i = leaves - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cum = new Float64Array(leaves);
  let total = 0;
  for (let j = 0; j < leaves; j++) cum[j] = total += (j + 1) ** -o.leafZipf;
  const pickLeaf = (): number => {
    const x = rng.float() * total;
    let lo = 0;
    let hi = leaves - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return order[lo];
  };

  const out = new ChunkWriter(file);
  out.ascii(`${N} ${D}\n`);
  const eps = new Float64Array(R);
  const extra = new Float64Array(R);
  // the latent offsets and leaves of the last RING words, for variants
  const RING = 4096;
  const ringEps = new Float64Array(RING * R);
  const ringLeaf = new Int32Array(RING);
  const eta = new Float64Array(D);
  const x = new Float64Array(D);
  const row = new Float32Array(D);
  const rowBytes = new Uint8Array(row.buffer);
  const noiseScale = o.noise / Math.sqrt(D);
  for (let d = 0; d < D; d++) u[d] *= o.meanShift / un;
  let nonAscii = 0;
  for (let r = 0; r < N; r++) {
    // the word
    const digits = wordDigits(r, scramble);
    const f = r / N;
    const decorate = 0.25 + 1.5 * f;
    const pick = rng.float();
    let word: string;
    let p = o.accented * decorate;
    if (pick < p) {
      const s = syllables(digits);
      const at = rng.below(s.length);
      s[at] = s[at][0] + ACCENTED[s[at][1]];
      word = s.join('');
    } else if (pick < (p += o.cjk * decorate)) {
      word = digits.map((d) => CJK[d]).join('');
    } else if (pick < (p += o.emoji * decorate)) {
      word = syllables(digits).join('') + EMOJI[rng.below(EMOJI.length)];
    } else if (pick < (p += o.hyphen * decorate) && digits.length >= 2) {
      const s = syllables(digits);
      const at = 1 + rng.below(s.length - 1);
      word = s.slice(0, at).join('') + '-' + s.slice(at).join('');
    } else {
      word = syllables(digits).join('');
    }
    if (/[^\x00-\x7f]/.test(word)) nonAscii++;

    // the vector
    let leaf: number;
    if (r > 0 && rng.float() < o.family) {
      const from = (r - 1 - rng.below(Math.min(r, RING))) % RING;
      leaf = ringLeaf[from];
      gaussians(rng, extra, (o.familyScale * spread[leaf]) / Math.sqrt(R));
      for (let j = 0; j < R; j++) eps[j] = ringEps[from * R + j] + extra[j];
    } else {
      leaf = pickLeaf();
      gaussians(rng, eps, (spread[leaf] * Math.exp(o.wordSigma * gaussian(rng) - (o.wordSigma * o.wordSigma) / 2)) / Math.sqrt(R));
    }
    ringLeaf[r % RING] = leaf;
    ringEps.set(eps, (r % RING) * R);
    gaussians(rng, eta, o.noiseSigma > 0 ? noiseScale * Math.exp(o.noiseSigma * gaussian(rng) - (o.noiseSigma * o.noiseSigma) / 2) : noiseScale);
    const hs = Math.exp(o.hubSigma * gaussian(rng) - (o.hubSigma * o.hubSigma) / 2);
    let norm2 = 0;
    for (let d = 0, c = leaf * D; d < D; d++) {
      let s = centres[c + d];
      for (let j = 0, a = d * R; j < R; j++) s += A[a + j] * eps[j];
      s = u[d] + hs * s + eta[d];
      x[d] = s;
      norm2 += s * s;
    }
    const target = 5.95 * (1 - 0.4 * f) * (1 + r / 2000) ** -0.05 * Math.exp(o.normSigma * gaussian(rng));
    const scale = norm2 > 0 ? target / Math.sqrt(norm2) : 0;
    for (let d = 0; d < D; d++) row[d] = x[d] * scale;

    out.utf8(word + ' ');
    out.reserve(rowBytes.length);
    out.buffer.set(rowBytes, out.pos);
    out.pos += rowBytes.length;
  }
  out.close();
  return { bytes: out.bytes, nonAscii, leaves };
}
