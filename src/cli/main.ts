#!/usr/bin/env node
/** The `simdict` executable. See program.ts. */
import { run } from './program.js';

// `simdict ... | head`: a closed pipe is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv);
