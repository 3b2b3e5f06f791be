// Finite-difference checks of every activation and loss the engine offers (beyond the seeds'
// sigmoid + SSE, covered by gradient-finite-difference.test.ts), on every backend.
import { describe, it, expect } from 'vitest';
import { Network, Rng, type NetworkOptions } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomParams, randomRows } from './helpers/random.js';
import { expectFiniteDifferences } from './helpers/finite-difference.js';

const CASES: { label: string; net: Omit<NetworkOptions, 'backend' | 'kernel'>; oneHot?: boolean }[] = [
  { label: 'tanh hidden, linear output, SSE', net: { layers: [3, { units: 5, activation: 'tanh' }, { units: 2, activation: 'linear' }] } },
  { label: 'relu hidden, sigmoid output', net: { layers: [3, { units: 6, activation: 'relu' }, 2], alpha: 1.5 } },
  { label: 'leaky-relu hidden', net: { layers: [4, { units: 5, activation: 'leaky-relu' }, { units: 3, activation: 'tanh' }], leakySlope: 0.05 } },
  { label: 'softmax output with SSE (full Jacobian)', net: { layers: [3, 4, { units: 3, activation: 'softmax' }] } },
  { label: 'softmax + cross-entropy', net: { layers: [3, { units: 5, activation: 'tanh' }, { units: 4, activation: 'softmax' }], loss: 'cross-entropy' }, oneHot: true },
  { label: 'sigmoid(alpha 2) + binary cross-entropy', net: { layers: [2, 4, 1], alpha: 2, loss: 'cross-entropy' }, oneHot: true },
  { label: 'deep mixed', net: { layers: [3, { units: 4, activation: 'relu' }, { units: 4, activation: 'tanh' }, { units: 3, activation: 'sigmoid' }, { units: 2, activation: 'linear' }] } },
];

describe.each(ENGINES)('activation/loss gradients on $label', ({ opts }) => {
  for (const c of CASES) {
    it(c.label, async () => {
      const rng = new Rng(c.label.length);
      const net = await Network.create({ ...c.net, ...opts });
      net.setParameters(randomParams(rng, [...net.layers], 0.8));
      const OUT = net.layers[net.layers.length - 1];
      const rows = 6;
      const X = randomRows(rng, rows, net.layers[0], 1.5);
      const T = c.oneHot
        ? Array.from({ length: rows }, (_, r) => Array.from({ length: OUT }, (_, j) => (OUT === 1 ? r % 2 : j === r % OUT ? 1 : 0)))
        : randomRows(rng, rows, OUT, 0.5, 0.5);
      const g = net.gradients(X, T);
      expect(g.loss).toBeCloseTo(net.loss(X, T), 14);
      expectFiniteDifferences(net, X, T, 1e-6, 1e-6, c.label);
    });
  }
});

describe('activation definitions', () => {
  it('forward values: tanh, relu, leaky-relu, linear, softmax rows sum to 1 and survive huge inputs', async () => {
    for (const e of ENGINES) {
      const mk = (activation: 'tanh' | 'relu' | 'leaky-relu' | 'linear') => {
        const n = new Network({ layers: [1, { units: 1, activation }], leakySlope: 0.1, ...e.opts });
        n.setParameters({ weights: [[[1]]], biases: [[0]] });
        return n;
      };
      await Network.init();
      expect(Array.from(mk('tanh').runBatch([[0.5], [-2]]))).toEqual([Math.tanh(0.5), Math.tanh(-2)]);
      expect(Array.from(mk('relu').runBatch([[0.5], [-2]]))).toEqual([0.5, 0]);
      expect(Array.from(mk('leaky-relu').runBatch([[0.5], [-2]]))).toEqual([0.5, -2 * 0.1]);
      expect(Array.from(mk('linear').runBatch([[0.5], [-2]]))).toEqual([0.5, -2]);
      const s = new Network({ layers: [1, { units: 3, activation: 'softmax' }], ...e.opts });
      s.setParameters({ weights: [[[1], [2], [3]]], biases: [[0, 0, 0]] });
      for (const x of [0.3, 800, -800]) {
        const y = s.run([x]);
        expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
        expect(y.every(Number.isFinite)).toBe(true);
      }
      const big = s.run([800]);
      expect(big[2]).toBe(1);
    }
  });

  it('cross-entropy of a confident wrong answer is large but finite', async () => {
    const net = await Network.create({ layers: [1, { units: 2, activation: 'softmax' }], loss: 'cross-entropy', backend: 'ts' });
    net.setParameters({ weights: [[[1000], [-1000]]], biases: [[0, 0]] });
    const l = net.loss([[1]], [[0, 1]]);
    expect(Number.isFinite(l)).toBe(true);
    expect(l).toBeGreaterThan(700);
  });
});
