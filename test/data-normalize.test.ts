// Normalization statistics (min-max, z-score) and the engine applying them: a network given
// `normalization` computes on raw rows exactly what a plain network computes on normalized rows.
import { describe, expect, test } from 'vitest';
import { applyNormalization, checkNormalization, computeNormalization } from '../src/data/normalize.js';
import { Network } from '../src/api/network.js';
import { expectClose, ONE_PASS } from './helpers/tolerance.js';

// 4 rows × 3 features; the third is constant.
const X = Float64Array.from([1, 10, 5, 2, 20, 5, 3, 30, 5, 6, 40, 5]);

describe('computeNormalization', () => {
  test('minmax: offset = min, scale = 1/(max − min), 1 for a constant column', () => {
    const n = computeNormalization('minmax', X, 4, 3);
    expect(n).toEqual({ kind: 'minmax', offset: [1, 10, 5], scale: [1 / 5, 1 / 30, 1] });
    const y = applyNormalization(n, X);
    expect(Math.min(...y.filter((_, k) => k % 3 !== 2))).toBe(0);
    expect(Math.max(...y.filter((_, k) => k % 3 !== 2))).toBe(1);
  });

  test('zscore: offset = mean, scale = 1/std (population), 1 for a constant column', () => {
    const n = computeNormalization('zscore', X, 4, 3);
    expect(n.offset).toEqual([3, 25, 5]);
    expectClose('zscore scale', n.scale, [1 / Math.sqrt(3.5), 1 / Math.sqrt(125), 1], ONE_PASS);
    const y = applyNormalization(n, X);
    for (let c = 0; c < 2; c++) {
      const col = [0, 1, 2, 3].map((r) => y[r * 3 + c]);
      expectClose(`column ${c} mean`, [col.reduce((a, b) => a + b) / 4], [0], ONE_PASS);
      expectClose(`column ${c} variance`, [col.reduce((a, b) => a + b * b, 0) / 4], [1], ONE_PASS);
    }
  });

  test('bad arguments and bad stored statistics are errors naming them', () => {
    expect(() => computeNormalization('robust' as never, X, 4, 3)).toThrow(/kind: expected 'minmax' or 'zscore'/);
    expect(() => computeNormalization('minmax', X, 5, 3)).toThrow(/inputs: expected 5×3 = 15 values/);
    expect(() => checkNormalization('n', { kind: 'zscore', offset: [0, 0], scale: [1, 1] }, 3)).toThrow(/n\.offset: expected an array of 3 numbers/);
    expect(() => checkNormalization('n', { offset: [0, 0, 0], scale: [1, 0, 1] }, 3)).toThrow(/n\.scale\[1\]: expected a non-zero number/);
    expect(() => checkNormalization('n', { offset: [0, null, 0], scale: [1, 1, 1] }, 3)).toThrow(/n\.offset\[1\]: expected a finite number, got null/);
  });
});

describe('the engine applies the statistics in run, loss and train', () => {
  for (const backend of ['wasm', 'ts'] as const) {
    test(`${backend}: raw rows through a normalizing network = normalized rows through a plain one`, async () => {
      const normalization = computeNormalization('zscore', X, 4, 3);
      const layers = [3, { units: 4, activation: 'tanh' as const }, 2];
      const a = await Network.create({ layers, normalization, seed: 3, backend });
      const b = await Network.create({ layers, seed: 3, backend });
      const Xn = applyNormalization(normalization, X);
      const T = Float64Array.from([0, 1, 1, 0, 1, 1, 0, 0]);
      expectClose(`${backend} runBatch`, a.runBatch(X), b.runBatch(Xn), ONE_PASS);
      expectClose(`${backend} loss`, [a.loss(X, T)], [b.loss(Xn, T)], ONE_PASS);
      a.train({ inputs: X, targets: T }, { epochs: 5, batchSize: 2, learningRate: 0.3, shuffle: false });
      b.train({ inputs: Xn, targets: T }, { epochs: 5, batchSize: 2, learningRate: 0.3, shuffle: false });
      expectClose(`${backend} weights after training`, a.getParameters().weights, b.getParameters().weights, ONE_PASS);
      expect(a.toJSON().normalization).toEqual(normalization);
      a.dispose();
      b.dispose();
    });
  }
});
