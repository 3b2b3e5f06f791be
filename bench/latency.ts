// The cross-core round trip of this machine at the moment: two threads (this process's child and
// its worker) pass a counter back and forth through a SharedArrayBuffer with Atomics, 100,000 times.
// On this VM it moves between ≈ 0.25 µs and ≈ 2.3 µs within one session (the host places the two
// vCPUs near or far from each other), and the threads' speed-ups with it: W3-online's two threads
// meet twice per row (docs/threads.md). The paired stage records it before every round, so each
// round's threads ratio can be read against it.
// Also each core's share of the time it runs and its pace while both cores are busy
// (coreAvailability): the host may take a vCPU away for ~0.1 ms at a time, or run it slower, and a
// thread there holds its partner at the next barrier.
// Not here: pinning (pin.ts), what runs when (run.ts, paired.ts).
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canPin } from './pin.js';
import type { Command, Ended } from './together.js';

const HERE = dirname(fileURLToPath(import.meta.url));

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

// Each core's share: one child per core, all at once (pinned), each spinning SPIN_MS in steps of a
// fixed bit of arithmetic and a clock read (≈ 0.1 µs each); a step longer than GAP_MS is time the
// core did not run the child. bench/together.ts starts them at once and waits for all.
const SPIN_MS = 500;
const GAP_MS = 0.05;
const SPIN = `
const end = performance.now() + ${SPIN_MS};
let last = performance.now(), lost = 0, steps = 0, x = 1;
for (;;) {
  for (let k = 0; k < 16; k++) x = (x * 1.0000001 + 1e-9) % 7;
  const t = performance.now();
  if (t - last > ${GAP_MS}) lost += t - last;
  last = t;
  steps++;
  if (t > end) break;
}
console.log(JSON.stringify({ lost: lost / ${SPIN_MS}, steps: steps / (${SPIN_MS} - lost), x }));`;
/** One core's share while every core is busy: the fraction of time it did not run, its pace relative to the fastest core. */
export interface CoreShare { lost: number; pace: number }

/** Each core's lost time and relative pace with every core busy at once, or undefined where cores cannot be pinned or the probe failed. */
export function coreAvailability(): CoreShare[] | undefined {
  const n = availableParallelism();
  if (n < 2 || !canPin()) return undefined;
  const cmds: Command[] = Array.from({ length: n }, (_, c) => ({ cmd: 'taskset', args: ['-c', String(c), process.execPath, '-e', SPIN] }));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'together.ts'), JSON.stringify(cmds)], { cwd: join(HERE, '..'), encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return undefined;
  const got = (JSON.parse(r.stdout) as Ended[]).map((e) => {
    try {
      return e.status === 0 ? (JSON.parse(e.stdout) as { lost: number; steps: number }) : undefined;
    } catch {
      return undefined;
    }
  });
  if (got.some((g) => !g || !Number.isFinite(g.lost) || !(g.steps > 0))) return undefined;
  const fastest = Math.max(...got.map((g) => g!.steps));
  return got.map((g) => ({ lost: g!.lost, pace: g!.steps / fastest }));
}
