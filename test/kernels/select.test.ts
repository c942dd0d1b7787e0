import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsKernel, kernelFor, wasmKernel, wasmKernelSupported } from '../../src/kernels/index.js';
import { copyModel, makeModel, randomQuery, sameFloats } from './helpers.js';

describe('kernelFor', () => {
  it('this runtime (Node 20) supports the WebAssembly SIMD kernel', () => {
    assert.equal(wasmKernelSupported(), true);
  });

  it('picks WebAssembly for a model in a WebAssembly memory', () => {
    const memory = makeModel({ rows: 3, dim: 4 });
    assert.equal(kernelFor(memory).name, 'wasm-simd128');
    assert.equal(kernelFor(memory, 'wasm').name, 'wasm-simd128');
    assert.equal(kernelFor(memory, 'js').name, 'js');
  });

  it('picks the JS kernel for a { wasm: false } memory', () => {
    const memory = makeModel({ rows: 3, dim: 4, wasm: false });
    assert.equal(memory.wasm, null);
    assert.equal(kernelFor(memory).name, 'js');
    assert.equal(kernelFor(memory, 'wasm').name, 'js');
    assert.throws(() => wasmKernel.scores(memory, randomQuery(4, 1), 0, 3), TypeError);
  });
});

describe('argument checks', () => {
  for (const kernel of [wasmKernel, jsKernel]) {
    it(`${kernel.name} rejects bad queries, ranges and k`, () => {
      const memory = makeModel({ rows: 10, dim: 4 });
      const q = randomQuery(4, 1);
      assert.throws(() => kernel.scores(memory, randomQuery(5, 1), 0, 10), RangeError);
      assert.throws(() => kernel.scores(memory, q, -1, 10), RangeError);
      assert.throws(() => kernel.scores(memory, q, 5, 4), RangeError);
      assert.throws(() => kernel.scores(memory, q, 0, 11), RangeError);
      assert.throws(() => kernel.scores(memory, q, 0.5, 4), RangeError);
      assert.throws(() => kernel.topK(memory, q, 0, 10, -1), RangeError);
      assert.throws(() => kernel.topK(memory, q, 0, 10, NaN), RangeError);
    });
  }
});

describe('scratch space', () => {
  it('is freed after each call, and the buffer does not grow on repeated queries', () => {
    const memory = makeModel({ rows: 1000, dim: 50 });
    const q = randomQuery(50, 2);
    wasmKernel.topK(memory, q, 0, 1000, 10);
    wasmKernel.scores(memory, q, 0, 1000);
    const bytes = memory.buffer.byteLength, first = memory.allocScratch(16);
    memory.resetScratch();
    for (let i = 0; i < 20; i++) {
      wasmKernel.topK(memory, q, 0, 1000, 10);
      wasmKernel.scores(memory, q, 0, 1000);
    }
    assert.equal(memory.buffer.byteLength, bytes);
    assert.equal(memory.allocScratch(16), first);
    memory.resetScratch();
  });

  it('grows the memory when the scores need more than the initial scratch, and reads the new buffer', () => {
    const memory = makeModel({ rows: 400_000, dim: 1 }); // 1.6 MB of scores > 1 MiB of initial scratch
    const before = memory.buffer.byteLength;
    const q = Float32Array.of(1);
    const a = wasmKernel.scores(memory, q, 0, 400_000);
    assert.ok(memory.buffer.byteLength > before);
    const b = jsKernel.scores(copyModel(memory, { wasm: false }), q, 0, 400_000);
    assert.ok(sameFloats(a, b));
  });

  it('accepts a query that is a view of the model itself', () => {
    const memory = makeModel({ rows: 20, dim: 8 });
    const row = memory.vectors().subarray(3 * 8, 4 * 8);
    const top = wasmKernel.topK(memory, row, 0, 20, 1);
    assert.deepEqual([...top.indices], [3]);
  });
});
