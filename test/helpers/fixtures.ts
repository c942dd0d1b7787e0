import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository's copy of the gensim fixture set. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Path of a fixture file given as in the golden files ("models/toy-model.vec"). */
export function fixture(relative: string): string {
  return join(FIXTURES, relative);
}

/** Path inside golden/. */
export function goldenPath(...parts: string[]): string {
  return join(FIXTURES, 'golden', ...parts);
}
