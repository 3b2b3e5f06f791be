// Data sets larger than Network.stagingBytes stream through a fixed chunk of engine memory instead
// of being copied in whole: the same batches in the same order, so the same parameters, bit for
// bit, as when the whole set is staged; evaluate/runBatch chunk the same way; memory stays small.
import { describe, it, expect, afterEach } from 'vitest';
import { Network, Rng, WasmpropError, type TrainOptions } from '../src/index.js';
import { getBackendSync } from '../src/backend/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomRows } from './helpers/random.js';
import { expectClose, ONE_PASS } from './helpers/tolerance.js';

const DEFAULT_STAGING = Network.stagingBytes;
afterEach(() => {
  Network.stagingBytes = DEFAULT_STAGING;
});

const LAYERS = [5, 6, 3];
/** Bytes of one row (inputs + targets, float64) for LAYERS. */
const ROW = (5 + 3) * 8;

function dataSet(seed: number, rows: number): { inputs: number[][]; targets: number[][] } {
  const rng = new Rng(seed);
  const inputs = randomRows(rng, rows, 5);
  // one-hot targets so accuracy is reported
  const targets = inputs.map((x) => {
    const c = x[0] + x[1] > 0 ? 0 : x[2] > 0 ? 1 : 2;
    return [0, 1, 2].map((k) => (k === c ? 1 : 0));
  });
  return { inputs, targets };
}

/** Trains a fresh network with the given staging budget; returns the result and the parameters. */
async function trainWith(staging: number, opts: object, data: { inputs: unknown; targets: unknown }, o: TrainOptions) {
  Network.stagingBytes = staging;
  const net = await Network.create({ layers: LAYERS, seed: 3, ...opts });
  const batches: number[] = [];
  const result = net.train(data as never, { ...o, onBatch: o.onBatch ? (b) => { batches.push(b.batch); return o.onBatch!(b); } : undefined });
  const params = net.getParametersFlat();
  net.dispose();
  return { result, params, batches };
}

describe.each(ENGINES)('streamed training on $label', ({ opts }) => {
  const data = dataSet(1, 103); // 103 rows: chunks never divide it evenly
  // chunk budgets: 4 rows (rounded up to a batch), 17 rows, 40 rows — all far below the 103 rows
  const budgets = [4 * ROW, 17 * ROW, 40 * ROW];

  const cases: [string, TrainOptions][] = [
    ['online SGD, biases fixed', { epochs: 3, learningRate: 0.3, trainBias: false }],
    ['batch 8 SGD', { epochs: 4, batchSize: 8, learningRate: 0.5 }],
    ['batch 5 Adam with weight decay, loss recorded', { epochs: 3, batchSize: 5, optimizer: 'adam', learningRate: 0.01, weightDecay: 1e-3 }],
    ['shuffled momentum with a step schedule', { epochs: 4, batchSize: 6, optimizer: 'momentum', shuffle: true, seed: 9, schedule: { type: 'step', every: 2, factor: 0.5 } }],
    ['validation fraction with patience', { epochs: 6, batchSize: 4, validation: 0.25, patience: 2, shuffle: true, seed: 4 }],
    ['running loss only', { epochs: 2, batchSize: 3, recordLoss: false, finalError: false }],
  ];

  for (const [name, o] of cases) {
    it(`${name}: parameters bit-identical to the whole set staged at once`, async () => {
      const whole = await trainWith(DEFAULT_STAGING, opts, data, o);
      for (const budget of budgets) {
        const streamed = await trainWith(budget, opts, data, o);
        expect(Array.from(streamed.params)).toEqual(Array.from(whole.params));
        expect(streamed.result.epochs).toBe(whole.result.epochs);
        expect(streamed.result.stoppedBy).toBe(whole.result.stoppedBy);
        expect(streamed.result.errorKind).toBe(whole.result.errorKind);
        expectClose('error', streamed.result.error, whole.result.error, ONE_PASS);
        expect(streamed.result.lossPerEpoch.length).toBe(whole.result.lossPerEpoch.length);
        expectClose('lossPerEpoch', streamed.result.lossPerEpoch, whole.result.lossPerEpoch, ONE_PASS);
        streamed.result.history.forEach((h, e) => {
          const w = whole.result.history[e];
          expect(h.accuracy).toBe(w.accuracy);
          expect(h.validationAccuracy).toBe(w.validationAccuracy);
          if (w.validationLoss !== undefined) expectClose(`validationLoss of epoch ${e + 1}`, h.validationLoss!, w.validationLoss, ONE_PASS);
        });
      }
    });
  }

  it('onBatch sees the same numbered batches, and stopping mid-epoch stops at the same batch', async () => {
    const o: TrainOptions = { epochs: 2, batchSize: 4, onBatch: (b) => !(b.epoch === 2 && b.batch === 11) };
    const whole = await trainWith(DEFAULT_STAGING, opts, data, o);
    const streamed = await trainWith(9 * ROW, opts, data, o); // chunks of 8 rows: 2 batches each
    expect(streamed.batches).toEqual(whole.batches);
    expect(whole.batches.length).toBe(26 + 11);
    expect(Array.from(streamed.params)).toEqual(Array.from(whole.params));
    expect(streamed.result.stoppedBy).toBe('callback');
  });

  it('a separate validation set larger than the chunk is streamed too', async () => {
    const valid = dataSet(2, 57);
    const o: TrainOptions = { epochs: 3, batchSize: 4, validation: valid };
    const whole = await trainWith(DEFAULT_STAGING, opts, data, o);
    const streamed = await trainWith(10 * ROW, opts, data, o);
    expect(Array.from(streamed.params)).toEqual(Array.from(whole.params));
    streamed.result.history.forEach((h, e) => {
      expectClose(`validationLoss of epoch ${e + 1}`, h.validationLoss!, whole.result.history[e].validationLoss!, ONE_PASS);
      expect(h.validationAccuracy).toBe(whole.result.history[e].validationAccuracy);
    });
  });

  it('every input form streams the same: rows, Float64Array rows, flat array, flat Float64Array', async () => {
    const o: TrainOptions = { epochs: 2, batchSize: 4, shuffle: true, seed: 2 };
    const forms = [
      data,
      { inputs: data.inputs.map((r) => Float64Array.from(r)), targets: data.targets.map((r) => Float64Array.from(r)) },
      { inputs: data.inputs.flat(), targets: data.targets.flat() },
      { inputs: Float64Array.from(data.inputs.flat()), targets: Float64Array.from(data.targets.flat()) },
    ];
    const ref = await trainWith(DEFAULT_STAGING, opts, data, o);
    for (const form of forms) {
      const streamed = await trainWith(12 * ROW, opts, form, o);
      expect(Array.from(streamed.params)).toEqual(Array.from(ref.params));
    }
  });

  it('evaluate and runBatch give the same numbers in chunks', async () => {
    const net = await Network.create({ layers: LAYERS, seed: 5, normalization: { offset: [0.1, 0, 0, 0, -0.2], scale: [2, 1, 1, 0.5, 1] }, ...opts });
    const whole = { ev: net.evaluate(data.inputs, data.targets), out: net.runBatch(data.inputs) };
    Network.stagingBytes = 7 * ROW;
    const ev = net.evaluate(data.inputs, data.targets);
    const out = net.runBatch(Float64Array.from(data.inputs.flat()));
    expectClose('evaluate loss', ev.loss, whole.ev.loss, ONE_PASS);
    expect(ev.accuracy).toBe(whole.ev.accuracy);
    expect(Array.from(out)).toEqual(Array.from(whole.out));
    net.dispose();
  });
});

describe('staging memory', () => {
  it('training on a data set 4× the staging budget grows WASM memory by about one chunk, not by the data set', async () => {
    Network.stagingBytes = 2 * 1024 * 1024;
    const IN = 256;
    const rows = 4096; // 4096 × (256 + 4) × 8 B = 8.5 MB of rows
    const x = new Float64Array(rows * IN);
    const rng = new Rng(7);
    for (let k = 0; k < x.length; k++) x[k] = rng.uniform(1);
    const t = new Float64Array(rows * 4);
    for (let r = 0; r < rows; r++) t[r * 4 + (r % 4)] = 1;
    const net = await Network.create({ layers: [IN, 16, 4], backend: 'wasm' });
    const memory = () => getBackendSync({ backend: 'wasm' })!.views.f64.buffer.byteLength;
    const before = memory();
    const r = net.train({ inputs: x, targets: t }, { epochs: 2, batchSize: 32, learningRate: 0.2, recordLoss: true, finalError: true });
    const ev = net.evaluate(x, t);
    net.runBatch(x);
    const grown = memory() - before;
    expect(grown).toBeLessThan(3.5 * 1024 * 1024);
    expect(r.lossPerEpoch[1]).toBeLessThan(r.lossPerEpoch[0]);
    expectClose('evaluate loss vs train error', ev.loss, r.error, ONE_PASS);
    net.dispose();
  });

  it('a bad staging budget is a clear error naming it', async () => {
    const net = await Network.create({ layers: [2, 2, 1], backend: 'ts' });
    for (const bad of [0, -1, NaN, Infinity, '8MB']) {
      Network.stagingBytes = bad as number;
      expect(() => net.train({ inputs: [[0, 1]], targets: [[1]] }, { epochs: 1 })).toThrow(WasmpropError);
      expect(() => net.train({ inputs: [[0, 1]], targets: [[1]] }, { epochs: 1 })).toThrow(/Network\.stagingBytes/);
    }
    net.dispose();
  });
});
