/**
 * The JSONL dictionary format: UTF-8, one JSON document per line.
 *
 *   {"simdict":{"modelHash":"…","words":3,"dim":100,"k":2,"includeSelf":false,"method":"exact-f32",…}}
 *   {"word":"king","neighbors":[["prince",0.7682339],["queen",0.7507690]]}
 *   {"word":"queen","neighbors":[["princess",0.7947],["king",0.750769]]}
 *   …
 *
 * The first line is the metadata (DictionaryMeta); then one line per word, in the model's order, its neighbours best
 * first (rank = position + 1). Scores are the shortest decimals that read back as the same float32 (src/formats/float32-text.ts);
 * a NaN score (a zero vector) is null. Words are JSON strings, exact (any Unicode); U+0085, U+2028 and U+2029 are
 * written as \u escapes so that no line splitter breaks a line. A word with no neighbours has "neighbors":[].
 */
import { DictionaryError } from './dictionary-error.js';
import { parseStoredMeta, type DictionaryMeta } from './meta.js';
import { float32Text } from '../formats/float32-text.js';
import { jsonLine, type Neighbor, type RowEncoder, type TextCodec } from './text-codec.js';

/** Every row line starts with these bytes: {"word":" */
const ROW_PREFIX = Buffer.from('{"word":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export const jsonlCodec: TextCodec = {
  format: 'jsonl',
  headerLines: 1,
  linesPerRow: 'one',

  header(meta: DictionaryMeta): string {
    return `{"simdict":${jsonLine(meta)}}\n`;
  },

  parseHeader([line], file): DictionaryMeta {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const meta = (value as { simdict?: unknown } | undefined)?.simdict;
    if (meta === undefined || typeof meta !== 'object') {
      throw new DictionaryError(`${file} is not a simdict JSONL dictionary: its first line is not {"simdict":{…metadata…}}`, file);
    }
    return parseStoredMeta(meta, file);
  },

  prepare(words: readonly string[]): RowEncoder {
    const quoted = words.map((w) => jsonLine(w));
    return {
      row(row, indices, scores, base, len): string {
        let s = `{"word":${quoted[row]},"neighbors":[`;
        for (let j = 0; j < len; j++) {
          const score = scores[base + j];
          s += `${j === 0 ? '' : ','}[${quoted[indices[base + j]]},${Number.isFinite(score) ? float32Text(score) : 'null'}]`;
        }
        return `${s}]}\n`;
      },
    };
  },

  wordField(buf, start, end): [number, number] | -1 {
    if (end - start < ROW_PREFIX.length + 1 || buf.compare(ROW_PREFIX, 0, ROW_PREFIX.length, start, start + ROW_PREFIX.length) !== 0) return -1;
    // The JSON string runs to the first quote not escaped by a backslash.
    for (let i = start + ROW_PREFIX.length; i < end; i++) {
      const b = buf[i];
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) return [start + ROW_PREFIX.length - 1, i + 1];
    }
    return -1;
  },

  decodeWord(buf, start, end, file): string {
    try {
      return JSON.parse(buf.toString('utf8', start, end)) as string;
    } catch {
      throw new DictionaryError(`${file} is damaged: a malformed word ${buf.toString('utf8', start, end)}`, file);
    }
  },

  parseRow(text, file): Neighbor[] {
    let value: { neighbors?: unknown };
    try {
      value = JSON.parse(text);
    } catch {
      throw new DictionaryError(`${file} is damaged: a row is not valid JSON: ${text.slice(0, 80)}`, file);
    }
    if (!Array.isArray(value.neighbors)) throw new DictionaryError(`${file} is damaged: a row has no "neighbors" list: ${text.slice(0, 80)}`, file);
    return (value.neighbors as [string, number | null][]).map(([word, score], i) => ({ word, score: score ?? NaN, rank: i + 1 }));
  },
};
