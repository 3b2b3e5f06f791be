// The repository's build, in two modes (package.json scripts call it; `npm run build` is the plain
// full build):
//   --if-stale  rebuild only what is older than its sources: the three .wasm binaries when a file in
//               assembly/ or asconfig.json is newer than the oldest binary, dist/ when a file in src/
//               or a tsconfig is newer than the last tsc run. `npm start` / `npm test` run it first, so
//               a fresh clone builds once and later runs start in a second or two.
//   --all       build everything (`npm run build`).
//   --clean     remove dist/ and build/ and build everything (prepack: what goes into the tarball is
//               exactly what the sources make, with no stale files).
// Not a watcher and not a dependency graph: any newer source rebuilds the whole part.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BINARIES = ['scalar', 'simd', 'relaxed'].map((b) => join(ROOT, 'build', `wasmprop.${b}.wasm`));
// when tsc last ran (in build/, which the tarball takes only *.wasm from)
const TS_STAMP = join(ROOT, 'build', '.tsc-stamp');

function mtime(p) {
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

/** Newest mtime of the files under `dir` (recursively). */
function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(script) {
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: npm run ${script} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  console.error(`build: ${script} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function wasmStale() {
  const oldest = Math.min(...BINARIES.map(mtime));
  return oldest === 0 || Math.max(newest(join(ROOT, 'assembly')), mtime(join(ROOT, 'asconfig.json'))) > oldest;
}

function tsStale() {
  const stamp = mtime(TS_STAMP);
  const sources = Math.max(newest(join(ROOT, 'src')), mtime(join(ROOT, 'tsconfig.json')), mtime(join(ROOT, 'tsconfig.build.json')));
  return stamp === 0 || sources > stamp;
}

// dist/ is emptied first: tsc never deletes what it no longer emits (source maps of an older build,
// the output of a removed source file), and the tarball takes the whole folder.
function buildTs() {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  run('build:ts');
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(TS_STAMP, `${new Date().toISOString()}\n`);
}

const mode = process.argv[2];
if (mode === '--clean') {
  rmSync(join(ROOT, 'build'), { recursive: true, force: true });
  run('asbuild');
  buildTs();
} else if (mode === '--all') {
  run('asbuild');
  buildTs();
} else if (mode === '--if-stale') {
  const wasm = wasmStale();
  const ts = tsStale();
  if (wasm) run('asbuild');
  if (ts) buildTs();
} else {
  console.error('usage: node scripts/build.mjs --if-stale | --all | --clean');
  process.exit(2);
}
