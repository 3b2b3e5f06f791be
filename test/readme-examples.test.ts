// The README's code examples, copied here by hand and run: an example changed in the README must be
// changed here too (this file does not parse the README).
import { describe, it, expect } from 'vitest';
import { Network } from '../src/index.js';
import { loadDataset, splitDataset, computeNormalization } from '../src/data/index.js';

describe('README examples', () => {
  it('quick start: XOR', async () => {
    const net = await Network.create({ layers: [2, 4, 1], alpha: 1, seed: 1 });
    const xor = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };
    const r = net.train(xor, { learningRate: 2, epochs: 3000, batchSize: 1 });
    expect(r.error).toBeLessThan(0.01);
    expect(net.run([1, 0])[0]).toBeGreaterThan(0.9);
    const copy = Network.fromJSON(net.toJSON());
    expect(copy.run([1, 0])).toEqual(net.run([1, 0]));
    net.dispose();
  });

  it('data sets: Iris with softmax, cross-entropy and Adam', async () => {
    const iris = loadDataset('iris', { seed: 1 });
    const { train, test } = splitDataset(iris, 0.3, 1);
    const normalization = computeNormalization('minmax', train.inputs, train.rows, train.inputSize);
    const net = await Network.create({ layers: [4, 8, { units: 3, activation: 'softmax' }], loss: 'cross-entropy', normalization });
    net.train(train, { optimizer: 'adam', learningRate: 0.01, epochs: 200, batchSize: 8, shuffle: true });
    const { loss, accuracy } = net.evaluate(test.inputs, test.targets);
    expect(loss).toBeLessThan(0.2);
    expect(accuracy).toBeGreaterThan(0.9);
  });
  it("threads: 'auto' uses the cores, trains the 1-thread bits, dispose ends the pool", async () => {
    const rows = 96;
    const data = { inputs: new Float64Array(rows * 784).map((_, i) => (Math.sin(i * 0.37) + 1) / 2), targets: new Float64Array(rows * 10).map((_, i) => (i % 11 === 0 ? 1 : 0)) };
    const net = await Network.create({ layers: [784, 128, 10], threads: 'auto', seed: 1 });
    const one = await Network.create({ layers: [784, 128, 10], seed: 1 });
    expect(net.backendInfo.threads).toBe(Math.min(256, (await import('node:os')).availableParallelism()));
    expect(net.train(data, { batchSize: 32 }).error).toBe(one.train(data, { batchSize: 32 }).error);
    expect(net.getParametersFlat()).toEqual(one.getParametersFlat());
    net.dispose();
    one.dispose();
  });

  it('training that continues: 10 + save + load + 10 = one 20-epoch run', async () => {
    const data = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };
    const net = await Network.create({ layers: [2, 4, 1], seed: 1 });
    const whole = await Network.create({ layers: [2, 4, 1], seed: 1 });
    net.train(data, { optimizer: 'adam', epochs: 10 });
    const saved = JSON.stringify(net.toJSON());
    const again = await Network.load(saved);
    again.train(data, { optimizer: 'adam', epochs: 10 });
    whole.train(data, { optimizer: 'adam', epochs: 20 });
    expect(again.getParametersFlat()).toEqual(whole.getParametersFlat());
    for (const n of [net, again, whole]) n.dispose();
  });
});
