// The tolerances of the test suite, stated once (STYLE.md §9), and comparison helpers whose failure
// messages carry the name, the shape, the index, both values and the tolerance.
import { expect } from 'vitest';

export interface Tol {
  atol: number;
  rtol: number;
}

/** One forward/backward pass, any backend or kernel vs the golden file / the TS twin. */
export const ONE_PASS: Tol = { atol: 1e-14, rtol: 1e-12 };
/** Values after training (errors compound over many steps): |a−e| ≤ 1e-12 + 1e-10·|e|. */
export const TRAINED: Tol = { atol: 1e-12, rtol: 1e-10 };
/** SIMD kernels with reordered sums vs the scalar reference. */
export const SIMD: Tol = { atol: 1e-12, rtol: 1e-12 };
/** Relaxed SIMD (fused multiply-add may or may not be used). */
export const RELAXED: Tol = { atol: 1e-10, rtol: 1e-10 };

function within(a: number, e: number, t: Tol): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Number.isFinite(a) && Math.abs(a - e) <= t.atol + t.rtol * Math.abs(e);
}

/** Flattens nested number arrays / typed arrays. */
export function flat(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.flatMap((x) => flat(x));
  throw new Error(`flat: not numeric: ${String(v)}`);
}

/** Asserts every element of `actual` is within `tol` of `expected`; the message names what, where and how far. */
export function expectClose(what: string, actual: unknown, expected: unknown, tol: Tol): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, `${what}: length`).toBe(e.length);
  for (let k = 0; k < e.length; k++) {
    if (!within(a[k], e[k], tol)) {
      const err = Math.abs(a[k] - e[k]);
      throw new Error(`${what} [${k}] (of ${e.length}): got ${a[k]}, expected ${e[k]}, |diff| ${err.toExponential(3)} > atol ${tol.atol} + rtol ${tol.rtol}·|e|`);
    }
  }
}
