// Pure-TypeScript twins of the WASM kernels, written from the maths (eq. 6.1–6.21 of the seed
// chapter), not compiled from the AssemblyScript. Same names (without the isa suffix), same
// pointer ABI: they read and write an emulated linear memory through Float64Array views, so the
// arena layout is shared with the WASM backend. They are the oracle in tests and the fallback when
// WebAssembly is missing. Not here: any speed trick.
import type { MemoryViews } from './memory.js';

const TINY = 2.2250738585072014e-308; // log(TINY) ≈ −708: a finite stand-in for log(0)

/** −[t·log(o) + (1 − t)·log(1 − o)], the terms with a zero weight left out (no 0·log 0 = NaN). */
function binaryXent(o: number, t: number): number {
  let l = 0;
  if (t !== 0) l -= t * Math.log(Math.max(o, TINY));
  if (t !== 1) l -= (1 - t) * Math.log(Math.max(1 - o, TINY));
  return l;
}

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
    // y = tanh(x)
    tanh_fwd_f64(y: number, x: number, n: number): void {
      const f = views.f64;
      const X = x >> 3, Y = y >> 3;
      for (let k = 0; k < n; k++) f[Y + k] = Math.tanh(f[X + k]);
    },
    // d *= 1 − y²
    tanh_bwd_f64(d: number, y: number, n: number): void {
      const f = views.f64;
      const D = d >> 3, Yp = y >> 3;
      for (let k = 0; k < n; k++) f[D + k] = f[D + k] * (1 - f[Yp + k] * f[Yp + k]);
    },
    // y = x for x > 0, slope·x otherwise
    relu_fwd_f64(y: number, x: number, slope: number, n: number): void {
      const f = views.f64;
      const X = x >> 3, Y = y >> 3;
      for (let k = 0; k < n; k++) {
        const v = f[X + k];
        f[Y + k] = v > 0 ? v : v * slope + 0; // + 0 turns −0 into +0
      }
    },
    // d *= 1 where y > 0, slope elsewhere
    relu_bwd_f64(d: number, y: number, slope: number, n: number): void {
      const f = views.f64;
      const D = d >> 3, Yp = y >> 3;
      for (let k = 0; k < n; k++) if (!(f[Yp + k] > 0)) f[D + k] = f[D + k] * slope;
    },
    // row-wise softmax, shifted by the row maximum
    softmax_fwd_f64(y: number, x: number, B: number, N: number): void {
      const f = views.f64;
      for (let r = 0; r < B; r++) {
        const X = (x >> 3) + r * N, Y = (y >> 3) + r * N;
        let m = -Infinity;
        for (let j = 0; j < N; j++) m = Math.max(m, f[X + j]);
        let s = 0;
        for (let j = 0; j < N; j++) {
          const e = Math.exp(f[X + j] - m);
          f[Y + j] = e;
          s += e;
        }
        const inv = 1 / s;
        for (let j = 0; j < N; j++) f[Y + j] = f[Y + j] * inv;
      }
    },
    // d_j ← y_j·(d_j − Σ_k d_k·y_k) per row (softmax Jacobian)
    softmax_bwd_f64(d: number, y: number, B: number, N: number): void {
      const f = views.f64;
      for (let r = 0; r < B; r++) {
        const D = (d >> 3) + r * N, Yp = (y >> 3) + r * N;
        let dot = 0;
        for (let j = 0; j < N; j++) dot += f[D + j] * f[Yp + j];
        for (let j = 0; j < N; j++) f[D + j] = f[Yp + j] * (f[D + j] - dot);
      }
    },
    // delta = scale·(out − target); returns Σ ½(target − out)²
    sse_delta_f64(delta: number, out: number, target: number, scale: number, n: number): number {
      const f = views.f64;
      const Dl = delta >> 3, O = out >> 3, T = target >> 3;
      let sse = 0;
      for (let k = 0; k < n; k++) {
        const E = f[T + k] - f[O + k];
        sse += 0.5 * E * E;
        f[Dl + k] = scale * -E;
      }
      return sse;
    },
    // softmax + cross-entropy, per row of (B,N): delta = scale·(out·Σ_j t_j − t), the exact gradient
    // w.r.t. net for any target row (out − t only when the row sums to 1); returns −Σ t·log(out)
    xent_softmax_delta_f64(delta: number, out: number, target: number, scale: number, B: number, N: number): number {
      const f = views.f64;
      const Dl = delta >> 3, O = out >> 3, T = target >> 3;
      let loss = 0;
      for (let r = 0; r < B; r++) {
        const row = r * N;
        let sumT = 0;
        for (let j = 0; j < N; j++) sumT += f[T + row + j];
        for (let j = 0; j < N; j++) {
          const o = f[O + row + j], t = f[T + row + j];
          if (t !== 0) loss -= t * Math.log(Math.max(o, TINY));
          f[Dl + row + j] = scale * (o * sumT - t);
        }
      }
      return loss;
    },
    // sigmoid(alpha) + binary cross-entropy: delta = scale·alpha·(out − target), exact for any t in [0, 1]
    xent_sigmoid_delta_f64(delta: number, out: number, target: number, alpha: number, scale: number, n: number): number {
      const f = views.f64;
      const Dl = delta >> 3, O = out >> 3, T = target >> 3;
      let loss = 0;
      for (let k = 0; k < n; k++) {
        const o = f[O + k], t = f[T + k];
        loss += binaryXent(o, t);
        f[Dl + k] = scale * alpha * (o - t);
      }
      return loss;
    },
    // −Σ t·log(out)
    xent_softmax_loss_f64(out: number, target: number, n: number): number {
      const f = views.f64;
      const O = out >> 3, T = target >> 3;
      let loss = 0;
      for (let k = 0; k < n; k++) if (f[T + k] !== 0) loss -= f[T + k] * Math.log(Math.max(f[O + k], TINY));
      return loss;
    },
    // −Σ [t·log(out) + (1 − t)·log(1 − out)]
    xent_sigmoid_loss_f64(out: number, target: number, n: number): number {
      const f = views.f64;
      const O = out >> 3, T = target >> 3;
      let loss = 0;
      for (let k = 0; k < n; k++) {
        loss += binaryXent(f[O + k], f[T + k]);
      }
      return loss;
    },
    // rows whose argmax (or ≥ 0.5 for one output) matches the target's
    correct_count_f64(out: number, target: number, B: number, N: number): number {
      const f = views.f64;
      let c = 0;
      for (let r = 0; r < B; r++) {
        const O = (out >> 3) + r * N, T = (target >> 3) + r * N;
        if (N === 1) {
          if ((f[O] >= 0.5) === (f[T] >= 0.5)) c++;
          continue;
        }
        let bo = 0, bt = 0;
        for (let j = 1; j < N; j++) {
          if (f[O + j] > f[O + bo]) bo = j;
          if (f[T + j] > f[T + bt]) bt = j;
        }
        if (bo === bt) c++;
      }
      return c;
    },
    // y += a·x
    axpy_f64(y: number, x: number, a: number, n: number): void {
      const f = views.f64;
      const Y = y >> 3, X = x >> 3;
      for (let k = 0; k < n; k++) f[Y + k] = f[Y + k] + a * f[X + k];
    },
    // v = mu·v − lr·g ; p += v
    momentum_step_f64(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f64;
      const P = p >> 3, V = v >> 3, G = g >> 3;
      for (let k = 0; k < n; k++) {
        const vn = mu * f[V + k] - lr * f[G + k];
        f[V + k] = vn;
        f[P + k] = f[P + k] + vn;
      }
    },
    // v' = mu·v − lr·g ; p += −mu·v + (1 + mu)·v'
    nesterov_step_f64(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f64;
      const P = p >> 3, V = v >> 3, G = g >> 3;
      for (let k = 0; k < n; k++) {
        const vo = f[V + k];
        const vn = mu * vo - lr * f[G + k];
        f[V + k] = vn;
        f[P + k] = f[P + k] - mu * vo + (1 + mu) * vn;
      }
    },
    // b = mu·b + g ; p −= lr·b  (PyTorch's momentum)
    momentum_torch_step_f64(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f64;
      const P = p >> 3, V = v >> 3, G = g >> 3;
      for (let k = 0; k < n; k++) {
        const bn = mu * f[V + k] + f[G + k];
        f[V + k] = bn;
        f[P + k] = f[P + k] - lr * bn;
      }
    },
    // b = mu·b + g ; p −= lr·(g + mu·b)  (PyTorch's Nesterov)
    nesterov_torch_step_f64(p: number, v: number, g: number, lr: number, mu: number, n: number): void {
      const f = views.f64;
      const P = p >> 3, V = v >> 3, G = g >> 3;
      for (let k = 0; k < n; k++) {
        const gk = f[G + k];
        const bn = mu * f[V + k] + gk;
        f[V + k] = bn;
        f[P + k] = f[P + k] - lr * (gk + mu * bn);
      }
    },
    // Adam with bias corrections c1 = 1/(1 − b1^t), c2 = 1/(1 − b2^t)
    adam_step_f64(p: number, m: number, v: number, g: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number, n: number): void {
      const f = views.f64;
      const P = p >> 3, M = m >> 3, V = v >> 3, G = g >> 3;
      for (let k = 0; k < n; k++) {
        const gk = f[G + k];
        const mk = b1 * f[M + k] + (1 - b1) * gk;
        const vk = b2 * f[V + k] + (1 - b2) * gk * gk;
        f[M + k] = mk;
        f[V + k] = vk;
        f[P + k] = f[P + k] - lr * (mk * c1) / (Math.sqrt(vk * c2) + eps);
      }
    },
    // dst rows r = src rows order[r]
    gather_rows_f64(dst: number, src: number, order: number, B: number, width: number): void {
      const f = views.f64;
      const i = views.i32;
      for (let r = 0; r < B; r++) {
        const row = i[(order >> 2) + r];
        f.copyWithin((dst >> 3) + r * width, (src >> 3) + row * width, (src >> 3) + (row + 1) * width);
      }
    },
    // Σ p²
    sumsq_f64(p: number, n: number): number {
      const f = views.f64;
      const P = p >> 3;
      let s = 0;
      for (let k = 0; k < n; k++) s += f[P + k] * f[P + k];
      return s;
    },
    // one row of online SGD, fused: w −= lr·(dy ⊗ x); b −= lr·dy (b = 0: skipped)
    dense_sgd_update_f64(w: number, b: number, dy: number, x: number, lr: number, IN: number, OUT: number): void {
      const f = views.f64;
      const W = w >> 3, Bp = b >> 3, DY = dy >> 3, X = x >> 3;
      for (let o = 0; o < OUT; o++) {
        const d = f[DY + o];
        if (b !== 0) f[Bp + o] = f[Bp + o] - lr * d;
        for (let i = 0; i < IN; i++) f[W + o * IN + i] = f[W + o * IN + i] - lr * (d * f[X + i]);
      }
    },
    // one row of online SGD on a layer, then the next row's net input through the updated layer:
    // w −= lr·(dy ⊗ x); b −= lr·dy (b = 0: skipped); y = w·xn + bf, with bf read after b's update
    dense_sgd_update_fwd_f64(y: number, w: number, b: number, dy: number, x: number, xn: number, bf: number, lr: number,
      IN: number, OUT: number): void {
      const f = views.f64;
      const Y = y >> 3, W = w >> 3, Bp = b >> 3, DY = dy >> 3, X = x >> 3, XN = xn >> 3, BF = bf >> 3;
      for (let o = 0; o < OUT; o++) {
        const d = f[DY + o];
        if (b !== 0) f[Bp + o] = f[Bp + o] - lr * d;
        let net = 0;
        for (let i = 0; i < IN; i++) {
          const v = f[W + o * IN + i] - lr * (d * f[X + i]);
          f[W + o * IN + i] = v;
          net += v * f[XN + i];
        }
        f[Y + o] = net + f[BF + o];
      }
    },
  };
}

export type TsKernels = ReturnType<typeof createTsKernels>;
