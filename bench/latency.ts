// The cross-core round trip of this machine at the moment: two threads (this process's child and
// its worker) pass a counter back and forth through a SharedArrayBuffer with Atomics, 100,000 times.
// On this VM it moves between ≈ 0.25 µs and ≈ 2.3 µs within one session (the host places the two
// vCPUs near or far from each other), and the threads' speed-ups with it: W3-online's two threads
// meet twice per row (docs/threads.md). The paired stage records it before every round, so each
// round's threads ratio can be read against it.
// Not here: pinning (pin.ts), what runs when (run.ts, paired.ts).
import { spawnSync } from 'node:child_process';

const PROBE = `
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const N = 100000;
if (isMainThread) {
  const a = new Int32Array(new SharedArrayBuffer(256));
  const w = new Worker(process.argv[1], { eval: true, workerData: a.buffer });
  // the first 1,000 round trips also wait for the worker to start; only the rest are timed
  for (let i = 0; i < 1000; i++) { Atomics.store(a, 0, 2 * i + 1); while (Atomics.load(a, 16) !== 2 * i + 1); }
  const t0 = performance.now();
  for (let i = 1000; i < N; i++) { Atomics.store(a, 0, 2 * i + 1); while (Atomics.load(a, 16) !== 2 * i + 1); }
  console.log(((performance.now() - t0) * 1000 / (N - 1000)).toFixed(3));
  w.terminate();
} else {
  const a = new Int32Array(workerData);
  for (let i = 0; i < N; i++) { while (Atomics.load(a, 0) !== 2 * i + 1); Atomics.store(a, 16, 2 * i + 1); }
}`;

/** Microseconds per cross-core round trip (two threads ping-ponging on Atomics), or NaN if the probe failed. */
export function crossCoreRoundTrip(): number {
  // the probe's text is also its argv[1]: the worker runs it from there
  const r = spawnSync(process.execPath, ['-e', PROBE, PROBE], { encoding: 'utf8', timeout: 30_000 });
  const v = Number.parseFloat(r.stdout ?? '');
  return r.status === 0 && Number.isFinite(v) ? v : Number.NaN;
}
