/** The number parsers against JavaScript's own decimal conversion, rounded to float32 as gensim does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFloat32, scanFloat32 } from '../../src/formats/parse-float32.js';

const out = new Float32Array(1);
const bits = new Uint32Array(out.buffer);

function both(token: string): [number, number, number] {
  const bytes = Buffer.from(`${token} next`);
  const ok = parseFloat32(bytes, 0, token.length, out, bits, 0) ? out[0] : NaN;
  out[0] = 0;
  const end = scanFloat32(bytes, 0, bytes.length, out, bits, 0);
  return [ok, end === token.length ? out[0] : NaN, end];
}

test('random decimals parse to Math.fround(Number(token)) on both paths', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let k = 0; k < 50000; k++) {
    const digits = 1 + Math.floor(rand() * 20);
    let s = '';
    for (let d = 0; d < digits; d++) s += Math.floor(rand() * 10);
    const point = Math.floor(rand() * (digits + 1));
    let token = (rand() < 0.5 ? '-' : '') + s.slice(0, point) + '.' + s.slice(point);
    if (token.endsWith('.') && rand() < 0.5) token = token.slice(0, -1);
    if (token === '-.' || token === '.') continue;
    if (rand() < 0.2) token += `e${Math.floor(rand() * 90) - 45}`;
    const want = Math.fround(Number(token));
    const [a, b] = both(token);
    assert.ok(Object.is(a, want), `parseFloat32(${token}) = ${a}, want ${want}`);
    assert.ok(Object.is(b, want), `scanFloat32(${token}) = ${b}, want ${want}`);
  }
});

test('spellings C accepts parse; others are refused', () => {
  for (const [token, want] of [['inf', Infinity], ['-Infinity', -Infinity], ['+.5', 0.5], ['5.', 5], ['-0', -0], ['1E3', 1000], ['007.5', 7.5]] as const) {
    const [a, b] = both(token);
    assert.ok(Object.is(a, want) && Object.is(b, want), token);
  }
  for (const token of ['', '-', '.', 'e5', '1e', '0x10', '1_0', 'abc', '1.2.3', '١']) {
    const [a, b, end] = both(token);
    assert.ok(Number.isNaN(a) && Number.isNaN(b) && end === -1, `${JSON.stringify(token)} is refused`);
  }
  const nan = Buffer.from('-nan');
  assert.ok(parseFloat32(nan, 0, 4, out, bits, 0));
  assert.equal(bits[0], 0xffc00000, 'a negative NaN keeps its sign bit, as numpy does');
});
