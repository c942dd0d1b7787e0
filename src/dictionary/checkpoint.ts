import { open, readFile, rename, unlink } from 'node:fs/promises';
import { DictionaryError } from '../store/dictionary-error.js';
import type { DictionaryMeta } from '../store/index.js';

/**
 * The state a resumed dictionary build needs besides its committed output: the partial top-k heaps of the rows not
 * yet final (rows ≥ fromRow), as they were at the output's last commit. Kept beside the partial output as
 * `<partial>.state`, replaced atomically (temp file + rename) at every commit, removed when the build finishes.
 *
 * A shard (./build-shard.ts) keeps every row open until its end: its checkpoint holds the heaps of all rows
 * (fromRow 0), and committedRows counts the shard's blocks done rather than rows.
 *
 * Layout (little-endian):
 *
 * | offset      | size            | contents                                                           |
 * |-------------|-----------------|--------------------------------------------------------------------|
 * | 0           | 8               | magic `SIMDCKPT`                                                   |
 * | 8           | 4               | u32 version (1)                                                    |
 * | 12          | 4               | u32 byte length L of the JSON header                               |
 * | 16          | L, padded to 8  | JSON: modelHash, k, includeSelf, method, words, blockRows, fromRow, committedRows, and for a shard of the job (./build-shard.ts) shard "i/N" |
 * | H           | 4·(n−fromRow)·k | f32 heap scores                                                    |
 * | H + that    | 4·(n−fromRow)·k | i32 heap indices                                                   |
 */
const MAGIC = 'SIMDCKPT';
const VERSION = 1;

export interface Checkpoint {
  fromRow: number;
  committedRows: number;
  heapScores: Float32Array;
  heapIndices: Int32Array;
}

interface Header {
  modelHash: string;
  k: number;
  includeSelf: boolean;
  method: string;
  words: number;
  blockRows: number;
  fromRow: number;
  committedRows: number;
  /** A shard's checkpoint: "index/count". */
  shard?: string;
}

export const checkpointPathOf = (partial: string): string => `${partial}.state`;

export async function writeCheckpoint(
  partial: string,
  meta: DictionaryMeta,
  blockRows: number,
  fromRow: number,
  committedRows: number,
  heaps: { scores: Float32Array; indices: Int32Array },
  shard?: string,
): Promise<void> {
  const header: Header = { modelHash: meta.modelHash, k: meta.k, includeSelf: meta.includeSelf, method: meta.method, words: meta.words, blockRows, fromRow, committedRows, shard };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(16 + Math.ceil(json.length / 8) * 8);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(VERSION, 8);
  head.writeUInt32LE(json.length, 12);
  json.copy(head, 16);
  const path = checkpointPathOf(partial);
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(head);
    await fh.write(new Uint8Array(heaps.scores.buffer, heaps.scores.byteOffset, heaps.scores.byteLength));
    await fh.write(new Uint8Array(heaps.indices.buffer, heaps.indices.byteOffset, heaps.indices.byteLength));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/**
 * Checkpoints written while the build goes on: save() waits for the previous write, takes the heaps (`heaps()`:
 * typically a snapshot the build copied at a pause, which must stay unchanged until the next save or settled())
 * and returns once the write has started; the write, its fsync and its rename run in the background. A failed
 * write fails the next save() or settled(). A crash before the rename leaves the previous checkpoint, which matches
 * the output's previous commit: the output's rows beyond a checkpoint's committedRows are dropped on resume.
 */
export class CheckpointWriter {
  #pending: Promise<void> = Promise.resolve();

  constructor(private readonly partial: string, private readonly meta: DictionaryMeta, private readonly blockRows: number, private readonly shard?: string) {}

  async save(fromRow: number, committedRows: number, heaps: () => { scores: Float32Array; indices: Int32Array }): Promise<void> {
    await this.#pending;
    this.#pending = writeCheckpoint(this.partial, this.meta, this.blockRows, fromRow, committedRows, heaps(), this.shard);
    this.#pending.catch(() => {}); // (seen by the next save or settled())
  }

  /** Resolves when the last write has landed (or rejects with its error). */
  settled(): Promise<void> {
    return this.#pending;
  }
}

/**
 * The checkpoint of an interrupted build (heaps of `heapK` entries: k, or k + margin on the int8 path), or undefined when there is none (the build then starts over). Throws a
 * clear error when it belongs to another model or other settings.
 */
export async function readCheckpoint(partial: string, meta: DictionaryMeta, blockRows: number, heapK: number, shard?: string): Promise<Checkpoint | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(checkpointPathOf(partial));
  } catch {
    return undefined;
  }
  if (bytes.length < 16 || bytes.toString('latin1', 0, 8) !== MAGIC || bytes.readUInt32LE(8) !== VERSION) {
    throw new DictionaryError(`${checkpointPathOf(partial)} is not a simdict checkpoint of this version; run without --resume to start over`, checkpointPathOf(partial));
  }
  const length = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + length)) as Header;
  const wanted: Partial<Header> = { modelHash: meta.modelHash, k: meta.k, includeSelf: meta.includeSelf, method: meta.method, words: meta.words, blockRows, shard };
  for (const [key, value] of Object.entries(wanted)) {
    if (header[key as keyof Header] !== value) {
      throw new DictionaryError(`cannot resume ${partial}: the interrupted build used ${key} ${JSON.stringify(header[key as keyof Header])}, this one ${JSON.stringify(value)}; run without --resume to start over`, partial);
    }
  }
  const values = (meta.words - header.fromRow) * heapK;
  const at = 16 + Math.ceil(length / 8) * 8;
  if (bytes.length !== at + 8 * values) throw new DictionaryError(`${checkpointPathOf(partial)} is truncated; run without --resume to start over`, checkpointPathOf(partial));
  const copy = new Uint8Array(8 * values);
  copy.set(bytes.subarray(at, at + 8 * values));
  return {
    fromRow: header.fromRow,
    committedRows: header.committedRows,
    heapScores: new Float32Array(copy.buffer, 0, values),
    heapIndices: new Int32Array(copy.buffer, 4 * values, values),
  };
}

/**
 * The method ('exact-f32' or 'exact-int8-rescored') of the interrupted build whose checkpoint is beside `partial`,
 * read from its header only; undefined when there is no readable one (readCheckpoint then says why).
 */
export async function checkpointMethod(partial: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(checkpointPathOf(partial), 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(16);
    await fh.read(head, 0, 16, 0);
    if (head.toString('latin1', 0, 8) !== MAGIC || head.readUInt32LE(8) !== VERSION) return undefined;
    const json = Buffer.alloc(head.readUInt32LE(12));
    await fh.read(json, 0, json.length, 16);
    return (JSON.parse(json.toString('utf8')) as Header).method;
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Removes the checkpoint, and the temporary file of a checkpoint write that was interrupted. */
export async function removeCheckpoint(partial: string): Promise<void> {
  const path = checkpointPathOf(partial);
  await Promise.all([unlink(path).catch(() => {}), unlink(`${path}.tmp`).catch(() => {})]);
}
