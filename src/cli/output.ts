/** Human output (aligned tables) and machine output (one JSON document). */
import { quoteWord } from '../checks/quote-word.js';

export type Align = 'left' | 'right';

/** An aligned plain-text table: a header row, a rule, the rows. Column widths count code points. */
export function table(header: string[], rows: string[][], align: Align[] = []): string {
  const width = (s: string) => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - width(s));
    return align[i] === 'right' ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `key  value` lines, keys padded to the same width. */
export function keyValues(pairs: [string, string][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** JSON with NaN / Infinity written as null (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

export function formatScore(x: number, digits = 4): string {
  return Number.isNaN(x) ? 'nan' : x.toFixed(digits);
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatMB(bytes: number): string {
  if (bytes < 1e3) return `${bytes} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 2 : 1)} MB`;
}

/** A word as typed, or JSON-quoted when it is empty or holds spaces or control characters. */
export function showWord(word: string): string {
  return word === '' || /[\s\p{C}]/u.test(word) ? JSON.stringify(word) : word;
}

/** A word in a message: as showWord shows it, shortened when long (quoteWord). */
export function shown(word: string): string {
  return quoteWord(word, showWord);
}

/**
 * How a dictionary or an answer was ranked, from its metadata: "exact-f32", "hnsw, recall 0.97", "x, recall unknown";
 * a measured recall with its sample: "nn-descent, recall 0.962 (measured on 1,000 words)".
 */
export function methodText(m: { method: string; recall: number | null; recallSample?: unknown }): string {
  if (m.recall === 1 && m.recallSample === undefined) return m.method;
  const figure = typeof m.recall === 'number' ? String(Number(m.recall.toFixed(3))) : 'unknown';
  const sample = typeof m.recallSample === 'number' ? ` (measured on ${formatInt(m.recallSample)} words)` : '';
  return `${m.method}, recall ${figure}${sample}`;
}

/** The output streams, replaceable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress bars). */
  errIsTTY: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  errIsTTY: Boolean(process.stderr.isTTY),
};
