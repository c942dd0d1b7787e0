import { quoteWord } from '../checks/quote-word.js';
import { KeyedVectors, type ModelSource } from '../vectors/keyed-vectors.js';
import { ModelMemory } from '../vectors/model-memory.js';

/**
 * Collects a model's rows as a reader parses them, straight into shared memory. A word seen again keeps its first
 * vector; the later one is dropped with a warning (gensim does the same but leaves an empty key and a zero row at
 * the end; we leave no holes).
 */
export class ModelBuilder {
  readonly memory: ModelMemory;
  readonly words: string[] = [];
  private readonly index = new Map<string, number>();
  /** The float32 vectors, and the same bytes as uint32 (to write NaN bit patterns) and as bytes. */
  readonly f32: Float32Array;
  readonly u32: Uint32Array;
  readonly u8: Uint8Array;
  duplicates = 0;

  constructor(readonly capacity: number, readonly dim: number, private readonly warn: (message: string) => void, wasm = true) {
    this.memory = new ModelMemory(capacity, dim, { wasm });
    this.f32 = this.memory.vectors();
    this.u32 = new Uint32Array(this.f32.buffer, this.f32.byteOffset, this.f32.length);
    this.u8 = new Uint8Array(this.f32.buffer, this.f32.byteOffset, this.f32.byteLength);
  }

  /** The row the next word's vector goes into. */
  get nextRow(): number {
    return this.words.length;
  }

  /**
   * Adds `word` for the vector just written at row `nextRow`. Returns false (and warns) for a duplicate, whose
   * vector is then overwritten by the next word.
   */
  add(word: string): boolean {
    if (this.index.has(word)) {
      this.duplicates++;
      this.warn(`duplicate word ${quoteWord(word)} in the file: keeping its first vector, ignoring this one`);
      return false;
    }
    this.index.set(word, this.words.length);
    this.words.push(word);
    return true;
  }

  /** The finished model (fewer rows than `capacity` when there were duplicates). */
  finish(source: ModelSource): KeyedVectors {
    this.memory.shrink(this.words.length);
    return new KeyedVectors(this.memory, this.words, { source, index: this.index });
  }
}
