/** Small hand-made dictionaries: chosen words (each the other's neighbour) and metadata that may claim any method. */
import { openDictionaryWriter } from '../../src/store/index.js';
import { VERSION } from '../../src/version.js';

export async function writeSmallDictionary(file: string, how: { method?: string; recall?: number | null; words?: [string, string] } = {}): Promise<void> {
  const words = how.words ?? ['king', 'queen'];
  const meta = { modelHash: 'not-a-model', words: 2, dim: 2, k: 1, includeSelf: false, method: how.method ?? 'exact-f32', recall: how.recall === undefined ? 1 : how.recall, createdAt: new Date(0).toISOString(), simdictVersion: VERSION };
  const w = openDictionaryWriter(file, meta);
  w.append(0, 2, new Int32Array([1, 0]), new Float32Array([0.5, 0.5]), words);
  await w.finish(meta);
}

/** A dictionary whose metadata says another method and recall than simdict's exact builds. */
export function writeApproximateDictionary(file: string, how: { method: string; recall: number | null }): Promise<void> {
  return writeSmallDictionary(file, how);
}
