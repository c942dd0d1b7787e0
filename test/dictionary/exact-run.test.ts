/**
 * ExactRun.scoreBlocks, the exact engine's stream of row blocks: its calls in the order the builds rely on (done
 * in block order, final rows taken in order, a commit only with every earlier block scored and its rows taken),
 * the rows equal to brute force, and a failing call failing the stream without leaving the workers busy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { ExactRun, exactSetup } from '../../src/dictionary/exact-run.js';
import { blockCount, blockRowsOf } from '../../src/dictionary/schedule.js';
import { fixture } from '../helpers/fixtures.js';
import { assertSameNeighbors, bruteForceNeighbors } from './brute-force.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 1200), glove.vectors.subarray(0, 1200 * glove.dim), glove.dim);

test('scoreBlocks: done in block order, commits between blocks with every final row taken, the rows exact', async () => {
  for (const method of ['f32', 'int8'] as const) {
    const setup = exactSetup(model, { k: 10, threads: 2, blockRows: 64, method });
    const { schedule } = setup;
    const blocks = Array.from({ length: blockCount(schedule) }, (_, b) => b);
    const finalRows = (d: number) => (d < blocks.length ? blockRowsOf(schedule, blocks[d]).i0 : model.size);
    const run = await ExactRun.start(model, setup);
    const events: string[] = [];
    const indices = new Int32Array(model.size * 10), scores = new Float32Array(model.size * 10);
    let taken = 0, scored = 0;
    try {
      await run.scoreBlocks(blocks, {
        readFrom: 0,
        finalRows,
        take: (r0, r1, rows) => {
          assert.equal(r0, taken, 'rows taken in order');
          assert.ok(r1 <= finalRows(scored), 'only final rows taken');
          indices.set(rows.indices.subarray(0, (r1 - r0) * 10), r0 * 10);
          scores.set(rows.scores.subarray(0, (r1 - r0) * 10), r0 * 10);
          taken = r1;
        },
        done: (d) => {
          events.push(`done ${d}`);
          scored = d + 1;
        },
        commitDue: (d) => d % 5 === 0,
        commit: async (d) => {
          events.push(`commit ${d}`);
          assert.equal(taken, finalRows(d), 'every final row taken before a commit');
        },
      });
    } finally {
      await run.close();
    }
    const expected: string[] = [];
    for (let d = 0; d < blocks.length; d++) {
      if (d > 0 && d % 5 === 0) expected.push(`commit ${d}`);
      expected.push(`done ${d}`);
    }
    assert.deepEqual(events, expected, method);
    assert.equal(taken, model.size);
    assertSameNeighbors({ k: 10, indices, scores }, bruteForceNeighbors(model, 10, false), model);
  }
});

test('scoreBlocks: a failing hook fails the stream with its error, and the run closes', async () => {
  const setup = exactSetup(model, { k: 5, threads: 2, blockRows: 64 });
  const blocks = Array.from({ length: blockCount(setup.schedule) }, (_, b) => b);
  const finalRows = (d: number) => (d < blocks.length ? blockRowsOf(setup.schedule, blocks[d]).i0 : model.size);
  for (const failing of ['done', 'take', 'commit'] as const) {
    const run = await ExactRun.start(model, setup);
    const seen: number[] = [];
    try {
      await assert.rejects(
        run.scoreBlocks(blocks, {
          readFrom: 0,
          finalRows,
          take: () => {
            if (failing === 'take') throw new Error('the output is full');
          },
          done: (d) => {
            seen.push(d);
            if (failing === 'done' && d === 3) throw new Error('the output is full');
          },
          commitDue: (d) => d === 6,
          commit: async () => {
            if (failing === 'commit') throw new Error('the output is full');
          },
        }),
        /the output is full/,
      );
    } finally {
      await run.close();
    }
    // No block is reported after the failure (the first read-out is at the first pause, after block 5).
    assert.deepEqual(seen, failing === 'done' ? [0, 1, 2, 3] : [0, 1, 2, 3, 4, 5], failing);
  }
});
