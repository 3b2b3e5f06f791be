// Threads do not change a single bit: networks on 1, 2 and 3 threads (the pool's thresholds set to
// 0, so every product of these small shapes is split) give identical parameters, losses, epoch
// reports, gradients, outputs and evaluations — on the golden cases, on random shapes (odd sizes,
// batches not a multiple of the thread count, batches smaller than it, online rows), with every
// optimizer, weight decay, diagnostics, shuffling, validation and streaming — for float64 and
// float32 networks alike. One thread is the binary without threads (exactly today's engine), so
// this also pins the threaded drivers of both dtypes to it.
// Not here: the pool's lifecycle and the option's checks (threads-pool.test.ts).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Network, Rng, type TrainOptions, type KernelChoice } from '../src/index.js';
import { poolTuning } from '../src/backend/pool.js';
import { hasSimd } from '../src/backend/wasm-loader.js';
import { golden } from './helpers/golden.js';
import { randomRows } from './helpers/random.js';

const saved = { ...poolTuning };
beforeAll(() => {
  poolTuning.minWork = 0;
  poolTuning.minUnitsWork = 0;
});
afterAll(() => {
  Object.assign(poolTuning, saved);
  Network.stagingBytes = DEFAULT_STAGING;
});
const DEFAULT_STAGING = Network.stagingBytes;

const KERNELS: KernelChoice[] = ['scalar', ...(hasSimd() ? (['simd'] as const) : []), 'auto'];
const DTYPES = ['f64', 'f32'] as const;
/** Every kernel family at both element types, as [kernel, dtype] rows for describe.each. */
const FAMILIES = KERNELS.flatMap((k) => DTYPES.map((d) => [k, d] as const));
const THREADS = [1, 2, 3];

type Data = { inputs: number[][]; targets: number[][] };

/** Everything a run produces that must not depend on the thread count (timings left out). */
async function runOn(threads: number, net0: object, data: Data, train: TrainOptions, valid?: Data): Promise<unknown> {
  const net = await Network.create({ ...net0, threads } as never);
  expect(net.backendInfo.threads).toBe(threads);
  expect(net.backendInfo.dtype).toBe((net0 as { dtype?: string }).dtype ?? 'f64');
  const r = net.train(data, valid ? { ...train, validation: valid } as never : train);
  const out = {
    error: r.error,
    lossPerEpoch: r.lossPerEpoch,
    history: r.history.map(({ samplesPerSecond: _t, ...h }) => h),
    stoppedBy: r.stoppedBy,
    params: net.getParametersFlat(),
    gradients: net.gradients(data.inputs, data.targets),
    outputs: net.runBatch(data.inputs),
    evaluation: net.evaluate(data.inputs, data.targets),
  };
  net.dispose();
  return out;
}

async function expectSameOnAllThreads(what: string, net0: object, data: Data, train: TrainOptions, valid?: Data): Promise<void> {
  const one = await runOn(1, net0, data, train, valid);
  for (const t of THREADS.slice(1)) expect(await runOn(t, net0, data, train, valid), `${what}: ${t} threads vs 1`).toEqual(one);
}

describe.each(FAMILIES)("golden cases, kernel '%s', %s: 1, 2, 3 threads give the same bits", (kernel, dtype) => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const make = async (threads: number) => {
      const net = await Network.create({ layers: c.layers, alpha: c.alpha, kernel, threads, dtype });
      expect(net.backendInfo).toMatchObject({ threads, dtype });
      net.setParameters({ weights: c.weights, biases: c.biases });
      return net;
    };
    const results: unknown[] = [];
    for (const threads of THREADS) {
      const net = await make(threads);
      const g = net.gradients(c.inputs, c.targets);
      const r = net.train({ inputs: c.inputs, targets: c.targets }, {
        learningRate: c.learningRate, epochs: c.epochs, batchSize: c.batchSize, trainBias: c.trainBias,
      });
      results.push({ g, error: r.error, lossPerEpoch: r.lossPerEpoch, p: net.getParameters(), out: net.runBatch(c.inputs) });
      net.dispose();
    }
    expect(results[1], `${c.name}: 2 threads`).toEqual(results[0]);
    expect(results[2], `${c.name}: 3 threads`).toEqual(results[0]);
  });
});

/** A classification set of `rows` rows for `IN` inputs and `OUT` one-hot classes. */
function dataSet(seed: number, rows: number, IN: number, OUT: number): Data {
  const rng = new Rng(seed);
  const inputs = randomRows(rng, rows, IN);
  const targets = inputs.map((x) => {
    const c = Math.floor(((x[0] + 1) / 2) * OUT) % OUT;
    return Array.from({ length: OUT }, (_, k) => (k === c ? 1 : 0));
  });
  return { inputs, targets };
}

// Odd sizes around the 4-row / 4-unit / 8-element blocks; batches 1 (online), 2 and 3 (smaller
// than the thread count, output units split), 5, 7, 37 (not multiples of 2 or 3), and the whole set.
const SHAPES = [
  { layers: [7, 5, 3], rows: 37 },
  { layers: [13, { units: 9, activation: 'tanh' }, { units: 6, activation: 'relu' }, { units: 4, activation: 'softmax' }], rows: 29, loss: 'cross-entropy' },
  { layers: [33, 17, { units: 2, activation: 'sigmoid' }], rows: 41, loss: 'cross-entropy' },
  { layers: [5, { units: 11, activation: 'leaky-relu' }, { units: 3, activation: 'linear' }], rows: 23 },
];
const BATCHES = [1, 2, 3, 5, 7, 37];

describe.each(FAMILIES)("random shapes, kernel '%s', %s", (kernel, dtype) => {
  it.each(SHAPES.map((s, k) => [k, s] as const))('shape %i: every batch size, plain SGD, the same bits on 1, 2, 3 threads', async (k, s) => {
    const IN = s.layers[0] as number;
    const OUT = (s.layers[s.layers.length - 1] as { units: number }).units ?? (s.layers[s.layers.length - 1] as number);
    const data = dataSet(10 + k, s.rows, IN, OUT);
    for (const batchSize of BATCHES) {
      await expectSameOnAllThreads(`shape ${k} batch ${batchSize}`, { layers: s.layers, loss: s.loss, seed: 5 + k, kernel, dtype }, data, {
        epochs: 3, batchSize, learningRate: 0.2,
      });
    }
  });
});

const OPTIMIZERS: TrainOptions[] = [
  { optimizer: 'momentum', momentum: 0.9 },
  { optimizer: 'nesterov', momentum: 0.8, weightDecay: 1e-3 },
  { optimizer: 'adam', learningRate: 0.01 },
  { optimizer: 'sgd', weightDecay: 1e-2, trainBias: false },
  { optimizer: 'momentum', momentumForm: 'pytorch', recordLoss: 'exact' },
  { optimizer: 'nesterov', momentumForm: 'pytorch' },
  { optimizer: 'adam', learningRate: 0.01, shuffle: true, seed: 3 },
  { optimizer: 'sgd', shuffle: true, weightDecay: 1e-3, seed: 4 },
];

describe.each(FAMILIES)("optimizers, shuffling, diagnostics, validation, kernel '%s', %s", (kernel, dtype) => {
  const net0 = { layers: [9, 14, 6, 3], seed: 7, kernel, dtype };
  const data = dataSet(3, 43, 9, 3);
  const valid = dataSet(4, 11, 9, 3);

  it.each(OPTIMIZERS.map((o) => [JSON.stringify(o), o] as const))('%s: batches of 1, 3, 8', async (_name, o) => {
    for (const batchSize of [1, 3, 8]) {
      await expectSameOnAllThreads(`${o.optimizer} batch ${batchSize}`, net0, data, { epochs: 4, learningRate: 0.1, ...o, batchSize });
    }
  });

  it('a train call that continues the previous one (optimizer state, Adam\'s step count, toJSON/load) on every thread count', async () => {
    const results: unknown[] = [];
    for (const threads of THREADS) {
      const net = await Network.create({ ...net0, threads });
      net.train(data, { optimizer: 'adam', learningRate: 0.01, epochs: 2, batchSize: 5 });
      const again = await Network.load(net.toJSON(), { kernel, threads });
      expect(again.backendInfo).toMatchObject({ threads, dtype });
      const r = again.train(data, { optimizer: 'adam', learningRate: 0.01, epochs: 2, batchSize: 5 });
      net.train(data, { optimizer: 'adam', learningRate: 0.01, epochs: 2, batchSize: 5 });
      results.push({ error: r.error, loaded: again.getParametersFlat(), continued: net.getParametersFlat(), doc: again.toJSON() });
      net.dispose();
      again.dispose();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('shuffled epochs with validation, patience, a schedule and diagnostics', async () => {
    for (const batchSize of [1, 4, 10]) {
      await expectSameOnAllThreads(`shuffle batch ${batchSize}`, net0, data, {
        epochs: 5, batchSize, learningRate: 0.3, shuffle: true, seed: 9, patience: 3, diagnostics: true,
        schedule: { type: 'step', every: 2, factor: 0.5 },
      }, valid);
    }
  });

  it('streamed epochs (Network.stagingBytes below the set): the same bits on every thread count, the parameters of resident epochs', async () => {
    const train: TrainOptions = { epochs: 3, batchSize: 4, learningRate: 0.3, shuffle: true };
    const resident = (await runOn(1, net0, data, train)) as { params: Float64Array };
    Network.stagingBytes = 8 * (9 + 3) * 8; // 8 rows at a time
    try {
      const streamed = (await runOn(1, net0, data, train)) as { params: Float64Array };
      expect(streamed.params).toEqual(resident.params);
      await expectSameOnAllThreads('streamed', net0, data, train);
      await expectSameOnAllThreads('streamed online', net0, data, { epochs: 2, batchSize: 1, learningRate: 0.3 });
    } finally {
      Network.stagingBytes = DEFAULT_STAGING;
    }
  });
});

describe.each(DTYPES)('the default thresholds, %s', (dtype) => {
  it('a W3-sized network (784-128-10) trains to the same bits on 2 threads with the pool thresholds as shipped', async () => {
    const tuned = { ...poolTuning };
    Object.assign(poolTuning, saved);
    try {
      const data = dataSet(21, 40, 784, 10);
      await expectSameOnAllThreads('784-128-10', { layers: [784, 128, 10], seed: 2, kernel: hasSimd() ? 'simd' : 'scalar', dtype }, data, { epochs: 1, batchSize: 8, learningRate: 0.1 });
      await expectSameOnAllThreads('784-128-10 online', { layers: [784, 128, 10], seed: 2, dtype }, data, { epochs: 1, batchSize: 1, learningRate: 0.1 });
    } finally {
      Object.assign(poolTuning, tuned);
    }
  });
});

describe('mini-batches whose chunks are taken by other threads (dynamic sections)', () => {
  // A mini-batch of ≥ 4 rows without diagnostics (and an online step's layer 0) runs in dynamic sections: each thread takes the
  // row and unit chunks of its own range first, then what is left of the others' (a thread on a
  // slower core takes fewer). With rotate = k, thread t starts on the range of thread t + k, so every
  // chunk is computed by a thread that does not own it (and, as the threads race, some by either):
  // the bits must be those of one thread.
  it.each([1, 2].flatMap((k) => DTYPES.map((d) => [k, d] as const)))('rotate %i, %s: random shapes, every optimizer, shuffled and streamed, the same bits on 1, 2, 3 threads', async (rotate, dtype) => {
    poolTuning.rotate = rotate;
    try {
      for (const [k, s] of SHAPES.entries()) {
        const IN = s.layers[0] as number;
        const OUT = (s.layers[s.layers.length - 1] as { units: number }).units ?? (s.layers[s.layers.length - 1] as number);
        const data = dataSet(40 + k, s.rows, IN, OUT);
        for (const batchSize of [1, 4, 5, 9]) {
          await expectSameOnAllThreads(`rotate ${rotate} shape ${k} batch ${batchSize}`, { layers: s.layers, loss: s.loss, seed: 3 + k, dtype }, data, {
            epochs: 2, batchSize, learningRate: 0.2, shuffle: k % 2 === 0, seed: 11,
          });
        }
      }
      const net0 = { layers: [9, 14, 6, 3], seed: 7, dtype };
      const data = dataSet(7, 50, 9, 3);
      for (const o of OPTIMIZERS) await expectSameOnAllThreads(`rotate ${rotate} ${JSON.stringify(o)}`, net0, data, { epochs: 3, learningRate: 0.1, ...o, batchSize: 6 });
      Network.stagingBytes = 9 * 8 * 12;
      await expectSameOnAllThreads(`rotate ${rotate} streamed`, net0, data, { epochs: 2, batchSize: 4, learningRate: 0.3, shuffle: true, seed: 2 });
    } finally {
      poolTuning.rotate = 0;
      Network.stagingBytes = DEFAULT_STAGING;
    }
  });
});
