// Scalar kernel bodies generic over the element type T (f64 or f32), written once for both dtypes:
// kernels.ts instantiates them as the `*_f64__scalar` exports, kernels_f32.ts as `*_f32__scalar`.
// With T = f64 every cast below is the identity, so the f64 kernels compile to what they were.
// With T = f32 every operation on elements rounds to float32 (as the TS twin's Math.fround does);
// loss sums and diagnostics accumulate in f64 (their results are reported numbers, not elements).
// Transcendentals (tanh, the softmax exp, log) are AssemblyScript's f64 Math on the element's value,
// rounded to T once. Not here: the f32 sigmoid (its exp is exp_f32.ts), the f32 weight gradient
// (blocked accumulation, kernels_f32.ts), any SIMD.
// ABI: byte pointers and i32 sizes; outputs first, then inputs, then dimensions.

// byte offset of element k
// @ts-ignore: decorator
@inline function at<T>(k: i32): usize {
  return <usize>k << alignof<T>();
}

const TINY: f64 = 2.2250738585072014e-308; // log(TINY) ≈ −708: a finite stand-in for log(0)

// −[t·log(o) + (1 − t)·log(1 − o)] in f64, the terms with a zero weight left out (no 0·log 0 = NaN)
// @ts-ignore: decorator
@inline function binaryXent(o: f64, t: f64): f64 {
  let l: f64 = 0;
  if (t != 0) l -= t * Math.log(max(o, TINY));
  if (t != 1) l -= (1.0 - t) * Math.log(max(1.0 - o, TINY));
  return l;
}

/**
 * y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT): one dot product per output, in input order.
 * ldy != 0: y's row stride in elements (a range of a wider layer's outputs); 0 = OUT.
 */
// @ts-ignore: decorator
@inline export function denseFwd<T>(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, ldy: i32 = 0): void {
  const sy = ldy ? ldy : OUT;
  for (let r = 0; r < B; r++) {
    const xr = x + at<T>(r * IN);
    const yr = y + at<T>(r * sy);
    for (let o = 0; o < OUT; o++) {
      const wo = w + at<T>(o * IN);
      let s: T = <T>0;
      for (let i = 0; i < IN; i++) s += load<T>(wo + at<T>(i)) * load<T>(xr + at<T>(i));
      store<T>(yr + at<T>(o), s + load<T>(b + at<T>(o)));
    }
  }
}

/** dx (B,IN) = dy (B,OUT) · w (OUT,IN) (overwrites dx), summed over outputs in order. */
// @ts-ignore: decorator
@inline export function denseBwdData<T>(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    const dxr = dx + at<T>(r * IN);
    const dyr = dy + at<T>(r * OUT);
    for (let i = 0; i < IN; i++) store<T>(dxr + at<T>(i), <T>0);
    for (let o = 0; o < OUT; o++) {
      const d = load<T>(dyr + at<T>(o));
      const wo = w + at<T>(o * IN);
      for (let i = 0; i < IN; i++) {
        const p = at<T>(i);
        store<T>(dxr + p, load<T>(dxr + p) + d * load<T>(wo + p));
      }
    }
  }
}

/** p (n) = v */
// @ts-ignore: decorator
@inline export function fill<T>(p: usize, v: T, n: i32): void {
  for (let k = 0; k < n; k++) store<T>(p + at<T>(k), v);
}

/** p (n) −= lr · g (n) */
// @ts-ignore: decorator
@inline export function sgdStep<T>(p: usize, g: usize, lr: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    store<T>(p + q, load<T>(p + q) - lr * load<T>(g + q));
  }
}

/** d (n) *= alpha · y · (1 − y) */
// @ts-ignore: decorator
@inline export function sigmoidBwd<T>(d: usize, y: usize, alpha: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const v = load<T>(y + p);
    store<T>(d + p, load<T>(d + p) * (alpha * v * (<T>1.0 - v)));
  }
}

/** delta = scale·(out − target)·alpha·out·(1 − out); returns Σ ½(target − out)² (in f64). */
// @ts-ignore: decorator
@inline export function sseSigmoidDelta<T>(delta: usize, out: usize, target: usize, alpha: T, scale: T, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const o = load<T>(out + p);
    const e = load<T>(target + p) - o;
    sse += 0.5 * <f64>e * <f64>e;
    store<T>(delta + p, scale * (-e) * (alpha * o * (<T>1.0 - o)));
  }
  return sse;
}

/** returns Σ ½ (target − out)² (in f64) */
// @ts-ignore: decorator
@inline export function sseLoss<T>(out: usize, target: usize, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const e = <f64>(load<T>(target + p) - load<T>(out + p));
    sse += 0.5 * e * e;
  }
  return sse;
}

/** y = tanh(x) */
// @ts-ignore: decorator
@inline export function tanhFwd<T>(y: usize, x: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    store<T>(y + p, <T>Math.tanh(<f64>load<T>(x + p)));
  }
}

/** d *= 1 − y² */
// @ts-ignore: decorator
@inline export function tanhBwd<T>(d: usize, y: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const v = load<T>(y + p);
    store<T>(d + p, load<T>(d + p) * (<T>1.0 - v * v));
  }
}

/** y = x for x > 0, slope·x otherwise (+0 for −0) */
// @ts-ignore: decorator
@inline export function reluFwd<T>(y: usize, x: usize, slope: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const v = load<T>(x + p);
    store<T>(y + p, v > <T>0 ? v : v * slope + <T>0.0); // + 0.0 turns −0 into +0
  }
}

/** d *= (y > 0 ? 1 : slope) */
// @ts-ignore: decorator
@inline export function reluBwd<T>(d: usize, y: usize, slope: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    if (!(load<T>(y + p) > <T>0)) store<T>(d + p, load<T>(d + p) * slope);
  }
}

/** y (B,N) = softmax of each row of x (B,N), shifted by the row max */
// @ts-ignore: decorator
@inline export function softmaxFwd<T>(y: usize, x: usize, B: i32, N: i32): void {
  for (let r = 0; r < B; r++) {
    const xr = x + at<T>(r * N);
    const yr = y + at<T>(r * N);
    let m: T = <T>-Infinity;
    for (let j = 0; j < N; j++) m = max<T>(m, load<T>(xr + at<T>(j)));
    let s: T = <T>0;
    for (let j = 0; j < N; j++) {
      const e = <T>Math.exp(<f64>(load<T>(xr + at<T>(j)) - m));
      store<T>(yr + at<T>(j), e);
      s += e;
    }
    const inv = <T>1.0 / s;
    for (let j = 0; j < N; j++) store<T>(yr + at<T>(j), load<T>(yr + at<T>(j)) * inv);
  }
}

/** d_j ← y_j · (d_j − Σ_k d_k y_k) per row */
// @ts-ignore: decorator
@inline export function softmaxBwd<T>(d: usize, y: usize, B: i32, N: i32): void {
  for (let r = 0; r < B; r++) {
    const dr = d + at<T>(r * N);
    const yr = y + at<T>(r * N);
    let dot: T = <T>0;
    for (let j = 0; j < N; j++) dot += load<T>(dr + at<T>(j)) * load<T>(yr + at<T>(j));
    for (let j = 0; j < N; j++) {
      const p = at<T>(j);
      store<T>(dr + p, load<T>(yr + p) * (load<T>(dr + p) - dot));
    }
  }
}

/** delta = scale · (out − target); returns Σ ½(target − out)² (in f64) */
// @ts-ignore: decorator
@inline export function sseDelta<T>(delta: usize, out: usize, target: usize, scale: T, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const e = load<T>(target + p) - load<T>(out + p);
    sse += 0.5 * <f64>e * <f64>e;
    store<T>(delta + p, scale * -e);
  }
  return sse;
}

/** softmax + cross-entropy per row: delta = scale · (out · Σ_j target_j − target); returns −Σ target · log(out) (f64) */
// @ts-ignore: decorator
@inline export function xentSoftmaxDelta<T>(delta: usize, out: usize, target: usize, scale: T, B: i32, N: i32): f64 {
  let loss: f64 = 0;
  for (let r = 0; r < B; r++) {
    const row = at<T>(r * N);
    let sumT: T = <T>0;
    for (let j = 0; j < N; j++) sumT += load<T>(target + row + at<T>(j));
    for (let j = 0; j < N; j++) {
      const p = row + at<T>(j);
      const o = load<T>(out + p);
      const t = load<T>(target + p);
      if (t != <T>0) loss -= <f64>t * Math.log(max(<f64>o, TINY));
      store<T>(delta + p, scale * (o * sumT - t));
    }
  }
  return loss;
}

/** sigmoid + binary cross-entropy: delta = scale · alpha · (out − target); returns the loss (f64) */
// @ts-ignore: decorator
@inline export function xentSigmoidDelta<T>(delta: usize, out: usize, target: usize, alpha: T, scale: T, n: i32): f64 {
  let loss: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const o = load<T>(out + p);
    const t = load<T>(target + p);
    loss += binaryXent(<f64>o, <f64>t);
    store<T>(delta + p, scale * alpha * (o - t));
  }
  return loss;
}

/** returns −Σ target · log(out) (f64) */
// @ts-ignore: decorator
@inline export function xentSoftmaxLoss<T>(out: usize, target: usize, n: i32): f64 {
  let loss: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    const t = load<T>(target + p);
    if (t != <T>0) loss -= <f64>t * Math.log(max(<f64>load<T>(out + p), TINY));
  }
  return loss;
}

/** returns −Σ [t·log(out) + (1 − t)·log(1 − out)] (f64) */
// @ts-ignore: decorator
@inline export function xentSigmoidLoss<T>(out: usize, target: usize, n: i32): f64 {
  let loss: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = at<T>(k);
    loss += binaryXent(<f64>load<T>(out + p), <f64>load<T>(target + p));
  }
  return loss;
}

/** rows of out (B,N) whose class matches target's: argmax for N > 1, (≥ 0.5) for N == 1 */
// @ts-ignore: decorator
@inline export function correctCount<T>(out: usize, target: usize, B: i32, N: i32): i32 {
  let c = 0;
  for (let r = 0; r < B; r++) {
    const o = out + at<T>(r * N);
    const t = target + at<T>(r * N);
    if (N == 1) {
      if ((load<T>(o) >= <T>0.5) == (load<T>(t) >= <T>0.5)) c++;
      continue;
    }
    let bo = 0;
    let bt = 0;
    for (let j = 1; j < N; j++) {
      if (load<T>(o + at<T>(j)) > load<T>(o + at<T>(bo))) bo = j;
      if (load<T>(t + at<T>(j)) > load<T>(t + at<T>(bt))) bt = j;
    }
    if (bo == bt) c++;
  }
  return c;
}

/** y (n) += a · x (n) */
// @ts-ignore: decorator
@inline export function axpy<T>(y: usize, x: usize, a: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    store<T>(y + q, load<T>(y + q) + a * load<T>(x + q));
  }
}

/** classic momentum: v = mu·v − lr·g ; p += v */
// @ts-ignore: decorator
@inline export function momentumStep<T>(p: usize, v: usize, g: usize, lr: T, mu: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    const vn = mu * load<T>(v + q) - lr * load<T>(g + q);
    store<T>(v + q, vn);
    store<T>(p + q, load<T>(p + q) + vn);
  }
}

/** Nesterov momentum (Sutskever form): v' = mu·v − lr·g ; p += −mu·v + (1 + mu)·v' */
// @ts-ignore: decorator
@inline export function nesterovStep<T>(p: usize, v: usize, g: usize, lr: T, mu: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    const vo = load<T>(v + q);
    const vn = mu * vo - lr * load<T>(g + q);
    store<T>(v + q, vn);
    store<T>(p + q, load<T>(p + q) - mu * vo + (<T>1.0 + mu) * vn);
  }
}

/** momentum, PyTorch's form: b = mu·b + g ; p −= lr·b */
// @ts-ignore: decorator
@inline export function momentumTorchStep<T>(p: usize, v: usize, g: usize, lr: T, mu: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    const bn = mu * load<T>(v + q) + load<T>(g + q);
    store<T>(v + q, bn);
    store<T>(p + q, load<T>(p + q) - lr * bn);
  }
}

/** Nesterov, PyTorch's form: b = mu·b + g ; p −= lr·(g + mu·b) */
// @ts-ignore: decorator
@inline export function nesterovTorchStep<T>(p: usize, v: usize, g: usize, lr: T, mu: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    const gk = load<T>(g + q);
    const bn = mu * load<T>(v + q) + gk;
    store<T>(v + q, bn);
    store<T>(p + q, load<T>(p + q) - lr * (gk + mu * bn));
  }
}

/** Adam with bias corrections c1 = 1/(1 − b1^t), c2 = 1/(1 − b2^t) */
// @ts-ignore: decorator
@inline export function adamStep<T>(p: usize, m: usize, v: usize, g: usize, lr: T, b1: T, b2: T, eps: T, c1: T, c2: T, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = at<T>(k);
    const gq = load<T>(g + q);
    const mq = b1 * load<T>(m + q) + (<T>1.0 - b1) * gq;
    const vq = b2 * load<T>(v + q) + (<T>1.0 - b2) * gq * gq;
    store<T>(m + q, mq);
    store<T>(v + q, vq);
    store<T>(p + q, load<T>(p + q) - lr * (mq * c1) / (sqrt<T>(vq * c2) + eps));
  }
}

/** dst (B,width) = rows order[0..B) of src (·,width) (order: i32 row indices) */
// @ts-ignore: decorator
@inline export function gatherRows<T>(dst: usize, src: usize, order: usize, B: i32, width: i32): void {
  const bytes = at<T>(width);
  for (let r = 0; r < B; r++) {
    const row = load<i32>(order + (<usize>r << 2));
    memory.copy(dst + <usize>r * bytes, src + <usize>row * bytes, bytes);
  }
}

/** returns Σ p² (in f64) */
// @ts-ignore: decorator
@inline export function sumsq<T>(p: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < n; k++) {
    const v = <f64>load<T>(p + at<T>(k));
    s += v * v;
  }
  return s;
}

/** w (OUT,IN) −= lr · (dy (OUT) ⊗ x (IN)); b (OUT) −= lr · dy (b == 0: skipped) */
// @ts-ignore: decorator
@inline export function denseSgdUpdate<T>(w: usize, b: usize, dy: usize, x: usize, lr: T, IN: i32, OUT: i32): void {
  for (let o = 0; o < OUT; o++) {
    const d = load<T>(dy + at<T>(o));
    if (b) store<T>(b + at<T>(o), load<T>(b + at<T>(o)) - lr * d);
    const wo = w + at<T>(o * IN);
    for (let i = 0; i < IN; i++) {
      const p = at<T>(i);
      store<T>(wo + p, load<T>(wo + p) - lr * (d * load<T>(x + p)));
    }
  }
}

/** the online step of denseSgdUpdate, then y (OUT) = w · xn (IN) + bf (OUT) through the updated rows */
// @ts-ignore: decorator
@inline export function denseSgdUpdateFwd<T>(
  y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: T, IN: i32, OUT: i32,
): void {
  for (let o = 0; o < OUT; o++) {
    const d = load<T>(dy + at<T>(o));
    if (b) store<T>(b + at<T>(o), load<T>(b + at<T>(o)) - lr * d);
    const wo = w + at<T>(o * IN);
    let s: T = <T>0;
    for (let i = 0; i < IN; i++) {
      const p = at<T>(i);
      const v = load<T>(wo + p) - lr * (d * load<T>(x + p));
      store<T>(wo + p, v);
      s += v * load<T>(xn + p);
    }
    store<T>(y + at<T>(o), s + load<T>(bf + at<T>(o)));
  }
}
