import { spawnSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_TEST_FILES, chromiumPath, IN_CI, MISSING_MESSAGE } from './test/browser/helpers/chromium-files.js';

// Without Chromium (outside CI) the Chromium test files are left out and `npm test` says so plainly;
// under CI=true they always run, and fail if the browser is missing.
const withoutChromium = !IN_CI && chromiumPath() === undefined;
if (withoutChromium) console.warn(`\n*** ${MISSING_MESSAGE}\n`);

// Node 20 validates relaxed SIMD only behind a V8 flag, so the relaxed kernel family (what
// `kernel: 'auto'` picks in Chromium and Node >= 22) would go untested there: the kernel tests run a
// second time, as project 'relaxed-simd', with the flag. Where Node no longer knows the flag, relaxed
// SIMD is on by default and the first run already covers it.
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const nodeTakesRelaxedFlag = spawnSync(process.execPath, [RELAXED_FLAG, '-e', '0']).status === 0;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
    // two cores: keep worker count small so timings of other work on the machine stay sane
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...(withoutChromium ? CHROMIUM_TEST_FILES : [])],
        },
      },
      ...(nodeTakesRelaxedFlag
        ? [{
          extends: true,
          test: {
            name: 'relaxed-simd',
            include: ['test/kernels-*.test.ts', 'test/training-resume.test.ts'],
            execArgv: [RELAXED_FLAG],
          },
        }]
        : []),
    ],
  },
});
