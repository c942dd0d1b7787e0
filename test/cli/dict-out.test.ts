/**
 * `simdict dict --out`: a path that cannot be written is refused before the model loads, naming the path and the
 * flag; `--resume` of a dictionary that is already complete keeps it and says so.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointPathOf } from '../../src/dictionary/checkpoint.js';
import { partialPathOf } from '../../src/store/index.js';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

const MODEL = fixture('models/glove1k-100d.txt');
const COMMON = ['--topn', '5', '--threads', '1'];
const dir = mkdtempSync(join(tmpdir(), 'simdict-dict-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, exit 2, no stack trace, no file written. */
function assertRefused(r: { code: number; stderr: string }, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\.partial/);
  assert.ok(!hasStack(r.stderr), r.stderr);
}

test('--out in a folder that does not exist: refused before the model loads, naming the path given and --out', async () => {
  for (const ext of ['sqlite', 'jsonl', 'tsv']) {
    const out = join(dir, 'no-such-folder', `q.${ext}`);
    const message = new RegExp(`^simdict: --out: cannot write the dictionary ${out.replace(/[.]/g, '\\.')}: the folder .*no-such-folder does not exist$`, 'm');
    assertRefused(await simdict(['dict', MODEL, '--out', out, ...COMMON]), message);
    // the model is not even opened: a missing one is not what is reported
    assertRefused(await simdict(['dict', join(dir, 'no-such-model.bin'), '--out', out]), message);
  }
  writeFileSync(join(dir, 'a-file'), '');
  assertRefused(await simdict(['dict', MODEL, '--out', join(dir, 'a-file', 'q.sqlite')]), /--out: cannot write the dictionary .*q\.sqlite: .*a-file is not a folder/);
});

test('--out naming a directory: refused up front, nothing left in or beside it', async () => {
  const out = join(dir, 'qd.sqlite');
  mkdirSync(out);
  assertRefused(await simdict(['dict', MODEL, '--out', out, ...COMMON]), /--out: cannot write the dictionary .*qd\.sqlite: it is a directory/);
  assert.deepEqual(readdirSync(out), []);
  assert.ok(!readdirSync(dir).some((f) => f.startsWith('qd.sqlite.')), 'no partial file');
});

for (const [ext, words] of [['jsonl', false], ['sqlite', false], ['tsv', false], ['sqlite', true]] as const) {
  test(`--resume of a complete .${ext} dictionary${words ? ' of --words' : ''}: kept as it is, said so, exit 0`, async () => {
    const out = join(dir, `done${words ? '-words' : ''}.${ext}`);
    const list = join(dir, 'words.txt');
    writeFileSync(list, 'king\nparis\ncomputer\n');
    const args = ['dict', MODEL, '--out', out, ...COMMON, ...(words ? ['--words', list] : [])];
    const built = await simdict(args);
    assert.equal(built.code, 0, built.stderr);
    const before = readFileSync(out);
    const { mtimeMs } = statSync(out);

    const r = await simdict([...args, '--resume', '--show', 'king']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`done(-words)?\\.${ext} is already complete \\(${words ? 3 : '1,000'} words x 5 neighbours\\): nothing to resume, it is kept as it is`));
    assert.match(r.stdout, /\nking\n#\s+word\s+similarity\n/, 'the --show entries are printed');
    assert.ok(readFileSync(out).equals(before), 'the same bytes');
    assert.equal(statSync(out).mtimeMs, mtimeMs, 'not rewritten');

    const { result, json } = await simdictJson([...args, '--resume']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.alreadyComplete, true);
    assert.equal(json.words, words ? 3 : 1000);

    const other = await simdict(['dict', MODEL, '--out', out, '--topn', '6', '--threads', '1', ...(words ? ['--words', list] : []), '--resume']);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /nothing to resume: .* is a finished dictionary built with k 5, this build has k 6; run without --resume to rebuild it/);
    assert.ok(readFileSync(out).equals(before));
  });
}

test('--resume after a kill between the final rename and the removal of the checkpoint: complete, the checkpoint removed', async () => {
  const out = join(dir, 'renamed.sqlite');
  assert.equal((await simdict(['dict', MODEL, '--out', out, ...COMMON])).code, 0);
  const checkpoint = checkpointPathOf(partialPathOf(out));
  copyFileSync(out, checkpoint); // its content does not matter: it is left over, and never read
  const r = await simdict(['dict', MODEL, '--out', out, ...COMMON, '--resume']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /is already complete/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('renamed.')), ['renamed.sqlite']);
});
