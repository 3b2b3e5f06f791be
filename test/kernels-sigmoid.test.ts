// The SIMD sigmoid (sigmoid_fwd_f64__simd128: exp on two lanes, assembly/exp_simd.ts) must give the
// scalar WASM kernel's bits — it runs AssemblyScript's Math.exp algorithm lane by lane — over the
// whole range: tiny, ordinary, large, subnormal and overflowing arguments, ±0, ±Infinity, NaN, odd
// lengths and in place, for several gains. Against the TS twin (V8's Math.exp) both are within
// ONE_PASS: kernels-variants.test.ts sweeps that ('libm' rounding in the registry).
import { describe, it, expect, beforeAll } from 'vitest';
import { instantiateWasm, hasSimd, type RawExports } from '../src/backend/wasm-loader.js';
import { Allocator, MemoryViews } from '../src/backend/memory.js';
import { Rng } from '../src/index.js';

type Fn = (...a: number[]) => unknown;

const SPECIALS = [
  0, -0, 5e-324, -5e-324, 1e-300, 1e-200, 2 ** -54, 2 ** -53, 1e-16, 1e-17, 0.5, 1, 2, 36, 37,
  511.9, 512, 512.1, 700, 708.39, 709.78, 709.79, 745.13, 745.14, 1000, 1023.9, 1024, 1e10, 1e300,
  Number.MAX_VALUE, Infinity, NaN,
];

describe('sigmoid_fwd_f64__simd128 against the scalar WASM kernel, bit for bit', () => {
  if (!hasSimd()) {
    console.warn('kernels-sigmoid: not run here: no WebAssembly SIMD128');
    return;
  }
  let scalar: Fn;
  let simd: Fn;
  let views: MemoryViews;
  let alloc: Allocator;
  beforeAll(async () => {
    const ex: RawExports = await instantiateWasm('simd');
    scalar = ex.sigmoid_fwd_f64__scalar as Fn;
    simd = ex.sigmoid_fwd_f64__simd128 as Fn;
    views = new MemoryViews(ex.memory);
    alloc = new Allocator(ex.memory, (ex.heap_base as () => number)());
  });

  /** Runs both kernels on xs (out of place and in place) and returns the first disagreement. */
  function compare(xs: number[], alpha: number): string | undefined {
    const n = xs.length;
    const px = alloc.alloc(n * 8 + 8);
    const pa = alloc.alloc(n * 8 + 8);
    const pb = alloc.alloc(n * 8 + 8);
    try {
      const f = views.f64;
      f.set(xs, px >> 3);
      f.fill(NaN, pa >> 3, (pa >> 3) + n);
      f.set(xs, pb >> 3);
      scalar(pa, px, alpha, n);
      simd(pb, pb, alpha, n); // in place, as the driver calls it
      const g = views.f64;
      for (let k = 0; k < n; k++) {
        const want = g[(pa >> 3) + k];
        const got = g[(pb >> 3) + k];
        if (!Object.is(got, want)) return `x = ${xs[k]}, alpha ${alpha}, n ${n}, element ${k}: simd ${got} vs scalar ${want}`;
      }
      return undefined;
    } finally {
      alloc.free(px);
      alloc.free(pa);
      alloc.free(pb);
    }
  }

  it('special arguments of both signs, paired with each other and with ordinary values', () => {
    const all = [...SPECIALS, ...SPECIALS.map((v) => -v)];
    for (const alpha of [1, 0.5, 2, 1.7, 1e-3]) {
      // every special next to every other one, so both lanes see each kind (and the mixed fallback)
      const xs: number[] = [];
      for (const a of all) for (const b of all) xs.push(a, b);
      expect(compare(xs, alpha)).toBeUndefined();
      expect(compare(all.flatMap((v) => [v, 0.3]), alpha)).toBeUndefined();
    }
  });

  it('random arguments over 40 binades and odd lengths', () => {
    const rng = new Rng(5);
    for (const n of [1, 2, 3, 7, 64, 1001]) {
      for (let round = 0; round < 30; round++) {
        const xs = Array.from({ length: n }, () => {
          const m = rng.uniform(1);
          return m * 2 ** Math.round(rng.uniform(20));
        });
        expect(compare(xs, round % 2 ? 1 : 1.3)).toBeUndefined();
      }
    }
  });

  it('the outputs are sigmoids: in [0, 1], 0.5 at 0, monotone', () => {
    const xs = Array.from({ length: 201 }, (_, k) => (k - 100) / 4);
    const p = alloc.alloc(xs.length * 8);
    views.f64.set(xs, p >> 3);
    simd(p, p, 1, xs.length);
    const y = Array.from(views.f64.subarray(p >> 3, (p >> 3) + xs.length));
    alloc.free(p);
    expect(y[100]).toBe(0.5);
    for (let k = 1; k < y.length; k++) expect(y[k]).toBeGreaterThanOrEqual(y[k - 1]);
    expect(Math.min(...y)).toBeGreaterThan(0);
    expect(Math.max(...y)).toBeLessThan(1);
  });
});
