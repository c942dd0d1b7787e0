/**
 * Memory plans: one list of named regions per job, checked up front, reserved from that list (the regions held are
 * exactly the plan's), and the choice of method from sizes alone (no RangeError caught on the way).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planMemory } from '../../src/dictionary/dictionary-memory.js';
import { bytesIn, planFits, reservePlan } from '../../src/memory/plan.js';
import { MAX_BYTES } from '../../src/memory/sizes.js';
import { planSearch } from '../../src/search/search-plan.js';
import { SearchPool } from '../../src/search/search-pool.js';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { rng } from '../helpers/random.js';

test('a search plan: int8 by default, f32 when the panels do not fit (saying why), a refusal when asked for int8 then', () => {
  const base = { rows: 100_000, dim: 300, threads: 2, capacity: 64, maxK: 1100 };
  const roomy = planSearch({ ...base, heldBytes: 200e6 });
  assert.equal(roomy.method, 'int8');
  assert.deepEqual(roomy.regions.map((r) => r.name), ['quantised panels', 'search workspace 0', 'search workspace 1']);
  const panels = roomy.regions[0].bytes;
  assert.ok(panels > 100_000 * 304 * 2 && panels < 100_000 * 304 * 2 * 1.1, 'panels: 2 bytes a value, dims padded to 8');
  const full = planSearch({ ...base, heldBytes: MAX_BYTES - panels / 2 });
  assert.equal(full.method, 'f32');
  assert.match(full.fallback!, /do not fit beside the model/);
  assert.deepEqual(full.regions.map((r) => r.name), ['search workspace 0', 'search workspace 1']);
  assert.throws(() => planSearch({ ...base, heldBytes: MAX_BYTES - panels / 2, method: 'int8' }), /method 'int8' is not available: its panels/);
  assert.throws(() => planSearch({ ...base, heldBytes: MAX_BYTES - 1000, method: 'f32' }), /search workspaces .* do not fit/);
  assert.throws(() => planSearch({ ...base, heldBytes: 0, method: 'f16' as 'f32' }), /method must be 'int8' or 'f32'/);
});

test('a dictionary plan lists each region once, per memory, and its totals are those of the list', () => {
  const p = { rows: 3_000_000, dim: 300, modelBytes: 65536 + 4 * 3_000_000 * 301, k: 15, threads: 2, blockRows: 1024 };
  const plan = planMemory(p);
  assert.deepEqual([plan.method, plan.layout], ['int8', 'split']);
  assert.deepEqual(plan.regions.map((r) => `${r.memory}:${r.name}`), ['work:staging', 'work:quantised rows', 'work:workspace 0', 'work:workspace 1', 'work:seeds', 'model:rescorer 0', 'model:rescorer 1']);
  assert.equal(plan.bytes.model, p.modelBytes + bytesIn(plan.regions, 'model'));
  assert.ok(planFits(plan.regions, { model: p.modelBytes, work: 65536 }));
  const small = planMemory({ ...p, rows: 10_000, modelBytes: 65536 + 4 * 10_000 * 301 });
  assert.deepEqual(small.regions.map((r) => `${r.memory}:${r.name}`), ['model:quantised rows', 'model:workspace 0', 'model:workspace 1', 'model:seeds', 'model:rescorer 0', 'model:rescorer 1']);
  const f32 = planMemory({ ...p, rows: 10_000, modelBytes: 65536 + 4 * 10_000 * 301, method: 'f32' });
  assert.deepEqual(f32.regions.map((r) => `${r.memory}:${r.name}`), ['model:workspace 0', 'model:workspace 1', 'model:seeds']);
});

test('reservePlan holds exactly the plan\'s regions, all or nothing', async () => {
  const random = rng(3);
  const model = KeyedVectors.fromArrays(Array.from({ length: 500 }, (_, i) => `w${i}`), Float32Array.from({ length: 500 * 40 }, () => random() - 0.5), 40);
  const arena = model.memory.arena!;
  const pool = await SearchPool.start(model, { threads: 2, capacity: 8, maxK: 20 });
  const plan = planSearch({ rows: 500, dim: 40, heldBytes: 0, threads: 2, capacity: 8, maxK: 20 });
  assert.deepEqual(arena.regions().map((r) => r.name), ['vectors', 'norms', ...plan.regions.map((r) => r.name)]);
  assert.deepEqual(arena.regions().slice(2).map((r) => r.bytes), plan.regions.map((r) => Math.ceil(r.bytes / 16) * 16));
  await pool.close();
  assert.throws(() => reservePlan([{ name: 'a', memory: 'model', bytes: 100 }, { name: 'b', memory: 'model', bytes: MAX_BYTES }], { model: arena }), /region b .* does not fit/);
  assert.throws(() => reservePlan([{ name: 'a', memory: 'work', bytes: 100 }], { model: arena }), /needs the work memory/);
  assert.deepEqual(arena.regions().map((r) => r.name), ['vectors', 'norms'], 'a failed plan gives back what it had reserved');
});
