/** The dictionary stores: every format gives back exactly what was appended, metadata included. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { escapeTsv, formatOfPath, openDictionary, openDictionaryWriter, partialPathOf, SCHEMA } from '../../src/store/index.js';
import { float32Text } from '../../src/formats/float32-text.js';
import { appendRange, expectedEntry, FORMATS, metaOf, ODD_WORDS, readBack, synthetic, tempDir, writeAll } from './store-fixtures.js';

describe('formatOfPath', () => {
  test('by extension, case-insensitively', () => {
    assert.equal(formatOfPath('a.sqlite'), 'sqlite');
    assert.equal(formatOfPath('dir.x/a.DB'), 'sqlite');
    assert.equal(formatOfPath('a.sqlite3'), 'sqlite');
    assert.equal(formatOfPath('a.similar.jsonl'), 'jsonl');
    assert.equal(formatOfPath('A.TSV'), 'tsv');
  });
  test('anything else: an error naming the path and the accepted extensions', () => {
    for (const bad of ['a.txt', 'a.json', 'a.sqlite.partial', 'tsv', 'a.jsonl.gz']) {
      assert.throws(() => formatOfPath(bad), (e: Error) => e instanceof RangeError && e.message.includes(JSON.stringify(bad)) && /\.sqlite.*\.db.*\.jsonl.*\.tsv/.test(e.message));
    }
  });
});

describe('float32Text: the shortest decimal that reads back as the same float32', () => {
  test('examples', () => {
    assert.equal(float32Text(Math.fround(0.76823)), '0.76823');
    assert.equal(float32Text(1), '1');
    assert.equal(float32Text(-0.5), '-0.5');
    assert.equal(float32Text(-0), '0', 'no negative zero: SQLite cannot keep one');
    assert.equal(float32Text(Math.fround(1e-7)), '1e-7');
    assert.equal(float32Text(Math.fround(123456789)), '123456790');
    assert.equal(float32Text(NaN), 'NaN');
  });
  test('random float32 values round-trip, and no shorter decimal does', () => {
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bits[0] = i % 2 ? seed : Math.fround(seed / 2 ** 32) * 2 ** 30;
      const x = i % 2 ? f[0] : Math.fround(seed / 2 ** 32 - 0.5);
      if (!Number.isFinite(x)) continue;
      const s = float32Text(x);
      assert.equal(Math.fround(Number(s)), x, `${x} -> ${s}`);
      const digits = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
      if (digits > 1) assert.notEqual(Math.fround(Number(x.toPrecision(digits - 1))), x, `${x}: ${s} is not the shortest`);
    }
  });
});

for (const { format, ext } of FORMATS) {
  describe(`${format} store`, () => {
    test('round trip: appended in chunks with commits, every row reads back exactly, odd words included', async () => {
      const dir = tempDir(`store-${format}`);
      const path = join(dir, `dict.${ext}`);
      const rows = synthetic(60, 4);
      const meta = metaOf(rows, { extraField: { nested: [1, 'two'] } });
      await writeAll(path, rows, meta);
      const d = openDictionary(path);
      try {
        assert.equal(d.size, 60);
        assert.deepEqual(d.meta, meta);
        assert.deepEqual([...d.words()], rows.words);
        assert.deepEqual([...d.words()], rows.words, 'words() can be iterated twice');
        for (let i = 0; i < rows.n; i++) {
          const e = d.lookup(rows.words[i]);
          assert.deepEqual(e, expectedEntry(rows, i), `row ${i} ${JSON.stringify(rows.words[i])}`);
          for (const [j, nb] of e!.neighbors.entries()) {
            const stored = rows.scores[i * rows.k + j];
            assert.ok(Number.isNaN(stored) ? Number.isNaN(nb.score) : Math.fround(nb.score) === stored, `row ${i} score ${j}`);
          }
        }
        assert.deepEqual(d.lookup('king', 2)?.neighbors, expectedEntry(rows, 0).neighbors.slice(0, 2));
        assert.deepEqual(d.lookup(rows.words[5]), { word: rows.words[5], neighbors: [] }, 'a word without neighbours is still in the dictionary');
        assert.equal(d.lookup('not a word'), undefined);
        assert.equal(d.lookup('KING'), undefined, 'exact match only');
        assert.equal(d.lookup('caf\u00e9')?.word, 'caf\u00e9');
        assert.notDeepEqual(d.lookup('caf\u00e9'), d.lookup('cafe\u0301'), 'NFC and NFD are different words');
        assert.throws(() => d.lookup('king', 0), RangeError);
      } finally {
        d.close();
      }
      assert.ok(!existsSync(partialPathOf(path)), 'the partial file is gone');
    });

    test('every odd word is stored exactly', async () => {
      const dir = tempDir(`odd-${format}`);
      const path = join(dir, `odd.${ext}`);
      const rows = synthetic(ODD_WORDS.length, 3, 7);
      await writeAll(path, rows, metaOf(rows), [5]);
      const back = readBack(path);
      assert.deepEqual(back.words, ODD_WORDS);
      assert.deepEqual(back.entries, rows.words.map((_w, i) => expectedEntry(rows, i)));
    });

    test('one chunk, no explicit commit: finish commits; a model of one word; an empty model', async () => {
      const dir = tempDir(`small-${format}`);
      for (const n of [1, 0, 2]) {
        const path = join(dir, `n${n}.${ext}`);
        const rows = synthetic(n, 5, n);
        const w = openDictionaryWriter(path, metaOf(rows), {});
        if (n > 0) appendRange(w, rows, 0, n);
        assert.equal(w.committedRows, 0);
        await w.finish(metaOf(rows));
        const back = readBack(path);
        assert.equal(back.size, n);
        assert.deepEqual(back.entries, rows.words.map((_w, i) => expectedEntry(rows, i)));
      }
    });

    test('finish renames atomically: no final file before finish, no partial after; an old final file is replaced only then', async () => {
      const dir = tempDir(`atomic-${format}`);
      const path = join(dir, `atomic.${ext}`);
      const old = synthetic(10, 2, 3);
      await writeAll(path, old);
      const before = readFileSync(path);
      const rows = synthetic(30, 3);
      const w = openDictionaryWriter(path, metaOf(rows), {});
      appendRange(w, rows, 0, 30);
      w.commit();
      assert.equal(w.committedRows, 30);
      assert.ok(existsSync(partialPathOf(path)));
      assert.deepEqual(readFileSync(path), before, 'the old dictionary is untouched until finish');
      await w.finish(metaOf(rows));
      assert.ok(!existsSync(partialPathOf(path)));
      assert.ok(!existsSync(`${partialPathOf(path)}.rows`) && !existsSync(`${partialPathOf(path)}.tmp`) && !existsSync(`${partialPathOf(path)}-journal`));
      assert.equal(readBack(path).size, 30);
    });

    test('misuse is a RangeError: rows out of order, wrong sizes, bad indices, duplicate words, finishing early', async () => {
      const dir = tempDir(`misuse-${format}`);
      const path = join(dir, `m.${ext}`);
      const rows = synthetic(20, 3);
      const meta = metaOf(rows);
      const w = openDictionaryWriter(path, meta, {});
      try {
        assert.throws(() => appendRange(w, rows, 1, 5), /start must be 0/);
        assert.throws(() => w.append(0, 5, new Int32Array(14), new Float32Array(15), rows.words), /count \* k = 15/);
        assert.throws(() => w.append(0, 1, Int32Array.of(1, 20, 2), new Float32Array(3), rows.words), /neighbour index 20/);
        assert.throws(() => w.append(0, 1, Int32Array.of(1, -1, 2), new Float32Array(3), rows.words), /after a -1/);
        assert.throws(() => w.append(0, 1, Int32Array.of(1, 2, 3), new Float32Array(3), rows.words.slice(1)), /20 words/);
        const dup = [...rows.words];
        dup[7] = dup[3];
        assert.throws(() => w.append(0, 1, Int32Array.of(1, 2, 3), new Float32Array(3), dup), /appears twice/);
        appendRange(w, rows, 0, 10);
        await assert.rejects(w.finish(meta), /10 of the 20 rows/);
        await assert.rejects(w.finish({ ...meta, k: 4 }), /meta\.k/);
      } finally {
        w.close();
      }
      assert.throws(() => openDictionaryWriter(path, { ...meta, k: 0 }, {}), /meta\.k/);
      assert.throws(() => openDictionaryWriter(join(dir, 'x.txt'), meta, {}), /cannot tell the dictionary format/);
      assert.throws(() => openDictionaryWriter(path, meta, { resumeRows: 3 }), /resumeRows needs resume/);
    });
  });
}

test('the same rows give the same answers in every format', async () => {
  const dir = tempDir('formats');
  const rows = synthetic(40, 5, 9);
  const answers = [];
  for (const { ext } of FORMATS) {
    await writeAll(join(dir, `d.${ext}`), rows);
    answers.push(readBack(join(dir, `d.${ext}`)));
  }
  assert.deepEqual(answers[1], answers[0]);
  assert.deepEqual(answers[2], answers[0]);
});

test('an explicit format overrides the name', async () => {
  const dir = tempDir('explicit');
  const rows = synthetic(10, 2);
  await writeAll(join(dir, 'd.jsonl'), rows, metaOf(rows), [4], 'tsv');
  assert.match(readFileSync(join(dir, 'd.jsonl'), 'utf8'), /^# simdict \{/);
});

describe('file layouts', () => {
  test('JSONL: the metadata line first, then one JSON line per word; U+2028 escaped', async () => {
    const dir = tempDir('jsonl-layout');
    const rows = synthetic(ODD_WORDS.length, 2);
    const meta = metaOf(rows);
    await writeAll(join(dir, 'd.jsonl'), rows, meta);
    const lines = readFileSync(join(dir, 'd.jsonl'), 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 1 + rows.n);
    assert.deepEqual(JSON.parse(lines[0]), { simdict: meta });
    const king = JSON.parse(lines[1]);
    assert.equal(king.word, 'king');
    assert.deepEqual(king.neighbors, expectedEntry(rows, 0).neighbors.map((n) => [n.word, n.score]));
    assert.deepEqual(JSON.parse(lines[2]).neighbors.at(-1)[1], null, 'NaN is null');
    assert.deepEqual(JSON.parse(lines[6]).neighbors, []);
    assert.ok(!/[\u2028\u2029\u0085]/.test(lines.join('\n')));
  });

  test('TSV: "# simdict" metadata, the column names, one line per neighbour; escapes', async () => {
    const dir = tempDir('tsv-layout');
    const rows = synthetic(ODD_WORDS.length, 2);
    const meta = metaOf(rows);
    await writeAll(join(dir, 'd.tsv'), rows, meta);
    const lines = readFileSync(join(dir, 'd.tsv'), 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(JSON.parse(lines[0].slice('# simdict '.length)), meta);
    assert.equal(lines[1], 'word\trank\tneighbor\tscore');
    const king = expectedEntry(rows, 0).neighbors;
    assert.equal(lines[2], `king\t1\t${king[0].word.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}\t${king[0].score}`);
    for (const line of lines.slice(1)) assert.equal(line.split('\t').length, 4, JSON.stringify(line));
    assert.ok(lines.includes('tab\\there\t1\t' + lines.find((l) => l.startsWith('tab\\there\t'))!.split('\t').slice(2).join('\t')));
    assert.ok(lines.some((l) => l.startsWith('new\\nline\t')));
    assert.ok(lines.some((l) => l.startsWith('back\\\\slash\t')));
    assert.ok(lines.some((l) => l.startsWith('\\\\t\t')), 'a backslash then t');
    assert.ok(lines.includes(`${escapeTsv(rows.words[5])}\t\t\t`), 'a word without neighbours has one line with empty fields');
    assert.ok(lines.some((l) => l.endsWith('\tNaN')));
  });

  test('SQLite: the documented schema, and the similar view answers plain SQL', async () => {
    const dir = tempDir('sqlite-layout');
    const rows = synthetic(30, 3);
    const meta = metaOf(rows);
    await writeAll(join(dir, 'd.sqlite'), rows, meta);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'd.sqlite'), { readonly: true });
    try {
      const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('words', 'neighbors', 'metadata', 'similar') ORDER BY rowid").pluck().all() as string[]).join(';\n');
      assert.equal(`${sql};`, SCHEMA);
      assert.equal(db.pragma('application_id', { simple: true }), 0x73696d64);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
      const king = db.prepare("SELECT neighbor, score FROM similar WHERE word = 'king' ORDER BY rank").all() as { neighbor: string; score: number }[];
      assert.deepEqual(king.map((r) => r.neighbor), expectedEntry(rows, 0).neighbors.map((n) => n.word));
      assert.deepEqual(king.map((r) => r.score), [...rows.scores.subarray(0, king.length)], 'scores are the float32 values exactly');
      const metaRows = Object.fromEntries((db.prepare('SELECT key, value FROM metadata').all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]));
      assert.deepEqual(metaRows, meta);
      assert.equal(db.prepare('SELECT count(*) FROM words').pluck().get(), 30);
      assert.equal(db.prepare('SELECT score FROM neighbors WHERE word_id = 1 ORDER BY rank DESC LIMIT 1').pluck().get(), null, 'NaN is NULL');
    } finally {
      db.close();
    }
  });
});
