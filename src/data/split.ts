// Row selection on Datasets: seeded shuffles, hold-out splits and subsets, plus the label
// encoders (one-hot, argmax). Pure functions on flat row-major Float64Arrays; nothing trains here.
import { WasmpropError } from '../api/errors.js';
import { Rng } from '../util/rng.js';
import { permutation, type Dataset } from './datasets.js';

/** A new Dataset holding the given rows of `ds`, in the given order. */
export function subsetRows(ds: Dataset, rows: ArrayLike<number>, name = ds.name): Dataset {
  const n = rows.length;
  const inputs = new Float64Array(n * ds.inputSize);
  const targets = new Float64Array(n * ds.outputSize);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= ds.rows) throw new WasmpropError(`rows[${i}]`, `a row index in [0, ${ds.rows})`, r);
    inputs.set(ds.inputs.subarray(r * ds.inputSize, (r + 1) * ds.inputSize), i * ds.inputSize);
    targets.set(ds.targets.subarray(r * ds.outputSize, (r + 1) * ds.outputSize), i * ds.outputSize);
  }
  return { ...ds, name, inputs, targets, rows: n };
}

/** `ds` with its rows in a seeded random order (Fisher–Yates on src/rng.ts). */
export function shuffleDataset(ds: Dataset, seed: number): Dataset {
  return subsetRows(ds, permutation(ds.rows, new Rng(seed)));
}

/**
 * Splits off a held-out part: shuffles the rows with `seed` (unless seed is null: keep the order),
 * then the last round(fraction·rows) rows are `test`, the rest `train`. Both parts keep ≥ 1 row.
 * With `stratify` (one-hot targets), every class is split in the same proportion instead.
 */
export function splitDataset(ds: Dataset, fraction: number, seed: number | null, opts: { stratify?: boolean } = {}): { train: Dataset; test: Dataset } {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) throw new WasmpropError('fraction', 'a number in (0, 1)', fraction);
  if (ds.rows < 2) throw new WasmpropError('data', 'at least 2 rows to split', `${ds.rows} row`);
  const order = seed === null ? Uint32Array.from({ length: ds.rows }, (_, i) => i) : permutation(ds.rows, new Rng(seed));
  let trainRows: ArrayLike<number>;
  let testRows: ArrayLike<number>;
  if (opts.stratify) {
    if (!ds.classes) throw new WasmpropError('opts.stratify', 'a data set with class targets', ds.name);
    const byClass: number[][] = Array.from({ length: ds.outputSize }, () => []);
    for (const r of order) byClass[argmax(ds.targets, r * ds.outputSize, ds.outputSize)].push(r);
    const tr: number[] = [];
    const te: number[] = [];
    for (const rows of byClass) {
      const nTest = Math.round(fraction * rows.length);
      tr.push(...rows.slice(0, rows.length - nTest));
      te.push(...rows.slice(rows.length - nTest));
    }
    if (tr.length === 0 || te.length === 0) throw new WasmpropError('fraction', 'a share that leaves rows on both sides of a stratified split', fraction);
    // keep the shuffled order within each part (not class by class)
    const pos = new Map(Array.from(order, (r, i) => [r, i]));
    trainRows = tr.sort((a, b) => pos.get(a)! - pos.get(b)!);
    testRows = te.sort((a, b) => pos.get(a)! - pos.get(b)!);
  } else {
    const nTest = Math.min(ds.rows - 1, Math.max(1, Math.round(fraction * ds.rows)));
    trainRows = order.subarray(0, ds.rows - nTest);
    testRows = order.subarray(ds.rows - nTest);
  }
  return {
    train: subsetRows(ds, trainRows, ds.name),
    test: subsetRows(ds, testRows, `${ds.name} (held out)`),
  };
}

/** One-hot rows (labels.length × classes.length) for `labels`; an unknown label is an error naming it. */
export function oneHot(labels: readonly string[], classes: readonly string[], name = 'labels'): Float64Array {
  const index = new Map(classes.map((c, k) => [c, k]));
  const out = new Float64Array(labels.length * classes.length);
  labels.forEach((l, r) => {
    const k = index.get(l);
    if (k === undefined) throw new WasmpropError(`${name}[${r}]`, `one of the classes ${classes.map((c) => JSON.stringify(c)).join(', ')}`, l);
    out[r * classes.length + k] = 1;
  });
  return out;
}

/** Index of the largest of `width` values starting at `at` (the first one on ties). */
export function argmax(values: ArrayLike<number>, at: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[at + k] > values[at + best]) best = k;
  return best;
}
