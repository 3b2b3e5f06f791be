// The bench's plain-TS baseline (bench/plain-ts.ts), the "plain TS, straightforward loops"
// column and the reference of the report's speed ratios: it must be the same f64 algorithm as the
// TS twin ('ts', the reference of the losses) — W1's full run to the worked example's 3.5101878e-05,
// and small W3-like mini-batch, online and fixed-bias cases to 1e-12 of the twin's loss.
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { Rng } from '../src/index.js';
import { materialize, paramCount, workloads, type Workload } from '../bench/workloads.js';
import { SYSTEMS, readF64, type Data } from '../bench/systems.js';
import { tempDir } from './helpers/temp-dir.js';

const system = (id: string) => {
  const s = SYSTEMS.find((x) => x.id === id);
  if (!s) throw new Error(`no bench system ${id}`);
  return s;
};
const rel = (a: number, e: number): number => Math.abs(a - e) / Math.abs(e);

/** Loss before and after training `w.full` from `init`, on system `id`. */
async function trainOn(id: string, w: Workload, d: Data, init: Float64Array): Promise<{ before: number; after: number }> {
  const tr = await system(id).create(w, d);
  try {
    tr.reset(init);
    const before = tr.loss(w.full.rows);
    tr.train(w.full);
    return { before, after: tr.loss(w.full.rows) };
  } finally {
    tr.dispose();
  }
}

describe('bench system list', () => {
  it('starts with the plain-TS baseline, verified exactly on every workload, and keeps the TS twin', () => {
    expect(SYSTEMS[0].id).toBe('plain-ts');
    expect(SYSTEMS[0].label).toBe('plain TS (straightforward loops)');
    expect(SYSTEMS[0].precision).toBe('f64');
    expect(system('ts').label).toBe('wasmprop TS twin');
    for (const w of workloads(false)) {
      expect(SYSTEMS[0].check(w), w.id).toBe('exact');
      expect(SYSTEMS[0].unsupported(w), w.id).toBeUndefined();
    }
    expect(new Set(SYSTEMS.map((s) => s.id)).size).toBe(SYSTEMS.length);
  });
});

describe('plain-TS bench system', () => {
  it('W1: 10,000 online updates with fixed biases reach 3.5101878e-05, as the TS twin does', async () => {
    const w = workloads(true).find((x) => x.id === 'W1')!;
    const dir = tempDir('wasmprop-plain-ts-test-');
    try {
      const f = materialize(dir, [w]).W1;
      const d: Data = { x: readF64(f.x), t: readF64(f.t), IN: 2, OUT: 2 };
      const init = readF64(f.init);
      const plain = await trainOn('plain-ts', w, d, init);
      const twin = await trainOn('ts', w, d, init);
      expect(plain.before).toBeCloseTo(0.298371109, 9); // the worked example's error before any step
      expect(rel(plain.after, 3.5101878e-5)).toBeLessThanOrEqual(1e-7);
      expect(rel(twin.after, 3.5101878e-5)).toBeLessThanOrEqual(1e-7);
      expect(rel(plain.after, twin.after)).toBeLessThanOrEqual(1e-12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const CASES = [
    { what: '2 batches of 4, biases trained', rows: 8, batchSize: 4, trainBias: true, epochs: 1 },
    { what: 'batches of 4, 4, 2 (a short last batch), biases fixed', rows: 10, batchSize: 4, trainBias: false, epochs: 2 },
    { what: 'online (batch 1), biases trained', rows: 8, batchSize: 1, trainBias: true, epochs: 3 },
  ];
  for (const c of CASES) {
    it(`layers 7-5-3, ${c.what}: the same loss as the TS twin to 1e-12`, async () => {
      const layers = [7, 5, 3];
      const w: Workload = {
        id: 'W3', name: 'small random', layers, learningRate: 0.7, batchSize: c.batchSize, trainBias: c.trainBias,
        full: { epochs: c.epochs, rows: c.rows }, unit: 'samples', flops: false, verify: { epochs: 1, rows: c.rows }, source: 'test',
      };
      const rng = new Rng(11 + c.rows * 7 + c.batchSize);
      const x = Float64Array.from({ length: c.rows * 7 }, () => rng.uniform(1));
      const t = Float64Array.from({ length: c.rows * 3 }, () => 0.5 + rng.uniform(0.5));
      const init = Float64Array.from({ length: paramCount(layers) }, () => rng.uniform(0.8));
      const d: Data = { x, t, IN: 7, OUT: 3 };
      const x0 = x.slice();
      const t0 = t.slice();
      const plain = await trainOn('plain-ts', w, d, init);
      const twin = await trainOn('ts', w, d, init);
      expect(rel(plain.before, twin.before)).toBeLessThanOrEqual(1e-12);
      expect(plain.after).toBeLessThan(plain.before); // it trained
      expect(rel(plain.after, twin.after)).toBeLessThanOrEqual(1e-12);
      // the data set is read in place, never written
      expect(x).toEqual(x0);
      expect(t).toEqual(t0);
    });
  }
});
