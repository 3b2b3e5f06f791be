// The native columns of the end-to-end bench: compiles bench/native/mlp.c with each implementation
// of its dense products (dense_blocked.c with `cc -O3` and `cc -O3 -march=native`; dense_cblas.c
// against OpenBLAS, in float64 (dgemm) and with -DMLP_F32 in float32 (sgemm), each run with 1 thread
// and with every core) and runs one binary on one workload.
// A missing compiler or OpenBLAS is a notice and a skipped column, never a failure.
// Not here: the JS systems (bench/systems.ts), the report (bench/report.ts).
import { spawnSync } from 'node:child_process';
import { pinned } from './pin.js';
import { cpus, arch } from 'node:os';
import { join } from 'node:path';
import type { ChildResult } from './types.js';
import type { Workload, WorkloadFiles } from './workloads.js';

/** A compiled native column. */
export interface NativeColumn {
  id: string;
  label: string;
  exe: string;
  /** Environment of its child process. */
  env: NodeJS.ProcessEnv;
  /** Element type: 'f32' columns are verified like wasmprop's f32 ones. */
  precision: 'f64' | 'f32';
}

/** What a child process (JS or native) printed. */
export interface Outcome {
  results: ChildResult[];
  maxRssKb?: number;
  /** The native implementation's self-description (`IMPL {json}`: OpenBLAS core type, config, threads). */
  impl?: Record<string, unknown>;
  error?: string;
}

/** Parses the RESULT / RSS / IMPL lines of a child. */
export function parseChild(stdout: string, stderr: string, status: number | null): Outcome {
  const out: Outcome = { results: [] };
  for (const line of stdout.split('\n')) {
    if (line.startsWith('RESULT ')) out.results.push(JSON.parse(line.slice(7)) as ChildResult);
    else if (line.startsWith('RSS ')) out.maxRssKb = (JSON.parse(line.slice(4)) as { maxRssKb: number }).maxRssKb;
    else if (line.startsWith('IMPL ')) out.impl = JSON.parse(line.slice(5)) as Record<string, unknown>;
  }
  if (status !== 0) out.error = `exit ${status}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return out;
}

/** `cc --version`'s first line, or undefined without a C compiler. */
export function ccVersion(): string | undefined {
  const r = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/** The environment of an OpenBLAS child: this one without the machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, so OpenBLAS picks its own kernels. */
function blasEnv(threads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Compiles every native column into `dir`; what cannot be built becomes a notice. */
export function buildNative(srcDir: string, dir: string, notices: string[]): NativeColumn[] {
  if (!ccVersion()) {
    notices.push('no C compiler (cc) found: native C and OpenBLAS columns skipped');
    return [];
  }
  const out: NativeColumn[] = [];
  const src = (f: string): string => join(srcDir, f);
  const base = arch() === 'x64' ? 'SSE2' : 'baseline';
  const n = cpus().length;
  const blas = ['-O3', '-march=native'];
  const builds: { id: string; label: string; flags: string[]; impl: string; blas?: 'f64' | 'f32' }[] = [
    { id: 'c-sse2', label: `C gcc -O3 ${base} (blocked)`, flags: ['-O3'], impl: 'dense_blocked.c' },
    { id: 'c-native', label: 'C gcc -O3 -march=native (blocked)', flags: ['-O3', '-march=native'], impl: 'dense_blocked.c' },
    { id: 'openblas', label: 'C + OpenBLAS dgemm', flags: blas, impl: 'dense_cblas.c', blas: 'f64' },
    { id: 'openblas-f32', label: 'C + OpenBLAS sgemm (f32)', flags: [...blas, '-DMLP_F32'], impl: 'dense_cblas.c', blas: 'f32' },
  ];
  let noBlas = false;
  for (const b of builds) {
    if (b.blas && noBlas) continue;
    const exe = join(dir, b.id);
    const r = spawnSync('cc', [...b.flags, '-o', exe, src('mlp.c'), src(b.impl), ...(b.blas ? ['-lopenblas'] : []), '-lm'], { encoding: 'utf8' });
    if (r.status !== 0) {
      const why = r.stderr.trim().split('\n').find((l) => /error/i.test(l)) ?? r.stderr.trim().split('\n')[0];
      noBlas ||= b.blas !== undefined;
      notices.push(b.blas
        ? `OpenBLAS not found (${why}): OpenBLAS columns skipped. On Debian/Ubuntu: \`sudo apt-get update && sudo apt-get install -y libopenblas-dev\``
        : `cc ${b.flags.join(' ')} failed: ${why}`);
      continue;
    }
    if (!b.blas) out.push({ id: b.id, label: b.label, exe, env: process.env, precision: 'f64' });
    else {
      out.push({ id: `${b.id}-1t`, label: `${b.label}, 1 thread`, exe, env: blasEnv(1), precision: b.blas });
      out.push({ id: `${b.id}-mt`, label: `${b.label}, ${n} threads`, exe, env: blasEnv(n), precision: b.blas });
    }
  }
  return out;
}

/** Runs one native column on one workload (verify, then time; a negative budget times the whole workload). */
export function runNative(col: NativeColumn, w: Workload, f: WorkloadFiles, reference: number, budget: number, whole: boolean, cpu?: number): Outcome {
  const args = [col.id, w.id, w.layers.join(','), String(w.batchSize), String(w.learningRate), w.trainBias ? '1' : '0',
    f.x, f.t, f.init, String(w.verify.epochs), String(w.verify.rows), String(w.full.epochs), String(w.full.rows),
    String(reference), String(w.fullLoss ?? 0), String(whole ? -budget : budget)];
  const [cmd, argv] = pinned(col.exe, args, cpu);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: col.env });
  return parseChild(r.stdout ?? '', r.stderr ?? '', r.status);
}
