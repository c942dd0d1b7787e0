/** The shared argument checks: the value back when it is valid, else a RangeError naming the parameter. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRange, oneOf, wholeAtLeast, wholeInRange } from '../../src/checks/arguments.js';

test('oneOf returns a listed value and names the parameter and every choice otherwise', () => {
  assert.equal(oneOf('method', 'int8', ['f32', 'int8']), 'int8');
  assert.throws(() => oneOf('method', 'f16', ['f32', 'int8']), { name: 'RangeError', message: `method must be 'f32' or 'int8', got "f16"` });
  assert.throws(() => oneOf('format', 3, ['sqlite', 'jsonl', 'tsv']), { message: `format must be 'sqlite', 'jsonl' or 'tsv', got 3` });
  assert.throws(() => oneOf('layout', undefined, ['single', 'split']), /layout must be 'single' or 'split', got undefined/);
});

test('wholeInRange returns whole numbers in range and refuses the rest', () => {
  assert.equal(wholeInRange('k', 5, 1, 10), 5);
  for (const bad of [0, 11, 2.5, NaN]) assert.throws(() => wholeInRange('k', bad, 1, 10), /k must be a whole number from 1 to 10/);
});

test('wholeAtLeast and checkRange refuse what is not whole or not inside', () => {
  assert.equal(wholeAtLeast('rows', 0), 0);
  assert.equal(wholeAtLeast('dim', 3, 1), 3);
  for (const bad of [-1, 0.5, NaN]) assert.throws(() => wholeAtLeast('rows', bad), /rows must be a whole number ≥ 0/);
  assert.throws(() => wholeAtLeast('dim', 0, 1), /dim must be a whole number ≥ 1, got 0/);
  checkRange('rows', 0, 10, 10);
  checkRange('rows', 3, 3, 10);
  for (const [a, b] of [[-1, 2], [5, 4], [0, 11], [0.5, 2]]) assert.throws(() => checkRange('rows', a, b, 10), new RegExp(`rows \\[${a}, ${b}\\) are not a range of \\[0, 10\\)`));
});
