// The float32 engine end to end: every activation, loss, optimizer, schedule, shuffle, validation,
// streaming and diagnostics run with dtype 'f32' on every WASM family and on the TS twin, and they
// agree — bit for bit where the operations are the same (the scalar family and the twin on
// networks without exp/tanh/log in the trained path: relu/leaky-relu/linear layers, SSE, SGD /
// momentum / Nesterov), else to the f32 tolerance (the twin's exp is V8's, rounded; SIMD sums are
// reordered). Also: streamed staging gives the resident run's bits, the fused online path gives the
// unfused step's bits, and f32 runs track the f64 run of the same problem.
// Not here: the float64 oracle (f32-golden-oracle.test.ts), kernels (kernels-variants.test.ts).
import { describe, it, expect } from 'vitest';
import { Network, Rng, hasSimd, hasRelaxedSimd, type NetworkOptions, type TrainOptions } from '../src/index.js';
import { expectClose, type Tol } from './helpers/tolerance.js';

const rng = new Rng(21);
const N = 48, IN = 6;
const X = Array.from({ length: N }, () => Array.from({ length: IN }, () => rng.uniform(1)));
const Tc = X.map((_, r) => [0, 1, 2].map((j) => (j === r % 3 ? 1 : 0)));
const Tr = X.map((x) => [0.5 + 0.4 * Math.sin(x[0] + x[1]), 0.5 - 0.3 * x[2]]);

const FAMILIES: Pick<NetworkOptions, 'backend' | 'kernel'>[] = [
  { backend: 'wasm', kernel: 'scalar' },
  ...(hasSimd() ? [{ backend: 'wasm' as const, kernel: 'simd' as const }] : []),
  ...(hasRelaxedSimd() ? [{ backend: 'wasm' as const, kernel: 'relaxed' as const }] : []),
];

/** f32 WASM vs the f32 twin after a short run: a few ulp per step of exp difference, compounded over ≤ 60 steps. */
const F32_ENGINE: Tol = { atol: 2e-5, rtol: 2e-4 };
/** f32 vs f64 on the same problem after a short run (inputs and every operation rounded). */
const F32_VS_F64: Tol = { atol: 1e-4, rtol: 1e-3 };

interface Case {
  name: string;
  net: NetworkOptions;
  train: TrainOptions;
  targets: number[][];
  /** No transcendental in the trained path: the scalar family equals the twin bit for bit. */
  exact?: boolean;
}

const CASES: Case[] = [
  { name: 'sigmoid SSE, SGD batches', net: { layers: [IN, 5, 2] }, train: { epochs: 5, batchSize: 8, learningRate: 0.5 }, targets: Tr },
  { name: 'tanh → softmax cross-entropy, Adam, shuffled, validation', net: { layers: [IN, { units: 7, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'cross-entropy' },
    train: { epochs: 4, batchSize: 6, optimizer: 'adam', learningRate: 0.01, shuffle: true, validation: 0.25 }, targets: Tc },
  { name: 'relu → linear SSE, momentum, step schedule', net: { layers: [IN, { units: 8, activation: 'relu' }, { units: 2, activation: 'linear' }] },
    train: { epochs: 6, batchSize: 5, optimizer: 'momentum', learningRate: 0.05, schedule: { type: 'step', every: 2, factor: 0.5 } }, targets: Tr, exact: true },
  { name: 'leaky-relu → linear SSE, Nesterov, weight decay, exponential schedule', net: { layers: [IN, { units: 6, activation: 'leaky-relu' }, { units: 2, activation: 'linear' }], leakySlope: 0.1 },
    train: { epochs: 5, batchSize: 4, optimizer: 'nesterov', learningRate: 0.05, weightDecay: 0.01, schedule: { type: 'exponential', gamma: 0.9 } }, targets: Tr, exact: true },
  { name: 'relu → linear SSE, PyTorch-form momentum and Nesterov continued over two calls', net: { layers: [IN, { units: 6, activation: 'relu' }, { units: 2, activation: 'linear' }] },
    train: { epochs: 4, batchSize: 6, optimizer: 'nesterov', momentumForm: 'pytorch', learningRate: 0.05 }, targets: Tr, exact: true },
  { name: 'sigmoid binary cross-entropy, online SGD (fused path)', net: { layers: [IN, 4, { units: 1, activation: 'sigmoid' }], loss: 'cross-entropy' },
    train: { epochs: 3, batchSize: 1, learningRate: 0.3 }, targets: X.map((x) => [x[0] > 0 ? 1 : 0]) },
  { name: 'relu → linear online SGD, shuffled (fused, chained rows)', net: { layers: [IN, { units: 9, activation: 'relu' }, { units: 2, activation: 'linear' }] },
    train: { epochs: 3, batchSize: 1, learningRate: 0.05, shuffle: true }, targets: Tr, exact: true },
  { name: 'sigmoid SSE with diagnostics and errorThreshold', net: { layers: [IN, 5, 2], alpha: 1.5 },
    train: { epochs: 4, batchSize: 12, learningRate: 0.8, diagnostics: true, errorThreshold: 1e-9 }, targets: Tr },
];

function run(c: Case, opts: Pick<NetworkOptions, 'backend' | 'kernel' | 'dtype'>): { p: Float64Array; error: number; history: number[] } {
  const net = new Network({ ...c.net, seed: 7, ...opts });
  try {
    const r = net.train({ inputs: X, targets: c.targets }, c.train);
    expect(Number.isFinite(r.error)).toBe(true);
    if (c.train.diagnostics) expect(r.history.every((h) => h.layers?.every((l) => Number.isFinite(l.gradRms) && l.gradRms > 0))).toBe(true);
    return { p: net.getParametersFlat(), error: r.error, history: r.lossPerEpoch };
  } finally {
    net.dispose();
  }
}

describe('the float32 engine: WASM families against the f32 twin', () => {
  it('loads the WASM backend', async () => {
    expect((await Network.create({ layers: [2, 1], dtype: 'f32' })).backendInfo.dtype).toBe('f32');
  });

  for (const c of CASES) {
    it(`${c.name}: every family agrees with the twin${c.exact ? ' (scalar: bit for bit)' : ''}, and tracks f64`, () => {
      const twin = run(c, { backend: 'ts', dtype: 'f32' });
      for (const f of FAMILIES) {
        const w = run(c, { ...f, dtype: 'f32' });
        if (c.exact && f.kernel === 'scalar') {
          expect(Array.from(w.p), `${c.name}: scalar f32 vs twin, bit for bit`).toEqual(Array.from(twin.p));
          expect(w.error).toBe(twin.error);
        }
        expectClose(`${c.name} ${f.kernel} f32 parameters vs twin`, w.p, twin.p, F32_ENGINE);
        expectClose(`${c.name} ${f.kernel} f32 loss per epoch vs twin`, w.history, twin.history, F32_ENGINE);
      }
      const f64 = run(c, { backend: 'ts' });
      expectClose(`${c.name} f32 vs f64 parameters`, twin.p, f64.p, F32_VS_F64);
    });
  }

  it('streamed staging gives the resident run\'s bits in f32', () => {
    const c = { ...CASES[1], train: { ...CASES[1].train, validation: undefined } };
    const resident = run(c, { dtype: 'f32' });
    const saved = Network.stagingBytes;
    Network.stagingBytes = 10 * (IN + 3) * 4; // 10 rows per chunk
    try {
      expect(Array.from(run(c, { dtype: 'f32' }).p)).toEqual(Array.from(resident.p));
    } finally {
      Network.stagingBytes = saved;
    }
  });

  for (const f of FAMILIES) {
    it(`${f.kernel}: the fused online path gives the unfused SGD step's bits in f32`, () => {
      const c = CASES.find((x) => x.name.startsWith('relu → linear online SGD'))!;
      const fused = run(c, { ...f, dtype: 'f32' });
      // diagnostics switch the fused path off: the same steps through gradient + update
      const unfused = run({ ...c, train: { ...c.train, diagnostics: true } }, { ...f, dtype: 'f32' });
      expect(Array.from(fused.p)).toEqual(Array.from(unfused.p));
    });
  }
});
