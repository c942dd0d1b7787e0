/**
 * The approximate engine's memory plan (src/graph/graph-memory.ts): its regions and shared buffers from sizes alone,
 * and a build that cannot fit refused up front, with the sizes, leaving nothing reserved and nothing written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { buildApproximateDictionary } from '../../src/graph/build-approximate.js';
import { planGraph } from '../../src/graph/graph-memory.js';
import { sweepNodes } from '../../src/index/plane-splitter.js';
import { TileWorkspace } from '../../src/kernels/tile-workspace.js';
import { GATHERED_PROPOSAL_BYTES } from '../../src/kernels/layout.js';
import { MAX_BYTES } from '../../src/memory/sizes.js';
import { fixture } from '../helpers/fixtures.js';

test('the plan: thresholds and, per thread, a block workspace, proposals and a tree in the model memory; heap and candidates beside it', () => {
  const s = { n: 3_000_000, dim: 300, K: 45, C: 45, threads: 2, blockRows: 90, proposals: 1 << 20 };
  const plan = planGraph(s);
  assert.deepEqual(plan.regions.map((r) => r.name), ['ann thresholds', 'ann workspace 0', 'ann proposals 0', 'ann tree 0', 'ann workspace 1', 'ann proposals 1', 'ann tree 1']);
  assert.ok(plan.regions.every((r) => r.memory === 'model'));
  const bytes = Object.fromEntries(plan.regions.map((r) => [r.name, r.bytes]));
  assert.equal(bytes['ann thresholds'], 4 * s.n);
  assert.equal(bytes['ann proposals 1'], s.proposals * GATHERED_PROPOSAL_BYTES);
  assert.equal(bytes['ann workspace 0'], TileWorkspace.gatheredBytes(s.dim, s.blockRows));
  const tree = 16 * s.n + 4 * s.dim + 4 * s.dim * sweepNodes(s.n, s.dim); // perm, starts, dots, normal, nodeOf, normals
  assert.ok(bytes['ann tree 0'] >= tree && bytes['ann tree 0'] < tree + 96);
  const shared = Object.fromEntries(plan.shared.map((b) => [b.name, b.bytes]));
  assert.ok(shared['ann heap'] >= 9 * s.n * s.K && shared['ann heap'] < 9 * s.n * s.K + 64);
  const candidates = 8 * s.n * s.C + 4 * s.threads * s.n + 8 * s.n + 4 * s.n * s.K + 16; // ... and the joins' control words
  assert.ok(shared['ann candidates'] >= candidates && shared['ann candidates'] < candidates + 7 * 16);
  assert.ok(shared['ann apply'] >= s.threads * 24 * s.proposals && shared['ann apply'] < s.threads * (24 * s.proposals + 4 * (s.n / 64 + 2) + 48));
  // a buffer over 2^31 bytes (a wider heap at 3M): its offsets must not wrap as 32-bit integers
  const wide = planGraph({ ...s, K: 100 }).shared.find((b) => b.name === 'ann candidates')!.bytes;
  assert.equal(wide, 8 * s.n * s.C + 4 * s.threads * s.n + 8 * s.n + 4 * s.n * 100 + 16);
  assert.ok(wide > 2 ** 31);
  // the heap's indices in the model's memory instead (where they fit): a region there, 4·n·K bytes fewer beside it
  const inModel = planGraph({ ...s, indicesInModel: true });
  assert.equal(inModel.regions.find((r) => r.name === 'ann indices')?.bytes, 4 * s.n * s.K);
  assert.equal(plan.regions.find((r) => r.name === 'ann indices'), undefined);
  assert.ok(inModel.shared.find((b) => b.name === 'ann heap')!.bytes < shared['ann heap'] - 4 * s.n * s.K + 64);
  // GoogleNews-sized: the graph (about 3 GB) is outside the model's memory, which keeps under 160 MB for it (the trees: 48 MB a thread)
  assert.ok(plan.regions.reduce((sum, r) => sum + r.bytes, 0) < 160e6);
});

test('a build whose regions cannot fit beside the model is refused before any work, with the sizes; nothing stays reserved or written', async () => {
  const glove = await loadModel(fixture('models/glove1k-100d.txt'));
  const model = KeyedVectors.fromArrays(glove.words.slice(0, 500), glove.vectors.subarray(0, 500 * glove.dim), glove.dim);
  const arena = model.memory.arena!;
  // fill the memory up to 64 KiB short of 4 GiB (address space only: nothing is written)
  const hog = arena.reserve(MAX_BYTES - model.memory.heldBytes - 65536, 'hog');
  const dir = mkdtempSync(join(tmpdir(), 'simdict-graph-memory-'));
  try {
    const out = join(dir, 'd.tsv');
    await assert.rejects(buildApproximateDictionary(model, { k: 5, threads: 2, recallSample: 50, out }), (e: Error) => {
      assert.ok(e instanceof RangeError, String(e));
      assert.match(e.message, /approximate engine's working regions \([\d.]+ MiB.*\) do not fit beside what the model's 4 GiB WebAssembly memory holds \([\d.]+ MiB\)/);
      return true;
    });
    assert.deepEqual(arena.regions().map((r) => r.name).sort(), ['hog', 'norms', 'vectors']);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    hog.release();
    rmSync(dir, { recursive: true, force: true });
  }
});
