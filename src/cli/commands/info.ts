/** `simdict info [model]`: what a model file holds and what loading it costs. */
import type { Command } from 'commander';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { planMemory } from '../../dictionary/dictionary-memory.js';
import { wasmKernelSupported } from '../../kernels/index.js';
import type { RegionSpec } from '../../memory/plan.js';
import { planSearch } from '../../search/search-plan.js';
import type { KeyedVectors } from '../../vectors/keyed-vectors.js';
import { addLoadOptions, chooseModel, MODEL_HELP, openModel, type LoadFlags } from '../model.js';
import { formatInt, formatMB, keyValues, toJson, type Io } from '../output.js';

export function registerInfo(program: Command, io: Io): void {
  const cmd = program
    .command('info')
    .description("a model's format, vocabulary size, dimension, file size, load time and memory")
    .argument('[model]', 'model file (default: the shipped model)')
    .option('--json', 'print one JSON document');
  addLoadOptions(cmd).addHelpText(
    'after',
    `
${MODEL_HELP}

Examples:
  $ simdict info
  $ simdict info glove.6B.100d.txt
  $ simdict info GoogleNews-vectors-negative300.bin.gz --limit 100000 --json`,
  );
  cmd.action(async (model: string | undefined, flags: LoadFlags) => {
    const choice = model === undefined ? await chooseModel([]) : { path: model, isDefault: false, rest: [] };
    const kv = await openModel(choice, flags, io);
    const fileBytes = kv.source.bytes ?? statSync(choice.path).size;
    const gzip = /\.gz$/i.test(choice.path) || isGzip(choice.path);
    const kernel = kv.memory.wasm && wasmKernelSupported() ? 'wasm-simd' : 'js';
    const kernelText = kernel === 'wasm-simd' ? 'WebAssembly SIMD kernels' : 'TypeScript kernels';
    const memory = kv.memory.wasm
      ? { kind: 'wasm', description: `WebAssembly shared memory (${kernelText})`, bytes: kv.memory.buffer.byteLength }
      : { kind: 'plain', description: `plain SharedArrayBuffer (${kernelText})`, bytes: kv.memory.buffer.byteLength };
    const loadMs = kv.source.loadMs ?? 0;
    if (flags.json) {
      io.out(
        toJson({
          file: choice.path,
          default: choice.isDefault,
          format: kv.source.format,
          gzip,
          words: kv.size,
          dim: kv.dim,
          fileBytes,
          loadMs: Math.round(loadMs * 10) / 10,
          memory: { kind: memory.kind, bytes: memory.bytes, ...memoryPlans(kv) },
          kernel,
          firstWords: kv.words.slice(0, 10),
        }),
      );
      return;
    }
    io.out(
      keyValues([
        ['file', choice.isDefault ? `${choice.path} (the shipped default model)` : choice.path],
        ['format', `${kv.source.format}${gzip ? ', gzip-compressed' : ''}`],
        ['words', formatInt(kv.size)],
        ['dimensions', String(kv.dim)],
        ['file size', formatMB(fileBytes)],
        ['load time', `${formatInt(Math.round(loadMs))} ms`],
        ['memory', `${memory.description}, ${formatMB(memory.bytes)}`],
        ['first words', kv.words.slice(0, 10).map((w) => JSON.stringify(w)).join(' ')],
      ]),
    );
  });
}

/**
 * What the model's memory holds (its regions), and the plans of the two jobs on it with their default settings: the
 * dictionary (k 15, every core) and the search pool (`simdict serve`): each region they would reserve, and where.
 */
function memoryPlans(kv: KeyedVectors): { regions?: { name: string; bytes: number }[]; plans?: Record<string, unknown> } {
  if (!kv.memory.arena) return {};
  const threads = availableParallelism();
  const plan = (run: () => { method: string; regions: RegionSpec[] }) => {
    try {
      const p = run();
      return { method: p.method, regions: p.regions };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  return {
    regions: kv.memory.arena.regions().map(({ name, bytes }) => ({ name, bytes })),
    plans: {
      dictionary: plan(() => planMemory({ rows: kv.size, dim: kv.dim, modelBytes: kv.memory.heldBytes, k: 15, threads, blockRows: 1024 })),
      search: plan(() => planSearch({ rows: kv.size, dim: kv.dim, heldBytes: kv.memory.heldBytes, threads, capacity: 64, maxK: 1100 })),
    },
  };
}

/** Whether the file starts with gzip's magic bytes (the loader decompresses those whatever their name). */
function isGzip(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const b = Buffer.alloc(2);
      return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
