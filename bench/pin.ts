// Core pinning of the single-threaded cells. This VM's two vCPUs do not run at the same speed at
// the same moment (measured: the same W1 process 95–100 ns per update on one, 140–145 on the other,
// for minutes, then the other way round — the host's load on each), and an unpinned child lands on
// either, so two cells of a ratio could run on cores ~45 % apart. Pinning both cells of a ratio to
// the same core removes that; the paired stage moves to the next core every round so every core is
// sampled. Multi-threaded cells (ids ending in -mt) are never pinned. Linux `taskset` (util-linux);
// where it is missing, or with --no-pin, everything runs unpinned.
// Not here: which cell runs when (run.ts, paired.ts).
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

let available: boolean | undefined;

/** Whether `taskset` can pin a child here. */
export function canPin(): boolean {
  available ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return available;
}

/** Whether a system runs on more than one thread (then it is never pinned). */
export const multiThreaded = (id: string): boolean => id.endsWith('-mt');

/** The core a single-threaded cell of round `round` runs on (the main table: round 0). */
export const coreOf = (round: number): number => round % availableParallelism();

/** `cmd args`, or the same under `taskset -c cpu` when cpu is given and taskset works. */
export function pinned(cmd: string, args: string[], cpu: number | undefined): [string, string[]] {
  return cpu === undefined || !canPin() ? [cmd, args] : ['taskset', ['-c', String(cpu), cmd, ...args]];
}
