// The float32 half of the kernel registry (registry.ts merges it into OPS, KERNELS, DEFAULTS): every
// f32 WASM kernel variant of the hot ops and which variant each family calls when the driver
// (assembly/driver.ts at T = f32, kernels chosen by dispatch.ts) runs an f32 arena; and exp_f32, the
// one op without an f64 twin. The ops both dtypes have are specified once (registry.ts sharedOps),
// with `dtype: 'f32'` so tests and benches allocate 4-byte elements and use the f32 tolerances.
// Not here: the kernels (assembly/kernels_f32.ts, kernels_simd_f32.ts, kernels_relaxed_f32.ts, tiles_f32.ts).
import type { KernelFamily } from '../api/types.js';
import type { KernelVariant, OpSpec } from './registry.js';

/** The op only the f32 family has (the shared ones are registry.ts's sharedOps('f32')). */
export const OPS_F32_ONLY: Readonly<Record<string, OpSpec>> = {
  exp_f32: {
    op: 'exp_f32', dtype: 'f32',
    summary: 'y (n) = exp(x (n))   (float32, computed in float64 as in the f32 sigmoid, rounded once: ≤ 0.502 ulp)',
    dims: ['n'],
    args: [
      { kind: 'out', name: 'y', len: (s) => s.n ?? 0 },
      { kind: 'in', name: 'x', len: (s) => s.n ?? 0 },
      { kind: 'dim', name: 'n' },
    ],
    flops: (s) => 12 * (s.n ?? 0),
    twin: 'exp_f32__ts',
  },
};

/** Every f32 WASM kernel variant, scalar reference first, then SIMD128, then relaxed SIMD. */
export const KERNELS_F32: readonly KernelVariant[] = [
  { name: 'dense_fwd_f32__scalar', op: 'dense_fwd_f32', feature: 'scalar', strategy: 'one dot product per output', rounding: 'exact' },
  { name: 'dense_fwd_f32__simd128_4x2', op: 'dense_fwd_f32', feature: 'simd128', strategy: '4 rows × 2 outputs in 8 f32x4 accumulators; the mv4 row for left-over rows', rounding: 'reordered' },
  { name: 'dense_fwd_f32__simd128_mv4', op: 'dense_fwd_f32', feature: 'simd128', strategy: 'matrix–vector per row: 4 outputs × 8 inputs (2 shared x vectors) per step', rounding: 'reordered' },
  { name: 'dense_fwd_f32__relaxed_4x2', op: 'dense_fwd_f32', feature: 'relaxed-simd', strategy: 'the 4×2 tiling with f32x4.relaxed_madd', rounding: 'fused' },

  { name: 'dense_bwd_data_f32__scalar', op: 'dense_bwd_data_f32', feature: 'scalar', strategy: 'axpy of w rows into dx rows', rounding: 'exact' },
  { name: 'dense_bwd_data_f32__simd128_4x8', op: 'dense_bwd_data_f32', feature: 'simd128', strategy: '4 rows × 8 inputs kept in 8 f32x4 accumulators over OUT; 1×16 for left-over rows', rounding: 'exact' },
  { name: 'dense_bwd_data_f32__relaxed_4x8', op: 'dense_bwd_data_f32', feature: 'relaxed-simd', strategy: 'the 4×8 tiling with f32x4.relaxed_madd', rounding: 'fused' },

  { name: 'dense_bwd_weight_f32__scalar', op: 'dense_bwd_weight_f32', feature: 'scalar', strategy: 'per block of 32 rows, each element summed from zero then added', rounding: 'exact' },
  { name: 'dense_bwd_weight_f32__simd128_4x8', op: 'dense_bwd_weight_f32', feature: 'simd128', strategy: '4 outputs × 8 inputs of dw in 8 f32x4 accumulators per 32-row block', rounding: 'exact' },
  { name: 'dense_bwd_weight_f32__relaxed_4x8', op: 'dense_bwd_weight_f32', feature: 'relaxed-simd', strategy: 'the 4×8 tiling with f32x4.relaxed_madd', rounding: 'fused' },

  { name: 'sgd_step_f32__scalar', op: 'sgd_step_f32', feature: 'scalar', strategy: 'one element per iteration', rounding: 'exact' },
  { name: 'sgd_step_f32__simd128_x4', op: 'sgd_step_f32', feature: 'simd128', strategy: 'four f32x4 per iteration', rounding: 'exact' },

  { name: 'dense_sgd_update_f32__scalar', op: 'dense_sgd_update_f32', feature: 'scalar', strategy: 'rank-1 update of w in place', rounding: 'exact' },
  { name: 'dense_sgd_update_f32__simd128_8x4', op: 'dense_sgd_update_f32', feature: 'simd128', strategy: '8 rows × one x vector per step, dy splats in registers', rounding: 'exact' },

  { name: 'dense_sgd_update_fwd_f32__scalar', op: 'dense_sgd_update_fwd_f32', feature: 'scalar', strategy: 'per row: update in place, then its dot product with xn', rounding: 'exact' },
  { name: 'dense_sgd_update_fwd_f32__simd128_2x8', op: 'dense_sgd_update_fwd_f32', feature: 'simd128', strategy: '2 rows × 8 inputs per step: each updated vector stored and multiplied into its row accumulator', rounding: 'reordered' },

  { name: 'sigmoid_fwd_f32__scalar', op: 'sigmoid_fwd_f32', feature: 'scalar', strategy: 'σ in float64 (exp_f32.ts: 32-entry table, degree-3 polynomial), rounded once', rounding: 'libm' },
  { name: 'sigmoid_fwd_f32__simd128', op: 'sigmoid_fwd_f32', feature: 'simd128', strategy: 'the scalar operations on four lanes, as two f64x2 halves', rounding: 'libm' },

  { name: 'exp_f32__scalar', op: 'exp_f32', feature: 'scalar', strategy: 'musl/AssemblyScript expf in float64 (32-entry table, degree-3 polynomial), rounded once', rounding: 'libm' },
  { name: 'exp_f32__simd128', op: 'exp_f32', feature: 'simd128', strategy: 'the same on four lanes, as two f64x2 halves', rounding: 'libm' },

  { name: 'fill_f32__scalar', op: 'fill_f32', feature: 'scalar', strategy: 'one element per iteration', rounding: 'exact' },
  { name: 'fill_f32__simd128_x4', op: 'fill_f32', feature: 'simd128', strategy: 'four f32x4 stores per iteration', rounding: 'exact' },
];

/** The f32 variant each family calls (assembly/dispatch.ts, T = f32). */
export const DEFAULTS_F32: Readonly<Record<KernelFamily, Readonly<Record<string, string>>>> = {
  scalar: {
    dense_fwd_f32: 'dense_fwd_f32__scalar', dense_bwd_data_f32: 'dense_bwd_data_f32__scalar',
    dense_bwd_weight_f32: 'dense_bwd_weight_f32__scalar', sgd_step_f32: 'sgd_step_f32__scalar',
    dense_sgd_update_f32: 'dense_sgd_update_f32__scalar', dense_sgd_update_fwd_f32: 'dense_sgd_update_fwd_f32__scalar',
    sigmoid_fwd_f32: 'sigmoid_fwd_f32__scalar', exp_f32: 'exp_f32__scalar', fill_f32: 'fill_f32__scalar',
  },
  simd: {
    dense_fwd_f32: 'dense_fwd_f32__simd128_4x2', dense_bwd_data_f32: 'dense_bwd_data_f32__simd128_4x8',
    dense_bwd_weight_f32: 'dense_bwd_weight_f32__simd128_4x8', sgd_step_f32: 'sgd_step_f32__simd128_x4',
    dense_sgd_update_f32: 'dense_sgd_update_f32__simd128_8x4', dense_sgd_update_fwd_f32: 'dense_sgd_update_fwd_f32__simd128_2x8',
    sigmoid_fwd_f32: 'sigmoid_fwd_f32__simd128', exp_f32: 'exp_f32__simd128', fill_f32: 'fill_f32__simd128_x4',
  },
  relaxed: {
    dense_fwd_f32: 'dense_fwd_f32__relaxed_4x2', dense_bwd_data_f32: 'dense_bwd_data_f32__relaxed_4x8',
    dense_bwd_weight_f32: 'dense_bwd_weight_f32__relaxed_4x8', sgd_step_f32: 'sgd_step_f32__simd128_x4',
    dense_sgd_update_f32: 'dense_sgd_update_f32__simd128_8x4', dense_sgd_update_fwd_f32: 'dense_sgd_update_fwd_f32__simd128_2x8',
    sigmoid_fwd_f32: 'sigmoid_fwd_f32__simd128', exp_f32: 'exp_f32__simd128', fill_f32: 'fill_f32__simd128_x4',
  },
};

/** The f32 forward for B < SMALL_BATCH in both SIMD families (as for f64): the matrix–vector kernel. */
export const SMALL_BATCH_DEFAULTS_F32: Readonly<Partial<Record<KernelFamily, Readonly<Record<string, string>>>>> = {
  simd: { dense_fwd_f32: 'dense_fwd_f32__simd128_mv4' },
  relaxed: { dense_fwd_f32: 'dense_fwd_f32__simd128_mv4' },
};
