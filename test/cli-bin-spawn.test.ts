// The `wasmprop` bin as a user runs it: a separate node process on dist/cli/index.js (the
// package.json "bin"). dist is made by `npm run build` (also run by `prepare` after `npm ci`);
// when it is missing or older than src/, this test compiles src/ first (tsc, ~10 s).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/index.js');

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return t;
}

beforeAll(() => {
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource(join(root, 'src'))) return;
  // Compile errors elsewhere still emit; what matters is that the bin exists afterwards.
  spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  expect(existsSync(bin), `${bin} after tsc -p tsconfig.build.json`).toBe(true);
}, 180_000);

test('the bin runs: package.json points at it, trace --json exits 0, a usage error exits 2', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(pkg.bin.wasmprop).toBe('./dist/cli/index.js');
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);

  const ok = spawnSync(process.execPath, [bin, 'trace', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  const rep = JSON.parse(ok.stdout) as { weights: { name: string; updated: number }[]; lossAfter: number };
  expect(rep.weights.find((w) => w.name === 'w5')!.updated.toFixed(8)).toBe('0.35891648');
  expect(rep.lossAfter.toFixed(8)).toBe('0.29102777');

  const bad = spawnSync(process.execPath, [bin, 'train', '--epochs', 'many'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("option '--epochs <n>' argument 'many' is invalid");
});
