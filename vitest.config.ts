import { defineConfig } from 'vitest/config';
import { CHROMIUM_TEST_FILES, chromiumPath, IN_CI, MISSING_MESSAGE } from './test/browser/helpers/chromium-files.js';

// Without Chromium (outside CI) the Chromium test files are left out and `npm test` says so plainly;
// under CI=true they always run, and fail if the browser is missing.
const withoutChromium = !IN_CI && chromiumPath() === undefined;
if (withoutChromium) console.warn(`\n*** ${MISSING_MESSAGE}\n`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(withoutChromium ? CHROMIUM_TEST_FILES : [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
    // two cores: keep worker count small so timings of other work on the machine stay sane
    maxWorkers: 2,
  },
});
