// Layer-level drivers of the float32 family: forward_f32, backward_f32, update_f32, eval_f32 and
// train_epochs_f32 over a network descriptor (layout.ts) whose element blocks (parameters,
// gradients, optimizer state, activations, deltas, staged rows) hold float32. The structure is
// driver.ts's, operation for operation; hyper-parameters and diagnostics stay f64 words (the
// hyper-parameters are rounded to f32 where they are read), losses are summed and returned in f64.
// Not here: the kernels (kernels_f32.ts, kernels_simd_f32.ts, kernels_relaxed_f32.ts), allocation.
// Twin: src/backend/ts-driver-f32.ts (the TS driver run over the f32 kernel twins).
import {
  hdr, lyr, hyper, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT, H_OPT1, H_OPT2, H_LOSS, H_OPTIMIZER,
  H_WITHBIAS, H_GX, H_GT, H_DIAG, H_STEP, HY_LR, HY_ALPHA, HY_MU, HY_BETA1, HY_BETA2, HY_EPS, HY_WD, HY_SLOPE, DIAG_WORDS,
  L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND, ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_SOFTMAX,
  LOSS_SSE, OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM, H_RECORD, RECORD_EXACT, H_MFORM, MFORM_TORCH,
} from './layout';
import {
  dense_fwd_f32__scalar, dense_bwd_data_f32__scalar, dense_bwd_weight_f32__scalar, fill_f32__scalar, sgd_step_f32__scalar,
  sigmoid_fwd_f32__scalar, sigmoid_bwd_f32__scalar, sse_sigmoid_delta_f32__scalar, sse_loss_f32__scalar, tanh_fwd_f32__scalar,
  tanh_bwd_f32__scalar, relu_fwd_f32__scalar, relu_bwd_f32__scalar, softmax_fwd_f32__scalar, softmax_bwd_f32__scalar,
  sse_delta_f32__scalar, xent_softmax_delta_f32__scalar, xent_sigmoid_delta_f32__scalar, xent_softmax_loss_f32__scalar,
  xent_sigmoid_loss_f32__scalar, correct_count_f32__scalar, axpy_f32__scalar, momentum_step_f32__scalar,
  nesterov_step_f32__scalar, momentum_torch_step_f32__scalar, nesterov_torch_step_f32__scalar, adam_step_f32__scalar, gather_rows_f32__scalar, sumsq_f32__scalar,
  dense_sgd_update_f32__scalar, dense_sgd_update_fwd_f32__scalar,
} from './kernels_f32';
import {
  dense_fwd_f32__simd128_4x2, dense_fwd_f32__simd128_mv4, dense_bwd_data_f32__simd128_4x8, dense_bwd_weight_f32__simd128_4x8,
  sgd_step_f32__simd128_x4, fill_f32__simd128_x4, dense_sgd_update_f32__simd128_8x4, dense_sgd_update_fwd_f32__simd128_2x8,
  sigmoid_fwd_f32__simd128,
} from './kernels_simd_f32';
import { dense_fwd_f32__relaxed_4x2, dense_bwd_data_f32__relaxed_4x8, dense_bwd_weight_f32__relaxed_4x8 } from './kernels_relaxed_f32';
import { VARIANT_SCALAR, VARIANT_SIMD128, VARIANT_RELAXED } from './driver';

// The dispatch rules are driver.ts's: below SMALL_CALL multiply-adds (or elements) the scalar kernel;
// B < 4 takes the matrix–vector forward in both SIMD families (so online rows chain bit-exactly with
// the Plain fused update); sgd_step, fill and the online updates have no relaxed variant.
const SMALL_CALL: i64 = 16;
// @ts-ignore: decorator
@inline function simdFamily(v: i32): bool { return v == VARIANT_SIMD128 || v == VARIANT_RELAXED; }
// @ts-ignore: decorator
@inline function denseFwd(v: i32, y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  if (<i64>B * <i64>IN * <i64>OUT >= SMALL_CALL) {
    if (ASC_FEATURE_SIMD) { if (simdFamily(v) && B < 4) { dense_fwd_f32__simd128_mv4(y, x, w, b, B, IN, OUT); return; } }
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { dense_fwd_f32__relaxed_4x2(y, x, w, b, B, IN, OUT); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { dense_fwd_f32__simd128_4x2(y, x, w, b, B, IN, OUT); return; } }
  }
  dense_fwd_f32__scalar(y, x, w, b, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseBwdData(v: i32, dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  if (<i64>B * <i64>IN * <i64>OUT >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { dense_bwd_data_f32__relaxed_4x8(dx, dy, w, B, IN, OUT); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { dense_bwd_data_f32__simd128_4x8(dx, dy, w, B, IN, OUT); return; } }
  }
  dense_bwd_data_f32__scalar(dx, dy, w, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseBwdWeight(v: i32, dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  if (<i64>B * <i64>IN * <i64>OUT >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { dense_bwd_weight_f32__relaxed_4x8(dw, db, dy, x, B, IN, OUT); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { dense_bwd_weight_f32__simd128_4x8(dw, db, dy, x, B, IN, OUT); return; } }
  }
  dense_bwd_weight_f32__scalar(dw, db, dy, x, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function sgdStep(v: i32, p: usize, g: usize, lr: f32, n: i32): void {
  if (ASC_FEATURE_SIMD) { if (simdFamily(v) && <i64>n >= SMALL_CALL) { sgd_step_f32__simd128_x4(p, g, lr, n); return; } }
  sgd_step_f32__scalar(p, g, lr, n);
}
// @ts-ignore: decorator
@inline function fillF32(v: i32, p: usize, value: f32, n: i32): void {
  if (ASC_FEATURE_SIMD) { if (simdFamily(v) && <i64>n >= SMALL_CALL) { fill_f32__simd128_x4(p, value, n); return; } }
  fill_f32__scalar(p, value, n);
}
// @ts-ignore: decorator
@inline function denseSgdUpdate(v: i32, w: usize, b: usize, dy: usize, x: usize, lr: f32, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) { if (simdFamily(v) && <i64>IN * <i64>OUT >= SMALL_CALL) { dense_sgd_update_f32__simd128_8x4(w, b, dy, x, lr, IN, OUT); return; } }
  dense_sgd_update_f32__scalar(w, b, dy, x, lr, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseSgdUpdateFwd(v: i32, y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f32, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) { if (simdFamily(v) && <i64>IN * <i64>OUT >= SMALL_CALL) { dense_sgd_update_fwd_f32__simd128_2x8(y, w, b, dy, x, xn, bf, lr, IN, OUT); return; } }
  dense_sgd_update_fwd_f32__scalar(y, w, b, dy, x, xn, bf, lr, IN, OUT);
}

// y (B,N) = f(y) in place; the SIMD sigmoid gives the scalar one's bits, so SIMD families take it from 4 elements
function actFwd(variant: i32, kind: i32, y: usize, alpha: f32, slope: f32, B: i32, N: i32): void {
  const n = B * N;
  if (kind == ACT_SIGMOID) {
    if (ASC_FEATURE_SIMD) { if (variant != VARIANT_SCALAR && n >= 4) { sigmoid_fwd_f32__simd128(y, y, alpha, n); return; } }
    sigmoid_fwd_f32__scalar(y, y, alpha, n);
  }
  else if (kind == ACT_TANH) tanh_fwd_f32__scalar(y, y, n);
  else if (kind == ACT_RELU) relu_fwd_f32__scalar(y, y, 0.0, n);
  else if (kind == ACT_LEAKY_RELU) relu_fwd_f32__scalar(y, y, slope, n);
  else if (kind == ACT_SOFTMAX) softmax_fwd_f32__scalar(y, y, B, N);
}

function actBwd(kind: i32, d: usize, y: usize, alpha: f32, slope: f32, B: i32, N: i32): void {
  const n = B * N;
  if (kind == ACT_SIGMOID) sigmoid_bwd_f32__scalar(d, y, alpha, n);
  else if (kind == ACT_TANH) tanh_bwd_f32__scalar(d, y, n);
  else if (kind == ACT_RELU) relu_bwd_f32__scalar(d, y, 0.0, n);
  else if (kind == ACT_LEAKY_RELU) relu_bwd_f32__scalar(d, y, slope, n);
  else if (kind == ACT_SOFTMAX) softmax_bwd_f32__scalar(d, y, B, N);
}

// units (of n outputs y) whose derivative is below 1% of the activation's maximum (tests in f64, as driver.ts)
function saturatedCount(kind: i32, y: usize, n: i32): i32 {
  let c = 0;
  if (kind == ACT_SIGMOID || kind == ACT_SOFTMAX) {
    for (let k = 0; k < n; k++) { const v = <f64>load<f32>(y + (<usize>k << 2)); if (v * (1.0 - v) < 0.0025) c++; }
  } else if (kind == ACT_TANH) {
    for (let k = 0; k < n; k++) { const v = <f64>load<f32>(y + (<usize>k << 2)); if (1.0 - v * v < 0.01) c++; }
  } else if (kind == ACT_RELU) {
    for (let k = 0; k < n; k++) if (!(load<f32>(y + (<usize>k << 2)) > 0)) c++;
  }
  return c;
}

/** Forward pass of B ≤ capacity rows at x (B,IN) (f32); outputs in the last layer's ACT. */
export function forward_f32(variant: i32, desc: usize, x: usize, B: i32): void {
  forwardFrom(variant, desc, x, B, false);
}

function forwardFrom(variant: i32, desc: usize, x: usize, B: i32, net0Ready: bool): void {
  const L = hdr(desc, H_LAYERS);
  const alpha = <f32>hyper(desc, HY_ALPHA);
  const slope = <f32>hyper(desc, HY_SLOPE);
  let a = x;
  for (let l = 0; l < L; l++) {
    const y = <usize>lyr(desc, l, L_ACT);
    const OUT = lyr(desc, l, L_OUT);
    if (l > 0 || !net0Ready) denseFwd(variant, y, a, <usize>lyr(desc, l, L_W), <usize>lyr(desc, l, L_B), B, lyr(desc, l, L_IN), OUT);
    actFwd(variant, lyr(desc, l, L_KIND), y, alpha, slope, B, OUT);
    a = y;
  }
}

function outputDelta(desc: usize, t: usize, B: i32, scale: f32): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const kind = lyr(desc, top, L_KIND);
  const OUT = lyr(desc, top, L_OUT);
  const y = <usize>lyr(desc, top, L_ACT);
  const d = <usize>lyr(desc, top, L_DELTA);
  const alpha = <f32>hyper(desc, HY_ALPHA);
  const n = B * OUT;
  if (hdr(desc, H_LOSS) == LOSS_SSE) {
    if (kind == ACT_SIGMOID) return sse_sigmoid_delta_f32__scalar(d, y, t, alpha, scale, n);
    const sse = sse_delta_f32__scalar(d, y, t, scale, n);
    actBwd(kind, d, y, alpha, <f32>hyper(desc, HY_SLOPE), B, OUT);
    return sse;
  }
  if (kind == ACT_SOFTMAX) return xent_softmax_delta_f32__scalar(d, y, t, scale, B, OUT);
  return xent_sigmoid_delta_f32__scalar(d, y, t, alpha, scale, n);
}

// acc + the loss of each of B rows, added row by row (driver.ts's lossRows: independent of chunking)
function lossRows(desc: usize, t: usize, B: i32, acc: f64): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const y = <usize>lyr(desc, top, L_ACT);
  const OUT = lyr(desc, top, L_OUT);
  const kind = hdr(desc, H_LOSS) == LOSS_SSE ? 0 : lyr(desc, top, L_KIND) == ACT_SOFTMAX ? 1 : 2;
  for (let r = 0; r < B; r++) {
    const q = <usize>(r * OUT) << 2;
    if (kind == 0) acc += sse_loss_f32__scalar(y + q, t + q, OUT);
    else if (kind == 1) acc += xent_softmax_loss_f32__scalar(y + q, t + q, OUT);
    else acc += xent_sigmoid_loss_f32__scalar(y + q, t + q, OUT);
  }
  return acc;
}

/** Backward pass after forward_f32: gradients += scale·∇Σloss (scale rounded to f32); returns Σloss (f64). */
export function backward_f32(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const alpha = <f32>hyper(desc, HY_ALPHA);
  const slope = <f32>hyper(desc, HY_SLOPE);
  const loss = outputDelta(desc, t, B, <f32>scale);
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const delta = <usize>lyr(desc, l, L_DELTA);
    const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
    denseBwdWeight(variant, <usize>lyr(desc, l, L_DW), withBias ? <usize>lyr(desc, l, L_DB) : 0, delta, a, B, IN, OUT);
    if (l > 0) {
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdData(variant, below, delta, <usize>lyr(desc, l, L_W), B, IN, OUT);
      actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, B, IN);
    }
  }
  return loss;
}

/** One optimizer step (f32 state): L2 weight decay on the weights, then the update. */
export function update_f32(variant: i32, desc: usize): void {
  const p = <usize>hdr(desc, H_PARAMS);
  const g = <usize>hdr(desc, H_GRADS);
  const n = hdr(desc, H_NPARAMS);
  const lr = <f32>hyper(desc, HY_LR);
  const wd = <f32>hyper(desc, HY_WD);
  if (wd != 0) {
    const L = hdr(desc, H_LAYERS);
    for (let l = 0; l < L; l++) axpy_f32__scalar(<usize>lyr(desc, l, L_DW), <usize>lyr(desc, l, L_W), wd, lyr(desc, l, L_IN) * lyr(desc, l, L_OUT));
  }
  const opt = hdr(desc, H_OPTIMIZER);
  const mu = <f32>hyper(desc, HY_MU);
  const torch = hdr(desc, H_MFORM) == MFORM_TORCH;
  if (opt == OPT_MOMENTUM) {
    if (torch) momentum_torch_step_f32__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, mu, n);
    else momentum_step_f32__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, mu, n);
  } else if (opt == OPT_NESTEROV) {
    if (torch) nesterov_torch_step_f32__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, mu, n);
    else nesterov_step_f32__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, mu, n);
  }
  else if (opt == OPT_ADAM) {
    const step = hdr(desc, H_STEP) + 1;
    store<i32>(desc + (<usize>H_STEP << 2), step);
    const b1 = hyper(desc, HY_BETA1);
    const b2 = hyper(desc, HY_BETA2);
    const c1 = <f32>(1.0 / (1.0 - Math.pow(b1, <f64>step)));
    const c2 = <f32>(1.0 / (1.0 - Math.pow(b2, <f64>step)));
    adam_step_f32__scalar(p, <usize>hdr(desc, H_OPT1), <usize>hdr(desc, H_OPT2), g, lr, <f32>b1, <f32>b2, <f32>hyper(desc, HY_EPS), c1, c2, n);
  } else sgdStep(variant, p, g, lr, n);
}

// Online SGD on one row, fused (driver.ts's trainOnline in f32).
function trainOnline(variant: i32, desc: usize, x: usize, t: usize, net0Ready: bool, next: usize): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const lr = <f32>hyper(desc, HY_LR);
  const alpha = <f32>hyper(desc, HY_ALPHA);
  const slope = <f32>hyper(desc, HY_SLOPE);
  forwardFrom(variant, desc, x, 1, net0Ready);
  const loss = outputDelta(desc, t, 1, 1.0);
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const delta = <usize>lyr(desc, l, L_DELTA);
    const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
    const w = <usize>lyr(desc, l, L_W);
    if (l > 0) {
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdData(variant, below, delta, w, 1, IN, OUT);
      actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, 1, IN);
    }
    const b = <usize>lyr(desc, l, L_B);
    if (l == 0 && next) denseSgdUpdateFwd(variant, <usize>lyr(desc, 0, L_ACT), w, withBias ? b : 0, delta, a, next, b, lr, IN, OUT);
    else denseSgdUpdate(variant, w, withBias ? b : 0, delta, a, lr, IN, OUT);
  }
  return loss;
}

function accumulateDiag(desc: usize, diag: usize, B: i32): void {
  const L = hdr(desc, H_LAYERS);
  for (let l = 0; l < L; l++) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const d = diag + (<usize>(l * DIAG_WORDS) << 3);
    store<f64>(d, load<f64>(d) + sumsq_f32__scalar(<usize>lyr(desc, l, L_DW), IN * OUT) / <f64>(IN * OUT));
    store<f64>(d + 8, load<f64>(d + 8) + 1.0);
    store<f64>(d + 16, load<f64>(d + 16) + <f64>saturatedCount(lyr(desc, l, L_KIND), <usize>lyr(desc, l, L_ACT), B * OUT));
    store<f64>(d + 24, load<f64>(d + 24) + <f64>(B * OUT));
  }
}

/** Mean loss over N rows (f32 rows; f64 result). If out != 0: out[0] = mean loss, out[1] = accuracy (f64 words). */
export function eval_f32(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 {
  const cap = hdr(desc, H_CAPACITY);
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const y = <usize>lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
  let loss: f64 = 0;
  let correct = 0;
  for (let r = 0; r < N; r += cap) {
    const B = min(cap, N - r);
    const tb = t + (<usize>(r * OUT) << 2);
    forward_f32(variant, desc, x + (<usize>(r * IN) << 2), B);
    loss = lossRows(desc, tb, B, loss);
    if (out) correct += correct_count_f32__scalar(y, tb, B, OUT);
  }
  const mean = loss / <f64>N;
  if (out) {
    store<f64>(out, mean);
    store<f64>(out + 8, <f64>correct / <f64>N);
  }
  return mean;
}

/** train_epochs_f64 over f32 rows and parameters; lossOut (f64 words, H_RECORD) as there. Returns the last epoch's running mean loss. */
export function train_epochs_f32(
  variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize,
): f64 {
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const grads = <usize>hdr(desc, H_GRADS);
  const n = hdr(desc, H_NPARAMS);
  const diag = <usize>hdr(desc, H_DIAG);
  const online = batch == 1 && hdr(desc, H_OPTIMIZER) == OPT_SGD && hyper(desc, HY_WD) == 0 && diag == 0;
  let running: f64 = 0;
  for (let e = 0; e < epochs; e++) {
    running = 0;
    let net0Ready = false;
    for (let r = 0; r < N; r += batch) {
      const B = min(batch, N - r);
      let xb = x + (<usize>(r * IN) << 2);
      let tb = t + (<usize>(r * OUT) << 2);
      if (order) {
        xb = <usize>hdr(desc, H_GX);
        tb = <usize>hdr(desc, H_GT);
        gather_rows_f32__scalar(xb, x, order + (<usize>r << 2), B, IN);
        gather_rows_f32__scalar(tb, t, order + (<usize>r << 2), B, OUT);
      }
      if (online) {
        let next: usize = 0;
        if (r + 1 < N) {
          next = order
            ? x + <usize>load<i32>(order + (<usize>(r + 1) << 2)) * (<usize>IN << 2)
            : xb + (<usize>IN << 2);
        }
        running += trainOnline(variant, desc, xb, tb, net0Ready, next);
        net0Ready = next != 0;
        continue;
      }
      fillF32(variant, grads, 0.0, n);
      forward_f32(variant, desc, xb, B);
      running += backward_f32(variant, desc, xb, tb, B, 1.0 / <f64>B);
      if (diag) accumulateDiag(desc, diag, B);
      update_f32(variant, desc);
    }
    if (lossOut) store<f64>(lossOut + (<usize>e << 3), hdr(desc, H_RECORD) == RECORD_EXACT ? eval_f32(variant, desc, x, t, N, 0) : running / <f64>N);
  }
  return running / <f64>N;
}
