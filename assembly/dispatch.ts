// Which kernel the drivers call, per kernel family and element type: the dispatch rules of the
// drivers (driver.ts and driver_mt.ts, both dtypes), written once, generic over T (f64 or f32).
// `F64<T>()` is a compile-time constant, so each instantiation holds only its dtype's calls; with
// T = f64 these compile to the f64 dispatch they always were.
// The SIMD family exists only in the SIMD and relaxed binaries, the relaxed family only in the
// relaxed one (the other branches are not compiled). Each family's default is its fastest variant
// that passed the registry tests (src/backend/registry.ts and registry-f32.ts DEFAULTS record the
// choice, bench/README.md the numbers). Rules, the same for both dtypes:
//  - calls below SMALL_CALL multiply-adds (or elements) take the scalar kernel in every family: there
//    its lower setup cost wins (bench/README.md, "Small calls"), which is most of a 2-2-2 network's update.
//    The dense products, online updates, sigmoid derivative and SSE-sigmoid delta take the scalar
//    kernel's generic body (generic.ts) inlined rather than a call to its export — the same code, so
//    the same bits; on a 2-2-2 online step the calls were ~5 % of the time (W1, paired runs);
//  - B < 4 (online training, `run`): both SIMD families take the matrix–vector forward (mv4), so each
//    can chain online rows with the (unfused) dense_sgd_update_fwd kernel and stay bit-identical to
//    its unchained step (mv4 and simd128_4x2 sum every output in the same order);
//  - sgd_step, fill and the online updates have no relaxed variant (nothing to fuse, or bound by
//    multiplies FMA does not remove): the relaxed family uses the SIMD128 ones.
// Every *Part helper picks its kernel from the WHOLE product (`work` multiply-adds, `fullB` rows,
// `fullN` elements) and runs it on the part it is given: the threaded drivers (driver_mt.ts) hand
// each thread a range of rows, output units or elements of one product, and every part then takes
// the kernel the whole product would, so the bits do not depend on the thread count.
// Not here: the kernels (kernels*.ts), the passes and epochs (driver.ts).
import { VARIANT_SCALAR, VARIANT_SIMD128, VARIANT_RELAXED } from './driver';
import { ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_SOFTMAX } from './layout';
import {
  dense_bwd_weight_f64__scalar, fill_f64__scalar, sgd_step_f64__scalar,
  sigmoid_fwd_f64__scalar, tanh_fwd_f64__scalar, tanh_bwd_f64__scalar, relu_fwd_f64__scalar, relu_bwd_f64__scalar, softmax_fwd_f64__scalar,
  softmax_bwd_f64__scalar, sse_delta_f64__scalar, xent_softmax_delta_f64__scalar,
  xent_sigmoid_delta_f64__scalar,
} from './kernels';
import {
  dense_fwd_f64__simd128_4x2, dense_fwd_f64__simd128_mv4, dense_bwd_data_f64__simd128_4x4, dense_bwd_weight_f64__simd128_4x4,
  sgd_step_f64__simd128_x4, fill_f64__simd128_x4, dense_sgd_update_f64__simd128_8x2, dense_sgd_update_fwd_f64__simd128_2x4,
  sigmoidFwdF64x2,
} from './kernels_simd';
import { dense_fwd_f64__relaxed_4x2, dense_bwd_data_f64__relaxed_4x4, dense_bwd_weight_f64__relaxed_4x4 } from './kernels_relaxed';
import { denseFwd, denseBwdData, denseSgdUpdate, denseSgdUpdateFwd, sigmoidBwd, sseSigmoidDelta } from './generic';
import { Plain, Fused, denseFwd4x2, denseFwdMv4, denseBwdWeight4x4Ld, denseBwdWeightLd } from './tiles';
import {
  dense_bwd_weight_f32__scalar, fill_f32__scalar, sgd_step_f32__scalar,
  sigmoid_fwd_f32__scalar, tanh_fwd_f32__scalar, tanh_bwd_f32__scalar, relu_fwd_f32__scalar, relu_bwd_f32__scalar, softmax_fwd_f32__scalar,
  softmax_bwd_f32__scalar, sse_delta_f32__scalar, xent_softmax_delta_f32__scalar,
  xent_sigmoid_delta_f32__scalar,
} from './kernels_f32';
import {
  dense_fwd_f32__simd128_4x2, dense_fwd_f32__simd128_mv4, dense_bwd_data_f32__simd128_4x8, dense_bwd_weight_f32__simd128_4x8,
  sgd_step_f32__simd128_x4, fill_f32__simd128_x4, dense_sgd_update_f32__simd128_8x4, dense_sgd_update_fwd_f32__simd128_2x8,
  sigmoid_fwd_f32__simd128,
} from './kernels_simd_f32';
import { dense_fwd_f32__relaxed_4x2, dense_bwd_data_f32__relaxed_4x8, dense_bwd_weight_f32__relaxed_4x8 } from './kernels_relaxed_f32';
import { denseFwdF32_4x2, denseFwdRowF32, denseBwdWeightF32_4x8Ld, denseBwdWeightF32Ld } from './tiles_f32';

const SMALL_CALL: i64 = 16;

/** Whether the element type is f64 (else f32); a compile-time constant. */
// @ts-ignore: decorator
@inline export function F64<T>(): bool {
  return sizeof<T>() == 8;
}
// @ts-ignore: decorator
@inline function simdFamily(v: i32): bool {
  return v == VARIANT_SIMD128 || v == VARIANT_RELAXED;
}

/**
 * y = x · wᵀ + b for B rows of a product of `work` multiply-adds over `fullB` rows. ldy != 0 (the
 * threaded driver): these are OUT outputs of a wider layer whose rows of y are ldy elements
 * apart — the same tiles, inlined (the exported kernels have no row-stride argument).
 */
// @ts-ignore: decorator
@inline export function denseFwdPart<T = f64>(v: i32, work: i64, fullB: i32, y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, ldy: i32 = 0): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_SIMD) {
      if (simdFamily(v) && fullB < 4) {
        if (ldy) {
          if (F64<T>()) denseFwdMv4<Plain>(y, x, w, b, B, IN, OUT, ldy);
          else for (let r = 0; r < B; r++) denseFwdRowF32<Plain>(y + (<usize>(r * ldy) << 2), x + (<usize>(r * IN) << 2), w, b, IN, OUT);
        } else if (F64<T>()) dense_fwd_f64__simd128_mv4(y, x, w, b, B, IN, OUT); else dense_fwd_f32__simd128_mv4(y, x, w, b, B, IN, OUT);
        return;
      }
    }
    if (ASC_FEATURE_RELAXED_SIMD) {
      if (v == VARIANT_RELAXED) {
        if (ldy) {
          if (F64<T>()) denseFwd4x2<Fused>(y, x, w, b, B, IN, OUT, ldy); else denseFwdF32_4x2<Fused>(y, x, w, b, B, IN, OUT, ldy);
        } else if (F64<T>()) dense_fwd_f64__relaxed_4x2(y, x, w, b, B, IN, OUT); else dense_fwd_f32__relaxed_4x2(y, x, w, b, B, IN, OUT);
        return;
      }
    }
    if (ASC_FEATURE_SIMD) {
      if (v == VARIANT_SIMD128) {
        if (ldy) {
          if (F64<T>()) denseFwd4x2<Plain>(y, x, w, b, B, IN, OUT, ldy); else denseFwdF32_4x2<Plain>(y, x, w, b, B, IN, OUT, ldy);
        } else if (F64<T>()) dense_fwd_f64__simd128_4x2(y, x, w, b, B, IN, OUT); else dense_fwd_f32__simd128_4x2(y, x, w, b, B, IN, OUT);
        return;
      }
    }
  }
  denseFwd<T>(y, x, w, b, B, IN, OUT, ldy);
}

/** dx = dy · w for B rows of a product of `work` multiply-adds. */
// @ts-ignore: decorator
@inline export function denseBwdDataPart<T = f64>(v: i32, work: i64, dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) {
      if (v == VARIANT_RELAXED) {
        if (F64<T>()) dense_bwd_data_f64__relaxed_4x4(dx, dy, w, B, IN, OUT); else dense_bwd_data_f32__relaxed_4x8(dx, dy, w, B, IN, OUT);
        return;
      }
    }
    if (ASC_FEATURE_SIMD) {
      if (v == VARIANT_SIMD128) {
        if (F64<T>()) dense_bwd_data_f64__simd128_4x4(dx, dy, w, B, IN, OUT); else dense_bwd_data_f32__simd128_4x8(dx, dy, w, B, IN, OUT);
        return;
      }
    }
  }
  denseBwdData<T>(dx, dy, w, B, IN, OUT);
}

/** dW += dyᵀ · x, db += Σ dy over a whole product (both dtypes). */
// @ts-ignore: decorator
@inline export function denseBwdWeight<T>(v: i32, dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  if (<i64>B * <i64>IN * <i64>OUT >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) {
      if (v == VARIANT_RELAXED) {
        if (F64<T>()) dense_bwd_weight_f64__relaxed_4x4(dw, db, dy, x, B, IN, OUT); else dense_bwd_weight_f32__relaxed_4x8(dw, db, dy, x, B, IN, OUT);
        return;
      }
    }
    if (ASC_FEATURE_SIMD) {
      if (v == VARIANT_SIMD128) {
        if (F64<T>()) dense_bwd_weight_f64__simd128_4x4(dw, db, dy, x, B, IN, OUT); else dense_bwd_weight_f32__simd128_4x8(dw, db, dy, x, B, IN, OUT);
        return;
      }
    }
  }
  if (F64<T>()) dense_bwd_weight_f64__scalar(dw, db, dy, x, B, IN, OUT); else dense_bwd_weight_f32__scalar(dw, db, dy, x, B, IN, OUT);
}

/**
 * The weight gradient of a range of OUT output units whose dy rows are ldy values apart (the
 * threaded drivers' split by units): the tiles of denseBwdWeight's kernels with a dy stride.
 */
// @ts-ignore: decorator
@inline export function denseBwdWeightPart<T = f64>(v: i32, work: i64, dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  if (work >= SMALL_CALL) {
    if (ASC_FEATURE_RELAXED_SIMD) {
      if (v == VARIANT_RELAXED) {
        if (F64<T>()) denseBwdWeight4x4Ld<Fused>(dw, db, dy, x, B, IN, OUT, ldy); else denseBwdWeightF32_4x8Ld<Fused>(dw, db, dy, x, B, IN, OUT, ldy);
        return;
      }
    }
    if (ASC_FEATURE_SIMD) {
      if (v == VARIANT_SIMD128) {
        if (F64<T>()) denseBwdWeight4x4Ld<Plain>(dw, db, dy, x, B, IN, OUT, ldy); else denseBwdWeightF32_4x8Ld<Plain>(dw, db, dy, x, B, IN, OUT, ldy);
        return;
      }
    }
  }
  if (F64<T>()) denseBwdWeightLd(dw, db, dy, x, B, IN, OUT, ldy); else denseBwdWeightF32Ld(dw, db, dy, x, B, IN, OUT, ldy);
}

/** p −= lr · g for n elements of a step over fullN. */
// @ts-ignore: decorator
@inline export function sgdStepPart<T = f64>(v: i32, fullN: i32, p: usize, g: usize, lr: T, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (simdFamily(v) && <i64>fullN >= SMALL_CALL) {
      if (F64<T>()) sgd_step_f64__simd128_x4(p, g, <f64>lr, n); else sgd_step_f32__simd128_x4(p, g, <f32>lr, n);
      return;
    }
  }
  if (F64<T>()) sgd_step_f64__scalar(p, g, <f64>lr, n); else sgd_step_f32__scalar(p, g, <f32>lr, n);
}

/** p = value for n elements of a fill over fullN. */
// @ts-ignore: decorator
@inline export function fillPart<T = f64>(v: i32, fullN: i32, p: usize, value: T, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (simdFamily(v) && <i64>fullN >= SMALL_CALL) {
      if (F64<T>()) fill_f64__simd128_x4(p, <f64>value, n); else fill_f32__simd128_x4(p, <f32>value, n);
      return;
    }
  }
  if (F64<T>()) fill_f64__scalar(p, <f64>value, n); else fill_f32__scalar(p, <f32>value, n);
}

/** One online SGD row of a layer: W −= lr·δ⊗x, b −= lr·δ (b == 0: skipped). */
// @ts-ignore: decorator
@inline export function denseSgdUpdatePart<T = f64>(v: i32, work: i64, w: usize, b: usize, dy: usize, x: usize, lr: T, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (simdFamily(v) && work >= SMALL_CALL) {
      if (F64<T>()) dense_sgd_update_f64__simd128_8x2(w, b, dy, x, <f64>lr, IN, OUT); else dense_sgd_update_f32__simd128_8x4(w, b, dy, x, <f32>lr, IN, OUT);
      return;
    }
  }
  denseSgdUpdate<T>(w, b, dy, x, lr, IN, OUT);
}

/**
 * The online step of layer 0 fused with the next row's layer-0 forward product. Each family's fused
 * kernel sums y exactly as its B = 1 forward does (same SMALL_CALL rule; the relaxed family's B < 4
 * forward is mv4, not relaxed_madd), so chained rows give the unchained step's bits in every family.
 */
// @ts-ignore: decorator
@inline export function denseSgdUpdateFwdPart<T = f64>(v: i32, work: i64, y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: T, IN: i32, OUT: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (simdFamily(v) && work >= SMALL_CALL) {
      if (F64<T>()) dense_sgd_update_fwd_f64__simd128_2x4(y, w, b, dy, x, xn, bf, <f64>lr, IN, OUT);
      else dense_sgd_update_fwd_f32__simd128_2x8(y, w, b, dy, x, xn, bf, <f32>lr, IN, OUT);
      return;
    }
  }
  denseSgdUpdateFwd<T>(y, w, b, dy, x, xn, bf, lr, IN, OUT);
}

/**
 * y (B,N) = f(y) in place, f the layer's activation. The SIMD sigmoid gives the scalar one's bits
 * (exp_simd.ts, exp_f32.ts), so the SIMD families take it from one whole vector (2 f64 or 4 f32
 * elements; below that, the scalar loop's independent exp chains overlap as well: bench/README.md).
 * actFwd and actBwd are inlined into the passes, and the f64 SIMD sigmoid's body with them (a
 * 2-2-2 online update: 89 → 85 ns on the same core, alternating runs); the other activations call
 * their scalar kernels.
 */
// @ts-ignore: decorator
@inline export function actFwd<T = f64>(variant: i32, kind: i32, y: usize, alpha: T, slope: T, B: i32, N: i32): void {
  const n = B * N;
  if (kind == ACT_SIGMOID) {
    if (ASC_FEATURE_SIMD) {
      if (variant != VARIANT_SCALAR && n >= <i32>(16 / sizeof<T>())) {
        if (F64<T>()) sigmoidFwdF64x2(y, y, <f64>alpha, n); else sigmoid_fwd_f32__simd128(y, y, <f32>alpha, n);
        return;
      }
    }
    if (F64<T>()) sigmoid_fwd_f64__scalar(y, y, <f64>alpha, n); else sigmoid_fwd_f32__scalar(y, y, <f32>alpha, n);
  } else if (kind == ACT_TANH) {
    if (F64<T>()) tanh_fwd_f64__scalar(y, y, n); else tanh_fwd_f32__scalar(y, y, n);
  } else if (kind == ACT_RELU || kind == ACT_LEAKY_RELU) {
    const s = kind == ACT_RELU ? <T>0 : slope;
    if (F64<T>()) relu_fwd_f64__scalar(y, y, <f64>s, n); else relu_fwd_f32__scalar(y, y, <f32>s, n);
  } else if (kind == ACT_SOFTMAX) {
    if (F64<T>()) softmax_fwd_f64__scalar(y, y, B, N); else softmax_fwd_f32__scalar(y, y, B, N);
  }
  // ACT_LINEAR: identity
}

/** d (B,N) ← ∂loss/∂net from ∂loss/∂out, through the activation whose outputs are y. */
// @ts-ignore: decorator
@inline export function actBwd<T = f64>(kind: i32, d: usize, y: usize, alpha: T, slope: T, B: i32, N: i32): void {
  const n = B * N;
  if (kind == ACT_SIGMOID) {
    sigmoidBwd<T>(d, y, alpha, n);
  } else if (kind == ACT_TANH) {
    if (F64<T>()) tanh_bwd_f64__scalar(d, y, n); else tanh_bwd_f32__scalar(d, y, n);
  } else if (kind == ACT_RELU || kind == ACT_LEAKY_RELU) {
    const s = kind == ACT_RELU ? <T>0 : slope;
    if (F64<T>()) relu_bwd_f64__scalar(d, y, <f64>s, n); else relu_bwd_f32__scalar(d, y, <f32>s, n);
  } else if (kind == ACT_SOFTMAX) {
    if (F64<T>()) softmax_bwd_f64__scalar(d, y, B, N); else softmax_bwd_f32__scalar(d, y, B, N);
  }
}

/**
 * Output-layer deltas for SSE (with the sigmoid's derivative fused, or the output activation's after)
 * or cross-entropy (softmax / sigmoid outputs); returns Σloss (f64). Kernels called, as in actFwd.
 */
// @ts-ignore: decorator
@inline export function lossDelta<T>(sse: bool, kind: i32, d: usize, y: usize, t: usize, alpha: T, slope: T, scale: T, B: i32, N: i32): f64 {
  const n = B * N;
  if (sse) {
    if (kind == ACT_SIGMOID) {
      return sseSigmoidDelta<T>(d, y, t, alpha, scale, n);
    }
    const loss = F64<T>() ? sse_delta_f64__scalar(d, y, t, <f64>scale, n) : sse_delta_f32__scalar(d, y, t, <f32>scale, n);
    actBwd<T>(kind, d, y, alpha, slope, B, N);
    return loss;
  }
  // cross-entropy: the TS side admits only softmax (categorical) or sigmoid (binary) outputs
  if (kind == ACT_SOFTMAX) {
    if (F64<T>()) return xent_softmax_delta_f64__scalar(d, y, t, <f64>scale, B, N);
    return xent_softmax_delta_f32__scalar(d, y, t, <f32>scale, B, N);
  }
  if (F64<T>()) return xent_sigmoid_delta_f64__scalar(d, y, t, <f64>alpha, <f64>scale, n);
  return xent_sigmoid_delta_f32__scalar(d, y, t, <f32>alpha, <f32>scale, n);
}
