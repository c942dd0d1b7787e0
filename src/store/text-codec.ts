/** What the JSONL and TSV formats each define: how a row and the metadata look as text, and how to read them back. */
import type { DictionaryMeta } from './meta.js';

export interface Neighbor {
  word: string;
  score: number;
  /** 1 = most similar. */
  rank: number;
}

export interface TextCodec {
  readonly format: 'jsonl' | 'tsv';
  /** Lines before the rows (the metadata, then any header), each ending in '\n'. */
  readonly headerLines: number;
  header(meta: DictionaryMeta): string;
  /** The metadata from the header lines (without their '\n'); a DictionaryError naming `file` if they are not this format's. */
  parseHeader(lines: string[], file: string): DictionaryMeta;
  /** Encodes the vocabulary once per writer. */
  prepare(words: readonly string[]): RowEncoder;
  /** Whether a row is one line (JSONL) or consecutive lines sharing their first field (TSV). */
  readonly linesPerRow: 'one' | 'grouped';
  /**
   * The byte range of the word field of the line [start, end) of `buf`, or -1 when the line is not a row. For
   * 'grouped', consecutive lines whose word fields hold the same bytes form one row.
   */
  wordField(buf: Buffer, start: number, end: number): [number, number] | -1;
  /** The word from its field's bytes; a DictionaryError naming `file` when the field is malformed. */
  decodeWord(buf: Buffer, start: number, end: number, file: string): string;
  /** A row's neighbours from its text (its lines, each ending in '\n'). */
  parseRow(text: string, file: string): Neighbor[];
}

export interface RowEncoder {
  /** The text of row `row`: its neighbours are indices/scores [base, base + len), best first. Ends in '\n'. */
  row(row: number, indices: Int32Array, scores: Float32Array, base: number, len: number): string;
}

/** The characters JSON.stringify leaves raw that line splitters other than "\n" split on (Python's str.splitlines). */
const LINE_BREAKER = /[\u0085\u2028\u2029]/;
const LINE_BREAKERS = /[\u0085\u2028\u2029]/g;

/** JSON.stringify with U+0085, U+2028 and U+2029 escaped too, so a JSON line is a line for every tool. */
export function jsonLine(value: unknown): string {
  const s = JSON.stringify(value);
  return LINE_BREAKER.test(s) ? s.replace(LINE_BREAKERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
}
