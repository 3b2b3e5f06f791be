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

// ---- float32 (dtype 'f32') ----------------------------------------------------------------------

/** Unit roundoff of float32: 2⁻²⁴. */
export const F32_U = 2 ** -24;
/**
 * f32x4 sums in another order than the scalar loop (dense_fwd's 4 lanes, the fused update's
 * forward half) vs the f32 twin, on the kernel sweeps' inputs (uniform in [−1, 1], sums of up to 784
 * products): each order's error is at most γ_n·Σ|terms| and in practice ≈ u·√n·|partial sums|, which is
 * < 2e-5 absolute for n ≤ 784; atol = 1e-4, rtol = 1e-5 leaves room for the
 * worst shapes and still fails on any wrong term (≥ 1e-2 on these inputs).
 */
export const F32_SIMD: Tol = { atol: 1e-4, rtol: 1e-5 };
/** f32 relaxed SIMD (relaxed_madd fused or not): F32_SIMD's bound with one rounding fewer or more per term. */
export const F32_RELAXED: Tol = { atol: 1e-4, rtol: 1e-5 };
/**
 * The f32 exp and sigmoid (assembly/exp_f32.ts) against the twin's Math.fround(Math.exp(·)): exp is
 * within 1 ulp of the rounded exact value, the sigmoid within 3 (test/kernels-exp-f32.test.ts).
 */
export const F32_LIBM_ULP = 3;

const ulpF = new Float32Array(2);
const ulpI = new Int32Array(ulpF.buffer);

/** Distance in float32 ulps between two float32 values (0 for equal, Infinity for NaN). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  ulpF[0] = a;
  ulpF[1] = b;
  const i = ulpI;
  // map the sign-magnitude bit patterns onto a monotone integer line
  const ord = (x: number): number => (x < 0 ? -0x80000000 - x : x);
  return Math.abs(ord(i[0]) - ord(i[1]));
}
