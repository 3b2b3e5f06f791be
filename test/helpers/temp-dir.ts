// Temporary directories for tests, removed when the test file ends, so a run leaves nothing behind
// in the system's temporary folder. Importing this module registers the removal (afterAll) on the
// importing test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A new empty directory under the system's temporary folder (prefix: its name's start). */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
