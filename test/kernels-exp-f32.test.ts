// Accuracy of the float32 exp and sigmoid (assembly/exp_f32.ts, sigmoid_fwd_f32__*), in ulps against
// the float32 rounding of the float64 result (Math.fround(Math.exp(x)), Math.fround(1/(1+exp(−z))))
// on every binade of |x| from 2^−40 to 2^7 (both signs), a sweep of exp's whole range [−104, 89] and
// the edges (overflow to +Infinity, underflow to subnormals and 0), in every binary that has the
// kernels. The scalar and f32x4 kernels perform the same operations: their results must be identical.
// Not here: the shape sweeps against the twin (kernels-variants.test.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { instantiateWasm, hasSimd, type RawExports } from '../src/backend/wasm-loader.js';
import { Allocator, MemoryViews } from '../src/backend/memory.js';
import { Rng } from '../src/util/rng.js';
import { ulpDistance } from './helpers/tolerance.js';

/** The bounds this file holds the kernels to (assembly/exp_f32.ts states them). */
const EXP_ULP = 1;
const SIGMOID_ULP = 3;

/** Inputs: 4000 per binade of |x| in [2^−40, 2^7), both signs, then a uniform sweep of [−104, 89]. */
function inputs(): Float32Array {
  const rng = new Rng(5);
  const xs: number[] = [];
  for (let e = -40; e < 7; e++) for (let j = 0; j < 4000; j++) xs.push((j & 1 ? -1 : 1) * (1.5 + rng.uniform(0.5)) * 2 ** e);
  for (let j = 0; j < 200_000; j++) xs.push(-6.5 + 96.5 * rng.uniform(1));
  xs.push(0, -0, 88.72, 88.7229, 88.8, 89, 200, -87.3, -100, -103.9, -104, -150, Infinity, -Infinity);
  return Float32Array.from(xs);
}

interface Run {
  run(name: string, xs: Float32Array, alpha?: number): Float32Array;
}

function runner(ex: RawExports): Run {
  const views = new MemoryViews(ex.memory);
  const alloc = new Allocator(ex.memory, (ex.heap_base as () => number)());
  return {
    run(name, xs, alpha) {
      const x = alloc.alloc(xs.length * 4);
      const y = alloc.alloc(xs.length * 4);
      try {
        views.f32.set(xs, x >> 2);
        const fn = ex[name] as (...a: number[]) => void;
        if (alpha === undefined) fn(y, x, xs.length);
        else fn(y, x, alpha, xs.length);
        return views.f32.slice(y >> 2, (y >> 2) + xs.length);
      } finally {
        alloc.free(x);
        alloc.free(y);
      }
    },
  };
}

/** Largest ulp distance of got from want(x) and where. */
function worst(xs: Float32Array, got: Float32Array, want: (x: number) => number): { ulp: number; at: number; got: number; want: number } {
  let w = { ulp: 0, at: NaN, got: NaN, want: NaN };
  for (let k = 0; k < xs.length; k++) {
    const e = Math.fround(want(xs[k]));
    const d = ulpDistance(got[k], e);
    if (d > w.ulp) w = { ulp: d, at: xs[k], got: got[k], want: e };
  }
  return w;
}

const BINARIES = [{ binary: 'scalar' as const, simd: false }, ...(hasSimd() ? [{ binary: 'simd' as const, simd: true }] : [])];

for (const { binary, simd } of BINARIES) {
  describe(`float32 exp and sigmoid in build/wasmprop.${binary}.wasm`, () => {
    let r: Run;
    const xs = inputs();
    beforeAll(async () => {
      r = runner(await instantiateWasm(binary));
    });

    it(`exp_f32__scalar is within ${EXP_ULP} ulp of fround(exp(x)) over ${xs.length} inputs`, () => {
      const w = worst(xs, r.run('exp_f32__scalar', xs), Math.exp);
      expect(w.ulp, `worst at x = ${w.at}: got ${w.got}, want ${w.want}`).toBeLessThanOrEqual(EXP_ULP);
    });

    it('exp_f32 overflows to +Infinity from 88.7229 and rounds tiny results to subnormals, then 0', () => {
      const y = r.run('exp_f32__scalar', Float32Array.from([88.72, 88.7229, 88.73, -87.5, -100, -103.9, -104.5, 0]));
      expect(Number.isFinite(y[0])).toBe(true);
      expect(y[1]).toBe(Math.fround(Math.exp(Math.fround(88.7229))));
      expect(y[2]).toBe(Infinity);
      for (const k of [3, 4, 5]) expect(y[k] > 0 && y[k] < 1.1754943508222875e-38, `exp(${[-87.5, -100, -103.9][k - 3]}) subnormal`).toBe(true);
      expect(y[6]).toBe(0);
      expect(y[7]).toBe(1);
    });

    for (const alpha of [1, 1.7]) {
      it(`sigmoid_fwd_f32__scalar (alpha ${alpha}) is within ${SIGMOID_ULP} ulp of fround(1/(1+exp(−alpha·x)))`, () => {
        const a = Math.fround(alpha);
        const w = worst(xs, r.run('sigmoid_fwd_f32__scalar', xs, alpha), (x) => 1 / (1 + Math.exp(-Math.fround(a * x))));
        expect(w.ulp, `worst at x = ${w.at}: got ${w.got}, want ${w.want}`).toBeLessThanOrEqual(SIGMOID_ULP);
      });
    }

    if (simd) {
      it('the f32x4 exp and sigmoid give the scalar kernels\' bits', () => {
        const e1 = r.run('exp_f32__scalar', xs);
        const e4 = r.run('exp_f32__simd128', xs);
        const s1 = r.run('sigmoid_fwd_f32__scalar', xs, 1.7);
        const s4 = r.run('sigmoid_fwd_f32__simd128', xs, 1.7);
        for (let k = 0; k < xs.length; k++) {
          if (!Object.is(e1[k], e4[k])) throw new Error(`exp at x = ${xs[k]}: scalar ${e1[k]}, simd ${e4[k]}`);
          if (!Object.is(s1[k], s4[k])) throw new Error(`sigmoid at x = ${xs[k]}: scalar ${s1[k]}, simd ${s4[k]}`);
        }
      });
    }
  });
}
