// The module Web Worker of a pool thread in browsers (`new Worker(new URL('./pool-worker.js',
// import.meta.url), { type: 'module' })` in pool.ts, the form bundlers follow): takes its start
// data from the first message and runs the thread. Node runs the same program in an eval worker.
// Not here: the thread's program (pool-thread.ts).
import { runPoolThread, type ThreadData } from './pool-thread.js';

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void; close(): void };
scope.onmessage = (e: MessageEvent): void => {
  scope.onmessage = null;
  runPoolThread(e.data as ThreadData, (m) => scope.postMessage(m));
  scope.close();
};
