import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread `name` (a module next to `from`, the caller's import.meta.url) with the same extension as
 * the caller: the compiled .js in dist/, or, when running from the TypeScript sources (tests, tsx), the .ts module
 * behind a bootstrap that registers tsx's loader in the new thread first.
 */
export function startWorker(from: string, name: string): Worker {
  const ext = extname(fileURLToPath(from));
  const url = new URL(`./${name}${ext}`, from);
  if (ext !== '.ts') return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
