/**
 * The memory plan of a search pool: its regions in the model's memory (the quantised panels for method 'int8', one
 * query workspace per worker), computed from sizes alone and checked before anything is reserved. The default
 * method is 'int8' where the kernel can run it and its panels fit beside the model, else 'f32'.
 */
import { oneOf } from '../checks/arguments.js';
import { tileModule } from '../kernels/tile-module.js';
import { TileQuantized } from '../kernels/tile-int8.js';
import { TileQueries } from '../kernels/tile-queries.js';
import { planFits, type RegionSpec } from '../memory/plan.js';

export interface SearchPlan {
  method: 'int8' | 'f32';
  regions: RegionSpec[];
  /** Why the default fell back to 'f32' (undefined when it did not). */
  fallback?: string;
}

export interface SearchPlanInput {
  rows: number;
  dim: number;
  /** Bytes the model's memory holds now (its rows, norms, and other users' live regions). */
  heldBytes: number;
  threads: number;
  capacity: number;
  maxK: number;
  method?: 'int8' | 'f32';
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

export function planSearch(p: SearchPlanInput): SearchPlan {
  if (p.method !== undefined) oneOf('method', p.method, ['int8', 'f32']);
  const specs = (int8: boolean): RegionSpec[] => [
    ...(int8 ? [{ name: 'quantised panels', memory: 'model' as const, bytes: TileQuantized.bytesNeeded(p.rows, p.dim, TileQuantized.bitsFor(p.dim), { panels: true }) }] : []),
    ...Array.from({ length: p.threads }, (_, t) => ({ name: `search workspace ${t}`, memory: 'model' as const, bytes: TileQueries.bytesNeeded(p.rows, p.dim, p.capacity, p.maxK, int8) })),
  ];
  const fits = (regions: RegionSpec[]) => planFits(regions, { model: p.heldBytes, work: 0 });
  const total = (regions: RegionSpec[]) => regions.reduce((sum, r) => sum + r.bytes, 0);
  const unavailable = tileModule() === null ? 'this runtime cannot run the WebAssembly SIMD kernel'
    : TileQuantized.bitsFor(p.dim) <= 8 ? `${p.dim} dimensions leave too few bits` : undefined;
  if (p.method !== 'f32') {
    const int8 = specs(true);
    const why = unavailable ?? (fits(int8) ? undefined : `its panels and workspaces (${mib(total(int8))}) do not fit beside the model (${mib(p.heldBytes)}) in the 4 GiB WebAssembly memory`);
    if (why === undefined) return { method: 'int8', regions: int8 };
    if (p.method === 'int8') throw new RangeError(`method 'int8' is not available: ${why}`);
    const f32 = specs(false);
    if (fits(f32)) return { method: 'f32', regions: f32, fallback: why };
  }
  const f32 = specs(false);
  if (!fits(f32)) throw new RangeError(`the search workspaces (${mib(total(f32))}) do not fit beside the model (${mib(p.heldBytes)}) in the 4 GiB WebAssembly memory: use fewer threads or a smaller capacity`);
  return { method: 'f32', regions: f32 };
}
