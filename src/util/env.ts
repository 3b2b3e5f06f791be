// Small facts about the runtime and the clock, written once for every part of wasmprop.
// Not here: anything that loads or computes (this file imports nothing).

/** True in Node.js (and runtimes that present themselves as Node, such as Bun). */
export const isNode: boolean = typeof process !== 'undefined' && !!(process as { versions?: { node?: string } }).versions?.node;

/** Milliseconds from a monotonic clock where there is one (performance.now), else Date.now. */
export const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The cores the runtime reports: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers; 1 if neither says. */
export function cores(): number {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = isNode ? (p?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus?: () => unknown[] } | undefined) : undefined;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const n = os?.availableParallelism?.() ?? os?.cpus?.().length ?? nav?.hardwareConcurrency ?? 1;
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Whether Node's permission model (--experimental-permission / --permission) refuses this process workers (no --allow-worker). */
export function nodeWorkersRefused(): boolean {
  if (!isNode) return false;
  const permission = (process as unknown as { permission?: { has(scope: string): boolean } }).permission;
  return !!permission && !permission.has('worker');
}
