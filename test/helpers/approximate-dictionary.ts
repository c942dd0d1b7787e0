/** A small dictionary whose metadata claims another method and recall than simdict's exact builds (two words). */
import { openDictionaryWriter } from '../../src/store/index.js';
import { VERSION } from '../../src/version.js';

export async function writeApproximateDictionary(file: string, how: { method: string; recall: number | null }): Promise<void> {
  const words = ['king', 'queen'];
  const meta = { modelHash: 'not-a-model', words: 2, dim: 2, k: 1, includeSelf: false, ...how, createdAt: new Date(0).toISOString(), simdictVersion: VERSION };
  const w = openDictionaryWriter(file, meta);
  w.append(0, 2, new Int32Array([1, 0]), new Float32Array([0.5, 0.5]), words);
  await w.finish(meta);
}
