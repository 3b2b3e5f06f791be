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
