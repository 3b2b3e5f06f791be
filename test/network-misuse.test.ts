// Misuse an adversary tried (issue 14): calls from inside train's callbacks, integers that would
// wrap in 32 bits, networks larger than WebAssembly memory, one reading of a network document,
// overflowing inputs, misspelt options, seeds that alias, evaluate on numeric targets. Each case
// failed before its fix; each refusal is a WasmpropError and leaves the network as it was.
import { describe, it, expect } from 'vitest';
import { Network, Rng, WasmpropError } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomRows } from './helpers/random.js';
import { thrownWasmpropError } from './helpers/errors.js';

const rng = new Rng(5);
const DATA = { inputs: randomRows(rng, 40, 3), targets: randomRows(rng, 40, 2, 0.5, 0.5) };
const MANY = randomRows(rng, 300, 3);

function refuses(f: () => unknown, argument: string | RegExp, expected?: RegExp): WasmpropError {
  const w = thrownWasmpropError(f);
  if (typeof argument === 'string') expect(w.argument).toBe(argument);
  else expect(w.argument).toMatch(argument);
  if (expected) expect(w.expected).toMatch(expected);
  return w;
}

for (const { label, opts } of ENGINES) {
  describe(`misuse on '${label}'`, () => {
    it('read calls inside onBatch/onEpoch see the current parameters and change nothing (a 300-row runBatch moves the arena)', async () => {
      for (const optimizer of ['sgd', 'adam'] as const) {
        const o = { optimizer, learningRate: 0.05, epochs: 4, batchSize: 5, trainBias: false, diagnostics: true };
        const quiet = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
        const rq = quiet.train(DATA, { ...o, onBatch: () => {} });
        const busy = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
        const seen: number[] = [];
        const rb = busy.train(DATA, {
          ...o,
          onBatch: () => {
            busy.runBatch(MANY);
            busy.run([0.1, 0.2, 0.3]);
            seen.push(busy.evaluate(DATA.inputs, DATA.targets).loss);
            busy.getParameters();
            busy.toJSON();
          },
          onEpoch: (info) => expect(busy.loss(DATA.inputs, DATA.targets)).toBe(info.loss),
        });
        expect(busy.getParametersFlat(), `${optimizer}: same parameters as without the nested calls`).toEqual(quiet.getParametersFlat());
        expect(rb.lossPerEpoch).toEqual(rq.lossPerEpoch);
        expect(rb.history.map((h) => h.layers)).toEqual(rq.history.map((h) => h.layers));
        expect(busy.getParameters().biases).toEqual(quiet.getParameters().biases); // trainBias false held
        expect(new Set(seen).size).toBeGreaterThan(1); // the parameters really changed between batches
        quiet.dispose();
        busy.dispose();
      }
    });

    it('train, setParameters, gradients and dispose inside a running train are refused; the run goes on', async () => {
      const net = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
      const errors: string[] = [];
      const r = net.train(DATA, {
        epochs: 3, batchSize: 8, trainBias: false,
        onEpoch: () => {
          for (const [name, f] of [
            ['train', () => net.train(DATA, { epochs: 1 })],
            ['setParameters', () => net.setParameters(net.getParameters())],
            ['setParametersFlat', () => net.setParametersFlat(net.getParametersFlat())],
            ['gradients', () => net.gradients(DATA.inputs, DATA.targets)],
            ['dispose', () => net.dispose()],
            ['resetTraining', () => net.resetTraining()],
          ] as const) errors.push(refuses(f, name, /outside a running train/).argument);
        },
      });
      expect(r.epochs).toBe(3);
      expect(errors.length).toBe(18);
      expect(net.getParameters().biases).toEqual([[0, 0, 0, 0], [0, 0]]);
      net.train(DATA, { epochs: 1 }); // usable after
      net.dispose();
    });

    it('integers that would wrap in 32 bits are refused with the bound; a batch larger than the data is the whole data', async () => {
      const net = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
      const before = net.getParametersFlat();
      refuses(() => net.train(DATA, { epochs: 2 ** 32 + 1 }), 'epochs', /2147483647/);
      refuses(() => net.train(DATA, { epochs: 2 ** 31 }), 'epochs', /2147483647/);
      refuses(() => net.train(DATA, { batchSize: 2 ** 53 }), 'batchSize');
      refuses(() => net.train(DATA, { batchSize: 1.5 }), 'batchSize');
      refuses(() => net.train(DATA, { seed: 2 ** 32 + 1 }), 'seed', /4294967295/);
      refuses(() => net.train(DATA, { seed: 1.5 }), 'seed');
      expect(net.getParametersFlat()).toEqual(before);
      const a = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
      const b = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
      a.train(DATA, { epochs: 3, batchSize: 2 ** 32 + 1 });
      b.train(DATA, { epochs: 3, batchSize: 40 });
      expect(a.getParametersFlat()).toEqual(b.getParametersFlat());
      refuses(() => Network.fromJSON({ ...net.toJSON() }, { ...opts, seed: 2 ** 40 } as never), 'options.seed');
      await expect(Network.create({ layers: [3, 2], seed: 2 ** 32 + 1, ...opts })).rejects.toThrow(WasmpropError);
      for (const n of [net, a, b]) n.dispose();
    });

    it('run/runBatch/evaluate on inputs that overflow the network throw instead of returning NaN', async () => {
      const net = await Network.create({ layers: [2, { units: 2, activation: 'linear' }], seed: 2, ...opts });
      net.setParameters({ weights: [[[1, 1], [0.5, 0.25]]], biases: [[0, 0]] });
      refuses(() => net.run([1e308, 1e308]), 'input', /finite outputs/);
      refuses(() => net.runBatch([[0, 0], [1e308, 1e308]]), 'inputs[1]', /finite outputs/);
      refuses(() => net.evaluate([[1e308, 1e308]], [[0, 0]]), 'inputs', /finite/);
      expect(Array.from(net.run([1, 2])).every(Number.isFinite)).toBe(true);
      net.dispose();
    });

    it('gradientView holds the last batch step\'s gradient after train (the fused online path writes none, as documented)', async () => {
      const net = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
      net.train(DATA, { epochs: 1, batchSize: 40, learningRate: 0 + 1e-300 });
      const g = Array.from(net.gradientView());
      expect(g.some((v) => v !== 0)).toBe(true);
      // one batch of all rows with a step of ~0: the view is the gradient of those rows at these parameters
      const direct = net.gradients(DATA.inputs, DATA.targets);
      expect(g).toEqual(Array.from(net.gradientView()));
      expect(direct.loss).toBeGreaterThan(0);
      net.dispose();
    });

    it('misspelt options are refused with the valid keys; evaluate reports accuracy only for class-like targets', async () => {
      refuses(() => new Network({ layers: [2, 2], activations: 'tanh', ...opts } as never), 'options.activations', /valid: layers, alpha/);
      const net = await Network.create({ layers: [3, 4, 2], seed: 2, ...opts });
      refuses(() => net.train(DATA, { learning_rate: 0.1 } as never), 'options.learning_rate', /valid: learningRate/);
      refuses(() => net.train(DATA, { schedule: { type: 'step', every: 2, factor: 0.5, gama: 1 } } as never), 'schedule.gama');
      expect(net.evaluate(DATA.inputs, DATA.targets)).toEqual({ loss: expect.any(Number) });
      expect(net.evaluate([[1, 2, 3]], [[0, 1]]).accuracy).toBeDefined();
      net.dispose();
    });

    it('a network that needs more memory than WebAssembly gives is refused before anything is allocated, and nothing grows', async () => {
      const net = await Network.create({ layers: [2, 2 ** 22, 2], seed: 2, init: 'uniform', initRange: 0.01, ...opts });
      const p = net.parameterView().slice(0, 8);
      const before = (net as unknown as { arena: { backend: { views: { f64: Float64Array } } } }).arena.backend.views.f64.buffer.byteLength;
      const w = refuses(() => net.train({ inputs: randomRows(rng, 40, 2), targets: randomRows(rng, 40, 2) }, { batchSize: 40, epochs: 1 }), /./, /fits WebAssembly memory/);
      expect(w.received).toMatch(/bytes needed/);
      const after = (net as unknown as { arena: { backend: { views: { f64: Float64Array } } } }).arena.backend.views.f64.buffer.byteLength;
      expect(after).toBe(before);
      expect(net.parameterView().slice(0, 8)).toEqual(p);
      expect(Array.from(net.run([0.5, 0.5])).every(Number.isFinite)).toBe(true);
      net.dispose();
    }, 60_000);
  });
}

describe('one reading of a network document', () => {
  it("a top-level 'activation' is read by fromJSON as by model files (not silently sigmoid)", async () => {
    const doc = {
      format: 'wasmprop-network', version: 1, layers: [1, 1], alpha: 1, activation: 'tanh', loss: 'sse',
      weights: [[[-0.5]]], biases: [[0.3]],
    };
    const net = Network.fromJSON(doc, { backend: 'ts' });
    expect(net.activations).toEqual(['tanh']);
    expect(net.run([0.8])[0]).toBeCloseTo(Math.tanh(-0.5 * 0.8 + 0.3), 15);
    const { parseModel } = await import('../src/model/format.js');
    const { Predictor } = await import('../src/model/predictor.js');
    const p = await Predictor.fromModel(parseModel(JSON.stringify(doc)), 'ts');
    expect(p.run(Float64Array.of(0.8))[0]).toBe(net.run([0.8])[0]);
    p.dispose();
    net.dispose();
  });

  it('fromJSON refuses a document whose sizes are absurd before allocating anything', () => {
    const doc = { format: 'wasmprop-network', version: 1, layers: [2, 2 ** 24, 2 ** 4], alpha: 1, weights: [], biases: [] };
    refuses(() => Network.fromJSON(doc, { backend: 'ts' }), 'json.layers', /at most 67108864 parameters/);
    const missing = { format: 'wasmprop-network', version: 1, layers: [2, 2 ** 22, 2], alpha: 1, weights: [], biases: [] };
    refuses(() => Network.fromJSON(missing, { backend: 'ts' }), 'json.weights');
  });
});
