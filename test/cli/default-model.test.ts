/** The shipped model is what scripts/make-default-model.ts documents. */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_MODEL, defaultModelPath } from '../../src/cli/default-model.js';
import { loadModel } from '../../src/formats/load-model.js';
import { ROOT, fixture } from './helpers.js';

test('the shipped model file is in models/ and the package ships models/', () => {
  assert.equal(defaultModelPath(), join(ROOT, 'models', DEFAULT_MODEL.file));
  assert.ok(existsSync(defaultModelPath()), `${defaultModelPath()} is missing: run npx tsx scripts/make-default-model.ts`);
  assert.ok(statSync(defaultModelPath()).size <= 5.2e6, 'the shipped model should stay at about 5 MB');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.ok(pkg.files.includes('models'), 'package.json "files" must include models');
  assert.ok(existsSync(join(ROOT, 'models', 'README.md')));
  assert.ok(existsSync(join(ROOT, 'models', 'eval', 'questions-words.txt')));
});

test('its decompressed content has the sha256 make-default-model.ts printed', () => {
  const text = gunzipSync(readFileSync(defaultModelPath()));
  assert.equal(createHash('sha256').update(text).digest('hex'), DEFAULT_MODEL.contentSha256);
  assert.ok(text.subarray(0, 20).toString('latin1').startsWith(`${DEFAULT_MODEL.words} ${DEFAULT_MODEL.dim}\n`));
});

test('it loads: 15,000 words x 100, GloVe order, and its first 10,000 rows equal the gensim GloVe fixture', async () => {
  const model = await loadModel(defaultModelPath());
  assert.equal(model.size, DEFAULT_MODEL.words);
  assert.equal(model.dim, 100);
  assert.equal(model.source.format, 'word2vec-text');
  assert.deepEqual(model.words.slice(0, 5), ['the', ',', '.', 'of', 'to']);
  // glove10k-100d.bin is the first 10,000 rows of GloVe 6B 100d, saved by gensim: the same words and float32 values.
  const glove10k = await loadModel(fixture('models/glove10k-100d.bin'));
  assert.deepEqual(model.words.slice(0, glove10k.size), glove10k.words);
  assert.deepEqual(model.vectors.subarray(0, glove10k.vectors.length), glove10k.vectors);
});
