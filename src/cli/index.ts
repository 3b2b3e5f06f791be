#!/usr/bin/env node
// The `wasmprop` bin: runs the CLI (main.ts) with the process's arguments and streams and sets
// the exit code (0 ok, 1 failed, 2 usage). Nothing else belongs here.
import { main } from './main.js';
import { processIo } from './io.js';

// `wasmprop … | head` closes the pipe early: stop quietly instead of an EPIPE stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2), processIo());
