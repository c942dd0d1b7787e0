import { ChunkReader } from './chunk-reader.js';
import type { Header } from './header.js';
import { ModelBuilder } from './model-builder.js';
import { ModelFormatError } from './model-format-error.js';
import { describeUtf8Problem } from './utf8.js';
import type { WordDecoder } from './word-decoder.js';

/**
 * The body of a word2vec binary file, after its header line:
 *
 *   record := word-bytes 0x20 float32[dim] (little-endian) ["\n"]
 *
 * gensim writes no newline after each vector; the original C tool writes one. Like gensim, a `\n` at the start of a
 * word is stripped after decoding, which accepts both layouts. A word is the bytes up to the next space, so a vector
 * may contain any byte. Exactly `count` records are read.
 */

/** A word longer than this without a space means the file is not what the header says. */
const MAX_WORD_BYTES = 1 << 20;

export interface BinaryBodyOptions {
  file: string;
  header: Header;
  /** Records to read: min(header count, limit). */
  count: number;
  decode: WordDecoder;
  /** True when a `limit` below the header's count was asked for: then trailing records are expected. */
  limited: boolean;
}

export async function readWord2VecBinaryBody(reader: ChunkReader, builder: ModelBuilder, o: BinaryBodyOptions): Promise<void> {
  const { file, count, decode } = o;
  const dim = o.header.dim;
  const vectorBytes = 4 * dim;
  for (let record = 0; record < count; record++) {
    // Find the space that ends the word (noting whether the word is ASCII), and make sure the whole vector after it
    // is in the buffer.
    let { buf } = reader;
    let space = reader.pos, high = 0;
    for (; space < buf.length && buf[space] !== 0x20; space++) high |= buf[space];
    while (space >= buf.length || space + 1 + vectorBytes > buf.length) {
      if (space >= buf.length && buf.length - reader.pos > MAX_WORD_BYTES) {
        throw new ModelFormatError(file, `word ${record + 1} has no space after it within ${MAX_WORD_BYTES} bytes: not a word2vec binary body`, { byte: reader.offset() });
      }
      const scanned = space - reader.pos;
      if (!(await reader.more())) throw truncated(reader, o, record);
      buf = reader.buf;
      for (space = reader.pos + scanned; space < buf.length && buf[space] !== 0x20; space++) high |= buf[space];
    }
    const start = reader.pos;
    const word = high < 0x80 ? buf.toString('latin1', start, space) : decode(buf, start, space);
    if (typeof word !== 'string') {
      const problem = `word ${record + 1} is not valid text in the file's encoding (${describeUtf8Problem(buf, start, word)})` +
        (record === 0 ? '' : '; if the header\'s dimension is wrong, every word after the first is misread');
      throw new ModelFormatError(
        file,
        (say) => `${problem}. Pass ${say('unicodeErrors', 'replace')} or ${say('unicodeErrors', 'ignore')} to load such words anyway`,
        { byte: reader.offset(start) },
      );
    }
    const row = builder.nextRow;
    copyVector(buf, space + 1, builder.u32, row * dim, dim);
    if (record === 0) rejectTextBody(buf, space + 1, vectorBytes, o);
    builder.add(stripLeadingNewlines(word));
    reader.pos = space + 1 + vectorBytes;
  }
  if (!o.limited) await rejectTrailingData(reader, o);
}

/**
 * Copies `dim` little-endian 32-bit words from `bytes` (at any alignment) into `to` at `at`, bit for bit (NaN
 * payloads included), without a typed-array view per record.
 */
function copyVector(bytes: Buffer, from: number, to: Uint32Array, at: number, dim: number): void {
  for (let i = 0, b = from; i < dim; i++, b += 4) to[at + i] = (bytes[b] | (bytes[b + 1] << 8) | (bytes[b + 2] << 16) | (bytes[b + 3] << 24)) >>> 0;
}

/**
 * Removes the line end the C layout writes after each vector from the start of the next word. gensim strips only
 * `\n` (`word.lstrip('\n')`), so a file written with CRLF line ends gives words like "\r\nof"; we strip `\r` too.
 */
function stripLeadingNewlines(word: string): string {
  let i = 0;
  while (i < word.length && (word.charCodeAt(i) === 10 || word.charCodeAt(i) === 13)) i++;
  return i === 0 ? word : word.slice(i);
}

function truncated(reader: ChunkReader, o: BinaryBodyOptions, record: number): ModelFormatError {
  return new ModelFormatError(
    o.file,
    `the file ends in the middle of word ${record + 1}, but the header announces ${o.header.count} words of ${o.header.dim} dimensions (${o.header.dim * 4} bytes each): the file is truncated or the header is wrong`,
    { byte: reader.offset(reader.buf.length) },
  );
}

/** A text file read as binary "loads" garbage in gensim; here it is an error that says what to do. */
function rejectTextBody(buf: Buffer, at: number, n: number, o: BinaryBodyOptions): void {
  for (let i = at; i < at + n; i++) {
    const b = buf[i];
    const numeric = (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2d || b === 0x2b || b === 0x65 || b === 0x45 || b === 0x20 || b === 0x0a || b === 0x0d;
    if (!numeric) return;
  }
  throw new ModelFormatError(o.file, (say) => `the first vector is made of digits and spaces: this is a text model, load it without ${say('binary', true)} (${say('format', 'word2vec-text')})`);
}

/**
 * After the header's count of records only line ends may follow. Anything else means the header's count is too low,
 * or a word contained a space and shifted the rest of the file (gensim loads either silently).
 */
async function rejectTrailingData(reader: ChunkReader, o: BinaryBodyOptions): Promise<void> {
  for (;;) {
    const { buf } = reader;
    let i = reader.pos;
    while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
    if (i < buf.length) {
      throw new ModelFormatError(
        o.file,
        (say) => `there is more data after the ${o.header.count} words the header announces: the header's count is too low, or a word contains a space. Pass ${say('limit')} to load only the first words`,
        { byte: reader.offset(i) },
      );
    }
    reader.pos = i;
    if (!(await reader.more())) return;
  }
}
