/**
 * The layout of a model over 2 GiB: offsets past 2^31 (32-bit bitwise arithmetic would wrap them). The memory is
 * reserved but never written, so the test costs no real memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { align16, KERNEL_RESERVED, ModelMemory } from '../../src/vectors/model-memory.js';

test('a 2.5 GB model: norms after the vectors, 16-aligned, views of the right length', () => {
  const rows = 2_100_000;
  const dim = 300; // 2.52 GB of float32
  const memory = new ModelMemory(rows, dim);
  assert.ok(memory.wasm, 'still one WebAssembly memory');
  assert.equal(memory.vectorsOffset, KERNEL_RESERVED);
  assert.equal(memory.normsOffset, align16(KERNEL_RESERVED + 4 * rows * dim));
  assert.ok(memory.normsOffset > 2 ** 31 && memory.normsOffset % 16 === 0);
  assert.equal(memory.norms().length, rows);
  assert.equal(memory.vectors().length, rows * dim);
  const scratch = memory.allocScratch(64);
  assert.ok(scratch >= memory.normsOffset + 4 * rows && scratch % 16 === 0);
});

test('align16 rounds up to 16 beyond 32 bits', () => {
  assert.deepEqual([0, 1, 16, 17, 2 ** 31 + 1, 4.8e9 + 3].map(align16), [0, 16, 16, 32, 2 ** 31 + 16, 4.8e9 + 16]);
});
