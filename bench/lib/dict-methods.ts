/** The methods (rows) of the dictionary benchmark and what a child process (dict-run.ts) gets and gives back. */
import type { ModelSpec } from './dict-models.js';

export type MethodId = 'naive' | 'simdict-1t' | 'simdict-2t' | 'simdict-int8' | 'faiss' | 'usearch';

export const METHODS: { id: MethodId; label: string }[] = [
  { id: 'naive', label: 'naive loop: mostSimilar per word' },
  { id: 'simdict-1t', label: 'simdict exact f32' },
  { id: 'simdict-2t', label: 'simdict exact f32' },
  { id: 'simdict-int8', label: 'simdict int8 + rescore' },
  { id: 'faiss', label: 'faiss-node IndexFlatIP search' },
  { id: 'usearch', label: 'usearch exactSearch (f32, ip)' },
];

export interface Job {
  model: ModelSpec;
  method: MethodId;
  k: number;
  /** Rows in the recall sample (spreadRows(n, sample)); the naive loop is timed on them. */
  sample: number;
  /** Peers: query rows to search (the rest is extrapolated); at least the sample. */
  queries: number;
  /** Threads of the peers (and of simdict's 2-thread rows). */
  threads: number;
  /** simdict 1-thread: stop after this many seconds and extrapolate by the work done (0: run to the end). */
  capSeconds: number;
}

export interface JobResult {
  ok: boolean;
  error?: string;
  /** Total seconds for all n words: measured, or extrapolated as `extrapolated` says. */
  seconds?: number;
  /** What was measured, when the total is extrapolated, e.g. "extrapolated from 2,000 words (4.1 s)". */
  extrapolated?: string;
  /** Threads, as the table shows them. */
  threads?: string;
  /** Peak resident memory of the process during the method (model included), MiB. */
  peakRssMiB?: number;
  /** Resident memory with the model loaded, before the method, MiB. */
  modelRssMiB?: number;
  /** Neighbours of the sample rows (sample · k, row r at [r·k, r·k+k)); absent when the run stopped early. */
  sampleIndices?: number[];
  notes?: string[];
}

export const RESULT_MARK = '@@dict-result ';
