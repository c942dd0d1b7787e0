/** File-system steps the writers share. */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Renames `from` to `to` (atomically replacing `to`), then syncs the directory so the new name survives a power cut. */
export async function renameDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  syncDirectory(dirname(to));
}

/** fsync of a directory: makes created, renamed and removed names durable. Best effort (not every platform allows it). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open directories; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
