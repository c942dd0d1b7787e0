/**
 * Where every dictionary engine puts its rows: a store on disk (crash-safe, resumable) or arrays in memory. The sink
 * owns what the engines share: the metadata, the store writer or the result arrays, the commit policy and the
 * engine's checkpoint hook, progress, and the end (finish, or abort leaving the partial output for a resume).
 *
 * An engine opens a sink, starts at `resumedRows`, adds its rows by contiguous ranges in row order (a store is
 * appended in order and a resume keeps a prefix of committed rows; an engine that completes rows in another order,
 * such as an approximate one after its iterations, adds them once the rows before them are done), then finishes:
 *
 *   const sink = await ResultSink.open(meta, model.words, { out, resume, saveState });
 *   if (sink.complete) return sink.finish();          // --resume of a dictionary that is already finished
 *   for (...) await sink.add(start, count, rows, workDone);
 *   return sink.finish();
 *
 * Commits: after an add, when `commitSeconds` have passed since the last one and at least ten times the time the
 * last commit took (./commit-clock.ts: a huge model's checkpoints are expensive), and after the last row. A commit that
 * leaves rows to do calls the engine's `saveState`, which saves what the engine needs to continue from there
 * beside the partial output (./checkpoint.ts).
 *
 * Finishing: the writer writes the final metadata and renames the partial file to `out`; then the engine's state is
 * removed. A crash between any two steps leaves files that a resume finishes (the partial file is still there) or
 * recognises as complete (only `out`, perhaps with side files, which are then removed).
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DictionaryError } from '../store/dictionary-error.js';
import {
  checkOutputPath,
  finishedMeta,
  openDictionaryWriter,
  partialPathOf,
  removeLeftovers,
  resumeDifference,
  type DictionaryMeta,
  type DictionaryWriter,
} from '../store/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { VERSION } from '../version.js';
import { removeCheckpoint } from './checkpoint.js';
import { CommitClock } from './commit-clock.js';
import { modelHash } from './model-hash.js';

export interface DictionaryProgress {
  rowsDone: number;
  rows: number;
  /** Fraction of the work done (the engine's measure: the exact build's rows are not even, early blocks have more). */
  workDone: number;
  elapsedMs: number;
  /** Rows that were already done when a resumed build started. */
  resumedRows: number;
}

/** The result of a build: row i's neighbours are indices[i·k .. i·k+k) (−1 = none), best first. */
export interface Dictionary {
  words: readonly string[];
  k: number;
  /** In memory only (empty when the dictionary went to a store). */
  indices: Int32Array;
  scores: Float32Array;
  meta: DictionaryMeta;
  /** A resume found `out` already finished (and kept it as it was): nothing was built; `meta` is the file's. */
  alreadyComplete: boolean;
}

/** Rows of a range: count·k neighbours and scores, row by row; restricted dictionaries give each row's model row. */
export interface SinkRows {
  indices: Int32Array;
  scores: Float32Array;
  modelRows?: Int32Array;
}

export interface SinkOptions {
  /** Write the dictionary here (.sqlite, .jsonl, .tsv); without it the rows are kept in memory. */
  out?: string;
  /** Continue an interrupted build of `out` (or find it already finished). */
  resume?: boolean;
  /**
   * With resume: the rows the engine can continue from (its saved state's; the store drops the rows after them).
   * 0: the engine has nothing to continue from, so the partial output is replaced. Default: every committed row.
   */
  resumeRows?: number;
  /** Seconds between commits (default 10). */
  commitSeconds?: number;
  onProgress?: (p: DictionaryProgress) => void;
  /** Saves the engine's open state after a commit that leaves rows to do; rows [0, committedRows) are durable. */
  saveState?: (committedRows: number) => Promise<void>;
}

/** The metadata fields an engine decides; the sink adds the model's identity, the time and the version. */
export interface MetaFields {
  /** Rows of the dictionary. */
  words: number;
  /** Restricted dictionaries: the model's word count, and a hash of the listed rows. */
  vocabulary?: number;
  rowsHash?: string;
  k: number;
  includeSelf: boolean;
  method: string;
  /** 1 for exact methods. */
  recall: number | null;
}

export function dictionaryMeta(model: KeyedVectors, modelFile: string | undefined, f: MetaFields): DictionaryMeta {
  return {
    modelHash: modelHash(model),
    modelFile: modelFile ?? model.source.file,
    words: f.words,
    ...(f.vocabulary !== undefined && { vocabulary: f.vocabulary, rowsHash: f.rowsHash }),
    dim: model.dim,
    k: f.k,
    includeSelf: f.includeSelf,
    method: f.method,
    recall: f.recall,
    createdAt: new Date().toISOString(),
    simdictVersion: VERSION,
  };
}

/**
 * Removes every engine's saved state beside a partial file: the exact engine's checkpoint and the approximate
 * engine's (../graph/approximate-state.ts, `<partial>.ann-state`), whichever engine finished the output (an
 * interrupted approximate build finished by --exact leaves no stale state).
 */
async function removeEngineStates(partial: string): Promise<void> {
  await removeCheckpoint(partial);
  for (const f of [`${partial}.ann-state`, `${partial}.ann-state.tmp`]) rmSync(f, { force: true });
}

export class ResultSink {
  readonly #meta: DictionaryMeta;
  readonly #words: readonly string[];
  readonly #options: SinkOptions;
  readonly #writer: DictionaryWriter | undefined;
  readonly #inMemory: { indices: Int32Array; scores: Float32Array } | undefined;
  readonly #started = performance.now();
  readonly #clock: CommitClock;
  #added: number;
  /** Rows already done when the sink opened: the engine continues from here. */
  readonly resumedRows: number;

  private constructor(
    meta: DictionaryMeta,
    words: readonly string[],
    options: SinkOptions,
    writer: DictionaryWriter | undefined,
    /** With resume: the finished dictionary's metadata, when `out` was already complete. */
    readonly finished?: DictionaryMeta,
  ) {
    this.#meta = meta;
    this.#words = words;
    this.#options = options;
    this.#clock = new CommitClock(options.commitSeconds);
    this.#writer = writer;
    const rows = finished ? meta.words : (writer?.committedRows ?? 0);
    this.resumedRows = rows;
    this.#added = rows;
    const size = finished || writer ? 0 : meta.words * meta.k;
    this.#inMemory = writer || finished ? undefined : { indices: new Int32Array(size).fill(-1), scores: new Float32Array(size).fill(NaN) };
  }

  /**
   * Opens the sink of a build described by `meta`; `words` is the model's vocabulary. With `out`: checks that it can
   * be written (checkOutputPath), then starts the partial output, or with `resume` continues it; a resume of a
   * finished dictionary of the same build (modelHash, k, includeSelf, method, rows) gives a `complete` sink, one of
   * another build a DictionaryError naming what differs.
   */
  static async open(meta: DictionaryMeta, words: readonly string[], options: SinkOptions): Promise<ResultSink> {
    const { out } = options;
    if (out === undefined) {
      if (options.resume) throw new RangeError('resume needs an output file');
      return new ResultSink(meta, words, options, undefined);
    }
    checkOutputPath(out);
    const partial = partialPathOf(out);
    const finished = options.resume ? finishedMeta(out) : undefined;
    if (finished) {
      const key = resumeDifference(finished, meta);
      if (key !== undefined) {
        throw new DictionaryError(
          `nothing to resume: ${out} is a finished dictionary built with ${key} ${JSON.stringify(finished[key])}, this build has ${key} ${JSON.stringify(meta[key])}; run without --resume to rebuild it`,
          out,
        );
      }
      await removeEngineStates(partial); // left by a build killed just after its final rename
      removeLeftovers(out);
      return new ResultSink(meta, words, options, undefined, finished);
    }
    const resume = Boolean(options.resume) && options.resumeRows !== 0;
    if (!resume) await removeCheckpoint(partial); // a stale one from an abandoned build
    const writer = openDictionaryWriter(out, meta, { resume, resumeRows: resume ? options.resumeRows : undefined });
    return new ResultSink(meta, words, options, writer);
  }

  /** With resume: `out` is already a finished dictionary of this build; finish() returns it unchanged. */
  get complete(): boolean {
    return this.finished !== undefined;
  }

  /**
   * Adds rows [start, start + count) (start = the rows added so far), commits when due (calling saveState; not with
   * `defer`: the engine then calls commitIfDue when its state can be saved), and reports progress with the
   * engine's measure of the work done (0 to 1).
   */
  async add(start: number, count: number, rows: SinkRows, workDone: number, defer = false): Promise<void> {
    const { k } = this.#meta;
    if (start !== this.#added) throw new RangeError(`add: start must be ${this.#added} (the rows added so far), got ${start}`);
    const writer = this.#writer;
    if (writer) writer.append(start, count, rows.indices, rows.scores, this.#words, rows.modelRows);
    else if (this.#inMemory) {
      this.#inMemory.indices.set(rows.indices.subarray(0, count * k), start * k);
      this.#inMemory.scores.set(rows.scores.subarray(0, count * k), start * k);
    } else throw new RangeError('add: the dictionary is already complete');
    const done = (this.#added = start + count);
    const now = performance.now();
    if (!defer) await this.commitIfDue();
    this.#options.onProgress?.({ rowsDone: done, rows: this.#meta.words, workDone, elapsedMs: now - this.#started, resumedRows: this.resumedRows });
  }

  /** Whether a commit is due: the commit clock says so, or every row is added (an output file only). */
  get commitDue(): boolean {
    return this.#writer !== undefined && (this.#clock.due() || this.#added === this.#meta.words);
  }

  /** Commits the rows added so far when due, saving the engine's state (saveState) while rows remain to do. */
  async commitIfDue(): Promise<void> {
    const writer = this.#writer;
    if (!writer || !this.commitDue) return;
    const done = this.#added;
    await this.#clock.commit(async () => {
      writer.commit();
      if (done < this.#meta.words) await this.#options.saveState?.(writer.committedRows);
    });
  }

  /**
   * Every row added: finishes the store (final metadata, rename to `out`, then the engine's state removed) and returns
   * the result. `measured`: fields known only at the end (an approximate engine's measured recall and its run's
   * figures), merged into the final metadata; the fields a resume checks (RESUME_KEYS) cannot change.
   */
  async finish(measured: Partial<DictionaryMeta> = {}): Promise<Dictionary> {
    const none = { indices: new Int32Array(0), scores: new Float32Array(0) };
    const result = { words: this.#words, k: this.#meta.k };
    if (this.finished) return { ...result, ...none, meta: this.finished, alreadyComplete: true };
    if (this.#added !== this.#meta.words) throw new RangeError(`finish: ${this.#added} of the ${this.#meta.words} rows were added`);
    const meta: DictionaryMeta = { ...this.#meta, ...measured };
    if (this.#writer) {
      await this.#writer.finish(meta);
      await removeEngineStates(partialPathOf(this.#options.out!));
    }
    return { ...result, ...(this.#inMemory ?? none), meta, alreadyComplete: false };
  }

  /** Stops without finishing: the rows not committed are dropped; the partial output stays for a resume. */
  abort(): void {
    this.#writer?.close();
  }
}
