// Scalar reference kernels (f64). Straight loops in the order the maths is written; every SIMD
// variant is tested against these and against the pure-TS twins in src/backend/ts-kernels.ts.
// Most bodies are generic.ts's, written once for f64 and f32 (here T = f64: every cast there is the
// identity, so these compile to the f64 loops they always were); the sigmoid (Math.exp) and the
// weight gradient (one rank-1 update per row) are f64's own.
// Not here: allocation (kernels never allocate), layout (src/layout.ts), orchestration (driver.ts).
// ABI: byte pointers and i32 sizes; outputs first, then inputs, then dimensions.
import {
  denseFwd, denseBwdData, fill, sgdStep, sigmoidBwd, sseSigmoidDelta, sseLoss, tanhFwd, tanhBwd, reluFwd, reluBwd,
  softmaxFwd, softmaxBwd, sseDelta, xentSoftmaxDelta, xentSigmoidDelta, xentSoftmaxLoss, xentSigmoidLoss, correctCount,
  axpy, momentumStep, nesterovStep, momentumTorchStep, nesterovTorchStep, adamStep, gatherRows, sumsq, denseSgdUpdate, denseSgdUpdateFwd,
} from './generic';
import { denseBwdWeightLd } from './tiles';

// y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT)      [net]
export function dense_fwd_f64__scalar(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwd<f64>(y, x, w, b, B, IN, OUT);
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
  sigmoidBwd<f64>(d, y, alpha, n);
}

// delta (n) = scale · (out − target) · alpha · out · (1 − out); returns Σ ½ (target − out)²
// (∂SSE/∂out = −E, eq. 6.17 × 6.21; ∂out/∂net = alpha·out·(1−out), eq. 6.2)
export function sse_sigmoid_delta_f64__scalar(delta: usize, out: usize, target: usize, alpha: f64, scale: f64, n: i32): f64 {
  return sseSigmoidDelta<f64>(delta, out, target, alpha, scale, n);
}

// returns Σ ½ (target (n) − out (n))²
export function sse_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  return sseLoss<f64>(out, target, n);
}

// dx (B,IN) = dy (B,OUT) · w (OUT,IN)     (overwrites dx: a delta, not an accumulated gradient)
export function dense_bwd_data_f64__scalar(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdData<f64>(dx, dy, w, B, IN, OUT);
}

// dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN);  db (OUT) += Σ_rows dy   (db == 0: bias gradient skipped)
export function dense_bwd_weight_f64__scalar(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeightLd(dw, db, dy, x, B, IN, OUT, OUT);
}

// p (n) = v
export function fill_f64__scalar(p: usize, v: f64, n: i32): void {
  fill<f64>(p, v, n);
}

// p (n) −= lr · g (n)     (one SGD step over the whole flat parameter block)
export function sgd_step_f64__scalar(p: usize, g: usize, lr: f64, n: i32): void {
  sgdStep<f64>(p, g, lr, n);
}

// ---- activations beyond the seeds' sigmoid (y may alias x) -------------------------------------

// y = tanh(x)
export function tanh_fwd_f64__scalar(y: usize, x: usize, n: i32): void {
  tanhFwd<f64>(y, x, n);
}

// d *= 1 − y²
export function tanh_bwd_f64__scalar(d: usize, y: usize, n: i32): void {
  tanhBwd<f64>(d, y, n);
}

// y = max(x, 0)·1 + min(x, 0)·slope   (slope 0: ReLU; slope > 0: leaky ReLU)
export function relu_fwd_f64__scalar(y: usize, x: usize, slope: f64, n: i32): void {
  reluFwd<f64>(y, x, slope, n);
}

// d *= (y > 0 ? 1 : slope)
export function relu_bwd_f64__scalar(d: usize, y: usize, slope: f64, n: i32): void {
  reluBwd<f64>(d, y, slope, n);
}

// y (B,N) = softmax of each row of x (B,N), shifted by the row max for stability
export function softmax_fwd_f64__scalar(y: usize, x: usize, B: i32, N: i32): void {
  softmaxFwd<f64>(y, x, B, N);
}

// d (B,N) ← J_softmaxᵀ · d per row: d_j = y_j · (d_j − Σ_k d_k y_k)
export function softmax_bwd_f64__scalar(d: usize, y: usize, B: i32, N: i32): void {
  softmaxBwd<f64>(d, y, B, N);
}

// ---- losses -----------------------------------------------------------------------------------

// delta = scale · (out − target) (∂SSE/∂out; the activation's derivative is applied after); returns Σ ½(target − out)²
export function sse_delta_f64__scalar(delta: usize, out: usize, target: usize, scale: f64, n: i32): f64 {
  return sseDelta<f64>(delta, out, target, scale, n);
}

// softmax + cross-entropy, fused, per row r of out/target (B,N): delta = scale · (out · Σ_j target_j − target),
// the exact ∂/∂net of −Σ target · log(out) for any target row (p − t only when the row sums to 1;
// out · 1.0 is exact, so one-hot rows keep the bits of p − t); returns −Σ target · log(out)
export function xent_softmax_delta_f64__scalar(delta: usize, out: usize, target: usize, scale: f64, B: i32, N: i32): f64 {
  return xentSoftmaxDelta<f64>(delta, out, target, scale, B, N);
}

// sigmoid(alpha) + binary cross-entropy, fused: delta = scale · alpha · (out − target), exact for
// any target in [0, 1] (not only 0/1); returns −Σ [t·log(out) + (1 − t)·log(1 − out)]
export function xent_sigmoid_delta_f64__scalar(delta: usize, out: usize, target: usize, alpha: f64, scale: f64, n: i32): f64 {
  return xentSigmoidDelta<f64>(delta, out, target, alpha, scale, n);
}

// returns −Σ target · log(out)
export function xent_softmax_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  return xentSoftmaxLoss<f64>(out, target, n);
}

// returns −Σ [t·log(out) + (1 − t)·log(1 − out)]
export function xent_sigmoid_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  return xentSigmoidLoss<f64>(out, target, n);
}

// rows of out (B,N) whose class matches target's: argmax for N > 1, (≥ 0.5) for N == 1
export function correct_count_f64__scalar(out: usize, target: usize, B: i32, N: i32): i32 {
  return correctCount<f64>(out, target, B, N);
}

// ---- optimizers (one flat pass over all parameters) -------------------------------------------

// y (n) += a · x (n)     (weight decay: dW += λ·W)
export function axpy_f64__scalar(y: usize, x: usize, a: f64, n: i32): void {
  axpy<f64>(y, x, a, n);
}

// classic momentum: v = mu·v − lr·g ; p += v
export function momentum_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  momentumStep<f64>(p, v, g, lr, mu, n);
}

// Nesterov momentum (Sutskever form): v' = mu·v − lr·g ; p += −mu·v + (1 + mu)·v'
export function nesterov_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  nesterovStep<f64>(p, v, g, lr, mu, n);
}

// Momentum, PyTorch's form: b = mu·b + g ; p −= lr·b
export function momentum_torch_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  momentumTorchStep<f64>(p, v, g, lr, mu, n);
}

// Nesterov, PyTorch's form: b = mu·b + g ; p −= lr·(g + mu·b)
export function nesterov_torch_step_f64__scalar(p: usize, v: usize, g: usize, lr: f64, mu: f64, n: i32): void {
  nesterovTorchStep<f64>(p, v, g, lr, mu, n);
}

// Adam: m = b1·m + (1−b1)·g ; v = b2·v + (1−b2)·g² ; p −= lr · (m·c1) / (sqrt(v·c2) + eps),
// with the bias corrections c1 = 1/(1 − b1^t), c2 = 1/(1 − b2^t)
export function adam_step_f64__scalar(p: usize, m: usize, v: usize, g: usize, lr: f64, b1: f64, b2: f64, eps: f64, c1: f64, c2: f64, n: i32): void {
  adamStep<f64>(p, m, v, g, lr, b1, b2, eps, c1, c2, n);
}

// ---- data movement and diagnostics ------------------------------------------------------------

// dst (B,width) = rows order[0..B) of src (·,width)     (order: i32 row indices)
export function gather_rows_f64__scalar(dst: usize, src: usize, order: usize, B: i32, width: i32): void {
  gatherRows<f64>(dst, src, order, B, width);
}

// returns Σ p²
export function sumsq_f64__scalar(p: usize, n: i32): f64 {
  return sumsq<f64>(p, n);
}

// ---- fused online SGD (one sample, plain SGD): the gradient is never stored ------------------

// w (OUT,IN) −= lr · (dy (OUT) ⊗ x (IN));  b (OUT) −= lr · dy  (b == 0: skipped)
// Same operations per element as dense_bwd_weight into a zeroed gradient then sgd_step, so the
// result is bit-identical to the unfused step.
export function dense_sgd_update_f64__scalar(w: usize, b: usize, dy: usize, x: usize, lr: f64, IN: i32, OUT: i32): void {
  denseSgdUpdate<f64>(w, b, dy, x, lr, IN, OUT);
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
  denseSgdUpdateFwd<f64>(y, w, b, dy, x, xn, bf, lr, IN, OUT);
}
