// Seeded hold-out splits, subsets, one-hot encoding and the classification metrics.
import { describe, expect, test } from 'vitest';
import { loadDataset } from '../src/data/datasets.js';
import { argmax, oneHot, shuffleDataset, splitDataset, subsetRows } from '../src/data/split.js';
import { accuracy, confusionMatrix, predictedClasses } from '../src/data/metrics.js';

const key = (inputs: Float64Array, w: number, r: number): string => Array.from(inputs.subarray(r * w, (r + 1) * w)).join(',');

describe('splitDataset', () => {
  test('round(fraction·rows) held out; train ∪ test = all rows, disjoint; seeded', () => {
    const ds = loadDataset('spiral', { n: 101 });
    const { train, test: held } = splitDataset(ds, 0.3, 9);
    expect([train.rows, held.rows]).toEqual([71, 30]);
    const all = new Set(Array.from({ length: ds.rows }, (_, r) => key(ds.inputs, 2, r)));
    const seen = [...Array.from({ length: train.rows }, (_, r) => key(train.inputs, 2, r)), ...Array.from({ length: held.rows }, (_, r) => key(held.inputs, 2, r))];
    expect(new Set(seen)).toEqual(all);
    expect(seen.length).toBe(all.size);
    const again = splitDataset(ds, 0.3, 9);
    expect(Array.from(again.test.inputs)).toEqual(Array.from(held.inputs));
    expect(Array.from(splitDataset(ds, 0.3, 10).test.inputs)).not.toEqual(Array.from(held.inputs));
  });

  test('seed null keeps the order: the test part is the tail', () => {
    const ds = loadDataset('xor');
    const { train, test: held } = splitDataset(ds, 0.25, null);
    expect(Array.from(train.inputs)).toEqual([0, 0, 0, 1, 1, 0]);
    expect(Array.from(held.inputs)).toEqual([1, 1]);
    expect(Array.from(held.targets)).toEqual([0]);
  });

  test('both parts keep at least one row; bad fractions are errors', () => {
    const ds = loadDataset('xor');
    expect(splitDataset(ds, 0.01, 1).test.rows).toBe(1);
    expect(splitDataset(ds, 0.99, 1).train.rows).toBe(1);
    expect(() => splitDataset(ds, 1, 1)).toThrow(/fraction: expected a number in \(0, 1\)/);
  });

  test('subsetRows and shuffleDataset carry targets with their inputs', () => {
    const ds = loadDataset('iris');
    const s = shuffleDataset(ds, 4);
    for (let r = 0; r < ds.rows; r++) {
      const k = key(s.inputs, 4, r);
      const src = Array.from({ length: ds.rows }, (_, q) => q).filter((q) => key(ds.inputs, 4, q) === k);
      expect(src.some((q) => key(ds.targets, 3, q) === key(s.targets, 3, r))).toBe(true);
    }
    expect(() => subsetRows(ds, [0, 150])).toThrow(/rows\[1\]: expected a row index in \[0, 150\)/);
  });
});

describe('encoders and metrics', () => {
  test('oneHot and argmax', () => {
    expect(Array.from(oneHot(['b', 'a', 'c'], ['a', 'b', 'c']))).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 1]);
    expect(() => oneHot(['d'], ['a', 'b'])).toThrow(/labels\[0\]: expected one of the classes "a", "b", got "d"/);
    expect(argmax([0.1, 0.7, 0.7, 0.2], 0, 4)).toBe(1);
    expect(argmax([9, 9, 0.1, 0.3, 0.2], 2, 3)).toBe(1);
  });

  test('accuracy and confusion matrix (rows actual, columns predicted); one output = threshold 0.5', () => {
    const out = [0.8, 0.1, 0.1, 0.2, 0.3, 0.5, 0.6, 0.3, 0.1, 0.1, 0.1, 0.8];
    const tgt = [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1];
    expect(accuracy(out, tgt, 4, 3)).toBe(0.5);
    expect(confusionMatrix(out, tgt, 4, 3)).toEqual([[1, 0, 0], [1, 0, 1], [0, 0, 1]]);
    expect(Array.from(predictedClasses([0.2, 0.5, 0.9], 3, 1))).toEqual([0, 1, 1]);
    expect(confusionMatrix([0.2, 0.7, 0.9], [0, 0, 1], 3, 1)).toEqual([[1, 1], [0, 1]]);
  });
});

test('a stratified split holds out every class in the same share', () => {
  const ds = loadDataset('iris');
  const { train, test: held } = splitDataset(ds, 0.3, 5, { stratify: true });
  const counts = (d: typeof ds): number[] => {
    const c = [0, 0, 0];
    for (let r = 0; r < d.rows; r++) c[argmax(d.targets, r * 3, 3)]++;
    return c;
  };
  expect(counts(held)).toEqual([15, 15, 15]);
  expect(counts(train)).toEqual([35, 35, 35]);
  expect(() => splitDataset(loadDataset('xor'), 0.5, 1, { stratify: true })).toThrow(/opts\.stratify: expected a data set with class targets/);
});
