// Pure-TypeScript twins of the WASM kernels, written from the maths (eq. 6.1–6.21 of the seed
// chapter), not compiled from the AssemblyScript. Same names (without the isa suffix), same
// pointer ABI: they read and write an emulated linear memory through Float64Array views, so the
// arena layout is shared with the WASM backend. They are the oracle in tests and the fallback when
// WebAssembly is missing. Not here: any speed trick.
import type { MemoryViews } from '../memory.js';

/** The TS kernel set bound to one memory. Loop order follows the scalar WASM kernels. */
export function createTsKernels(views: MemoryViews) {
  return {
    // y (B,OUT) = x (B,IN) · wᵀ + b
    dense_fwd_f64(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number): void {
      const f = views.f64;
      const X = x >> 3, W = w >> 3, Bi = b >> 3, Y = y >> 3;
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < OUT; o++) {
          let net = 0;
          for (let i = 0; i < IN; i++) net += f[W + o * IN + i] * f[X + r * IN + i];
          f[Y + r * OUT + o] = net + f[Bi + o];
        }
      }
    },
    // y = 1 / (1 + exp(−alpha·x))            (eq. 6.1)
    sigmoid_fwd_f64(y: number, x: number, alpha: number, n: number): void {
      const f = views.f64;
      const X = x >> 3, Y = y >> 3;
      for (let k = 0; k < n; k++) f[Y + k] = 1 / (1 + Math.exp(-alpha * f[X + k]));
    },
    // d *= alpha·y·(1 − y)                  (eq. 6.2)
    sigmoid_bwd_f64(d: number, y: number, alpha: number, n: number): void {
      const f = views.f64;
      const D = d >> 3, Yp = y >> 3;
      for (let k = 0; k < n; k++) {
        const out = f[Yp + k];
        f[D + k] = f[D + k] * (alpha * out * (1 - out));
      }
    },
    // delta = scale·(−E)·alpha·out·(1−out), E = target − out; returns Σ ½E²   (eq. 6.5–6.21)
    sse_sigmoid_delta_f64(delta: number, out: number, target: number, alpha: number, scale: number, n: number): number {
      const f = views.f64;
      const Dl = delta >> 3, O = out >> 3, T = target >> 3;
      let sse = 0;
      for (let k = 0; k < n; k++) {
        const o = f[O + k];
        const E = f[T + k] - o;
        sse += 0.5 * E * E;
        f[Dl + k] = scale * -E * (alpha * o * (1 - o));
      }
      return sse;
    },
    // returns Σ ½ (target − out)²
    sse_loss_f64(out: number, target: number, n: number): number {
      const f = views.f64;
      const O = out >> 3, T = target >> 3;
      let sse = 0;
      for (let k = 0; k < n; k++) {
        const E = f[T + k] - f[O + k];
        sse += 0.5 * E * E;
      }
      return sse;
    },
    // dx (B,IN) = dy (B,OUT) · w (OUT,IN)
    dense_bwd_data_f64(dx: number, dy: number, w: number, B: number, IN: number, OUT: number): void {
      const f = views.f64;
      const DX = dx >> 3, DY = dy >> 3, W = w >> 3;
      for (let r = 0; r < B; r++) {
        f.fill(0, DX + r * IN, DX + r * IN + IN);
        for (let o = 0; o < OUT; o++) {
          const d = f[DY + r * OUT + o];
          for (let i = 0; i < IN; i++) f[DX + r * IN + i] += d * f[W + o * IN + i];
        }
      }
    },
    // dw (OUT,IN) += dyᵀ · x ; db (OUT) += Σ_rows dy  (db = 0: skipped)
    dense_bwd_weight_f64(dw: number, db: number, dy: number, x: number, B: number, IN: number, OUT: number): void {
      const f = views.f64;
      const DW = dw >> 3, DB = db >> 3, DY = dy >> 3, X = x >> 3;
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < OUT; o++) {
          const d = f[DY + r * OUT + o];
          if (db !== 0) f[DB + o] += d;
          for (let i = 0; i < IN; i++) f[DW + o * IN + i] += d * f[X + r * IN + i];
        }
      }
    },
    // p = v
    fill_f64(p: number, v: number, n: number): void {
      views.f64.fill(v, p >> 3, (p >> 3) + n);
    },
    // p −= lr · g
    sgd_step_f64(p: number, g: number, lr: number, n: number): void {
      const f = views.f64;
      const P = p >> 3, G = g >> 3;
      for (let k = 0; k < n; k++) f[P + k] -= lr * f[G + k];
    },
  };
}

export type TsKernels = ReturnType<typeof createTsKernels>;
