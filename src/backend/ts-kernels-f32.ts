// Pure-TypeScript twins of the float32 WASM kernels, written from the maths like ts-kernels.ts, in
// float32 arithmetic: every operation on elements is rounded with Math.fround, as a WASM f32
// instruction rounds (for +, −, ×, ÷ and sqrt of two float32 values, rounding the exact float64
// result once more to float32 gives the float32 result exactly: 53 ≥ 2·24 + 2), so a twin and a
// scalar WASM kernel that perform the same operations in the same order agree bit for bit. Scalar
// arguments (lr, alpha, …) are rounded to float32 on entry, as the WASM f32 parameters are. Loss sums
// and Σp² are float64, as in the kernels. exp, tanh and log are V8's Math on the float32 value,
// rounded once; so is the sigmoid (1/(1 + exp(−z)) in float64). Not here: any speed trick, the float64 twins (ts-kernels.ts).
import type { MemoryViews } from './memory.js';

const fr = Math.fround;
const TINY = 2.2250738585072014e-308; // log(TINY) ≈ −708: a finite stand-in for log(0)

/** Rows of a batch summed from zero before being added into dW/db (assembly/kernels_f32.ts, same value). */
export const GRAD_BLOCK_ROWS = 32;

/** −[t·log(o) + (1 − t)·log(1 − o)] in float64, the terms with a zero weight left out. */
function binaryXent(o: number, t: number): number {
  let l = 0;
  if (t !== 0) l -= t * Math.log(Math.max(o, TINY));
  if (t !== 1) l -= (1 - t) * Math.log(Math.max(1 - o, TINY));
  return l;
}

/** The f32 dense and update kernels (the ones with WASM variants in the registry). */
function denseKernels(views: MemoryViews) {
  return {
    // y (B,OUT) = x (B,IN) · wᵀ + b, summed over inputs in order
    dense_fwd_f32(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number): void {
      const f = views.f32;
      const X = x >> 2, W = w >> 2, Bi = b >> 2, Y = y >> 2;
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < OUT; o++) {
          let net = 0;
          for (let i = 0; i < IN; i++) net = fr(net + fr(f[W + o * IN + i] * f[X + r * IN + i]));
          f[Y + r * OUT + o] = fr(net + f[Bi + o]);
        }
      }
    },
    // dx (B,IN) = dy (B,OUT) · w (OUT,IN), summed over outputs in order
    dense_bwd_data_f32(dx: number, dy: number, w: number, B: number, IN: number, OUT: number): void {
      const f = views.f32;
      const DX = dx >> 2, DY = dy >> 2, W = w >> 2;
      for (let r = 0; r < B; r++) {
        f.fill(0, DX + r * IN, DX + r * IN + IN);
        for (let o = 0; o < OUT; o++) {
          const d = f[DY + r * OUT + o];
          for (let i = 0; i < IN; i++) f[DX + r * IN + i] = fr(f[DX + r * IN + i] + fr(d * f[W + o * IN + i]));
        }
      }
    },
    // dw (OUT,IN) += dyᵀ · x; db += Σ_rows dy — per block of GRAD_BLOCK_ROWS rows, summed from 0, then added
    dense_bwd_weight_f32(dw: number, db: number, dy: number, x: number, B: number, IN: number, OUT: number): void {
      const f = views.f32;
      const DW = dw >> 2, DB = db >> 2, DY = dy >> 2, X = x >> 2;
      for (let r0 = 0; r0 < B; r0 += GRAD_BLOCK_ROWS) {
        const r1 = Math.min(B, r0 + GRAD_BLOCK_ROWS);
        for (let o = 0; o < OUT; o++) {
          if (db !== 0) {
            let s = 0;
            for (let r = r0; r < r1; r++) s = fr(s + f[DY + r * OUT + o]);
            f[DB + o] = fr(f[DB + o] + s);
          }
          for (let i = 0; i < IN; i++) {
            let s = 0;
            for (let r = r0; r < r1; r++) s = fr(s + fr(f[DY + r * OUT + o] * f[X + r * IN + i]));
            f[DW + o * IN + i] = fr(f[DW + o * IN + i] + s);
          }
        }
      }
    },
    // p = v
    fill_f32(p: number, v: number, n: number): void {
      views.f32.fill(fr(v), p >> 2, (p >> 2) + n);
    },
    // p −= lr · g
    sgd_step_f32(p: number, g: number, lr: number, n: number): void {
      const f = views.f32;
      const P = p >> 2, G = g >> 2, l = fr(lr);
      for (let k = 0; k < n; k++) f[P + k] = fr(f[P + k] - fr(l * f[G + k]));
    },
    // w −= lr·(dy ⊗ x); b −= lr·dy (b = 0: skipped)
    dense_sgd_update_f32(w: number, b: number, dy: number, x: number, lr: number, IN: number, OUT: number): void {
      const f = views.f32;
      const W = w >> 2, Bp = b >> 2, DY = dy >> 2, X = x >> 2, l = fr(lr);
      for (let o = 0; o < OUT; o++) {
        const d = f[DY + o];
        if (b !== 0) f[Bp + o] = fr(f[Bp + o] - fr(l * d));
        for (let i = 0; i < IN; i++) f[W + o * IN + i] = fr(f[W + o * IN + i] - fr(l * fr(d * f[X + i])));
      }
    },
    // the online step, then y = w·xn + bf through the updated rows (bf read after b's update)
    dense_sgd_update_fwd_f32(y: number, w: number, b: number, dy: number, x: number, xn: number, bf: number, lr: number,
      IN: number, OUT: number): void {
      const f = views.f32;
      const Y = y >> 2, W = w >> 2, Bp = b >> 2, DY = dy >> 2, X = x >> 2, XN = xn >> 2, BF = bf >> 2, l = fr(lr);
      for (let o = 0; o < OUT; o++) {
        const d = f[DY + o];
        if (b !== 0) f[Bp + o] = fr(f[Bp + o] - fr(l * d));
        let net = 0;
        for (let i = 0; i < IN; i++) {
          const v = fr(f[W + o * IN + i] - fr(l * fr(d * f[X + i])));
          f[W + o * IN + i] = v;
          net = fr(net + fr(v * f[XN + i]));
        }
        f[Y + o] = fr(net + f[BF + o]);
      }
    },
    // y = exp(x), the float32 rounding of V8's exp
    exp_f32(y: number, x: number, n: number): void {
      const f = views.f32;
      const X = x >> 2, Y = y >> 2;
      for (let k = 0; k < n; k++) f[Y + k] = fr(Math.exp(f[X + k]));
    },
    // y = 1 / (1 + exp(−z)), z = alpha·x (eq. 6.1) rounded to float32, then σ(z) in float64 rounded
    // once (for very negative z, exp(−z) overflows only past −709, where σ rounds to 0 anyway)
    sigmoid_fwd_f32(y: number, x: number, alpha: number, n: number): void {
      const f = views.f32;
      const X = x >> 2, Y = y >> 2, a = fr(alpha);
      for (let k = 0; k < n; k++) f[Y + k] = fr(1 / (1 + Math.exp(-fr(a * f[X + k]))));
    },
  };
}

/** Activations, losses, optimizers and data movement in f32 (no WASM variants: driver-level tests). */
function otherKernels(views: MemoryViews) {
  return {
    sigmoid_bwd_f32(d: number, y: number, alpha: number, n: number): void {
      const f = views.f32;
      const D = d >> 2, Yp = y >> 2, a = fr(alpha);
      for (let k = 0; k < n; k++) { const o = f[Yp + k]; f[D + k] = fr(f[D + k] * fr(fr(a * o) * fr(1 - o))); }
    },
    sse_sigmoid_delta_f32(delta: number, out: number, target: number, alpha: number, scale: number, n: number): number {
      const f = views.f32;
      const Dl = delta >> 2, O = out >> 2, T = target >> 2, a = fr(alpha), s = fr(scale);
      let sse = 0;
      for (let k = 0; k < n; k++) {
        const o = f[O + k];
        const E = fr(f[T + k] - o);
        sse += 0.5 * E * E;
        f[Dl + k] = fr(fr(s * -E) * fr(fr(a * o) * fr(1 - o)));
      }
      return sse;
    },
    sse_loss_f32(out: number, target: number, n: number): number {
      const f = views.f32;
      const O = out >> 2, T = target >> 2;
      let sse = 0;
      for (let k = 0; k < n; k++) { const E = fr(f[T + k] - f[O + k]); sse += 0.5 * E * E; }
      return sse;
    },
    tanh_fwd_f32(y: number, x: number, n: number): void {
      const f = views.f32;
      for (let k = 0; k < n; k++) f[(y >> 2) + k] = fr(Math.tanh(f[(x >> 2) + k]));
    },
    tanh_bwd_f32(d: number, y: number, n: number): void {
      const f = views.f32;
      const D = d >> 2, Yp = y >> 2;
      for (let k = 0; k < n; k++) f[D + k] = fr(f[D + k] * fr(1 - fr(f[Yp + k] * f[Yp + k])));
    },
    relu_fwd_f32(y: number, x: number, slope: number, n: number): void {
      const f = views.f32;
      const s = fr(slope);
      for (let k = 0; k < n; k++) { const v = f[(x >> 2) + k]; f[(y >> 2) + k] = v > 0 ? v : fr(v * s) + 0; }
    },
    relu_bwd_f32(d: number, y: number, slope: number, n: number): void {
      const f = views.f32;
      const s = fr(slope);
      for (let k = 0; k < n; k++) if (!(f[(y >> 2) + k] > 0)) f[(d >> 2) + k] = fr(f[(d >> 2) + k] * s);
    },
    softmax_fwd_f32(y: number, x: number, B: number, N: number): void {
      const f = views.f32;
      for (let r = 0; r < B; r++) {
        const X = (x >> 2) + r * N, Y = (y >> 2) + r * N;
        let m = -Infinity;
        for (let j = 0; j < N; j++) m = Math.max(m, f[X + j]);
        let s = 0;
        for (let j = 0; j < N; j++) { const e = fr(Math.exp(fr(f[X + j] - m))); f[Y + j] = e; s = fr(s + e); }
        const inv = fr(1 / s);
        for (let j = 0; j < N; j++) f[Y + j] = fr(f[Y + j] * inv);
      }
    },
    softmax_bwd_f32(d: number, y: number, B: number, N: number): void {
      const f = views.f32;
      for (let r = 0; r < B; r++) {
        const D = (d >> 2) + r * N, Yp = (y >> 2) + r * N;
        let dot = 0;
        for (let j = 0; j < N; j++) dot = fr(dot + fr(f[D + j] * f[Yp + j]));
        for (let j = 0; j < N; j++) f[D + j] = fr(f[Yp + j] * fr(f[D + j] - dot));
      }
    },
    sse_delta_f32(delta: number, out: number, target: number, scale: number, n: number): number {
      const f = views.f32;
      const s = fr(scale);
      let sse = 0;
      for (let k = 0; k < n; k++) {
        const E = fr(f[(target >> 2) + k] - f[(out >> 2) + k]);
        sse += 0.5 * E * E;
        f[(delta >> 2) + k] = fr(s * -E);
      }
      return sse;
    },
    xent_softmax_delta_f32(delta: number, out: number, target: number, scale: number, B: number, N: number): number {
      const f = views.f32;
      const Dl = delta >> 2, O = out >> 2, T = target >> 2, s = fr(scale);
      let loss = 0;
      for (let r = 0; r < B; r++) {
        const row = r * N;
        let sumT = 0;
        for (let j = 0; j < N; j++) sumT = fr(sumT + f[T + row + j]);
        for (let j = 0; j < N; j++) {
          const o = f[O + row + j], t = f[T + row + j];
          if (t !== 0) loss -= t * Math.log(Math.max(o, TINY));
          f[Dl + row + j] = fr(s * fr(fr(o * sumT) - t));
        }
      }
      return loss;
    },
    xent_sigmoid_delta_f32(delta: number, out: number, target: number, alpha: number, scale: number, n: number): number {
      const f = views.f32;
      const sa = fr(fr(scale) * fr(alpha));
      let loss = 0;
      for (let k = 0; k < n; k++) {
        const o = f[(out >> 2) + k], t = f[(target >> 2) + k];
        loss += binaryXent(o, t);
        f[(delta >> 2) + k] = fr(sa * fr(o - t));
      }
      return loss;
    },
    xent_softmax_loss_f32(out: number, target: number, n: number): number {
      const f = views.f32;
      let loss = 0;
      for (let k = 0; k < n; k++) { const t = f[(target >> 2) + k]; if (t !== 0) loss -= t * Math.log(Math.max(f[(out >> 2) + k], TINY)); }
      return loss;
    },
    xent_sigmoid_loss_f32(out: number, target: number, n: number): number {
      const f = views.f32;
      let loss = 0;
      for (let k = 0; k < n; k++) loss += binaryXent(f[(out >> 2) + k], f[(target >> 2) + k]);
      return loss;
    },
    correct_count_f32(out: number, target: number, B: number, N: number): number {
      const f = views.f32;
      let c = 0;
      for (let r = 0; r < B; r++) {
        const O = (out >> 2) + r * N, T = (target >> 2) + r * N;
        if (N === 1) { if ((f[O] >= 0.5) === (f[T] >= 0.5)) c++; continue; }
        let bo = 0, bt = 0;
        for (let j = 1; j < N; j++) { if (f[O + j] > f[O + bo]) bo = j; if (f[T + j] > f[T + bt]) bt = j; }
        if (bo === bt) c++;
      }
      return c;
    },
  };
}

/** Optimizer steps and data movement in f32. */
function optimizerKernels(views: MemoryViews) {
  return {
    axpy_f32(y: number, x: number, a: number, n: number): void {
      const f = views.f32;
      const s = fr(a);
      for (let k = 0; k < n; k++) f[(y >> 2) + k] = fr(f[(y >> 2) + k] + fr(s * f[(x >> 2) + k]));
    },
    momentum_step_f32(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f32;
      const P = p >> 2, V = v >> 2, G = g >> 2, l = fr(lr), m = fr(mu);
      for (let k = 0; k < n; k++) {
        const vn = fr(fr(m * f[V + k]) - fr(l * f[G + k]));
        f[V + k] = vn;
        f[P + k] = fr(f[P + k] + vn);
      }
    },
    nesterov_step_f32(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f32;
      const P = p >> 2, V = v >> 2, G = g >> 2, l = fr(lr), m = fr(mu), m1 = fr(1 + m);
      for (let k = 0; k < n; k++) {
        const vo = f[V + k];
        const vn = fr(fr(m * vo) - fr(l * f[G + k]));
        f[V + k] = vn;
        f[P + k] = fr(fr(f[P + k] - fr(m * vo)) + fr(m1 * vn));
      }
    },
    // b = mu·b + g ; p −= lr·b  (PyTorch's momentum)
    momentum_torch_step_f32(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f32;
      const P = p >> 2, V = v >> 2, G = g >> 2, l = fr(lr), m = fr(mu);
      for (let k = 0; k < n; k++) {
        const bn = fr(fr(m * f[V + k]) + f[G + k]);
        f[V + k] = bn;
        f[P + k] = fr(f[P + k] - fr(l * bn));
      }
    },
    // b = mu·b + g ; p −= lr·(g + mu·b)  (PyTorch's Nesterov)
    nesterov_torch_step_f32(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f32;
      const P = p >> 2, V = v >> 2, G = g >> 2, l = fr(lr), m = fr(mu);
      for (let k = 0; k < n; k++) {
        const gk = f[G + k];
        const bn = fr(fr(m * f[V + k]) + gk);
        f[V + k] = bn;
        f[P + k] = fr(f[P + k] - fr(l * fr(gk + fr(m * bn))));
      }
    },
    adam_step_f32(p: number, m: number, v: number, g: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number, n: number): void {
      const f = views.f32;
      const P = p >> 2, M = m >> 2, V = v >> 2, G = g >> 2;
      const l = fr(lr), B1 = fr(b1), B2 = fr(b2), e = fr(eps), C1 = fr(c1), C2 = fr(c2), o1 = fr(1 - B1), o2 = fr(1 - B2);
      for (let k = 0; k < n; k++) {
        const gk = f[G + k];
        const mk = fr(fr(B1 * f[M + k]) + fr(o1 * gk));
        const vk = fr(fr(B2 * f[V + k]) + fr(fr(o2 * gk) * gk));
        f[M + k] = mk;
        f[V + k] = vk;
        f[P + k] = fr(f[P + k] - fr(fr(l * fr(mk * C1)) / fr(fr(Math.sqrt(fr(vk * C2))) + e)));
      }
    },
    gather_rows_f32(dst: number, src: number, order: number, B: number, width: number): void {
      const f = views.f32;
      const i = views.i32;
      for (let r = 0; r < B; r++) {
        const row = i[(order >> 2) + r];
        f.copyWithin((dst >> 2) + r * width, (src >> 2) + row * width, (src >> 2) + (row + 1) * width);
      }
    },
    sumsq_f32(p: number, n: number): number {
      const f = views.f32;
      let s = 0;
      for (let k = 0; k < n; k++) s += f[(p >> 2) + k] * f[(p >> 2) + k];
      return s;
    },
  };
}

/** The f32 TS kernel set bound to one memory. Loop order follows the scalar WASM f32 kernels. */
export function createTsKernelsF32(views: MemoryViews) {
  return { ...denseKernels(views), ...otherKernels(views), ...optimizerKernels(views) };
}

export type TsKernelsF32 = ReturnType<typeof createTsKernelsF32>;
