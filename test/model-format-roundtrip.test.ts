// The model file round trip is bit-exact: train → serialize → parse → Network.load → toJSON gives
// the same float64 bits for every weight and bias (−0 included), and the same file text again.
import { describe, expect, test } from 'vitest';
import { Network, type NetworkOptions } from '../src/api/network.js';
import { parseModel, serializeModel, type ModelFile } from '../src/model/format.js';
import { Predictor } from '../src/model/predictor.js';
import { computeNormalization } from '../src/data/normalize.js';
import { loadDataset } from '../src/data/datasets.js';

function bits(values: number[]): string[] {
  const dv = new DataView(new ArrayBuffer(8));
  return values.map((v) => {
    dv.setFloat64(0, v);
    return dv.getBigUint64(0).toString(16);
  });
}

const spiral = loadDataset('spiral', { n: 60 });
const cases: [string, NetworkOptions][] = [
  ['sigmoid 2-5-3, alpha 1.7, SSE', { layers: [2, 5, 3], alpha: 1.7 }],
  ['tanh/softmax, cross-entropy, z-score', {
    layers: [2, { units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy',
    normalization: computeNormalization('zscore', spiral.inputs, spiral.rows, 2),
  }],
  ['relu + leaky-relu (slope 0.2) + linear, min-max', {
    layers: [2, { units: 4, activation: 'relu' }, { units: 4, activation: 'leaky-relu' }, { units: 3, activation: 'linear' }], leakySlope: 0.2,
    normalization: computeNormalization('minmax', spiral.inputs, spiral.rows, 2),
  }],
];

describe('model file round trip', () => {
  for (const [name, options] of cases) {
    test(`${name}: bit-exact weights, identical outputs, identical text`, async () => {
      const net = await Network.create({ ...options, seed: 11 });
      net.train({ inputs: spiral.inputs, targets: spiral.targets }, { epochs: 20, batchSize: 8, learningRate: 0.05, seed: 11 });
      const meta = { format: 'wasmprop-model' as const, version: 1 as const, classes: ['0', '1', '2'], featureNames: ['x', 'y'], targetNames: ['arm'] };
      const model = new Predictor(net, meta).toModel({ epochs: 20, data: 'spiral' });
      const text = serializeModel(model);
      const loaded = parseModel(text);
      const p2 = await Predictor.fromModel(loaded);
      const again = p2.toModel({ epochs: 20, data: 'spiral' });
      expect(bits(again.network.weights.flat(2))).toEqual(bits(model.network.weights.flat(2)));
      expect(bits(again.network.biases.flat())).toEqual(bits(model.network.biases.flat()));
      expect(again.network.normalization).toEqual(model.network.normalization);
      expect(again.network.layers).toEqual(model.network.layers);
      expect(serializeModel(again)).toBe(text);
      expect(bits(Array.from(p2.run(spiral.inputs)))).toEqual(bits(Array.from(net.runBatch(spiral.inputs))));
      expect(loaded.classes).toEqual(['0', '1', '2']);
      expect(loaded.training).toEqual({ epochs: 20, data: 'spiral' });
      net.dispose();
      p2.dispose();
    });
  }

  test('−0, subnormals and 17-digit values survive the text', async () => {
    const special = [-0, 5e-324, -2.2250738585072014e-308, 0.1 + 0.2, 1 / 3, -1.7976931348623157e308 / 1e300];
    const net = await Network.create({ layers: [3, 2] });
    net.setParameters({ weights: [[special.slice(0, 3), special.slice(3, 6)]], biases: [[-0, 0]] });
    const model: ModelFile = new Predictor(net).toModel();
    const text = serializeModel(model);
    expect(text).toContain('-0');
    const back = parseModel(text);
    expect(bits(back.network.weights.flat(2))).toEqual(bits(special));
    expect(Object.is(back.network.biases[0][0], -0)).toBe(true);
    const net2 = await Network.load(back.network);
    expect(bits(net2.getParameters().weights.flat(2))).toEqual(bits(special));
    net.dispose();
    net2.dispose();
  });

  test('a bare engine document (Network#toJSON) loads as a model without labels', async () => {
    const net = await Network.create({ layers: [2, 3, 1] });
    const m = parseModel(JSON.stringify(net.toJSON()));
    expect(m.format).toBe('wasmprop-model');
    expect(m.classes).toBeUndefined();
    expect(m.network.weights).toEqual(net.toJSON().weights);
    net.dispose();
  });
});
