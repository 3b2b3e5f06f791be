// Scalar reference kernels (f32): the generic bodies of generic.ts at T = f32, plus the two that
// are float32's own — the sigmoid and exp (exp_f32.ts: float64 inside, rounded once, so the SIMD
// kernels give the same bits) and the weight gradient, whose batch sum is blocked (see dense_bwd_weight_f32__scalar).
// Every f32x4 variant is tested against these orders and against the TS twin (ts-kernels-f32.ts).
// Not here: allocation, layout, orchestration (driver.ts, dispatch.ts).
// ABI: byte pointers and i32 sizes; outputs first, then inputs, then dimensions; f32 scalars.
import { denseBwdWeightF32Ld } from './tiles_f32';
import {
  denseFwd, denseBwdData, fill, sgdStep, sigmoidBwd, sseSigmoidDelta, sseLoss, tanhFwd, tanhBwd, reluFwd, reluBwd,
  softmaxFwd, softmaxBwd, sseDelta, xentSoftmaxDelta, xentSigmoidDelta, xentSoftmaxLoss, xentSigmoidLoss, correctCount,
  axpy, momentumStep, nesterovStep, momentumTorchStep, nesterovTorchStep, adamStep, gatherRows, sumsq, denseSgdUpdate, denseSgdUpdateFwd,
} from './generic';
import { expf, sigmoidf } from './exp_f32';

/**
 * Rows of the batch summed from zero before each is added into dW/db (f32 and f64 tiles alike use
 * blocks of this many rows; for f32 it also bounds the rounding: see dense_bwd_weight_f32__scalar).
 */
export const GRAD_BLOCK_ROWS: i32 = 32;

/** y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT) */
export function dense_fwd_f32__scalar(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwd<f32>(y, x, w, b, B, IN, OUT);
}

/** dx (B,IN) = dy (B,OUT) · w (OUT,IN) (overwrites dx) */
export function dense_bwd_data_f32__scalar(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdData<f32>(dx, dy, w, B, IN, OUT);
}

/**
 * dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN); db (OUT) += Σ_rows dy (db == 0: skipped).
 * Blocked accumulation: for each block of GRAD_BLOCK_ROWS rows, each element's contributions are
 * summed from zero in f32, then the block's sum is added into dW. The rounding error of a gradient
 * element over B rows is then bounded by (R + ⌈B/R⌉ − 1)·u·Σ|terms| (R = 32, u = 2⁻²⁴) instead of
 * (B − 1)·u·Σ|terms| for the running sum: 63·u instead of 999·u at B = 1000 (measured in
 * test/accumulation-f32.test.ts). The f32x4 tiles add in exactly this order (bit-identical).
 */
export function dense_bwd_weight_f32__scalar(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeightF32Ld(dw, db, dy, x, B, IN, OUT, OUT);
}

/** p (n) = v */
export function fill_f32__scalar(p: usize, v: f32, n: i32): void {
  fill<f32>(p, v, n);
}

/** p (n) −= lr · g (n) */
export function sgd_step_f32__scalar(p: usize, g: usize, lr: f32, n: i32): void {
  sgdStep<f32>(p, g, lr, n);
}

/** y (n) = exp(x (n)) in float32 (expf: ≤ 0.502 ulp, exp_f32.ts) */
export function exp_f32__scalar(y: usize, x: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 2;
    store<f32>(y + p, expf(load<f32>(x + p)));
  }
}

/**
 * y (n) = 1 / (1 + exp(−z)), z = alpha · x (n) (the product in float32), in place allowed (y == x):
 * computed in float64 from the float32 z and rounded once (sigmoidf, exp_f32.ts: ≤ 0.51 ulp,
 * subnormal outputs of very negative z rounded once; see test/kernels-exp-f32.test.ts).
 */
export function sigmoid_fwd_f32__scalar(y: usize, x: usize, alpha: f32, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 2;
    store<f32>(y + p, sigmoidf(alpha * load<f32>(x + p)));
  }
}

/** d (n) *= alpha · y · (1 − y) */
export function sigmoid_bwd_f32__scalar(d: usize, y: usize, alpha: f32, n: i32): void {
  sigmoidBwd<f32>(d, y, alpha, n);
}

/** delta = scale·(out − target)·alpha·out·(1 − out); returns Σ ½(target − out)² */
export function sse_sigmoid_delta_f32__scalar(delta: usize, out: usize, target: usize, alpha: f32, scale: f32, n: i32): f64 {
  return sseSigmoidDelta<f32>(delta, out, target, alpha, scale, n);
}

/** returns Σ ½ (target − out)² */
export function sse_loss_f32__scalar(out: usize, target: usize, n: i32): f64 {
  return sseLoss<f32>(out, target, n);
}

/** y = tanh(x) */
export function tanh_fwd_f32__scalar(y: usize, x: usize, n: i32): void {
  tanhFwd<f32>(y, x, n);
}

/** d *= 1 − y² */
export function tanh_bwd_f32__scalar(d: usize, y: usize, n: i32): void {
  tanhBwd<f32>(d, y, n);
}

/** y = max(x, 0) + min(x, 0)·slope */
export function relu_fwd_f32__scalar(y: usize, x: usize, slope: f32, n: i32): void {
  reluFwd<f32>(y, x, slope, n);
}

/** d *= (y > 0 ? 1 : slope) */
export function relu_bwd_f32__scalar(d: usize, y: usize, slope: f32, n: i32): void {
  reluBwd<f32>(d, y, slope, n);
}

/** y (B,N) = row-wise softmax of x (B,N) */
export function softmax_fwd_f32__scalar(y: usize, x: usize, B: i32, N: i32): void {
  softmaxFwd<f32>(y, x, B, N);
}

/** d (B,N) ← J_softmaxᵀ · d per row */
export function softmax_bwd_f32__scalar(d: usize, y: usize, B: i32, N: i32): void {
  softmaxBwd<f32>(d, y, B, N);
}

/** delta = scale · (out − target); returns Σ ½(target − out)² */
export function sse_delta_f32__scalar(delta: usize, out: usize, target: usize, scale: f32, n: i32): f64 {
  return sseDelta<f32>(delta, out, target, scale, n);
}

/** softmax + cross-entropy, fused: delta = scale · (out · Σ target − target); returns −Σ target · log(out) */
export function xent_softmax_delta_f32__scalar(delta: usize, out: usize, target: usize, scale: f32, B: i32, N: i32): f64 {
  return xentSoftmaxDelta<f32>(delta, out, target, scale, B, N);
}

/** sigmoid + binary cross-entropy, fused: delta = scale · alpha · (out − target) */
export function xent_sigmoid_delta_f32__scalar(delta: usize, out: usize, target: usize, alpha: f32, scale: f32, n: i32): f64 {
  return xentSigmoidDelta<f32>(delta, out, target, alpha, scale, n);
}

/** returns −Σ target · log(out) */
export function xent_softmax_loss_f32__scalar(out: usize, target: usize, n: i32): f64 {
  return xentSoftmaxLoss<f32>(out, target, n);
}

/** returns −Σ [t·log(out) + (1 − t)·log(1 − out)] */
export function xent_sigmoid_loss_f32__scalar(out: usize, target: usize, n: i32): f64 {
  return xentSigmoidLoss<f32>(out, target, n);
}

/** rows of out (B,N) classified as target's */
export function correct_count_f32__scalar(out: usize, target: usize, B: i32, N: i32): i32 {
  return correctCount<f32>(out, target, B, N);
}

/** y (n) += a · x (n) */
export function axpy_f32__scalar(y: usize, x: usize, a: f32, n: i32): void {
  axpy<f32>(y, x, a, n);
}

/** v = mu·v − lr·g ; p += v */
export function momentum_step_f32__scalar(p: usize, v: usize, g: usize, lr: f32, mu: f32, n: i32): void {
  momentumStep<f32>(p, v, g, lr, mu, n);
}

/** v' = mu·v − lr·g ; p += −mu·v + (1 + mu)·v' */
export function nesterov_step_f32__scalar(p: usize, v: usize, g: usize, lr: f32, mu: f32, n: i32): void {
  nesterovStep<f32>(p, v, g, lr, mu, n);
}

/** PyTorch's momentum: b = mu·b + g ; p −= lr·b */
export function momentum_torch_step_f32__scalar(p: usize, v: usize, g: usize, lr: f32, mu: f32, n: i32): void {
  momentumTorchStep<f32>(p, v, g, lr, mu, n);
}

/** PyTorch's Nesterov: b = mu·b + g ; p −= lr·(g + mu·b) */
export function nesterov_torch_step_f32__scalar(p: usize, v: usize, g: usize, lr: f32, mu: f32, n: i32): void {
  nesterovTorchStep<f32>(p, v, g, lr, mu, n);
}

/** Adam step (bias corrections c1, c2 given) */
export function adam_step_f32__scalar(p: usize, m: usize, v: usize, g: usize, lr: f32, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, n: i32): void {
  adamStep<f32>(p, m, v, g, lr, b1, b2, eps, c1, c2, n);
}

/** dst (B,width) = rows order[0..B) of src */
export function gather_rows_f32__scalar(dst: usize, src: usize, order: usize, B: i32, width: i32): void {
  gatherRows<f32>(dst, src, order, B, width);
}

/** returns Σ p² (f64) */
export function sumsq_f32__scalar(p: usize, n: i32): f64 {
  return sumsq<f32>(p, n);
}

/** w (OUT,IN) −= lr · (dy ⊗ x); b −= lr · dy (b == 0: skipped) */
export function dense_sgd_update_f32__scalar(w: usize, b: usize, dy: usize, x: usize, lr: f32, IN: i32, OUT: i32): void {
  denseSgdUpdate<f32>(w, b, dy, x, lr, IN, OUT);
}

/** w −= lr·(dy ⊗ x); b −= lr·dy; then y (OUT) = w · xn + bf */
export function dense_sgd_update_fwd_f32__scalar(
  y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f32, IN: i32, OUT: i32,
): void {
  denseSgdUpdateFwd<f32>(y, w, b, dy, x, xn, bf, lr, IN, OUT);
}
