// A seeded fuzz test over the public API: random shapes and random option values — wrong types,
// extreme numbers, misspelt keys, broken rows — thrown at create, train, run, runBatch, evaluate,
// gradients, setParameters and fromJSON. Every call must either succeed with finite results or
// throw a WasmpropError; after every refusal the network is unchanged and still usable.
import { describe, it, expect } from 'vitest';
import { Network, Rng, WasmpropError } from '../src/index.js';

const rng = new Rng(20261201);
const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)];

const JUNK: unknown[] = [undefined, null, NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 1e308, -1e308, '2', '', true, {}, [], [1], () => 1];
const maybe = <T>(good: readonly T[]): unknown => (rng.next() < 0.75 ? pick(good) : pick(JUNK));

function rows(n: number, w: number, scale = 1): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: w }, () => (rng.next() * 2 - 1) * scale));
}

/** Rows that are sometimes broken: a NaN, a wrong width, a string, nothing, huge values. */
function fuzzRows(n: number, w: number): unknown {
  const r = rng.next();
  if (r < 0.7) return rows(n, w);
  if (r < 0.75) return Float64Array.from(rows(n, w).flat());
  if (r < 0.8) return rows(n, w + 1);
  if (r < 0.85) return [];
  if (r < 0.9) return rows(n, w, 1e300);
  const bad = rows(n, w);
  bad[rng.int(n)][rng.int(w)] = pick([NaN, Infinity, '1', null, undefined]) as number;
  return bad;
}

function layersOf(): unknown {
  const L = 1 + rng.int(3);
  const sizes = [1 + rng.int(5), ...Array.from({ length: L }, () => 1 + rng.int(6))];
  const acts = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear'];
  const spec: unknown[] = sizes.map((s, k) => (k > 0 && rng.next() < 0.3 ? { units: s, activation: pick(acts) } : s));
  if (rng.next() < 0.05) spec[rng.int(spec.length)] = pick(JUNK);
  return spec;
}

function trainOptions(): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const put = (k: string, v: unknown): void => {
    if (rng.next() < 0.4) o[k] = v;
  };
  put('learningRate', maybe([0.01, 0.1, 0.5, 3]));
  o.epochs = rng.next() < 0.9 ? pick([1, 2, 3]) : pick([0, -1, 1.5, '2', NaN, 2 ** 31, 2 ** 32 + 1, null]); // never a valid long run
  put('batchSize', maybe([1, 2, 3, 7, 1e6, 2 ** 40]));
  put('optimizer', maybe(['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop']));
  put('momentumForm', maybe(['keras', 'pytorch']));
  put('shuffle', maybe([true, false]));
  put('seed', maybe([0, 1, 7, 4294967295]));
  put('momentum', maybe([0, 0.5, 0.99]));
  put('weightDecay', maybe([0, 1e-3]));
  put('schedule', maybe([{ type: 'step', every: 1, factor: 0.5 }, { type: 'exponential', gamma: 0.9 }, { type: 'cosine' }]));
  put('validation', maybe([0.25, 0.5]));
  put('recordLoss', maybe([true, false, 'exact']));
  put('trainBias', maybe([true, false]));
  if (rng.next() < 0.03) o[pick(['learning_rate', 'epoch', 'batch'])] = 1;
  return o;
}

function finite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v instanceof Float64Array) return v.every(Number.isFinite);
  if (Array.isArray(v)) return v.every(finite);
  if (v && typeof v === 'object') return Object.entries(v).every(([k, x]) => k === 'samplesPerSecond' || typeof x === 'string' || typeof x === 'boolean' || finite(x));
  return true;
}

for (const backend of ['ts', 'wasm'] as const) {
  describe(`fuzzing the public API on '${backend}'`, () => {
    it('3,000 random calls: finite results or a WasmpropError, and a refusal changes nothing', async () => {
      await Network.init({ backend });
      let ok = 0;
      let refused = 0;
      for (let c = 0; c < 3000; c++) {
        let net: Network;
        const opts = { layers: layersOf(), alpha: maybe([0.5, 1, 2]), seed: maybe([1, 2, 3]), backend, ...(rng.next() < 0.03 ? { activations: 'tanh' } : {}) };
        try {
          net = new Network(opts as never);
        } catch (e) {
          expect(e, JSON.stringify(opts)).toBeInstanceOf(WasmpropError);
          refused++;
          continue;
        }
        const IN = net.layers[0];
        const OUT = net.layers[net.layers.length - 1];
        const n = 1 + rng.int(9);
        const before = net.getParametersFlat();
        const call = rng.int(7);
        try {
          let out: unknown;
          if (call === 0) out = net.train({ inputs: fuzzRows(n, IN), targets: fuzzRows(n, OUT) } as never, trainOptions() as never);
          else if (call === 1) out = net.run(pick([rows(1, IN)[0], rows(1, IN + 1)[0], [1e308, ...rows(1, IN - 1)[0]], 'x']) as never);
          else if (call === 2) out = net.runBatch(fuzzRows(n, IN) as never);
          else if (call === 3) out = net.evaluate(fuzzRows(n, IN) as never, fuzzRows(n, OUT) as never);
          else if (call === 4) out = net.gradients(fuzzRows(n, IN) as never, fuzzRows(n, OUT) as never);
          else if (call === 5) {
            const p = net.getParameters();
            if (rng.next() < 0.5) (p.weights[0][0] as unknown[])[0] = pick(JUNK);
            net.setParameters(p);
            out = net.getParametersFlat();
          } else {
            const doc = JSON.parse(JSON.stringify(net.toJSON())) as Record<string, unknown>;
            if (rng.next() < 0.5) doc[pick(['alpha', 'layers', 'version', 'weights', 'loss', 'normalization'])] = pick(JUNK);
            const back = Network.fromJSON(doc, { backend });
            out = back.runBatch(rows(2, IN));
            back.dispose();
          }
          expect(finite(out), `call ${call} result`).toBe(true);
          ok++;
        } catch (e) {
          if (!(e instanceof WasmpropError)) throw new Error(`call ${call} on ${JSON.stringify(opts)} threw ${String(e)}`);
          refused++;
          expect(net.getParametersFlat(), `call ${call}: a refusal changes nothing`).toEqual(before);
          expect(Array.from(net.run(rows(1, IN)[0])).every(Number.isFinite)).toBe(true);
        }
        net.dispose();
      }
      expect(ok).toBeGreaterThan(300);
      expect(refused).toBeGreaterThan(300);
    }, 120_000);
  });
}
