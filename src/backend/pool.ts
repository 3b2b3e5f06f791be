// A pool of threads on one shared WebAssembly memory: T−1 workers (worker_threads in Node, Web
// Workers in browsers), each with its own instance of the shared-memory binary on the same memory,
// waiting on the control block (POOL_* words) for the next driver call. The calling thread writes
// the call there, wakes them and runs the same call itself as thread 0; the threaded drivers
// (assembly/driver_mt.ts) split the work and meet at barriers. The networks of one JS thread with
// the same binary and thread count share a pool (takePool); it ends when the last gives it back.
// Workers are unref'd (an idle pool never keeps a Node process alive). A worker that fails turns
// the pool to one thread; it never leaves a call waiting.
// Not here: how work is split (assembly/), when a call is worth the pool (engine/driver.ts).
import { H_POOL, POOL_ARGS, POOL_BROKEN, POOL_DONE, POOL_FN, POOL_GEN, POOL_MAX_THREADS, POOL_READY, POOL_RESULT, POOL_ROTATE, POOL_SEQ, POOL_SPIN, POOL_THREADS, POOL_UNITS_MIN, POOL_WORDS } from './abi.js';
import type { Allocator, MemoryViews } from './memory.js';
import type { SharedInstance } from './wasm-loader.js';
import { isNode } from '../util/env.js';
import { runPoolThread, type ThreadData } from './pool-thread.js';

/** The driver entry points a pool call can run, by their index in the control block's POOL_FN word. */
export const POOL_FNS = [
  'forward_f64', 'backward_f64', 'update_f64', 'eval_f64', 'train_epochs_f64',
  'forward_f32', 'backward_f32', 'update_f32', 'eval_f32', 'train_epochs_f32',
] as const;
/** A driver entry point a pool runs. */
export type PoolFn = (typeof POOL_FNS)[number];
/** Which of them return a result (Σloss or a mean loss), by index. */
const RESULTS = POOL_FNS.map((f) => /^(backward|eval|train_epochs)_/.test(f));

/**
 * The pool's thresholds (measured with the bench's threads axis; docs/threads.md). Tests lower them
 * to run small shapes on every thread; nothing else should change them.
 */
export const poolTuning = {
  /** Multiply-adds of a call's widest product (rows × IN × OUT) below which the call runs on the calling thread alone. */
  minWork: 16384,
  /** Multiply-adds below which a product split by output units (online steps, B < 4) runs on thread 0 alone. */
  minUnitsWork: 16384,
  /** Polls of the call word (workers, between calls) and of a barrier before a thread sleeps in Atomics.wait. */
  spin: 200_000,
  /**
   * Tests only: in a dynamic section (a mini-batch's row and unit chunks) thread t starts on the
   * range of thread t + rotate instead of its own, so every chunk is computed by another thread than
   * its owner — the bits must not change. 0 as shipped.
   */
  rotate: 0,
  /**
   * How long a call waits for workers still starting (a synchronous constructor's first call) before
   * it runs on the calling thread alone (ms). A worker that failed to start is reported by an event
   * the calling thread cannot read while it waits in a call: without this bound it would wait for ever.
   */
  readyWaitMs: 5000,
};

// Node runs a pool thread from the program's source text (an eval worker needs no file, so it
// works from src/ under a TS loader and from dist/ alike); browsers run pool-worker.js. The text
// loads worker_threads with import(), which an eval worker has both as CommonJS (the default) and
// as an ES module: workers inherit the process's flags, and under `node --input-type=module` an
// eval worker is a module, where `require` does not exist.
const NODE_THREAD = `import('node:worker_threads').then((wt) => (${runPoolThread.toString()})(wt.workerData, (m) => wt.parentPort.postMessage(m)));`;

/** What a pool needs of a worker, whichever kind it is. */
interface WorkerHandle {
  terminate(): void;
}

let live = 0;

/** Pool workers started and not yet exited in this thread (tests check that dispose ends them). */
export function activeWorkers(): number {
  return live;
}

type NodeWorkerThreads = typeof import('node:worker_threads');
let nodeWorkers: NodeWorkerThreads | undefined;

/** Loads worker_threads in Node (once), so that pools can start synchronously afterwards. */
export async function preloadWorkers(): Promise<void> {
  if (!isNode || nodeWorkers) return;
  const specifier = 'node:worker_threads';
  nodeWorkers = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as NodeWorkerThreads;
}

/** Whether this thread can start pool workers right now (Node: worker_threads loaded; browsers: Worker exists). */
export function canStartWorkers(): boolean {
  if (isNode) {
    const p = process as unknown as { getBuiltinModule?: (id: string) => unknown };
    nodeWorkers ??= p.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
    return !!nodeWorkers;
  }
  return typeof Worker === 'function';
}

/** Pools by shared instance and thread count: every threaded network of this thread on one binary with one thread count shares one. */
const pools = new WeakMap<SharedInstance, Map<number, Pool>>();

/**
 * The pool of `threads` threads on `shared`, with one more reference: shared by every network of
 * this thread on that binary with that thread count (one JS thread's calls never overlap, and each
 * call says which network's descriptor it runs), started by the first network and ended when the
 * last gives it back (`release`). A pool that failed is not handed out again.
 */
export function takePool(shared: SharedInstance, views: MemoryViews, allocator: Allocator, threads: number): Pool {
  let byCount = pools.get(shared);
  if (!byCount) pools.set(shared, (byCount = new Map()));
  let pool = byCount.get(threads);
  if (!pool || pool.failed) {
    pool = new Pool(shared, views, allocator, threads);
    pool.home = byCount;
    byCount.set(threads, pool);
  }
  pool.refs++;
  return pool;
}

/** A call that a pool thread failed in (its parts are missing): the trainer puts the parameters back. */
export class PoolFailure extends Error {
  override name = 'PoolFailure';
}

/** A started pool of `threads` threads (the caller's included) on a shared-memory backend. */
export class Pool {
  /** Resolves when every worker has instantiated the module (calls before that simply wait for them). */
  readonly ready: Promise<void>;
  /** Byte address of the control block. */
  readonly ctl: number;
  private readonly workers: WorkerHandle[] = [];
  private readonly fns: ((...a: number[]) => number)[];
  private closed = false;
  private ended = false;
  private exitedCount = 0;
  private failure: string | undefined;
  /** Why the pool now runs every call on the calling thread alone (a worker failed), once it does. */
  private oneThread: string | undefined;
  /** Whether a call has already waited readyWaitMs for workers that did not come. */
  private waited = false;
  /** Calls run on every thread so far (the others ran on the calling thread alone); tests read it. */
  parallelCalls = 0;
  /** Networks holding the pool (takePool, release). */
  refs = 0;
  /** The map takePool keeps it in, if any. */
  home: Map<number, Pool> | undefined;

  /** Starts threads − 1 workers on `shared`; its control block is allocated with `allocator`. */
  constructor(private readonly shared: SharedInstance, private readonly views: MemoryViews, private readonly allocator: Allocator, readonly threads: number) {
    this.fns = POOL_FNS.map((n) => shared.exports[n] as (...a: number[]) => number);
    // the control block has a claim word per thread (assembly/threads.ts claim); the API caps threads at the same 256
    if (threads > POOL_MAX_THREADS) throw new Error(`wasmprop: internal error: a pool of ${threads} threads (at most ${POOL_MAX_THREADS})`);
    this.ctl = allocator.alloc(POOL_WORDS * 4);
    const i32 = views.i32;
    const c = this.ctl >> 2;
    i32.fill(0, c, c + POOL_WORDS);
    i32[c + POOL_THREADS] = threads;
    const readies: Promise<void>[] = [];
    try {
      for (let tid = 1; tid < threads; tid++) readies.push(this.spawn(tid));
    } catch (e) {
      // a worker that cannot start (e.g. Node's permission model): end the ones that did
      this.dispose();
      throw e;
    }
    this.ready = Promise.all(readies).then(() => undefined);
    this.ready.catch(() => {});
  }

  private spawn(tid: number): Promise<void> {
    const data: ThreadData = {
      module: this.shared.module, memory: this.shared.memory, tid, ctl: this.ctl, fns: [...POOL_FNS], spin: poolTuning.spin,
      words: { SEQ: POOL_SEQ, FN: POOL_FN, ARGS: POOL_ARGS, BROKEN: POOL_BROKEN, GEN: POOL_GEN, READY: POOL_READY, DONE: POOL_DONE },
    };
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const ready = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const onMessage = (m: { type: string; message?: string }): void => {
      if (m.type === 'ready') return resolve();
      this.failure ??= m.message ?? 'unknown error';
      reject(new Error(this.failure));
    };
    if (isNode) {
      const w = new nodeWorkers!.Worker(NODE_THREAD, { eval: true, workerData: data });
      live++;
      w.on('message', onMessage);
      w.on('error', (e) => { this.failure ??= String(e); reject(e); });
      w.on('exit', (code) => {
        live--;
        if (!this.ended) {
          // a worker that ends before the pool does: every later call runs on the calling thread
          this.failure ??= `a pool worker exited (code ${code})`;
          reject(new Error(this.failure));
        }
        // the control block is given back only when no worker can read it any more
        if (++this.exitedCount === this.workers.length && this.closed) this.allocator.free(this.ctl);
      });
      // Once it is ready, the worker (and its port, which the 'message' listener refs) must not
      // keep the process alive: an idle pool lets Node exit even if dispose is never called. Not
      // before: a pending Network.create waits for this very message.
      ready.then(() => w.unref(), () => {});
      this.workers.push({ terminate: () => void w.terminate() });
    } else {
      // the literal form bundlers (Vite, webpack 5, Parcel) follow to emit the worker
      const w = new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' });
      live++;
      w.onmessage = (e: MessageEvent) => onMessage(e.data as { type: string; message?: string });
      w.onerror = (e) => { this.failure ??= e.message; reject(new Error(`wasmprop: a pool worker failed to start: ${e.message}`)); };
      w.postMessage(data);
      // no exit event here: the control block (POOL_WORDS words) stays allocated after dispose
      this.workers.push({ terminate: () => { w.terminate(); live--; } });
    }
    return ready;
  }

  /** Whether the pool can no longer run calls on every thread (a worker failed, or it was ended). */
  get failed(): boolean {
    return this.oneThread !== undefined || this.failure !== undefined || this.closed;
  }

  /** A network gives the pool back (takePool); the last one ends the workers. */
  release(): void {
    if (--this.refs > 0) return;
    if (this.home?.get(this.threads) === this) this.home.delete(this.threads);
    this.dispose();
  }

  /** The threads calls run on: the pool's, or 1 once a worker has failed. */
  get threadsInUse(): number {
    return this.oneThread ? 1 : this.threads;
  }

  /**
   * Whether a call can run on every thread: all workers have started (waiting up to
   * poolTuning.readyWaitMs for those still starting; the call runs on one thread if they are not
   * there by then) and none has failed. After a failure every call runs on the calling thread alone —
   * the same bits, since they do not depend on the thread count — the workers are ended, and the
   * network says so once.
   */
  private allThreads(): boolean {
    if (this.oneThread) return false;
    const i32 = this.views.i32;
    const c = this.ctl >> 2;
    const want = this.threads - 1;
    // the first call waits for workers still starting; later ones only look (their calls run on one thread until all are there)
    let until = Number.NaN;
    for (let n = Atomics.load(i32, c + POOL_READY); ; n = Atomics.load(i32, c + POOL_READY)) {
      if (Atomics.load(i32, c + POOL_BROKEN) || this.failure !== undefined) {
        const what = n < want ? 'a pool worker failed to start' : 'a thread of the pool failed';
        return this.toOneThread(this.failure === undefined ? what : `${what} (${this.failure})`);
      }
      if (n >= want) return true;
      if (Number.isNaN(until)) until = performance.now() + (this.waited ? 0 : poolTuning.readyWaitMs);
      const left = until - performance.now();
      if (left <= 0) {
        this.waited = true;
        return false;
      }
      try {
        Atomics.wait(i32, c + POOL_READY, n, left);
      } catch {
        return false; // a thread that may not block (a page's main thread)
      }
    }
  }

  /**
   * After a call failed on some thread: lets every thread through its barriers, waits (at most 2 s)
   * until every worker has left the call — so none writes memory after the caller puts it back —
   * and ends the workers; later calls run on the calling thread alone.
   */
  private breakPool(why: string): void {
    const i32 = this.views.i32;
    const c = this.ctl >> 2;
    Atomics.store(i32, c + POOL_BROKEN, 1);
    Atomics.add(i32, c + POOL_GEN, 1);
    Atomics.notify(i32, c + POOL_GEN);
    const want = this.parallelCalls * (this.threads - 1);
    const until = performance.now() + 2000;
    for (let n = Atomics.load(i32, c + POOL_DONE); n < want; n = Atomics.load(i32, c + POOL_DONE)) {
      const left = until - performance.now();
      if (left <= 0) break;
      try {
        Atomics.wait(i32, c + POOL_DONE, n, left);
      } catch {
        break;
      }
    }
    this.oneThread ??= why;
    this.endWorkers();
  }

  private toOneThread(why: string): false {
    this.oneThread = why;
    console.warn(`wasmprop: training on one thread from now on: ${why}.`);
    this.endWorkers();
    return false;
  }

  /**
   * Runs a driver call: on every thread of the pool when `parallel` (and every worker is there),
   * else on the calling thread alone (the descriptor's H_POOL word tells the drivers which). Returns
   * thread 0's result.
   */
  run(desc: number, fn: PoolFn, args: number[], parallel: boolean): number {
    const i32 = this.views.i32;
    const c = this.ctl >> 2;
    const k = POOL_FNS.indexOf(fn);
    if (this.closed) throw new Error('wasmprop: internal error: a call on a disposed thread pool');
    if (parallel && !this.allThreads()) parallel = false;
    i32[(desc >> 2) + H_POOL] = parallel ? this.ctl : 0;
    if (!parallel) return this.fns[k](...args);
    this.parallelCalls++;
    const f64 = this.views.f64;
    const a = (this.ctl >> 3) + (POOL_ARGS >> 1);
    for (let j = 0; j < args.length; j++) f64[a + j] = args[j];
    i32[c + POOL_SPIN] = poolTuning.spin;
    i32[c + POOL_UNITS_MIN] = poolTuning.minUnitsWork;
    i32[c + POOL_ROTATE] = poolTuning.rotate;
    Atomics.store(i32, c + POOL_FN, k);
    Atomics.add(i32, c + POOL_SEQ, 1);
    Atomics.notify(i32, c + POOL_SEQ);
    let r: number;
    try {
      r = this.fns[k](...args);
    } catch (e) {
      // the calling thread left the call (a trap): the workers wait for it at a barrier — let them through and end them
      this.breakPool('the calling thread failed in a call');
      throw e;
    }
    if (Atomics.load(i32, c + POOL_BROKEN)) {
      // its parts of this call are missing; every later call runs on the calling thread alone
      this.breakPool('a thread of the pool failed');
      throw new PoolFailure(`wasmprop: a thread of the pool failed during this call${this.failure === undefined ? '' : ` (${this.failure})`}; a train call's parameters are put back as they were, and the network runs on one thread from now on`);
    }
    // Thread 0's result as the drivers left it in memory (POOL_RESULT), not the return value: in
    // development on Node 20 (V8 11.3) a pool call once returned a loss rounded to float32 while the
    // memory it was computed into was right (only with dynamic tiering: not with --liftoff or
    // --no-liftoff alone). Not reproduced since the result went through memory; kept as the safe path.
    if (RESULTS[k]) return this.views.f64[(this.ctl >> 3) + (POOL_RESULT >> 1)];
    return r;
  }

  /** Ends every worker (they leave their wait and exit); safe to call twice. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.endWorkers();
    // Node frees the control block at the last worker's exit; none to wait for (or all gone already)
    if (this.workers.length === 0 || (isNode && this.exitedCount === this.workers.length)) this.allocator.free(this.ctl);
  }

  private endWorkers(): void {
    if (this.ended) return;
    this.ended = true;
    const i32 = this.views.i32;
    const c = this.ctl >> 2;
    Atomics.store(i32, c + POOL_FN, -1);
    Atomics.add(i32, c + POOL_SEQ, 1);
    Atomics.notify(i32, c + POOL_SEQ);
    for (const w of this.workers) w.terminate();
  }
}
