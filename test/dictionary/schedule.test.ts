/** The exact build's schedule: every pair scored exactly once, in the block of its first row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockCount, blockRowsOf, blockTasks, CHUNKS_PER_WORKER, type Schedule } from '../../src/dictionary/schedule.js';

/** For every pair i < j, the blocks whose tasks score it (a diagonal tile scores both orders: once per pair). */
function coverage(s: Schedule): number[][][] {
  const covered = Array.from({ length: s.n }, () => Array.from({ length: s.n }, () => [] as number[]));
  for (let b = 0; b < blockCount(s); b++) {
    const { i0, i1 } = blockRowsOf(s, b);
    const tasks = blockTasks(s, b);
    assert.deepEqual(tasks[0], { i0, i1, j0: i0, j1: i1, columns: false, excludeSelf: !s.includeSelf }, 'the diagonal tile first');
    assert.ok(tasks.length - 1 <= CHUNKS_PER_WORKER * s.threads, 'at most CHUNKS_PER_WORKER chunks per thread');
    for (const t of tasks) {
      assert.equal(t.i0, i0);
      assert.equal(t.i1, i1);
      assert.ok(t.j0 < t.j1, `an empty task ${JSON.stringify(t)}`);
      if (!t.columns) {
        for (let i = t.i0; i < t.i1; i++) for (let j = i + 1; j < t.j1; j++) covered[i][j].push(b);
      } else {
        assert.ok(t.j0 >= i1 && t.j1 <= s.n && !t.excludeSelf, `a candidate chunk after the block: ${JSON.stringify(t)}`);
        for (let i = t.i0; i < t.i1; i++) for (let j = t.j0; j < t.j1; j++) covered[i][j].push(b);
      }
    }
  }
  return covered;
}

test('every pair i < j is scored exactly once over all blocks, in the block of i', () => {
  const cases: [number, number, number][] = [
    [1, 16, 1],
    [16, 16, 2],
    [17, 16, 1],
    [100, 16, 1],
    [100, 16, 3],
    [131, 7, 2],
    [257, 32, 8],
    [300, 100, 5],
  ];
  for (const [n, blockRows, threads] of cases) {
    for (const includeSelf of [false, true]) {
      const s = { n, blockRows, threads, includeSelf };
      const covered = coverage(s);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) assert.deepEqual(covered[i][j], [Math.floor(i / blockRows)], `pair (${i}, ${j}) with ${JSON.stringify(s)}`);
      }
    }
  }
});

test('the blocks partition the rows', () => {
  for (const [n, blockRows] of [[1, 16], [16, 16], [1000, 64], [1001, 64]]) {
    const s = { n, blockRows, threads: 2, includeSelf: false };
    const rows = Array.from({ length: blockCount(s) }, (_, b) => blockRowsOf(s, b));
    assert.equal(rows[0].i0, 0);
    assert.equal(rows.at(-1)!.i1, n);
    for (let b = 1; b < rows.length; b++) assert.equal(rows[b].i0, rows[b - 1].i1);
    assert.ok(rows.every((r) => r.i1 > r.i0));
  }
});

test('the candidates are cut into chunks of about a block, at most CHUNKS_PER_WORKER per thread', () => {
  const s = { n: 10_000, blockRows: 100, threads: 2, includeSelf: false };
  assert.equal(blockTasks(s, 0).length, 1 + 2 * CHUNKS_PER_WORKER);
  assert.equal(blockTasks(s, 97).length, 1 + 2, 'two blocks of candidates left: two chunks');
  assert.equal(blockTasks(s, 99).length, 1, 'the last block: its diagonal tile only');
});

test('shards: every block belongs to exactly one shard, and the shards\' pair work is balanced', async () => {
  const { shardBlocks, blockWork } = await import('../../src/dictionary/schedule.js');
  for (const [n, blockRows, counts] of [[341479, 1024, [1, 2, 4, 8, 16]], [3000000, 1024, [16, 64]], [700, 64, [1, 3, 20]], [5, 16, [4]]] as const) {
    const s = { n, blockRows };
    const blocks = Math.ceil(n / blockRows);
    for (const count of counts) {
      const owner = new Int32Array(blocks).fill(-1);
      const loads: number[] = [];
      for (let i = 0; i < count; i++) {
        const mine = shardBlocks(s, i, count);
        assert.deepEqual(mine, [...mine].sort((a, b) => a - b), 'in increasing order');
        for (const b of mine) {
          assert.equal(owner[b], -1, `block ${b} of n ${n} is in shards ${owner[b]} and ${i} of ${count}`);
          owner[b] = i;
        }
        loads.push(mine.reduce((sum, b) => sum + blockWork(s, b), 0));
      }
      assert.ok(owner.every((o) => o >= 0), `every block of n ${n} has a shard of ${count}`);
      assert.equal(loads.reduce((a, b) => a + b), Array.from({ length: blocks }, (_, b) => blockWork(s, b)).reduce((a, b) => a + b));
      // Greedy, heaviest first: the most loaded shard exceeds the mean by at most the heaviest block's work (and
      // by far less on big models: blocks are small against a shard's share).
      const mean = loads.reduce((a, b) => a + b) / count;
      assert.ok(Math.max(...loads) - mean <= blockWork(s, 0), `n ${n}, ${count} shards: ${loads}`);
      if (n >= 341479 && count <= 16) assert.ok(Math.max(...loads) / mean < 1.005, `n ${n}, ${count} shards: within 0.5% of the mean (${Math.max(...loads) / mean})`);
    }
  }
  // The pair work of a block: its rows against the candidates from its first row on.
  assert.equal(blockWork({ n: 100, blockRows: 16 }, 0), 16 * 100);
  assert.equal(blockWork({ n: 100, blockRows: 16 }, 6), 4 * 4);
});
