// exp and the sigmoid of float32 values, computed in float64 and rounded to float32 once: on one
// value (expf, sigmoidf) and on four lanes (exp_f32x4, sigmoid_f32x4, as two f64x2 halves) with the
// same operations in the same order, so the scalar and SIMD f32 kernels give identical bits.
// The exp is AssemblyScript's Mathf.exp (std/assembly/util/math.ts expf_lut: musl's expf.c, ARM's
// optimized-routines algorithm, no FMA): z = x·32/ln 2, k = round(z), r = z − k, 2^(k/32) from a
// 32-entry table with k/32's integer part added to the exponent bits, a degree-3 polynomial in r;
// relative error 1.7·2⁻³⁴ before the rounding to float32 (≤ 0.502 ulp after it). The table is copied
// from AssemblyScript's std (EXP2F_DATA_TAB is not exported), itself from musl (MIT) / optimized-routines.
// Instead of expf_lut's branches for large |x|, the argument is clamped first (by compare and select,
// which V8 compiles to fewer instructions than f64.min/max; NaN passes through both): exp to
// [−104, 89], where exp rounds to 0 below and to +Infinity above; the sigmoid's exp(−z) to
// [−104, 104], where 1/(1 + exp(−z)) rounds to 1 or to 0 beyond. Both bounds keep k inside the
// table path's range (|k/32| < 150), and float64 has the range of exp(104), so the sigmoid needs no
// split by sign: 1/(1 + exp(−z)) in float64, rounded once (≤ 0.51 ulp; subnormal results rounded once).
// Why float64 inside a float32 kernel: its chain of dependent operations is half as long as a
// float32 polynomial of the same accuracy (Cephes' degree 5 + Cody–Waite + two scalings), and the
// sigmoid of a tiny layer (2 or 3 units per call) is bound by that latency, not by lane throughput.
// Not here: the kernels that use it (kernels_f32.ts, kernels_simd_f32.ts).

// @ts-ignore: decorator
@lazy const EXP2F_TAB = memory.data<u64>([
  // tab[i] = bits(2^(i/32)) − (i << 47): 2^(k/32) = double(tab[k % 32] + (k << 47))
  0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
  0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
  0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
  0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
  0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
  0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
  0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
  0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
]);

// @ts-ignore: decorator
@inline const SHIFT: f64 = 6755399441055744.0; // 1.5·2^52: z + SHIFT rounds z to an integer k, left in the low mantissa bits
// @ts-ignore: decorator
@inline const INV_LN2_N: f64 = 46.16624130844683; // 32 / ln 2 (0x1.71547652b82fep+0 · 32)
// @ts-ignore: decorator
@inline const C0: f64 = 1.6938359250920212e-6; // 0x1.c6af84b912394p-5 / 32³
// @ts-ignore: decorator
@inline const C1: f64 = 2.3459809789509004e-4; // 0x1.ebfce50fac4f3p-3 / 32²
// @ts-ignore: decorator
@inline const C2: f64 = 2.1660849396613134e-2; // 0x1.62e42ff0c52d6p-1 / 32
// @ts-ignore: decorator
@inline const EXP_LO: f64 = -104.0;
// @ts-ignore: decorator
@inline const EXP_HI: f64 = 89.0;
// @ts-ignore: decorator
@inline const SIG_BOUND: f64 = 104.0;

// x clamped to [lo, hi] by compare and select (NaN stays NaN)
// @ts-ignore: decorator
@inline function clamp(x: f64, lo: f64, hi: f64): f64 {
  const a = select<f64>(lo, x, x < lo);
  return select<f64>(hi, a, a > hi);
}

// exp(x) in float64 for x in [−150·ln 2, 128·ln 2] (expf_lut's table path, before its rounding)
// @ts-ignore: decorator
@inline function expTab(x: f64): f64 {
  const z = INV_LN2_N * x;
  const kd = z + SHIFT;
  const ki = reinterpret<u64>(kd);
  const r = z - (kd - SHIFT);
  const s = reinterpret<f64>(load<u64>(EXP2F_TAB + ((<usize>ki & 31) << 3)) + (ki << 47));
  const p = C0 * r + C1;
  let y = C2 * r + 1.0;
  y += p * (r * r);
  return y * s;
}

/** exp(x) in float32 (≤ 0.502 ulp; see the header). */
// @ts-ignore: decorator
@inline export function expf(x: f32): f32 {
  return <f32>expTab(clamp(<f64>x, EXP_LO, EXP_HI));
}

/** 1 / (1 + exp(−z)) of a float32 z, in float64, rounded to float32 once. */
// @ts-ignore: decorator
@inline export function sigmoidf(z: f32): f32 {
  return <f32>(1.0 / (1.0 + expTab(clamp(-<f64>z, -SIG_BOUND, SIG_BOUND))));
}

// ---- two f64 lanes: expTab's operations lane by lane ----------------------------------------------

// @ts-ignore: decorator
@inline function clamp2(x: v128, lo: f64, hi: f64): v128 {
  // pmax(x, lo) = x < lo ? lo : x, pmin(a, hi) = hi < a ? hi : a: clamp's selects (one instruction each)
  return f64x2.pmin(f64x2.pmax(x, f64x2.splat(lo)), f64x2.splat(hi));
}

// @ts-ignore: decorator
@inline function expTab2(x: v128): v128 {
  const z = f64x2.mul(f64x2.splat(INV_LN2_N), x);
  const kd = f64x2.add(z, f64x2.splat(SHIFT));
  const r = f64x2.sub(z, f64x2.sub(kd, f64x2.splat(SHIFT)));
  // the table index is in each lane's low 32 bits (i32 lanes 0 and 2)
  const t0 = load<u64>(EXP2F_TAB + ((<usize>i32x4.extract_lane(kd, 0) & 31) << 3));
  const t1 = load<u64>(EXP2F_TAB + ((<usize>i32x4.extract_lane(kd, 2) & 31) << 3));
  const s = i64x2.add(i64x2.replace_lane(i64x2.splat(t0), 1, t1), i64x2.shl(kd, 47));
  const p = f64x2.add(f64x2.mul(f64x2.splat(C0), r), f64x2.splat(C1));
  let y = f64x2.add(f64x2.mul(f64x2.splat(C2), r), f64x2.splat(1.0));
  y = f64x2.add(y, f64x2.mul(p, f64x2.mul(r, r)));
  return f64x2.mul(y, s);
}

// the two float32 lanes 2 and 3 of v in lanes 0 and 1
// @ts-ignore: decorator
@inline function high2(v: v128): v128 {
  return v128.shuffle<i32>(v, v, 2, 3, 2, 3);
}

// float32 lanes [a0, a1, b0, b1] from two f64x2 [a0, a1], [b0, b1], each rounded once
// @ts-ignore: decorator
@inline function demote4(a: v128, b: v128): v128 {
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 2);
}

/** exp on four float32 lanes: expf's operations lane by lane (identical bits). */
// @ts-ignore: decorator
@inline export function exp_f32x4(v: v128): v128 {
  const lo = expTab2(clamp2(f64x2.promote_low_f32x4(v), EXP_LO, EXP_HI));
  const hi = expTab2(clamp2(f64x2.promote_low_f32x4(high2(v)), EXP_LO, EXP_HI));
  return demote4(lo, hi);
}

/** sigmoidf on the two float32 lanes 0 and 1 of z, as an f64x2 before the rounding. */
// @ts-ignore: decorator
@inline export function sigmoid_f64x2_of_f32(z: v128): v128 {
  const one = f64x2.splat(1.0);
  const e = expTab2(clamp2(f64x2.neg(f64x2.promote_low_f32x4(z)), -SIG_BOUND, SIG_BOUND));
  return f64x2.div(one, f64x2.add(one, e));
}

/** sigmoidf on four float32 lanes (identical bits). */
// @ts-ignore: decorator
@inline export function sigmoid_f32x4(z: v128): v128 {
  return demote4(sigmoid_f64x2_of_f32(z), sigmoid_f64x2_of_f32(high2(z)));
}
