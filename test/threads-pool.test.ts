// The `threads` option and the pool's lifecycle: bad values are refused with a WasmpropError
// everywhere the option is taken; 'auto' is the runtime's cores; backendInfo reports the threads
// in use; where threads are not possible (the TS backend, a binary of your own) the network says so
// once and runs on one thread; `dispose` ends the workers; a Node process that trained threaded
// networks and disposed them exits by itself; a threaded network of either dtype runs its big calls
// on every thread.
// Not here: the numbers (threads-bit-identical.test.ts).
import { describe, it, expect, vi } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Network, WasmpropError } from '../src/index.js';
import { activeWorkers, type Pool } from '../src/backend/pool.js';
import { cores } from '../src/util/env.js';
import { tempDir } from './helpers/temp-dir.js';

const XOR = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };

/** Waits (at most ~20 s) until no pool worker of this thread is alive; returns how many are. */
async function workersAfterExit(): Promise<number> {
  for (let k = 0; k < 200 && activeWorkers() > 0; k++) await new Promise((r) => setTimeout(r, 100));
  return activeWorkers();
}

describe('the threads option', () => {
  it('a synchronous constructor with threads before anything loaded the shared-memory backend says what to await', () => {
    expect(() => new Network({ layers: [2, 2, 1], threads: 2 })).toThrow(WasmpropError);
    expect(() => new Network({ layers: [2, 2, 1], threads: 2 })).toThrow(/Network.init\(\)` \(with its `threads`\)/);
  });

  it.each([0, -1, 1.5, '2', NaN, 257, Infinity, null, true, 'all'])('threads: %s is refused with a WasmpropError naming the option', async (bad) => {
    const err = await Network.create({ layers: [2, 2, 1], threads: bad as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WasmpropError);
    expect((err as WasmpropError).argument).toBe('threads');
    expect((err as Error).message).toMatch(/^threads: expected a whole number of threads from 1 to 256, or 'auto'/);
    await expect(Network.init({ threads: bad as never })).rejects.toThrow(WasmpropError);
    const doc = (await Network.create({ layers: [2, 2, 1] })).toJSON();
    await expect(Network.load(doc, { threads: bad as never })).rejects.toThrow(/^threads: /);
    expect(() => Network.fromJSON(doc, { threads: bad as never })).toThrow(/^threads: /);
  });

  it("'auto' is the runtime's cores; backendInfo reports the threads in use; the default is one thread", async () => {
    const auto = await Network.create({ layers: [2, 3, 1], threads: 'auto' });
    expect(auto.backendInfo.threads).toBe(Math.min(256, cores()));
    auto.dispose();
    const dflt = await Network.create({ layers: [2, 3, 1] });
    expect(dflt.backendInfo).toEqual({ backend: 'wasm', isa: dflt.backendInfo.isa, threads: 1, dtype: 'f64' });
    dflt.dispose();
    const three = await Network.create({ layers: [2, 3, 1], threads: 3 });
    expect(three.backendInfo.threads).toBe(3);
    three.dispose();
  });

  it.each(['f64', 'f32'] as const)('a %s network on 2 threads runs its big calls on every thread, its small ones on the calling thread', async (dtype) => {
    // backendInfo's threads must be the threads the calls run on: a W3-sized mini-batch, an online
    // epoch and an evaluation go to the pool (its count of parallel calls grows); a 2-2-1 network's do not
    const pools = (net: Network): Pool => (net as unknown as { pool: Pool }).pool;
    const rows = Array.from({ length: 16 }, (_, r) => Array.from({ length: 784 }, (_, i) => ((r * 31 + i) % 17) / 17));
    const targets = rows.map((_, r) => Array.from({ length: 10 }, (_, k) => (k === r % 10 ? 1 : 0)));
    const big = await Network.create({ layers: [784, 128, 10], threads: 2, dtype });
    expect(big.backendInfo).toMatchObject({ threads: 2, dtype });
    const pool = pools(big);
    let calls = pool.parallelCalls;
    for (const batchSize of [8, 1]) {
      big.train({ inputs: rows, targets }, { epochs: 1, batchSize });
      expect(pool.parallelCalls, `batchSize ${batchSize}`).toBeGreaterThan(calls);
      calls = pool.parallelCalls;
    }
    big.evaluate(rows, targets);
    expect(pool.parallelCalls).toBeGreaterThan(calls);
    big.dispose();
    const small = await Network.create({ layers: [2, 2, 1], threads: 2, dtype });
    small.train(XOR, { epochs: 5, batchSize: 4 });
    expect(pools(small).parallelCalls).toBe(0);
    small.dispose();
  });

  it('after Network.init({ threads }), new Network and fromJSON start their pools synchronously', async () => {
    await Network.init({ threads: 2 });
    const net = new Network({ layers: [2, 3, 1], seed: 4, threads: 2 });
    expect(net.backendInfo.threads).toBe(2);
    const copy = Network.fromJSON(net.toJSON(), { threads: 2 });
    expect(copy.backendInfo.threads).toBe(2);
    expect(copy.train(XOR, { epochs: 20 }).error).toBe(net.train(XOR, { epochs: 20 }).error);
    const doc = net.toJSON();
    net.dispose();
    copy.dispose();
    const loaded = await Network.load(doc, { threads: 2 });
    expect(loaded.backendInfo.threads).toBe(2);
    expect(loaded.getParameters()).toEqual({ weights: doc.weights, biases: doc.biases });
    loaded.dispose();
  });

  it('the TS backend and a binary of your own run on one thread, saying so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const a = await Network.create({ layers: [2, 3, 1], backend: 'ts', threads: 4 });
      const b = await Network.create({ layers: [2, 3, 1], backend: 'ts', threads: 4 });
      expect(a.backendInfo).toEqual({ backend: 'ts', isa: 'ts', threads: 1, dtype: 'f64' });
      expect(b.backendInfo.threads).toBe(1);
      const ts = warn.mock.calls.filter(([m]) => String(m).includes('TypeScript backend'));
      expect(ts.length).toBe(1);
      expect(String(ts[0][0])).toMatch(/^wasmprop: training on one thread: the TypeScript backend runs on one thread\.$/);
      const bytes = await import('node:fs/promises').then((fs) => fs.readFile(fileURLToPath(new URL('../build/wasmprop.simd.wasm', import.meta.url))));
      const own = await Network.create({ layers: [2, 3, 1], threads: 2, wasm: bytes, kernel: 'simd' });
      expect(own.backendInfo.threads).toBe(1);
      expect(warn.mock.calls.some(([m]) => /binary of your own/.test(String(m)))).toBe(true);
      [a, b, own].forEach((n) => n.dispose());
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the pool lifecycle', () => {
  it('dispose ends every worker of the network (and a disposed network refuses calls)', async () => {
    await workersAfterExit();
    const before = activeWorkers();
    const nets = await Promise.all([2, 3, 4].map((threads) => Network.create({ layers: [2, 5, 1], threads })));
    expect(activeWorkers()).toBe(before + 1 + 2 + 3);
    for (const n of nets) n.train(XOR, { epochs: 5 });
    nets.forEach((n) => n.dispose());
    expect(await workersAfterExit()).toBe(before);
    expect(() => nets[0].train(XOR)).toThrow(WasmpropError);
  });

  it('networks with the same thread count share one pool: its workers end with the last network\'s dispose', async () => {
    await workersAfterExit();
    const before = activeWorkers();
    const pools = (net: Network): Pool => (net as unknown as { pool: Pool }).pool;
    const rows = Array.from({ length: 16 }, (_, r) => Array.from({ length: 784 }, (_, i) => ((r * 31 + i) % 17) / 17));
    const targets = rows.map((_, r) => Array.from({ length: 10 }, (_, k) => (k === r % 10 ? 1 : 0)));
    const [a, b] = await Promise.all([1, 2].map((seed) => Network.create({ layers: [784, 32, 10], threads: 3, seed })));
    await Network.init({ threads: 3 });
    const c = new Network({ layers: [784, 32, 10], threads: 3, seed: 3, dtype: 'f32' });
    const one = await Network.create({ layers: [784, 32, 10], seed: 2 });
    expect(pools(a)).toBe(pools(b));
    expect(pools(c)).toBe(pools(a));
    expect(activeWorkers()).toBe(before + 2);
    a.dispose();
    await new Promise((r) => setTimeout(r, 300)); // time enough for an ended worker to exit
    expect(activeWorkers()).toBe(before + 2);
    // the others still train on every thread, each with its own numbers
    const calls = pools(b).parallelCalls;
    expect(b.train({ inputs: rows, targets }, { epochs: 1, batchSize: 8 }).error).toBe(one.train({ inputs: rows, targets }, { epochs: 1, batchSize: 8 }).error);
    c.train({ inputs: rows, targets }, { epochs: 1, batchSize: 8 });
    expect(pools(b).parallelCalls).toBe(calls + 2);
    expect(b.backendInfo.threads).toBe(3);
    b.dispose();
    c.dispose();
    one.dispose();
    expect(await workersAfterExit()).toBe(before);
    // a network made after that starts a pool of its own again
    const d = await Network.create({ layers: [784, 32, 10], threads: 3 });
    expect(activeWorkers()).toBe(before + 2);
    d.dispose();
    expect(await workersAfterExit()).toBe(before);
  });

  it('a Node process that created threaded networks (f64, f32), trained them and never disposed them exits by itself', () => {
    // the pool's workers are unref'd once ready: a forgotten network must not keep Node alive
    const script = `
      import { Network } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)};
      const data = { inputs: Array.from({ length: 64 }, (_, r) => Array.from({ length: 40 }, (_, i) => Math.sin(r + i))), targets: Array.from({ length: 64 }, (_, r) => [r % 2]) };
      globalThis.kept = [];
      for (const dtype of ['f64', 'f32']) {
        const net = await Network.create({ layers: [40, 64, 1], threads: 2, dtype });
        net.train(data, { epochs: 2, batchSize: 16 });
        globalThis.kept.push(net);
      }
      console.log('trained', globalThis.kept.map((n) => n.backendInfo.threads).join(','));
    `;
    const dir = tempDir('wasmprop-threads-');
    const file = join(dir, 'child.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(r.signal, `the process had to be killed (it did not exit by itself): ${r.stderr}`).toBe(null);
    expect(r.stdout.trim()).toBe('trained 2,2');
    expect(r.status, r.stderr).toBe(0);
  });

  it('threads work in a program run as `node --input-type=module -e` (eval workers inherit that flag: they are modules there)', () => {
    // the pool's workers once loaded worker_threads with require(), which an ES-module eval worker lacks
    const code = `
      const { Network } = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
      const net = await Network.create({ layers: [40, 64, 1], threads: 2, seed: 1 });
      const one = await Network.create({ layers: [40, 64, 1], threads: 1, seed: 1 });
      const data = { inputs: Array.from({ length: 64 }, (_, r) => Array.from({ length: 40 }, (_, i) => Math.sin(r + i))), targets: Array.from({ length: 64 }, (_, r) => [r % 2]) };
      const a = net.train(data, { epochs: 2, batchSize: 16 }).error;
      const b = one.train(data, { epochs: 2, batchSize: 16 }).error;
      console.log(net.backendInfo.threads, a === b);
      net.dispose();
      one.dispose();
    `;
    for (const flags of [['--input-type=module'], ['--input-type', 'module']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', ...flags, '-e', code], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).not.toContain('require is not defined');
      expect(r.stdout.trim(), r.stderr).toBe('2 true');
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it("under Node's permission model without --allow-worker, threads say so once and train on one thread with its bits", () => {
    // the built package (dist/, built by npm test's pretest): a TS loader would need more permissions
    const code = `
      const { Network } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      const data = { inputs: Array.from({ length: 64 }, (_, r) => Array.from({ length: 40 }, (_, i) => Math.sin(r + i))), targets: Array.from({ length: 64 }, (_, r) => [r % 2]) };
      const a = await Network.create({ layers: [40, 64, 1], threads: 2, seed: 1 });
      const b = await Network.create({ layers: [40, 64, 1], threads: 'auto', seed: 1 });
      const c = await Network.create({ layers: [40, 64, 1], seed: 1 });
      const e = [a, b, c].map((n) => n.train(data, { epochs: 2, batchSize: 16 }).error);
      console.log(a.backendInfo.threads, b.backendInfo.threads, e[0] === e[2] && e[1] === e[2]);
    `;
    const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    const r = spawnSync(process.execPath, [flag, '--allow-fs-read=*', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim(), r.stderr).toBe('1 1 true');
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('wasmprop: training on one thread'));
    expect(warnings).toEqual(["wasmprop: training on one thread: this process may not start workers (Node's permission model without --allow-worker)."]);
  });

  // A child patches worker_threads.Worker before it loads the built package (dist/, built by npm
  // test's pretest): `patch` is the constructor's body before it calls super(code, opts) (`made`
  // counts the workers made so far), `body` the program, which has Network, activeWorkers and
  // poolTuning; the pool's workers fail, and no call may hang or change its bits.
  const withPatchedWorkers = (patch: string, body: string): SpawnSyncReturns<string> => {
    const dist = (f: string): string => JSON.stringify(new URL(`../dist/${f}`, import.meta.url).href);
    const code = `
      import wt from 'node:worker_threads';
      import { syncBuiltinESMExports } from 'node:module';
      const Real = wt.Worker;
      let made = 0;
      wt.Worker = class extends Real {
        constructor(code, opts) {
          ${patch}
          super(code, opts);
        }
      };
      syncBuiltinESMExports();
      const { Network } = await import(${dist('index.js')});
      const { activeWorkers, poolTuning } = await import(${dist('backend/pool.js')});
      ${body}
    `;
    return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  };

  // A one-thread network's results, then an asynchronous and a synchronous (after init) 3-thread
  // network's; the child prints whether they are the same, the threads they report and the workers left.
  const failingWorkers = (mode: string): SpawnSyncReturns<string> => withPatchedWorkers(`
          made++;
          if (${JSON.stringify(mode)} === 'second-throws' && made % 2 === 0) throw new Error('no more threads');
          // outside the pool's code: the worker's own start fails (as a runtime's worker start can)
          if (${JSON.stringify(mode)} === 'runtime') code = 'throw new Error("the worker could not start")';
          // inside it: instantiating the module on the shared memory fails
          if (${JSON.stringify(mode)} === 'instantiate') code = code.replace('ex.thread_init(d.tid);', 'throw new Error("no instance");');`, `
      poolTuning.readyWaitMs = 500;
      const data = { inputs: Array.from({ length: 64 }, (_, r) => Array.from({ length: 40 }, (_, i) => Math.sin(r + i))), targets: Array.from({ length: 64 }, (_, r) => [r % 2]) };
      const one = await Network.create({ layers: [40, 64, 1], seed: 1 });
      const want = [one.train(data, { epochs: 2, batchSize: 16 }).error, one.train(data, { epochs: 1, batchSize: 1 }).error];
      // the asynchronous constructor waits for the workers; the synchronous one (after init) does not
      const a = await Network.create({ layers: [40, 64, 1], threads: 3, seed: 1 });
      await Network.init({ threads: 3 });
      const b = new Network({ layers: [40, 64, 1], threads: 3, seed: 1 });
      const got = [a, b].map((n) => [n.train(data, { epochs: 2, batchSize: 16 }).error, n.train(data, { epochs: 1, batchSize: 1 }).error]);
      await new Promise((r) => setTimeout(r, 100));
      const again = b.train(data, { epochs: 1, batchSize: 16 }).error === a.train(data, { epochs: 1, batchSize: 16 }).error;
      const threads = [a.backendInfo.threads, b.backendInfo.threads];
      for (const n of [one, a, b]) n.dispose();
      for (let k = 0; k < 100 && activeWorkers() > 0; k++) await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ same: got.every((g) => g[0] === want[0] && g[1] === want[1]) && again, threads, workers: activeWorkers() }));`);

  it('a pool whose second worker cannot be created ends the first, says so once and trains on one thread with its bits', () => {
    const r = failingWorkers('second-throws');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ same: true, threads: [1, 1], workers: 0 });
    expect(r.stderr.trim().split('\n')).toEqual(["wasmprop: training on one thread: the pool's workers could not start (no more threads)."]);
  });

  it('a worker that fails to instantiate the module: no call waits for it, the network says so and trains on one thread with its bits', () => {
    const r = failingWorkers('instantiate');
    expect(r.signal, `the process had to be killed: ${r.stderr}`).toBe(null);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ same: true, threads: [1, 1], workers: 0 });
    expect(r.stderr).toMatch(/training on one thread: the pool's workers could not start \(no instance\)/);
    expect(r.stderr).toMatch(/training on one thread from now on: a pool worker failed to start/);
  });

  it('a worker whose start fails outside the pool\'s code: a synchronous network\'s first call waits readyWaitMs, then runs on one thread; no hang, the same bits', () => {
    const r = failingWorkers('runtime');
    expect(r.signal, `the process had to be killed: ${r.stderr}`).toBe(null);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ same: true, threads: [1, 1], workers: 0 });
    expect(r.stderr).toMatch(/training on one thread from now on: a pool worker failed to start \(Error: the worker could not start\)/);
  });

  it('a worker that fails during a call: the call throws, its parameters are put back, later calls run on one thread with its bits, no worker is left', () => {
    // the first worker of each pool throws in its second call (the pool's thread code, patched)
    const r = withPatchedWorkers(`
      if (made++ % 2 === 0) code = code.replace('const W = d.words;', 'let calls = 0; const W = d.words;').replace('f(...args);', 'if (++calls === 2) throw new Error("failed mid-call"); f(...args);');`, `
      const data = { inputs: Array.from({ length: 256 }, (_, r) => Array.from({ length: 40 }, (_, i) => Math.sin(r + i))), targets: Array.from({ length: 256 }, (_, r) => [r % 2]) };
      const out = [];
      for (const threads of [2, 3]) {
        const a = await Network.create({ layers: [40, 64, 1], threads, seed: 1 });
        a.train(data, { epochs: 2, batchSize: 16 });
        const before = a.getParametersFlat().slice();
        let error = '';
        try { a.train(data, { epochs: 3, batchSize: 16, optimizer: 'adam', learningRate: 0.01 }); } catch (e) { error = e.name + ': ' + e.message; }
        const after = a.getParametersFlat();
        const one = await Network.create({ layers: [40, 64, 1], seed: 1 });
        one.setParametersFlat(after);
        const same = a.train(data, { epochs: 2, batchSize: 16 }).error === one.train(data, { epochs: 2, batchSize: 16 }).error;
        out.push({ error, unchanged: before.every((v, k) => v === after[k]), threads: a.backendInfo.threads, same });
        a.dispose();
        one.dispose();
      }
      for (let k = 0; k < 100 && activeWorkers() > 0; k++) await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ out, workers: activeWorkers() }));`);
    expect(r.signal, `the process had to be killed: ${r.stderr}`).toBe(null);
    expect(r.status, r.stderr).toBe(0);
    const error = "PoolFailure: wasmprop: a thread of the pool failed during this call; a train call's parameters are put back as they were, and the network runs on one thread from now on";
    expect(JSON.parse(r.stdout)).toEqual({ out: [2, 3].map(() => ({ error, unchanged: true, threads: 1, same: true })), workers: 0 });
  });

  it('a Node process that created threaded networks, trained them and disposed them exits by itself', () => {
    const script = `
      import { Network } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)};
      const data = { inputs: Array.from({ length: 64 }, (_, r) => Array.from({ length: 40 }, (_, i) => Math.sin(r + i))), targets: Array.from({ length: 64 }, (_, r) => [r % 2]) };
      for (const threads of [2, 3, 'auto']) {
        const net = await Network.create({ layers: [40, 64, 1], threads });
        net.train(data, { epochs: 2, batchSize: 16 });
        net.train(data, { epochs: 1, batchSize: 1 });
        net.dispose();
      }
      console.log('trained');
    `;
    const dir = tempDir('wasmprop-threads-');
    const file = join(dir, 'child.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 120_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(r.signal, `the process had to be killed: ${r.stderr}`).toBe(null);
    expect(r.stdout.trim()).toBe('trained');
    expect(r.status, r.stderr).toBe(0);
  });
});
