// The program of one pool thread (a worker of backend/pool.ts): instantiate the shared-memory binary
// on the shared memory as thread `tid`, then run every driver call written to the control block
// until POOL_FN < 0. A failing call marks the pool broken and wakes the barrier, so the calling
// thread returns and reports it instead of waiting for ever.
// Self-contained on purpose — no imports, no module-level names, no named inner functions — because
// Node runs it from its source text (`runPoolThread.toString()` in an eval worker), and browsers
// from pool-worker.ts, which imports it.
// Not here: starting threads or writing calls (pool.ts).

/** What a pool thread is started with. */
export interface ThreadData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  tid: number;
  /** Byte address of the pool's control block. */
  ctl: number;
  /** The driver exports a call can name, by index. */
  fns: string[];
  /** Polls of the call word before the thread sleeps in Atomics.wait. */
  spin: number;
  /** Control block word offsets (abi.ts POOL_*). */
  words: { SEQ: number; FN: number; ARGS: number; BROKEN: number; GEN: number; READY: number; DONE: number };
}

/** Runs one pool thread until the pool ends; `post` sends { type: 'ready' | 'error', message? } to the pool. */
export function runPoolThread(d: ThreadData, post: (m: { type: string; message?: string }) => void): void {
  const W = d.words;
  const i32 = new Int32Array(d.memory.buffer);
  const f64 = new Float64Array(d.memory.buffer);
  const c = d.ctl >> 2;
  const a = (d.ctl >> 3) + (W.ARGS >> 1);
  const imports = { env: { memory: d.memory, abort(): never { throw new Error('wasmprop: WebAssembly abort in a pool thread'); } } };
  // Everything a failure must say is said in memory too: the calling thread, blocked in a call or
  // waiting for this worker to start, cannot read messages.
  let inCall = false;
  try {
    const ex = new WebAssembly.Instance(d.module, imports).exports as Record<string, (...a: number[]) => number>;
    ex.thread_init(d.tid);
    const fns = d.fns.map((n) => ex[n]);
    Atomics.add(i32, c + W.READY, 1);
    Atomics.notify(i32, c + W.READY);
    post({ type: 'ready' });
    let seen = 0;
    for (;;) {
      let s = Atomics.load(i32, c + W.SEQ);
      for (let k = 0; s === seen && k < d.spin; k++) s = Atomics.load(i32, c + W.SEQ);
      while (s === seen) {
        Atomics.wait(i32, c + W.SEQ, seen);
        s = Atomics.load(i32, c + W.SEQ);
      }
      seen = s;
      const fn = Atomics.load(i32, c + W.FN);
      if (fn < 0) return;
      const f = fns[fn];
      const args: number[] = [];
      for (let k = 0; k < f.length; k++) args.push(f64[a + k]);
      inCall = true;
      f(...args);
      inCall = false;
      // calls this thread has left: after a failure the caller waits for them before it puts memory back
      Atomics.add(i32, c + W.DONE, 1);
      Atomics.notify(i32, c + W.DONE);
    }
  } catch (e) {
    // broken: the barriers let every thread through, a caller waiting for this worker's start wakes
    Atomics.store(i32, c + W.BROKEN, 1);
    Atomics.add(i32, c + W.GEN, 1);
    Atomics.notify(i32, c + W.GEN);
    Atomics.notify(i32, c + W.READY);
    if (inCall) Atomics.add(i32, c + W.DONE, 1);
    Atomics.notify(i32, c + W.DONE);
    post({ type: 'error', message: String(inCall ? ((e as Error)?.stack ?? e) : ((e as Error)?.message ?? e)) });
  }
}
