/**
 * A build killed between the steps of its end (the last commit, the final metadata, the rename to the final name, the
 * removal of the side files and of the checkpoint): the files are left as they would be at each point, and
 * `resume` either finishes the dictionary or recognises it as complete, keeping it as it is.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDictionary, KeyedVectors, loadModel, openDictionary } from '../../src/index.js';
import { partialPathOf } from '../../src/store/index.js';
import { finishingPathOf, rowsPathOf } from '../../src/store/format.js';
import { checkpointPathOf } from '../../src/dictionary/checkpoint.js';
import { fixture } from '../helpers/fixtures.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 600), glove.vectors.subarray(0, 600 * glove.dim), glove.dim);
const common = { k: 5, threads: 2, blockRows: 64, commitSeconds: 0 };
const dir = mkdtempSync(join(tmpdir(), 'simdict-finish-crash-'));

function rowsOf(path: string) {
  const d = openDictionary(path);
  const rows = model.words.map((w) => d.lookup(w));
  const { createdAt: _c, ...meta } = d.meta;
  d.close();
  return { meta, rows };
}

/** The build of `out` killed after the commit of its last rows (every row committed, the checkpoint of the block before). */
async function killedAfterLastCommit(out: string): Promise<void> {
  const crash = new Error('killed');
  await assert.rejects(buildDictionary(model, { ...common, out, onProgress: (p) => { if (p.rowsDone === p.rows) throw crash; } }), (e) => e === crash);
  assert.ok(existsSync(partialPathOf(out)) && existsSync(checkpointPathOf(partialPathOf(out))), 'a partial file and its checkpoint');
}

for (const ext of ['sqlite', 'jsonl', 'tsv']) {
  test(`.${ext}: a resume after a kill at each step of the end finishes the dictionary or finds it complete`, async () => {
    const reference = join(dir, `reference.${ext}`);
    await buildDictionary(model, { ...common, out: reference });
    const expected = rowsOf(reference);
    const bytes = readFileSync(reference);
    let step = 0;
    /** Sets up the files of a crash point, resumes, and checks the result and that nothing else is left. */
    async function crashPoint(name: string, setUp: (out: string) => Promise<void>, complete: boolean): Promise<void> {
      const out = join(dir, `${ext}-${++step}.${ext}`);
      await setUp(out);
      const result = await buildDictionary(model, { ...common, out, resume: true });
      assert.equal(result.alreadyComplete, complete, `${name}: already complete`);
      assert.deepEqual(rowsOf(out), expected, `${name}: the uninterrupted dictionary`);
      if (complete) assert.ok(readFileSync(out).equals(bytes), `${name}: kept as it was`);
      const left = readdirSync(dir).filter((f) => f.startsWith(`${ext}-${step}.`));
      assert.deepEqual(left, [`${ext}-${step}.${ext}`], `${name}: no partial, side or checkpoint file left`);
    }

    await crashPoint('after the last commit', killedAfterLastCommit, false);
    if (ext === 'sqlite') {
      // finish wrote the final metadata into the partial file; the rename did not happen
      await crashPoint('before the rename', async (out) => {
        await killedAfterLastCommit(out);
        copyFileSync(reference, partialPathOf(out));
      }, false);
    } else {
      // the finished copy (<partial>.tmp) was being written, then renamed, then the partial file and its row index removed
      await crashPoint('while writing the finished copy', async (out) => {
        await killedAfterLastCommit(out);
        copyFileSync(reference, finishingPathOf(partialPathOf(out)));
      }, false);
      await crashPoint('after the rename', async (out) => {
        await killedAfterLastCommit(out);
        copyFileSync(reference, out);
      }, false);
      await crashPoint('after removing the partial file', async (out) => {
        await killedAfterLastCommit(out);
        copyFileSync(reference, out);
        rmSync(partialPathOf(out));
      }, true);
    }
    await crashPoint('before removing the checkpoint', async (out) => {
      await killedAfterLastCommit(out);
      copyFileSync(reference, out);
      rmSync(partialPathOf(out));
      rmSync(rowsPathOf(partialPathOf(out)), { force: true });
    }, true);
    await crashPoint('after the end', async (out) => copyFileSync(reference, out), true);
  });
}

test('a resume of a finished dictionary of other settings is refused, naming the difference, and keeps it', async () => {
  const out = join(dir, 'other.jsonl');
  await buildDictionary(model, { ...common, out });
  const before = readFileSync(out);
  await assert.rejects(buildDictionary(model, { ...common, k: 6, out, resume: true }), /nothing to resume: .*other\.jsonl is a finished dictionary built with k 5, this build has k 6; run without --resume to rebuild it/);
  assert.ok(readFileSync(out).equals(before));
});

test('buildDictionary checks its output before any work: a missing folder, a directory, a name of no format', async () => {
  await assert.rejects(buildDictionary(model, { ...common, out: join(dir, 'no-such-folder', 'd.jsonl') }), (e: Error) => e.name === 'DictionaryError' && /cannot write the dictionary .*d\.jsonl: the folder .*no-such-folder does not exist/.test(e.message));
  await assert.rejects(buildDictionary(model, { ...common, out: dir + '/' }), /cannot tell the dictionary format/);
  const folder = join(dir, 'folder.sqlite');
  mkdirSync(folder);
  await assert.rejects(buildDictionary(model, { ...common, out: folder }), /cannot write the dictionary .*folder\.sqlite: it is a directory/);
  assert.deepEqual(readdirSync(folder), []);
  assert.ok(!existsSync(partialPathOf(folder)));
});
