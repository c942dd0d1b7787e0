/**
 * Resuming a dictionary build: after an interruption (simulated here by close() without finish; for real, with
 * SIGKILL, in store-crash.test.ts), a resumed build writes exactly what an uninterrupted one writes.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DictionaryError } from '../../src/store/dictionary-error.js';
import { openDictionaryWriter, partialPathOf } from '../../src/store/index.js';
import { appendRange, chunks, FORMATS, metaOf, readBack, sqliteTables, synthetic, tempDir, writeAll, type Rows } from './store-fixtures.js';

const SIZES = [11, 6, 9, 13, 12];

/** Appends the chunks [from, to) of `rows`, committing each one when `commit`. */
function appendChunks(w: ReturnType<typeof openDictionaryWriter>, rows: Rows, from: number, to: number, commit = true): void {
  for (const [s, e] of chunks(rows.n, SIZES).slice(from, to)) {
    appendRange(w, rows, s, e);
    if (commit) w.commit();
  }
}

/** Rows in the first `c` chunks. */
const rowsOfChunks = (rows: Rows, c: number) => chunks(rows.n, SIZES)[c - 1][1];

for (const { format, ext } of FORMATS) {
  describe(`${format}: resume`, () => {
    const rows = synthetic(51, 4, 5);
    const meta = metaOf(rows);

    /** The interrupted build: 3 chunks committed, a 4th appended but not committed, then closed (a crash). */
    function interrupted(path: string): void {
      const w = openDictionaryWriter(path, meta, {});
      appendChunks(w, rows, 0, 3);
      assert.equal(w.committedRows, rowsOfChunks(rows, 3));
      appendChunks(w, rows, 3, 4, false);
      assert.equal(w.committedRows, rowsOfChunks(rows, 3));
      w.close();
      assert.ok(!existsSync(path), 'no final file before finish');
      assert.ok(existsSync(partialPathOf(path)));
    }

    /** The same output an uninterrupted build writes. */
    function assertSameAsUninterrupted(resumed: string, whole: string): void {
      if (format === 'sqlite') {
        assert.deepEqual(sqliteTables(resumed), sqliteTables(whole));
        assert.deepEqual(readBack(resumed), readBack(whole));
      }
      else assert.ok(readFileSync(resumed).equals(readFileSync(whole)), 'byte-identical files');
    }

    test('resume from the committed rows: the same dictionary as an uninterrupted build', async () => {
      const dir = tempDir(`resume-${format}`);
      const whole = join(dir, `whole.${ext}`);
      await writeAll(whole, rows, meta, SIZES);
      const path = join(dir, `resumed.${ext}`);
      interrupted(path);
      // A resumed build gets a new createdAt: SQLite compares it as rows (createdAt left out), files byte for byte.
      const resumedMeta = format === 'sqlite' ? { ...meta, createdAt: '2026-02-02T00:00:00.000Z' } : meta;
      const w = openDictionaryWriter(path, resumedMeta, { resume: true, resumeRows: rowsOfChunks(rows, 3) });
      assert.equal(w.committedRows, rowsOfChunks(rows, 3));
      appendChunks(w, rows, 3, 5);
      await w.finish(resumedMeta);
      assert.ok(!existsSync(partialPathOf(path)));
      assertSameAsUninterrupted(path, whole);
      assert.equal(readBack(path).size, rows.n);
    });

    test('resume from fewer rows than committed (the build checkpointed an earlier commit), and with resumeRows left out', async () => {
      const dir = tempDir(`resume-back-${format}`);
      const whole = join(dir, `whole.${ext}`);
      await writeAll(whole, rows, meta, SIZES);
      for (const resumeRows of [rowsOfChunks(rows, 2), 0, undefined]) {
        const path = join(dir, `resumed-${resumeRows}.${ext}`);
        interrupted(path);
        const w = openDictionaryWriter(path, meta, { resume: true, resumeRows });
        const kept = resumeRows ?? rowsOfChunks(rows, 3);
        assert.equal(w.committedRows, kept);
        const first = chunks(rows.n, SIZES).findIndex(([s]) => s === kept);
        appendChunks(w, rows, first, 5);
        await w.finish(meta);
        assertSameAsUninterrupted(path, whole);
      }
    });

    test('resumed twice; and a resumed build that is interrupted again before its first commit', async () => {
      const dir = tempDir(`resume-twice-${format}`);
      const whole = join(dir, `whole.${ext}`);
      await writeAll(whole, rows, meta, SIZES);
      const path = join(dir, `twice.${ext}`);
      interrupted(path);
      let w = openDictionaryWriter(path, meta, { resume: true, resumeRows: rowsOfChunks(rows, 3) });
      appendChunks(w, rows, 3, 4, false);
      w.close();
      w = openDictionaryWriter(path, meta, { resume: true, resumeRows: rowsOfChunks(rows, 3) });
      appendChunks(w, rows, 3, 4);
      w.close();
      w = openDictionaryWriter(path, meta, { resume: true, resumeRows: rowsOfChunks(rows, 4) });
      appendChunks(w, rows, 4, 5);
      await w.finish(meta);
      assertSameAsUninterrupted(path, whole);
    });

    test('resume with other settings: a clear error naming what differs and saying to run without --resume', () => {
      const dir = tempDir(`resume-mismatch-${format}`);
      const path = join(dir, `m.${ext}`);
      interrupted(path);
      const cases: [Partial<typeof meta>, RegExp][] = [
        [{ k: 5 }, /k 4, this build has k 5/],
        [{ modelHash: 'sha256:other' }, /modelHash "sha256:test", this build has modelHash "sha256:other"/],
        [{ includeSelf: true }, /includeSelf false, this build has includeSelf true/],
        [{ method: 'exact-int8-rescored' }, /method "exact-f32", this build has method "exact-int8-rescored"/],
      ];
      for (const [change, message] of cases) {
        const k = change.k ?? meta.k;
        const other = synthetic(rows.n, k, 5);
        assert.throws(
          () => openDictionaryWriter(path, metaOf(other, change), { resume: true }),
          (e: Error) => e instanceof DictionaryError && message.test(e.message) && e.message.includes(partialPathOf(path)) && /run without --resume/.test(e.message),
        );
      }
      assert.throws(
        () => openDictionaryWriter(path, metaOf(synthetic(52, 4)), { resume: true }),
        (e: Error) => e instanceof DictionaryError && /words 51, this build has words 52/.test(e.message),
      );
      // The partial file is untouched by the failed attempts.
      const w = openDictionaryWriter(path, meta, { resume: true });
      assert.equal(w.committedRows, rowsOfChunks(rows, 3));
      w.close();
    });

    test('resume asking for more rows than were committed, or with no partial file: clear errors', () => {
      const dir = tempDir(`resume-errors-${format}`);
      const path = join(dir, `e.${ext}`);
      assert.throws(
        () => openDictionaryWriter(path, meta, { resume: true, resumeRows: 0 }),
        (e: Error) => e instanceof DictionaryError && e.message.includes(`no partial dictionary ${partialPathOf(path)}`) && /run without --resume/.test(e.message),
      );
      interrupted(path);
      assert.throws(
        () => openDictionaryWriter(path, meta, { resume: true, resumeRows: rowsOfChunks(rows, 4) }),
        (e: Error) => e instanceof DictionaryError && new RegExp(`holds ${rowsOfChunks(rows, 3)} committed rows, fewer than the ${rowsOfChunks(rows, 4)}`).test(e.message),
      );
      assert.throws(() => openDictionaryWriter(path, meta, { resume: true, resumeRows: 52 }), RangeError);
    });

    test('a fresh build replaces a partial file', async () => {
      const dir = tempDir(`fresh-${format}`);
      const whole = join(dir, `whole.${ext}`);
      await writeAll(whole, rows, meta, SIZES);
      const path = join(dir, `fresh.${ext}`);
      interrupted(path);
      const w = openDictionaryWriter(path, meta, {});
      assert.equal(w.committedRows, 0);
      appendChunks(w, rows, 0, 5);
      await w.finish(meta);
      assertSameAsUninterrupted(path, whole);
    });

    test('a partial file that is not a dictionary of this format cannot be resumed', () => {
      const dir = tempDir(`resume-garbage-${format}`);
      const path = join(dir, `g.${ext}`);
      writeFileSync(partialPathOf(path), 'not a dictionary\n'.repeat(100));
      assert.throws(() => openDictionaryWriter(path, meta, { resume: true }), (e: Error) => e instanceof DictionaryError && e.message.includes(partialPathOf(path)));
    });
  });
}

test('text formats: a partial file whose row index is missing cannot be resumed', () => {
  const dir = tempDir('resume-rows');
  const rows = synthetic(20, 3);
  for (const ext of ['jsonl', 'tsv']) {
    const path = join(dir, `r.${ext}`);
    const w = openDictionaryWriter(path, metaOf(rows), {});
    appendRange(w, rows, 0, 10);
    w.commit();
    w.close();
    writeFileSync(`${partialPathOf(path)}.rows`, '');
    assert.throws(() => openDictionaryWriter(path, metaOf(rows), { resume: true }), (e: Error) => e instanceof DictionaryError && /row index .* does not match/.test(e.message));
  }
});
