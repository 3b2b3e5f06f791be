// Layer-level drivers: a forward pass, a backward pass and whole training epochs over a network
// described by a descriptor (layout.ts) in linear memory. One call does a whole batch or a whole
// run of epochs, so a tiny network does not pay a JS↔WASM crossing per sample.
// Not here: the kernels themselves (kernels*.ts) and any allocation (the TS side owns memory).
// Twin: src/backend/ts-driver.ts.

import {
  hdr, lyr, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT,
  L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND, ACT_SIGMOID,
} from './layout';
import {
  dense_fwd_f64__scalar, sigmoid_fwd_f64__scalar, sigmoid_bwd_f64__scalar,
  sse_sigmoid_delta_f64__scalar, sse_loss_f64__scalar, dense_bwd_data_f64__scalar,
  dense_bwd_weight_f64__scalar, fill_f64__scalar, sgd_step_f64__scalar,
} from './kernels';
import {
  dense_fwd_f64__simd128 as denseFwdSimd, dense_bwd_data_f64__simd128 as denseBwdDataSimd,
  dense_bwd_weight_f64__simd128 as denseBwdWeightSimd, sgd_step_f64__simd128 as sgdStepSimd,
} from './kernels_simd';

export const VARIANT_SIMD128: i32 = 1;

export const VARIANT_SCALAR: i32 = 0;

// Which kernel family the drivers call; the SIMD family exists only in the SIMD binary.
// @ts-ignore: decorator
@inline function denseFwd(v: i32, y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { denseFwdSimd(y, x, w, b, B, IN, OUT); return; } }
  dense_fwd_f64__scalar(y, x, w, b, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseBwdData(v: i32, dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { denseBwdDataSimd(dx, dy, w, B, IN, OUT); return; } }
  dense_bwd_data_f64__scalar(dx, dy, w, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function denseBwdWeight(v: i32, dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { denseBwdWeightSimd(dw, db, dy, x, B, IN, OUT); return; } }
  dense_bwd_weight_f64__scalar(dw, db, dy, x, B, IN, OUT);
}
// @ts-ignore: decorator
@inline function sgdStep(v: i32, p: usize, g: usize, lr: f64, n: i32): void {
  if (ASC_FEATURE_SIMD) { if (v == VARIANT_SIMD128) { sgdStepSimd(p, g, lr, n); return; } }
  sgd_step_f64__scalar(p, g, lr, n);
}

// @ts-ignore: decorator
@inline function actFwd(kind: i32, y: usize, alpha: f64, n: i32): void {
  // ACT_SIGMOID is the only kind so far; other kinds add a branch here and in actBwd.
  if (kind == ACT_SIGMOID) sigmoid_fwd_f64__scalar(y, y, alpha, n);
}
// @ts-ignore: decorator
@inline function actBwd(kind: i32, d: usize, y: usize, alpha: f64, n: i32): void {
  if (kind == ACT_SIGMOID) sigmoid_bwd_f64__scalar(d, y, alpha, n);
}

// Forward pass of B ≤ capacity rows starting at x (B,IN); outputs land in the last layer's ACT.
export function forward_f64(variant: i32, desc: usize, x: usize, B: i32, alpha: f64): void {
  const L = hdr(desc, H_LAYERS);
  let a = x;
  for (let l = 0; l < L; l++) {
    const y = <usize>lyr(desc, l, L_ACT);
    const OUT = lyr(desc, l, L_OUT);
    denseFwd(variant, y, a, <usize>lyr(desc, l, L_W), <usize>lyr(desc, l, L_B), B, lyr(desc, l, L_IN), OUT);
    actFwd(lyr(desc, l, L_KIND), y, alpha, B * OUT);
    a = y;
  }
}

// Backward pass after forward_f64 over the same rows: accumulates (+=) gradients of
// scale · Σ_rows SSE into the gradient block; returns Σ_rows SSE. withBias == 0 leaves db alone.
export function backward_f64(variant: i32, desc: usize, x: usize, t: usize, B: i32, alpha: f64, scale: f64, withBias: i32): f64 {
  const L = hdr(desc, H_LAYERS);
  const top = L - 1;
  const sse = sse_sigmoid_delta_f64__scalar(
    <usize>lyr(desc, top, L_DELTA), <usize>lyr(desc, top, L_ACT), t, alpha, scale, B * lyr(desc, top, L_OUT));
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
      actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, B * IN);
    }
  }
  return sse;
}

// Mean SSE over N rows, forward only, in chunks of the descriptor's capacity.
export function eval_loss_f64(variant: i32, desc: usize, x: usize, t: usize, N: i32, alpha: f64): f64 {
  const cap = hdr(desc, H_CAPACITY);
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const out = <usize>lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
  let sse: f64 = 0;
  for (let r = 0; r < N; r += cap) {
    const B = min(cap, N - r);
    forward_f64(variant, desc, x + (<usize>(r * IN) << 3), B, alpha);
    sse += sse_loss_f64__scalar(out, t + (<usize>(r * OUT) << 3), B * OUT);
  }
  return sse / <f64>N;
}

// One mini-batch: zero grads, forward, backward (mean over the rows), SGD step. Returns Σ SSE.
// @ts-ignore: decorator
@inline function trainBatch(variant: i32, desc: usize, x: usize, t: usize, B: i32, lr: f64, alpha: f64, withBias: i32): f64 {
  const grads = <usize>hdr(desc, H_GRADS);
  const n = hdr(desc, H_NPARAMS);
  fill_f64__scalar(grads, 0.0, n);
  forward_f64(variant, desc, x, B, alpha);
  const sse = backward_f64(variant, desc, x, t, B, alpha, 1.0 / <f64>B, withBias);
  sgdStep(variant, <usize>hdr(desc, H_PARAMS), grads, lr, n);
  return sse;
}

// `epochs` epochs over N rows in order, consecutive batches of `batch` rows (the last may be
// smaller). If lossOut != 0, lossOut[e] = mean SSE over all N rows after epoch e (an extra
// forward pass); otherwise lossOut is untouched. Returns the mean of the per-batch SSE sums seen
// during the last epoch (the "running" training loss, free of an extra pass).
export function train_epochs_f64(
  variant: i32, desc: usize, x: usize, t: usize, N: i32, batch: i32, epochs: i32,
  lr: f64, alpha: f64, withBias: i32, lossOut: usize,
): f64 {
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  let running: f64 = 0;
  for (let e = 0; e < epochs; e++) {
    running = 0;
    for (let r = 0; r < N; r += batch) {
      const B = min(batch, N - r);
      running += trainBatch(variant, desc, x + (<usize>(r * IN) << 3), t + (<usize>(r * OUT) << 3), B, lr, alpha, withBias);
    }
    if (lossOut) store<f64>(lossOut + (<usize>e << 3), eval_loss_f64(variant, desc, x, t, N, alpha));
  }
  return running / <f64>N;
}
