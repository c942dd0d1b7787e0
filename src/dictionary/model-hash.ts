import { createHash } from 'node:crypto';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/**
 * A model's identity for a dictionary's metadata and for resuming: sha256 of the dimension, every word (with its
 * length, so no two vocabularies collide) and every vector's float32 bytes. About 1 s per GB.
 */
export function modelHash(model: KeyedVectors): string {
  const h = createHash('sha256');
  h.update(`simdict-model ${model.size} ${model.dim}\n`);
  for (const w of model.words) h.update(`${w.length}:${w}\n`);
  const v = model.vectors;
  const step = 1 << 24;
  for (let at = 0; at < model.size * model.dim; at += step) {
    const end = Math.min(model.size * model.dim, at + step);
    h.update(new Uint8Array(v.buffer, v.byteOffset + 4 * at, 4 * (end - at)));
  }
  return h.digest('hex');
}
