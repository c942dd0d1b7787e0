/** Synthetic dictionaries for the store tests: odd words, rows with fewer than k neighbours, awkward scores. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDictionary, openDictionaryWriter, type DictionaryFormat, type DictionaryMeta, type DictionaryWriter } from '../../src/store/index.js';
import { float32Text } from '../../src/formats/float32-text.js';
import { rng } from '../helpers/random.js';

export const FORMATS: { format: DictionaryFormat; ext: string }[] = [
  { format: 'sqlite', ext: 'sqlite' },
  { format: 'jsonl', ext: 'jsonl' },
  { format: 'tsv', ext: 'tsv' },
];

/** Words every format must store exactly. */
export const ODD_WORDS = [
  'king',
  'queen',
  'two words',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\t', // a backslash and a t, not a tab
  '\\',
  '😀',
  '',
  'caf\u00e9', // NFC
  'cafe\u0301', // NFD: another word
  '#hashtag',
  '"quoted"',
  'line\u2028separator',
  'next\u0085line',
  'comma,word',
  '-dash',
  ' leading space',
  'trailing space ',
  '{"word":"x"}',
  'ends with backslash\\',
  '\u0000nul',
];

/** A model's vocabulary: the odd words, then w<i>. */
export function vocabulary(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i < ODD_WORDS.length ? ODD_WORDS[i] : `w${i}`));
}

export interface Rows {
  n: number;
  k: number;
  words: string[];
  indices: Int32Array;
  scores: Float32Array;
}

/**
 * n rows of k neighbours, best first. Row 5 has none, every 7th row (from 3) has 2 (then -1s); row 1 has a NaN
 * score; some scores are negative, tiny, -0, exactly 1.
 */
export function synthetic(n: number, k: number, seed = 1): Rows {
  const next = rng(seed);
  const words = vocabulary(n);
  const indices = new Int32Array(n * k).fill(-1);
  const scores = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const len = i === 5 ? 0 : i % 7 === 3 ? Math.min(2, n - 1) : Math.min(k, n - 1);
    const used = new Set<number>([i]);
    let s = 1;
    for (let j = 0; j < len; j++) {
      let id: number;
      do id = Math.floor(next() * n);
      while (used.has(id));
      used.add(id);
      s -= next() * 0.2;
      indices[i * k + j] = id;
      scores[i * k + j] = j === 0 && i % 11 === 0 ? 1 : i % 13 === 4 && j === len - 1 ? 1e-7 : i % 17 === 8 && j === 0 ? -0 : s;
    }
    if (i === 1 && len > 0) scores[i * k + len - 1] = NaN;
  }
  return { n, k, words, indices, scores };
}

export function metaOf(rows: Rows, extra: Partial<DictionaryMeta> = {}): DictionaryMeta {
  return {
    modelHash: 'sha256:test',
    modelFile: 'test-model.txt',
    words: rows.n,
    dim: 3,
    k: rows.k,
    includeSelf: false,
    method: 'exact-f32',
    recall: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    simdictVersion: '0.1.0',
    ...extra,
  };
}

/** Appends rows [start, end) as one chunk. */
export function appendRange(w: DictionaryWriter, rows: Rows, start: number, end: number): void {
  const { k } = rows;
  w.append(start, end - start, rows.indices.subarray(start * k, end * k), rows.scores.subarray(start * k, end * k), rows.words);
}

/** Chunk boundaries: [0, b1, b2, ..., n]. */
export function chunks(n: number, sizes: number[]): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (let i = 0; s < n; i++) {
    const e = Math.min(n, s + sizes[i % sizes.length]);
    out.push([s, e]);
    s = e;
  }
  return out;
}

/** Writes the whole dictionary in chunks, committing each. */
export async function writeAll(path: string, rows: Rows, meta = metaOf(rows), sizes = [7, 13, 1, 20, 9], format?: DictionaryFormat): Promise<void> {
  const w = openDictionaryWriter(path, meta, { format });
  for (const [s, e] of chunks(rows.n, sizes)) {
    appendRange(w, rows, s, e);
    w.commit();
  }
  await w.finish(meta);
}

/** What a reader must answer for row i. */
export function expectedEntry(rows: Rows, i: number): { word: string; neighbors: { word: string; score: number; rank: number }[] } {
  const neighbors = [];
  for (let j = 0; j < rows.k; j++) {
    const id = rows.indices[i * rows.k + j];
    if (id === -1) break;
    const s = rows.scores[i * rows.k + j];
    neighbors.push({ word: rows.words[id], score: Number.isNaN(s) ? NaN : Number(float32Text(s)), rank: j + 1 });
  }
  return { word: rows.words[i], neighbors };
}

/** Every row of a dictionary file as the reader answers it, with the metadata (createdAt left out). */
export function readBack(path: string): { meta: Record<string, unknown>; size: number; words: string[]; entries: unknown[] } {
  const d = openDictionary(path);
  try {
    const words = [...d.words()];
    const { createdAt: _c, ...meta } = d.meta;
    return { meta, size: d.size, words, entries: words.map((w) => d.lookup(w)) };
  } finally {
    d.close();
  }
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary directory, removed when the test process exits. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `simdict-${name}-`));
  tempDirs.push(dir);
  return dir;
}

export function bytes(path: string): Buffer {
  return readFileSync(path);
}

/** An SQLite dictionary's tables as stored (createdAt left out): a fast exact comparison of two files. */
export function sqliteTables(path: string): { words: unknown[]; neighbors: unknown[]; metadata: unknown[] } {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(path, { readonly: true });
  try {
    return {
      words: db.prepare('SELECT * FROM words ORDER BY id').raw().all(),
      neighbors: db.prepare('SELECT * FROM neighbors ORDER BY word_id, rank').raw().all(),
      metadata: db.prepare("SELECT * FROM metadata WHERE key <> 'createdAt' ORDER BY key").raw().all(),
    };
  } finally {
    db.close();
  }
}
