/**
 * The structured synthetic model of the approximate engine's benchmarks (bench/lib/structured-synthetic.ts): a small
 * one loads with the library's loader with the asked rows and dimensions, its words are unique and some are not
 * ASCII (accents, CJK, emoji), the file is the same for a seed and different for another, and it is not isotropic
 * noise (random pairs have a positive mean cosine, neighbours are much closer than random pairs, norms fall with
 * rank).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { writeStructuredSynthetic } from '../../bench/lib/structured-synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-structured-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const rows = 6000;
const dim = 48;
const file = join(dir, 'a.bin');
const result = writeStructuredSynthetic({ rows, dim, seed: 7 }, file);
const model = await loadModel(file);

const cos = (a: number, b: number): number => {
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += model.vectors[a * dim + d] * model.vectors[b * dim + d];
  return dot / (model.norms[a] * model.norms[b]);
};

test('loads with loadModel: the asked rows and dimensions, unique words', () => {
  assert.equal(model.size, rows);
  assert.equal(model.dim, dim);
  assert.equal(new Set(model.words).size, rows);
  for (const w of model.words) assert.ok(w.length > 0 && !/\s/.test(w), `word ${JSON.stringify(w)}`);
  for (let i = 0; i < rows * dim; i++) assert.ok(Number.isFinite(model.vectors[i]), `value ${i}`);
});

test('some words are not ASCII: accented, CJK and emoji, counted as the writer says', () => {
  const nonAscii = model.words.filter((w) => /[^\x00-\x7f]/.test(w));
  assert.equal(nonAscii.length, result.nonAscii);
  assert.ok(nonAscii.length >= rows * 0.01, `${nonAscii.length} non-ASCII words`);
  assert.ok(nonAscii.some((w) => /[áéíó]/.test(w)), 'an accented word');
  assert.ok(nonAscii.some((w) => /[\u4e00-\u9fff]/.test(w)), 'a CJK word');
  assert.ok(nonAscii.some((w) => /\p{Extended_Pictographic}/u.test(w)), 'an emoji word');
  // frequent words are short (the first 64 are one syllable)
  assert.ok(model.words.slice(0, 64).every((w) => [...w].length <= 3), model.words.slice(0, 64).join(' '));
});

test('deterministic for the seed, different for another seed', () => {
  const again = join(dir, 'b.bin');
  const other = join(dir, 'c.bin');
  writeStructuredSynthetic({ rows, dim, seed: 7 }, again);
  writeStructuredSynthetic({ rows, dim, seed: 8 }, other);
  const a = readFileSync(file);
  assert.ok(a.equals(readFileSync(again)), 'same seed, same bytes');
  assert.ok(!a.equals(readFileSync(other)), 'another seed, other bytes');
});

test('not isotropic noise: a common direction, close neighbours, norms falling with rank', () => {
  let sum = 0;
  const pairs = 2000;
  for (let p = 0; p < pairs; p++) sum += cos((p * 7919) % rows, (p * 104729 + 17) % rows);
  const meanRandom = sum / pairs;
  assert.ok(meanRandom > 0.05 && meanRandom < 0.4, `random-pair mean cosine ${meanRandom}`);
  // the nearest other word of a few rows is far closer than a random word (isotropic 48-d noise: ~0.45 at best)
  let nearest = 0;
  for (let a = 0; a < 50; a++) {
    let best = -1;
    for (let b = 0; b < rows; b++) if (b !== a) best = Math.max(best, cos(a, b));
    nearest += best / 50;
  }
  assert.ok(nearest > 0.6, `mean 1st-neighbour cosine ${nearest}`);
  const mean = (from: number, to: number) => model.norms.subarray(from, to).reduce((s, x) => s + x, 0) / (to - from);
  assert.ok(mean(0, rows / 10) > 1.15 * mean(rows - rows / 10, rows), 'norms fall with rank');
});

test('rejects sizes it cannot write', () => {
  assert.throws(() => writeStructuredSynthetic({ rows: 0, dim: 10 }, join(dir, 'x.bin')), /rows/);
  assert.throws(() => writeStructuredSynthetic({ rows: 10, dim: 1.5 }, join(dir, 'x.bin')), /dim/);
  assert.throws(() => writeStructuredSynthetic({ rows: 10, dim: 10, branching: [2, 2], levelScales: [1] }, join(dir, 'x.bin')), /levelScales/);
});
