// Layer-level drivers: a forward pass, a backward pass and whole training epochs over a network
// described by a descriptor (layout.ts) in linear memory. One call does a whole batch or a whole
// run of epochs, so a tiny network does not pay a JS↔WASM crossing per sample.
// Written once, generic over the element type T of the arena's element blocks (parameters,
// gradients, optimizer state, activations, deltas, staged rows): the exports forward_f64 …
// train_epochs_f64 are the T = f64 instantiation (the code they always were), forward_f32 …
// train_epochs_f32 the T = f32 one. In both, hyper-parameters and diagnostics are f64 words (rounded
// to T where they are read: `<T>hyper(…)`), and losses are summed and returned in f64.
// Which kernel each call takes (per family and dtype) is dispatch.ts; the per-batch scalar ops (row
// losses, optimizer steps, gathers, diagnostics) are the generic bodies of generic.ts, inlined: the
// same code as the `*__scalar` kernel exports of that dtype (kernels.ts, kernels_f32.ts).
// Not here: the kernels themselves (kernels*.ts) and any allocation (the TS side owns memory).
// Twins: src/backend/ts-driver.ts (f64), ts-driver-f32.ts (the same driver over the f32 kernel twins).
import {
  hdr, lyr, hyper, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT, H_OPT1, H_OPT2, H_LOSS, H_OPTIMIZER,
  H_WITHBIAS, H_GX, H_GT, H_DIAG, H_STEP, H_RECORD, RECORD_EXACT, H_MFORM, MFORM_TORCH, HY_LR, HY_ALPHA, HY_MU, HY_BETA1,
  HY_BETA2, HY_EPS, HY_WD, HY_SLOPE, DIAG_WORDS, L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND,
  ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_SOFTMAX, LOSS_SSE, OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM,
} from './layout';
import {
  denseFwdPart, denseBwdDataPart, denseBwdWeight, sgdStepPart, fillPart, denseSgdUpdatePart, denseSgdUpdateFwdPart,
  actFwd, actBwd, lossDelta,
} from './dispatch';
import {
  sseLoss, xentSoftmaxLoss, xentSigmoidLoss, correctCount,
  axpy, momentumStep, nesterovStep, momentumTorchStep, nesterovTorchStep, adamStep, gatherRows, sumsq,
} from './generic';
// the dispatch helpers the threaded drivers (driver_mt.ts) call, at both dtypes
export {
  denseFwdPart, denseBwdDataPart, denseBwdWeightPart, sgdStepPart, fillPart, denseSgdUpdatePart,
  denseSgdUpdateFwdPart, actFwd, actBwd,
} from './dispatch';

export const VARIANT_SIMD128: i32 = 1;

export const VARIANT_SCALAR: i32 = 0;

/** Relaxed-SIMD family (f64x2/f32x4.relaxed_madd); only the relaxed binary has it. */
export const VARIANT_RELAXED: i32 = 2;

// byte offset of element k of T
// @ts-ignore: decorator
@inline function at<T>(k: i32): usize {
  return <usize>k << alignof<T>();
}

// units (of n outputs y) whose derivative is below 1% of the activation's maximum (tests in f64)
function saturatedCount<T>(kind: i32, y: usize, n: i32): i32 {
  let c = 0;
  if (kind == ACT_SIGMOID || kind == ACT_SOFTMAX) {
    // alpha·y·(1−y) < 0.01 · alpha/4
    for (let k = 0; k < n; k++) { const v = <f64>load<T>(y + at<T>(k)); if (v * (1.0 - v) < 0.0025) c++; }
  } else if (kind == ACT_TANH) {
    for (let k = 0; k < n; k++) { const v = <f64>load<T>(y + at<T>(k)); if (1.0 - v * v < 0.01) c++; }
  } else if (kind == ACT_RELU) {
    for (let k = 0; k < n; k++) if (!(load<T>(y + at<T>(k)) > <T>0)) c++;
  }
  return c;
}

// The forward pass of B ≤ capacity rows starting at x (B,IN); outputs land in the last layer's ACT.
// With net0Ready, layer 0's net input W·x + b is already in its ACT (the previous row's fused online
// step computed it), so only its activation is applied there.
// @ts-ignore: decorator
@inline function forwardFrom<T>(variant: i32, desc: usize, x: usize, B: i32, net0Ready: bool): void {
  const L = hdr(desc, H_LAYERS);
  const alpha = <T>hyper(desc, HY_ALPHA);
  const slope = <T>hyper(desc, HY_SLOPE);
  let a = x;
  for (let l = 0; l < L; l++) {
    const y = <usize>lyr(desc, l, L_ACT);
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    if (l > 0 || !net0Ready) {
      denseFwdPart<T>(variant, <i64>B * <i64>IN * <i64>OUT, B, y, a, <usize>lyr(desc, l, L_W), <usize>lyr(desc, l, L_B), B, IN, OUT);
    }
    actFwd<T>(variant, lyr(desc, l, L_KIND), y, alpha, slope, B, OUT);
    a = y;
  }
}

/**
 * Output-layer deltas ∂(scale·Σloss)/∂net for the network's loss and output activation, of the B
 * rows from row r0 (t: the targets of row 0); returns their Σloss (f64). Each delta depends only on
 * its row, so the threaded driver splits the rows among threads.
 */
// @ts-ignore: decorator
@inline export function outputDelta<T = f64>(desc: usize, t: usize, B: i32, scale: T, r0: i32 = 0): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const OUT = lyr(desc, top, L_OUT);
  const q = at<T>(r0 * OUT);
  return lossDelta<T>(
    hdr(desc, H_LOSS) == LOSS_SSE, lyr(desc, top, L_KIND), <usize>lyr(desc, top, L_DELTA) + q, <usize>lyr(desc, top, L_ACT) + q, t + q,
    <T>hyper(desc, HY_ALPHA), <T>hyper(desc, HY_SLOPE), scale, B, OUT,
  );
}

/**
 * acc + the loss of each of B rows of the last forward pass against t, added row by row: each row's
 * loss is summed alone, so the total does not depend on how many rows a call holds (the arena's
 * capacity, a caller's chunk, a thread's share).
 */
export function lossRows<T = f64>(desc: usize, t: usize, B: i32, acc: f64): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const y = <usize>lyr(desc, top, L_ACT);
  const OUT = lyr(desc, top, L_OUT);
  const kind = hdr(desc, H_LOSS) == LOSS_SSE ? 0 : lyr(desc, top, L_KIND) == ACT_SOFTMAX ? 1 : 2;
  for (let r = 0; r < B; r++) {
    const q = at<T>(r * OUT);
    if (kind == 0) acc += sseLoss<T>(y + q, t + q, OUT);
    else if (kind == 1) acc += xentSoftmaxLoss<T>(y + q, t + q, OUT);
    else acc += xentSigmoidLoss<T>(y + q, t + q, OUT);
  }
  return acc;
}

// The backward pass after a forward pass over the same rows: accumulates (+=) scale·∇Σloss into the
// gradient block (biases only when H_WITHBIAS); returns Σloss over the rows. scale is rounded to T.
function backward<T>(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const alpha = <T>hyper(desc, HY_ALPHA);
  const slope = <T>hyper(desc, HY_SLOPE);
  const loss = outputDelta<T>(desc, t, B, <T>scale);
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const delta = <usize>lyr(desc, l, L_DELTA);
    const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
    denseBwdWeight<T>(variant, <usize>lyr(desc, l, L_DW), withBias ? <usize>lyr(desc, l, L_DB) : 0, delta, a, B, IN, OUT);
    if (l > 0) {
      // hidden deltas use W as it is now: the step comes after the whole backward pass
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdDataPart<T>(variant, <i64>B * <i64>IN * <i64>OUT, below, delta, <usize>lyr(desc, l, L_W), B, IN, OUT);
      actBwd<T>(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, B, IN);
    }
  }
  return loss;
}

// One optimizer step from the gradient block: L2 weight decay on the weights, then the update.
// Adam's bias corrections are computed in f64, then rounded to T.
function update<T>(variant: i32, desc: usize): void {
  const p = <usize>hdr(desc, H_PARAMS);
  const g = <usize>hdr(desc, H_GRADS);
  const n = hdr(desc, H_NPARAMS);
  const lr = <T>hyper(desc, HY_LR);
  const wd = <T>hyper(desc, HY_WD);
  if (wd != <T>0) {
    const L = hdr(desc, H_LAYERS);
    for (let l = 0; l < L; l++) axpy<T>(<usize>lyr(desc, l, L_DW), <usize>lyr(desc, l, L_W), wd, lyr(desc, l, L_IN) * lyr(desc, l, L_OUT));
  }
  const opt = hdr(desc, H_OPTIMIZER);
  const v = <usize>hdr(desc, H_OPT1);
  const mu = <T>hyper(desc, HY_MU);
  const torch = hdr(desc, H_MFORM) == MFORM_TORCH;
  if (opt == OPT_MOMENTUM) {
    if (torch) momentumTorchStep<T>(p, v, g, lr, mu, n);
    else momentumStep<T>(p, v, g, lr, mu, n);
  } else if (opt == OPT_NESTEROV) {
    if (torch) nesterovTorchStep<T>(p, v, g, lr, mu, n);
    else nesterovStep<T>(p, v, g, lr, mu, n);
  } else if (opt == OPT_ADAM) {
    const step = hdr(desc, H_STEP) + 1;
    store<i32>(desc + (<usize>H_STEP << 2), step);
    const b1 = hyper(desc, HY_BETA1);
    const b2 = hyper(desc, HY_BETA2);
    const c1 = 1.0 / (1.0 - Math.pow(b1, <f64>step));
    const c2 = 1.0 / (1.0 - Math.pow(b2, <f64>step));
    adamStep<T>(p, v, <usize>hdr(desc, H_OPT2), g, lr, <T>b1, <T>b2, <T>hyper(desc, HY_EPS), <T>c1, <T>c2, n);
  } else sgdStepPart<T>(variant, n, p, g, lr, n);
}

// Online SGD on one row, fused: the backward pass updates each layer's W and b in place right after
// it has used W for the deltas below, so no gradient is stored, zeroed or stepped over. The same
// operations as backward + update with plain SGD (bit-identical results), in one pass.
// net0Ready: layer 0's net input for x is already in its ACT (left there by the previous row's step).
// next != 0: the next row's input; layer 0's update then also computes that row's layer-0 net input
// into layer 0's ACT (denseSgdUpdateFwdPart: W₀ is read once for both instead of twice), which holds
// nothing needed any more once the layers above have been updated.
function trainOnline<T>(variant: i32, desc: usize, x: usize, t: usize, net0Ready: bool, next: usize): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const lr = <T>hyper(desc, HY_LR);
  const alpha = <T>hyper(desc, HY_ALPHA);
  const slope = <T>hyper(desc, HY_SLOPE);
  forwardFrom<T>(variant, desc, x, 1, net0Ready);
  const loss = outputDelta<T>(desc, t, 1, <T>1.0);
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const delta = <usize>lyr(desc, l, L_DELTA);
    const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
    const w = <usize>lyr(desc, l, L_W);
    const work = <i64>IN * <i64>OUT;
    if (l > 0) {
      // the deltas below use W before its update
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdDataPart<T>(variant, work, below, delta, w, 1, IN, OUT);
      actBwd<T>(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, 1, IN);
    }
    const b = <usize>lyr(desc, l, L_B);
    if (l == 0 && next) denseSgdUpdateFwdPart<T>(variant, work, <usize>lyr(desc, 0, L_ACT), w, withBias ? b : 0, delta, a, next, b, lr, IN, OUT);
    else denseSgdUpdatePart<T>(variant, work, w, withBias ? b : 0, delta, a, lr, IN, OUT);
  }
  return loss;
}

/** Adds this batch to the per-layer diagnostics (f64 words): mean(dW²) of the step and saturated units. */
export function accumulateDiag<T = f64>(desc: usize, diag: usize, B: i32): void {
  const L = hdr(desc, H_LAYERS);
  for (let l = 0; l < L; l++) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const d = diag + (<usize>(l * DIAG_WORDS) << 3);
    store<f64>(d, load<f64>(d) + sumsq<T>(<usize>lyr(desc, l, L_DW), IN * OUT) / <f64>(IN * OUT));
    store<f64>(d + 8, load<f64>(d + 8) + 1.0);
    store<f64>(d + 16, load<f64>(d + 16) + <f64>saturatedCount<T>(lyr(desc, l, L_KIND), <usize>lyr(desc, l, L_ACT), B * OUT));
    store<f64>(d + 24, load<f64>(d + 24) + <f64>(B * OUT));
  }
}

// Mean loss over N rows (forward only, in chunks of the capacity). If out != 0: out[0] = mean
// loss, out[1] = fraction of rows classified right (argmax, or ≥ 0.5 for one output), as f64 words.
function evaluate<T>(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 {
  const cap = hdr(desc, H_CAPACITY);
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const y = <usize>lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
  let loss: f64 = 0;
  let correct = 0;
  for (let r = 0; r < N; r += cap) {
    const B = min(cap, N - r);
    const tb = t + at<T>(r * OUT);
    forwardFrom<T>(variant, desc, x + at<T>(r * IN), B, false);
    loss = lossRows<T>(desc, tb, B, loss);
    if (out) correct += correctCount<T>(y, tb, B, OUT);
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
// If lossOut != 0, lossOut[e] (f64 words) = the epoch's record (H_RECORD): the running mean of its
// batch losses, or the mean loss over all N rows after the epoch (RECORD_EXACT: an extra forward pass).
// Returns the mean over the last epoch's rows of the loss seen during training.
function trainEpochs<T>(variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize): f64 {
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
      let xb = x + at<T>(r * IN);
      let tb = t + at<T>(r * OUT);
      if (order) {
        xb = <usize>hdr(desc, H_GX);
        tb = <usize>hdr(desc, H_GT);
        gatherRows<T>(xb, x, order + (<usize>r << 2), B, IN);
        gatherRows<T>(tb, t, order + (<usize>r << 2), B, OUT);
      }
      if (online) {
        // the next row is read where it lies (no gather needed for one row): the same values the
        // gather copies into the staging area on the next iteration
        let next: usize = 0;
        if (r + 1 < N) next = order ? x + <usize>load<i32>(order + (<usize>(r + 1) << 2)) * at<T>(IN) : xb + at<T>(IN);
        running += trainOnline<T>(variant, desc, xb, tb, net0Ready, next);
        net0Ready = next != 0;
        continue;
      }
      fillPart<T>(variant, n, grads, <T>0, n);
      forwardFrom<T>(variant, desc, xb, B, false);
      running += backward<T>(variant, desc, xb, tb, B, 1.0 / <f64>B);
      if (diag) accumulateDiag<T>(desc, diag, B);
      update<T>(variant, desc);
    }
    if (lossOut) store<f64>(lossOut + (<usize>e << 3), hdr(desc, H_RECORD) == RECORD_EXACT ? evaluate<T>(variant, desc, x, t, N, 0) : running / <f64>N);
  }
  return running / <f64>N;
}

// ---- the exports: both dtypes (the TS side's DRIVER_EXPORTS, src/backend/families.ts) ------------

/** Forward pass of B ≤ capacity rows at x (B,IN); outputs in the last layer's ACT. */
export function forward_f64(variant: i32, desc: usize, x: usize, B: i32): void { forwardFrom<f64>(variant, desc, x, B, false); }
/** forward_f64 over an f32 arena. */
export function forward_f32(variant: i32, desc: usize, x: usize, B: i32): void { forwardFrom<f32>(variant, desc, x, B, false); }

/** Backward pass after forward_f64 over the same rows: gradients += scale·∇Σloss; returns Σloss. */
export function backward_f64(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 { return backward<f64>(variant, desc, x, t, B, scale); }
/** backward_f64 over an f32 arena (scale rounded to f32; Σloss in f64). */
export function backward_f32(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 { return backward<f32>(variant, desc, x, t, B, scale); }

/** One optimizer step from the gradient block (weight decay, then the optimizer's update). */
export function update_f64(variant: i32, desc: usize): void { update<f64>(variant, desc); }
/** update_f64 over an f32 arena (f32 state; hyper-parameters rounded to f32). */
export function update_f32(variant: i32, desc: usize): void { update<f32>(variant, desc); }

/** Mean loss over N rows; if out != 0, out[0] = mean loss, out[1] = accuracy (f64 words). */
export function eval_f64(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 { return evaluate<f64>(variant, desc, x, t, N, out); }
/** eval_f64 over f32 rows (f64 results). */
export function eval_f32(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 { return evaluate<f32>(variant, desc, x, t, N, out); }

/** `epochs` epochs of consecutive batches (see trainEpochs); returns the last epoch's running mean loss. */
export function train_epochs_f64(variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize): f64 {
  return trainEpochs<f64>(variant, desc, x, t, N, order, batch, epochs, lossOut);
}
/** train_epochs_f64 over f32 rows and parameters (lossOut: f64 words). */
export function train_epochs_f32(variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize): f64 {
  return trainEpochs<f32>(variant, desc, x, t, N, order, batch, epochs, lossOut);
}
