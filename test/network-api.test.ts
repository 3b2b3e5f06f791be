// The public Network API beyond the numbers: seeded initialization, JSON round trip, flat inputs,
// several networks side by side in one module, memory growth, callbacks, sync construction.
import { readFileSync } from 'node:fs';
import { describe, it, expect, vi } from 'vitest';
import { Network, WasmpropError, Rng, getTsBackend } from '../src/index.js';
import { ENGINES } from './helpers/golden.js';
import { randomRows } from './helpers/random.js';
import { BETWEEN_EPOCHS } from '../src/options/train.js';
import type { TrainOptions, TrainResult } from '../src/api/types.js';

const XOR = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };

describe('seeded initialization', () => {
  it('same seed → same weights on every backend; another seed → other weights', async () => {
    const flats = [];
    for (const e of ENGINES) flats.push((await Network.create({ layers: [5, 7, 3], seed: 42, ...e.opts })).getParametersFlat());
    for (const f of flats) expect(f).toEqual(flats[0]);
    const other = (await Network.create({ layers: [5, 7, 3], seed: 43, backend: 'ts' })).getParametersFlat();
    expect(other).not.toEqual(flats[0]);
  });

  it('Glorot range by default, biases 0, initRange overrides', async () => {
    const p = (await Network.create({ layers: [4, 6, 2], backend: 'ts' })).getParameters();
    const r = Math.sqrt(6 / 10);
    for (const w of p.weights[0].flat()) expect(Math.abs(w)).toBeLessThanOrEqual(r);
    expect(p.biases.flat().every((b) => b === 0)).toBe(true);
    const q = (await Network.create({ layers: [4, 6, 2], backend: 'ts', initRange: 0.01 })).getParameters();
    for (const w of q.weights.flat(2)) expect(Math.abs(w)).toBeLessThanOrEqual(0.01);
  });

  it('the PRNG is deterministic and uniform-looking', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    const xs = Array.from({ length: 10000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10000 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe.each(ENGINES)('API on $label', ({ opts }) => {
  it('toJSON → fromJSON is exact: same parameters and same outputs bit for bit', async () => {
    const net = await Network.create({ layers: [2, 5, 1], alpha: 1.7, seed: 3, ...opts });
    net.train(XOR, { learningRate: 0.9, epochs: 50, batchSize: 2 });
    const doc = JSON.parse(JSON.stringify(net.toJSON()));
    const copy = Network.fromJSON(doc, opts);
    expect(copy.alpha).toBe(1.7);
    expect(copy.getParametersFlat()).toEqual(net.getParametersFlat());
    for (const row of XOR.inputs) expect(copy.run(row)).toEqual(net.run(row));
    const fromString = Network.fromJSON(JSON.stringify(net.toJSON()), opts);
    expect(fromString.runBatch(XOR.inputs)).toEqual(net.runBatch(XOR.inputs));
    expect((await Network.load(doc, opts)).getParametersFlat()).toEqual(net.getParametersFlat());
  });

  it('flat Float64Array data gives the same result as arrays of rows', async () => {
    const a = await Network.create({ layers: [2, 3, 1], seed: 9, ...opts });
    const b = await Network.create({ layers: [2, 3, 1], seed: 9, ...opts });
    const ra = a.train(XOR, { epochs: 20, batchSize: 3 });
    const rb = b.train({ inputs: new Float64Array(XOR.inputs.flat()), targets: new Float64Array(XOR.targets.flat()) }, { epochs: 20, batchSize: 3 });
    expect(rb).toEqual(ra);
    expect(b.getParametersFlat()).toEqual(a.getParametersFlat());
  });

  it('XOR converges', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 1, ...opts });
    const r = net.train(XOR, { learningRate: 2, epochs: 3000, batchSize: 1 });
    expect(r.error).toBeLessThan(0.01);
    const out = net.runBatch(XOR.inputs);
    expect(Array.from(out, (v) => Math.round(v))).toEqual([0, 1, 1, 0]);
  });

  it('several networks live side by side without touching each other', async () => {
    const nets = await Promise.all([1, 2, 3].map((seed) => Network.create({ layers: [2, 6, 1], seed, ...opts })));
    const before = nets.map((n) => n.getParametersFlat());
    nets[1].train(XOR, { epochs: 100 });
    expect(nets[0].getParametersFlat()).toEqual(before[0]);
    expect(nets[2].getParametersFlat()).toEqual(before[2]);
    expect(nets[1].getParametersFlat()).not.toEqual(before[1]);
    nets[0].dispose();
    const fresh = await Network.create({ layers: [2, 6, 1], seed: 1, ...opts });
    expect(fresh.getParametersFlat()).toEqual(before[0]);
    expect(nets[2].getParametersFlat()).toEqual(before[2]);
  });

  it('memory grows for a large batch and views are re-created (parameters survive)', async () => {
    const net = await Network.create({ layers: [64, 128, 10], seed: 5, ...opts });
    const small = await Network.create({ layers: [3, 2], seed: 5, ...opts });
    const p0 = small.getParametersFlat();
    const rng = new Rng(1);
    const n = 3000; // activations + data ≈ 3 MB: forces memory.grow
    const X = new Float64Array(randomRows(rng, n, 64).flat());
    const T = new Float64Array(randomRows(rng, n, 10, 0.5, 0.5).flat());
    const before = net.getParametersFlat();
    const g = net.gradients(X, T);
    expect(Number.isFinite(g.loss)).toBe(true);
    expect(net.getParametersFlat()).toEqual(before);
    expect(small.getParametersFlat()).toEqual(p0);
    const r = net.train({ inputs: X, targets: T }, { epochs: 1, batchSize: 1000, learningRate: 0.1 });
    expect(r.error).toBeLessThan(g.loss);
  });

  it('onEpoch reports the loss after each epoch and can stop training', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const seen: number[] = [];
    const r = net.train(XOR, {
      epochs: 100,
      onEpoch: ({ epoch, loss }) => {
        seen.push(loss);
        return epoch < 7;
      },
    });
    expect(r.epochs).toBe(7);
    expect(r.lossPerEpoch).toEqual(seen);
    expect(r.error).toBe(seen[6]);
  });

  it('by default nothing is recorded per epoch and error is the last epoch\'s running loss (no extra pass); recordLoss true records the running loss, \'exact\' evaluates after every epoch', async () => {
    const d = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const a = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const b = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const c = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const rd = d.train(XOR, { epochs: 12, batchSize: 2 });
    const ra = a.train(XOR, { epochs: 12, batchSize: 2, recordLoss: true });
    const rb = b.train(XOR, { epochs: 12, batchSize: 2, recordLoss: 'exact' });
    // the running loss of an epoch is the row-weighted mean of its batch losses, as onBatch sees them
    const sums: number[] = [];
    c.train(XOR, { epochs: 12, batchSize: 2, onBatch: (i) => void (sums[i.epoch - 1] = (sums[i.epoch - 1] ?? 0) + i.loss * 2) });
    expect(rd.lossPerEpoch).toEqual([]);
    expect(rd.history).toEqual([]);
    expect(rd.errorKind).toBe('running');
    expect(rd.error).toBeCloseTo(sums[11] / 4, 14);
    expect(ra.lossPerEpoch.length).toBe(12);
    ra.lossPerEpoch.forEach((l, e) => expect(l).toBeCloseTo(sums[e] / 4, 14));
    expect(ra.error).toBe(ra.lossPerEpoch[11]);
    expect(d.getParametersFlat()).toEqual(a.getParametersFlat());
    expect(a.getParametersFlat()).toEqual(b.getParametersFlat());
    // 'exact' records the loss after each epoch, and the error is the exact one
    expect(rb.errorKind).toBe('final');
    expect(rb.lossPerEpoch[11]).toBe(rb.error);
    expect(b.loss(XOR.inputs, XOR.targets)).toBe(rb.error);
    expect(ra.history[3]).toEqual({ epoch: 4, loss: ra.lossPerEpoch[3], samplesPerSecond: NaN, learningRate: 0.5 });
    expect(() => a.train(XOR, { recordLoss: 'yes' as unknown as boolean })).toThrow(expect.objectContaining({ argument: 'recordLoss' }));
  });

  it('finalError: true reports the exact loss after the last step (one forward pass), with or without a record', async () => {
    const a = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const b = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const ra = a.train(XOR, { epochs: 30, finalError: true });
    const rb = b.train(XOR, { epochs: 30, recordLoss: true, finalError: true });
    expect(ra.lossPerEpoch).toEqual([]);
    expect(ra.errorKind).toBe('final');
    expect(ra.error).toBe(rb.error);
    expect(a.loss(XOR.inputs, XOR.targets)).toBe(ra.error);
    expect(rb.lossPerEpoch.length).toBe(30);
  });

  it('when JS runs between epochs (a callback, a shuffle…) the history is exact and kept unless recordLoss is false', async () => {
    const a = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const b = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const ra = a.train(XOR, { epochs: 5, shuffle: true });
    const rb = b.train(XOR, { epochs: 5, shuffle: true, recordLoss: false });
    expect(ra.errorKind).toBe('final');
    expect(ra.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(ra.lossPerEpoch[4]).toBe(ra.error);
    expect(a.loss(XOR.inputs, XOR.targets)).toBe(ra.error);
    expect(rb.history).toEqual([]);
    // recordLoss false: nothing reads an epoch's evaluation, so none runs — the running loss, as on the fast path
    expect(rb.errorKind).toBe('running');
    expect([...b.parameterView()]).toEqual([...a.parameterView()]);
  });

  it('a shuffled or scheduled call with recordLoss false evaluates no epoch: the same training, the fast path\'s error', async () => {
    const data = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9]], targets: [[0], [1], [1], [0], [1], [0]] };
    const base = { epochs: 7, batchSize: 2, shuffle: true, seed: 3, schedule: { type: 'exponential' as const, gamma: 0.9 } };
    const nets = await Promise.all([0, 1, 2].map(() => Network.create({ layers: [2, 3, 1], seed: 2, ...opts })));
    // onBatch sees every batch loss (and keeps the evaluating loop): the same steps, so the same running losses
    const last: number[] = [];
    nets[0].train(data, { ...base, recordLoss: false, onBatch: (b) => { if (b.epoch === 7) last.push(b.loss); } });
    const evaluate = vi.spyOn((nets[1] as unknown as { arena: { driver: { evaluate: () => void } } }).arena.driver, 'evaluate');
    const r1 = nets[1].train(data, { ...base, recordLoss: false });
    expect(evaluate).not.toHaveBeenCalled();
    evaluate.mockRestore();
    const r2 = nets[2].train(data, { ...base, recordLoss: false, finalError: true });
    expect([...nets[1].parameterView()]).toEqual([...nets[0].parameterView()]);
    expect([...nets[2].parameterView()]).toEqual([...nets[0].parameterView()]);
    expect(r1.errorKind).toBe('running');
    expect(r1.error).toBeCloseTo(last.reduce((s, v) => s + v, 0) / last.length, 12);
    expect(r1.history).toEqual([]);
    expect(r1.epochs).toBe(7);
    expect(r2.errorKind).toBe('final');
    expect(r2.error).toBe(nets[2].loss(data.inputs, data.targets));
  });

  it('the internal epoch-boundary hook (trainInWorker\'s cancel) evaluates nothing: the fast path\'s bits and result, stopped where it says', async () => {
    const data = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9]], targets: [[0], [1], [1], [0], [1], [0]] };
    const saved = Network.stagingBytes;
    try {
      // resident rows (chunks of epochs per driver call) and rows streamed 2 at a time (an epoch per step)
      for (const staging of [saved, 64]) {
        Network.stagingBytes = staging;
        for (const recordLoss of [undefined, true, 'exact'] as const) {
          const base = { epochs: 300, batchSize: 2, learningRate: 0.5, recordLoss };
          const [a, b, c, d] = await Promise.all([0, 1, 2, 3].map(() => Network.create({ layers: [2, 3, 1], seed: 2, ...opts })));
          const ra = a.train(data, base);
          const seen: number[] = [];
          const evaluate = vi.spyOn((b as unknown as { arena: { driver: { evaluate: () => void } } }).arena.driver, 'evaluate');
          const rb = b.train(data, { ...base, [BETWEEN_EPOCHS]: (n: number) => { seen.push(n); return false; } } as TrainOptions);
          if (recordLoss !== 'exact') expect(evaluate).not.toHaveBeenCalled();
          evaluate.mockRestore();
          const fields = (r: TrainResult) => ({ error: r.error, errorKind: r.errorKind, epochs: r.epochs, stoppedBy: r.stoppedBy, lossPerEpoch: r.lossPerEpoch });
          expect(fields(rb)).toEqual(fields(ra));
          expect([...b.parameterView()]).toEqual([...a.parameterView()]);
          expect(seen.at(-1)).toBe(300);
          expect(seen.every((n, i) => i === 0 || n > seen[i - 1])).toBe(true);
          // true stops at that boundary, with exactly the training of that many epochs
          const rc = c.train(data, { ...base, [BETWEEN_EPOCHS]: (n: number) => n >= 100 } as TrainOptions);
          expect(rc.stoppedBy).toBe('callback');
          expect(rc.epochs).toBeGreaterThanOrEqual(100);
          expect(rc.epochs).toBeLessThan(300);
          const rd = d.train(data, { ...base, epochs: rc.epochs });
          expect([...c.parameterView()]).toEqual([...d.parameterView()]);
          expect(rc.lossPerEpoch).toEqual(rd.lossPerEpoch);
          expect(rc.error).toBe(rd.error);
          for (const n of [a, b, c, d]) n.dispose();
        }
      }
    } finally {
      Network.stagingBytes = saved;
    }
  });

  it('finalError: false reports the running loss of the last epoch without an extra pass', async () => {
    const a = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    const b = await Network.create({ layers: [2, 3, 1], seed: 2, ...opts });
    // one batch per epoch: the running loss of epoch e is the loss before its step = after epoch e − 1
    const ra = a.train(XOR, { epochs: 30, batchSize: 4, recordLoss: false, finalError: false });
    const rb = b.train(XOR, { epochs: 30, batchSize: 4, recordLoss: 'exact' });
    expect(ra.errorKind).toBe('running');
    expect(rb.errorKind).toBe('final');
    expect(ra.error).toBeCloseTo(rb.lossPerEpoch[28], 14);
    expect(a.getParametersFlat()).toEqual(b.getParametersFlat());
    expect(() => a.train(XOR, { finalError: 'no' as unknown as boolean })).toThrow(expect.objectContaining({ argument: 'finalError' }));
  });

  it('a sigmoid stays finite for huge nets: outputs exactly 0 or 1, never NaN', async () => {
    const net = await Network.create({ layers: [1, 1], ...opts });
    net.setParameters({ weights: [[[1]]], biases: [[0]] });
    expect(Array.from(net.runBatch([[1e4], [-1e4], [1e300], [-1e300]]))).toEqual([1, 0, 1, 0]);
    const g = net.gradients([[1e4], [-1e4]], [[0], [1]]);
    expect(g.weights.flat(2).every(Number.isFinite)).toBe(true);
    expect(g.loss).toBe(0.5);
  });
});

describe('construction', () => {
  it('new Network works synchronously for ts, and for wasm once loaded', async () => {
    const t = new Network({ layers: [2, 2], backend: 'ts' });
    expect(t.backendInfo.backend).toBe('ts');
    await Network.init();
    const w = new Network({ layers: [2, 2] });
    expect(w.backendInfo.backend).toBe('wasm');
    expect(w.parameterCount).toBe(6);
  });

  it('the wasm option takes the binary as bytes, a view, a WebAssembly.Module, a URL (object or string) or a Response: the same network', async () => {
    const url = new URL('../build/wasmprop.simd.wasm', import.meta.url);
    const bytes = readFileSync(url);
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const sources = [buf, new Uint8Array(buf), new WebAssembly.Module(buf), url, url.href, new Response(buf, { headers: { 'content-type': 'application/wasm' } })];
    const outs: number[][] = [];
    for (const wasm of sources) {
      const net = await Network.create({ layers: [2, 3, 1], seed: 3, wasm, kernel: 'simd' });
      net.train(XOR, { learningRate: 0.5, epochs: 20, batchSize: 1 });
      outs.push([...net.runBatch(XOR.inputs)]);
      net.dispose();
    }
    for (const o of outs) expect(o).toEqual(outs[0]);
    expect(outs[0].every(Number.isFinite)).toBe(true);
  });

  it('the TS backend exposes its kernel twins by name', () => {
    const k = getTsBackend().kernels;
    expect(Object.keys(k)).toContain('dense_fwd_f64__ts');
    expect(Object.keys(k)).toContain('sgd_step_f64__ts');
  });

  it('errors are WasmpropError with argument/expected/received fields', () => {
    const e = new WasmpropError('alpha', 'a finite number > 0', NaN);
    expect(e.message).toBe('alpha: expected a finite number > 0, got NaN');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('zero-copy views', () => {
  it.each(ENGINES)('$label: parameterView/gradientView alias the arena; fresh views after memory grows', async ({ opts }) => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 1, ...opts });
    const v = net.parameterView();
    expect(v).toEqual(net.getParametersFlat());
    v[0] = 0.25; // writes go straight into the network
    expect(net.getParameters().weights[0][0][0]).toBe(0.25);
    const g = net.gradients(XOR.inputs, XOR.targets);
    expect(Array.from(net.gradientView())).toEqual(g.weights.flatMap((W, l) => [...W.flat(), ...g.biases[l]]));
    const big = await Network.create({ layers: [512, 512, 10], ...opts }); // grows memory
    expect(net.parameterView()[0]).toBe(0.25);
    big.dispose();
  });
});

describe('toJSON keeps every activation', () => {
  it('a top-level activation survives the round trip', async () => {
    const net = await Network.create({ layers: [2, 3, 1], activation: 'tanh', backend: 'ts', seed: 2 });
    const doc = net.toJSON();
    expect(doc.layers).toEqual([2, { units: 3, activation: 'tanh' }, { units: 1, activation: 'tanh' }]);
    const copy = Network.fromJSON(doc, { backend: 'ts' });
    expect(copy.activations).toEqual(['tanh', 'tanh']);
    expect(copy.runBatch(XOR.inputs)).toEqual(net.runBatch(XOR.inputs));
  });
});

describe('Float32Array data', () => {
  // 37 rows of 6 inputs and 3 targets whose values are float32 numbers, as a Float32Array holds them
  const IN = 6;
  const OUT = 3;
  const N = 37;
  const x32 = Float32Array.from({ length: N * IN }, (_, k) => Math.sin(k * 1.7) * 1.3);
  const t32 = Float32Array.from({ length: N * OUT }, (_, k) => ((k * 7) % 5) / 5);
  const x64 = Float64Array.from(x32);
  const t64 = Float64Array.from(t32);
  const rows32 = Array.from({ length: N }, (_, r) => x32.subarray(r * IN, (r + 1) * IN));

  for (const dtype of ['f64', 'f32'] as const) {
    it.each(ENGINES)(`$label, ${dtype}: flat Float32Arrays and rows of them train, run and evaluate exactly as the same values in Float64Arrays`, async ({ opts }) => {
      const make = () => Network.create({ ...opts, dtype, layers: [IN, 9, OUT], seed: 4 });
      const [a, b, c, d] = [await make(), await make(), await make(), await make()];
      const saved = Network.stagingBytes;
      try {
        for (const o of [{ epochs: 3, batchSize: 5 }, { epochs: 2, batchSize: 4, shuffle: true, seed: 2 }, { epochs: 2, batchSize: 1, optimizer: 'adam' as const }]) {
          const ra = a.train({ inputs: x64, targets: t64 }, o);
          const rb = b.train({ inputs: x32, targets: t32 }, o);
          // streamed a few rows at a time (the running loss is summed per chunk): the rows given one
          // Float32Array each, against the same rows streamed from Float64Arrays
          Network.stagingBytes = 256;
          const rc = c.train({ inputs: rows32, targets: t32 }, o);
          const rd = d.train({ inputs: x64, targets: t64 }, o);
          Network.stagingBytes = saved;
          expect(rb.error).toBe(ra.error);
          expect(rc.error).toBe(rd.error);
          expect(b.getParametersFlat()).toEqual(a.getParametersFlat());
          expect(c.getParametersFlat()).toEqual(d.getParametersFlat());
          expect(c.getParametersFlat()).toEqual(a.getParametersFlat());
        }
        expect(b.runBatch(x32)).toEqual(a.runBatch(x64));
        expect(b.run(x32.subarray(IN, 2 * IN))).toEqual(a.run(x64.subarray(IN, 2 * IN)));
        expect(b.loss(x32, t32)).toBe(a.loss(x64, t64));
        expect(b.evaluate(rows32, t32)).toEqual(a.evaluate(x64, t64));
      } finally {
        Network.stagingBytes = saved;
        for (const n of [a, b, c, d]) n.dispose();
      }
    });
  }

  it('a non-finite float32 value is named by row and column; other typed arrays are refused by name', async () => {
    const net = await Network.create({ layers: [IN, 4, OUT], seed: 1 });
    const bad = x32.slice();
    bad[2 * IN + 4] = Number.POSITIVE_INFINITY;
    expect(() => net.train({ inputs: bad, targets: t32 }, { epochs: 1 })).toThrow(/^inputs\[16\] \(row 2, column 4\): expected a finite number, got Infinity$/);
    expect(() => net.run(Float32Array.of(0, 1, Number.NaN, 0, 0, 0))).toThrow(/^input\[2\]: expected a finite number, got NaN$/);
    expect(() => net.train({ inputs: new Uint8Array(N * IN) as unknown as Float32Array, targets: t32 }, { epochs: 1 })).toThrow(/^inputs: expected an array of rows or a flat Float64Array or Float32Array, got a Uint8Array/);
    const before = net.getParametersFlat();
    expect(() => net.train({ inputs: x32, targets: bad.subarray(0, N * OUT) }, { epochs: 1 })).toThrow(WasmpropError);
    expect(net.getParametersFlat()).toEqual(before);
    net.dispose();
  });
});
