// Pure-TypeScript twin of assembly/driver.ts: forward/backward passes and whole epochs over a
// network descriptor in (emulated) linear memory, calling the TS kernel twins.
import type { MemoryViews } from '../memory.js';
import type { DriverFns } from './types.js';
import type { TsKernels } from './ts-kernels.js';
import {
  HEADER_WORDS, LAYER_WORDS, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT,
  L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND, ACT_SIGMOID,
} from '../layout.js';

export function createTsDriver(views: MemoryViews, k: TsKernels): DriverFns {
  const hdr = (desc: number, word: number): number => views.i32[(desc >> 2) + word];
  const lyr = (desc: number, l: number, word: number): number => views.i32[(desc >> 2) + HEADER_WORDS + l * LAYER_WORDS + word];

  function forward_f64(_variant: number, desc: number, x: number, B: number, alpha: number): void {
    const L = hdr(desc, H_LAYERS);
    let a = x;
    for (let l = 0; l < L; l++) {
      const y = lyr(desc, l, L_ACT);
      const OUT = lyr(desc, l, L_OUT);
      k.dense_fwd_f64(y, a, lyr(desc, l, L_W), lyr(desc, l, L_B), B, lyr(desc, l, L_IN), OUT);
      if (lyr(desc, l, L_KIND) === ACT_SIGMOID) k.sigmoid_fwd_f64(y, y, alpha, B * OUT);
      a = y;
    }
  }

  function backward_f64(_variant: number, desc: number, x: number, t: number, B: number, alpha: number, scale: number, withBias: number): number {
    const top = hdr(desc, H_LAYERS) - 1;
    const sse = k.sse_sigmoid_delta_f64(lyr(desc, top, L_DELTA), lyr(desc, top, L_ACT), t, alpha, scale, B * lyr(desc, top, L_OUT));
    for (let l = top; l >= 0; l--) {
      const IN = lyr(desc, l, L_IN);
      const OUT = lyr(desc, l, L_OUT);
      const delta = lyr(desc, l, L_DELTA);
      const a = l === 0 ? x : lyr(desc, l - 1, L_ACT);
      k.dense_bwd_weight_f64(lyr(desc, l, L_DW), withBias ? lyr(desc, l, L_DB) : 0, delta, a, B, IN, OUT);
      if (l > 0) {
        const below = lyr(desc, l - 1, L_DELTA);
        k.dense_bwd_data_f64(below, delta, lyr(desc, l, L_W), B, IN, OUT);
        if (lyr(desc, l - 1, L_KIND) === ACT_SIGMOID) k.sigmoid_bwd_f64(below, a, alpha, B * IN);
      }
    }
    return sse;
  }

  function eval_loss_f64(variant: number, desc: number, x: number, t: number, N: number, alpha: number): number {
    const cap = hdr(desc, H_CAPACITY);
    const IN = hdr(desc, H_IN);
    const OUT = hdr(desc, H_OUT);
    const out = lyr(desc, hdr(desc, H_LAYERS) - 1, L_ACT);
    let sse = 0;
    for (let r = 0; r < N; r += cap) {
      const B = Math.min(cap, N - r);
      forward_f64(variant, desc, x + r * IN * 8, B, alpha);
      sse += k.sse_loss_f64(out, t + r * OUT * 8, B * OUT);
    }
    return sse / N;
  }

  function train_epochs_f64(variant: number, desc: number, x: number, t: number, N: number, batch: number, epochs: number,
    lr: number, alpha: number, withBias: number, lossOut: number): number {
    const IN = hdr(desc, H_IN);
    const OUT = hdr(desc, H_OUT);
    const params = hdr(desc, H_PARAMS);
    const grads = hdr(desc, H_GRADS);
    const n = hdr(desc, H_NPARAMS);
    let running = 0;
    for (let e = 0; e < epochs; e++) {
      running = 0;
      for (let r = 0; r < N; r += batch) {
        const B = Math.min(batch, N - r);
        const xb = x + r * IN * 8;
        k.fill_f64(grads, 0, n);
        forward_f64(variant, desc, xb, B, alpha);
        running += backward_f64(variant, desc, xb, t + r * OUT * 8, B, alpha, 1 / B, withBias);
        k.sgd_step_f64(params, grads, lr, n);
      }
      if (lossOut !== 0) views.f64[(lossOut >> 3) + e] = eval_loss_f64(variant, desc, x, t, N, alpha);
    }
    return running / N;
  }

  return { forward_f64, backward_f64, eval_loss_f64, train_epochs_f64, fill_f64__scalar: k.fill_f64 };
}
