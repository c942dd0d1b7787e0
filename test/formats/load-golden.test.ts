/**
 * Every model file of the fixture set, loaded with every option gensim 4.2.0 was called with, against gensim's
 * recorded result: the same words in the same order and the same float32 bits (sha256 of the matrix), or an error
 * where gensim raised one. The deliberate differences (README, "Differences from gensim") are listed below and
 * asserted too, so none of them can creep in or disappear unnoticed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, ModelFormatError, type KeyedVectors, type LoadOptions } from '../../src/index.js';
import { fixture, goldenPath } from '../helpers/fixtures.js';

interface LoadCase {
  file: string;
  kwargs: Record<string, unknown>;
  call: string;
  ok: boolean;
  result?: { len: number; none_keys: number; vector_size: number; index_to_key: (string | null)[]; vectors_sha256_f32le: string; rows: { index: number; key: string; vector: (number | string)[] }[] };
  error?: { type: string; message: string };
}

const cases: LoadCase[] = [];
for (const name of readdirSync(goldenPath('loads'))) cases.push(...JSON.parse(readFileSync(goldenPath('loads', name), 'utf8')).loads);
cases.push(...JSON.parse(readFileSync(goldenPath('loads-bad.json'), 'utf8')).cases);

/** gensim loads these, simdict refuses them with an error matching the pattern (gensim's silent garbage or bug). */
const WE_REFUSE: Record<string, RegExp> = {
  "KeyedVectors.load_word2vec_format('models/float-syntax-python-quirks.txt')": /not a number \(Python-only spellings/,
  "KeyedVectors.load_word2vec_format('models/bad/count-too-low.txt')": /more lines after the 20 words/,
  "KeyedVectors.load_word2vec_format('models/bad/count-too-low.bin', binary=True)": /more data after the 20 words/,
  "KeyedVectors.load_word2vec_format('models/bad/one-value-line.txt')": /found 1 \(gensim would copy/,
  "KeyedVectors.load_word2vec_format('models/bad/space-in-word-last.bin', binary=True)": /more data after the 2 words/,
  "KeyedVectors.load_word2vec_format('models/toy-model.vec', binary=True)": /this is a text model/,
  "KeyedVectors.load_word2vec_format('models/glove10k-100d.bin', binary=True, limit=0)": /limit must be a positive/,
  // A wrong dimension with unicode_errors='ignore': gensim loads garbage words; the records then overrun the file.
  "KeyedVectors.load_word2vec_format('models/bad/dim-too-low.bin', binary=True, unicode_errors='ignore')": /more data after the 22 words/,
  "KeyedVectors.load_word2vec_format('models/bad/dim-too-low-c.bin', binary=True, unicode_errors='ignore')": /more data after the 22 words/,
};

/** gensim fails on these (or loads something else), simdict loads them: the expected words are given. */
const WE_LOAD: Record<string, (gensimKeys: () => string[]) => string[]> = {
  // A byte-order mark is not part of the header or of the first word.
  "KeyedVectors.load_word2vec_format('models/bad/header-bom.txt')": () => keysOf('toy-model.vec.json'),
  "KeyedVectors.load_word2vec_format('models/bad/glove-bom.txt', no_header=True)": (g) => g().map((k, i) => (i === 0 ? k.replace(/^\ufeff/, '') : k)),
  // Blank lines at the end of a GloVe file are not words.
  "KeyedVectors.load_word2vec_format('models/bad/glove-trailing-blank-line.txt', no_header=True)": () => keysOf('glove1k-100d.txt.json').slice(0, 5),
  // gensim's spurious EOFError (duplicates + limit across its 100 KiB chunk boundary). The file repeats 'the' at
  // record 5, so the first n records hold n - 1 distinct words, in the order of the full load.
  "KeyedVectors.load_word2vec_format('models/dup-chunk.bin', binary=True, limit=2500)": () => keysOf('dup-chunk.bin.json', 3000).slice(0, 2499),
  "KeyedVectors.load_word2vec_format('models/dup-chunk.bin', binary=True, limit=2999)": () => keysOf('dup-chunk.bin.json', 3000).slice(0, 2998),
  // Binary files written with CRLF line ends: the "\r\n" before each word is a line end, not part of the word.
  "KeyedVectors.load_word2vec_format('models/crlf-records.bin', binary=True)": (g) => g().map(withoutLineEnd),
  "KeyedVectors.load_word2vec_format('models/odd-words.bin', binary=True)": (g) => g().map(withoutLineEnd),
  // Format detection: gensim needs no_header / binary spelled out, simdict recognises the file.
  "KeyedVectors.load_word2vec_format('models/glove1k-100d.txt')": () => keysOf('glove1k-100d.txt.json'),
  "KeyedVectors.load_word2vec_format('models/glove10k-100d.bin')": () => keysOf('glove10k-100d.bin.json'),
};

function keysOf(golden: string, limitOfFullLoad?: number): string[] {
  const d = JSON.parse(readFileSync(goldenPath('loads', golden), 'utf8'));
  const full = d.loads.find((c: LoadCase) => c.ok && (limitOfFullLoad === undefined ? Object.keys(c.kwargs).filter((k) => k !== 'binary' && k !== 'no_header').length === 0 : c.kwargs.limit === limitOfFullLoad));
  return full.result.index_to_key.filter((k: string | null) => k !== null);
}

function withoutLineEnd(word: string): string {
  return word.replace(/^[\r\n]+/, '');
}

function optionsOf(kwargs: Record<string, unknown>): LoadOptions {
  const o: LoadOptions = {};
  if ('binary' in kwargs) o.binary = kwargs.binary as boolean;
  if ('limit' in kwargs) o.limit = kwargs.limit as number;
  if ('encoding' in kwargs) o.encoding = kwargs.encoding as string;
  if ('unicode_errors' in kwargs) o.unicodeErrors = kwargs.unicode_errors as LoadOptions['unicodeErrors'];
  if ('no_header' in kwargs) o.noHeader = kwargs.no_header as boolean;
  return o;
}

/** sha256 of the matrix as gensim holds it: our rows, then one zero row per `None` key gensim leaves behind. */
function gensimSha(model: KeyedVectors, noneKeys: number): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(model.vectors.buffer, model.vectors.byteOffset, model.size * model.dim * 4));
  h.update(new Uint8Array(noneKeys * model.dim * 4));
  return h.digest('hex');
}

function asNumber(v: number | string): number {
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number);
}

for (const c of cases) {
  if ('fvocab' in c.kwargs || 'datatype' in c.kwargs) continue; // word-count files are not supported (README)
  const name = `${c.call.replace('KeyedVectors.load_word2vec_format', 'load')}`;
  const refuse = WE_REFUSE[c.call];
  const load = WE_LOAD[c.call];

  test(name, async () => {
    const run = () => loadModel(fixture(c.file), optionsOf(c.kwargs));
    if (refuse) {
      assert.equal(c.ok, true, 'gensim loads this file (else it is not a deliberate difference)');
      await assert.rejects(run, (e: Error) => {
        assert.match(e.message, refuse);
        return true;
      });
      return;
    }
    if (load) {
      const model = await run();
      assert.deepEqual(model.words, load(() => c.result!.index_to_key.filter((k): k is string => k !== null)));
      return;
    }
    if (!c.ok) {
      await assert.rejects(run, (e: Error) => {
        assert.ok(e instanceof ModelFormatError || e instanceof RangeError, `expected a clear error, got ${e.name}: ${e.message}`);
        if (e instanceof ModelFormatError) assert.ok(e.message.includes(c.file.split('/').pop()!), `the message names the file: ${e.message}`);
        return true;
      }, `gensim raised ${c.error!.type}: ${c.error!.message}`);
      return;
    }
    const r = c.result!;
    const model = await run();
    assert.deepEqual(model.words, r.index_to_key.filter((k) => k !== null), 'words in gensim order, duplicates dropped');
    assert.equal(model.size, r.len - r.none_keys);
    assert.equal(model.dim, r.vector_size);
    assert.equal(gensimSha(model, r.none_keys), r.vectors_sha256_f32le, 'float32 bits identical to gensim');
    for (const row of r.rows) {
      if (row.key === null) continue;
      const got = model.row(model.indexOf(row.key));
      assert.deepEqual(Array.from(got), row.vector.map(asNumber), `vector of ${JSON.stringify(row.key)}`);
    }
  });
}
