/**
 * A small seeded PRNG: the approximate engine's (the forest's two-means and splits, NN-descent's sampling: the
 * same seed gives the same dictionary), the recall sample's, the synthetic models'. splitmix32 (the 32-bit variant of Steele, Lea and Flood's SplitMix: a Weyl
 * sequence through a strong mixing function); 32-bit state, plenty for sampling, cheap, no BigInt.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator's state (a checkpoint); `new Random(state)` continues from it. */
  get stateNow(): number {
    return this.state;
  }

  /** The next 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** A whole number in [0, n) (n ≥ 1; n < 2^32). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An independent generator for a sub-task (a tree, an iteration), derived from this one's next output. */
  fork(): Random {
    return new Random(this.nextU32() ^ 0x5bd1e995);
  }
}

/** A 32-bit hash of (seed, x), splitmix32's mixing of a Weyl step: a random number per item that needs no order (priorities drawn by many threads). */
export function hash32(seed: number, x: number): number {
  let z = (seed + Math.imul(x + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
