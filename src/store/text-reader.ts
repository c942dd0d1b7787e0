/**
 * Reading a JSONL or TSV dictionary without loading it: opening scans the file once and keeps, for every word, where
 * its row starts (a Map of the words and an array of offsets: about 100 bytes a word, so a few million words are
 * fine); a lookup then reads and parses just that row. Opening costs about a second per 100-200 MB of file; for
 * many lookups of a big dictionary, the SQLite format opens instantly.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { wholeAtLeast } from '../checks/arguments.js';
import { quoteWord } from '../checks/quote-word.js';
import { DictionaryError } from './dictionary-error.js';
import type { DictionaryMeta } from './meta.js';
import type { DictionaryReader, Entry } from './reader.js';
import { readHeaderLines, scanLines } from './text-file.js';
import type { TextCodec } from './text-codec.js';

export function openTextReader(codec: TextCodec, file: string): DictionaryReader {
  const fd = openSync(file, 'r');
  try {
    return new TextReader(codec, file, fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

class TextReader implements DictionaryReader {
  readonly meta: DictionaryMeta;
  readonly #index = new Map<string, number>();
  /** Row i is the bytes [starts[i], starts[i + 1]) (the last one ends at the end of the file). */
  readonly #starts: number[] = [];
  readonly #fileSize: number;
  #fd: number | undefined;

  constructor(
    readonly codec: TextCodec,
    readonly file: string,
    fd: number,
  ) {
    this.#fd = fd;
    const what = codec.format.toUpperCase();
    const { lines, bytes } = readHeaderLines(fd, codec.headerLines, file, what);
    this.meta = codec.parseHeader(lines, file);
    this.#fileSize = fstatSync(fd).size;
    const grouped = codec.linesPerRow === 'grouped';
    let lineNo = codec.headerLines;
    let previous: Buffer | undefined;
    scanLines(fd, bytes, (view, start, end, offset) => {
      lineNo++;
      const field = codec.wordField(view, start, end);
      if (field === -1) throw new DictionaryError(`${file} is damaged: line ${lineNo} is not a dictionary row`, file);
      const [f0, f1] = field;
      if (grouped && previous !== undefined && previous.length === f1 - f0 && view.compare(previous, 0, previous.length, f0, f1) === 0) return;
      const word = codec.decodeWord(view, f0, f1, file);
      if (this.#index.has(word)) throw new DictionaryError(`${file} is damaged: the word ${quoteWord(word)} has a second row at line ${lineNo}`, file);
      this.#index.set(word, this.#starts.length);
      this.#starts.push(offset);
      if (grouped) previous = Buffer.from(view.subarray(f0, f1));
    });
    if (this.#starts.length !== this.meta.words) {
      throw new DictionaryError(`${file} is damaged or truncated: it holds ${this.#starts.length} words, its metadata says ${this.meta.words}`, file);
    }
  }

  get size(): number {
    return this.#starts.length;
  }

  lookup(word: string, topn?: number): Entry | undefined {
    checkTopn(topn);
    const fd = this.#open();
    const row = this.#index.get(word);
    if (row === undefined) return undefined;
    const start = this.#starts[row];
    const end = row + 1 < this.#starts.length ? this.#starts[row + 1] : this.#fileSize;
    const buf = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buf.length) {
      const n = readSync(fd, buf, done, buf.length - done, start + done);
      if (n === 0) throw new DictionaryError(`${this.file} changed while it was being read`, this.file);
      done += n;
    }
    const neighbors = this.codec.parseRow(buf.toString('utf8'), this.file);
    return { word, neighbors: topn === undefined ? neighbors : neighbors.slice(0, topn) };
  }

  words(): Iterable<string> {
    const index = this.#index;
    return { [Symbol.iterator]: () => index.keys() };
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error(`the dictionary ${this.file} is closed`);
    return this.#fd;
  }
}

/** A store lookup's topn: undefined (all), or a whole number ≥ 1. */
export function checkTopn(topn: number | undefined): void {
  if (topn !== undefined) wholeAtLeast('topn', topn, 1);
}
