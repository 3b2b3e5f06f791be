// Training options beyond the seeds' plain SGD: optimizers against their formulas, WASM against
// the TS twin, shuffling, schedules, validation and early stopping, diagnostics, determinism.
import { describe, it, expect } from 'vitest';
import { Network, Rng, WasmpropError, type TrainOptions } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomParams, randomRows } from './helpers/random.js';
import { expectClose, ONE_PASS, TRAINED } from './helpers/tolerance.js';

const XOR = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };

/** One optimizer step written from the formulas, on flat arrays (the test's own oracle). */
function referenceStep(opt: string, p: number[], g: number[], st: { v: number[]; m: number[]; s: number[]; t: number }, o: Required<Pick<TrainOptions, 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'epsilon'>>): void {
  st.t++;
  for (let k = 0; k < p.length; k++) {
    if (opt === 'sgd') p[k] -= o.learningRate * g[k];
    else if (opt === 'momentum') {
      st.v[k] = o.momentum * st.v[k] - o.learningRate * g[k];
      p[k] += st.v[k];
    } else if (opt === 'nesterov') {
      const old = st.v[k];
      st.v[k] = o.momentum * old - o.learningRate * g[k];
      p[k] += -o.momentum * old + (1 + o.momentum) * st.v[k];
    } else {
      st.m[k] = o.beta1 * st.m[k] + (1 - o.beta1) * g[k];
      st.s[k] = o.beta2 * st.s[k] + (1 - o.beta2) * g[k] * g[k];
      const mh = st.m[k] / (1 - o.beta1 ** st.t);
      const vh = st.s[k] / (1 - o.beta2 ** st.t);
      p[k] -= (o.learningRate * mh) / (Math.sqrt(vh) + o.epsilon);
    }
  }
}

describe.each(ENGINES)('optimizers on $label', ({ opts }) => {
  for (const optimizer of ['sgd', 'momentum', 'nesterov', 'adam'] as const) {
    it(`${optimizer}: three full-batch steps equal the formulas applied to gradients()`, async () => {
      const rng = new Rng(11);
      const layers = [3, 4, 2];
      const X = randomRows(rng, 5, 3);
      const T = randomRows(rng, 5, 2, 0.5, 0.5);
      const a = await Network.create({ layers, ...opts });
      const ref = await Network.create({ layers, backend: 'ts' });
      a.setParameters(randomParams(rng, layers));
      ref.setParametersFlat(a.getParametersFlat());
      const o = { learningRate: 0.05, momentum: 0.8, beta1: 0.85, beta2: 0.99, epsilon: 1e-7 };
      a.train({ inputs: X, targets: T }, { ...o, optimizer, epochs: 3, batchSize: 5 });
      const st = { v: [] as number[], m: [] as number[], s: [] as number[], t: 0 };
      const p = Array.from(ref.getParametersFlat());
      st.v = p.map(() => 0);
      st.m = p.map(() => 0);
      st.s = p.map(() => 0);
      for (let step = 0; step < 3; step++) {
        const g = ref.gradients(X, T);
        referenceStep(optimizer, p, g.weights.flatMap((W, l) => [...W.flat(), ...g.biases[l]]), st, o);
        ref.setParametersFlat(p);
      }
      expectClose(`${optimizer} parameters after 3 steps`, a.getParametersFlat(), p, ONE_PASS);
    });
  }

  it('weight decay adds λ·W to the weight gradient only (biases not decayed)', async () => {
    const net = await Network.create({ layers: [2, 2], ...opts });
    net.setParameters({ weights: [[[1, -2], [0.5, 3]]], biases: [[0.7, -0.7]] });
    const g = net.gradients([[0.3, 0.6]], [[0.2, 0.9]]);
    const before = net.getParameters();
    net.train({ inputs: [[0.3, 0.6]], targets: [[0.2, 0.9]] }, { learningRate: 0.1, epochs: 1, weightDecay: 0.01 });
    const after = net.getParameters();
    for (let o = 0; o < 2; o++) {
      for (let i = 0; i < 2; i++) expect(after.weights[0][o][i]).toBeCloseTo(before.weights[0][o][i] - 0.1 * (g.weights[0][o][i] + 0.01 * before.weights[0][o][i]), 15);
      expect(after.biases[0][o]).toBeCloseTo(before.biases[0][o] - 0.1 * g.biases[0][o], 15);
    }
  });

  it('trainBias false keeps biases fixed under every optimizer', async () => {
    for (const optimizer of ['momentum', 'nesterov', 'adam'] as const) {
      const net = await Network.create({ layers: [2, 3, 1], seed: 4, ...opts });
      net.setParameters({ ...net.getParameters(), biases: [[0.1, 0.2, 0.3], [0.4]] });
      net.train(XOR, { optimizer, epochs: 5, trainBias: false, weightDecay: 0.1 });
      expect(net.getParameters().biases, optimizer).toEqual([[0.1, 0.2, 0.3], [0.4]]);
    }
  });

  it('Adam trains XOR; momentum and Nesterov too', async () => {
    for (const [optimizer, learningRate] of [['adam', 0.05], ['momentum', 0.5], ['nesterov', 0.5]] as const) {
      const net = await Network.create({ layers: [2, 5, 1], seed: 3, ...opts });
      const r = net.train(XOR, { optimizer, learningRate, epochs: 1500, batchSize: 4 });
      expect(r.error, optimizer).toBeLessThan(0.01);
    }
  });

  it('same seed → same result bit for bit with shuffling, a schedule and validation', async () => {
    const rng = new Rng(2);
    const data = { inputs: randomRows(rng, 40, 3), targets: randomRows(rng, 40, 2, 0.5, 0.5) };
    const run = async () => {
      const net = await Network.create({ layers: [3, 6, 2], seed: 8, ...opts });
      const r = net.train(data, { epochs: 6, batchSize: 7, shuffle: true, seed: 99, optimizer: 'adam', learningRate: 0.01, schedule: { type: 'exponential', gamma: 0.9 }, validation: 0.25 });
      return { r, p: net.getParametersFlat() };
    };
    const a = await run();
    const b = await run();
    expect(b.p).toEqual(a.p);
    expect(b.r.lossPerEpoch).toEqual(a.r.lossPerEpoch);
    expect(a.r.history.map((h) => h.learningRate)).toEqual([0, 1, 2, 3, 4, 5].map((e) => 0.01 * 0.9 ** e));
    expect(a.r.history.every((h) => typeof h.validationLoss === 'number')).toBe(true);
  });
});

describe('WASM agrees with the TS twin on every training feature', () => {
  const others = ENGINES.filter((e) => e.label !== 'ts');
  it.each(others)('$label: shuffle + schedule + adam + decay + validation + diagnostics', async ({ label, opts }) => {
    const rng = new Rng(21);
    const data = { inputs: randomRows(rng, 30, 5), targets: Array.from({ length: 30 }, (_, r) => [0, 1, 2].map((j) => (j === r % 3 ? 1 : 0))) };
    const layers = [5, { units: 7, activation: 'tanh' as const }, { units: 6, activation: 'relu' as const }, { units: 3, activation: 'softmax' as const }];
    const o: TrainOptions = { epochs: 5, batchSize: 4, shuffle: true, optimizer: 'adam', learningRate: 0.02, weightDecay: 1e-3, schedule: { type: 'step', every: 2, factor: 0.5 }, validation: 0.2, diagnostics: true };
    const a = await Network.create({ layers, loss: 'cross-entropy', seed: 5, ...opts });
    const e = await Network.create({ layers, loss: 'cross-entropy', seed: 5, backend: 'ts' });
    const ra = a.train(data, o);
    const re = e.train(data, o);
    expectClose(`${label} parameters`, a.getParametersFlat(), e.getParametersFlat(), TRAINED);
    expectClose(`${label} losses`, ra.lossPerEpoch, re.lossPerEpoch, TRAINED);
    expectClose(`${label} validation losses`, ra.history.map((h) => h.validationLoss), re.history.map((h) => h.validationLoss), TRAINED);
    expectClose(`${label} grad RMS`, ra.history.map((h) => h.layers!.map((l) => l.gradRms)), re.history.map((h) => h.layers!.map((l) => l.gradRms)), TRAINED);
    expect(ra.history.map((h) => h.layers!.map((l) => l.saturation))).toEqual(re.history.map((h) => h.layers!.map((l) => l.saturation)));
    expect(ra.history.map((h) => h.accuracy)).toEqual(re.history.map((h) => h.accuracy));
  });
});

describe('stopping, callbacks, history', () => {
  it('errorThreshold stops as soon as the loss is below it', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 1, backend: 'ts' });
    const r = net.train(XOR, { learningRate: 2, epochs: 5000, errorThreshold: 0.02 });
    expect(r.stoppedBy).toBe('errorThreshold');
    expect(r.error).toBeLessThanOrEqual(0.02);
    expect(r.history[r.epochs - 2].loss).toBeGreaterThan(0.02);
  });

  it('patience stops on a validation plateau and restores the best parameters', async () => {
    const rng = new Rng(3);
    // noisy targets: the network overfits the small training set and validation loss turns up
    const mk = (n: number) => ({ inputs: randomRows(rng, n, 4), targets: randomRows(rng, n, 1, 0.5, 0.5) });
    const net = await Network.create({ layers: [4, 30, 1], seed: 2, backend: 'ts' });
    const r = net.train(mk(12), { learningRate: 2, epochs: 3000, validation: mk(40), patience: 20 });
    expect(r.stoppedBy).toBe('patience');
    const best = Math.min(...r.history.map((h) => h.validationLoss!));
    const bestEpoch = r.history.findIndex((h) => h.validationLoss === best);
    expect(r.epochs).toBe(bestEpoch + 1 + 20);
    expect(r.error).toBeCloseTo(r.history[bestEpoch].loss, 14);
  });

  it('timeBudgetMs stops early; onBatch sees every batch and can stop', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 1, backend: 'ts' });
    const r = net.train(XOR, { epochs: 1e6, timeBudgetMs: 50 });
    expect(r.stoppedBy).toBe('timeBudget');
    expect(r.epochs).toBeLessThan(1e6);
    const seen: string[] = [];
    const r2 = net.train(XOR, { epochs: 3, batchSize: 3, onBatch: ({ epoch, batch, loss }) => { seen.push(`${epoch}.${batch}`); expect(loss).toBeGreaterThan(0); return !(epoch === 2 && batch === 1); } });
    expect(seen).toEqual(['1.1', '1.2', '2.1']);
    expect(r2.stoppedBy).toBe('callback');
  });

  it('onEpoch info has loss, accuracy, samples/s, learning rate and per-layer diagnostics', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 1, backend: 'wasm' });
    const infos: unknown[] = [];
    const r = net.train(XOR, { epochs: 3, onEpoch: (i) => void infos.push(i) });
    expect(infos).toEqual(r.history);
    const h = r.history[2];
    expect(h.epoch).toBe(3);
    expect(h.accuracy).toBeGreaterThanOrEqual(0);
    expect(h.samplesPerSecond).toBeGreaterThan(0);
    expect(h.learningRate).toBe(0.5);
    expect(h.layers).toHaveLength(2);
    for (const l of h.layers!) {
      expect(l.gradRms).toBeGreaterThan(0);
      expect(l.saturation).toBeGreaterThanOrEqual(0);
      expect(l.saturation).toBeLessThanOrEqual(1);
    }
  });

  it('saturation: a deep sigmoid net with large weights is visibly saturated and its gradients vanish', async () => {
    const layers = [3, 10, 10, 10, 10, 1];
    const diag = async (init: object) => {
      const net = await Network.create({ layers, seed: 4, ...init });
      const rng = new Rng(1);
      const r = net.train({ inputs: randomRows(rng, 20, 3), targets: randomRows(rng, 20, 1, 0.5, 0.5) }, { epochs: 2, diagnostics: true });
      return r.history[1].layers!;
    };
    const saturated = await diag({ init: 'uniform', initRange: 8 });
    const healthy = await diag({ init: 'xavier' });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(saturated.map((l) => l.saturation))).toBeGreaterThan(0.4);
    expect(mean(healthy.map((l) => l.saturation))).toBeLessThan(0.05);
    expect(saturated[3].saturation).toBeGreaterThan(saturated[0].saturation); // deeper layers saturate more
    // the chapter's vanishing gradient: the weight gradient shrinks layer by layer towards the input
    expect(healthy[0].gradRms).toBeLessThan(healthy[4].gradRms / 10);
  });

  it('a diverging run throws and restores the parameters it started from', async () => {
    const net = await Network.create({ layers: [1, { units: 4, activation: 'linear' }, { units: 1, activation: 'linear' }], seed: 1, backend: 'ts' });
    const before = net.getParametersFlat();
    expect(() => net.train({ inputs: [[100], [-50]], targets: [[1], [2]] }, { learningRate: 10, epochs: 200 })).toThrow(WasmpropError);
    expect(() => net.train({ inputs: [[100], [-50]], targets: [[1], [2]] }, { learningRate: 10, epochs: 200 })).toThrow(/learningRate: expected a step size small enough/);
    expect(net.getParametersFlat()).toEqual(before);
  });

  it('bad training options name themselves', async () => {
    const net = await Network.create({ layers: [2, 2, 1], backend: 'ts' });
    const bad: [TrainOptions, string][] = [
      [{ optimizer: 'rmsprop' as 'adam' }, 'optimizer'], [{ momentum: 1 }, 'momentum'], [{ beta2: -0.1 }, 'beta2'],
      [{ epsilon: 0 }, 'epsilon'], [{ weightDecay: -1 }, 'weightDecay'], [{ schedule: { type: 'cosine' } as never }, 'schedule.type'],
      [{ schedule: { type: 'step', every: 0, factor: 0.5 } }, 'schedule.every'], [{ validation: 1.5 }, 'validation'],
      [{ validation: 0.01 }, 'validation'], [{ patience: 3 }, 'patience'], [{ timeBudgetMs: -5 }, 'timeBudgetMs'],
      [{ shuffle: 1 as unknown as boolean }, 'shuffle'], [{ validation: { inputs: [[1, 2]], targets: [[1, 2]] } }, 'validation.targets[0]'],
    ];
    for (const [o, arg] of bad) expect(() => net.train(XOR, o), arg).toThrow(expect.objectContaining({ argument: arg }));
  });

  it('architecture errors: softmax placement, cross-entropy output, input activation', async () => {
    const cases: [object, string][] = [
      [{ layers: [2, { units: 3, activation: 'softmax' }, 1] }, 'layers[1].activation'],
      [{ layers: [2, { units: 1, activation: 'softmax' }] }, 'layers[1].units'],
      [{ layers: [2, { units: 2, activation: 'tanh' }], loss: 'cross-entropy' }, 'loss'],
      [{ layers: [{ units: 2, activation: 'relu' }, 1] }, 'layers[0].activation'],
      [{ layers: [2, { units: 2, activation: 'gelu' }] }, 'layers[1].activation'],
      [{ layers: [2, 2], loss: 'mse' }, 'loss'],
      [{ layers: [2, 2], init: 'orthogonal' }, 'init'],
      [{ layers: [2, 2], normalization: { offset: [0], scale: [1, 1] } }, 'normalization.offset'],
      [{ layers: [2, 2], normalization: { offset: [0, 0], scale: [1, NaN] } }, 'normalization.scale[1]'],
    ];
    for (const [o, arg] of cases) await expect(Network.create({ backend: 'ts', ...o } as never), arg).rejects.toMatchObject({ argument: arg });
  });
});

describe('normalization', () => {
  it('is applied by run, train and loss, and survives toJSON', async () => {
    const normalization = { kind: 'minmax', offset: [10, -5], scale: [0.1, 0.5] };
    const a = await Network.create({ layers: [2, 3, 1], seed: 6, normalization, backend: 'ts' });
    const b = await Network.create({ layers: [2, 3, 1], seed: 6, backend: 'ts' });
    const raw = [[12, -4], [15, -1]];
    const scaled = raw.map(([x, y]) => [(x - 10) * 0.1, (y + 5) * 0.5]);
    expect(a.runBatch(raw)).toEqual(b.runBatch(scaled));
    expect(a.loss(raw, [[1], [0]])).toBe(b.loss(scaled, [[1], [0]]));
    a.train({ inputs: raw, targets: [[1], [0]] }, { epochs: 3 });
    b.train({ inputs: scaled, targets: [[1], [0]] }, { epochs: 3 });
    expect(a.getParametersFlat()).toEqual(b.getParametersFlat());
    const c = Network.fromJSON(JSON.parse(JSON.stringify(a.toJSON())), { backend: 'ts' });
    expect(c.normalization).toEqual(normalization);
    expect(c.runBatch(raw)).toEqual(a.runBatch(raw));
  });
});

describe('fused online SGD', () => {
  it.each(ENGINES)('$label: batch size 1 with plain SGD is bit-identical to the unfused gradient step', async ({ opts }) => {
    const rng = new Rng(17);
    const data = { inputs: randomRows(rng, 25, 6), targets: randomRows(rng, 25, 3, 0.5, 0.5) };
    for (const trainBias of [true, false]) {
      const layers = [6, 9, { units: 5, activation: 'tanh' as const }, 3];
      const fused = await Network.create({ layers, seed: 3, ...opts });
      const plain = await Network.create({ layers, seed: 3, ...opts });
      const rf = fused.train(data, { epochs: 4, learningRate: 0.3, trainBias, recordLoss: 'exact' });
      // diagnostics need the gradient block, so this run takes the unfused path
      const rp = plain.train(data, { epochs: 4, learningRate: 0.3, trainBias, diagnostics: true });
      expect(fused.getParametersFlat()).toEqual(plain.getParametersFlat());
      expect(rf.lossPerEpoch).toEqual(rp.lossPerEpoch);
    }
  });
});
