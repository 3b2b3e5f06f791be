// The real-data bars of the data side, seeded: Iris ≥ 95% on a held-out 30%, the mnist digits
// with a 784-64-10 network ≥ 92% on 2,000 held-out digits after a few epochs (float64 and float32), XOR on both backends.
// Each goes through the library path a user takes: loadDataset → split → normalization → Network.
import { describe, expect, test } from 'vitest';
import { loadDataset, loadDatasetAsync } from '../src/data/datasets.js';
import { splitDataset } from '../src/data/split.js';
import { computeNormalization } from '../src/data/normalize.js';
import { accuracy } from '../src/data/metrics.js';
import { Network } from '../src/api/network.js';

describe('real-data bars', () => {
  // Iris's 45 held-out rows allow two mistakes; a stratified split keeps 15 of each species.
  async function irisHeldOut(seed: number): Promise<number> {
    const { train, test: held } = splitDataset(loadDataset('iris'), 0.3, seed, { stratify: true });
    expect(held.rows).toBe(45);
    const net = await Network.create({
      layers: [4, { units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy', seed,
      normalization: computeNormalization('zscore', train.inputs, train.rows, 4),
    });
    net.train({ inputs: train.inputs, targets: train.targets }, { optimizer: 'adam', learningRate: 0.01, epochs: 100, batchSize: 8, seed });
    const acc = accuracy(net.runBatch(held.inputs), held.targets, held.rows, 3);
    net.dispose();
    return acc;
  }

  test('iris: ≥ 95% accuracy on a held-out 30% (z-score, 4-8-3 tanh/softmax, Adam, seed 1)', async () => {
    const acc = await irisHeldOut(1);
    expect(acc, `held-out accuracy ${acc}`).toBeGreaterThanOrEqual(0.95);
  });

  test('iris: the mean held-out accuracy over 8 seeded splits is ≥ 95% too', async () => {
    const accs: number[] = [];
    for (let seed = 1; seed <= 8; seed++) accs.push(await irisHeldOut(seed));
    const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
    expect(mean, `held-out accuracies ${accs.map((a) => a.toFixed(3)).join(' ')}`).toBeGreaterThanOrEqual(0.95);
  });

  for (const dtype of ['f64', 'f32'] as const) {
    test(`digits (${dtype}): a 784-64-10 network ≥ 92% on 2,000 held-out digits after 5 epochs`, async () => {
      const all = await loadDatasetAsync('digits', { seed: 1 });
      const { train, test: held } = splitDataset(all, 0.2, null); // rows are already in a seeded order
      expect([train.rows, held.rows]).toEqual([8000, 2000]);
      const net = await Network.create({
        layers: [784, { units: 64, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cross-entropy', init: 'he', seed: 1, dtype,
      });
      expect(net.backendInfo.dtype).toBe(dtype);
      const r = net.train({ inputs: train.inputs, targets: train.targets }, { optimizer: 'adam', learningRate: 0.002, epochs: 5, batchSize: 32, seed: 1 });
      const acc = accuracy(net.runBatch(held.inputs), held.targets, held.rows, 10);
      expect(acc, `held-out accuracy ${acc} (training loss ${r.error})`).toBeGreaterThanOrEqual(0.92);
      net.dispose();
    }, 120_000);
  }

  for (const backend of ['wasm', 'ts'] as const) {
    test(`xor converges on the ${backend} backend (2-4-1 sigmoid, SSE, SGD)`, async () => {
      const xor = loadDataset('xor');
      const net = await Network.create({ layers: [2, 4, 1], seed: 2, backend });
      const r = net.train({ inputs: xor.inputs, targets: xor.targets }, { learningRate: 0.5, epochs: 5000, batchSize: 1, shuffle: false });
      expect(r.error, `final loss on ${backend}`).toBeLessThan(0.005);
      const out = net.runBatch(xor.inputs);
      expect(Array.from(out, (v) => Math.round(v))).toEqual([0, 1, 1, 0]);
      net.dispose();
    });
  }
});
