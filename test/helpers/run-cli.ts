import { spawnSync } from 'node:child_process';

/** The simdict command from the sources, as a child process (the tests that kill or resume a build use it). */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
