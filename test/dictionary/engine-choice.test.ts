/** The engine choice by the estimated exact time: calibrated so that the README's GloVe 341k × 100 build (91 s on 2 threads) is exact. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBySize, estimateExactSeconds, EXACT_SECONDS_LIMIT } from '../../src/dictionary/engine-choice.js';

test('GloVe 6B 100d on 2 threads: about 91 s, exact; GoogleNews-sized 3M × 300: hours, approximate; more threads, less time', () => {
  assert.ok(Math.abs(estimateExactSeconds(341_479, 100, 2) - 91) < 0.5);
  assert.equal(chooseBySize(341_479, 100, 2).engine, 'exact');
  assert.equal(chooseBySize(341_479, 100, 1).engine, 'approximate', '182 s on one thread');
  const big = chooseBySize(3_000_000, 300, 2);
  assert.equal(big.engine, 'approximate');
  assert.match(big.reason, /about \d+\.\d hours here .* over about 2 minutes; --exact forces it/);
  assert.ok(estimateExactSeconds(1000, 100, 16) < EXACT_SECONDS_LIMIT);
});
