import { ChunkReader } from './chunk-reader.js';
import { clip, quoteWord } from '../checks/quote-word.js';
import { ModelBuilder } from './model-builder.js';
import { ModelFormatError } from './model-format-error.js';
import { scanFloat32 } from './parse-float32.js';
import { describeUtf8Problem } from './utf8.js';
import type { WordDecoder } from './word-decoder.js';

/**
 * The body of a text model: one word per line, `word v1 v2 ... vdim`.
 *
 * gensim's rules, which we follow: a line ends at `\n`; trailing ASCII whitespace (so `\r` and the trailing space of
 * fastText `.vec` files) is ignored; fields are separated by single spaces (a tab stays inside the word); each value
 * is rounded to float32. Exactly `count` lines are read.
 *
 * Where gensim accepts nonsense we stop with an error naming the line: a line with one value (numpy would
 * broadcast it to every dimension), Python-only number spellings, data after the header's count.
 */
export interface TextBodyOptions {
  file: string;
  dim: number;
  /** Lines to read. */
  count: number;
  decode: WordDecoder;
  /** Line number (1-based) of the first body line, for messages. */
  firstLine: number;
  /** When false, anything but blank lines after `count` lines is an error (the header's count is too low). */
  limited: boolean;
  /** What the count is, for messages: "the header announces" or "the file has". */
  countSource: string;
}

export async function readTextBody(reader: ChunkReader, builder: ModelBuilder, o: TextBodyOptions): Promise<void> {
  const { dim, decode, file } = o;
  const values = builder.f32;
  const bits = builder.u32;
  for (let record = 0; record < o.count; record++) {
    const lineNo = o.firstLine + record;
    let nl = reader.buf.indexOf(0x0a, reader.pos);
    if (nl < 0) nl = await reader.find(0x0a);
    let end = nl < 0 ? reader.buf.length : nl;
    const start = reader.pos;
    if (nl < 0 && start === end) {
      throw new ModelFormatError(file, `the file ends after ${record} words, but ${o.countSource} ${o.count}: the file is truncated or the count is wrong`, { line: lineNo });
    }
    const buf = reader.buf;
    while (end > start && isAsciiSpace(buf[end - 1])) end--;
    const space = buf.indexOf(0x20, start);
    const wordEnd = space < 0 || space > end ? end : space;
    const word = decode(buf, start, wordEnd);
    if (typeof word !== 'string') {
      throw new ModelFormatError(
        file,
        (say) => `the word is not valid text in the file's encoding (${describeUtf8Problem(buf, start, word)}). Pass ${say('unicodeErrors', 'replace')} or ${say('unicodeErrors', 'ignore')} to load such words anyway, or the right ${say('encoding')}`,
        { line: lineNo },
      );
    }
    // Values: single-space separated tokens after the word.
    const row = builder.nextRow;
    let n = 0;
    let at = wordEnd;
    while (at < end) {
      const tokenStart = at + 1;
      if (n < dim) {
        at = scanFloat32(buf, tokenStart, end, values, bits, row * dim + n);
        if (at < 0) throw badValue(o, lineNo, word, buf, tokenStart, end);
      } else {
        at = buf.indexOf(0x20, tokenStart);
        if (at < 0 || at > end) at = end;
      }
      n++;
    }
    if (n !== dim) throw wrongLength(o, lineNo, word, n, buf, start, end);
    builder.add(word);
    reader.pos = nl < 0 ? reader.buf.length : nl + 1;
  }
  if (!o.limited) await rejectTrailingLines(reader, o);
}

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function badValue(o: TextBodyOptions, line: number, word: string, buf: Buffer, s: number, lineEnd: number): ModelFormatError {
  const space = buf.indexOf(0x20, s);
  const token = buf.toString('utf8', s, space < 0 || space > lineEnd ? lineEnd : space);
  const what =
    token === ''
      ? 'an empty value (two spaces in a row?)'
      : `${JSON.stringify(clip(token, 40))}, which is not a number` +
        (/[_\u00a0\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19\u2000-\u200a\u3000\u205f]/.test(token) ? ' (Python-only spellings such as 1_0, non-ASCII digits or Unicode spaces are not accepted)' : '') +
        (/^[+-]?0x/i.test(token) ? ' (hexadecimal floats are not accepted)' : '');
  return new ModelFormatError(o.file, `expected ${o.dim} numbers after the word ${quoteWord(word)}, found ${what}`, { line });
}

function wrongLength(o: TextBodyOptions, line: number, word: string, n: number, buf: Buffer, s: number, e: number): ModelFormatError {
  let hint = '';
  if (buf.subarray(s, e).includes(0x09)) hint = ' (the line has a tab: only single spaces separate the fields)';
  else if (n === 0 && e === s) hint = ' (a blank line)';
  else if (n === 1) hint = ' (gensim would copy a single value into every dimension; simdict does not)';
  return new ModelFormatError(o.file, `expected ${o.dim} numbers after the word ${quoteWord(word)}, found ${n}${hint}`, { line });
}

/** After `count` lines only blank lines may follow; anything else means the header's count is too low. */
async function rejectTrailingLines(reader: ChunkReader, o: TextBodyOptions): Promise<void> {
  for (;;) {
    const { buf } = reader;
    let i = reader.pos;
    while (i < buf.length && isAsciiSpace(buf[i])) i++;
    if (i < buf.length) {
      throw new ModelFormatError(
        o.file,
        (say) => `there are more lines after the ${o.count} words ${o.countSource}: the header's count is too low. Pass ${say('limit')} to load only the first words`,
        { line: o.firstLine + o.count },
      );
    }
    reader.pos = i;
    if (!(await reader.more())) return;
  }
}
