import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI (`npm test` builds first). */
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
/** The CLI's source, run through tsx. */
export const CLI_SRC = join(ROOT, 'src', 'cli', 'main.ts');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/main.js ...args` (or the source through tsx with `{ source: true }`). Never rejects. */
export function simdict(args: string[], options: { source?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  const argv = options.source ? ['--import', 'tsx', CLI_SRC, ...args] : [CLI, ...args];
  if (!options.source && !existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI and parses its stdout as one JSON document. */
export async function simdictJson(args: string[], options: Parameters<typeof simdict>[1] = {}): Promise<{ result: Result; json: any }> {
  const result = await simdict([...args, '--json'], options);
  let json: any;
  try {
    json = JSON.parse(result.stdout);
  } catch (e) {
    throw new Error(`stdout is not one JSON document (exit ${result.code}): ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return { result, json };
}

/** True when text looks like a JavaScript stack trace. */
export function hasStack(text: string): boolean {
  return /^\s+at .+(\(|:\d+)/m.test(text);
}

export function fixture(relative: string): string {
  return join(ROOT, 'test', 'fixtures', relative);
}
