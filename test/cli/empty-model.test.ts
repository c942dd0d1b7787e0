/** A model of no words (a header of 0 words): the commands that need words refuse it naming the file; info and convert warn. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-empty-model-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const empty = fixture('models/bad/header-only.txt');

test('dict refuses a model of 0 words: exit 1, the file named, no output file', async () => {
  const out = join(dir, 'empty.sqlite');
  const r = await simdict(['dict', empty, '--out', out]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), `simdict: ${empty} holds no words (a model of 0 words x 5): cannot build a dictionary`);
  assert.ok(!existsSync(out) && !existsSync(`${out}.partial`));
  const { json } = await simdictJson(['dict', empty, '--out', out]);
  assert.deepEqual([json.error.type, json.error.file], ['data', empty]);
});

test('similar, analogy, eval and serve refuse it too; info and convert describe or copy it, with a warning', async () => {
  for (const args of [['similar', empty, 'the'], ['analogy', empty, 'a', 'b', 'c'], ['eval', empty], ['serve', empty, '--port', '0']]) {
    const r = await simdict(args);
    assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds no words .*: cannot `), args[0]);
    assert.ok(!hasStack(r.stderr));
  }
  const info = await simdictJson(['info', empty]);
  assert.equal(info.result.code, 0);
  assert.equal(info.json.words, 0);
  assert.match(info.result.stderr, /warning: .*header-only\.txt holds no words/);
  const converted = await simdict(['convert', empty, join(dir, 'empty.bin')]);
  assert.equal(converted.code, 0, converted.stderr);
  assert.match(converted.stderr, /warning: .*holds no words/);
});
