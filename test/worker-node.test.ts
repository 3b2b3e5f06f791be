// trainInWorker in Node (worker_threads): same numbers as in-thread `train` with the same seed on
// every backend, the same per-epoch payload, cancellation (cancel(), onEpoch → false, AbortSignal)
// that stops at an epoch boundary with the parameters of exactly that many epochs, terminate(),
// and errors that keep their WasmpropError shape. Runs the built package (dist/): a worker needs JS.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltWorkerApi, type WorkerApi } from './helpers/built-worker.js';

let wp: WorkerApi;

beforeAll(async () => {
  wp = await loadBuiltWorkerApi();
}, 300_000);

const XOR = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };

/** 60 rows of a 3-input, 2-class problem (deterministic, no RNG needed). */
function blobs(): { inputs: Float64Array; targets: Float64Array } {
  const n = 60;
  const inputs = new Float64Array(n * 3);
  const targets = new Float64Array(n * 2);
  for (let r = 0; r < n; r++) {
    const c = r % 2;
    inputs[3 * r] = Math.sin(r * 1.7) * 0.5 + (c ? 0.6 : -0.6);
    inputs[3 * r + 1] = Math.cos(r * 2.3) * 0.5;
    inputs[3 * r + 2] = ((r * 37) % 11) / 11 - 0.5;
    targets[2 * r + c] = 1;
  }
  return { inputs, targets };
}

/** The deterministic part of an epoch info: everything but the timing. */
function stable(info: Record<string, unknown>): Record<string, unknown> {
  const { samplesPerSecond: _t, ...rest } = info;
  return rest;
}

const BACKENDS = [
  { name: 'wasm simd', net: { backend: 'wasm', kernel: 'simd' } },
  { name: 'wasm scalar', net: { backend: 'wasm', kernel: 'scalar' } },
  { name: 'ts', net: { backend: 'ts' } },
] as const;

describe.each(BACKENDS)('trainInWorker on $name equals in-thread train', ({ net: backend }) => {
  it('XOR 2-3-1, online SGD: same parameters, losses and epoch payloads', async () => {
    const spec = { layers: [2, 3, 1], alpha: 2, seed: 11, ...backend };
    const opts = { learningRate: 0.7, epochs: 300, batchSize: 1 };
    const local = await wp.Network.create(spec);
    const seen: Record<string, unknown>[] = [];
    const r0 = local.train(XOR, { ...opts, onEpoch: (i) => void seen.push(stable(i as never)) });
    const streamed: Record<string, unknown>[] = [];
    const r1 = await wp.trainInWorker(spec, XOR, { ...opts, onEpoch: (i) => void streamed.push(stable(i as never)) });
    expect(r1.cancelled).toBe(false);
    expect(r1.backend.backend).toBe(backend.backend);
    expect(r1.parameters).toEqual(local.getParameters());
    expect(r1.json).toEqual(local.toJSON());
    expect(r1.json.training?.epochs, 'the worker returns where training stands').toBe(300);
    expect(r1.lossPerEpoch).toEqual(r0.lossPerEpoch);
    expect(r1.error).toBe(r0.error);
    expect(r1.epochs).toBe(300);
    expect(streamed).toEqual(seen);
    local.dispose();
  });

  it('without onEpoch the worker evaluates what in-thread train evaluates: the same result, field for field', async () => {
    const data = blobs();
    const spec = { layers: [3, 5, 2], seed: 4, ...backend };
    // the fast path (no JS between epochs in-thread): no history by default, running losses, exact ones
    for (const recordLoss of [undefined, true, 'exact'] as const) {
      const opts = { learningRate: 0.1, epochs: 400, batchSize: 4, recordLoss };
      const local = await wp.Network.create(spec);
      const r0 = local.train(data, opts);
      const r1 = await wp.trainInWorker(spec, data, opts);
      expect(r1.parameters).toEqual(local.getParameters());
      for (const k of ['error', 'errorKind', 'epochs', 'stoppedBy', 'lossPerEpoch'] as const) expect(r1[k], k).toEqual(r0[k]);
      expect(r1.cancelled).toBe(false);
      local.dispose();
    }
  });

  it('mini-batches with the newer train options (optimizer, shuffle, validation) when the engine has them', async () => {
    const data = blobs();
    const spec = { layers: [3, 5, 2], seed: 4, ...backend };
    const opts = { learningRate: 0.05, epochs: 40, batchSize: 7, optimizer: 'adam', shuffle: true, validation: 0.25 } as const;
    const local = await wp.Network.create(spec);
    const r0 = local.train(data, opts as never);
    const r1 = await wp.trainInWorker(spec, data, opts as never);
    expect(r1.parameters).toEqual(local.getParameters());
    expect(r1.lossPerEpoch).toEqual(r0.lossPerEpoch);
    local.dispose();
  });
});

describe('trainInWorker with threads', () => {
  it('2 threads inside the worker (its own pool) train the bits of 1 thread in this one, batches and online rows', async () => {
    // 784-128-10: big enough for the pool's shipped thresholds to split every product
    const rows = 24;
    const inputs = new Float64Array(rows * 784).map((_, i) => (Math.sin(i * 0.013) + 1) / 2);
    const targets = new Float64Array(rows * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0));
    const spec = { layers: [784, 128, 10], seed: 5, kernel: 'simd' as const };
    for (const batchSize of [8, 1]) {
      const local = await wp.Network.create({ ...spec, threads: 1 });
      const r0 = local.train({ inputs, targets }, { epochs: 2, batchSize, learningRate: 0.1, finalError: true });
      const r1 = await wp.trainInWorker(spec, { inputs, targets }, { epochs: 2, batchSize, learningRate: 0.1, finalError: true, threads: 2 });
      expect(r1.backend.threads).toBe(2);
      expect(r1.error).toBe(r0.error);
      expect(r1.parameters).toEqual(local.getParameters());
      local.dispose();
    }
    await expect(wp.trainInWorker(spec, { inputs, targets }, { threads: 0 })).rejects.toThrow(/^threads: expected a whole number/);
  });
});

describe("trainInWorker under Node's permission model", () => {
  it('without --allow-worker: a WasmpropError that says which permission, not the runtime\'s "Access to this API has been restricted"', async () => {
    const { spawnSync } = await import('node:child_process');
    const code = `
      const { trainInWorker, WasmpropError } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      try { await trainInWorker({ layers: [2, 3, 1] }, { inputs: [[0, 1]], targets: [[1]] }, { epochs: 1 }); console.log('trained'); }
      catch (e) { console.log(e instanceof WasmpropError, e.message); }
    `;
    const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    const r = spawnSync(process.execPath, [flag, '--allow-fs-read=*', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim(), r.stderr).toBe("true trainInWorker: expected a process that may start workers (Node's permission model needs --allow-worker), got \"a process without that permission\"");
  });
});

describe('trainInWorker: the network it starts from', () => {
  it('takes a toJSON document or a live Network (copied, not changed)', async () => {
    const net = await wp.Network.create({ layers: [2, 4, 1], seed: 9 });
    net.train(XOR, { epochs: 50 });
    const before = net.toJSON();
    const fromNet = await wp.trainInWorker(net, XOR, { epochs: 100, learningRate: 1 });
    const fromJson = await wp.trainInWorker({ ...before, backend: 'wasm', kernel: 'simd' }, XOR, { epochs: 100, learningRate: 1 });
    expect(net.toJSON()).toEqual(before);
    net.train(XOR, { epochs: 100, learningRate: 1 });
    expect(fromNet.parameters).toEqual(net.getParameters());
    expect(fromJson.parameters).toEqual(net.getParameters());
    net.dispose();
  });

  it('accepts the .wasm as bytes or a WebAssembly.Module', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(new URL('../build/wasmprop.simd.wasm', import.meta.url));
    const mod = await WebAssembly.compile(bytes);
    const a = await wp.trainInWorker({ layers: [2, 3, 1], seed: 2, wasm: mod }, XOR, { epochs: 20 });
    const b = await wp.trainInWorker({ layers: [2, 3, 1], seed: 2, wasm: new Uint8Array(bytes) }, XOR, { epochs: 20 });
    const c = await wp.trainInWorker({ layers: [2, 3, 1], seed: 2, wasm: new URL('../build/wasmprop.simd.wasm', import.meta.url) }, XOR, { epochs: 20 });
    expect(a.parameters).toEqual(b.parameters);
    expect(a.parameters).toEqual(c.parameters);
  });
});

describe('trainInWorker: progress and cancellation', () => {
  const spec = { layers: [2, 8, 1], seed: 5 };
  const long = { learningRate: 0.5, epochs: 5_000_000 };

  async function inThread(epochs: number) {
    const net = await wp.Network.create(spec);
    net.train(XOR, { learningRate: 0.5, epochs });
    const p = net.getParameters();
    net.dispose();
    return p;
  }

  it('cancel() stops at an epoch boundary: the parameters are those of exactly `epochs` epochs', async () => {
    let last = 0;
    // cancelled once epochs come back (a fixed delay may end before a loaded machine started the worker)
    let started: () => void = () => {};
    const training = new Promise<void>((ok) => { started = ok; });
    const job = wp.trainInWorker(spec, XOR, { ...long, onEpoch: (i) => { last = i.epoch; started(); } });
    await training;
    await new Promise((r) => setTimeout(r, 100));
    job.cancel();
    const r = await job;
    expect(r.cancelled).toBe(true);
    expect(r.epochs).toBeGreaterThan(0);
    expect(r.epochs).toBeLessThan(long.epochs);
    expect(r.lossPerEpoch.length).toBe(r.epochs);
    expect(last).toBe(r.epochs);
    expect(r.parameters).toEqual(await inThread(r.epochs));
  });

  it('cancel() without onEpoch (no epoch evaluated for it) also stops at an epoch boundary', async () => {
    let started: () => void = () => {};
    const training = new Promise<void>((ok) => { started = ok; });
    const job = wp.trainInWorker(spec, XOR, { ...long, onParameters: () => started(), parametersEveryMs: 5 });
    await training;
    job.cancel();
    const r = await job;
    expect(r.cancelled).toBe(true);
    expect(r.stoppedBy).toBe('callback');
    expect(r.epochs).toBeGreaterThan(0);
    expect(r.epochs).toBeLessThan(long.epochs);
    expect(r.lossPerEpoch).toEqual([]);
    expect(r.parameters).toEqual(await inThread(r.epochs));
  });

  it('onEpoch returning false cancels; so does an AbortSignal', async () => {
    const r1 = await wp.trainInWorker(spec, XOR, { ...long, onEpoch: (i) => i.epoch < 200 });
    expect(r1.cancelled).toBe(true);
    expect(r1.epochs).toBeGreaterThanOrEqual(200);
    expect(r1.parameters).toEqual(await inThread(r1.epochs));
    const ctl = new AbortController();
    const r2 = await wp.trainInWorker(spec, XOR, { ...long, signal: ctl.signal, onEpoch: (i) => { if (i.epoch === 1) setTimeout(() => ctl.abort(), 100); } });
    expect(r2.cancelled).toBe(true);
    expect(r2.parameters).toEqual(await inThread(r2.epochs));
  });

  it('onParameters gets snapshots in the Parameters shape, the last one equal to the result', async () => {
    const snaps: { epoch: number; p: unknown }[] = [];
    const r = await wp.trainInWorker(spec, XOR, { epochs: 3000, onParameters: (p, epoch) => void snaps.push({ epoch, p }), parametersEveryMs: 5 });
    expect(snaps.length).toBeGreaterThan(0);
    expect(snaps.at(-1)!.epoch).toBe(3000);
    expect(snaps.at(-1)!.p).toEqual(r.parameters);
  });

  it('terminate() kills the worker and rejects with an AbortError', async () => {
    const job = wp.trainInWorker(spec, XOR, long);
    setTimeout(() => job.terminate(), 100);
    await expect(job.promise).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('trainInWorker: errors', () => {
  it('rejects bad options with the WasmpropError of train, rebuilt on this side', async () => {
    const err = await wp.trainInWorker({ layers: [2, 2, 1] }, XOR, { learningRate: -1 }).then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(wp.WasmpropError);
    expect(err.argument).toBe('learningRate');
    expect(err.message).toMatch(/learningRate: expected/);
  });

  it('rejects a bad network and bad data the same way', async () => {
    await expect(wp.trainInWorker({ layers: [2, 0, 1] }, XOR).promise).rejects.toBeInstanceOf(wp.WasmpropError);
    await expect(wp.trainInWorker({ layers: [3, 2, 1] }, XOR).promise).rejects.toThrow(/inputs/);
  });

  it('refuses options that cannot cross threads (functions) before starting a worker', async () => {
    await expect(wp.trainInWorker({ layers: [2, 2, 1] }, XOR, { onBatch: () => {} } as never).promise).rejects.toThrow(/onBatch/);
  });
});
