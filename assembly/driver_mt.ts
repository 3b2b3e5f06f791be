// The layer-level drivers of driver.ts for a pool of threads on shared memory: the same exports,
// the same arguments, the same kernels; every thread of the pool runs the same call and computes
// its part of each product. Products are split by ownership of their outputs — rows of the batch
// for the forward and backward-data products and the activations (a mini-batch's layer 0: its output
// units), output units (rows of dW) for the weight gradient and for online steps, element ranges for
// the optimizer step; a mini-batch's blocks go to whichever thread takes them first (batchDyn,
// threads.ts `claim`) — so every number is
// computed by one thread with the operations, in the order, of driver.ts on one thread (the kernel of
// each part is the one the whole product takes: driver.ts *Part helpers). Losses, diagnostics and
// the gathers of online rows run on thread 0 alone, in driver.ts's order. Results therefore do not
// depend on the thread count. Barriers (threads.ts `section`) separate parts that read what other
// threads wrote. Without a pool (H_POOL = 0) each export runs driver.ts's, on the calling thread.
// Written once over the element type T of the arena, as driver.ts is: the *_f64 exports are T = f64,
// the *_f32 ones T = f32 (hyper-parameters read as f64 words and rounded to T where driver.ts does).
// Not here: kernels, the kernel choice (driver.ts), the pool itself (threads.ts, src/backend/pool.ts).

import {
  hdr, lyr, hyper, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT, H_OPT1, H_OPT2, H_OPTIMIZER,
  H_WITHBIAS, H_GX, H_GT, H_DIAG, H_STEP, H_POOL, L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND,
  HY_LR, HY_ALPHA, HY_SLOPE, HY_MU, HY_BETA1, HY_BETA2, HY_EPS, HY_WD, ACT_SOFTMAX,
  OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM, H_RECORD, RECORD_EXACT, H_MFORM, MFORM_TORCH, H_LOSS, LOSS_SSE,
} from './layout';
import {
  forward_f64 as forward1, backward_f64 as backward1, update_f64 as update1, eval_f64 as eval1, train_epochs_f64 as train1,
  forward_f32 as forward1f, backward_f32 as backward1f, update_f32 as update1f, eval_f32 as eval1f, train_epochs_f32 as train1f,
  denseFwdPart, denseBwdDataPart, denseBwdWeightPart, sgdStepPart, fillPart, denseSgdUpdatePart,
  denseSgdUpdateFwdPart, actFwd, actBwd, outputDelta, lossRows, accumulateDiag,
} from './driver';
import {
  axpy, momentumStep, nesterovStep, adamStep, momentumTorchStep, nesterovTorchStep,
  gatherRows, correctCount, sseLoss, xentSoftmaxLoss, xentSigmoidLoss,
} from './generic';
import { begin, end, endWith, section, part, tid, unitsWorthIt, dynamicSection, claim } from './threads';
import { F64 } from './dispatch';

// Parts come in whole blocks: 4 rows (the forward and backward-data tiles), 4 units (the weight-
// gradient and online tiles), 8 elements (the optimizer loops) — so each part runs the very tiles
// the whole product would, in the same places.
const ROW_BLOCK: i32 = 4;
const UNIT_BLOCK: i32 = 4;
// An online step's layer-0 blocks (onlineMt): 8 units (two of the update tile's row pairs × 2).
const ONLINE_UNITS: i32 = 8;
// A mini-batch's layer-0 forward by units (batchDyn): 2-unit blocks (the forward tile's width), half
// a weight-gradient block, so the section's last block — which a thread that has finished waits
// for — is half as long.
const FWD_UNITS: i32 = 2;

// Whether an online step takes layer 0 in claimed blocks that also apply its activation to the next
// row's net input (onlineMt) — then the next row's forwardMt has nothing left to do on layer 0.
// @ts-ignore: decorator
@inline function layer0Claimed(desc: usize): bool {
  return unitsWorthIt(<i64>lyr(desc, 0, L_IN) * <i64>lyr(desc, 0, L_OUT)) && lyr(desc, 0, L_KIND) != ACT_SOFTMAX;
}
const ELEM_BLOCK: i32 = 8;

// @ts-ignore: decorator
@inline function lo(p: i64): i32 { return <i32>p; }
// @ts-ignore: decorator
@inline function hi(p: i64): i32 { return <i32>(p >>> 32); }
// byte address of element k of T from ptr
// @ts-ignore: decorator
@inline function at<T>(ptr: usize, k: i32): usize { return ptr + (<usize>k << alignof<T>()); }

// Forward pass of B rows at x. B ≥ 4: each thread its rows through every layer (no barrier between
// layers). B < 4: each layer's output units split among threads (thread 0 alone for a small layer).
// net0Ready: layer 0's net input is already in its ACT (the previous online step left it there).
// gathered: x holds rows this thread gathered itself in the previous section (split as here).
function forwardMt<T>(v: i32, desc: usize, x: usize, B: i32, net0Ready: bool, gathered: bool = false): void {
  const L = hdr(desc, H_LAYERS);
  const alpha = <T>hyper(desc, HY_ALPHA);
  const slope = <T>hyper(desc, HY_SLOPE);
  let a = x;
  for (let l = 0; l < L; l++) {
    const y = <usize>lyr(desc, l, L_ACT);
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const w = <usize>lyr(desc, l, L_W);
    const b = <usize>lyr(desc, l, L_B);
    const kind = lyr(desc, l, L_KIND);
    const dense = l > 0 || !net0Ready;
    const work = <i64>B * <i64>IN * <i64>OUT;
    if (l == 0 && net0Ready && layer0Claimed(desc)) {
      // the previous online step's blocks also applied the activation (onlineMt): nothing to do
      a = y;
      continue;
    }
    if (B >= ROW_BLOCK) {
      // gathered: this thread has just gathered these rows after a barrier (trainRows)
      section(true, l > 0 || gathered);
      const p = part(B, ROW_BLOCK);
      const n = hi(p) - lo(p);
      if (n > 0) {
        if (dense) denseFwdPart<T>(v, work, B, at<T>(y, lo(p) * OUT), at<T>(a, lo(p) * IN), w, b, n, IN, OUT);
        actFwd<T>(v, kind, at<T>(y, lo(p) * OUT), alpha, slope, n, OUT);
      }
    } else if (unitsWorthIt(work)) {
      // each thread its units of every row; with net0Ready they are the units it computed itself
      section(true, l == 0 && net0Ready);
      const p = part(OUT, UNIT_BLOCK);
      const n = hi(p) - lo(p);
      for (let r = 0; n > 0 && r < B; r++) {
        const yr = at<T>(y, r * OUT + lo(p));
        if (dense) denseFwdPart<T>(v, work, B, yr, at<T>(a, r * IN), at<T>(w, lo(p) * IN), at<T>(b, lo(p)), 1, IN, n);
        if (kind != ACT_SOFTMAX) actFwd<T>(v, kind, yr, alpha, slope, 1, n);
      }
      // softmax needs whole rows
      if (kind == ACT_SOFTMAX && section(false)) actFwd<T>(v, kind, y, alpha, slope, B, OUT);
    } else if (section(false)) {
      if (dense) denseFwdPart<T>(v, work, B, y, a, w, b, B, IN, OUT);
      actFwd<T>(v, kind, y, alpha, slope, B, OUT);
    }
    a = y;
  }
}

// Σloss of the output layer's B rows against t, summed exactly as outputDelta sums it on one thread
// (one pass over the B·OUT values in order, the same terms): the bits of driver.ts's loss.
function lossAll<T>(desc: usize, t: usize, B: i32): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const y = <usize>lyr(desc, top, L_ACT);
  const n = B * lyr(desc, top, L_OUT);
  if (hdr(desc, H_LOSS) == LOSS_SSE) return sseLoss<T>(y, t, n);
  if (lyr(desc, top, L_KIND) == ACT_SOFTMAX) return xentSoftmaxLoss<T>(y, t, n);
  return xentSigmoidLoss<T>(y, t, n);
}

// Rows r0 … r0+nr−1 of a B-row batch after their forward: output deltas (t: the batch's targets),
// then every hidden delta through the layers below.
function rowDeltas<T>(v: i32, desc: usize, t: usize, B: i32, scale: f64, r0: i32, nr: i32): void {
  const top = hdr(desc, H_LAYERS) - 1;
  const alpha = <T>hyper(desc, HY_ALPHA);
  const slope = <T>hyper(desc, HY_SLOPE);
  outputDelta<T>(desc, t, nr, <T>scale, r0);
  for (let l = top; l > 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const below = at<T>(<usize>lyr(desc, l - 1, L_DELTA), r0 * IN);
    denseBwdDataPart<T>(v, <i64>B * <i64>IN * <i64>OUT, below, at<T>(<usize>lyr(desc, l, L_DELTA), r0 * OUT), <usize>lyr(desc, l, L_W), nr, IN, OUT);
    actBwd<T>(lyr(desc, l - 1, L_KIND), below, at<T>(<usize>lyr(desc, l - 1, L_ACT), r0 * IN), alpha, slope, nr, IN);
  }
}

// The weight gradient of units u0 … u0+n−1 of layer l over a B-row batch whose network input is x;
// with step > 0 those gradient rows start from zero and the optimizer step (Adam's t = step) of the
// same parameters (the units' rows of W, their biases) follows at once.
function unitGradients<T>(v: i32, desc: usize, l: i32, u0: i32, n: i32, x: usize, B: i32, step: i32): void {
  const IN = lyr(desc, l, L_IN);
  const OUT = lyr(desc, l, L_OUT);
  const a: usize = l == 0 ? x : <usize>lyr(desc, l - 1, L_ACT);
  const dw = at<T>(<usize>lyr(desc, l, L_DW), u0 * IN);
  if (step > 0) {
    const nP = hdr(desc, H_NPARAMS);
    fillPart<T>(v, nP, dw, <T>0, n * IN);
    fillPart<T>(v, nP, at<T>(<usize>lyr(desc, l, L_DB), u0), <T>0, n);
  }
  const db: usize = hdr(desc, H_WITHBIAS) ? at<T>(<usize>lyr(desc, l, L_DB), u0) : 0;
  denseBwdWeightPart<T>(v, <i64>B * <i64>IN * <i64>OUT, dw, db, at<T>(<usize>lyr(desc, l, L_DELTA), u0), a, B, IN, n, OUT);
  if (step > 0) {
    const pAll = <usize>hdr(desc, H_PARAMS);
    stepRange<T>(v, desc, <i32>((<usize>lyr(desc, l, L_W) - pAll) >> alignof<T>()) + u0 * IN, n * IN, step);
    stepRange<T>(v, desc, <i32>((<usize>lyr(desc, l, L_B) - pAll) >> alignof<T>()) + u0, n, step);
  }
}

// Backward pass after forwardMt over the same rows; returns Σloss on thread 0 (0 elsewhere).
// Every delta by rows (the output deltas too: after a forward by rows, no barrier until the
// weight gradients), then every layer's weight gradient by output units, while thread 0 sums the
// loss. With step > 0 each thread also zeroes the gradient rows it computes first and then takes
// the optimizer step of the parameters whose gradient it has just computed (its units' rows of W
// and their biases): no barrier for the zeroing or before the update.
function backwardMt<T>(v: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64, step: i32): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  let loss: f64 = 0;
  const rows = part(B, ROW_BLOCK);
  const r0 = lo(rows);
  const nr = hi(rows) - r0;
  // a forward of B ≥ ROW_BLOCK rows was split by these rows; a smaller one by units
  section(true, B >= ROW_BLOCK);
  if (nr > 0) rowDeltas<T>(v, desc, t, B, scale, r0, nr);
  for (let l = top; l >= 0; l--) {
    section(true, l < top);
    if (l == top && tid() == 0) loss = lossAll<T>(desc, t, B);
    const p = part(lyr(desc, l, L_OUT), UNIT_BLOCK);
    if (hi(p) > lo(p)) unitGradients<T>(v, desc, l, lo(p), hi(p) - lo(p), x, B, step);
  }
  return loss;
}

// Rows r0 … r0+n−1 of the batch that starts at row r of the order, gathered into xb, tb.
function gatherBatchRows<T>(desc: usize, x: usize, t: usize, order: usize, r: i32, xb: usize, tb: usize, r0: i32, n: i32): void {
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  gatherRows<T>(at<T>(xb, r0 * IN), x, order + (<usize>(r + r0) << 2), n, IN);
  gatherRows<T>(at<T>(tb, r0 * OUT), t, order + (<usize>(r + r0) << 2), n, OUT);
}

// One mini-batch of B ≥ ROW_BLOCK rows without diagnostics, in dynamic sections (threads.ts):
// (1) when layer 0 goes by units and the rows are shuffled (order != 0), the gather of the batch's
// rows (r … r+B−1 of the order, into xb, tb); (2) with two or more layers (layer 0 not a softmax),
// layer 0's forward product and activation by chunks of its output units over every row; (3)
// chunks of rows: the rest of the forward (or all of it, gathered first), output deltas and hidden
// deltas, each row's chain on the thread that claimed it; (4) chunks of output units of every
// layer (layer 0 first, then from the top): zero, weight gradient, optimizer step (step), thread 0
// summing the loss first as lossAll does. Every number is computed as backwardMt/forwardMt compute it (the kernels of the
// whole products, on whole tiles); only who computes which chunk depends on the timing.
// Returns Σloss on thread 0 (0 elsewhere).
function batchDyn<T>(v: i32, desc: usize, x: usize, t: usize, order: usize, r: i32, xb: usize, tb: usize, B: i32, step: i32): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const IN0 = hdr(desc, H_IN);
  const alpha = <T>hyper(desc, HY_ALPHA);
  const slope = <T>hyper(desc, HY_SLOPE);
  const scale = 1.0 / <f64>B;
  // items: blocks of ROW_BLOCK rows, then blocks of UNIT_BLOCK units (the kernels' tiles)
  const nRows = (B + ROW_BLOCK - 1) / ROW_BLOCK;
  // layer 0 by its output units (below), unless it is the only layer or a softmax (whole rows)
  const units0 = top > 0 && lyr(desc, 0, L_KIND) != ACT_SOFTMAX;
  // the weight-gradient items: layer 0's unit blocks first, then the other layers' (top first)
  const blocks0 = (lyr(desc, 0, L_OUT) + UNIT_BLOCK - 1) / UNIT_BLOCK;
  let total = blocks0;
  for (let l = top; l > 0; l--) total += (lyr(desc, l, L_OUT) + UNIT_BLOCK - 1) / UNIT_BLOCK;
  if (order && units0) {
    // the batch's rows first: every unit of layer 0 reads all of them
    dynamicSection();
    for (let k = claim(nRows); k >= 0; k = claim(nRows)) gatherBatchRows<T>(desc, x, t, order, r, xb, tb, k * ROW_BLOCK, min(ROW_BLOCK, B - k * ROW_BLOCK));
  }
  if (units0) {
    // Layer 0 by blocks of output units, every row, each thread first the blocks whose weight
    // gradients and step it takes first below (claim's `ranges`): on free cores a thread reads only
    // the rows of W₀ it steps, so W₀ stays in each core's cache from batch to batch instead of half
    // of it moving from the other core's cache into every thread's forward
    const OUT = lyr(desc, 0, L_OUT);
    const kind = lyr(desc, 0, L_KIND);
    const y = <usize>lyr(desc, 0, L_ACT);
    const work = <i64>B * <i64>IN0 * <i64>OUT;
    const n0 = (OUT + FWD_UNITS - 1) / FWD_UNITS;
    dynamicSection();
    for (let k = claim(n0, total, UNIT_BLOCK / FWD_UNITS); k >= 0; k = claim(n0, total, UNIT_BLOCK / FWD_UNITS)) {
      const u0 = k * FWD_UNITS;
      const n = min(FWD_UNITS, OUT - u0);
      denseFwdPart<T>(v, work, B, at<T>(y, u0), xb, at<T>(<usize>lyr(desc, 0, L_W), u0 * IN0), at<T>(<usize>lyr(desc, 0, L_B), u0), B, IN0, n, OUT);
      for (let q = 0; q < B; q++) actFwd<T>(v, kind, at<T>(y, q * OUT + u0), alpha, slope, 1, n);
    }
  }
  dynamicSection();
  for (let k = claim(nRows); k >= 0; k = claim(nRows)) {
    const r0 = k * ROW_BLOCK;
    const nr = min(ROW_BLOCK, B - r0);
    if (order && !units0) gatherBatchRows<T>(desc, x, t, order, r, xb, tb, r0, nr);
    let a = at<T>(xb, r0 * IN0);
    if (units0) a = at<T>(<usize>lyr(desc, 0, L_ACT), r0 * lyr(desc, 0, L_OUT));
    for (let l = units0 ? 1 : 0; l <= top; l++) {
      const IN = lyr(desc, l, L_IN);
      const OUT = lyr(desc, l, L_OUT);
      const y = at<T>(<usize>lyr(desc, l, L_ACT), r0 * OUT);
      denseFwdPart<T>(v, <i64>B * <i64>IN * <i64>OUT, B, y, a, <usize>lyr(desc, l, L_W), <usize>lyr(desc, l, L_B), nr, IN, OUT);
      actFwd<T>(v, lyr(desc, l, L_KIND), y, alpha, slope, nr, OUT);
      a = y;
    }
    rowDeltas<T>(v, desc, tb, B, scale, r0, nr);
  }
  dynamicSection();
  const loss = tid() == 0 ? lossAll<T>(desc, tb, B) : 0.0;
  for (let k = claim(total); k >= 0; k = claim(total)) {
    let l = 0;
    let j = k;
    if (j >= blocks0) {
      j -= blocks0;
      l = top;
      while (j >= (lyr(desc, l, L_OUT) + UNIT_BLOCK - 1) / UNIT_BLOCK) {
        j -= (lyr(desc, l, L_OUT) + UNIT_BLOCK - 1) / UNIT_BLOCK;
        l--;
      }
    }
    unitGradients<T>(v, desc, l, j * UNIT_BLOCK, min(UNIT_BLOCK, lyr(desc, l, L_OUT) - j * UNIT_BLOCK), xb, B, step);
  }
  return loss;
}

// One optimizer step (Adam's t = step), each thread on its elements.
function updateMt<T>(v: i32, desc: usize, step: i32): void {
  section(true);
  const q = part(hdr(desc, H_NPARAMS), ELEM_BLOCK);
  if (hi(q) > lo(q)) stepRange<T>(v, desc, lo(q), hi(q) - lo(q), step);
}

// The optimizer step of parameter elements [s, s + n) (Adam's t = step): weight decay on the
// weights among them, then the update — every element alone, so any split gives the same bits.
function stepRange<T>(v: i32, desc: usize, s: i32, n: i32, step: i32): void {
  const pAll = <usize>hdr(desc, H_PARAMS);
  const gAll = <usize>hdr(desc, H_GRADS);
  const N = hdr(desc, H_NPARAMS);
  const lr = <T>hyper(desc, HY_LR);
  const wd = <T>hyper(desc, HY_WD);
  if (wd != <T>0) {
    // the weights of each layer among the elements (biases are not decayed)
    for (let l = 0; l < hdr(desc, H_LAYERS); l++) {
      const w0 = <i32>((<usize>lyr(desc, l, L_W) - pAll) >> alignof<T>());
      const a = max(s, w0);
      const e = min(s + n, w0 + lyr(desc, l, L_IN) * lyr(desc, l, L_OUT));
      if (e > a) axpy<T>(at<T>(gAll, a), at<T>(pAll, a), wd, e - a);
    }
  }
  const p = at<T>(pAll, s);
  const g = at<T>(gAll, s);
  const opt = hdr(desc, H_OPTIMIZER);
  const torch = hdr(desc, H_MFORM) == MFORM_TORCH;
  const v1 = at<T>(<usize>hdr(desc, H_OPT1), s);
  if (opt == OPT_MOMENTUM) {
    if (torch) momentumTorchStep<T>(p, v1, g, lr, <T>hyper(desc, HY_MU), n);
    else momentumStep<T>(p, v1, g, lr, <T>hyper(desc, HY_MU), n);
  } else if (opt == OPT_NESTEROV) {
    if (torch) nesterovTorchStep<T>(p, v1, g, lr, <T>hyper(desc, HY_MU), n);
    else nesterovStep<T>(p, v1, g, lr, <T>hyper(desc, HY_MU), n);
  } else if (opt == OPT_ADAM) {
    const b1 = hyper(desc, HY_BETA1);
    const b2 = hyper(desc, HY_BETA2);
    const c1 = 1.0 / (1.0 - Math.pow(b1, <f64>step));
    const c2 = 1.0 / (1.0 - Math.pow(b2, <f64>step));
    adamStep<T>(p, v1, at<T>(<usize>hdr(desc, H_OPT2), s), g, lr, <T>b1, <T>b2, <T>hyper(desc, HY_EPS), <T>c1, <T>c2, n);
  } else sgdStepPart<T>(v, N, p, g, lr, n);
}

// Online SGD on one row (driver.ts trainOnline): forward, then on thread 0 the output delta and
// every hidden delta (each from W before its update), then every layer's step by output units;
// layer 0's step also computes the next row's layer-0 net input (next != 0) into ACT₀, which the
// step of layer 1 reads as its input: a barrier separates them when they run on different threads.
// A split layer 0 (not a softmax) with a next row goes in blocks of ONLINE_UNITS taken as in
// batchDyn, each block's activation applied right away (layer0Claimed: the next forward skips it).
function onlineMt<T>(v: i32, desc: usize, x: usize, t: usize, net0Ready: bool, next: usize): f64 {
  const top = hdr(desc, H_LAYERS) - 1;
  const withBias = hdr(desc, H_WITHBIAS);
  const lr = <T>hyper(desc, HY_LR);
  forwardMt<T>(v, desc, x, 1, net0Ready);
  let loss: f64 = 0;
  if (section(false)) {
    loss = outputDelta<T>(desc, t, 1, <T>1.0);
    const alpha = <T>hyper(desc, HY_ALPHA);
    const slope = <T>hyper(desc, HY_SLOPE);
    for (let l = top; l > 0; l--) {
      const IN = lyr(desc, l, L_IN);
      const OUT = lyr(desc, l, L_OUT);
      const below = <usize>lyr(desc, l - 1, L_DELTA);
      denseBwdDataPart<T>(v, <i64>IN * <i64>OUT, below, <usize>lyr(desc, l, L_DELTA), <usize>lyr(desc, l, L_W), 1, IN, OUT);
      actBwd<T>(lyr(desc, l - 1, L_KIND), below, <usize>lyr(desc, l - 1, L_ACT), alpha, slope, 1, IN);
    }
  }
  for (let l = top; l >= 0; l--) {
    const IN = lyr(desc, l, L_IN);
    const OUT = lyr(desc, l, L_OUT);
    const work = <i64>IN * <i64>OUT;
    const fused = l == 0 && next != 0;
    if (fused && layer0Claimed(desc)) {
      // layer 0's step and the next row's layer-0 forward (and its activation, which the next
      // forwardMt then skips) in blocks taken as in batchDyn: a slower thread takes fewer
      const y0 = <usize>lyr(desc, 0, L_ACT);
      const kind = lyr(desc, 0, L_KIND);
      const alpha = <T>hyper(desc, HY_ALPHA);
      const slope = <T>hyper(desc, HY_SLOPE);
      const nI = (OUT + ONLINE_UNITS - 1) / ONLINE_UNITS;
      dynamicSection();
      for (let k = claim(nI); k >= 0; k = claim(nI)) {
        const u0 = k * ONLINE_UNITS;
        const n = min(ONLINE_UNITS, OUT - u0);
        updateUnits<T>(v, desc, 0, u0, n, x, next, withBias, lr);
        actFwd<T>(v, kind, at<T>(y0, u0), alpha, slope, 1, n);
      }
      continue;
    }
    if (unitsWorthIt(work)) {
      section(true, l < top && !fused);
      const p = part(OUT, UNIT_BLOCK);
      updateUnits<T>(v, desc, l, lo(p), hi(p) - lo(p), x, fused ? next : 0, withBias, lr);
    } else if (section(false)) updateUnits<T>(v, desc, l, 0, OUT, x, fused ? next : 0, withBias, lr);
  }
  return loss;
}

// The online step of n output units from unit u of layer l, whose network input is x0 (fused with
// the next row's forward when next != 0).
function updateUnits<T>(v: i32, desc: usize, l: i32, u: i32, n: i32, x0: usize, next: usize, withBias: i32, lr: T): void {
  if (n <= 0) return;
  const IN = lyr(desc, l, L_IN);
  const work = <i64>IN * <i64>lyr(desc, l, L_OUT);
  const x: usize = l == 0 ? x0 : <usize>lyr(desc, l - 1, L_ACT);
  const w = at<T>(<usize>lyr(desc, l, L_W), u * IN);
  const b = at<T>(<usize>lyr(desc, l, L_B), u);
  const d = at<T>(<usize>lyr(desc, l, L_DELTA), u);
  if (next) denseSgdUpdateFwdPart<T>(v, work, at<T>(<usize>lyr(desc, 0, L_ACT), u), w, withBias ? b : 0, d, x, next, b, lr, IN, n);
  else denseSgdUpdatePart<T>(v, work, w, withBias ? b : 0, d, x, lr, IN, n);
}

// Mean loss over N rows (forward by threads, losses on thread 0 in driver.ts's order).
function evalMt<T>(v: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 {
  const cap = hdr(desc, H_CAPACITY);
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const y = <usize>lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
  let loss: f64 = 0;
  let correct = 0;
  for (let r = 0; r < N; r += cap) {
    const B = min(cap, N - r);
    const tb = at<T>(t, r * OUT);
    forwardMt<T>(v, desc, at<T>(x, r * IN), B, false);
    if (section(false)) {
      loss = lossRows<T>(desc, tb, B, loss);
      if (out) correct += correctCount<T>(y, tb, B, OUT);
    }
  }
  const mean = loss / <f64>N;
  if (out && tid() == 0) {
    store<f64>(out, mean);
    store<f64>(out + 8, <f64>correct / <f64>N);
  }
  return mean;
}

// One epoch's batches (driver.ts trainEpochs' inner loop); returns Σ running loss on thread 0.
function trainRows<T>(v: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, online: bool): f64 {
  const IN = hdr(desc, H_IN);
  const OUT = hdr(desc, H_OUT);
  const grads = <usize>hdr(desc, H_GRADS);
  const nP = hdr(desc, H_NPARAMS);
  const diag = <usize>hdr(desc, H_DIAG);
  let running: f64 = 0;
  let net0Ready = false;
  for (let r = 0; r < N; r += batch) {
    const B = min(batch, N - r);
    let xb = at<T>(x, r * IN);
    let tb = at<T>(t, r * OUT);
    if (order) {
      xb = <usize>hdr(desc, H_GX);
      tb = <usize>hdr(desc, H_GT);
    }
    if (!online && diag == 0 && B >= ROW_BLOCK) {
      // the common case (a mini-batch of whole tiles, no diagnostics): claimed chunks, fused update
      STEPS++;
      running += batchDyn<T>(v, desc, x, t, order, r, xb, tb, B, STEPS);
      continue;
    }
    if (order) {
      const p = online ? <i64>0 : part(B, ROW_BLOCK);
      const s = online ? 0 : lo(p);
      const n = online ? B : hi(p) - lo(p);
      // after fused updates (no diagnostics) other threads may still read the previous rows' x
      if (section(!online, diag != 0) && n > 0) {
        gatherRows<T>(at<T>(xb, s * IN), x, order + (<usize>(r + s) << 2), n, IN);
        gatherRows<T>(at<T>(tb, s * OUT), t, order + (<usize>(r + s) << 2), n, OUT);
      }
    }
    if (online) {
      let next: usize = 0;
      if (r + 1 < N) next = order ? x + <usize>load<i32>(order + (<usize>(r + 1) << 2)) * at<T>(0, IN) : at<T>(xb, IN);
      running += onlineMt<T>(v, desc, xb, tb, net0Ready, next);
      net0Ready = next != 0;
      continue;
    }
    if (diag) {
      // the gradient block, split as updateMt splits it (each thread zeroes what it steps)
      section(true, true);
      const q = part(nP, ELEM_BLOCK);
      if (hi(q) > lo(q)) fillPart<T>(v, nP, at<T>(grads, lo(q)), <T>0, hi(q) - lo(q));
    }
    forwardMt<T>(v, desc, xb, B, false, order != 0 && diag == 0);
    STEPS++;
    // the update fused into the weight gradients, except when the diagnostics read every gradient first
    running += backwardMt<T>(v, desc, xb, tb, B, 1.0 / <f64>B, diag ? 0 : STEPS);
    if (diag) {
      if (section(false)) accumulateDiag<T>(desc, diag, B);
      updateMt<T>(v, desc, STEPS);
    }
  }
  return running;
}

// Optimizer steps taken, counted by every thread during a call (H_STEP is written once, at its end).
let STEPS: i32 = 0;

// Without a pool (H_POOL = 0) each export is driver.ts's own: the single-thread code, as fast as in
// the binaries without threads (the split's bookkeeping costs ~2× on W2-sized rows).
// @ts-ignore: decorator
@inline function alone(desc: usize): bool { return hdr(desc, H_POOL) == 0; }

// The exports of both dtypes, each one body instantiated at T (f64: the code they always were; f32:
// driver.ts's f32 drivers, split the same way) — without a pool (H_POOL = 0), driver.ts's own.

// @ts-ignore: decorator
@inline function forwardAt<T>(variant: i32, desc: usize, x: usize, B: i32): void {
  if (alone(desc)) { if (F64<T>()) forward1(variant, desc, x, B); else forward1f(variant, desc, x, B); return; }
  begin(desc);
  forwardMt<T>(variant, desc, x, B, false);
  end();
}

// @ts-ignore: decorator
@inline function backwardAt<T>(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 {
  if (alone(desc)) return F64<T>() ? backward1(variant, desc, x, t, B, scale) : backward1f(variant, desc, x, t, B, scale);
  begin(desc);
  return endWith(backwardMt<T>(variant, desc, x, t, B, scale, 0));
}

// @ts-ignore: decorator
@inline function updateAt<T>(variant: i32, desc: usize): void {
  if (alone(desc)) { if (F64<T>()) update1(variant, desc); else update1f(variant, desc); return; }
  begin(desc);
  const step = hdr(desc, H_STEP) + 1;
  updateMt<T>(variant, desc, step);
  end();
  if (tid() == 0 && hdr(desc, H_OPTIMIZER) == OPT_ADAM) store<i32>(desc + (<usize>H_STEP << 2), step);
}

// @ts-ignore: decorator
@inline function evalAt<T>(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 {
  if (alone(desc)) return F64<T>() ? eval1(variant, desc, x, t, N, out) : eval1f(variant, desc, x, t, N, out);
  begin(desc);
  return endWith(evalMt<T>(variant, desc, x, t, N, out));
}

// @ts-ignore: decorator
@inline function trainEpochsAt<T>(
  variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize,
): f64 {
  if (alone(desc)) {
    return F64<T>()
      ? train1(variant, desc, x, t, N, order, batch, epochs, lossOut)
      : train1f(variant, desc, x, t, N, order, batch, epochs, lossOut);
  }
  begin(desc);
  STEPS = hdr(desc, H_STEP);
  const online = batch == 1 && hdr(desc, H_OPTIMIZER) == OPT_SGD && hyper(desc, HY_WD) == 0 && hdr(desc, H_DIAG) == 0;
  let running: f64 = 0;
  for (let e = 0; e < epochs; e++) {
    running = trainRows<T>(variant, desc, x, t, N, order, batch, online);
    if (lossOut) {
      // the epoch's record (H_RECORD): the exact loss after it, or its running mean
      const mean = hdr(desc, H_RECORD) == RECORD_EXACT ? evalMt<T>(variant, desc, x, t, N, 0) : running / <f64>N;
      if (tid() == 0) store<f64>(lossOut + (<usize>e << 3), mean);
    }
  }
  const mean = endWith(running / <f64>N);
  if (tid() == 0 && hdr(desc, H_OPTIMIZER) == OPT_ADAM) store<i32>(desc + (<usize>H_STEP << 2), STEPS);
  return mean;
}

/** Forward pass of B rows at x (driver.ts forward_f64), on the descriptor's pool. */
export function forward_f64(variant: i32, desc: usize, x: usize, B: i32): void { forwardAt<f64>(variant, desc, x, B); }
/** forward_f64 over an f32 arena (driver.ts forward_f32), on the descriptor's pool. */
export function forward_f32(variant: i32, desc: usize, x: usize, B: i32): void { forwardAt<f32>(variant, desc, x, B); }

/** Backward pass after forward_f64 (driver.ts backward_f64), on the descriptor's pool; returns Σloss. */
export function backward_f64(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 { return backwardAt<f64>(variant, desc, x, t, B, scale); }
/** backward_f64 over an f32 arena (driver.ts backward_f32), on the descriptor's pool. */
export function backward_f32(variant: i32, desc: usize, x: usize, t: usize, B: i32, scale: f64): f64 { return backwardAt<f32>(variant, desc, x, t, B, scale); }

/** One optimizer step (driver.ts update_f64), on the descriptor's pool. */
export function update_f64(variant: i32, desc: usize): void { updateAt<f64>(variant, desc); }
/** update_f64 over an f32 arena (driver.ts update_f32), on the descriptor's pool. */
export function update_f32(variant: i32, desc: usize): void { updateAt<f32>(variant, desc); }

/** Mean loss over N rows (driver.ts eval_f64), on the descriptor's pool. */
export function eval_f64(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 { return evalAt<f64>(variant, desc, x, t, N, out); }
/** eval_f64 over f32 rows (driver.ts eval_f32), on the descriptor's pool. */
export function eval_f32(variant: i32, desc: usize, x: usize, t: usize, N: i32, out: usize): f64 { return evalAt<f32>(variant, desc, x, t, N, out); }

/** Whole epochs of mini-batch training (driver.ts train_epochs_f64), on the descriptor's pool. */
export function train_epochs_f64(
  variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize,
): f64 {
  return trainEpochsAt<f64>(variant, desc, x, t, N, order, batch, epochs, lossOut);
}
/** train_epochs_f64 over f32 rows and parameters (driver.ts train_epochs_f32), on the descriptor's pool. */
export function train_epochs_f32(
  variant: i32, desc: usize, x: usize, t: usize, N: i32, order: usize, batch: i32, epochs: i32, lossOut: usize,
): f64 {
  return trainEpochsAt<f32>(variant, desc, x, t, N, order, batch, epochs, lossOut);
}
