/**
 * The sharded exact job in the library: N shards (buildShard) and their merge (mergeParts) against the
 * single-machine build of the same model (buildDictionary), the independent truth: the same files, bit for bit,
 * apart from the creation time. Ties, NaN rows (zero vectors), includeSelf, both methods, and a shard with no block.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { buildDictionary, KeyedVectors } from '../../src/index.js';
import { buildShard } from '../../src/dictionary/build-shard.js';
import { mergeParts } from '../../src/dictionary/merge-parts.js';
import { PartReader } from '../../src/dictionary/part-file.js';
import { shardBlocks } from '../../src/dictionary/schedule.js';
import { rng } from '../helpers/random.js';
import { tiedModel } from '../helpers/tied-model.js';

function randomModel(rows: number, dim: number, seed: number): KeyedVectors {
  const random = rng(seed);
  const values = Float32Array.from({ length: rows * dim }, () => random() - 0.5);
  return KeyedVectors.fromArrays(Array.from({ length: rows }, (_, i) => `w${i}`), values, dim);
}

/** A text store's bytes with its creation time blanked (the only field a merge may not reproduce). */
function textWithoutTime(path: string): string {
  return readFileSync(path, 'utf8').replace(/"createdAt":"[^"]*"/, '"createdAt":""');
}

/** A SQLite store's tables, as stored (the metadata without its time). */
function sqliteContents(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return {
      words: db.prepare('SELECT * FROM words ORDER BY id').all(),
      neighbors: db.prepare('SELECT * FROM neighbors ORDER BY word_id, rank').raw().all(),
      metadata: db.prepare("SELECT * FROM metadata WHERE key <> 'createdAt' ORDER BY key").all(),
    };
  } finally {
    db.close();
  }
}

async function shardsAndMerge(model: KeyedVectors, dir: string, count: number, options: { k: number; includeSelf?: boolean; method?: 'f32' | 'int8'; blockRows: number }, outs: string[]): Promise<string[]> {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    const out = join(dir, `part-${index}.part`);
    const r = await buildShard(model, { ...options, threads: 1 + (index % 2), shard: { index, count }, out, modelFile: 'm.bin' });
    assert.equal(r.alreadyComplete, false);
    parts.push(out);
  }
  for (const out of outs) await mergeParts([...parts].reverse(), { out }); // any order of the parts
  return parts;
}

for (const method of ['int8', 'f32'] as const) {
  test(`${method}: 3 shards merged equal the single-machine dictionary bit for bit, in all three formats`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simdict-shards-'));
    const model = randomModel(700, 24, 11);
    const options = { k: 9, method, blockRows: 64 };
    const formats = ['jsonl', 'tsv', 'sqlite'];
    for (const f of formats) await buildDictionary(model, { ...options, threads: 2, out: join(dir, `single.${f}`), modelFile: 'm.bin' });
    await shardsAndMerge(model, dir, 3, options, formats.map((f) => join(dir, `merged.${f}`)));
    for (const f of ['jsonl', 'tsv']) assert.equal(textWithoutTime(join(dir, `merged.${f}`)), textWithoutTime(join(dir, `single.${f}`)), f);
    assert.deepEqual(sqliteContents(join(dir, 'merged.sqlite')), sqliteContents(join(dir, 'single.sqlite')));
    assert.match(textWithoutTime(join(dir, 'merged.jsonl')), new RegExp(`"method":"exact-${method === 'int8' ? 'int8-rescored' : 'f32'}","recall":1`));
  });
}

test('ties, zero vectors (NaN scores) and includeSelf, 5 shards (one with no block): the single-machine rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdict-shards-'));
  const model = tiedModel(150, 8, 6, 13, 4);
  const options = { k: 12, includeSelf: true, blockRows: 48 }; // 4 blocks for 5 shards: shard 4 gets none
  assert.deepEqual(shardBlocks({ n: 150, blockRows: 48 }, 4, 5), []);
  const single = await buildDictionary(model, { ...options, threads: 2 });
  await shardsAndMerge(model, dir, 5, options, [join(dir, 'merged.jsonl')]);
  await buildDictionary(model, { ...options, threads: 1, out: join(dir, 'single.jsonl'), modelFile: 'm.bin' });
  assert.equal(textWithoutTime(join(dir, 'merged.jsonl')), textWithoutTime(join(dir, 'single.jsonl')));
  assert.ok(single.scores.some((s) => Number.isNaN(s)), 'the model has NaN scores');
});

test('a rerun of a finished shard does nothing and says so; the part records its job', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdict-shards-'));
  const model = randomModel(300, 16, 2);
  const out = join(dir, 'p.part');
  const first = await buildShard(model, { k: 5, blockRows: 32, shard: { index: 1, count: 2 }, out });
  const bytes = readFileSync(out);
  const again = await buildShard(model, { k: 5, blockRows: 32, shard: { index: 1, count: 2 }, out });
  assert.equal(again.alreadyComplete, true);
  assert.deepEqual(readFileSync(out), bytes);
  assert.deepEqual(readdirSync(dir), ['p.part'], 'no partial or checkpoint file left');
  const reader = PartReader.open(out);
  assert.deepEqual(reader.header.shard, { index: 1, count: 2 });
  assert.deepEqual(reader.header.blocks, shardBlocks({ n: 300, blockRows: 32 }, 1, 2));
  assert.equal(reader.header.meta.k, 5);
  assert.equal(reader.header.meta.modelHash, first.header.meta.modelHash);
  assert.deepEqual(reader.words(), model.words);
  assert.ok(reader.checksumMatches());
  reader.close();
  // Another k at the same path: the old part is replaced, with a note.
  const notes: string[] = [];
  const other = await buildShard(model, { k: 6, blockRows: 32, shard: { index: 1, count: 2 }, out, onNote: (m) => notes.push(m) });
  assert.equal(other.alreadyComplete, false);
  assert.match(notes.join('\n'), /p\.part is the part of another job \(k 5, this one 6\); it is rebuilt/);
});
