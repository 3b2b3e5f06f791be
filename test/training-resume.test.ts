// Training that continues: consecutive train calls go on from the optimizer state, the epoch count
// (schedules) and the shuffle generator, and toJSON/fromJSON carry that state — so 20 epochs equal
// 10 + 10 and 10 + save + load + 10, bit for bit, for every optimizer, on every backend. Also the
// two momentum forms (Keras's, PyTorch's) against their formulas.
import { describe, it, expect } from 'vitest';
import { Network, Rng, WasmpropError, hasRelaxedSimd, type TrainOptions, type NetworkJSON } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomRows } from './helpers/random.js';

const rng = new Rng(77);
const DATA = { inputs: randomRows(rng, 23, 3), targets: randomRows(rng, 23, 2, 0.5, 0.5) };
const LAYERS = [3, 5, { units: 2, activation: 'tanh' as const }];
const OPTIMIZERS = [
  { optimizer: 'sgd', learningRate: 0.3 },
  { optimizer: 'momentum', learningRate: 0.05 },
  { optimizer: 'momentum', learningRate: 0.05, momentumForm: 'pytorch' },
  { optimizer: 'nesterov', learningRate: 0.05 },
  { optimizer: 'nesterov', learningRate: 0.05, momentumForm: 'pytorch' },
  { optimizer: 'adam', learningRate: 0.01 },
] as const satisfies readonly TrainOptions[];

// every kernel family: relaxed where the runtime validates it (the relaxed-simd vitest project runs this file with the flag)
const FAMILIES = [...ENGINES, ...(hasRelaxedSimd() ? [{ label: 'wasm-relaxed', opts: { backend: 'wasm' as const, kernel: 'relaxed' as const } }] : [])];

for (const { label, opts } of FAMILIES) {
  describe(`resumed training on '${label}'`, () => {
    for (const o of OPTIMIZERS) {
      const name = `${o.optimizer}${'momentumForm' in o ? ` (${o.momentumForm})` : ''}`;
      it(`${name}: 20 epochs == 10 + 10 == 10 + toJSON/fromJSON + 10 (shuffle, schedule, validation split)`, async () => {
        const base: TrainOptions = { ...o, batchSize: 4, shuffle: true, schedule: { type: 'step', every: 3, factor: 0.7 }, validation: 0.2, seed: 5, recordLoss: 'exact' };
        const whole = await Network.create({ layers: LAYERS, seed: 3, ...opts });
        const rw = whole.train(DATA, { ...base, epochs: 20 });
        const split = await Network.create({ layers: LAYERS, seed: 3, ...opts });
        const r1 = split.train(DATA, { ...base, epochs: 10 });
        const saved = split.toJSON();
        const r2 = split.train(DATA, { ...base, epochs: 10 });
        expect(split.getParametersFlat()).toEqual(whole.getParametersFlat());
        expect([...r1.lossPerEpoch, ...r2.lossPerEpoch]).toEqual(rw.lossPerEpoch);
        expect(r2.history[0].learningRate).toBe(rw.history[10].learningRate);
        // through a document (and its text), on the same backend
        expect(saved.version).toBe(2);
        expect(saved.training?.epochs).toBe(10);
        const loaded = Network.fromJSON(JSON.stringify(saved), opts);
        loaded.train(DATA, { ...base, epochs: 10 });
        expect(loaded.getParametersFlat()).toEqual(whole.getParametersFlat());
        expect(loaded.toJSON().training?.epochs).toBe(20);
        for (const n of [whole, split, loaded]) n.dispose();
      });
    }

    it('another optimizer, other hyper-parameters, another seed or resetTraining() start afresh', async () => {
      const fresh = async (): Promise<Network> => Network.create({ layers: LAYERS, seed: 3, ...opts });
      const a = await fresh();
      a.train(DATA, { optimizer: 'momentum', learningRate: 0.05, epochs: 3 });
      const p = a.getParametersFlat();
      const cases: [TrainOptions, (n: Network) => void][] = [
        [{ optimizer: 'adam', learningRate: 0.01, epochs: 2 }, () => {}],
        [{ optimizer: 'momentum', momentum: 0.5, learningRate: 0.05, epochs: 2 }, () => {}],
        [{ optimizer: 'momentum', learningRate: 0.05, epochs: 2, seed: 9 }, () => {}],
        [{ optimizer: 'momentum', learningRate: 0.05, epochs: 2 }, (n) => n.resetTraining()],
      ];
      for (const [o, before] of cases) {
        const b = await fresh();
        b.train(DATA, { optimizer: 'momentum', learningRate: 0.05, epochs: 3 });
        before(b);
        b.train(DATA, o);
        const c = await fresh();
        c.setParametersFlat(p);
        c.train(DATA, o);
        expect(b.getParametersFlat(), JSON.stringify(o)).toEqual(c.getParametersFlat());
        b.dispose();
        c.dispose();
      }
      a.dispose();
    });
  });
}

describe('momentum forms', () => {
  it("one step of each form against its formula: 'keras' v = μv − lr·g, p += v; 'pytorch' b = μb + g, p −= lr·b", async () => {
    for (const form of ['keras', 'pytorch'] as const) {
      for (const optimizer of ['momentum', 'nesterov'] as const) {
        const net = await Network.create({ layers: [2, { units: 1, activation: 'linear' }], backend: 'ts' });
        net.setParameters({ weights: [[[0.5, -0.25]]], biases: [[0.1]] });
        const x = [[1, 2]];
        const t = [[0.3]];
        const lr = 0.1;
        const mu = 0.9;
        const p0 = net.getParametersFlat();
        const g1 = Float64Array.from(net.gradients(x, t).weights.flat(2).concat(net.gradients(x, t).biases.flat()));
        net.train({ inputs: x, targets: t }, { optimizer, momentumForm: form, learningRate: lr, momentum: mu, epochs: 1, batchSize: 1 });
        const p1 = net.getParametersFlat();
        const g2 = Float64Array.from(net.gradients(x, t).weights.flat(2).concat(net.gradients(x, t).biases.flat()));
        net.train({ inputs: x, targets: t }, { optimizer, momentumForm: form, learningRate: lr, momentum: mu, epochs: 1, batchSize: 1 });
        const p2 = net.getParametersFlat();
        for (let k = 0; k < 3; k++) {
          let e1: number;
          let e2: number;
          if (form === 'keras') {
            const v1 = -lr * g1[k];
            const v2 = mu * v1 - lr * g2[k];
            e1 = p0[k] + (optimizer === 'momentum' ? v1 : (1 + mu) * v1);
            e2 = e1 + (optimizer === 'momentum' ? v2 : -mu * v1 + (1 + mu) * v2);
          } else {
            const b1 = g1[k];
            const b2 = mu * b1 + g2[k];
            e1 = p0[k] - lr * (optimizer === 'momentum' ? b1 : g1[k] + mu * b1);
            e2 = e1 - lr * (optimizer === 'momentum' ? b2 : g2[k] + mu * b2);
          }
          expect(p1[k], `${form} ${optimizer} step 1 [${k}]`).toBeCloseTo(e1, 14);
          expect(p2[k], `${form} ${optimizer} step 2 [${k}]`).toBeCloseTo(e2, 14);
        }
        net.dispose();
      }
    }
  });

  it('the forms agree under a constant learning rate and differ under a schedule', async () => {
    const run = async (form: 'keras' | 'pytorch', schedule?: TrainOptions['schedule']): Promise<Float64Array> => {
      const net = await Network.create({ layers: LAYERS, seed: 3, backend: 'ts' });
      net.train(DATA, { optimizer: 'momentum', momentumForm: form, learningRate: 0.05, epochs: 6, batchSize: 4, ...(schedule ? { schedule } : {}) });
      const p = net.getParametersFlat();
      net.dispose();
      return p;
    };
    const [k, p] = [await run('keras'), await run('pytorch')];
    k.forEach((v, i) => expect(v).toBeCloseTo(p[i], 12));
    const [ks, ps] = [await run('keras', { type: 'exponential', gamma: 0.5 }), await run('pytorch', { type: 'exponential', gamma: 0.5 })];
    expect(Math.max(...ks.map((v, i) => Math.abs(v - ps[i])))).toBeGreaterThan(1e-6);
  });
});

describe('saved training state', () => {
  it('version 1 documents still load; a bad training state is refused naming the key', async () => {
    const net = await Network.create({ layers: LAYERS, seed: 3, backend: 'ts' });
    const v1 = net.toJSON();
    expect(v1.version).toBe(1);
    expect(v1.training).toBeUndefined();
    Network.fromJSON(v1, { backend: 'ts' }).dispose();
    net.train(DATA, { optimizer: 'adam', epochs: 2 });
    const v2 = net.toJSON();
    expect(v2.training?.state.length).toBe(2);
    const bad = (patch: Record<string, unknown>): NetworkJSON => ({ ...v2, training: { ...v2.training!, ...patch } }) as NetworkJSON;
    const refuse = (doc: unknown, argument: string): void => {
      expect(() => Network.fromJSON(doc, { backend: 'ts' })).toThrow(WasmpropError);
      expect(() => Network.fromJSON(doc, { backend: 'ts' })).toThrow(expect.objectContaining({ argument }));
    };
    refuse(bad({ state: [v2.training!.state[0]] }), 'json.training.state');
    refuse(bad({ state: [[1, 2], v2.training!.state[1]] }), 'json.training.state[0]');
    refuse(bad({ rng: [1, 2, 3] }), 'json.training.rng');
    refuse(bad({ optimizer: 'rmsprop' }), 'json.training.optimizer');
    refuse(bad({ epochs: -1 }), 'json.training.epochs');
    refuse({ ...v2, version: 1 }, 'json.version');
    net.dispose();
  });
});
