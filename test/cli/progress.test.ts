/** The loading progress bar: on stderr for a big model when stderr is a terminal, silent otherwise. */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeSynthetic } from '../../bench/lib/synthetic.js';
import { CLI, simdict } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-progress-'));
const big = join(dir, 'big.bin');
after(() => rmSync(dir, { recursive: true, force: true }));

describe('progress bar', () => {
  before(() => {
    // 45,000 x 300: about 55 MB, above the 50 MB threshold.
    writeSynthetic({ rows: 45_000, dim: 300 }, { binary: big });
  });

  test('silent when stderr is not a terminal', async () => {
    const r = await simdict(['info', big, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(JSON.parse(r.stdout).words, 45_000);
  });

  const script = '/usr/bin/script';
  test('shown with an ETA when stderr is a terminal (util-linux script(1) gives it one)', { skip: process.platform !== 'linux' || !existsSync(script) }, async () => {
    const output = await new Promise<string>((resolve, reject) => {
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} info ${JSON.stringify(big)}`;
      execFile(script, ['-qfec', command, '/dev/null'], { maxBuffer: 16 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    assert.match(output, /loading .*big\.bin \[.*\] \d+% \| \d+\/\d+ MB \| ETA/);
    assert.match(output, /words\s+45,000/);
  });
});
