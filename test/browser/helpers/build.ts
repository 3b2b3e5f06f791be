// Build steps the browser and worker suites need, done at most once and under a lock (vitest runs
// test files in parallel): the .wasm binaries (normally `pretest`) and dist/ (tsc), rebuilt when a
// source file is newer than its output. Not a general build tool: package.json scripts are that.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const OUTPUT = join(ROOT, 'test-output');

function newest(dir: string, ext: string): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function mtime(p: string): number {
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

async function withLock<T>(name: string, fn: () => T): Promise<T> {
  mkdirSync(OUTPUT, { recursive: true });
  const lock = join(OUTPUT, `.${name}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than 3 minutes is from a killed run
      if (Date.now() - mtime(lock) > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`test build: lock ${lock} held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; status?: number };
    throw new Error(`${cmd} ${args.join(' ')} failed (${err.status}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** The scalar and SIMD binaries and their shared-memory flavours exist (npm test's pretest builds them; a direct vitest run may not have). */
export async function ensureWasm(): Promise<void> {
  const need = ['scalar', 'simd', 'scalar.shared', 'simd.shared'].map((b) => join(ROOT, 'build', `wasmprop.${b}.wasm`));
  if (need.every(existsSync)) return;
  await withLock('asbuild', () => {
    if (!need.every(existsSync)) run('npm', ['run', '--silent', 'asbuild']);
  });
}

/** dist/ is at least as new as src/ (tsc emits even with type errors elsewhere; the emitted files are what we need). */
export async function ensureDist(): Promise<void> {
  await ensureWasm();
  const stale = (): boolean => !existsSync(join(ROOT, 'dist/worker/train-worker.js')) || newest(join(ROOT, 'src'), '.ts') > newest(join(ROOT, 'dist'), '.js');
  if (!stale()) return;
  await withLock('tsc', () => {
    if (!stale()) return;
    try {
      run('npx', ['tsc', '-p', 'tsconfig.build.json']);
    } catch (e) {
      if (!existsSync(join(ROOT, 'dist/worker/train-worker.js')) || stale()) throw e;
      // type errors in files other helpers are editing: the JS was still emitted
    }
  });
}
