import { fileURLToPath } from 'node:url';

/**
 * The model shipped in the package's `models/` folder and used when a command is given no model file: the first
 * 15,000 words of GloVe 6B 100d (Wikipedia 2014 + Gigaword 5, lowercased, by frequency), as a gzip-compressed
 * word2vec text file. `scripts/make-default-model.ts` makes it; `models/README.md` describes it.
 */
export const DEFAULT_MODEL = {
  file: 'glove-6B-100d-15k.txt.gz',
  words: 15_000,
  dim: 100,
  /** sha256 of the decompressed text (the .gz bytes themselves may differ between zlib builds). */
  contentSha256: '8125b26363f60c725502a0025454da49ebd4fcc79d5479f9f610202c57ce32f9',
  name: 'GloVe 6B 100d',
  description: 'GloVe 6B 100d, first 15,000 words',
} as const;

/**
 * Absolute path of the shipped model. This module is `src/cli/default-model.ts` in the repository and
 * `dist/cli/default-model.js` in the package: both are two folders below the package root, next to `models/`.
 */
export function defaultModelPath(): string {
  return fileURLToPath(new URL(`../../models/${DEFAULT_MODEL.file}`, import.meta.url));
}
