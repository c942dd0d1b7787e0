/**
 * A memory plan: the regions a job will hold, as a list of named specs computed once from sizes alone. The same
 * list is checked up front (does each memory stay within 4 GiB?), reserved region by region, and printed
 * (`simdict info --json`, `/v1/info`), so that what a job takes is said before it starts and nothing is listed twice.
 */
import { align16, MAX_BYTES } from './sizes.js';
import type { Arena, Region } from './arena.js';

/** Which memory a region goes to: the model's own, or a second WebAssembly memory of the job's (the work memory). */
export type MemoryName = 'model' | 'work';

export interface RegionSpec {
  name: string;
  memory: MemoryName;
  bytes: number;
}

/** Bytes the specs take in `memory` (each region rounded up to 16, as the arena does). */
export function bytesIn(specs: readonly RegionSpec[], memory: MemoryName): number {
  return specs.filter((s) => s.memory === memory).reduce((sum, s) => sum + Math.max(16, align16(s.bytes)), 0);
}

/** Whether the specs fit beside `held` bytes already in each memory (the model's rows, say). */
export function planFits(specs: readonly RegionSpec[], held: Record<MemoryName, number>): boolean {
  return held.model + bytesIn(specs, 'model') <= MAX_BYTES && (bytesIn(specs, 'work') === 0 || held.work + bytesIn(specs, 'work') <= MAX_BYTES);
}

/**
 * Reserves every spec from its memory's arena, in order; all or nothing. `release()` gives them all back (in any
 * order would do: the arena frees regions independently).
 */
export function reservePlan(specs: readonly RegionSpec[], arenas: Partial<Record<MemoryName, Arena>>): { regions: Map<string, Region>; release: () => void } {
  const regions = new Map<string, Region>();
  const release = () => {
    for (const r of regions.values()) r.release();
    regions.clear();
  };
  try {
    for (const spec of specs) {
      const arena = arenas[spec.memory];
      if (!arena) throw new Error(`the plan needs the ${spec.memory} memory for ${spec.name}`);
      if (regions.has(spec.name)) throw new Error(`the plan names region ${spec.name} twice`);
      regions.set(spec.name, arena.reserve(spec.bytes, spec.name));
    }
  } catch (e) {
    release();
    throw e;
  }
  return { regions, release };
}
