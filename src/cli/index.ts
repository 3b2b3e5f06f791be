#!/usr/bin/env node
// The `wasmprop` bin: runs the CLI (main.ts) with the process's arguments and streams and sets
// the exit code (0 ok, 1 failed, 2 usage). Nothing else belongs here. A closed stdout
// (`wasmprop … | head`) is handled in io.ts: printing stops quietly, files are still written,
// and the process ends on its own (never process.exit, which could cut a file write short).
import { main } from './main.js';
import { processIo } from './io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
