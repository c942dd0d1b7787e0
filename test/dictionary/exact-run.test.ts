/**
 * ExactRun.scoreBlocks, the exact engine's stream of row blocks: its hooks in the order the builds rely on (done
 * in block order, a pause only with every earlier block scored and reported), rows read in done() while the
 * workers go on equal to brute force, and a failing hook failing the stream without leaving the workers busy.
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

test('scoreBlocks: done in block order, pauses between blocks with the earlier ones reported, rows read meanwhile exact', async () => {
  for (const method of ['f32', 'int8'] as const) {
    const setup = exactSetup(model, { k: 10, threads: 2, blockRows: 64, method });
    const { schedule } = setup;
    const blocks = Array.from({ length: blockCount(schedule) }, (_, b) => b);
    const run = await ExactRun.start(model, setup);
    const events: string[] = [];
    const indices = new Int32Array(model.size * 10), scores = new Float32Array(model.size * 10);
    let read = 0;
    try {
      await run.scoreBlocks(blocks, {
        done: async (d) => {
          events.push(`done ${d}`);
          const { i1 } = blockRowsOf(schedule, blocks[d]);
          await run.readRows(read, i1, (r0, r1, rows) => {
            indices.set(rows.indices.subarray(0, (r1 - r0) * 10), r0 * 10);
            scores.set(rows.scores.subarray(0, (r1 - r0) * 10), r0 * 10);
          });
          read = i1;
        },
        pauseDue: (d) => d % 5 === 0,
        pause: async (d) => {
          events.push(`pause ${d}`);
        },
      });
    } finally {
      await run.close();
    }
    const expected: string[] = [];
    for (let d = 0; d < blocks.length; d++) {
      if (d > 0 && d % 5 === 0) expected.push(`pause ${d}`);
      expected.push(`done ${d}`);
    }
    assert.deepEqual(events, expected, method);
    assert.equal(read, model.size);
    assertSameNeighbors({ k: 10, indices, scores }, bruteForceNeighbors(model, 10, false), model);
  }
});

test('scoreBlocks: a failing hook fails the stream with its error, and the run closes', async () => {
  const setup = exactSetup(model, { k: 5, threads: 2, blockRows: 64 });
  const blocks = Array.from({ length: blockCount(setup.schedule) }, (_, b) => b);
  for (const failing of ['done', 'pause'] as const) {
    const run = await ExactRun.start(model, setup);
    const seen: number[] = [];
    try {
      await assert.rejects(
        run.scoreBlocks(blocks, {
          done: async (d) => {
            seen.push(d);
            if (failing === 'done' && d === 3) throw new Error('the output is full');
          },
          pauseDue: (d) => d === 6,
          pause: async () => {
            if (failing === 'pause') throw new Error('the output is full');
          },
        }),
        /the output is full/,
      );
    } finally {
      await run.close();
    }
    // No hook runs after the failure.
    assert.deepEqual(seen, failing === 'done' ? [0, 1, 2, 3] : [0, 1, 2, 3, 4, 5], failing);
  }
});
