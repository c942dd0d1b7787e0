/**
 * The approximate engine's flat arrays live in regions of the model's WebAssembly memory (../memory/arena.ts), so
 * that the SIMD kernels and worker threads can read them in place (a worker is sent the offsets); a model kept in a
 * plain SharedArrayBuffer (no arena: too big for one WebAssembly memory, or `wasm: false`) gets ordinary shared
 * buffers instead. Every piece is 16-aligned inside its region.
 */
import { align16 } from '../memory/sizes.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

export interface ArrayRegion {
  /** The buffer the views are on (the WebAssembly memory's buffer at reservation time, or a SharedArrayBuffer). */
  readonly buffer: ArrayBufferLike;
  /** Byte offset of the region in `buffer` (in the model's memory: the offset a kernel or worker is given). */
  readonly offset: number;
  readonly bytes: number;
  release(): void;
}

/** Pieces of the given byte sizes laid out one after another, each 16-aligned: their offsets and the total. */
export function pieceOffsets(sizes: readonly number[]): { at: number[]; bytes: number } {
  const at: number[] = [];
  let bytes = 0;
  for (const s of sizes) {
    at.push(bytes);
    bytes = align16(bytes + s);
  }
  return { at, bytes };
}

/**
 * Reserves one region of the model's memory for pieces of the given byte sizes; returns it and each piece's byte
 * offset inside it. Views on a shared WebAssembly memory stay valid when it grows (its old buffer is not detached).
 */
export function reserveArrays(model: KeyedVectors, name: string, sizes: readonly number[]): { region: ArrayRegion; at: number[] } {
  const { at, bytes } = pieceOffsets(sizes);
  const memory = model.memory;
  if (memory.arena) {
    const r = memory.reserve(bytes, name);
    return { region: { buffer: memory.buffer, offset: r.offset, bytes: r.bytes, release: () => r.release() }, at: at.map((a) => r.offset + a) };
  }
  const buffer = new SharedArrayBuffer(Math.max(16, bytes));
  let released = false;
  return {
    region: {
      buffer, offset: 0, bytes,
      release: () => {
        if (released) throw new Error(`region ${name} was already released`);
        released = true;
      },
    },
    at,
  };
}
