/** `simdict convert`: round trips through word2vec binary and text, gzipped or not. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadModel } from '../../src/formats/load-model.js';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-convert-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function assertSameModel(a: string, b: string): Promise<void> {
  const [x, y] = await Promise.all([loadModel(a), loadModel(b)]);
  assert.deepEqual(y.words, x.words);
  assert.equal(y.dim, x.dim);
  // Same float32 values (-0 included; any NaN matches a NaN: text files write every NaN as `nan`).
  const bad: number[] = [];
  for (let i = 0; i < x.vectors.length; i++) {
    const [p, q] = [x.vectors[i], y.vectors[i]];
    if (!Object.is(p, q) && !(Number.isNaN(p) && Number.isNaN(q))) bad.push(i);
  }
  assert.deepEqual(bad, [], `${bad.length} values differ`);
}

describe('convert', () => {
  for (const [source, out, format] of [
    ['models/toy-model.vec', 'toy.bin', 'word2vec-binary'],
    ['models/toy-model.vec', 'toy.txt', 'word2vec-text'],
    ['models/glove1k-100d.txt', 'glove1k.bin.gz', 'word2vec-binary'],
    ['models/glove10k-100d.bin', 'glove10k.vec', 'word2vec-text'],
    ['models/zh-words.bin', 'zh.txt.gz', 'word2vec-text'],
    ['models/float-syntax.txt', 'floats.bin', 'word2vec-binary'],
  ] as const) {
    test(`${source} -> ${out}: the same words and float32 values`, async () => {
      const target = join(dir, out);
      const { result, json } = await simdictJson(['convert', fixture(source), target]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(json.output.format, format);
      assert.equal(json.output.gzip, out.endsWith('.gz'));
      await assertSameModel(fixture(source), target);
      if (out.endsWith('.gz')) assert.deepEqual([...readFileSync(target).subarray(0, 2)], [0x1f, 0x8b]);
      // and back again, the other way
      const back = join(dir, `back-${out.replace(/\.(bin|txt|vec)(\.gz)?$/, format === 'word2vec-binary' ? '.txt' : '.bin')}`);
      const again = await simdict(['convert', target, back]);
      assert.equal(again.code, 0, again.stderr);
      await assertSameModel(fixture(source), back);
    });
  }

  test('the binary output is gensim\'s layout, byte for byte the gensim fixture', async () => {
    const target = join(dir, 'toy-gensim.bin');
    assert.equal((await simdict(['convert', fixture('models/toy-model.vec'), target])).code, 0);
    assert.deepEqual(readFileSync(target), readFileSync(fixture('models/toy-model.gensim.bin')));
    const text = join(dir, 'toy-gensim.txt.gz');
    assert.equal((await simdict(['convert', fixture('models/toy-model.vec'), text])).code, 0);
    assert.deepEqual(gunzipSync(readFileSync(text)), readFileSync(fixture('models/toy-model.gensim.txt')));
  });

  test('--to overrides the extension; load options apply to the input; human output', async () => {
    const target = join(dir, 'limited.dat');
    const r = await simdict(['convert', fixture('models/glove1k-100d.txt'), target, '--to', 'w2v-text', '--limit', '7']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^read\s+.*glove1k-100d\.txt \(glove, 7 words x 100/m);
    assert.match(r.stdout, /^wrote\s+.*limited\.dat \(word2vec-text,/m);
    const model = await loadModel(target);
    assert.equal(model.size, 7);
    assert.equal(model.source.format, 'word2vec-text');
  });

  test('a damaged input: exit 1 naming the line, and no output file', async () => {
    const target = join(dir, 'never.bin');
    const r = await simdict(['convert', fixture('models/bad/short-line.txt'), target]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /short-line\.txt: line 5/);
    assert.ok(!hasStack(r.stderr));
    assert.throws(() => readFileSync(target), /ENOENT/);
  });

  test('an output folder that does not exist: exit 1', async () => {
    const r = await simdict(['convert', fixture('models/toy-model.vec'), join(dir, 'no', 'such', 'dir', 'x.bin')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot write .*x\.bin: no directory/);
  });
});
