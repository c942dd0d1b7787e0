/** "Did you mean" suggestions for unknown words. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { suggest } from '../../src/queries/suggest.js';

const vocab = ['the', 'king', 'queen', 'kings', 'kind', 'ring', 'viking', 'queens', 'quern', 'King', 'thing', ''];

test('close spellings, closest first, then by vocabulary order (frequency)', () => {
  assert.deepEqual(suggest('kingg', vocab), ['king', 'kings', 'King', 'kind', 'ring']);
  assert.deepEqual(suggest('qeen', vocab).slice(0, 3), ['queen', 'queens', 'quern']);
});

test('a transposition counts as one edit', () => {
  assert.equal(suggest('qeuen', vocab)[0], 'queen');
});

test('case: the same letters in another case come first', () => {
  assert.deepEqual(suggest('KING', ['thing', 'kings', 'king']).slice(0, 1), ['king']);
});

test('at most max, nothing far away, never the empty word', () => {
  assert.equal(suggest('king', vocab, 2).length, 2);
  assert.deepEqual(suggest('xylophone', vocab), []);
  assert.ok(!suggest('x', vocab).includes(''));
});

test('nothing rather than noise: a suggestion keeps more of the word than it changes', () => {
  const punctuation = [',', '.', '"', '-', '(', 'a', 'I', 'ab'];
  assert.deepEqual(suggest('😀', punctuation), [], 'one character replaced by another is not close');
  assert.deepEqual(suggest('x', punctuation), []);
  assert.deepEqual(suggest('i', punctuation), ['I'], 'the same letter in another case is');
  assert.deepEqual(suggest('ax', punctuation), ['ab'], 'two letters, one kept');
  assert.deepEqual(suggest('xy', ['a', 'x', 'xyz']), ['xyz'], "'x' drops half the word; 'xyz' keeps all of it");
});

test('fast on a large vocabulary', () => {
  const big = Array.from({ length: 400_000 }, (_, i) => `w${i.toString(36)}x`);
  const started = performance.now();
  suggest('w1a2bx', big);
  assert.ok(performance.now() - started < 2000);
});
