/**
 * When a build commits its work (and saves its checkpoint): after `commitSeconds` since the last commit, and no
 * sooner than ten times the time the last commit took (COMMIT_SHARE: a huge model's checkpoints, 600 MB of heaps for
 * 3M words on the int8 path, would otherwise take over the build). The result sink (./result-sink.ts) and a shard
 * (./build-shard.ts) commit by it.
 */
import { performance } from 'node:perf_hooks';

/** Commits (with their checkpoints) take at most about this share of the time. */
export const COMMIT_SHARE = 0.1;

export class CommitClock {
  #last = performance.now();
  #taken = 0;

  /** `commitSeconds`: the least time between commits (default 10). */
  constructor(private readonly commitSeconds = 10) {}

  /** Whether a commit is due now. */
  due(): boolean {
    return performance.now() - this.#last >= Math.max(1000 * this.commitSeconds, this.#taken / COMMIT_SHARE);
  }

  /** Runs a commit and times it (the next one is due commitSeconds, or ten times this one's time, after it starts). */
  async commit(work: () => void | Promise<void>): Promise<void> {
    const start = performance.now();
    await work();
    this.#last = start;
    this.#taken = performance.now() - start;
  }
}
