/**
 * The merge of a sharded exact job (./build-shard.ts): the N part files (./part-file.ts) into one dictionary,
 * through the result sink (./result-sink.ts) like every engine. Row r of the dictionary is the top k of row r's
 * lists in the parts (../search/merge-top-k.ts): each pair of the job was scored in exactly one shard and fed both
 * of its rows there, so the union of a row's lists holds its exact top k, and the total rank order (score, then
 * index) makes the merged row the single-machine one, bit for bit. The metadata is the single-machine build's (the
 * parts carry it), with the time of the merge.
 *
 * The parts carry the model's words, so the merge needs no model. Before anything is written, every part is
 * checked: a part file whole and undamaged (size, checksum), all of one job (model hash, words, dim, k,
 * includeSelf, method, shard count, block size), each shard once; a part that is not is a DictionaryError naming it.
 */
import { mergeTopK } from '../search/merge-top-k.js';
import { DictionaryError } from '../store/dictionary-error.js';
import { checkOutputPath } from '../store/index.js';
import { jobDifference } from './build-shard.js';
import { PartReader } from './part-file.js';
import { ResultSink, type Dictionary, type DictionaryProgress } from './result-sink.js';

export interface MergeOptions {
  /** The dictionary to write (.sqlite, .jsonl, .tsv). */
  out: string;
  /** Seconds between commits of the output (default 10). */
  commitSeconds?: number;
  onProgress?: (p: DictionaryProgress) => void;
}

/** Rows merged at a time. */
const CHUNK_ROWS = 4096;

export async function mergeParts(paths: readonly string[], options: MergeOptions): Promise<Dictionary> {
  if (paths.length === 0) throw new RangeError('parts: give the part files of every shard of the job');
  checkOutputPath(options.out);
  const readers: PartReader[] = [];
  try {
    for (const path of paths) readers.push(PartReader.open(path));
    const first = readers[0];
    const { count } = first.header.shard;
    for (const r of readers.slice(1)) {
      const d = jobDifference(r.header, first.header);
      if (d !== undefined) {
        const what = d.key === 'model hash' ? `from another model (model hash ${String(d.part).slice(0, 12)}…, ${first.path}'s ${String(d.other).slice(0, 12)}…)` : `with ${d.key} ${JSON.stringify(d.part)}, ${first.path} with ${JSON.stringify(d.other)}`;
        throw new DictionaryError(`${r.path} is not a part of the same job as ${first.path}: it was built ${what}; give the parts of one job`, r.path);
      }
    }
    const byIndex = new Map<number, PartReader>();
    for (const r of readers) {
      const twin = byIndex.get(r.header.shard.index);
      if (twin) throw new DictionaryError(`${twin.path} and ${r.path} are both shard ${r.header.shard.index} of ${count}: give each shard's part once`, r.path);
      byIndex.set(r.header.shard.index, r);
    }
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
    if (missing.length > 0) {
      const list = missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
      throw new DictionaryError(`the part${missing.length === 1 ? '' : 's'} of shard${missing.length === 1 ? '' : 's'} ${list} of ${count} ${missing.length === 1 ? 'is' : 'are'} missing (${readers.length} part${readers.length === 1 ? '' : 's'} given, from ${first.path}): give every shard's part`, first.path);
    }
    for (const r of readers) {
      if (!r.checksumMatches()) throw new DictionaryError(`${r.path} is damaged: its checksum does not match its contents; rerun its shard`, r.path);
    }
    const words = first.words();
    const { meta: partMeta } = first.header;
    if (words.length !== partMeta.words) throw new DictionaryError(`${first.path} is damaged: it holds ${words.length} words, its header says ${partMeta.words}`, first.path);

    // In shard order, so that the work of every row is gathered the same way whatever order the paths came in.
    const parts = Array.from({ length: count }, (_, i) => byIndex.get(i)!);
    const meta = { ...partMeta, createdAt: new Date().toISOString() };
    const n = meta.words, k = meta.k;
    const sink = await ResultSink.open(meta, words, { out: options.out, commitSeconds: options.commitSeconds, onProgress: options.onProgress });
    try {
      for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
        const r1 = Math.min(n, r0 + CHUNK_ROWS);
        const rows = mergeTopK(parts.map((p) => p.rows(r0, r1)), r1 - r0, k);
        await sink.add(r0, r1 - r0, rows, r1 / n);
      }
      return await sink.finish();
    } catch (e) {
      sink.abort();
      throw e;
    }
  } finally {
    for (const r of readers) r.close();
  }
}
