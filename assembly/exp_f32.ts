// exp(x) in float32 arithmetic, on one value (expf) and on four lanes (exp_f32x4): the same
// operations in the same order, so the scalar and SIMD f32 sigmoid kernels give identical bits.
// Cephes' expf algorithm (Moshier; public domain): n = x·log2 e rounded to the nearest integer (by
// adding and subtracting 1.5·2²³, which also leaves n in the low mantissa bits), r = x − n·C1 − n·C2
// (Cody–Waite, C1 has 9 significant bits so n·C1 and x − n·C1 are exact), a degree-5 minimax
// polynomial, then 2^n applied as two normal factors 2^⌊n/2⌋·2^(n−⌊n/2⌋) so results down to the
// smallest subnormal are rounded once. Inputs are clamped to [−104, 89]: below, exp rounds to 0;
// above, the scaling overflows to +Infinity, as exp does from 88.7229 on. NaN stays NaN.
// Accuracy, against Math.fround(Math.exp(x)) (V8's float64 exp of the float32 input, rounded): at most
// 1 ulp, and identical on 99.2 % of inputs — measured on every 61st float32 bit pattern in [0, 89]
// and every 127th in [−104, 0] (136 M inputs, once), and held by test/kernels-exp-f32.test.ts on
// every binade of |x| from 2^−40 to 2^7 and a sweep of [−104, 89]. Subnormal results are rounded once.
// Not here: the kernels that use it (kernels_f32.ts, kernels_simd_f32.ts).

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// @ts-ignore: decorator
@inline const C1: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const C2: f32 = -2.12194440e-4;
// @ts-ignore: decorator
@inline const P0: f32 = 1.9875691500e-4;
// @ts-ignore: decorator
@inline const P1: f32 = 1.3981999507e-3;
// @ts-ignore: decorator
@inline const P2: f32 = 8.3334519073e-3;
// @ts-ignore: decorator
@inline const P3: f32 = 4.1665795894e-2;
// @ts-ignore: decorator
@inline const P4: f32 = 1.6666665459e-1;
// @ts-ignore: decorator
@inline const P5: f32 = 5.0000001201e-1;
// @ts-ignore: decorator
@inline const SHIFT: f32 = 12582912.0; // 1.5·2^23: x + SHIFT rounds x to an integer (to nearest, ties to even) for |x| < 2^22
// @ts-ignore: decorator
@inline const LO: f32 = -104.0;
// @ts-ignore: decorator
@inline const HI: f32 = 89.0;

/** exp(x) in float32 (≤ 1 ulp; see the header). */
// @ts-ignore: decorator
@inline export function expf(v: f32): f32 {
  const x = min<f32>(max<f32>(v, LO), HI);
  const kd = x * LOG2E + SHIFT;
  const k = reinterpret<i32>(kd) - reinterpret<i32>(SHIFT); // the integer n, from kd's low mantissa bits
  const n = kd - SHIFT;
  let r = x - n * C1;
  r = r - n * C2;
  const r2 = r * r;
  let p = P0 * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  const z = p * r2 + r + <f32>1.0;
  const k1 = k >> 1;
  const k2 = k - k1;
  return z * reinterpret<f32>((k1 + 127) << 23) * reinterpret<f32>((k2 + 127) << 23);
}

/** exp on four float32 lanes: expf's operations lane by lane (identical bits). */
// @ts-ignore: decorator
@inline export function exp_f32x4(v: v128): v128 {
  const x = f32x4.min(f32x4.max(v, f32x4.splat(LO)), f32x4.splat(HI));
  const kd = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(SHIFT));
  const k = i32x4.sub(kd, f32x4.splat(SHIFT));
  const n = f32x4.sub(kd, f32x4.splat(SHIFT));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(C2)));
  const r2 = f32x4.mul(r, r);
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  const z = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1.0));
  const k1 = i32x4.shr_s(k, 1);
  const k2 = i32x4.sub(k, k1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(k1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(k2, bias), 23);
  return f32x4.mul(f32x4.mul(z, s1), s2);
}
