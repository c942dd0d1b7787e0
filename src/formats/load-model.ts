import { performance } from 'node:perf_hooks';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { oneOf } from '../checks/arguments.js';
import { OptionError, type OptionMessage } from '../checks/option-error.js';
import { openByteSource } from './byte-source.js';
import { ChunkReader } from './chunk-reader.js';
import { clip } from '../checks/quote-word.js';
import { checkHeaderSize, parseHeader, type Header } from './header.js';
import { ModelBuilder } from './model-builder.js';
import { ModelFormatError } from './model-format-error.js';
import { parseFloat32 } from './parse-float32.js';
import { findUtf8Problem, type UnicodeErrors } from './utf8.js';
import { readWord2VecBinaryBody } from './word2vec-binary.js';
import { readTextBody } from './word2vec-text.js';
import { encodingNamed, wordDecoder } from './word-decoder.js';

/** The model file formats simdict reads. fastText `.vec` files are word2vec text. */
export type ModelFormat = 'word2vec-binary' | 'word2vec-text' | 'glove';

/** Options of `loadModel`, named after gensim's `load_word2vec_format` arguments. */
export interface LoadOptions {
  /** The format; by default it is detected from the file's first lines. */
  format?: ModelFormat | 'auto';
  /** gensim's `binary`: true for word2vec binary, false for a text format (header or not, detected). */
  binary?: boolean;
  /** gensim's `no_header`: a GloVe text file, with no "count dim" first line. */
  noHeader?: boolean;
  /** Read only the first `limit` words (a positive integer). */
  limit?: number;
  /** The text encoding of words: 'utf8' (default) or 'latin1' (also 'utf-8', 'latin-1', 'iso-8859-1'). */
  encoding?: string;
  /** What to do with words that are not valid in the encoding, as in Python: 'strict' (default), 'ignore', 'replace'. */
  unicodeErrors?: UnicodeErrors;
  /** Keep the vectors in a shared WebAssembly memory for the SIMD kernels (default true when the model fits in 4 GiB). */
  wasm?: boolean;
  /** Called after each chunk read, with the file bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called for each warning (duplicate words). Default: none. */
  onWarning?: (message: string) => void;
}

/** A first line longer than this is not a header or a word of a model. */
const MAX_FIRST_LINE = 64 * 1024 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

/** Loads a word2vec (binary or text), GloVe or fastText `.vec` model, optionally gzip-compressed. */
export async function loadModel(file: string, options: LoadOptions = {}): Promise<KeyedVectors> {
  const started = performance.now();
  const o = checkOptions(options);
  const source = await openByteSource(file);
  const reader = new ChunkReader(source, () => options.onProgress?.(source.bytesRead(), source.fileBytes));
  try {
    const firstLineEnd = await reader.find(0x0a);
    if (reader.buf.length === 0) throw new ModelFormatError(file, 'the file is empty, expected a word2vec, GloVe or fastText model');
    if (firstLineEnd < 0 && reader.buf.length > MAX_FIRST_LINE) throw new ModelFormatError(file, 'no line end in the first 64 MiB: not a text or word2vec model');
    // A byte-order mark is not part of the first word or of the header (gensim keeps it in the word, or fails).
    if (BOM.every((b, i) => reader.buf[i] === b)) reader.pos = 3;
    const lineEnd = firstLineEnd < 0 ? reader.buf.length : firstLineEnd;
    const firstLine = reader.buf.toString(o.encoding === 'latin1' ? 'latin1' : 'utf8', reader.pos, lineEnd);
    const decode = wordDecoder(o.encoding, o.unicodeErrors);
    const warn = options.onWarning ?? (() => {});
    const builderFor = (count: number, dim: number) => new ModelBuilder(count, dim, warn, o.wasm);

    let format: ModelFormat;
    let builder: ModelBuilder;
    if (o.format === 'glove') {
      format = 'glove';
      builder = await readGlove(file, reader, lineEnd, o.limit, decode, builderFor);
    } else {
      const header = parseHeader(firstLine);
      if (typeof header === 'string') {
        if (o.format === 'auto' && looksLikeGloveLine(reader.buf, reader.pos, lineEnd) && !looksLikeBrokenHeader(firstLine)) {
          format = 'glove';
          builder = await readGlove(file, reader, lineEnd, o.limit, decode, builderFor);
        } else {
          throw new ModelFormatError(file, headerProblem(header, firstLine, o.format), { line: 1 });
        }
      } else {
        reader.pos = firstLineEnd < 0 ? reader.buf.length : firstLineEnd + 1;
        format = o.format === 'auto' ? await detectHeadedFormat(reader, header, o.encoding) : o.format;
        const count = Math.min(header.count, o.limit ?? Infinity);
        const limited = count < header.count;
        checkHeaderSize(file, header, format === 'word2vec-binary' ? 4 : 2, source.gzip || limited ? undefined : source.fileBytes);
        builder = builderFor(count, header.dim);
        if (format === 'word2vec-binary') {
          await readWord2VecBinaryBody(reader, builder, { file, header, count, decode, limited });
        } else {
          await readTextBody(reader, builder, { file, dim: header.dim, count, decode, firstLine: 2, limited, countSource: 'the header announces' });
        }
      }
    }
    options.onProgress?.(source.bytesRead(), source.fileBytes);
    return builder.finish({ file, format, bytes: source.fileBytes, loadMs: performance.now() - started });
  } finally {
    await reader.close();
  }
}

interface CheckedOptions {
  format: ModelFormat | 'auto';
  limit: number | undefined;
  encoding: 'utf8' | 'latin1';
  unicodeErrors: UnicodeErrors;
  wasm: boolean;
}

function checkOptions(options: LoadOptions): CheckedOptions {
  const { limit, binary, noHeader } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new OptionError((say) => `${say('limit')} must be a positive whole number of words (leave it out to load all), got ${String(limit)}`);
  }
  const encoding = encodingNamed(options.encoding ?? 'utf8');
  if (!encoding) throw new OptionError((say) => `${say('encoding')} must be 'utf8' or 'latin1', got ${JSON.stringify(options.encoding)}`);
  const unicodeErrors = oneOf('unicodeErrors', options.unicodeErrors ?? 'strict', ['strict', 'ignore', 'replace']);
  let format = oneOf('format', options.format ?? 'auto', ['auto', 'word2vec-binary', 'word2vec-text', 'glove']);
  if (noHeader && binary) throw new OptionError((say) => `${say('noHeader', true)} (GloVe) is a text format: it cannot be combined with ${say('binary', true)}`);
  if (noHeader) format = 'glove';
  else if (binary === true) format = 'word2vec-binary';
  else if (binary === false && format === 'word2vec-binary') throw new OptionError((say) => `${say('binary', false)} contradicts ${say('format', 'word2vec-binary')}`);
  return { format, limit, encoding, unicodeErrors: unicodeErrors as UnicodeErrors, wasm: options.wasm ?? true };
}

function headerProblem(problem: string, line: string, format: ModelFormat | 'auto'): OptionMessage {
  if (/\r./s.test(line)) return () => 'the file uses CR (old Mac) line ends; only LF and CRLF are supported';
  if (format === 'auto') return (say) => `${problem}; nor is it a GloVe line (a word and its numbers). Pass ${say('format')} explicitly if the detection is wrong`;
  return () => problem;
}

/**
 * After a header: text if the next line is a word and numbers, or is text (no control bytes, and valid UTF-8 for a
 * UTF-8 file), so that a damaged text line is reported as such; binary otherwise. Binary vectors contain control
 * bytes or invalid UTF-8 with near certainty.
 */
async function detectHeadedFormat(reader: ChunkReader, header: Header, encoding: 'utf8' | 'latin1'): Promise<ModelFormat> {
  while (reader.buf.length - reader.pos < 4 * header.dim + 256 && (await reader.more()));
  let end = reader.buf.indexOf(0x0a, reader.pos);
  if (end < 0) end = reader.buf.length;
  if (reader.pos === end) return 'word2vec-text';
  if (looksLikeGloveLine(reader.buf, reader.pos, end)) return 'word2vec-text';
  for (let i = reader.pos; i < end; i++) {
    const b = reader.buf[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return 'word2vec-binary';
  }
  if (encoding === 'utf8' && findUtf8Problem(reader.buf, reader.pos, end)) return 'word2vec-binary';
  return 'word2vec-text';
}

/** Two or three numbers and nothing else: a damaged header (like "22.0 5"), not a GloVe line. */
function looksLikeBrokenHeader(line: string): boolean {
  const fields = line.trim().split(/\s+/);
  return fields.length <= 3 && fields.every((f) => f !== '' && !Number.isNaN(Number(f)));
}

/** A word, a single space, then at least two space-separated numbers (a GloVe line of dimension 2 or more). */
function looksLikeGloveLine(buf: Buffer, start: number, end: number): boolean {
  while (end > start && (buf[end - 1] === 0x20 || buf[end - 1] === 0x0d || buf[end - 1] === 0x09)) end--;
  const space = buf.indexOf(0x20, start);
  if (space < 0 || space >= end) return false;
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  let n = 0;
  for (let at = space + 1; at <= end; ) {
    let next = buf.indexOf(0x20, at);
    if (next < 0 || next > end) next = end;
    if (!parseFloat32(buf, at, next, f32, u32, 0)) return false;
    n++;
    at = next + 1;
  }
  return n > 1;
}

/**
 * GloVe: no header. As gensim does, a first pass counts the lines and the first line gives the dimension; blank
 * lines at the end of the file are not counted (gensim counts them and then fails).
 */
async function readGlove(
  file: string,
  reader: ChunkReader,
  lineEnd: number,
  limit: number | undefined,
  decode: ReturnType<typeof wordDecoder>,
  builderFor: (count: number, dim: number) => ModelBuilder,
): Promise<ModelBuilder> {
  let end = lineEnd;
  while (end > reader.pos && (reader.buf[end - 1] === 0x20 || reader.buf[end - 1] === 0x0d || reader.buf[end - 1] === 0x09)) end--;
  const fields = reader.buf.subarray(reader.pos, end).toString('latin1').split(' ').length;
  if (fields < 2) throw new ModelFormatError(file, `a GloVe line is a word then its numbers, found ${JSON.stringify(clip(reader.buf.toString('utf8', reader.pos, end)))}`, { line: 1 });
  const dim = fields - 1;
  const lines = await countLines(file, limit);
  const count = Math.min(lines, limit ?? Infinity);
  const builder = builderFor(count, dim);
  await readTextBody(reader, builder, { file, dim, count, decode, firstLine: 1, limited: limit !== undefined, countSource: 'the file has' });
  return builder;
}

/** Lines of a file, not counting blank lines at its end; stops counting at `limit`. Jumps from line end to line end. */
async function countLines(file: string, limit: number | undefined): Promise<number> {
  const source = await openByteSource(file);
  let lines = 0; // complete lines (ended by \n)
  let blankRun = 0; // how many of the last complete lines are blank
  let lineHasText = false; // the current, unfinished line has a non-space byte
  for await (const chunk of source.chunks) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at < buf.length; ) {
      const nl = buf.indexOf(0x0a, at);
      const end = nl < 0 ? buf.length : nl;
      for (let i = at; !lineHasText && i < end; i++) lineHasText = !isBlankByte(buf[i]);
      if (nl < 0) break;
      lines++;
      blankRun = lineHasText ? 0 : blankRun + 1;
      lineHasText = false;
      if (limit !== undefined && lines - blankRun >= limit) return limit;
      at = nl + 1;
    }
  }
  return lineHasText ? lines + 1 : lines - blankRun;
}

function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x0d || b === 0x09;
}
