/** The arena: regions freed in any order, first fit, coalescing, 16-byte alignment, growth, and a clear error when full. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../../src/memory/arena.js';
import { PAGE } from '../../src/memory/sizes.js';
import { rng } from '../helpers/random.js';

const memory = (pages = 1) => new WebAssembly.Memory({ initial: pages, maximum: 1024, shared: true });

test('regions are 16-aligned, disjoint, and freed in any order; freed neighbours coalesce', () => {
  const arena = new Arena(memory(), 1024);
  const a = arena.reserve(10, 'a'), b = arena.reserve(100, 'b'), c = arena.reserve(33, 'c'), d = arena.reserve(1, 'd');
  assert.deepEqual([a, b, c, d].map((r) => r.offset), [1024, 1040, 1152, 1200]);
  assert.deepEqual([a, b, c, d].map((r) => r.bytes), [16, 112, 48, 16]);
  b.release();
  a.release(); // a and b coalesce into one free block of 128 bytes at 1024
  assert.equal(arena.freeBytes, 128);
  const e = arena.reserve(128, 'e');
  assert.equal(e.offset, 1024, 'first fit takes the coalesced block');
  assert.equal(arena.freeBytes, 0);
  c.release();
  d.release(); // d was on top: c and d go back to fresh space
  assert.equal(arena.freeBytes, 0);
  assert.equal(arena.reserve(64, 'f').offset, 1152);
  assert.deepEqual(arena.regions().map((r) => r.name), ['e', 'f']);
  assert.throws(() => d.release(), /region d at 1200 was already released/);
});

test('growth, and a clear error with the sizes when the memory is full', () => {
  const m = memory(1);
  const arena = new Arena(m, 0, 4 * PAGE);
  const big = arena.reserve(3 * PAGE, 'big');
  assert.ok(m.buffer.byteLength >= 3 * PAGE, 'the memory grew');
  assert.throws(() => arena.reserve(2 * PAGE, 'more'), (e: Error) => e instanceof RangeError && /region more of 0\.1 MiB does not fit: the WebAssembly memory holds 0\.2 MiB in 1 regions and at most 0\.3 MiB/.test(e.message));
  big.release();
  assert.equal(arena.reserve(4 * PAGE, 'all').offset, 0, 'a released region makes room again');
  assert.throws(() => arena.reserve(-1), /bytes must be a whole number/);
});

test('a random sequence of reserves and releases never overlaps and frees everything', () => {
  const arena = new Arena(memory(), 64);
  const random = rng(7);
  const live: { offset: number; bytes: number; release: () => void }[] = [];
  for (let step = 0; step < 3000; step++) {
    if (live.length > 0 && random() < 0.45) live.splice(Math.floor(random() * live.length), 1)[0].release();
    else live.push(arena.reserve(Math.floor(random() * 5000), 'r'));
    const sorted = [...live].sort((x, y) => x.offset - y.offset);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1].offset + sorted[i - 1].bytes <= sorted[i].offset, 'regions overlap');
    for (const r of live) assert.equal(r.offset % 16, 0);
  }
  for (const r of live.splice(0)) r.release();
  assert.equal(arena.used, 0);
  assert.equal(arena.freeBytes, 0, 'everything coalesced back into fresh space');
  assert.equal(arena.reserve(16).offset, 64);
});
