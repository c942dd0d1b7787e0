/** Long words in messages: shown in full up to 60 characters, beyond that cut and marked with their length. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { clip, quoteWord, SHOWN_CHARACTERS } from '../../src/checks/quote-word.js';

test('short words are quoted in full; long ones cut at 60 characters, with their length', () => {
  assert.equal(quoteWord('king'), '"king"');
  assert.equal(quoteWord('a'.repeat(SHOWN_CHARACTERS)), JSON.stringify('a'.repeat(SHOWN_CHARACTERS)));
  assert.equal(quoteWord('a'.repeat(10_240)), `${JSON.stringify('a'.repeat(SHOWN_CHARACTERS))}... (10,240 characters)`);
  assert.equal(quoteWord('b'.repeat(100), (w) => w), `${'b'.repeat(60)}... (100 characters)`, 'any quoting');
});

test('characters are code points: no surrogate pair is cut, and 60 emoji are not "long"', () => {
  assert.equal(quoteWord('😀'.repeat(60)), JSON.stringify('😀'.repeat(60)));
  assert.equal(quoteWord('😀'.repeat(61)), `${JSON.stringify('😀'.repeat(60))}... (61 characters)`);
  assert.equal(clip('😀'.repeat(5), 3), '😀😀😀...');
  assert.equal(clip('abc', 3), 'abc');
});
