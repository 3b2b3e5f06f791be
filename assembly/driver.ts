// Layer-level drivers: a forward pass, a backward pass and whole training epochs over a network
// described by a descriptor (layout.ts) in linear memory. One call does a whole batch or a whole
// run of epochs, so a tiny network does not pay a JS↔WASM crossing per sample.
// Not here: the kernels themselves (kernels*.ts) and any allocation (the TS side owns memory).
// Twin: src/backend/ts-driver.ts.

import {
  hdr, lyr, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT,
  L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND, ACT_SIGMOID, H_RECORD, RECORD_EXACT, H_MFORM, MFORM_TORCH,
} from './layout';
import {
  dense_fwd_f64__scalar, sigmoid_fwd_f64__scalar, sigmoid_bwd_f64__scalar,
  sse_sigmoid_delta_f64__scalar, sse_loss_f64__scalar, dense_bwd_data_f64__scalar,
  dense_bwd_weight_f64__scalar, fill_f64__scalar, sgd_step_f64__scalar, dense_sgd_update_fwd_f64__scalar,
} from './kernels';
import {
  dense_fwd_f64__simd128_4x2, dense_fwd_f64__simd128_mv4, dense_bwd_data_f64__simd128_4x4,
  dense_bwd_weight_f64__simd128_4x4, sgd_step_f64__simd128_x4, fill_f64__simd128_x4,
  dense_sgd_update_f64__simd128_8x2, dense_sgd_update_fwd_f64__simd128_2x4, sigmoid_fwd_f64__simd128,
} from './kernels_simd';
import {
  dense_fwd_f64__relaxed_4x2, dense_bwd_data_f64__relaxed_4x4, dense_bwd_weight_f64__relaxed_4x4,
} from './kernels_relaxed';
import { Plain, Fused, denseBwdWeight4x4Ld, denseBwdWeightLd } from './tiles';

export const VARIANT_SIMD128: i32 = 1;

export const VARIANT_SCALAR: i32 = 0;

/** Relaxed-SIMD family (f64x2.relaxed_madd); only the relaxed binary has it. */
export const VARIANT_RELAXED: i32 = 2;

// Which kernel the drivers call per family. The SIMD family exists only in the SIMD and relaxed
// binaries, the relaxed family only in the relaxed one (the other branches are not compiled).
// Each family's default is its fastest variant that passed the registry tests (src/backend/registry.ts
// DEFAULTS records the choice, bench/README.md the numbers). Calls below SMALL_CALL multiply-adds
// (or elements) take the scalar kernel in every family: there its lower setup cost wins
// (bench/README.md, "Small calls"), which is most of a 2-2-2 network's update.
// sgd_step has no relaxed variant (nothing to fuse), so the relaxed family uses the SIMD128 one.
// The SIMD families' forward takes the matrix–vector kernel (mv4) for B < 4, where the 4×2 tiles
// have no whole 4-row block; mv4 and simd128_4x2 sum every output in the same order (identical bits).
const SMALL_CALL: i64 = 16;
// Every helper below picks its kernel from the WHOLE product (`work` multiply-adds, `fullB` rows,
// `fullN` elements) and runs it on the part it is given: the threaded drivers (driver_mt.ts) hand
// each thread a range of rows, output units or elements of one product, and every part then takes
// the kernel the whole product would, so the bits do not depend on the thread count.
// @ts-ignore: decorator
@inline export function denseFwdPart(v: i32, work: i64, fullB: i32, y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  if (work >= SMALL_CALL) {
    // B < 4 (online training, `run`): both SIMD families take mv4, so each can chain online rows
    // with the (unfused) dense_sgd_update_fwd kernel and stay bit-identical to its unchained step
    if (ASC_FEATURE_SIMD) { if ((v == VARIANT_SIMD128 || v == VARIANT_RELAXED) && fullB < 4) { dense_fwd_f64__simd128_mv4(y, x, w, b, B, IN, OUT); return; } }
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { dense_fwd_f64__relaxed_4x2(y, x, w, b, B, IN, OUT); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { dense_fwd_f64__simd128_4x2(y, x, w, b, B, IN, OUT); return; } }
  }
  dense_fwd_f64__scalar(y, x, w, b, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseFwd(v: i32, y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwdPart(v, <i64>B * <i64>IN * <i64>OUT, B, y, x, w, b, B, IN, OUT);
}
// @ts-ignore: decorator
@inline export function denseBwdDataPart(v: i32, work: i64, dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { dense_bwd_data_f64__relaxed_4x4(dx, dy, w, B, IN, OUT); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { dense_bwd_data_f64__simd128_4x4(dx, dy, w, B, IN, OUT); return; } }
  }
  dense_bwd_data_f64__scalar(dx, dy, w, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseBwdData(v: i32, dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdDataPart(v, <i64>B * <i64>IN * <i64>OUT, dx, dy, w, B, IN, OUT);
}
// A range of OUT output units of a layer whose dy rows are ldy values apart (ldy = OUT: all of them).
// @ts-ignore: decorator
@inline export function denseBwdWeightPart(v: i32, work: i64, dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { denseBwdWeight4x4Ld<Fused>(dw, db, dy, x, B, IN, OUT, ldy); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { denseBwdWeight4x4Ld<Plain>(dw, db, dy, x, B, IN, OUT, ldy); return; } }
  }
  denseBwdWeightLd(dw, db, dy, x, B, IN, OUT, ldy);
}
// @ts-ignore: decorator
@inline function denseBwdWeight(v: i32, dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  if (<i64>B * <i64>IN * <i64>OUT >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) { if (v == VARIANT_RELAXED) { dense_bwd_weight_f64__relaxed_4x4(dw, db, dy, x, B, IN, OUT); return; } }
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { dense_bwd_weight_f64__simd128_4x4(dw, db, dy, x, B, IN, OUT); return; } }
  }
  dense_bwd_weight_f64__scalar(dw, db, dy, x, B, IN, OUT);
}
// @ts-ignore: decorator
@inline export function sgdStepPart(v: i32, fullN: i32, p: usize, g: usize, lr: f64, n: i32): void {
  if (<i64>fullN >= SMALL_CALL) {
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128 || v == VARIANT_RELAXED) { sgd_step_f64__simd128_x4(p, g, lr, n); return; } }
  }
  sgd_step_f64__scalar(p, g, lr, n);
}
// @ts-ignore: decorator
@inline export function fillF64Part(v: i32, fullN: i32, p: usize, value: f64, n: i32): void {
  if (<i64>fullN >= SMALL_CALL) {
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128 || v == VARIANT_RELAXED) { fill_f64__simd128_x4(p, value, n); return; } }
  }
  fill_f64__scalar(p, value, n);
}
// @ts-ignore: decorator
@inline export function denseSgdUpdatePart(v: i32, work: i64, w: usize, b: usize, dy: usize, x: usize, lr: f64, IN: i32, OUT: i32): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128 || v == VARIANT_RELAXED) { dense_sgd_update_f64__simd128_8x2(w, b, dy, x, lr, IN, OUT); return; } }
  }
  dense_sgd_update_f64__scalar(w, b, dy, x, lr, IN, OUT);
}
// The online step of layer 0 fused with the next row's layer-0 forward product. Each family's fused
// kernel sums y exactly as its B = 1 denseFwd does (same SMALL_CALL rule; the relaxed family's B < 4
// forward is mv4, not relaxed_madd), so chained rows give the unchained step's bits in every family.
// (No relaxed variant of the fused kernel: that step is bound by its multiplies, which FMA does not remove.)
// @ts-ignore: decorator
@inline export function denseSgdUpdateFwdPart(v: i32, work: i64, y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f64, IN: i32, OUT: i32): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128 || v == VARIANT_RELAXED) { dense_sgd_update_fwd_f64__simd128_2x4(y, w, b, dy, x, xn, bf, lr, IN, OUT); return; } }
  }
  dense_sgd_update_fwd_f64__scalar(y, w, b, dy, x, xn, bf, lr, IN, OUT);
}

// ---- the rest of the driver (activations, losses, optimizers, epochs) ---------------------------
import {
  hyper, H_OPT1, H_OPT2, H_LOSS, H_OPTIMIZER, H_WITHBIAS, H_GX, H_GT, H_DIAG, H_STEP,
  HY_LR, HY_ALPHA, HY_MU, HY_BETA1, HY_BETA2, HY_EPS, HY_WD, HY_SLOPE, DIAG_WORDS,
  ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_SOFTMAX, LOSS_SSE, OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM,
} from './layout';
import {
  tanh_fwd_f64__scalar, tanh_bwd_f64__scalar, relu_fwd_f64__scalar, relu_bwd_f64__scalar,
  softmax_fwd_f64__scalar, softmax_bwd_f64__scalar, sse_delta_f64__scalar,
  xent_softmax_delta_f64__scalar, xent_sigmoid_delta_f64__scalar, xent_softmax_loss_f64__scalar,
  xent_sigmoid_loss_f64__scalar, correct_count_f64__scalar, axpy_f64__scalar, momentum_step_f64__scalar,
  nesterov_step_f64__scalar, momentum_torch_step_f64__scalar, nesterov_torch_step_f64__scalar, adam_step_f64__scalar, gather_rows_f64__scalar, sumsq_f64__scalar,
  dense_sgd_update_f64__scalar,
} from './kernels';

// y (B,N) = f(y) in place, f the layer's activation. The SIMD sigmoid gives the scalar one's bits
// (exp_simd.ts), so every family with SIMD takes it for two or more elements.
export function actFwd(variant: i32, kind: i32, y: usize, alpha: f64, slope: f64, B: i32, N: i32): void {
  const n = B * N;
  if (kind == ACT_SIGMOID) {
    if (ASC_FEATURE_SIMD) { if (variant != VARIANT_SCALAR && n >= 2) { sigmoid_fwd_f64__simd128(y, y, alpha, n); return; } }
    sigmoid_fwd_f64__scalar(y, y, alpha, n);
  }
  else if (kind == ACT_TANH) tanh_fwd_f64__scalar(y, y, n);
  else if (kind == ACT_RELU) relu_fwd_f64__scalar(y, y, 0.0, n);
  else if (kind == ACT_LEAKY_RELU) relu_fwd_f64__scalar(y, y, slope, n);
  else if (kind == ACT_SOFTMAX) softmax_fwd_f64__scalar(y, y, B, N);
  // ACT_LINEAR: identity
}

// d (B,N) ← ∂loss/∂net from ∂loss/∂out, through the activation whose outputs are y
export function actBwd(kind: i32, d: usize, y: usize, alpha: f64, slope: f64, B: i32, N: i32): void {
  const n = B * N;
  if (kind == ACT_SIGMOID) sigmoid_bwd_f64__scalar(d, y, alpha, n);
  else if (kind == ACT_TANH) tanh_bwd_f64__scalar(d, y, n);
  else if (kind == ACT_RELU) relu_bwd_f64__scalar(d, y, 0.0, n);
  else if (kind == ACT_LEAKY_RELU) relu_bwd_f64__scalar(d, y, slope, n);
  else if (kind == ACT_SOFTMAX) softmax_bwd_f64__scalar(d, y, B, N);
}

// units (of n outputs y) whose derivative is below 1% of the activation's maximum
function saturatedCount(kind: i32, y: usize, n: i32): i32 {
  let c = 0;
  if (kind == ACT_SIGMOID || kind == ACT_SOFTMAX) {
    // alpha·y·(1−y) < 0.01 · alpha/4
    for (let k = 0; k < n; k++) { const v = load<f64>(y + (<usize>k << 3)); if (v * (1.0 - v) < 0.0025) c++; }
  } else if (kind == ACT_TANH) {
    for (let k = 0; k < n; k++) { const v = load<f64>(y + (<usize>k << 3)); if (1.0 - v * v < 0.01) c++; }
  } else if (kind == ACT_RELU) {
    for (let k = 0; k < n; k++) if (!(load<f64>(y + (<usize>k << 3)) > 0)) c++;
  }
  return c;
}

// Forward pass of B ≤ capacity rows starting at x (B,IN); outputs land in the last layer's ACT.
export function forward_f64(variant: i32, desc: usize, x: usize, B: i32): void {
  forwardFrom(variant, desc, x, B, false);
}

// The forward pass; with net0Ready, layer 0's net input W·x + b is already in its ACT (the previous
// row's fused online step computed it), so only its activation is applied there.
function forwardFrom(variant: i32, desc: usize, x: usize, B: i32, net0Ready: bool): void {
  const L = hdr(desc, H_LAYERS);
  const alpha = hyper(desc, HY_ALPHA);
  const slope = hyper(desc, HY_SLOPE);
  let a = x;
  for (let l = 0; l < L; l++) {
    const y = <usize>lyr(desc, l, L_ACT);
    const OUT = lyr(desc, l, L_OUT);
    if (l > 0 || !net0Ready) denseFwd(variant, y, a, <usize>lyr(desc, l, L_W), <usize>lyr(desc, l, L_B), B, lyr(desc, l, L_IN), OUT);
    actFwd(variant, lyr(desc, l, L_KIND), y, alpha, slope, B, OUT);
    a = y;
  }
}

// Output-layer deltas ∂(scale·Σloss)/∂net for the network's loss and output activation; returns Σloss.
export function outputDelta(desc: usize, t: usize, B: i32, scale: f64): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const kind = lyr(desc, top, L_KIND);
  const OUT = lyr(desc, top, L_OUT);
  const y = <usize>lyr(desc, top, L_ACT);
  const d = <usize>lyr(desc, top, L_DELTA);
  const alpha = hyper(desc, HY_ALPHA);
  const n = B * OUT;
  if (hdr(desc, H_LOSS) == LOSS_SSE) {
    if (kind == ACT_SIGMOID) return sse_sigmoid_delta_f64__scalar(d, y, t, alpha, scale, n);
    const sse = sse_delta_f64__scalar(d, y, t, scale, n);
    actBwd(kind, d, y, alpha, hyper(desc, HY_SLOPE), B, OUT);
    return sse;
  }
  // cross-entropy: the TS side admits only softmax (categorical) or sigmoid (binary) outputs
  if (kind == ACT_SOFTMAX) return xent_softmax_delta_f64__scalar(d, y, t, scale, B, OUT);
  return xent_sigmoid_delta_f64__scalar(d, y, t, alpha, scale, n);
}

// Σloss of the last forward pass's B rows against t (no deltas)
// acc + the loss of each of B rows, added row by row: each row's loss is summed alone, so the total
// does not depend on how many rows a call holds (the arena's capacity, a caller's chunk, a thread's share)
export function lossRows(desc: usize, t: usize, B: i32, acc: f64): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const y = <usize>lyr(desc, top, L_ACT);
  const OUT = lyr(desc, top, L_OUT);
  const kind = hdr(desc, H_LOSS) == LOSS_SSE ? 0 : lyr(desc, top, L_KIND) == ACT_SOFTMAX ? 1 : 2;
  for (let r = 0; r < B; r++) {
    const q = <usize>(r * OUT) << 3;
    if (kind == 0) acc += sse_loss_f64__scalar(y + q, t + q, OUT);
    else if (kind == 1) acc += xent_softmax_loss_f64__scalar(y + q, t + q, OUT);
    else acc += xent_sigmoid_loss_f64__scalar(y + q, t + q, OUT);
  }
  return acc;
}

// Backward pass after forward_f64 over the same rows: accumulates (+=) scale·∇Σloss into the
// gradient block (biases only when H_WITHBIAS); returns Σloss over the rows.
export function backward_f64(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 {
  const L = hdr(desc, H_LAYERS);
  const top = L - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const alpha = hyper(desc, HY_ALPHA);
  const slope = hyper(desc, HY_SLOPE);
  const loss = outputDelta(desc, t, B, scale);
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const delta = <usize>lyr(desc, l, L_DELTA);
    const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
    denseBwdWeight(variant, <usize>lyr(desc, l, L_DW), withBias ? <usize>lyr(desc, l, L_DB) : 0, delta, a, B, IN, OUT);
    if (l > 0) {
      // hidden deltas use W as it is now: the step comes after the whole backward pass
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdData(variant, below, delta, <usize>lyr(desc, l, L_W), B, IN, OUT);
      actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, B, IN);
    }
  }
  return loss;
}

// One optimizer step from the gradient block: L2 weight decay on the weights, then the update.
export function update_f64(variant: i32, desc: usize): void {
  const p = <usize>hdr(desc, H_PARAMS);
  const g = <usize>hdr(desc, H_GRADS);
  const n = hdr(desc, H_NPARAMS);
  const lr = hyper(desc, HY_LR);
  const wd = hyper(desc, HY_WD);
  if (wd != 0) {
    const L = hdr(desc, H_LAYERS);
    for (let l = 0; l < L; l++) {
      axpy_f64__scalar(<usize>lyr(desc, l, L_DW), <usize>lyr(desc, l, L_W), wd, lyr(desc, l, L_IN) * lyr(desc, l, L_OUT));
    }
  }
  const opt = hdr(desc, H_OPTIMIZER);
  const torch = hdr(desc, H_MFORM) == MFORM_TORCH;
  if (opt == OPT_MOMENTUM) {
    if (torch) momentum_torch_step_f64__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, hyper(desc, HY_MU), n);
    else momentum_step_f64__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, hyper(desc, HY_MU), n);
  } else if (opt == OPT_NESTEROV) {
    if (torch) nesterov_torch_step_f64__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, hyper(desc, HY_MU), n);
    else nesterov_step_f64__scalar(p, <usize>hdr(desc, H_OPT1), g, lr, hyper(desc, HY_MU), n);
  }
  else if (opt == OPT_ADAM) {
    const step = hdr(desc, H_STEP) + 1;
    store<i32>(desc + (<usize>H_STEP << 2), step);
    const b1 = hyper(desc, HY_BETA1);
    const b2 = hyper(desc, HY_BETA2);
    const c1 = 1.0 / (1.0 - Math.pow(b1, <f64>step));
    const c2 = 1.0 / (1.0 - Math.pow(b2, <f64>step));
    adam_step_f64__scalar(p, <usize>hdr(desc, H_OPT1), <usize>hdr(desc, H_OPT2), g, lr, b1, b2, hyper(desc, HY_EPS), c1, c2, n);
  } else sgdStepPart(variant, n, p, g, lr, n);
}

// Online SGD on one row, fused: the backward pass updates each layer's W and b in place right after
// it has used W for the deltas below, so no gradient is stored, zeroed or stepped over. The same
// operations as backward_f64 + update_f64 with plain SGD (bit-identical results), in one pass.
// net0Ready: layer 0's net input for x is already in its ACT (left there by the previous row's step).
// next != 0: the next row's input; layer 0's update then also computes that row's layer-0 net input
// into layer 0's ACT (denseSgdUpdateFwd: W₀ is read once for both instead of twice), which holds
// nothing needed any more once the layers above have been updated.
function trainOnline(variant: i32, desc: usize, x: usize, t: usize, net0Ready: bool, next: usize): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const lr = hyper(desc, HY_LR);
  const alpha = hyper(desc, HY_ALPHA);
  const slope = hyper(desc, HY_SLOPE);
  forwardFrom(variant, desc, x, 1, net0Ready);
  const loss = outputDelta(desc, t, 1, 1.0);
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const delta = <usize>lyr(desc, l, L_DELTA);
    const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
    const w = <usize>lyr(desc, l, L_W);
    if (l > 0) {
      // the deltas below use W before its update
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdData(variant, below, delta, w, 1, IN, OUT);
      actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, 1, IN);
    }
    const b = <usize>lyr(desc, l, L_B);
    const work = <i64>IN * <i64>OUT;
    if (l == 0 && next) denseSgdUpdateFwdPart(variant, work, <usize>lyr(desc, 0, L_ACT), w, withBias ? b : 0, delta, a, next, b, lr, IN, OUT);
    else denseSgdUpdatePart(variant, work, w, withBias ? b : 0, delta, a, lr, IN, OUT);
  }
  return loss;
}

// Adds this batch to the per-layer diagnostics: mean(dW²) of the step and saturated units.
export function accumulateDiag(desc: usize, diag: usize, B: i32): void {
  const L = hdr(desc, H_LAYERS);
  for (let l = 0; l < L; l++) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const d = diag + (<usize>(l * DIAG_WORDS) << 3);
    store<f64>(d, load<f64>(d) + sumsq_f64__scalar(<usize>lyr(desc, l, L_DW), IN * OUT) / <f64>(IN * OUT));
    store<f64>(d + 8, load<f64>(d + 8) + 1.0);
    store<f64>(d + 16, load<f64>(d + 16) + <f64>saturatedCount(lyr(desc, l, L_KIND), <usize>lyr(desc, l, L_ACT), B * OUT));
    store<f64>(d + 24, load<f64>(d + 24) + <f64>(B * OUT));
  }
}

// Mean loss over N rows (forward only, in chunks of the capacity). If out != 0: out[0] = mean
// loss, out[1] = fraction of rows classified right (argmax, or ≥ 0.5 for one output).
export function eval_f64(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 {
  const cap = hdr(desc, H_CAPACITY);
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const y = <usize>lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
  let loss: f64 = 0;
  let correct = 0;
  for (let r = 0; r < N; r += cap) {
    const B = min(cap, N - r);
    const tb = t + (<usize>(r * OUT) << 3);
    forward_f64(variant, desc, x + (<usize>(r * IN) << 3), B);
    loss = lossRows(desc, tb, B, loss);
    if (out) correct += correct_count_f64__scalar(y, tb, B, OUT);
  }
  const mean = loss / <f64>N;
  if (out) {
    store<f64>(out, mean);
    store<f64>(out + 8, <f64>correct / <f64>N);
  }
  return mean;
}

// `epochs` epochs over N rows in consecutive batches of `batch` (the last may be smaller): rows in
// the given order, or in the order of the i32 row indices at `order` (gathered into the staging
// area). Each batch: zero grads, forward, backward (mean over its rows), diagnostics, update.
// If lossOut != 0, lossOut[e] = the epoch's record (H_RECORD): the running mean of its batch losses,
// or the mean loss over all N rows after the epoch (RECORD_EXACT: an extra forward pass).
// Returns the mean over the last epoch's rows of the loss seen during training.
export function train_epochs_f64(
  variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize,
): f64 {
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const grads = <usize>hdr(desc, H_GRADS);
  const n = hdr(desc, H_NPARAMS);
  const diag = <usize>hdr(desc, H_DIAG);
  // plain online SGD without diagnostics takes the fused path (no gradient block at all); within an
  // epoch, each row's step also computes the next row's layer-0 net input (every family chains)
  const online = batch == 1 && hdr(desc, H_OPTIMIZER) == OPT_SGD && hyper(desc, HY_WD) == 0 && diag == 0;
  let running: f64 = 0;
  for (let e = 0; e < epochs; e++) {
    running = 0;
    let net0Ready = false;
    for (let r = 0; r < N; r += batch) {
      const B = min(batch, N - r);
      let xb = x + (<usize>(r * IN) << 3);
      let tb = t + (<usize>(r * OUT) << 3);
      if (order) {
        xb = <usize>hdr(desc, H_GX);
        tb = <usize>hdr(desc, H_GT);
        gather_rows_f64__scalar(xb, x, order + (<usize>r << 2), B, IN);
        gather_rows_f64__scalar(tb, t, order + (<usize>r << 2), B, OUT);
      }
      if (online) {
        // the next row is read where it lies (no gather needed for one row): the same values the
        // gather copies into the staging area on the next iteration
        let next: usize = 0;
        if (r + 1 < N) {
          next = order
            ? x + <usize>load<i32>(order + (<usize>(r + 1) << 2)) * (<usize>IN << 3)
            : xb + (<usize>IN << 3);
        }
        running += trainOnline(variant, desc, xb, tb, net0Ready, next);
        net0Ready = next != 0;
        continue;
      }
      fillF64Part(variant, n, grads, 0.0, n);
      forward_f64(variant, desc, xb, B);
      running += backward_f64(variant, desc, xb, tb, B, 1.0 / <f64>B);
      if (diag) accumulateDiag(desc, diag, B);
      update_f64(variant, desc);
    }
    if (lossOut) store<f64>(lossOut + (<usize>e << 3), hdr(desc, H_RECORD) == RECORD_EXACT ? eval_f64(variant, desc, x, t, N, 0) : running / <f64>N);
  }
  return running / <f64>N;
}
