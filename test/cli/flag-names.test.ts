/**
 * CLI messages name the flags (--limit, --unicode-errors replace, --topn), not the library's option names that the
 * library's own errors use (limit, unicodeErrors: 'replace', k).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadModel } from '../../src/index.js';
import { wholeInRange } from '../../src/checks/arguments.js';
import { OptionError } from '../../src/checks/option-error.js';
import { report } from '../../src/cli/errors.js';
import { flagOption } from '../../src/cli/flags.js';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-flag-names-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Library option names as the library writes them: none of them may reach a CLI message. */
const LIBRARY_NAMES = /unicodeErrors|\bPass limit\b|\bk must\b|binary: true|noHeader|format: '/;

test('a word that is not valid UTF-8: the library says unicodeErrors, the CLI says --unicode-errors', async () => {
  const file = fixture('models/bad-utf8.txt');
  await assert.rejects(loadModel(file), /Pass unicodeErrors: 'replace' or unicodeErrors: 'ignore'/);
  const r = await simdict(['info', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Pass --unicode-errors replace or --unicode-errors ignore to load such words anyway, or the right --encoding$/m);
  assert.doesNotMatch(r.stderr, LIBRARY_NAMES);
  const b = await simdict(['info', fixture('models/bad-utf8.bin')]);
  assert.match(b.stderr, /Pass --unicode-errors replace or --unicode-errors ignore/);
  assert.doesNotMatch(b.stderr, LIBRARY_NAMES);
  const fixed = await simdict(['info', file, '--unicode-errors', 'replace']);
  assert.equal(fixed.code, 0, 'the flag the message names works');
});

test('a header count too low: Pass --limit; a text model read with --binary: without --binary', async () => {
  const low = await simdict(['info', fixture('models/bad/count-too-low.txt')]);
  assert.equal(low.code, 1);
  assert.match(low.stderr, /Pass --limit to load only the first words/);
  const binary = await simdict(['info', fixture('models/toy-model.gensim.txt'), '--binary']);
  assert.equal(binary.code, 1);
  assert.match(binary.stderr, /load it without --binary \(--format word2vec-text\)/);
  const both = await simdict(['info', fixture('models/toy-model.gensim.txt'), '--binary', '--no-header']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--no-header \(GloVe\) is a text format: it cannot be combined with --binary/);
  const header = await simdict(['info', fixture('models/bad/header-not-numbers.txt')]);
  assert.match(header.stderr, /Pass --format explicitly/);
  for (const r of [low, binary, both, header]) assert.doesNotMatch(r.stderr, LIBRARY_NAMES);
});

test('dict --topn beyond what the engine takes names --topn (the library says k); --json too, no stack', async () => {
  const out = join(dir, 'x.sqlite');
  const r = await simdict(['dict', fixture('models/toy-model.gensim.txt'), '--topn', '20000', '--out', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^simdict: --topn must be a whole number from 1 to \d+, got 20000$/m);
  assert.ok(!hasStack(r.stderr));
  const { json } = await simdictJson(['dict', fixture('models/toy-model.gensim.txt'), '--topn', '20000', '--out', out]);
  assert.match(json.error.message, /^--topn must/);
});

test('flagOption: the table; options with no flag keep the library name', () => {
  assert.equal(flagOption('unicodeErrors', 'replace'), '--unicode-errors replace');
  assert.equal(flagOption('binary', true), '--binary');
  assert.equal(flagOption('k'), '--topn');
  assert.equal(flagOption('capacity'), 'capacity');
  assert.equal(report(new OptionError((say) => `${say('capacity')} is odd`)).text, 'capacity is odd');
  assert.throws(() => wholeInRange('threads', 0, 1, 8), (e: OptionError) => e.message === 'threads must be a whole number from 1 to 8, got 0' && e.reword(flagOption) === '--threads must be a whole number from 1 to 8, got 0');
});
