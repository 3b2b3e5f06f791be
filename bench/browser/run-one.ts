// One cell of the browser bench: a system of bench/systems.ts trained by wasmprop's Network inside
// Chromium on one workload, with the same protocol as bench/child.ts — verify against the TS
// reference loss first, never time a system that disagrees, then time the whole workload (or a
// prefix that fits the budget) and report the median. Runs on the page (bench/browser/page.ts) or,
// for the threaded systems, in a module worker (bench/browser/worker.ts): a page's main thread may
// not block in Atomics.wait, so threads train in a worker, as with trainInWorker.
import { Network } from '../../src/index.js';
import * as backends from '../../src/backend/index.js';
import type { Run, Workload } from '../workloads.js';
import { median, rel, samples, timeRuns, timedRun } from '../timing.js';
import type { ChildResult, Trainer } from '../types.js';
import { plainTs } from '../plain-ts.js';
import { wasmpropTrainer } from '../wasmprop-trainer.js';

/** One system of the browser bench: the same ids as bench/systems.ts. */
export const BROWSER_SYSTEMS: Record<string, { backend?: 'ts' | 'wasm'; kernel?: 'scalar' | 'simd' | 'relaxed'; dtype?: 'f32'; threads?: 'auto'; worker?: true; defaults?: true } | 'plain-ts'> = {
  // the issue's hand-written baseline (bench/plain-ts.ts), so the page has the ratios' reference too
  'plain-ts': 'plain-ts',
  ts: { backend: 'ts' },
  'wasm-scalar': { backend: 'wasm', kernel: 'scalar' },
  'wasm-simd': { backend: 'wasm', kernel: 'simd' },
  'wasm-relaxed': { backend: 'wasm', kernel: 'relaxed' },
  // Network.create({ layers }) and train with the default options, as in bench/systems.ts
  'wasm-default': { defaults: true },
  // the float32 family
  'wasm-simd-f32': { backend: 'wasm', kernel: 'simd', dtype: 'f32' },
  'wasm-relaxed-f32': { backend: 'wasm', kernel: 'relaxed', dtype: 'f32' },
  // the threads axis (every core, threads: 'auto') in a module worker (bench/browser/worker.ts),
  // beside the same system on one thread in a worker too, so the speed-up compares like with like
  'wasm-simd-mt': { backend: 'wasm', kernel: 'simd', threads: 'auto', worker: true },
  'wasm-simd-f32-mt': { backend: 'wasm', kernel: 'simd', dtype: 'f32', threads: 'auto', worker: true },
  'wasm-simd-worker': { backend: 'wasm', kernel: 'simd', worker: true },
  'wasm-simd-f32-worker': { backend: 'wasm', kernel: 'simd', dtype: 'f32', worker: true },
};

/** Whether a system trains in a worker (threads, or its 1-thread twin) rather than on the page. */
export function inWorker(system: string): boolean {
  const o = BROWSER_SYSTEMS[system];
  return o !== undefined && o !== 'plain-ts' && o.worker === true;
}

export interface BrowserJob {
  workload: Workload;
  /** URLs (relative to the page, absolute in a worker) of the raw little-endian float64 files. */
  files: { x: string; t: string; init: string };
  reference: number;
}

export interface BrowserConfig {
  system: string;
  jobs: BrowserJob[];
  budget: number;
}


async function f64(url: string): Promise<Float64Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`bench page: ${url}: HTTP ${res.status}`);
  return new Float64Array(await res.arrayBuffer());
}

/** Verifies, then times one system on one workload (mirrors runOne in bench/child.ts). */
export async function runOne(system: string, job: BrowserJob, budget: number): Promise<ChildResult> {
  const w = job.workload;
  const base = { system, workload: w.id };
  const opts = BROWSER_SYSTEMS[system];
  if (!opts) return { ...base, status: 'failed', note: `unknown system ${system}` };
  const relaxed = (backends as { hasRelaxedSimd?: () => boolean }).hasRelaxedSimd;
  if (opts !== 'plain-ts' && opts.kernel === 'relaxed' && !(relaxed && relaxed())) return { ...base, status: 'unsupported', note: 'relaxed SIMD does not validate in this browser' };
  const IN = w.layers[0];
  const OUT = w.layers[w.layers.length - 1];
  const [x, t, init] = await Promise.all([f64(job.files.x), f64(job.files.t), f64(job.files.init)]);
  let tr: Trainer;
  if (opts === 'plain-ts') tr = await plainTs.create(w, { x, t, IN, OUT });
  else {
    const net = await Network.create({ layers: w.layers, backend: opts.backend, kernel: opts.kernel, ...(opts.dtype ? { dtype: opts.dtype } : {}), ...(opts.threads ? { threads: opts.threads } : {}) });
    // a threaded system that got one thread (no cross-origin isolation, no worker) is not timed as threads
    if (opts.threads && navigator.hardwareConcurrency > 1 && net.backendInfo.threads < 2) {
      net.dispose();
      return { ...base, status: 'failed', note: `asked for threads: 'auto' and runs on ${net.backendInfo.threads} thread` };
    }
    tr = wasmpropTrainer(net, w, { x, t, IN, OUT }, !opts.defaults);
  }
  const train = (run: Run): void => tr.train(run);
  const loss = (rows: number): number => tr.loss(rows);
  try {
    tr.reset(init);
    const before = loss(w.verify.rows);
    const t0 = performance.now();
    train(w.verify);
    const verifySeconds = (performance.now() - t0) / 1000;
    const after = loss(w.verify.rows);
    // float32 columns are held to 1e-3 relative (bench/types.ts System.check 'f32'), f64 ones to 1e-9
    const f32 = opts !== 'plain-ts' && opts.dtype === 'f32';
    const verify: ChildResult['verify'] = { run: w.verify, before, after, reference: job.reference, check: f32 ? 'f32' : 'exact' };
    const fail = (note: string): ChildResult => ({ ...base, status: 'failed', note, verify });
    const within = f32 ? 1e-3 : 1e-9;
    if (!Number.isFinite(after) || !(after < before)) return fail(`the loss did not fall (${before} → ${after})`);
    if (!(rel(after, job.reference) <= within)) return fail(`loss ${after} differs from the reference ${job.reference} by ${rel(after, job.reference).toExponential(2)} (> ${within} relative)`);
    if (w.fullLoss !== undefined && !f32) {
      tr.reset(init);
      train(w.full);
      const l = loss(w.full.rows);
      verify.fullLoss = l;
      if (!(rel(l, w.fullLoss) <= 1e-7)) return fail(`full-run loss ${l} is not ${w.fullLoss}`);
    }
    const rate = samples(w.verify) / Math.max(verifySeconds, 1e-6);
    const timed = timedRun(w, rate, budget);
    const times = timeRuns(() => tr.reset(init), (r) => train(r), timed, rate, budget, 25);
    return { ...base, status: 'ok', verify, timed, times, perSecond: samples(timed) / median(times) };
  } finally {
    tr.dispose();
  }
}

