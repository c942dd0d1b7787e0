/**
 * Reads an evaluation data set as text, the way gensim opens it (through smart_open: `.gz` is decompressed).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** The file's text, decoded strictly ('utf8', the default, or 'latin1'). */
export async function readText(path: string, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<string> {
  let bytes: Uint8Array = await readFile(path);
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  // TextDecoder's 'latin1' is windows-1252; Buffer's is ISO-8859-1, Python's latin-1
  if (encoding === 'latin1') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
