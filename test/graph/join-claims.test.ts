// The joins' claims (../../src/graph/graph-thread.ts join): claim c joins block (c · stride) mod blocks, so every
// block must be joined exactly once whatever the number of blocks, and consecutive claims must land far apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coprimeStride } from '../../src/graph/graph-thread.js';

test('the claims visit every block once, consecutive claims far apart', () => {
  for (const blocks of [1, 2, 3, 4, 5, 8, 12, 60, 64, 97, 1000, 5336, 46875]) {
    const stride = coprimeStride(blocks);
    const seen = new Uint8Array(blocks);
    for (let c = 0; c < blocks; c++) seen[(c * stride) % blocks]++;
    assert.ok(seen.every((x) => x === 1), `${blocks} blocks, stride ${stride}`);
    if (blocks >= 8) {
      const gap = Math.min(stride, blocks - stride);
      assert.ok(gap >= blocks / 4, `${blocks} blocks: consecutive claims ${gap} blocks apart`);
    }
  }
});
