import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { oneOf } from '../checks/arguments.js';
import { quoteWord } from '../checks/quote-word.js';
import { float32Repr } from './float32-repr.js';

/** Formats simdict writes. */
export type SaveFormat = 'word2vec-binary' | 'word2vec-text';

export interface SaveOptions {
  /** Default: binary for a `.bin` or `.bin.gz` name, text otherwise. A `.gz` name is gzip-compressed. */
  format?: SaveFormat;
}

/**
 * Writes a model the way gensim's `save_word2vec_format` does, so gensim (and simdict) read it back exactly:
 *
 *   header: "<count> <dim>\n"
 *   binary: word-utf8 0x20 float32[dim] little-endian   (no newline after the vector, gensim's layout)
 *   text:   word-utf8 (0x20 value)*dim "\n"             (values as numpy's repr of each float32)
 *
 * Words containing a space or a newline cannot be read back from either format (gensim writes them anyway and
 * then fails, or silently misreads them), so they are refused. The file is written under a temporary name and
 * renamed when complete: an interrupted save never leaves a partial model behind.
 */
export async function saveModel(model: KeyedVectors, file: string, options: SaveOptions = {}): Promise<void> {
  const format = options.format ?? (/\.bin(\.gz)?$/i.test(file) ? 'word2vec-binary' : 'word2vec-text');
  oneOf('format', format, ['word2vec-binary', 'word2vec-text']);
  for (const word of model.words) {
    if (/[ \n]/.test(word)) {
      throw new RangeError(`cannot save the word ${quoteWord(word)}: a word containing a space or a newline cannot be read back from a word2vec file`);
    }
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const chunks = Readable.from(format === 'word2vec-binary' ? binaryChunks(model) : textChunks(model));
  try {
    if (/\.gz$/i.test(file)) await pipeline(chunks, createGzip(), createWriteStream(tmp));
    else await pipeline(chunks, createWriteStream(tmp));
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Rows per chunk: about 4 MiB of output at a time. */
function rowsPerChunk(model: KeyedVectors, bytesPerRow: number): number {
  return Math.max(1, Math.floor((4 << 20) / bytesPerRow));
}

function* binaryChunks(model: KeyedVectors): Generator<Buffer> {
  yield Buffer.from(`${model.size} ${model.dim}\n`);
  const vectorBytes = 4 * model.dim;
  const step = rowsPerChunk(model, vectorBytes + 16);
  const bytes = new Uint8Array(model.vectors.buffer, model.vectors.byteOffset, model.size * vectorBytes);
  for (let start = 0; start < model.size; start += step) {
    const end = Math.min(model.size, start + step);
    const parts: Buffer[] = [];
    for (let i = start; i < end; i++) {
      parts.push(Buffer.from(`${model.words[i]} `), Buffer.from(bytes.subarray(i * vectorBytes, (i + 1) * vectorBytes)));
    }
    yield Buffer.concat(parts);
  }
}

function* textChunks(model: KeyedVectors): Generator<string> {
  yield `${model.size} ${model.dim}\n`;
  const step = rowsPerChunk(model, 12 * model.dim + 16);
  for (let start = 0; start < model.size; start += step) {
    const end = Math.min(model.size, start + step);
    let out = '';
    for (let i = start; i < end; i++) {
      const row = model.row(i);
      let line = model.words[i];
      for (let d = 0; d < row.length; d++) line += ' ' + float32Repr(row[d]);
      out += line + '\n';
    }
    yield out;
  }
}
