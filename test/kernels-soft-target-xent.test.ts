// Cross-entropy with targets that are not one-hot: finite differences of loss() against gradients()
// for soft, label-smoothed, non-normalized and all-zero target rows (softmax: the gradient w.r.t. net
// is p·Σt − t; sigmoid + binary cross-entropy: alpha·(p − t) for any t in [0, 1]), on the TS twin and
// every WASM kernel family this runtime validates (the relaxed family in the 'relaxed-simd' project).
// Also: one-hot rows keep the bits of p − t, and the log(p) clamp changes the loss, not the gradient.
// Not here: one-hot training trajectories (golden-cases, kernels-golden).
import { describe, it, expect } from 'vitest';
import { Network, Rng, hasSimd, hasRelaxedSimd, type NetworkOptions } from '../src/index.js';
import { randomParams, randomRows } from './helpers/random.js';
import { expectFiniteDifferences } from './helpers/finite-difference.js';

const FAMILIES: { label: string; opts: Pick<NetworkOptions, 'backend' | 'kernel'> }[] = [
  { label: 'ts', opts: { backend: 'ts' } },
  { label: 'wasm-scalar', opts: { backend: 'wasm', kernel: 'scalar' } },
  ...(hasSimd() ? [{ label: 'wasm-simd', opts: { backend: 'wasm' as const, kernel: 'simd' as const } }] : []),
  ...(hasRelaxedSimd() ? [{ label: 'wasm-relaxed', opts: { backend: 'wasm' as const, kernel: 'relaxed' as const } }] : []),
];

const K = 4;
const ROWS = 6;
/** Target rows of each kind, ROWS × K. */
function targets(kind: string, rng: Rng): number[][] {
  const oneHot = (r: number) => Array.from({ length: K }, (_, j) => (j === r % K ? 1 : 0));
  const rows = Array.from({ length: ROWS }, (_, r) => r);
  if (kind === 'soft (normalized)') return rows.map(() => { const t = randomRows(rng, 1, K, 0.5, 0.5)[0]; const s = t.reduce((a, b) => a + b, 0); return t.map((v) => v / s); });
  if (kind === 'label-smoothed 0.1') return rows.map((r) => oneHot(r).map((v) => 0.9 * v + 0.1 / K));
  if (kind === 'non-normalized') return randomRows(rng, ROWS, K, 1, 1);
  if (kind === 'all-zero rows') return rows.map(() => new Array<number>(K).fill(0));
  return rows.map((r) => (r % 3 === 0 ? new Array<number>(K).fill(0) : r % 3 === 1 ? oneHot(r).map((v) => 0.5 * v) : randomRows(rng, 1, K, 1, 1)[0]));
}
const KINDS = ['soft (normalized)', 'label-smoothed 0.1', 'non-normalized', 'all-zero rows', 'mixed batch'];

describe.each(FAMILIES)('soft-target cross-entropy on $label', ({ opts }) => {
  for (const kind of KINDS) {
    it(`softmax: ${kind}: gradients() match finite differences of loss()`, async () => {
      const rng = new Rng(kind.length * 7 + 1);
      const net = await Network.create({ layers: [3, { units: 5, activation: 'tanh' }, { units: K, activation: 'softmax' }], loss: 'cross-entropy', ...opts });
      net.setParameters(randomParams(rng, [3, 5, K], 0.8));
      const X = randomRows(rng, ROWS, 3, 1.5);
      const T = targets(kind, rng);
      expect(net.gradients(X, T).loss).toBeCloseTo(net.loss(X, T), 14);
      expectFiniteDifferences(net, X, T, 1e-6, 1e-6, `${kind}`);
      net.dispose();
    });
  }

  it('sigmoid(alpha 2) + binary cross-entropy: targets anywhere in [0, 1] match finite differences', async () => {
    const rng = new Rng(99);
    const net = await Network.create({ layers: [2, 4, 3], alpha: 2, loss: 'cross-entropy', ...opts });
    net.setParameters(randomParams(rng, [2, 4, 3], 0.8));
    const X = randomRows(rng, ROWS, 2, 1.5);
    const T = randomRows(rng, ROWS, 3, 0.5, 0.5).map((t, r) => (r === 0 ? [0, 1, 0.5] : t));
    expectFiniteDifferences(net, X, T, 1e-6, 1e-6, 'sigmoid soft targets');
    net.dispose();
  });

  it('the issue\'s example: gradients([[1]], [[0.5, 0]]).biases is [[-0.25, 0.25]]', async () => {
    const net = await Network.create({ layers: [1, { units: 2, activation: 'softmax' }], loss: 'cross-entropy', ...opts });
    net.setParameters({ weights: [[[0], [0]]], biases: [[0, 0]] });
    const g = net.gradients([[1]], [[0.5, 0]]);
    expect(g.biases).toEqual([[-0.25, 0.25]]);
    expect(g.weights).toEqual([[[-0.25], [0.25]]]);
    net.dispose();
  });

  it('rows that sum to exactly 1 (one-hot, smoothed) give exactly p − t, bit for bit', async () => {
    const net = await Network.create({ layers: [1, { units: 3, activation: 'softmax' }], loss: 'cross-entropy', ...opts });
    net.setParameters({ weights: [[[0], [0], [0]]], biases: [[0.3, -1.1, 2.7]] });
    const p = Array.from(net.run([0]));
    for (const t of [[0, 1, 0], [1, 0, 0], [0.25, 0.5, 0.25]]) {
      expect(net.gradients([[0]], [t]).biases[0]).toEqual(p.map((v, j) => v - t[j]));
    }
    net.dispose();
  });

  it('log(p) is clamped at log(2.2250738585072014e-308) ≈ −708.4: the loss changes, the gradient does not', async () => {
    const net = await Network.create({ layers: [1, { units: 2, activation: 'softmax' }], loss: 'cross-entropy', ...opts });
    // p = softmax([0, 800]) = [0 (underflows), 1]; the true loss of target [1, 0] is 800 + log(1 + e^−800) = 800
    net.setParameters({ weights: [[[0], [0]]], biases: [[0, 800]] });
    expect(Array.from(net.run([0]))).toEqual([0, 1]);
    const clamped = -Math.log(2.2250738585072014e-308);
    expect(clamped).toBeCloseTo(708.3964185322641, 12);
    expect(net.loss([[0]], [[1, 0]])).toBe(clamped);
    // the gradient of the true loss, p·Σt − t = [−1, 1], not the zero slope of the clamped one
    expect(net.gradients([[0]], [[1, 0]]).biases).toEqual([[-1, 1]]);
    // where nothing underflows the clamp does nothing: the loss is the true one
    net.setParameters({ weights: [[[0], [0]]], biases: [[0, 30]] });
    expect(net.loss([[0]], [[1, 0]])).toBeCloseTo(30 + Math.log1p(Math.exp(-30)), 12);
    net.dispose();
  });
});
