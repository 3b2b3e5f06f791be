// What vitest.config.ts needs to decide whether the Chromium files run: where Chromium is, and
// which test files need it. No vitest or playwright imports (the config loads this file).
import { existsSync } from 'node:fs';

/** Where Chromium is: $CHROMIUM_PATH, else /usr/bin/chromium; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export const MISSING_MESSAGE =
  'browser suite NOT RUN: Chromium not found (looked at $CHROMIUM_PATH and /usr/bin/chromium). '
  + 'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium/Chrome binary.';

/** The test files that drive Chromium (the walk-through test under test/browser runs in Node). */
export const CHROMIUM_TEST_FILES = [
  'test/browser/playground.test.ts',
  'test/browser/playground-long-run.test.ts',
  'test/browser/vite-app.test.ts',
  'test/browser/loading.test.ts',
  'test/browser/bench-browser.test.ts',
  'test/browser/threads.test.ts',
];
