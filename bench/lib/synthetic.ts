/**
 * A synthetic word2vec model for the load benchmark: `rows` words of `dim` values, written straight to disk in
 * chunks (never held in memory), identical on every run (a fixed-seed xorshift PRNG).
 *
 * - Words: 3 to 10 pseudo-random lowercase letters, `_`, then the row number in base 36 (so all are unique),
 *   e.g. `qhdmr_2n9c`: ~12 bytes, like a real vocabulary's long tail.
 * - Values: k / 10^6 for a uniform integer k in [-999999, 999999]. The text file writes them as `0.123456` /
 *   `-0.000042` (six decimals, as the word2vec C tool's `%lf`); the binary file holds the same values rounded to
 *   float32. So the text file is the same model as the binary one (or its first `textRows` rows).
 * - Layouts: binary as gensim writes it (`count dim\n`, then `word ` + dim little-endian float32, no newline);
 *   text as word2vec text (`count dim\n`, then `word v1 ... vdim\n`).
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

export interface SyntheticSpec {
  rows: number;
  dim: number;
  seed?: number;
}

export interface SyntheticOutputs {
  /** word2vec binary file to write (all rows), or undefined. */
  binary?: string;
  /** word2vec text file to write, or undefined. */
  text?: string;
  /** Rows in the text file (its first rows); default all. */
  textRows?: number;
}

const CHUNK = 8 << 20;

/** A buffered, synchronous file writer: the output is written under `file.tmp` and renamed by `close()`. */
export class ChunkWriter {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  bytes = 0;
  constructor(private readonly file: string) {
    this.fd = openSync(`${file}.tmp`, 'w');
  }
  /** Room for `n` more bytes at `this.at`. */
  reserve(n: number): void {
    if (this.at + n > CHUNK) this.flush();
  }
  flush(): void {
    let done = 0;
    while (done < this.at) done += writeSync(this.fd, this.buf, done, this.at - done);
    this.bytes += this.at;
    this.at = 0;
  }
  ascii(s: string): void {
    this.reserve(s.length);
    this.at += this.buf.write(s, this.at, 'latin1');
  }
  /** `s` as UTF-8 (at most 3 bytes a UTF-16 unit). */
  utf8(s: string): void {
    this.reserve(3 * s.length);
    this.at += this.buf.write(s, this.at, 'utf8');
  }
  get buffer(): Buffer {
    return this.buf;
  }
  get pos(): number {
    return this.at;
  }
  set pos(p: number) {
    this.at = p;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(`${this.file}.tmp`, this.file);
  }
}

/** Writes the requested files in one pass; returns their sizes in bytes. */
export function writeSynthetic(spec: SyntheticSpec, out: SyntheticOutputs): { binaryBytes?: number; textBytes?: number } {
  const { rows, dim } = spec;
  const textRows = Math.min(out.textRows ?? rows, rows);
  let state = (spec.seed ?? 0x9e3779b9) >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const bin = out.binary ? new ChunkWriter(out.binary) : undefined;
  const txt = out.text ? new ChunkWriter(out.text) : undefined;
  bin?.ascii(`${rows} ${dim}\n`);
  txt?.ascii(`${textRows} ${dim}\n`);
  const row = new Float32Array(dim);
  const rowBytes = new Uint8Array(row.buffer);
  const ks = new Int32Array(dim);
  for (let r = 0; r < rows; r++) {
    const letters = 3 + (next() % 8);
    let word = '';
    for (let i = 0; i < letters; i++) word += String.fromCharCode(97 + (next() % 26));
    word += '_' + r.toString(36);
    for (let d = 0; d < dim; d++) {
      const k = (next() % 1999999) - 999999;
      ks[d] = k;
      row[d] = k / 1e6;
    }
    if (bin) {
      bin.ascii(word + ' ');
      bin.reserve(rowBytes.length);
      bin.buffer.set(rowBytes, bin.pos);
      bin.pos += rowBytes.length;
    }
    if (txt && r < textRows) {
      txt.ascii(word);
      txt.reserve(10 * dim + 1);
      const b = txt.buffer;
      let p = txt.pos;
      for (let d = 0; d < dim; d++) {
        let k = ks[d];
        b[p++] = 0x20;
        if (k < 0) {
          b[p++] = 0x2d;
          k = -k;
        }
        b[p++] = 0x30;
        b[p++] = 0x2e;
        for (let div = 100000; div >= 1; div = (div / 10) | 0) {
          b[p++] = 0x30 + (((k / div) | 0) % 10);
        }
      }
      b[p++] = 0x0a;
      txt.pos = p;
    }
    if (!bin && (!txt || r >= textRows)) break;
  }
  bin?.close();
  txt?.close();
  return { binaryBytes: bin?.bytes, textBytes: txt?.bytes };
}
