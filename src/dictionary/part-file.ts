/**
 * A part file: what one shard of the exact dictionary job (./build-shard.ts) leaves for the merge
 * (./merge-parts.ts). It holds every row's partial top k: for each of the model's n rows, the k best candidates
 * among the pairs the shard scored (its row blocks' diagonal tiles and the candidates after them, which feed the
 * rows of both sides) that reach the row's seed (a lower bound on the scores of the row's exact top k, the same in
 * every shard: ./exact-run.ts), so a row may list fewer than k; ranked as the engine ranks (score descending, then
 * index ascending, NaN last). Each member of a row's exact top k is scored by one shard and is in that shard's list,
 * so the merge of all N parts of a job, the top k of each row's lists, is exactly the single-machine dictionary.
 *
 * The parts carry the model's words, so that the merge needs no model: a UTF-8 JSON array, 1–30 MB for models of
 * 0.1–3M words, beside the 8·n·k bytes of rows (360 MB for 3M words at k 15).
 *
 * Layout (little-endian):
 *
 * | offset | size               | contents                                                                      |
 * |--------|--------------------|-------------------------------------------------------------------------------|
 * | 0      | 8                  | magic `SIMDPART`                                                              |
 * | 8      | 4                  | u32 version (1)                                                               |
 * | 12     | 4                  | u32 byte length L of the JSON header                                          |
 * | 16     | L, padded to 8     | JSON header (PartHeader): the dictionary's metadata (model hash, words, dim, k, includeSelf, method, recall, ...), shard { index, count }, blockRows, the shard's blocks, wordsBytes |
 * | W      | wordsBytes, pad. 8 | the model's words: a UTF-8 JSON array of n strings, in row order              |
 * | R      | 8 · n · k          | the rows: row r at R + 8·k·r, k i32 neighbour indices (−1: none) then their k f32 scores (NaN for none) |
 * | R + 8nk| 32                 | SHA-256 of every byte before it                                               |
 *
 * A part is written to `<out>.partial` and renamed to `out` only when complete (./build-shard.ts), so a part file
 * found under its name is whole unless it was damaged later: the reader checks the size, the checksum checks the
 * rest.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { TopKResult } from '../kernels/types.js';
import { DictionaryError } from '../store/dictionary-error.js';
import { renameDurably, type DictionaryMeta } from '../store/index.js';

export const PART_MAGIC = 'SIMDPART';
export const PART_VERSION = 1;
const CHECKSUM_BYTES = 32;

export interface PartHeader {
  /** The metadata the whole job's dictionary gets, but its createdAt, which is empty (the merge stamps it). */
  meta: DictionaryMeta;
  shard: { index: number; count: number };
  /** The schedule's block size: the partition of the blocks among the shards depends on it. */
  blockRows: number;
  /** The row blocks this shard scored (../dictionary/schedule.ts, shardBlocks). */
  blocks: number[];
  /** Bytes of the words' JSON. */
  wordsBytes: number;
}

const pad8 = (x: number): number => Math.ceil(x / 8) * 8;

/** A part's byte offsets and size, from its header. */
function layoutOf(headerBytes: number, h: PartHeader): { words: number; rows: number; checksum: number; size: number } {
  const words = 16 + pad8(headerBytes);
  const rows = words + pad8(h.wordsBytes);
  const checksum = rows + 8 * h.meta.words * h.meta.k;
  return { words, rows, checksum, size: checksum + CHECKSUM_BYTES };
}

/** Writes a part at `<out>.partial`, row range by row range in order, then renames it to `out` (finish). */
export class PartWriter {
  readonly #fd: number;
  readonly #hash: Hash = createHash('sha256');
  readonly #partial: string;
  #rows = 0;

  private constructor(readonly out: string, readonly header: PartHeader) {
    this.#partial = `${out}.partial`;
    this.#fd = openSync(this.#partial, 'w');
  }

  static open(out: string, header: Omit<PartHeader, 'wordsBytes'>, words: readonly string[]): PartWriter {
    const wordsJson = Buffer.from(JSON.stringify(words));
    const full: PartHeader = { ...header, wordsBytes: wordsJson.length };
    const json = Buffer.from(JSON.stringify(full));
    const head = Buffer.alloc(16 + pad8(json.length));
    head.write(PART_MAGIC, 0, 'latin1');
    head.writeUInt32LE(PART_VERSION, 8);
    head.writeUInt32LE(json.length, 12);
    json.copy(head, 16);
    const writer = new PartWriter(out, full);
    try {
      writer.#write(head);
      writer.#write(Buffer.concat([wordsJson, Buffer.alloc(pad8(wordsJson.length) - wordsJson.length)]));
    } catch (e) {
      writer.abort();
      throw e;
    }
    return writer;
  }

  #write(bytes: Uint8Array, hashed = true): void {
    if (hashed) this.#hash.update(bytes);
    for (let at = 0; at < bytes.length; ) at += writeSync(this.#fd, bytes, at, bytes.length - at);
  }

  /** Appends the next `count` rows (k per row, as ExactRun.rows gives them). */
  append(count: number, rows: TopKResult): void {
    const k = this.header.meta.k;
    if (this.#rows + count > this.header.meta.words) throw new RangeError(`append: ${this.#rows + count} rows exceed the part's ${this.header.meta.words}`);
    const buffer = new ArrayBuffer(8 * k * count);
    for (let r = 0; r < count; r++) {
      new Int32Array(buffer, 8 * k * r, k).set(rows.indices.subarray(r * k, r * k + k));
      new Float32Array(buffer, 8 * k * r + 4 * k, k).set(rows.scores.subarray(r * k, r * k + k));
    }
    this.#write(new Uint8Array(buffer));
    this.#rows += count;
  }

  /** Every row appended: the checksum, fsync, then the rename to `out`. */
  async finish(): Promise<void> {
    if (this.#rows !== this.header.meta.words) throw new RangeError(`finish: ${this.#rows} of the ${this.header.meta.words} rows were appended`);
    this.#write(this.#hash.digest(), false);
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    await renameDurably(this.#partial, this.out);
  }

  /** Stops and removes the partial file. */
  abort(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    rmSync(this.#partial, { force: true });
  }
}

/** A part file opened for reading: its header checked, its size checked against it. close() when done. */
export class PartReader {
  private constructor(
    readonly path: string,
    readonly header: PartHeader,
    private readonly fd: number,
    private readonly at: ReturnType<typeof layoutOf>,
  ) {}

  /** Opens `path`; a DictionaryError naming it when it is not a part file of this version, or is truncated. */
  static open(path: string): PartReader {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const head = Buffer.alloc(16);
      const not = `${path} is not a simdict part file (from \`simdict dict --shard\`)`;
      if (readSync(fd, head, 0, 16, 0) < 16 || head.toString('latin1', 0, 8) !== PART_MAGIC) throw new DictionaryError(not, path);
      const version = head.readUInt32LE(8);
      if (version !== PART_VERSION) throw new DictionaryError(`${path} is a part file of version ${version}; this simdict reads version ${PART_VERSION}: rerun its shard with this simdict`, path);
      const length = head.readUInt32LE(12);
      const truncated = (why: string) => new DictionaryError(`${path} is truncated: ${why}; rerun its shard`, path);
      if (16 + length > size) throw truncated(`its header announces ${16 + length} bytes of header, the file has ${size}`);
      const json = Buffer.alloc(length);
      readSync(fd, json, 0, length, 16);
      let header: PartHeader;
      try {
        header = JSON.parse(json.toString('utf8')) as PartHeader;
      } catch {
        throw new DictionaryError(`${not}: its header is not JSON`, path);
      }
      const { meta, shard } = header ?? {};
      const whole = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
      if (!meta || !shard || !whole(meta.words, 0) || !whole(meta.k, 1) || !whole(header.wordsBytes, 0) || !whole(shard.count, 1) || !whole(shard.index, 0) || shard.index >= shard.count) {
        throw new DictionaryError(`${not}: its header lacks fields or has wrong ones`, path);
      }
      const at = layoutOf(length, header);
      if (size !== at.size) {
        throw size < at.size ? truncated(`${size} bytes, where ${meta.words} rows of k ${meta.k} take ${at.size}`) : new DictionaryError(`${path} has ${size - at.size} bytes too many after its ${at.size}: not a part file as simdict writes it; rerun its shard`, path);
      }
      return new PartReader(path, header, fd, at);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Whether the checksum matches the contents: reads the whole file. */
  checksumMatches(): boolean {
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(4 << 20);
    for (let at = 0; at < this.at.checksum; ) {
      const got = readSync(this.fd, chunk, 0, Math.min(chunk.length, this.at.checksum - at), at);
      if (got <= 0) return false;
      hash.update(chunk.subarray(0, got));
      at += got;
    }
    const stored = Buffer.alloc(CHECKSUM_BYTES);
    readSync(this.fd, stored, 0, CHECKSUM_BYTES, this.at.checksum);
    return hash.digest().equals(stored);
  }

  /** The model's words. */
  words(): string[] {
    const bytes = Buffer.alloc(this.header.wordsBytes);
    readSync(this.fd, bytes, 0, bytes.length, this.at.words);
    return JSON.parse(bytes.toString('utf8')) as string[];
  }

  /** Rows [r0, r1): k indices and k scores per row, row r at (r − r0)·k, as the shard wrote them. */
  rows(r0: number, r1: number): TopKResult {
    const k = this.header.meta.k, count = r1 - r0;
    const bytes = new Uint8Array(8 * k * count);
    for (let got = 0; got < bytes.length; ) {
      const n = readSync(this.fd, bytes, got, bytes.length - got, this.at.rows + 8 * k * r0 + got);
      if (n <= 0) throw new DictionaryError(`${this.path} is truncated; rerun its shard`, this.path);
      got += n;
    }
    const indices = new Int32Array(count * k), scores = new Float32Array(count * k);
    for (let r = 0; r < count; r++) {
      indices.set(new Int32Array(bytes.buffer, 8 * k * r, k), r * k);
      scores.set(new Float32Array(bytes.buffer, 8 * k * r + 4 * k, k), r * k);
    }
    return { indices, scores };
  }

  close(): void {
    closeSync(this.fd);
  }
}
