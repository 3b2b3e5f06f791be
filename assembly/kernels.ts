// Scalar reference kernels (f64). Straight loops in the order the maths is written; every SIMD
// variant is tested against these and against the pure-TS twins in src/backend/ts-kernels.ts.
// Not here: allocation (kernels never allocate), layout (src/layout.ts), orchestration (driver.ts).
// ABI: byte pointers and i32 sizes; outputs first, then inputs, then dimensions.
import { denseBwdWeightLd } from './tiles';

// y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT)      [net]
export function dense_fwd_f64__scalar(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * IN) << 3);
    const yr = y + (<usize>(r * OUT) << 3);
    for (let o = 0; o < OUT; o++) {
      const wo = w + (<usize>(o * IN) << 3);
      let s: f64 = 0;
      for (let i = 0; i < IN; i++) {
        s += load<f64>(wo + (<usize>i << 3)) * load<f64>(xr + (<usize>i << 3));
      }
      store<f64>(yr + (<usize>o << 3), s + load<f64>(b + (<usize>o << 3)));
    }
  }
}

// y (n) = 1 / (1 + exp(-alpha · x (n)))   (in place allowed: y == x)
export function sigmoid_fwd_f64__scalar(y: usize, x: usize, alpha: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    store<f64>(y + p, 1.0 / (1.0 + Math.exp(-alpha * load<f64>(x + p))));
  }
}

// d (n) *= alpha · y · (1 − y)     (chain rule through the sigmoid, eq. 6.2)
export function sigmoid_bwd_f64__scalar(d: usize, y: usize, alpha: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const v = load<f64>(y + p);
    store<f64>(d + p, load<f64>(d + p) * (alpha * v * (1.0 - v)));
  }
}

// delta (n) = scale · (out − target) · alpha · out · (1 − out); returns Σ ½ (target − out)²
// (∂SSE/∂out = −E, eq. 6.17 × 6.21; ∂out/∂net = alpha·out·(1−out), eq. 6.2)
export function sse_sigmoid_delta_f64__scalar(delta: usize, out: usize, target: usize, alpha: f64, scale: f64, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const o = load<f64>(out + p);
    const e = load<f64>(target + p) - o;
    sse += 0.5 * e * e;
    store<f64>(delta + p, scale * (-e) * (alpha * o * (1.0 - o)));
  }
  return sse;
}

// returns Σ ½ (target (n) − out (n))²
export function sse_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const e = load<f64>(target + p) - load<f64>(out + p);
    sse += 0.5 * e * e;
  }
  return sse;
}

// dx (B,IN) = dy (B,OUT) · w (OUT,IN)     (overwrites dx: a delta, not an accumulated gradient)
export function dense_bwd_data_f64__scalar(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    const dxr = dx + (<usize>(r * IN) << 3);
    const dyr = dy + (<usize>(r * OUT) << 3);
    for (let i = 0; i < IN; i++) store<f64>(dxr + (<usize>i << 3), 0.0);
    for (let o = 0; o < OUT; o++) {
      const d = load<f64>(dyr + (<usize>o << 3));
      const wo = w + (<usize>(o * IN) << 3);
      for (let i = 0; i < IN; i++) {
        const p = <usize>i << 3;
        store<f64>(dxr + p, load<f64>(dxr + p) + d * load<f64>(wo + p));
      }
    }
  }
}

// dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN);  db (OUT) += Σ_rows dy   (db == 0: bias gradient skipped)
export function dense_bwd_weight_f64__scalar(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeightLd(dw, db, dy, x, B, IN, OUT, OUT);
}

// p (n) = v
export function fill_f64__scalar(p: usize, v: f64, n: i32): void {
  for (let k = 0; k < n; k++) store<f64>(p + (<usize>k << 3), v);
}

// p (n) −= lr · g (n)     (one SGD step over the whole flat parameter block)
export function sgd_step_f64__scalar(p: usize, g: usize, lr: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    store<f64>(p + q, load<f64>(p + q) - lr * load<f64>(g + q));
  }
}

// ---- activations beyond the seeds' sigmoid (y may alias x) -------------------------------------

// y = tanh(x)
export function tanh_fwd_f64__scalar(y: usize, x: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    store<f64>(y + p, Math.tanh(load<f64>(x + p)));
  }
}

// d *= 1 − y²
export function tanh_bwd_f64__scalar(d: usize, y: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const v = load<f64>(y + p);
    store<f64>(d + p, load<f64>(d + p) * (1.0 - v * v));
  }
}

// y = max(x, 0)·1 + min(x, 0)·slope   (slope 0: ReLU; slope > 0: leaky ReLU)
export function relu_fwd_f64__scalar(y: usize, x: usize, slope: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const v = load<f64>(x + p);
    store<f64>(y + p, v > 0 ? v : v * slope + 0.0); // + 0.0 turns −0 into +0
  }
}

// d *= (y > 0 ? 1 : slope)
export function relu_bwd_f64__scalar(d: usize, y: usize, slope: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    if (!(load<f64>(y + p) > 0)) store<f64>(d + p, load<f64>(d + p) * slope);
  }
}

// y (B,N) = softmax of each row of x (B,N), shifted by the row max for stability
export function softmax_fwd_f64__scalar(y: usize, x: usize, B: i32, N: i32): void {
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * N) << 3);
    const yr = y + (<usize>(r * N) << 3);
    let m = -Infinity;
    for (let j = 0; j < N; j++) m = max(m, load<f64>(xr + (<usize>j << 3)));
    let s: f64 = 0;
    for (let j = 0; j < N; j++) {
      const e = Math.exp(load<f64>(xr + (<usize>j << 3)) - m);
      store<f64>(yr + (<usize>j << 3), e);
      s += e;
    }
    const inv = 1.0 / s;
    for (let j = 0; j < N; j++) store<f64>(yr + (<usize>j << 3), load<f64>(yr + (<usize>j << 3)) * inv);
  }
}

// d (B,N) ← J_softmaxᵀ · d per row: d_j = y_j · (d_j − Σ_k d_k y_k)
export function softmax_bwd_f64__scalar(d: usize, y: usize, B: i32, N: i32): void {
  for (let r = 0; r < B; r++) {
    const dr = d + (<usize>(r * N) << 3);
    const yr = y + (<usize>(r * N) << 3);
    let dot: f64 = 0;
    for (let j = 0; j < N; j++) dot += load<f64>(dr + (<usize>j << 3)) * load<f64>(yr + (<usize>j << 3));
    for (let j = 0; j < N; j++) {
      const p = <usize>j << 3;
      store<f64>(dr + p, load<f64>(yr + p) * (load<f64>(dr + p) - dot));
    }
  }
}

// ---- losses -----------------------------------------------------------------------------------

const TINY: f64 = 2.2250738585072014e-308; // log(TINY) ≈ −708: a finite stand-in for log(0)

// −[t·log(o) + (1 − t)·log(1 − o)], the terms with a zero weight left out (no 0·log 0 = NaN)
// @ts-ignore: decorator
@inline function binaryXent(o: f64, t: f64): f64 {
  let l: f64 = 0;
  if (t != 0) l -= t * Math.log(max(o, TINY));
  if (t != 1) l -= (1.0 - t) * Math.log(max(1.0 - o, TINY));
  return l;
}

// delta = scale · (out − target) (∂SSE/∂out; the activation's derivative is applied after); returns Σ ½(target − out)²
export function sse_delta_f64__scalar(delta: usize, out: usize, target: usize, scale: f64, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const e = load<f64>(target + p) - load<f64>(out + p);
    sse += 0.5 * e * e;
    store<f64>(delta + p, scale * -e);
  }
  return sse;
}

// softmax + cross-entropy, fused, per row r of out/target (B,N): delta = scale · (out · Σ_j target_j − target),
// the exact ∂/∂net of −Σ target · log(out) for any target row (p − t only when the row sums to 1;
// out · 1.0 is exact, so one-hot rows keep the bits of p − t); returns −Σ target · log(out)
export function xent_softmax_delta_f64__scalar(delta: usize, out: usize, target: usize, scale: f64, B: i32, N: i32): f64 {
  let loss: f64 = 0;
  for (let r = 0; r < B; r++) {
    const row = <usize>(r * N) << 3;
    let sumT: f64 = 0;
    for (let j = 0; j < N; j++) sumT += load<f64>(target + row + (<usize>j << 3));
    for (let j = 0; j < N; j++) {
      const p = row + (<usize>j << 3);
      const o = load<f64>(out + p);
      const t = load<f64>(target + p);
      if (t != 0) loss -= t * Math.log(max(o, TINY));
      store<f64>(delta + p, scale * (o * sumT - t));
    }
  }
  return loss;
}

// sigmoid(alpha) + binary cross-entropy, fused: delta = scale · alpha · (out − target), exact for
// any target in [0, 1] (not only 0/1); returns −Σ [t·log(out) + (1 − t)·log(1 − out)]
export function xent_sigmoid_delta_f64__scalar(delta: usize, out: usize, target: usize, alpha: f64, scale: f64, n: i32): f64 {
  let loss: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const o = load<f64>(out + p);
    const t = load<f64>(target + p);
    loss += binaryXent(o, t);
    store<f64>(delta + p, scale * alpha * (o - t));
  }
  return loss;
}

// returns −Σ target · log(out)
export function xent_softmax_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  let loss: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const t = load<f64>(target + p);
    if (t != 0) loss -= t * Math.log(max(load<f64>(out + p), TINY));
  }
  return loss;
}

// returns −Σ [t·log(out) + (1 − t)·log(1 − out)]
export function xent_sigmoid_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  let loss: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    loss += binaryXent(load<f64>(out + p), load<f64>(target + p));
  }
  return loss;
}

// rows of out (B,N) whose class matches target's: argmax for N > 1, (≥ 0.5) for N == 1
export function correct_count_f64__scalar(out: usize, target: usize, B: i32, N: i32): i32 {
  let c = 0;
  for (let r = 0; r < B; r++) {
    const o = out + (<usize>(r * N) << 3);
    const t = target + (<usize>(r * N) << 3);
    if (N == 1) {
      if ((load<f64>(o) >= 0.5) == (load<f64>(t) >= 0.5)) c++;
      continue;
    }
    let bo = 0;
    let bt = 0;
    for (let j = 1; j < N; j++) {
      if (load<f64>(o + (<usize>j << 3)) > load<f64>(o + (<usize>bo << 3))) bo = j;
      if (load<f64>(t + (<usize>j << 3)) > load<f64>(t + (<usize>bt << 3))) bt = j;
    }
    if (bo == bt) c++;
  }
  return c;
}

// ---- optimizers (one flat pass over all parameters) -------------------------------------------

// y (n) += a · x (n)     (weight decay: dW += λ·W)
export function axpy_f64__scalar(y: usize, x: usize, a: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    store<f64>(y + q, load<f64>(y + q) + a * load<f64>(x + q));
  }
}

// classic momentum: v = mu·v − lr·g ; p += v
export function momentum_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    const vn = mu * load<f64>(v + q) - lr * load<f64>(g + q);
    store<f64>(v + q, vn);
    store<f64>(p + q, load<f64>(p + q) + vn);
  }
}

// Nesterov momentum (Sutskever form): v' = mu·v − lr·g ; p += −mu·v + (1 + mu)·v'
export function nesterov_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    const vo = load<f64>(v + q);
    const vn = mu * vo - lr * load<f64>(g + q);
    store<f64>(v + q, vn);
    store<f64>(p + q, load<f64>(p + q) - mu * vo + (1.0 + mu) * vn);
  }
}

// Momentum, PyTorch's form: b = mu·b + g ; p −= lr·b
export function momentum_torch_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    const bn = mu * load<f64>(v + q) + load<f64>(g + q);
    store<f64>(v + q, bn);
    store<f64>(p + q, load<f64>(p + q) - lr * bn);
  }
}

// Nesterov, PyTorch's form: b = mu·b + g ; p −= lr·(g + mu·b)
export function nesterov_torch_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    const gk = load<f64>(g + q);
    const bn = mu * load<f64>(v + q) + gk;
    store<f64>(v + q, bn);
    store<f64>(p + q, load<f64>(p + q) - lr * (gk + mu * bn));
  }
}

// Adam: m = b1·m + (1−b1)·g ; v = b2·v + (1−b2)·g² ; p −= lr · (m·c1) / (sqrt(v·c2) + eps),
// with the bias corrections c1 = 1/(1 − b1^t), c2 = 1/(1 − b2^t)
export function adam_step_f64__scalar(p: usize, m: usize, v: usize, g: usize, lr: f64, b1: f64, b2: f64, eps: f64, c1: f64, c2: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    const gq = load<f64>(g + q);
    const mq = b1 * load<f64>(m + q) + (1.0 - b1) * gq;
    const vq = b2 * load<f64>(v + q) + (1.0 - b2) * gq * gq;
    store<f64>(m + q, mq);
    store<f64>(v + q, vq);
    store<f64>(p + q, load<f64>(p + q) - lr * (mq * c1) / (Math.sqrt(vq * c2) + eps));
  }
}

// ---- data movement and diagnostics ------------------------------------------------------------

// dst (B,width) = rows order[0..B) of src (·,width)     (order: i32 row indices)
export function gather_rows_f64__scalar(dst: usize, src: usize, order: usize, B: i32, width: i32): void {
  const bytes = <usize>width << 3;
  for (let r = 0; r < B; r++) {
    const row = load<i32>(order + (<usize>r << 2));
    memory.copy(dst + <usize>r * bytes, src + <usize>row * bytes, bytes);
  }
}

// returns Σ p²
export function sumsq_f64__scalar(p: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < n; k++) {
    const v = load<f64>(p + (<usize>k << 3));
    s += v * v;
  }
  return s;
}

// ---- fused online SGD (one sample, plain SGD): the gradient is never stored ------------------

// w (OUT,IN) −= lr · (dy (OUT) ⊗ x (IN));  b (OUT) −= lr · dy  (b == 0: skipped)
// Same operations per element as dense_bwd_weight into a zeroed gradient then sgd_step, so the
// result is bit-identical to the unfused step.
export function dense_sgd_update_f64__scalar(w: usize, b: usize, dy: usize, x: usize, lr: f64, IN: i32, OUT: i32): void {
  for (let o = 0; o < OUT; o++) {
    const d = load<f64>(dy + (<usize>o << 3));
    if (b) store<f64>(b + (<usize>o << 3), load<f64>(b + (<usize>o << 3)) - lr * d);
    const wo = w + (<usize>(o * IN) << 3);
    for (let i = 0; i < IN; i++) {
      const p = <usize>i << 3;
      store<f64>(wo + p, load<f64>(wo + p) - lr * (d * load<f64>(x + p)));
    }
  }
}

// w (OUT,IN) −= lr · (dy (OUT) ⊗ x (IN));  b (OUT) −= lr · dy  (b == 0: skipped);
// then y (OUT) = w · xn (IN) + bf (OUT)
// One online-SGD step of a layer fused with the next sample's forward product through the updated
// weights, row by row, so each row of w is read once for both. bf is read after b's update: the
// driver passes bf = b (the fixed biases when b = 0). Bit-identical to dense_sgd_update_f64__scalar
// followed by dense_fwd_f64__scalar on xn: the same operations in the same order.
export function dense_sgd_update_fwd_f64__scalar(
  y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f64, IN: i32, OUT: i32,
): void {
  for (let o = 0; o < OUT; o++) {
    const d = load<f64>(dy + (<usize>o << 3));
    if (b) store<f64>(b + (<usize>o << 3), load<f64>(b + (<usize>o << 3)) - lr * d);
    const wo = w + (<usize>(o * IN) << 3);
    let s: f64 = 0;
    for (let i = 0; i < IN; i++) {
      const p = <usize>i << 3;
      const v = load<f64>(wo + p) - lr * (d * load<f64>(x + p));
      store<f64>(wo + p, v);
      s += v * load<f64>(xn + p);
    }
    store<f64>(y + (<usize>o << 3), s + load<f64>(bf + (<usize>o << 3)));
  }
}
