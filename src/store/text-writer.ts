/**
 * The JSONL and TSV writers (formats: jsonl-codec.ts, tsv-codec.ts). A build keeps two files:
 *
 *   <path>.partial       the header (with the metadata the build started with), then the rows as appended
 *   <path>.partial.rows  where each committed row ends: little-endian float64 byte offsets into the partial file,
 *                        the first one being where the header ends (so it holds committedRows + 1 numbers)
 *
 * append writes the rows' text at the end of the partial file. commit fsyncs the partial file, then appends the new
 * rows' end offsets to .rows and fsyncs that: an offset is in .rows only once the bytes before it are durable, so
 * after a kill (or a power cut) .rows says exactly which rows are complete. A resume truncates both files to row
 * `resumeRows` and appends from there, so it writes exactly the bytes an uninterrupted build writes.
 *
 * finish writes <path>.partial.tmp (the header with the final metadata, then the rows copied from the partial file),
 * fsyncs it, renames it to <path> (atomic: readers see no file or the whole file), then removes the partial files.
 * The copy costs about a second per 100 MB; it keeps the final file free of padding or placeholders.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, rmSync } from 'node:fs';
import { DictionaryError } from './dictionary-error.js';
import { finishingPathOf, partialPathOf, rowsPathOf } from './format.js';
import { renameDurably } from './fs-util.js';
import { jsonlCodec } from './jsonl-codec.js';
import { checkMeta, checkResumable, checkSameRows, type DictionaryMeta } from './meta.js';
import { checkRows, checkUniqueWords } from './rows.js';
import { readHeaderLines, writeAll } from './text-file.js';
import type { RowEncoder, TextCodec } from './text-codec.js';
import { tsvCodec } from './tsv-codec.js';
import type { DictionaryWriter } from './writer.js';

export function codecOf(format: 'jsonl' | 'tsv'): TextCodec {
  return format === 'jsonl' ? jsonlCodec : tsvCodec;
}

export function openTextWriter(format: 'jsonl' | 'tsv', path: string, meta: DictionaryMeta, resume: boolean, resumeRows: number | undefined): DictionaryWriter {
  const codec = codecOf(format);
  const partial = partialPathOf(path);
  const rowsPath = rowsPathOf(partial);
  rmSync(finishingPathOf(partial), { force: true });
  if (!resume) {
    const fd = openSync(partial, 'w+');
    let rowsFd: number | undefined;
    try {
      const header = Buffer.from(codec.header(meta));
      writeAll(fd, header, header.length, 0);
      fsyncSync(fd);
      rowsFd = openSync(rowsPath, 'w');
      const first = Buffer.alloc(8);
      first.writeDoubleLE(header.length);
      writeAll(rowsFd, first, 8, 0);
      fsyncSync(rowsFd);
      return new TextWriter(codec, path, meta, fd, rowsFd, header.length, 0, header.length);
    } catch (e) {
      closeSync(fd);
      if (rowsFd !== undefined) closeSync(rowsFd);
      throw e;
    }
  }

  const again = 'run without --resume to start over';
  if (!existsSync(partial)) throw new DictionaryError(`cannot resume: there is no partial dictionary ${partial}; ${again}`, partial);
  const fd = openSync(partial, 'r+');
  let rowsFd: number | undefined;
  try {
    const { lines, bytes } = readHeaderLines(fd, codec.headerLines, partial, format.toUpperCase());
    checkResumable(partial, codec.parseHeader(lines, partial), meta);
    if (!existsSync(rowsPath)) throw new DictionaryError(`cannot resume ${partial}: its row index ${rowsPath} is missing; ${again}`, rowsPath);
    rowsFd = openSync(rowsPath, 'r+');
    const ends = readEnds(rowsFd);
    const size = fstatSync(fd).size;
    if (ends.length === 0 || ends[0] !== bytes || ends.some((e, i) => e > size || (i > 0 && e < ends[i - 1]))) {
      throw new DictionaryError(`cannot resume ${partial}: its row index ${rowsPath} does not match it; ${again}`, rowsPath);
    }
    const committed = ends.length - 1;
    const keep = resumeRows ?? committed;
    if (keep > committed) {
      throw new DictionaryError(`cannot resume ${partial}: it holds ${committed} committed rows, fewer than the ${keep} the build expects; ${again}`, partial);
    }
    ftruncateSync(fd, ends[keep]);
    ftruncateSync(rowsFd, 8 * (keep + 1));
    fsyncSync(fd);
    fsyncSync(rowsFd);
    return new TextWriter(codec, path, meta, fd, rowsFd, bytes, keep, ends[keep]);
  } catch (e) {
    closeSync(fd);
    if (rowsFd !== undefined) closeSync(rowsFd);
    throw e;
  }
}

/** The offsets in a .rows file (a torn last number, from a kill while writing it, is ignored). */
function readEnds(rowsFd: number): number[] {
  const size = fstatSync(rowsFd).size;
  const buf = Buffer.alloc(size - (size % 8));
  let done = 0;
  while (done < buf.length) {
    const n = readSync(rowsFd, buf, done, buf.length - done, done);
    if (n === 0) break;
    done += n;
  }
  const ends: number[] = [];
  for (let i = 0; i + 8 <= done; i += 8) ends.push(buf.readDoubleLE(i));
  return ends;
}

class TextWriter implements DictionaryWriter {
  #fd: number | undefined;
  #rowsFd: number | undefined;
  #committed: number;
  #appended: number;
  /** Where the next row goes (the end of the appended rows). */
  #position: number;
  /** End offsets of the rows appended since the last commit. */
  #pending: number[] = [];
  #encoder: RowEncoder | undefined;
  #buf = Buffer.allocUnsafe(1 << 20);

  constructor(
    readonly codec: TextCodec,
    readonly path: string,
    readonly meta: DictionaryMeta,
    fd: number,
    rowsFd: number,
    readonly bodyStart: number,
    committed: number,
    position: number,
  ) {
    this.#fd = fd;
    this.#rowsFd = rowsFd;
    this.#committed = committed;
    this.#appended = committed;
    this.#position = position;
  }

  get committedRows(): number {
    return this.#committed;
  }

  append(start: number, count: number, indices: Int32Array, scores: Float32Array, words: readonly string[], modelRows?: Int32Array): void {
    const fd = this.#open();
    const lengths = checkRows(this.meta, this.#appended, start, count, indices, scores, words, modelRows);
    if (this.#encoder === undefined) {
      checkUniqueWords(words);
      this.#encoder = this.codec.prepare(words);
    }
    const k = this.meta.k;
    let used = 0;
    const ends: number[] = [];
    for (let r = 0; r < count; r++) {
      const text = this.#encoder.row(modelRows ? modelRows[r] : start + r, indices, scores, r * k, lengths[r]);
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (used + 3 * text.length > this.#buf.length) this.#grow(used, used + 3 * text.length);
      used += this.#buf.write(text, used);
      ends.push(this.#position + used);
    }
    writeAll(fd, this.#buf, used, this.#position);
    this.#position += used;
    for (const e of ends) this.#pending.push(e);
    this.#appended = start + count;
    if (this.#buf.length > 64 << 20) this.#buf = Buffer.allocUnsafe(1 << 20); // a huge chunk: do not keep its buffer
  }

  #grow(used: number, needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(needed, 2 * this.#buf.length));
    this.#buf.copy(bigger, 0, 0, used);
    this.#buf = bigger;
  }

  commit(): void {
    const fd = this.#open();
    const pending = this.#pending;
    if (pending.length === 0) return;
    fsyncSync(fd);
    const buf = Buffer.allocUnsafe(8 * pending.length);
    pending.forEach((e, i) => buf.writeDoubleLE(e, 8 * i));
    writeAll(this.#rowsFd!, buf, buf.length, 8 * (this.#committed + 1));
    fsyncSync(this.#rowsFd!);
    this.#committed += pending.length;
    this.#pending = [];
  }

  async finish(meta: DictionaryMeta): Promise<void> {
    checkMeta(meta);
    checkSameRows(this.meta, meta);
    const fd = this.#open();
    if (this.#appended !== meta.words) throw new RangeError(`finish: ${this.#appended} of the ${meta.words} rows (meta.words) were appended`);
    this.commit();
    const partial = partialPathOf(this.path);
    const tmp = finishingPathOf(partial);
    let out: number | undefined;
    try {
      out = openSync(tmp, 'w');
      const header = Buffer.from(this.codec.header(meta));
      writeAll(out, header, header.length, 0);
      let at = header.length;
      const buf = Buffer.allocUnsafe(8 << 20);
      for (let from = this.bodyStart; from < this.#position; ) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, this.#position - from), from);
        if (n === 0) throw new DictionaryError(`${partial} shrank while it was being finished`, partial);
        writeAll(out, buf, n, at);
        from += n;
        at += n;
        await new Promise((resolve) => setImmediate(resolve)); // let timers and progress output run
      }
      fsyncSync(out);
      closeSync(out);
      out = undefined;
      this.close();
      await renameDurably(tmp, this.path);
    } catch (e) {
      if (out !== undefined) closeSync(out);
      rmSync(tmp, { force: true });
      this.close();
      throw e;
    }
    rmSync(partial, { force: true });
    rmSync(rowsPathOf(partial), { force: true });
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    if (this.#rowsFd !== undefined) closeSync(this.#rowsFd);
    this.#fd = undefined;
    this.#rowsFd = undefined;
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error(`the dictionary writer of ${this.path} is closed`);
    return this.#fd;
  }
}
