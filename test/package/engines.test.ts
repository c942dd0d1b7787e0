/**
 * `engines` must be true for every dependency: each package in the lockfile (runtime and development, since
 * `npm ci` installs both) supports the oldest Node.js this package declares. npm only warns (EBADENGINE) when one
 * does not, and such a package may crash on that Node.js (seen: better-sqlite3 13 on Node 20).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import semver from 'semver';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));

/** The lockfile's packages whose engines.node the given Node.js version does not satisfy. */
function unsupported(packages: Record<string, { engines?: { node?: string } | string[] }>, node: string): string[] {
  return Object.entries(packages)
    .filter(([path, info]) => path !== '' && info.engines && !Array.isArray(info.engines) && info.engines.node && !semver.satisfies(node, info.engines.node))
    .map(([path, info]) => `${path} needs node ${(info.engines as { node: string }).node}`);
}

test('every locked package supports the oldest Node.js of our engines', () => {
  const oldest = semver.minVersion(pkg.engines.node)!.version;
  assert.equal(oldest, '20.0.0');
  assert.deepEqual(unsupported(lock.packages, oldest), []);
});

test('the check finds a package that needs a newer Node.js', () => {
  const packages = { '': {}, 'node_modules/cookie': { engines: { node: '>=22' } }, 'node_modules/ok': { engines: { node: '>=18' } } };
  assert.deepEqual(unsupported(packages, '20.0.0'), ['node_modules/cookie needs node >=22']);
});
