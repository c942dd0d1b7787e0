/**
 * Crash safety for real: a child process appends and commits chunks, then is killed with SIGKILL (by itself, in the
 * middle of an uncommitted chunk, or by this process at an arbitrary moment); resuming from its committed rows
 * gives exactly what an uninterrupted build writes.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { openDictionaryWriter, partialPathOf } from '../../src/store/index.js';
import { appendRange, chunks, FORMATS, metaOf, sqliteTables, synthetic, tempDir, writeAll } from './store-fixtures.js';

const N = 16000;
const K = 10;
const SIZES = [2000];
const FIXTURES = fileURLToPath(new URL('./store-fixtures.ts', import.meta.url));
const STORE = fileURLToPath(new URL('../../src/store/index.ts', import.meta.url));

/**
 * The child: builds the dictionary at argv[2] chunk by chunk, printing "committed <rows>" after each commit. With
 * argv[3] = "self", after 3 chunks it appends all the other rows without committing them and kills itself; otherwise it runs until killed
 * (pausing a little after each chunk so that the parent can kill it anywhere).
 */
const CHILD = `
import { openDictionaryWriter } from ${JSON.stringify(STORE)};
import { appendRange, chunks, metaOf, synthetic } from ${JSON.stringify(FIXTURES)};
const [path, mode] = process.argv.slice(2);
const rows = synthetic(${N}, ${K}, 42);
const w = openDictionaryWriter(path, metaOf(rows), {});
const all = chunks(rows.n, ${JSON.stringify(SIZES)});
for (const [i, [s, e]] of all.entries()) {
  if (mode === 'self' && i === 3) {
    // Everything left in one uncommitted chunk, bigger than SQLite's page cache: it spills into the file, so the
    // kill leaves a hot journal that the resume must roll back.
    appendRange(w, rows, s, rows.n);
    process.kill(process.pid, 'SIGKILL');
  }
  appendRange(w, rows, s, e);
  w.commit();
  process.stdout.write('committed ' + w.committedRows + '\\n');
  if (mode !== 'self') await new Promise((r) => setTimeout(r, 5));
}
process.stdout.write('done\\n');
`;

interface Child {
  /** The last committed row count the child reported before it died. */
  committed: number;
  signal: NodeJS.Signals | null;
}

/** Runs the child; with `killAfter`, this process SIGKILLs it as soon as it has reported that many committed rows. */
function runChild(script: string, path: string, mode: 'self' | 'parent', killAfter = 0): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (m) committed = Number(m[1]);
        if (mode === 'parent' && committed >= killAfter) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child exited with ${code ?? signal}, not SIGKILL: ${err}`));
      else resolve({ committed, signal });
    });
  });
}

describe('SIGKILL, then resume', () => {
  const dir = tempDir('crash');
  const script = join(dir, 'child.mts');
  writeFileSync(script, CHILD);
  const rows = synthetic(N, K, 42);
  const meta = metaOf(rows);
  const all = chunks(N, SIZES);

  for (const { format, ext } of FORMATS) {
    const whole = join(dir, `whole.${ext}`);

    async function resumeAndCheck(path: string, resumeRows: number): Promise<void> {
      assert.ok(!existsSync(path), 'no final file after the crash');
      assert.ok(existsSync(partialPathOf(path)));
      const w = openDictionaryWriter(path, meta, { resume: true, resumeRows });
      assert.equal(w.committedRows, resumeRows);
      for (const [s, e] of all.filter(([s]) => s >= resumeRows)) {
        appendRange(w, rows, s, e);
        w.commit();
      }
      await w.finish(meta);
      if (!existsSync(whole)) await writeAll(whole, rows, meta, SIZES);
      if (format === 'sqlite') assert.deepEqual(sqliteTables(path), sqliteTables(whole));
      else assert.ok(readFileSync(path).equals(readFileSync(whole)), 'byte-identical to an uninterrupted build');
    }

    test(`${format}: the child kills itself in the middle of an uncommitted chunk`, async () => {
      const path = join(dir, `self.${ext}`);
      const child = await runChild(script, path, 'self');
      assert.equal(child.committed, 3 * SIZES[0]);
      if (format === 'sqlite') assert.ok(existsSync(`${partialPathOf(path)}-journal`), 'the kill left a hot journal (the uncommitted rows reached the file)');
      else {
        const ends = readFileSync(`${partialPathOf(path)}.rows`);
        assert.equal(ends.length, 8 * (3 * SIZES[0] + 1), 'the row index holds the committed rows');
        assert.ok(statSync(partialPathOf(path)).size > ends.readDoubleLE(ends.length - 8), 'the uncommitted rows reached the file');
      }
      await resumeAndCheck(path, child.committed);
    });

    test(`${format}: killed by the parent at an arbitrary moment, resumed from the last commit it reported`, async () => {
      for (const killAfter of [1, 3, 5].map((c) => c * SIZES[0])) {
        const path = join(dir, `parent-${killAfter}.${ext}`);
        const child = await runChild(script, path, 'parent', killAfter);
        assert.ok(child.committed >= killAfter);
        await resumeAndCheck(path, child.committed);
      }
    });
  }
});
