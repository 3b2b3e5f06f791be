// Pure-TypeScript twin of assembly/driver.ts: forward/backward passes, optimizer updates and whole
// epochs over a network descriptor in (emulated) linear memory, calling the TS kernel twins.
// Same structure and order of operations as the AssemblyScript driver, line for line.
import type { MemoryViews } from './memory.js';
import type { DriverFns, DriverFnsF32 } from './types.js';
import type { TsKernels } from './ts-kernels.js';
import {
  HEADER_WORDS, LAYER_WORDS, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT, H_OPT1, H_OPT2, H_HYPER,
  H_LOSS, H_OPTIMIZER, H_WITHBIAS, H_GX, H_GT, H_DIAG, H_STEP, HY_LR, HY_ALPHA, HY_MU, HY_BETA1, HY_BETA2, HY_EPS, HY_WD,
  HY_SLOPE, DIAG_WORDS, L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND, ACT_SIGMOID, ACT_TANH, ACT_RELU,
  ACT_LEAKY_RELU, ACT_SOFTMAX, LOSS_SSE, OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM, H_RECORD, RECORD_EXACT, H_MFORM, MFORM_TORCH,
} from './abi.js';

/**
 * The driver over kernels with the f64 kernels' names; `elementBytes` 4 runs it over float32 element
 * blocks (ts-driver-f32.ts passes the f32 twins under those names). Hyper-parameters, diagnostics and
 * loss outputs are f64 words in both.
 */
export function createTsDriver(views: MemoryViews, k: TsKernels, elementBytes: 4 | 8 = 8): Omit<DriverFns, keyof DriverFnsF32> {
  const E = elementBytes;
  const hdr = (desc: number, word: number): number => views.i32[(desc >> 2) + word];
  const lyr = (desc: number, l: number, word: number): number => views.i32[(desc >> 2) + HEADER_WORDS + l * LAYER_WORDS + word];
  const hyper = (desc: number, word: number): number => views.f64[(hdr(desc, H_HYPER) >> 3) + word];

  function actFwd(kind: number, y: number, alpha: number, slope: number, B: number, N: number): void {
    const n = B * N;
    if (kind === ACT_SIGMOID) k.sigmoid_fwd_f64(y, y, alpha, n);
    else if (kind === ACT_TANH) k.tanh_fwd_f64(y, y, n);
    else if (kind === ACT_RELU) k.relu_fwd_f64(y, y, 0, n);
    else if (kind === ACT_LEAKY_RELU) k.relu_fwd_f64(y, y, slope, n);
    else if (kind === ACT_SOFTMAX) k.softmax_fwd_f64(y, y, B, N);
  }

  function actBwd(kind: number, d: number, y: number, alpha: number, slope: number, B: number, N: number): void {
    const n = B * N;
    if (kind === ACT_SIGMOID) k.sigmoid_bwd_f64(d, y, alpha, n);
    else if (kind === ACT_TANH) k.tanh_bwd_f64(d, y, n);
    else if (kind === ACT_RELU) k.relu_bwd_f64(d, y, 0, n);
    else if (kind === ACT_LEAKY_RELU) k.relu_bwd_f64(d, y, slope, n);
    else if (kind === ACT_SOFTMAX) k.softmax_bwd_f64(d, y, B, N);
  }

  function saturatedCount(kind: number, y: number, n: number): number {
    const f = E === 4 ? views.f32 : views.f64;
    const Y = y / E;
    let c = 0;
    if (kind === ACT_SIGMOID || kind === ACT_SOFTMAX) {
      for (let j = 0; j < n; j++) if (f[Y + j] * (1 - f[Y + j]) < 0.0025) c++;
    } else if (kind === ACT_TANH) {
      for (let j = 0; j < n; j++) if (1 - f[Y + j] * f[Y + j] < 0.01) c++;
    } else if (kind === ACT_RELU) {
      for (let j = 0; j < n; j++) if (!(f[Y + j] > 0)) c++;
    }
    return c;
  }

  function forward_f64(_variant: number, desc: number, x: number, B: number): void {
    forwardFrom(desc, x, B, false);
  }

  function forwardFrom(desc: number, x: number, B: number, net0Ready: boolean): void {
    const L = hdr(desc, H_LAYERS);
    const alpha = hyper(desc, HY_ALPHA);
    const slope = hyper(desc, HY_SLOPE);
    let a = x;
    for (let l = 0; l < L; l++) {
      const y = lyr(desc, l, L_ACT);
      const OUT = lyr(desc, l, L_OUT);
      if (l > 0 || !net0Ready) k.dense_fwd_f64(y, a, lyr(desc, l, L_W), lyr(desc, l, L_B), B, lyr(desc, l, L_IN), OUT);
      actFwd(lyr(desc, l, L_KIND), y, alpha, slope, B, OUT);
      a = y;
    }
  }

  function outputDelta(desc: number, t: number, B: number, scale: number): number {
    const top = hdr(desc, H_LAYERS) - 1;
    const kind = lyr(desc, top, L_KIND);
    const OUT = lyr(desc, top, L_OUT);
    const y = lyr(desc, top, L_ACT);
    const d = lyr(desc, top, L_DELTA);
    const alpha = hyper(desc, HY_ALPHA);
    const n = B * OUT;
    if (hdr(desc, H_LOSS) === LOSS_SSE) {
      if (kind === ACT_SIGMOID) return k.sse_sigmoid_delta_f64(d, y, t, alpha, scale, n);
      const sse = k.sse_delta_f64(d, y, t, scale, n);
      actBwd(kind, d, y, alpha, hyper(desc, HY_SLOPE), B, OUT);
      return sse;
    }
    if (kind === ACT_SOFTMAX) return k.xent_softmax_delta_f64(d, y, t, scale, B, OUT);
    return k.xent_sigmoid_delta_f64(d, y, t, alpha, scale, n);
  }

  /** acc + the loss of each of B rows, added row by row (the total does not depend on how rows are chunked). */
  function lossRows(desc: number, t: number, B: number, acc: number): number {
    const top = hdr(desc, H_LAYERS) - 1;
    const y = lyr(desc, top, L_ACT);
    const OUT = lyr(desc, top, L_OUT);
    const loss = hdr(desc, H_LOSS) === LOSS_SSE ? k.sse_loss_f64 : lyr(desc, top, L_KIND) === ACT_SOFTMAX ? k.xent_softmax_loss_f64 : k.xent_sigmoid_loss_f64;
    for (let r = 0; r < B; r++) acc += loss(y + r * OUT * E, t + r * OUT * E, OUT);
    return acc;
  }

  function backward_f64(_variant: number, desc: number, x: number, t: number, B: number, scale: number): number {
    const top = hdr(desc, H_LAYERS) - 1;
    const withBias = hdr(desc, H_WITHBIAS);
    const alpha = hyper(desc, HY_ALPHA);
    const slope = hyper(desc, HY_SLOPE);
    const loss = outputDelta(desc, t, B, scale);
    for (let l = top; l >= 0; l--) {
      const IN = lyr(desc, l, L_IN);
      const OUT = lyr(desc, l, L_OUT);
      const delta = lyr(desc, l, L_DELTA);
      const a = l === 0 ? x : lyr(desc, l - 1, L_ACT);
      k.dense_bwd_weight_f64(lyr(desc, l, L_DW), withBias ? lyr(desc, l, L_DB) : 0, delta, a, B, IN, OUT);
      if (l > 0) {
        const below = lyr(desc, l - 1, L_DELTA);
        k.dense_bwd_data_f64(below, delta, lyr(desc, l, L_W), B, IN, OUT);
        actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, B, IN);
      }
    }
    return loss;
  }

  function update_f64(_variant: number, desc: number): void {
    const p = hdr(desc, H_PARAMS);
    const g = hdr(desc, H_GRADS);
    const n = hdr(desc, H_NPARAMS);
    const lr = hyper(desc, HY_LR);
    const wd = hyper(desc, HY_WD);
    if (wd !== 0) {
      const L = hdr(desc, H_LAYERS);
      for (let l = 0; l < L; l++) k.axpy_f64(lyr(desc, l, L_DW), lyr(desc, l, L_W), wd, lyr(desc, l, L_IN) * lyr(desc, l, L_OUT));
    }
    const opt = hdr(desc, H_OPTIMIZER);
    const torch = hdr(desc, H_MFORM) === MFORM_TORCH;
    if (opt === OPT_MOMENTUM) (torch ? k.momentum_torch_step_f64 : k.momentum_step_f64)(p, hdr(desc, H_OPT1), g, lr, hyper(desc, HY_MU), n);
    else if (opt === OPT_NESTEROV) (torch ? k.nesterov_torch_step_f64 : k.nesterov_step_f64)(p, hdr(desc, H_OPT1), g, lr, hyper(desc, HY_MU), n);
    else if (opt === OPT_ADAM) {
      const step = hdr(desc, H_STEP) + 1;
      views.i32[(desc >> 2) + H_STEP] = step;
      const b1 = hyper(desc, HY_BETA1);
      const b2 = hyper(desc, HY_BETA2);
      const c1 = 1 / (1 - Math.pow(b1, step));
      const c2 = 1 / (1 - Math.pow(b2, step));
      k.adam_step_f64(p, hdr(desc, H_OPT1), hdr(desc, H_OPT2), g, lr, b1, b2, hyper(desc, HY_EPS), c1, c2, n);
    } else k.sgd_step_f64(p, g, lr, n);
  }

  function trainOnline(_variant: number, desc: number, x: number, t: number, net0Ready: boolean, next: number): number {
    const top = hdr(desc, H_LAYERS) - 1;
    const withBias = hdr(desc, H_WITHBIAS);
    const lr = hyper(desc, HY_LR);
    const alpha = hyper(desc, HY_ALPHA);
    const slope = hyper(desc, HY_SLOPE);
    forwardFrom(desc, x, 1, net0Ready);
    const loss = outputDelta(desc, t, 1, 1);
    for (let l = top; l >= 0; l--) {
      const IN = lyr(desc, l, L_IN);
      const OUT = lyr(desc, l, L_OUT);
      const delta = lyr(desc, l, L_DELTA);
      const a = l === 0 ? x : lyr(desc, l - 1, L_ACT);
      const w = lyr(desc, l, L_W);
      if (l > 0) {
        const below = lyr(desc, l - 1, L_DELTA);
        k.dense_bwd_data_f64(below, delta, w, 1, IN, OUT);
        actBwd(lyr(desc, l - 1, L_KIND), below, a, alpha, slope, 1, IN);
      }
      const b = lyr(desc, l, L_B);
      if (l === 0 && next !== 0) k.dense_sgd_update_fwd_f64(lyr(desc, 0, L_ACT), w, withBias ? b : 0, delta, a, next, b, lr, IN, OUT);
      else k.dense_sgd_update_f64(w, withBias ? b : 0, delta, a, lr, IN, OUT);
    }
    return loss;
  }

  function accumulateDiag(desc: number, diag: number, B: number): void {
    const L = hdr(desc, H_LAYERS);
    for (let l = 0; l < L; l++) {
      const IN = lyr(desc, l, L_IN);
      const OUT = lyr(desc, l, L_OUT);
      const sumsq = k.sumsq_f64(lyr(desc, l, L_DW), IN * OUT);
      const saturated = saturatedCount(lyr(desc, l, L_KIND), lyr(desc, l, L_ACT), B * OUT);
      const f = views.f64;
      const d = (diag >> 3) + l * DIAG_WORDS;
      f[d] += sumsq / (IN * OUT);
      f[d + 1] += 1;
      f[d + 2] += saturated;
      f[d + 3] += B * OUT;
    }
  }

  function eval_f64(variant: number, desc: number, x: number, t: number, N: number, out: number): number {
    const cap = hdr(desc, H_CAPACITY);
    const IN = hdr(desc, H_IN);
    const OUT = hdr(desc, H_OUT);
    const y = lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < N; r += cap) {
      const B = Math.min(cap, N - r);
      const tb = t + r * OUT * E;
      forward_f64(variant, desc, x + r * IN * E, B);
      loss = lossRows(desc, tb, B, loss);
      if (out !== 0) correct += k.correct_count_f64(y, tb, B, OUT);
    }
    const mean = loss / N;
    if (out !== 0) {
      views.f64[out >> 3] = mean;
      views.f64[(out >> 3) + 1] = correct / N;
    }
    return mean;
  }

  function train_epochs_f64(variant: number, desc: number, x: number, t: number, N: number, order: number, batch: number,
    epochs: number, lossOut: number): number {
    const IN = hdr(desc, H_IN);
    const OUT = hdr(desc, H_OUT);
    const grads = hdr(desc, H_GRADS);
    const n = hdr(desc, H_NPARAMS);
    const diag = hdr(desc, H_DIAG);
    const online = batch === 1 && hdr(desc, H_OPTIMIZER) === OPT_SGD && hyper(desc, HY_WD) === 0 && diag === 0;
    let running = 0;
    for (let e = 0; e < epochs; e++) {
      running = 0;
      let net0Ready = false;
      for (let r = 0; r < N; r += batch) {
        const B = Math.min(batch, N - r);
        let xb = x + r * IN * E;
        let tb = t + r * OUT * E;
        if (order !== 0) {
          xb = hdr(desc, H_GX);
          tb = hdr(desc, H_GT);
          k.gather_rows_f64(xb, x, order + r * 4, B, IN);
          k.gather_rows_f64(tb, t, order + r * 4, B, OUT);
        }
        if (online) {
          let next = 0;
          if (r + 1 < N) next = order !== 0 ? x + views.i32[(order >> 2) + r + 1] * IN * E : xb + IN * E;
          running += trainOnline(variant, desc, xb, tb, net0Ready, next);
          net0Ready = next !== 0;
          continue;
        }
        k.fill_f64(grads, 0, n);
        forward_f64(variant, desc, xb, B);
        running += backward_f64(variant, desc, xb, tb, B, 1 / B);
        if (diag !== 0) accumulateDiag(desc, diag, B);
        update_f64(variant, desc);
      }
      if (lossOut !== 0) views.f64[(lossOut >> 3) + e] = hdr(desc, H_RECORD) === RECORD_EXACT ? eval_f64(variant, desc, x, t, N, 0) : running / N;
    }
    return running / N;
  }

  return { forward_f64, backward_f64, update_f64, eval_f64, train_epochs_f64, fill_f64__scalar: k.fill_f64 };
}
