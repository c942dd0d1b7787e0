/**
 * The approximate engine's checkpoint: after the forest and after every NN-descent iteration, the neighbour heap
 * (indices, scores, flags: n·K·9 bytes), the descent's random state, the iteration and the figures so far are saved
 * beside the partial output (`<out>.partial.ann-state`), so that `resume` after a crash (kill -9 included) continues
 * from the last finished iteration and gives exactly the uninterrupted build's dictionary. Written to a temporary
 * file, fsynced, then renamed over the last one: a crash leaves the previous state or the new one, never half. The
 * write is asynchronous (the engine's next phases, which only read the heap, run meanwhile; it is awaited before the
 * heap changes again).
 *
 * A state of another build (model, k, includeSelf, the parameters) is not used: the build starts over.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { partialPathOf } from '../store/index.js';

const MAGIC = 'simdict-ann-state 1';

export interface ApproximateState {
  /** Identifies the build: a state is used only by the same one. */
  build: Record<string, unknown>;
  /** Iterations done (0: the forest). */
  iteration: number;
  /** The descent's random state before the next iteration. */
  randomState: number;
  updates: number[];
  recalls: number[];
  /** Set when the descent had ended with this iteration. */
  stoppedBy?: string;
  indices: Int32Array;
  scores: Float32Array;
  flags: Uint8Array;
}

export const statePathOf = (out: string): string => `${partialPathOf(out)}.ann-state`;

/** Writes the state (its arrays are read until the promise settles: do not change them meanwhile). */
export async function writeState(out: string, s: ApproximateState): Promise<void> {
  const path = statePathOf(out), tmp = `${path}.tmp`;
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, build: s.build, iteration: s.iteration, randomState: s.randomState, updates: s.updates, recalls: s.recalls, stoppedBy: s.stoppedBy, slots: s.indices.length }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const file = await open(tmp, 'w');
  try {
    for (const part of [len, header, s.indices, s.scores, s.flags]) {
      const bytes = new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
      for (let at = 0; at < bytes.length; ) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}

/** The saved state of this build, or undefined (none, unreadable, or another build's). */
export function readState(out: string, build: Record<string, unknown>): ApproximateState | undefined {
  const path = statePathOf(out);
  if (!existsSync(path)) return undefined;
  try {
    const file = readFileSync(path);
    const n = file.readUInt32LE(0);
    const h = JSON.parse(file.subarray(4, 4 + n).toString('utf8'));
    if (h.magic !== MAGIC || JSON.stringify(h.build) !== JSON.stringify(build)) return undefined;
    const slots = h.slots as number;
    if (file.length !== 4 + n + 9 * slots) return undefined;
    const body = file.subarray(4 + n);
    const copy = (from: number, bytes: number) => new Uint8Array(body.subarray(from, from + bytes)).buffer; // aligned copies
    return {
      build: h.build,
      iteration: h.iteration,
      randomState: h.randomState,
      updates: h.updates,
      recalls: h.recalls,
      stoppedBy: h.stoppedBy,
      indices: new Int32Array(copy(0, 4 * slots)),
      scores: new Float32Array(copy(4 * slots, 4 * slots)),
      flags: new Uint8Array(copy(8 * slots, slots)),
    };
  } catch {
    return undefined;
  }
}

export function removeState(out: string): void {
  rmSync(statePathOf(out), { force: true });
  rmSync(`${statePathOf(out)}.tmp`, { force: true });
}
