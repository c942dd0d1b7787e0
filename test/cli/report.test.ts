/** How errors become exit codes and messages (in-process). */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DataError, EXIT, report, UsageError } from '../../src/cli/errors.js';
import { ModelFormatError } from '../../src/formats/model-format-error.js';
import { UnknownWordError } from '../../src/vectors/keyed-vectors.js';

test('user mistakes: one line, exit 1 or 2, no stack', () => {
  const cases: [unknown, number, RegExp][] = [
    [new UsageError('bad'), EXIT.usage, /^bad$/],
    [new RangeError('limit must be a positive whole number'), EXIT.usage, /^limit must/],
    [new DataError('no such file'), EXIT.data, /^no such file$/],
    [new ModelFormatError('m.txt', 'expected 5 numbers', { line: 5 }), EXIT.data, /^m\.txt: line 5: expected 5 numbers$/],
    [new UnknownWordError('xyzzy'), EXIT.data, /xyzzy/],
    [Object.assign(new Error('ENOENT: no such file or directory, open \'x\''), { code: 'ENOENT', syscall: 'open', path: 'x' }), EXIT.data, /^x: no such file or directory$/],
  ];
  for (const [error, code, message] of cases) {
    const r = report(error);
    assert.equal(r.exitCode, code, String(error));
    assert.match(r.text, message);
    assert.ok(!r.text.includes('\n'), r.text);
    assert.equal(typeof r.json.error.message, 'string');
  }
});

test('anything else is a bug: exit 70, the stack and a note', () => {
  const r = report(new TypeError("Cannot read properties of undefined (reading 'x')"));
  assert.equal(r.exitCode, EXIT.bug);
  assert.match(r.text, /TypeError: Cannot read/);
  assert.match(r.text, /\n\s+at /);
  assert.match(r.text, /This is a bug in simdict/);
  assert.equal(r.json.error.type, 'internal');
});
