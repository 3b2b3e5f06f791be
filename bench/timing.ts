// The verify-then-time measurement shared by the Node children (bench/child.ts) and the Chromium
// page (bench/browser/page.ts): what part of a workload to time, and the timed runs themselves.
// Browser-safe: no Node imports. Not here: verification or any system's training code.
import type { Run, Workload } from './workloads.js';
import { median } from '../src/util/env.js';

/** |a − e| / |e|. */
export const rel = (a: number, e: number): number => Math.abs(a - e) / Math.abs(e);

/** Rows processed by a run. */
export const samples = (r: Run): number => r.epochs * r.rows;

/** Median of a non-empty list (the one of src/util/env.ts). */
export { median };

/**
 * The run to time: the whole workload if one run fits a third of the budget at the verification
 * run's `rate` (rows/s), else a prefix that does (whole epochs, or whole batches of one epoch).
 */
export function timedRun(w: Workload, rate: number, budget: number, whole = false): Run {
  if (whole || samples(w.full) / rate <= budget / 3) return w.full;
  const want = Math.max(1, Math.floor((rate * budget) / 3));
  return w.full.epochs > 1
    ? { epochs: Math.max(1, Math.floor(want / w.full.rows)), rows: w.full.rows }
    : { epochs: 1, rows: Math.min(w.full.rows, Math.max(w.batchSize, Math.floor(want / w.batchSize) * w.batchSize)) };
}

/**
 * Times `train(timed)` from the same start (`reset()` before each run) at least 3 times and until
 * `budget` seconds are spent (at most `maxRuns`), after one untimed warm-up when a run is cheap
 * (lets V8 tier up the hot code first). Returns the seconds of each timed run.
 */
export function timeRuns(reset: () => void, train: (r: Run) => void, timed: Run, rate: number, budget: number, maxRuns: number): number[] {
  const times: number[] = [];
  let spent = 0;
  if (samples(timed) / rate < budget / 20) {
    reset();
    train(timed);
  }
  while ((times.length < 3 || spent < budget) && times.length < maxRuns) {
    reset();
    const t0 = performance.now();
    train(timed);
    const s = (performance.now() - t0) / 1000;
    times.push(s);
    spent += s;
    if (spent > 3 * budget) break;
  }
  return times;
}
