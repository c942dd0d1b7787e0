import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ModelFormatError } from './model-format-error.js';

/**
 * The bytes of a model file, streamed in large chunks so that a multi-gigabyte file is never held in memory.
 * Files whose name ends in `.gz`, or which start with gzip's magic bytes, are decompressed on the fly (gensim does
 * the former through smart_open). `.bz2` is not supported and says so.
 */
export interface ByteSource {
  /** The file's chunks, in order. */
  chunks: AsyncIterable<Uint8Array>;
  /** Size of the file on disk. */
  fileBytes: number;
  /** Bytes of the file read so far (compressed bytes for .gz). */
  bytesRead(): number;
  /** True when the file is gzip-compressed. */
  gzip: boolean;
}

const CHUNK = 4 * 1024 * 1024;

export async function openByteSource(file: string): Promise<ByteSource> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new ModelFormatError(file, 'is a directory, expected a model file');
    size = info.size;
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFormatError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(e)})`);
  }
  if (/\.bz2$/i.test(file)) throw new ModelFormatError(file, 'bzip2-compressed models are not supported; decompress it first (bunzip2) or use .gz');
  const gzip = /\.gz$/i.test(file) || (await startsWithGzipMagic(file));
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  stream.on('error', () => {}); // surfaced through the iterator
  if (!gzip) return { chunks: stream, fileBytes: size, bytesRead: () => stream.bytesRead, gzip };
  const gunzip = createGunzip({ chunkSize: CHUNK });
  stream.pipe(gunzip);
  stream.on('error', (e) => gunzip.destroy(e));
  return { chunks: gunzipChunks(file, gunzip), fileBytes: size, bytesRead: () => stream.bytesRead, gzip };
}

async function* gunzipChunks(file: string, gunzip: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  try {
    yield* gunzip;
  } catch (e) {
    throw new ModelFormatError(file, `is not a valid gzip file (${(e as Error).message})`);
  }
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}
