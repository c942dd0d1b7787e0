/**
 * The TSV dictionary format: UTF-8, tab-separated, one line per (word, neighbour).
 *
 *   # simdict {"modelHash":"…","words":3,"dim":100,"k":2,"includeSelf":false,"method":"exact-f32",…}
 *   word	rank	neighbor	score
 *   king	1	prince	0.7682339
 *   king	2	queen	0.750769
 *   queen	1	princess	0.7947
 *   …
 *
 * The first line is `# simdict ` and the metadata as JSON; the second the column names; then, for each word in the
 * model's order, one line per neighbour (rank 1 = most similar). A word with no neighbours has one line with empty
 * rank, neighbor and score (`word\t\t\t`), so every word of the model has a line. Scores are the shortest decimals
 * that read back as the same float32 (src/formats/float32-text.ts); NaN is `NaN`.
 *
 * Escaping: in the word and neighbor columns a backslash is written `\\`, a tab `\t`, a line feed `\n` and a carriage
 * return `\r`; every other character is itself. Only the first line is a comment (a word may start with `#`). With
 * pandas: `read_csv(path, sep='\t', skiprows=1, quoting=3, keep_default_na=False)` (quoting=3: a `"` is a character).
 */
import { DictionaryError } from './dictionary-error.js';
import { parseStoredMeta, type DictionaryMeta } from './meta.js';
import { float32Text } from '../formats/float32-text.js';
import { jsonLine, type Neighbor, type RowEncoder, type TextCodec } from './text-codec.js';

export const TSV_COLUMNS = 'word\trank\tneighbor\tscore';
const META_PREFIX = '# simdict ';
const TAB = 0x09;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** A word as a TSV field: `\` → `\\`, TAB → `\t`, LF → `\n`, CR → `\r`. */
export function escapeTsv(word: string): string {
  return /[\\\t\n\r]/.test(word) ? word.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : word;
}

/** The inverse of escapeTsv; undefined for a backslash that starts no escape. */
export function unescapeTsv(field: string): string | undefined {
  if (!field.includes('\\')) return field;
  let bad = false;
  const word = field.replace(/\\(.?)/gs, (_m, c: string) => {
    const u = UNESCAPES[c];
    if (u === undefined) bad = true;
    return u ?? '';
  });
  return bad ? undefined : word;
}

export const tsvCodec: TextCodec = {
  format: 'tsv',
  headerLines: 2,
  linesPerRow: 'grouped',

  header(meta: DictionaryMeta): string {
    return `${META_PREFIX}${jsonLine(meta)}\n${TSV_COLUMNS}\n`;
  },

  parseHeader([first, columns], file): DictionaryMeta {
    let meta: unknown;
    if (first.startsWith(META_PREFIX)) {
      try {
        meta = JSON.parse(first.slice(META_PREFIX.length));
      } catch {
        meta = undefined;
      }
    }
    if (meta === undefined || typeof meta !== 'object') {
      throw new DictionaryError(`${file} is not a simdict TSV dictionary: its first line is not "# simdict {…metadata…}"`, file);
    }
    if (columns !== TSV_COLUMNS) throw new DictionaryError(`${file} is not a simdict TSV dictionary: its second line is not the column names ${JSON.stringify(TSV_COLUMNS)}`, file);
    return parseStoredMeta(meta, file);
  },

  prepare(words: readonly string[]): RowEncoder {
    const escaped = words.map(escapeTsv);
    return {
      row(row, indices, scores, base, len): string {
        const w = escaped[row];
        if (len === 0) return `${w}\t\t\t\n`;
        let s = '';
        for (let j = 0; j < len; j++) s += `${w}\t${j + 1}\t${escaped[indices[base + j]]}\t${float32Text(scores[base + j])}\n`;
        return s;
      },
    };
  },

  wordField(buf, start, end): [number, number] | -1 {
    const tab = buf.indexOf(TAB, start);
    return tab < 0 || tab >= end ? -1 : [start, tab];
  },

  decodeWord(buf, start, end, file): string {
    const word = unescapeTsv(buf.toString('utf8', start, end));
    if (word === undefined) throw new DictionaryError(`${file} is damaged: the word field ${JSON.stringify(buf.toString('utf8', start, end))} has a backslash that starts no escape (\\\\ \\t \\n \\r)`, file);
    return word;
  },

  parseRow(text, file): Neighbor[] {
    const out: Neighbor[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const f = line.split('\t');
      if (f.length !== 4) throw new DictionaryError(`${file} is damaged: a line has ${f.length} fields instead of 4: ${JSON.stringify(line.slice(0, 80))}`, file);
      if (f[1] === '' && f[2] === '' && f[3] === '') continue; // a word with no neighbours
      const word = unescapeTsv(f[2]);
      const rank = Number(f[1]);
      const score = Number(f[3]);
      if (word === undefined || !Number.isSafeInteger(rank) || f[3] === '' || (Number.isNaN(score) && f[3] !== 'NaN')) {
        throw new DictionaryError(`${file} is damaged: a malformed line ${JSON.stringify(line.slice(0, 80))}`, file);
      }
      out.push({ word, score, rank });
    }
    return out;
  },
};
