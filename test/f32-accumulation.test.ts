// What accumulates in which precision in the float32 family, and the bound that holds it:
// - the weight and bias gradients of a batch are summed in float32, in blocks of GRAD_BLOCK_ROWS = 32
//   rows from zero, each block's sum then added into dW/db (dense_bwd_weight_f32__*). A gradient
//   element of B rows then carries at most (R − 1 + ⌈B/R⌉)·u·Σ|terms| of rounding (R = 32, u = 2⁻²⁴):
//   63·u at B = 1000, where the running float32 sum's bound is 999·u — and measured, the blocked sum
//   is ≥ 4× closer to the exact sum than the running one on a 1000-row batch of same-sign terms
//   (the case where a running sum loses the small contributions);
// - forward sums (dense_fwd) are float32 over the fan-in; losses, Σp² and the diagnostics are float64.
// The exact sums here are float64 sums of the float32 products (each product exact in float64).
// Not here: the kernels' agreement with their twins (kernels-variants.test.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { instantiateWasm, hasSimd, type RawExports } from '../src/backend/wasm-loader.js';
import { Allocator, MemoryViews } from '../src/backend/memory.js';
import { GRAD_BLOCK_ROWS } from '../src/backend/ts-kernels-f32.js';
import { Network, Rng } from '../src/index.js';
import { F32_U } from './helpers/tolerance.js';

const B = 1000, IN = 48, OUT = 8;

/** dy (B,OUT), x (B,IN) as float32: x ≥ 0 and dy of one sign per output, so no term cancels another. */
function batch(rng: Rng): { dy: Float32Array; x: Float32Array } {
  const dy = Float32Array.from({ length: B * OUT }, (_, k) => (k % OUT < OUT / 2 ? 1 : -1) * (0.001 + 0.01 * Math.abs(rng.uniform(1))) / B);
  const x = Float32Array.from({ length: B * IN }, () => 0.5 + 0.5 * rng.uniform(1));
  return { dy, x };
}

/** Per element: the exact Σ_r dy·x, Σ_r |dy·x| and the running float32 sum. */
function reference(dy: Float32Array, x: Float32Array): { exact: Float64Array; abs: Float64Array; running: Float64Array } {
  const exact = new Float64Array(OUT * IN), abs = new Float64Array(OUT * IN), running = new Float64Array(OUT * IN);
  for (let o = 0; o < OUT; o++) {
    for (let i = 0; i < IN; i++) {
      let e = 0, a = 0, s = 0;
      for (let r = 0; r < B; r++) {
        const t = dy[r * OUT + o] * x[r * IN + i];
        e += t; a += Math.abs(t); s = Math.fround(s + Math.fround(t));
      }
      exact[o * IN + i] = e; abs[o * IN + i] = a; running[o * IN + i] = s;
    }
  }
  return { exact, abs, running };
}

describe('float32 gradient accumulation over a 1000-row batch', () => {
  let ex: RawExports;
  beforeAll(async () => {
    ex = await instantiateWasm(hasSimd() ? 'simd' : 'scalar');
  });

  it('the binary and the twins block rows the same way', () => {
    expect(Number((ex.GRAD_BLOCK_ROWS as WebAssembly.Global).value)).toBe(GRAD_BLOCK_ROWS);
  });

  for (const name of ['dense_bwd_weight_f32__scalar', ...(hasSimd() ? ['dense_bwd_weight_f32__simd128_4x8'] : [])]) {
    it(`${name}: every element within (R − 1 + ⌈B/R⌉)·u·Σ|terms|, and closer to the exact sum than a running float32 sum`, () => {
      const views = new MemoryViews(ex.memory);
      const alloc = new Allocator(ex.memory, (ex.heap_base as () => number)());
      const { dy, x } = batch(new Rng(3));
      const p = { dw: alloc.alloc(OUT * IN * 4), db: alloc.alloc(OUT * 4), dy: alloc.alloc(B * OUT * 4), x: alloc.alloc(B * IN * 4) };
      const f = views.f32;
      f.fill(0, p.dw >> 2, (p.dw >> 2) + OUT * IN);
      f.fill(0, p.db >> 2, (p.db >> 2) + OUT);
      f.set(dy, p.dy >> 2);
      f.set(x, p.x >> 2);
      (ex[name] as (...a: number[]) => void)(p.dw, p.db, p.dy, p.x, B, IN, OUT);
      const got = views.f32.slice(p.dw >> 2, (p.dw >> 2) + OUT * IN);
      const { exact, abs, running } = reference(dy, x);
      const k = GRAD_BLOCK_ROWS - 1 + Math.ceil(B / GRAD_BLOCK_ROWS);
      let errBlocked = 0, errRunning = 0;
      for (let e = 0; e < OUT * IN; e++) {
        const bound = k * F32_U * abs[e] * 1.001;
        expect(Math.abs(got[e] - exact[e]), `dW[${e}]: ${got[e]} vs exact ${exact[e]}, bound ${bound}`).toBeLessThanOrEqual(bound);
        errBlocked += Math.abs(got[e] - exact[e]) / abs[e];
        errRunning += Math.abs(running[e] - exact[e]) / abs[e];
      }
      // mean relative errors (in u): blocked ≈ a few, running ≈ tens
      expect(errBlocked * 4, `mean error blocked ${(errBlocked / OUT / IN / F32_U).toFixed(2)} u, running ${(errRunning / OUT / IN / F32_U).toFixed(2)} u`).toBeLessThan(errRunning);
      for (const q of Object.values(p)) alloc.free(q);
    });
  }

  it('Network.gradients over 1000 rows in f32 agrees with f64 to (K + R + ⌈B/R⌉)·u of the gradient scale', async () => {
    const rng = new Rng(8);
    const layers = [16, 12, 4];
    const X = Array.from({ length: B }, () => Array.from({ length: 16 }, () => rng.uniform(1)));
    const T = Array.from({ length: B }, () => Array.from({ length: 4 }, () => 0.5 + 0.5 * rng.uniform(1)));
    const f64 = await Network.create({ layers, seed: 4 });
    const f32 = await Network.create({ layers, seed: 4, dtype: 'f32' });
    f64.setParametersFlat(f32.getParametersFlat()); // the same (float32) starting point
    const g64 = f64.gradients(X, T);
    const g32 = f32.gradients(X, T);
    const a = [...g64.weights.flat(2), ...g64.biases.flat()];
    const b = [...g32.weights.flat(2), ...g32.biases.flat()];
    const scale = Math.max(...a.map(Math.abs));
    const K = (16 + 3) * 2 + GRAD_BLOCK_ROWS + Math.ceil(B / GRAD_BLOCK_ROWS);
    for (let e = 0; e < a.length; e++) expect(Math.abs(b[e] - a[e]), `gradient ${e}: f32 ${b[e]}, f64 ${a[e]}`).toBeLessThanOrEqual(K * F32_U * scale);
    expect(Math.abs(g32.loss - g64.loss)).toBeLessThanOrEqual(K * F32_U * g64.loss);
    f64.dispose();
    f32.dispose();
  });
});
