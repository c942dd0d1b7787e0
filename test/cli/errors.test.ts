/** User mistakes: one line on stderr, an exit code, no stack trace. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

describe('user mistakes', () => {
  test('unknown word: exit 1, one line naming it, close spellings suggested', async () => {
    const r = await simdict(['similar', 'kingg']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /"kingg" is not in the vocabulary/);
    assert.match(lines[0], /Did you mean: king\b/);
    const suggestions = lines[0].replace(/^.*Did you mean: /, '').replace(/\?$/, '').split(', ');
    assert.ok(suggestions.length >= 1 && suggestions.length <= 5, lines[0]);
    assert.ok(!hasStack(r.stderr));
  });

  test('unknown word with --json: the error as JSON on stdout too', async () => {
    const { result, json } = await simdictJson(['similar', 'king', 'quen']);
    assert.equal(result.code, 1);
    assert.equal(json.error.type, 'data');
    assert.deepEqual(json.error.words, ['quen']);
    assert.ok(json.error.suggestions.quen.includes('queen'));
  });

  test('an unknown word with no close spelling: no suggestions rather than punctuation', async () => {
    const r = await simdict(['similar', '😀']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"😀" is not in the vocabulary of the default model \(15,000 words\)\.$/m);
    assert.doesNotMatch(r.stderr, /Did you mean/);
  });

  test('upper case: the lower-case word comes first', async () => {
    const r = await simdict(['analogy', 'man', 'King', 'woman']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"King" is not in the vocabulary.*Did you mean: king\b/);
  });

  test('a mistyped model file name is pointed out', async () => {
    const r = await simdict(['similar', 'no/such/model.bin', 'king']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No file "no\/such\/model\.bin" exists either/);
  });

  test('damaged model file: exit 1, the file and the line named', async () => {
    const file = fixture('models/bad/short-line.txt');
    const r = await simdict(['similar', file, 'king']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.includes(file), r.stderr);
    assert.match(r.stderr, /line 5: expected 5 numbers/);
    assert.ok(!hasStack(r.stderr));
  });

  test('damaged binary file: the byte offset named', async () => {
    const r = await simdict(['info', fixture('models/bad/truncated-vector.bin')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /truncated-vector\.bin: byte \d+/);
    assert.ok(!hasStack(r.stderr));
  });

  test('missing model file given to info: exit 1', async () => {
    const r = await simdict(['info', 'nope.bin']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.bin: no such file/);
  });

  test('usage errors exit 2 without a stack', async () => {
    for (const args of [
      ['similar', 'king', '--topn', 'ten'],
      ['similar', 'king', '--format', 'nonsense'],
      ['similar', 'king', '--bogus-option'],
      ['frobnicate'],
      ['convert', fixture('models/toy-model.vec'), '/tmp/x.unknown-extension'],
      ['info', fixture('models/toy-model.vec'), '--binary', '--no-header'],
    ]) {
      const r = await simdict(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^simdict: /, args.join(' '));
      assert.ok(!hasStack(r.stderr), r.stderr);
    }
  });

  test('usage error with --json: an error document on stdout', async () => {
    const { result, json } = await simdictJson(['similar', 'king', '--topn', 'ten']);
    assert.equal(result.code, 2);
    assert.equal(json.error.type, 'usage');
  });

  test('no arguments: the help on stderr, exit 2', async () => {
    const r = await simdict([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: simdict/);
  });
});

describe('--help', () => {
  for (const command of ['info', 'similar', 'analogy', 'convert', 'eval']) {
    test(`${command} --help shows usage and examples`, async () => {
      const r = await simdict([command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Usage: simdict ${command} `));
      assert.match(r.stdout, /Examples:\n\s+\$ simdict /);
      assert.match(r.stdout, /--json/);
    });
  }

  test('simdict --help lists the commands; --version prints the version', async () => {
    const r = await simdict(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['info', 'similar', 'analogy', 'convert', 'eval']) assert.match(r.stdout, new RegExp(`^\\s+${c} `, 'm'));
    const v = await simdict(['--version']);
    assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+/);
  });
});

describe('long words in messages', () => {
  test('a 10 KB word is echoed shortened, with its length; its close spellings too', async () => {
    const word = 'x'.repeat(10_240);
    for (const args of [['similar', word], ['analogy', 'king', 'man', word]]) {
      const r = await simdict(args);
      assert.equal(r.code, 1);
      assert.ok(r.stderr.length < 300, `${r.stderr.length} characters: ${r.stderr.slice(0, 300)}`);
      assert.match(r.stderr, /"x{60}"\.\.\. \(10,240 characters\) is not in the vocabulary/);
    }
  });
});
