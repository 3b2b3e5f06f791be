// The kernel registry: every WASM kernel variant of the hot ops, what it needs from the runtime, its
// pure-TypeScript twin, and which variant each kernel family's driver calls. The kernel tests
// (test/kernels-*.test.ts) and the kernel benchmarks (bench/kernels.ts) iterate over this table;
// neither lists variants by hand. A variant's `name` is its WASM export, its bench row and its test
// name (STYLE.md §5).
// Not here: the kernels (assembly/kernels*.ts, assembly/tiles.ts), the twins (backend/ts-kernels.ts),
// or the choice of binary at run time (backend/index.ts).

import type { KernelFamily } from '../api/types.js';
import { FAMILIES, binaryHas, type WasmIsa } from './families.js';
import { OPS_F32_ONLY, KERNELS_F32, DEFAULTS_F32, SMALL_BATCH_DEFAULTS_F32 } from './registry-f32.js';

export { FAMILIES, binaryHas };
export type { KernelFamily, WasmIsa };

/** A dimension of an op's shape. */
export type Dim = 'B' | 'IN' | 'OUT' | 'n';

/** A shape: values for an op's dims (dense ops use B, IN, OUT; vector ops use n). */
export type Shape = Partial<Record<Dim, number>>;

/** One argument of a kernel, in ABI order. */
export type ArgSpec =
  /** A buffer the kernel overwrites completely (tests pre-fill it with NaN). */
  | { kind: 'out'; name: string; len: (s: Shape) => number }
  /**
   * A buffer the kernel reads and updates (+= or −=); `nullable`: the kernel skips it when passed 0;
   * `exact`: bit-identical to the twin in every variant but 'fused' ones, even where the variant's
   * other outputs are 'reordered' (the update half of a fused update + forward kernel).
   */
  | { kind: 'acc'; name: string; len: (s: Shape) => number; nullable?: boolean; exact?: boolean }
  /** A buffer the kernel only reads. */
  | { kind: 'in'; name: string; len: (s: Shape) => number }
  /** A float argument (a learning rate, a fill value): float64, rounded to float32 by f32 kernels. */
  | { kind: 'f64'; name: string; value: number }
  /** An i32 dimension. */
  | { kind: 'dim'; name: Dim };

/** An op: the maths every variant of it computes, its ABI and its cost. */
export interface OpSpec {
  /** Op name `op_pass_dtype`, the prefix of every variant's name. */
  readonly op: string;
  /** Element type of its buffers: 8-byte float64 or 4-byte float32 (tests and benches allocate and compare by it). */
  readonly dtype: 'f64' | 'f32';
  /** The maths, with shapes. */
  readonly summary: string;
  readonly dims: readonly Dim[];
  readonly args: readonly ArgSpec[];
  /** Floating-point operations of one call (2·B·IN·OUT for a dense product). */
  flops(s: Shape): number;
  /** Name of the pure-TS twin in getTsBackend().kernels. */
  readonly twin: string;
}

/** One WASM implementation of an op. */
export interface KernelVariant {
  /** `op__isa[_strategy]`: the WASM export, the bench row and the test name. */
  readonly name: string;
  readonly op: string;
  /** Runtime requirement; decides which binaries export it. */
  readonly feature: WasmIsa;
  /** How it computes, in one line. */
  readonly strategy: string;
  /**
   * 'exact': same operations in the same order as the scalar reference and the TS twin, so the
   * results are bit-identical (the tests demand it); 'reordered': sums split over f64x2 lanes;
   * 'fused': relaxed_madd, fused or not depending on the CPU. 'libm': the scalar WASM kernel's
   * operations in its order (bit-identical to it: tested in kernels-sigmoid.test.ts), but calling
   * AssemblyScript's Math.exp, which may differ from V8's in the last bit: within 1e-12 of the twin.
   */
  readonly rounding: 'exact' | 'reordered' | 'fused' | 'libm';
}

const mat = (s: Shape, a: Dim, b: Dim): number => (s[a] ?? 0) * (s[b] ?? 0);

type Dtype = OpSpec['dtype'];

// One op of both dtypes: the same maths, ABI, shapes and cost; the name `op_dtype`, the twin
// `op_dtype__ts`, and the summary with `notes[dtype]` appended where given.
function opOf(dtype: Dtype, base: string, summary: string, notes: Partial<Record<Dtype, string>>, rest: Pick<OpSpec, 'dims' | 'args' | 'flops'>): OpSpec {
  const note = notes[dtype];
  return { op: `${base}_${dtype}`, dtype, summary: note ? `${summary}   (${note})` : summary, ...rest, twin: `${base}_${dtype}__ts` };
}

/** The ops both element types have WASM variants of, for one dtype (f32 elements: 4 bytes, f32 tolerances). */
export function sharedOps(dtype: Dtype): Record<string, OpSpec> {
  const f32 = 'float32';
  const dense: Pick<OpSpec, 'dims' | 'flops'> = { dims: ['B', 'IN', 'OUT'], flops: (s) => 2 * (s.B ?? 0) * (s.IN ?? 0) * (s.OUT ?? 0) };
  const lr: ArgSpec = { kind: 'f64', name: 'lr', value: 0.37 };
  const ops = [
    opOf(dtype, 'dense_fwd', 'y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT)', { f32 }, {
      ...dense,
      args: [
        { kind: 'out', name: 'y', len: (s) => mat(s, 'B', 'OUT') },
        { kind: 'in', name: 'x', len: (s) => mat(s, 'B', 'IN') },
        { kind: 'in', name: 'w', len: (s) => mat(s, 'OUT', 'IN') },
        { kind: 'in', name: 'b', len: (s) => s.OUT ?? 0 },
        { kind: 'dim', name: 'B' }, { kind: 'dim', name: 'IN' }, { kind: 'dim', name: 'OUT' },
      ],
    }),
    opOf(dtype, 'dense_bwd_data', 'dx (B,IN) = dy (B,OUT) · w (OUT,IN)', { f64: 'overwrites dx', f32: 'overwrites dx; float32' }, {
      ...dense,
      args: [
        { kind: 'out', name: 'dx', len: (s) => mat(s, 'B', 'IN') },
        { kind: 'in', name: 'dy', len: (s) => mat(s, 'B', 'OUT') },
        { kind: 'in', name: 'w', len: (s) => mat(s, 'OUT', 'IN') },
        { kind: 'dim', name: 'B' }, { kind: 'dim', name: 'IN' }, { kind: 'dim', name: 'OUT' },
      ],
    }),
    opOf(dtype, 'dense_bwd_weight', 'dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN);  db (OUT) += Σ_rows dy', {
      f64: 'db = 0: skipped', f32: 'db = 0: skipped; float32, rows summed in blocks of 32 from zero, then added',
    }, {
      ...dense,
      args: [
        { kind: 'acc', name: 'dw', len: (s) => mat(s, 'OUT', 'IN') },
        { kind: 'acc', name: 'db', len: (s) => s.OUT ?? 0, nullable: true },
        { kind: 'in', name: 'dy', len: (s) => mat(s, 'B', 'OUT') },
        { kind: 'in', name: 'x', len: (s) => mat(s, 'B', 'IN') },
        { kind: 'dim', name: 'B' }, { kind: 'dim', name: 'IN' }, { kind: 'dim', name: 'OUT' },
      ],
    }),
    opOf(dtype, 'sgd_step', 'p (n) −= lr · g (n)', { f32 }, {
      dims: ['n'],
      args: [{ kind: 'acc', name: 'p', len: (s) => s.n ?? 0 }, { kind: 'in', name: 'g', len: (s) => s.n ?? 0 }, lr, { kind: 'dim', name: 'n' }],
      flops: (s) => 2 * (s.n ?? 0),
    }),
    opOf(dtype, 'dense_sgd_update', 'w (OUT,IN) −= lr · (dy (OUT) ⊗ x (IN));  b (OUT) −= lr · dy', {
      f64: 'one row of online SGD, fused; b = 0: skipped', f32: 'one row of online SGD, fused; b = 0: skipped; float32',
    }, {
      dims: ['IN', 'OUT'],
      args: [
        { kind: 'acc', name: 'w', len: (s) => mat(s, 'OUT', 'IN') },
        { kind: 'acc', name: 'b', len: (s) => s.OUT ?? 0, nullable: true },
        { kind: 'in', name: 'dy', len: (s) => s.OUT ?? 0 },
        { kind: 'in', name: 'x', len: (s) => s.IN ?? 0 },
        lr, { kind: 'dim', name: 'IN' }, { kind: 'dim', name: 'OUT' },
      ],
      flops: (s) => 3 * (s.IN ?? 0) * (s.OUT ?? 0),
    }),
    opOf(dtype, 'dense_sgd_update_fwd', 'w (OUT,IN) −= lr · (dy (OUT) ⊗ x (IN));  b (OUT) −= lr · dy  (b = 0: skipped);  then y (OUT) = w · xn (IN) + bf (OUT), bf read after the update', {
      f64: 'online SGD on layer 0 fused with the next row\'s forward product', f32: 'online SGD on layer 0 fused with the next row\'s forward product; float32',
    }, {
      dims: ['IN', 'OUT'],
      args: [
        { kind: 'out', name: 'y', len: (s) => s.OUT ?? 0 },
        { kind: 'acc', name: 'w', len: (s) => mat(s, 'OUT', 'IN'), exact: true },
        { kind: 'acc', name: 'b', len: (s) => s.OUT ?? 0, nullable: true, exact: true },
        { kind: 'in', name: 'dy', len: (s) => s.OUT ?? 0 },
        { kind: 'in', name: 'x', len: (s) => s.IN ?? 0 },
        { kind: 'in', name: 'xn', len: (s) => s.IN ?? 0 },
        { kind: 'in', name: 'bf', len: (s) => s.OUT ?? 0 },
        lr, { kind: 'dim', name: 'IN' }, { kind: 'dim', name: 'OUT' },
      ],
      flops: (s) => 5 * (s.IN ?? 0) * (s.OUT ?? 0),
    }),
    opOf(dtype, 'sigmoid_fwd', 'y (n) = 1 / (1 + exp(−alpha · x (n)))', {
      f64: 'the driver calls it in place', f32: 'float32, computed in float64 and rounded once: assembly/exp_f32.ts; the driver calls it in place',
    }, {
      dims: ['n'],
      args: [{ kind: 'out', name: 'y', len: (s) => s.n ?? 0 }, { kind: 'in', name: 'x', len: (s) => s.n ?? 0 }, { kind: 'f64', name: 'alpha', value: 1.7 }, { kind: 'dim', name: 'n' }],
      flops: (s) => 4 * (s.n ?? 0),
    }),
    opOf(dtype, 'fill', 'p (n) = v', { f32 }, {
      dims: ['n'],
      args: [{ kind: 'out', name: 'p', len: (s) => s.n ?? 0 }, { kind: 'f64', name: 'v', value: -0.25 }, { kind: 'dim', name: 'n' }],
      flops: () => 0,
    }),
  ];
  return Object.fromEntries(ops.map((o) => [o.op, o]));
}

const KERNELS_F64: readonly KernelVariant[] = [
  { name: 'dense_fwd_f64__scalar', op: 'dense_fwd_f64', feature: 'scalar', strategy: 'one dot product per output', rounding: 'exact' },
  { name: 'dense_fwd_f64__simd128', op: 'dense_fwd_f64', feature: 'simd128', strategy: 'one f64x2 accumulator per dot product', rounding: 'reordered' },
  { name: 'dense_fwd_f64__simd128_4x2', op: 'dense_fwd_f64', feature: 'simd128', strategy: '4 rows × 2 outputs in 8 f64x2 accumulators; the mv4 tile for left-over rows', rounding: 'reordered' },
  { name: 'dense_fwd_f64__simd128_mv4', op: 'dense_fwd_f64', feature: 'simd128', strategy: 'matrix–vector per row: 4 outputs × 4 inputs (2 shared x vectors) per step, one accumulator per output', rounding: 'reordered' },
  { name: 'dense_fwd_f64__relaxed_4x2', op: 'dense_fwd_f64', feature: 'relaxed-simd', strategy: 'the 4×2 tiling with f64x2.relaxed_madd', rounding: 'fused' },

  { name: 'dense_bwd_data_f64__scalar', op: 'dense_bwd_data_f64', feature: 'scalar', strategy: 'axpy of w rows into dx rows', rounding: 'exact' },
  { name: 'dense_bwd_data_f64__simd128', op: 'dense_bwd_data_f64', feature: 'simd128', strategy: 'f64x2 axpy of w rows into dx rows', rounding: 'exact' },
  { name: 'dense_bwd_data_f64__simd128_4x4', op: 'dense_bwd_data_f64', feature: 'simd128', strategy: '4 rows × 4 inputs kept in 8 f64x2 accumulators over OUT; 1×8 for left-over rows', rounding: 'exact' },
  { name: 'dense_bwd_data_f64__relaxed_4x4', op: 'dense_bwd_data_f64', feature: 'relaxed-simd', strategy: 'the 4×4 tiling with f64x2.relaxed_madd', rounding: 'fused' },

  { name: 'dense_bwd_weight_f64__scalar', op: 'dense_bwd_weight_f64', feature: 'scalar', strategy: 'rank-1 update of dw per row', rounding: 'exact' },
  { name: 'dense_bwd_weight_f64__simd128', op: 'dense_bwd_weight_f64', feature: 'simd128', strategy: 'f64x2 rank-1 update of dw per row', rounding: 'exact' },
  { name: 'dense_bwd_weight_f64__simd128_4x4', op: 'dense_bwd_weight_f64', feature: 'simd128', strategy: '4 outputs × 4 inputs of dw in 8 f64x2 accumulators over all rows', rounding: 'exact' },
  { name: 'dense_bwd_weight_f64__relaxed_4x4', op: 'dense_bwd_weight_f64', feature: 'relaxed-simd', strategy: 'the 4×4 tiling with f64x2.relaxed_madd', rounding: 'fused' },

  { name: 'sgd_step_f64__scalar', op: 'sgd_step_f64', feature: 'scalar', strategy: 'one element per iteration', rounding: 'exact' },
  { name: 'sgd_step_f64__simd128', op: 'sgd_step_f64', feature: 'simd128', strategy: 'one f64x2 per iteration', rounding: 'exact' },
  { name: 'sgd_step_f64__simd128_x4', op: 'sgd_step_f64', feature: 'simd128', strategy: 'four f64x2 per iteration', rounding: 'exact' },

  { name: 'dense_sgd_update_f64__scalar', op: 'dense_sgd_update_f64', feature: 'scalar', strategy: 'rank-1 update of w in place', rounding: 'exact' },
  { name: 'dense_sgd_update_f64__simd128', op: 'dense_sgd_update_f64', feature: 'simd128', strategy: 'f64x2 rank-1 update of w in place', rounding: 'exact' },
  { name: 'dense_sgd_update_f64__simd128_8x2', op: 'dense_sgd_update_f64', feature: 'simd128', strategy: '8 rows × one x vector per step, dy splats in registers', rounding: 'exact' },

  { name: 'dense_sgd_update_fwd_f64__scalar', op: 'dense_sgd_update_fwd_f64', feature: 'scalar', strategy: 'per row: update in place, then its dot product with xn', rounding: 'exact' },
  { name: 'dense_sgd_update_fwd_f64__simd128_2x4', op: 'dense_sgd_update_fwd_f64', feature: 'simd128', strategy: '2 rows × 4 inputs per step: each updated vector stored and multiplied into its row accumulator', rounding: 'reordered' },

  { name: 'sigmoid_fwd_f64__scalar', op: 'sigmoid_fwd_f64', feature: 'scalar', strategy: 'one Math.exp and one division per element', rounding: 'libm' },
  { name: 'sigmoid_fwd_f64__simd128', op: 'sigmoid_fwd_f64', feature: 'simd128', strategy: "two lanes: Math.exp's table algorithm on f64x2 (exp_simd.ts), one f64x2 division", rounding: 'libm' },

  { name: 'fill_f64__scalar', op: 'fill_f64', feature: 'scalar', strategy: 'one element per iteration', rounding: 'exact' },
  { name: 'fill_f64__simd128_x4', op: 'fill_f64', feature: 'simd128', strategy: 'four f64x2 stores per iteration', rounding: 'exact' },
];


/**
 * The variant each family's f64 driver calls (assembly/dispatch.ts, T = f64),
 * chosen by the kernel bench (bench/kernels.ts) after it passed the registry tests; the numbers
 * behind each choice are in bench/README.md. kernels-golden.test.ts trains the golden cases through
 * each family. Calls with fewer than SMALL_CALL multiply-adds (elements for sgd_step) take the
 * scalar variant in every family. `dense_sgd_update_f64` is the fused online-SGD path the driver takes
 * for batch size 1 with plain SGD (no weight decay, no diagnostics); within an epoch its layer-0 step
 * is `dense_sgd_update_fwd_f64`, which also computes the next row's layer-0 net input. For B < 4
 * both SIMD families' forward is SMALL_BATCH_DEFAULTS' instead (no relaxed_madd there), which is what
 * lets the relaxed family chain online rows with the same fused kernel and stay exact.
 * `sigmoid_fwd_f64` is the one activation with a SIMD kernel; the driver takes it for two or more
 * elements (it gives the scalar kernel's bits, so there is nothing to trade).
 */
const DEFAULTS_F64: Readonly<Record<KernelFamily, Readonly<Record<string, string>>>> = {
  scalar: {
    dense_fwd_f64: 'dense_fwd_f64__scalar',
    dense_bwd_data_f64: 'dense_bwd_data_f64__scalar',
    dense_bwd_weight_f64: 'dense_bwd_weight_f64__scalar',
    sgd_step_f64: 'sgd_step_f64__scalar',
    dense_sgd_update_f64: 'dense_sgd_update_f64__scalar',
    dense_sgd_update_fwd_f64: 'dense_sgd_update_fwd_f64__scalar',
    sigmoid_fwd_f64: 'sigmoid_fwd_f64__scalar',
    fill_f64: 'fill_f64__scalar',
  },
  simd: {
    dense_fwd_f64: 'dense_fwd_f64__simd128_4x2',
    dense_bwd_data_f64: 'dense_bwd_data_f64__simd128_4x4',
    dense_bwd_weight_f64: 'dense_bwd_weight_f64__simd128_4x4',
    sgd_step_f64: 'sgd_step_f64__simd128_x4',
    dense_sgd_update_f64: 'dense_sgd_update_f64__simd128_8x2',
    dense_sgd_update_fwd_f64: 'dense_sgd_update_fwd_f64__simd128_2x4',
    sigmoid_fwd_f64: 'sigmoid_fwd_f64__simd128',
    fill_f64: 'fill_f64__simd128_x4',
  },
  relaxed: {
    dense_fwd_f64: 'dense_fwd_f64__relaxed_4x2',
    dense_bwd_data_f64: 'dense_bwd_data_f64__relaxed_4x4',
    dense_bwd_weight_f64: 'dense_bwd_weight_f64__relaxed_4x4',
    sgd_step_f64: 'sgd_step_f64__simd128_x4',
    dense_sgd_update_f64: 'dense_sgd_update_f64__simd128_8x2',
    dense_sgd_update_fwd_f64: 'dense_sgd_update_fwd_f64__simd128_2x4',
    sigmoid_fwd_f64: 'sigmoid_fwd_f64__simd128',
    fill_f64: 'fill_f64__simd128_x4',
  },
};

/** Batches of fewer rows than this take SMALL_BATCH_DEFAULTS' forward (the blocked forward has no whole 4-row tile). */
export const SMALL_BATCH = 4;

/**
 * The forward a family's driver calls for B < SMALL_BATCH (online training, `run`), where it differs
 * from DEFAULTS: the matrix–vector kernel, in both SIMD families. It sums every output in the same
 * order as simd128_4x2, so the two give identical bits (kernels-fused-online.test.ts checks); in the
 * relaxed family it also means online training chains rows (dense_sgd_update_fwd) like SIMD128 does.
 */
const SMALL_BATCH_DEFAULTS_F64: Readonly<Partial<Record<KernelFamily, Readonly<Record<string, string>>>>> = {
  simd: { dense_fwd_f64: 'dense_fwd_f64__simd128_mv4' },
  relaxed: { dense_fwd_f64: 'dense_fwd_f64__simd128_mv4' },
};

/** Below this many multiply-adds per call (B·IN·OUT, or n for sgd_step) the driver uses the scalar variant. */
export const SMALL_CALL = 16;

/** The ops with WASM variants, by op name: the shared ops in f64 and f32, then exp_f32 (registry-f32.ts). */
export const OPS: Readonly<Record<string, OpSpec>> = { ...sharedOps('f64'), ...sharedOps('f32'), ...OPS_F32_ONLY };

/** Every WASM kernel variant: the f64 ones (scalar reference first, then SIMD, then relaxed SIMD), then the f32 ones. */
export const KERNELS: readonly KernelVariant[] = [...KERNELS_F64, ...KERNELS_F32];

/** Per family, the variant the drivers (assembly/driver.ts, dispatch.ts) call for each op, f64 and f32. */
export const DEFAULTS: Readonly<Record<KernelFamily, Readonly<Record<string, string>>>> = {
  scalar: { ...DEFAULTS_F64.scalar, ...DEFAULTS_F32.scalar },
  simd: { ...DEFAULTS_F64.simd, ...DEFAULTS_F32.simd },
  relaxed: { ...DEFAULTS_F64.relaxed, ...DEFAULTS_F32.relaxed },
};

/** Per family, the forward its drivers call for B < SMALL_BATCH where it differs from DEFAULTS (f64 and f32). */
export const SMALL_BATCH_DEFAULTS: Readonly<Partial<Record<KernelFamily, Readonly<Record<string, string>>>>> = {
  simd: { ...SMALL_BATCH_DEFAULTS_F64.simd, ...SMALL_BATCH_DEFAULTS_F32.simd },
  relaxed: { ...SMALL_BATCH_DEFAULTS_F64.relaxed, ...SMALL_BATCH_DEFAULTS_F32.relaxed },
};
