/**
 * The writer against gensim's own files (byte for byte) and as round trips through the loader (float32 bits).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel, saveModel } from '../../src/index.js';
import { float32Repr } from '../../src/formats/float32-repr.js';
import { fixture } from '../helpers/fixtures.js';

const out = mkdtempSync(join(tmpdir(), 'simdict-save-'));

// Files gensim 4.2.0 wrote with save_word2vec_format, and a file holding the same vectors.
const GENSIM_WROTE: [source: string, written: string][] = [
  ['toy-model.vec', 'toy-model.gensim.txt'],
  ['toy-model.vec', 'toy-model.gensim.bin'],
  ['lee_fasttext.vec', 'lee.gensim.txt'],
  ['lee.c.bin', 'lee.gensim.bin'],
  ['zh-words.bin', 'zh-words.txt'],
  ['zh-words.txt', 'zh-words.bin'],
];

for (const [source, written] of GENSIM_WROTE) {
  test(`saving ${source} writes the same bytes as gensim's ${written}`, async () => {
    const model = await loadModel(fixture(`models/${source}`));
    const path = join(out, written);
    await saveModel(model, path);
    assert.ok(readFileSync(path).equals(readFileSync(fixture(`models/${written}`))));
  });
}

const VALID = readdirSync(fixture('models')).filter((f) => /\.(bin|txt|vec|gz)$/.test(f) && !/vocab|quirks/.test(f));

for (const name of VALID) {
  for (const target of ['rt.bin', 'rt.txt', 'rt.bin.gz', 'rt.txt.gz']) {
    test(`round trip ${name} -> ${target}`, async () => {
      const model = await loadModel(fixture(`models/${name}`), { unicodeErrors: name.startsWith('bad-utf8') ? 'replace' : 'strict', encoding: name.startsWith('latin1') ? 'latin1' : 'utf8' });
      const path = join(out, `${name}.${target}`);
      if (model.words.some((w) => /[ \n]/.test(w))) {
        await assert.rejects(saveModel(model, path), /cannot be read back/);
        return;
      }
      await saveModel(model, path);
      const back = await loadModel(path);
      assert.deepEqual(back.words, model.words);
      assert.equal(back.dim, model.dim);
      if (target.includes('bin')) {
        const bits = (m: KeyedVectors) => Buffer.from(m.vectors.buffer, m.vectors.byteOffset, m.size * m.dim * 4);
        assert.ok(bits(back).equals(bits(model)), 'identical float32 bits, NaN and -0 included');
      } else {
        // Text keeps every value exactly but, like numpy's repr, writes a negative NaN as "nan".
        assert.deepEqual(Array.from(back.vectors.subarray(0, back.size * back.dim)), Array.from(model.vectors.subarray(0, model.size * model.dim)));
      }
      assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    });
  }
}

test('a word with a space or a newline is refused, and nothing is written', async () => {
  for (const word of ['new york', 'two\nlines']) {
    const model = KeyedVectors.fromArrays(['ok', word], [1, 0, 0, 1], 2);
    const path = join(out, 'refused.txt');
    await assert.rejects(saveModel(model, path), (e: Error) => e instanceof RangeError && e.message.includes(JSON.stringify(word)));
    assert.equal(existsSync(path), false);
  }
});

test('a library error about a 10 KB word quotes it shortened', async () => {
  const word = `new york${'!'.repeat(10_000)}`;
  const model = KeyedVectors.fromArrays(['ok', word], [1, 0, 0, 1], 2);
  await assert.rejects(saveModel(model, join(out, 'long.txt')), (e: Error) => e.message.length < 300 && e.message.includes('"new york!!') && e.message.includes('... (10,008 characters)'));
});

test('a failed save leaves no file behind', async () => {
  const model = KeyedVectors.fromArrays(['a'], [1, 2], 2);
  const path = join(out, 'missing-dir', 'm.bin');
  await assert.rejects(saveModel(model, path));
  assert.equal(existsSync(join(out, 'missing-dir')), false);
});

test('float32Repr is the shortest repr that reads back, in numpy\'s notation', () => {
  const cases: [number, string][] = [
    [0.418, '0.418'], [1, '1.0'], [100, '100.0'], [-0, '-0.0'], [0, '0.0'], [1e-5, '1e-05'], [-9.8948e-5, '-9.8948e-05'],
    [0.0001, '0.0001'], [1e16, '1e+16'], [123456789, '123456790.0'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'],
    [1.401298464324817e-45, '1e-45'], [3.4028234663852886e38, '3.4028235e+38'],
  ];
  for (const [x, s] of cases) assert.equal(float32Repr(Math.fround(x)), s, `repr of ${x}`);
  for (let i = 0; i < 20000; i++) {
    const x = Math.fround((Math.random() - 0.5) * 10 ** (Math.random() * 20 - 10));
    assert.equal(Math.fround(Number(float32Repr(x))), x);
  }
});
