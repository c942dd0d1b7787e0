/**
 * The documented limits at the edges of fastify: a word of up to 200 characters works in every route (path
 * parameters too), a longer one is the API's 400; requests that arrive while the server stops get the API's 503.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDictionary } from '../../src/store/index.js';
import { createServer } from '../../src/server/create-server.js';
import { LIMITS } from '../../src/server/limits.js';
import { writeSmallDictionary } from '../helpers/small-dictionary.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const longest = 'w'.repeat(LIMITS.maxWordLength);
const emoji = '😀'.repeat(LIMITS.maxWordLength); // 200 characters, 400 UTF-16 units, 1,600 bytes URL-encoded

test('/v1/dict/{word}: words up to the documented 200 characters are looked up; longer ones are a 400 naming the field', async () => {
  const file = join(dir, 'long.sqlite');
  await writeSmallDictionary(file, { words: [longest, emoji] });
  const app = await createServer({ dictionary: openDictionary(file) });
  try {
    const dict = async (word: string) => app.inject(`/v1/dict/${encodeURIComponent(word)}`);
    for (const word of [longest, emoji]) {
      const r = await dict(word);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().word, word);
    }
    const malformed = await app.inject(`/v1/dict/${'x'.repeat(5000)}%E0%A4%A`);
    assert.deepEqual(malformed.json(), { error: { status: 400, code: 'bad_request', field: 'path', message: 'the path is not valid URL encoding: a % must start a UTF-8 byte as two hex digits' } });
    const unknown = await dict('x'.repeat(150));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'unknown_word');
    assert.match(unknown.json().error.message, /^"x{60}"\.\.\. \(150 characters\) is not in the dictionary's vocabulary$/, 'a long word is echoed shortened');
    for (const word of ['w'.repeat(LIMITS.maxWordLength + 1), '😀'.repeat(LIMITS.maxWordLength + 1), 'w'.repeat(10_000)]) {
      const r = await dict(word);
      assert.equal(r.statusCode, 400, `${word.length}: ${r.body}`);
      const { error } = r.json();
      assert.deepEqual([error.status, error.code, error.field], [400, 'bad_request', 'word']);
      assert.match(error.message, /must NOT have more than 200 characters/);
    }
  } finally {
    await app.close();
  }
});

/** Sends raw bytes on one connection and resolves with everything the server writes until it closes it. */
function rawExchange(port: number, first: string, then: (send: (s: string) => void) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (received += d));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    socket.write(first, () => void then((s) => socket.write(s)).catch(reject));
  });
}

test('a request that arrives while the server shuts down is a 503 in the API error shape', async () => {
  const file = join(dir, 'small.sqlite');
  await writeSmallDictionary(file);
  const app = await createServer({ dictionary: openDictionary(file) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const body = JSON.stringify({ positive: ['king'] });
  let closed: Promise<void> | undefined;
  // A request in progress (its body not sent yet) keeps the connection open while close() begins; a second request
  // on the same connection then arrives during the shutdown.
  const answer = await rawExchange(port, `POST /v1/similar HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, async (send) => {
    await new Promise((r) => setTimeout(r, 50));
    closed = app.close();
    await new Promise((r) => setTimeout(r, 50));
    send(`${body}GET /v1/dict/king HTTP/1.1\r\nHost: x\r\n\r\n`);
  });
  await closed;
  const responses = answer.split(/(?=HTTP\/1\.1 )/);
  assert.equal(responses.length, 2, answer);
  assert.match(responses[0], /^HTTP\/1\.1 404/, 'the first request, begun before the shutdown, is answered (no model: 404)');
  assert.match(responses[1], /^HTTP\/1\.1 503/);
  const json = JSON.parse(responses[1].slice(responses[1].indexOf('\r\n\r\n') + 4));
  assert.deepEqual([json.error.status, json.error.code], [503, 'unavailable']);
  assert.match(json.error.message, /shutting down/);
});
