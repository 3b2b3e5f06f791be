// Register-blocked f32x4 loop bodies shared by the f32 SIMD128 variants (kernels_simd_f32.ts,
// F = Plain) and the f32 relaxed-SIMD variants (kernels_relaxed_f32.ts, F = Fused: f32x4.relaxed_madd).
// Four float32 lanes per vector instead of two float64 ones, so a tile covers twice the inputs for
// the same registers; the tile shapes were measured (bench/README.md, "float32"), not copied from f64.
// Summation orders (what the tests hold each variant to):
//  - forward: per output one f32x4 accumulator over the input vectors in order, lanes summed as
//    (l0 + l2) + (l1 + l3), then the IN % 4 tail in order, then + b. The 4×2 tile and the
//    matrix–vector row use this one order (identical bits; 'reordered' against the scalar loop);
//  - backward data: per element a sum over outputs in order from 0 (the scalar order: exact);
//  - backward weight: per element a sum over each block of GRAD_BLOCK_ROWS rows from 0, added into
//    dW (dense_bwd_weight_f32__scalar's blocked order: exact).
// Not here: exports (the named variants), allocation, packing (none is needed: both operands of every
// product are contiguous along the reduced axis in the canonical OUT×IN layout).
import { Fused } from './tiles';
import { GRAD_BLOCK_ROWS } from './kernels_f32';

// c + a·b, fused or not according to F (resolved at compile time)
// @ts-ignore: decorator
@inline export function madd4<F>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (idof<F>() == idof<Fused>()) return f32x4.relaxed_madd(a, b, c);
  }
  return f32x4.add(c, f32x4.mul(a, b));
}

/** The lanes of v summed as (l0 + l2) + (l1 + l3): one shuffle and two adds. */
// @ts-ignore: decorator
@inline export function hsum4(v: v128): f32 {
  const t = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1);
}

// y (OUT) = w · x0 (IN) + b for one row x0 — 4 outputs × 2 vectors (8 inputs) per step, one
// accumulator per output (so the vectors are added in order); left-over outputs one at a time.
// @ts-ignore: decorator
@inline export function denseFwdRowF32<F>(y0: usize, x0: usize, w: usize, b: usize, IN: i32, OUT: i32): void {
  const end8 = <usize>(IN & ~7) << 2;
  const end = <usize>(IN & ~3) << 2;
  const full = <usize>IN << 2;
  const sx = full;
  let o = 0;
  for (; o + 4 <= OUT; o += 4) {
    const w0 = w + <usize>o * sx;
    const w1 = w0 + sx, w2 = w1 + sx, w3 = w2 + sx;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let p: usize = 0;
    for (; p < end8; p += 32) {
      const u0 = v128.load(x0 + p), u1 = v128.load(x0 + p, 16);
      a0 = madd4<F>(u0, v128.load(w0 + p), a0); a1 = madd4<F>(u0, v128.load(w1 + p), a1);
      a2 = madd4<F>(u0, v128.load(w2 + p), a2); a3 = madd4<F>(u0, v128.load(w3 + p), a3);
      a0 = madd4<F>(u1, v128.load(w0 + p, 16), a0); a1 = madd4<F>(u1, v128.load(w1 + p, 16), a1);
      a2 = madd4<F>(u1, v128.load(w2 + p, 16), a2); a3 = madd4<F>(u1, v128.load(w3 + p, 16), a3);
    }
    if (p < end) {
      const u0 = v128.load(x0 + p);
      a0 = madd4<F>(u0, v128.load(w0 + p), a0); a1 = madd4<F>(u0, v128.load(w1 + p), a1);
      a2 = madd4<F>(u0, v128.load(w2 + p), a2); a3 = madd4<F>(u0, v128.load(w3 + p), a3);
    }
    let s0 = hsum4(a0), s1 = hsum4(a1), s2 = hsum4(a2), s3 = hsum4(a3);
    for (let q = end; q < full; q += 4) {
      const e = load<f32>(x0 + q);
      s0 += e * load<f32>(w0 + q); s1 += e * load<f32>(w1 + q);
      s2 += e * load<f32>(w2 + q); s3 += e * load<f32>(w3 + q);
    }
    const bo = b + (<usize>o << 2);
    const yo = y0 + (<usize>o << 2);
    store<f32>(yo, s0 + load<f32>(bo)); store<f32>(yo, s1 + load<f32>(bo, 4), 4);
    store<f32>(yo, s2 + load<f32>(bo, 8), 8); store<f32>(yo, s3 + load<f32>(bo, 12), 12);
  }
  for (; o < OUT; o++) {
    const w0 = w + <usize>o * sx;
    let a0 = f32x4.splat(0);
    for (let p: usize = 0; p < end; p += 16) a0 = madd4<F>(v128.load(x0 + p), v128.load(w0 + p), a0);
    let s0 = hsum4(a0);
    for (let q = end; q < full; q += 4) s0 += load<f32>(x0 + q) * load<f32>(w0 + q);
    store<f32>(y0 + (<usize>o << 2), s0 + load<f32>(b + (<usize>o << 2)));
  }
}

// y (B,OUT) = x (B,IN) · wᵀ + b — 4 rows × 2 outputs per tile: 8 f32x4 accumulators, each step
// loads 4 x vectors and 2 w vectors for 8 multiply-adds. Left-over outputs 4×1, left-over rows
// (B % 4) the matrix–vector row above. ldy != 0: y's row stride in elements (the threaded driver
// computes a range of a wider layer's outputs in place); 0 = OUT.
// @ts-ignore: decorator
@inline export function denseFwdF32_4x2<F>(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, ldy: i32 = 0): void {
  const end = <usize>(IN & ~3) << 2;
  const full = <usize>IN << 2;
  const sx = full;
  const sy = <usize>(ldy ? ldy : OUT) << 2;
  let r = 0;
  for (; r + 4 <= B; r += 4) {
    const x0 = x + <usize>r * sx;
    const x1 = x0 + sx, x2 = x1 + sx, x3 = x2 + sx;
    const y0 = y + <usize>r * sy;
    let o = 0;
    for (; o + 2 <= OUT; o += 2) {
      const w0 = w + <usize>o * sx;
      const w1 = w0 + sx;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      for (let p: usize = 0; p < end; p += 16) {
        const u0 = v128.load(w0 + p), u1 = v128.load(w1 + p);
        let v = v128.load(x0 + p);
        a00 = madd4<F>(v, u0, a00); a01 = madd4<F>(v, u1, a01);
        v = v128.load(x1 + p);
        a10 = madd4<F>(v, u0, a10); a11 = madd4<F>(v, u1, a11);
        v = v128.load(x2 + p);
        a20 = madd4<F>(v, u0, a20); a21 = madd4<F>(v, u1, a21);
        v = v128.load(x3 + p);
        a30 = madd4<F>(v, u0, a30); a31 = madd4<F>(v, u1, a31);
      }
      let s00 = hsum4(a00), s01 = hsum4(a01), s10 = hsum4(a10), s11 = hsum4(a11);
      let s20 = hsum4(a20), s21 = hsum4(a21), s30 = hsum4(a30), s31 = hsum4(a31);
      for (let q = end; q < full; q += 4) {
        const c0 = load<f32>(w0 + q), c1 = load<f32>(w1 + q);
        const e0 = load<f32>(x0 + q), e1 = load<f32>(x1 + q), e2 = load<f32>(x2 + q), e3 = load<f32>(x3 + q);
        s00 += e0 * c0; s01 += e0 * c1; s10 += e1 * c0; s11 += e1 * c1;
        s20 += e2 * c0; s21 += e2 * c1; s30 += e3 * c0; s31 += e3 * c1;
      }
      const bo = b + (<usize>o << 2);
      const b0 = load<f32>(bo), b1 = load<f32>(bo, 4);
      const yo = y0 + (<usize>o << 2);
      store<f32>(yo, s00 + b0); store<f32>(yo, s01 + b1, 4);
      store<f32>(yo + sy, s10 + b0); store<f32>(yo + sy, s11 + b1, 4);
      store<f32>(yo + 2 * sy, s20 + b0); store<f32>(yo + 2 * sy, s21 + b1, 4);
      store<f32>(yo + 3 * sy, s30 + b0); store<f32>(yo + 3 * sy, s31 + b1, 4);
    }
    for (; o < OUT; o++) {
      const w0 = w + <usize>o * sx;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let p: usize = 0; p < end; p += 16) {
        const u = v128.load(w0 + p);
        a0 = madd4<F>(v128.load(x0 + p), u, a0); a1 = madd4<F>(v128.load(x1 + p), u, a1);
        a2 = madd4<F>(v128.load(x2 + p), u, a2); a3 = madd4<F>(v128.load(x3 + p), u, a3);
      }
      let s0 = hsum4(a0), s1 = hsum4(a1), s2 = hsum4(a2), s3 = hsum4(a3);
      for (let q = end; q < full; q += 4) {
        const c = load<f32>(w0 + q);
        s0 += load<f32>(x0 + q) * c; s1 += load<f32>(x1 + q) * c;
        s2 += load<f32>(x2 + q) * c; s3 += load<f32>(x3 + q) * c;
      }
      const bv = load<f32>(b + (<usize>o << 2));
      const yo = y0 + (<usize>o << 2);
      store<f32>(yo, s0 + bv); store<f32>(yo + sy, s1 + bv); store<f32>(yo + 2 * sy, s2 + bv); store<f32>(yo + 3 * sy, s3 + bv);
    }
  }
  for (; r < B; r++) denseFwdRowF32<F>(y + <usize>r * sy, x + <usize>r * sx, w, b, IN, OUT);
}

// dx (B,IN) = dy (B,OUT) · w (OUT,IN) — 4 rows × 8 inputs (2 vectors) per tile in 8 accumulators
// kept over the whole OUT loop; each step: 2 w vectors, 4 broadcast dy values, 8 multiply-adds.
// Left-over inputs 4 rows × 1 vector, then scalar; left-over rows 1 × 16 inputs, 1 × 4, scalar.
// @ts-ignore: decorator
@inline export function denseBwdDataF32_4x8<F>(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  const sx = <usize>IN << 2;
  const sy = <usize>OUT << 2;
  const wEnd = w + <usize>OUT * sx;
  let r = 0;
  for (; r + 4 <= B; r += 4) {
    const d0 = dy + <usize>r * sy;
    const x0 = dx + <usize>r * sx;
    let i = 0;
    for (; i + 8 <= IN; i += 8) {
      const q = <usize>i << 2;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        const v0 = v128.load(wp), v1 = v128.load(wp, 16);
        let u = v128.load32_splat(dp);
        a00 = madd4<F>(u, v0, a00); a01 = madd4<F>(u, v1, a01);
        u = v128.load32_splat(dp + sy);
        a10 = madd4<F>(u, v0, a10); a11 = madd4<F>(u, v1, a11);
        u = v128.load32_splat(dp + 2 * sy);
        a20 = madd4<F>(u, v0, a20); a21 = madd4<F>(u, v1, a21);
        u = v128.load32_splat(dp + 3 * sy);
        a30 = madd4<F>(u, v0, a30); a31 = madd4<F>(u, v1, a31);
        dp += 4;
      }
      const xo = x0 + q;
      v128.store(xo, a00); v128.store(xo, a01, 16);
      v128.store(xo + sx, a10); v128.store(xo + sx, a11, 16);
      v128.store(xo + 2 * sx, a20); v128.store(xo + 2 * sx, a21, 16);
      v128.store(xo + 3 * sx, a30); v128.store(xo + 3 * sx, a31, 16);
    }
    for (; i + 4 <= IN; i += 4) {
      const q = <usize>i << 2;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        const v0 = v128.load(wp);
        a0 = madd4<F>(v128.load32_splat(dp), v0, a0); a1 = madd4<F>(v128.load32_splat(dp + sy), v0, a1);
        a2 = madd4<F>(v128.load32_splat(dp + 2 * sy), v0, a2); a3 = madd4<F>(v128.load32_splat(dp + 3 * sy), v0, a3);
        dp += 4;
      }
      const xo = x0 + q;
      v128.store(xo, a0); v128.store(xo + sx, a1); v128.store(xo + 2 * sx, a2); v128.store(xo + 3 * sx, a3);
    }
    for (; i < IN; i++) {
      const q = <usize>i << 2;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        const c = load<f32>(wp);
        s0 += load<f32>(dp) * c; s1 += load<f32>(dp + sy) * c;
        s2 += load<f32>(dp + 2 * sy) * c; s3 += load<f32>(dp + 3 * sy) * c;
        dp += 4;
      }
      store<f32>(x0 + q, s0); store<f32>(x0 + sx + q, s1); store<f32>(x0 + 2 * sx + q, s2); store<f32>(x0 + 3 * sx + q, s3);
    }
  }
  for (; r < B; r++) denseBwdDataRowF32<F>(dx + <usize>r * sx, dy + <usize>r * sy, w, IN, OUT);
}

// one row of denseBwdDataF32_4x8: 16 inputs (4 vectors) per tile, then 4, then scalar
// @ts-ignore: decorator
@inline function denseBwdDataRowF32<F>(x0: usize, d0: usize, w: usize, IN: i32, OUT: i32): void {
  const sx = <usize>IN << 2;
  const wEnd = w + <usize>OUT * sx;
  let i = 0;
  for (; i + 16 <= IN; i += 16) {
    const q = <usize>i << 2;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let dp = d0;
    for (let wp = w + q; wp < wEnd; wp += sx) {
      const u = v128.load32_splat(dp);
      a0 = madd4<F>(u, v128.load(wp), a0); a1 = madd4<F>(u, v128.load(wp, 16), a1);
      a2 = madd4<F>(u, v128.load(wp, 32), a2); a3 = madd4<F>(u, v128.load(wp, 48), a3);
      dp += 4;
    }
    const xo = x0 + q;
    v128.store(xo, a0); v128.store(xo, a1, 16); v128.store(xo, a2, 32); v128.store(xo, a3, 48);
  }
  for (; i + 4 <= IN; i += 4) {
    const q = <usize>i << 2;
    let a0 = f32x4.splat(0);
    let dp = d0;
    for (let wp = w + q; wp < wEnd; wp += sx) {
      a0 = madd4<F>(v128.load32_splat(dp), v128.load(wp), a0);
      dp += 4;
    }
    v128.store(x0 + q, a0);
  }
  for (; i < IN; i++) {
    const q = <usize>i << 2;
    let s0: f32 = 0;
    let dp = d0;
    for (let wp = w + q; wp < wEnd; wp += sx) {
      s0 += load<f32>(dp) * load<f32>(wp);
      dp += 4;
    }
    store<f32>(x0 + q, s0);
  }
}

// db (OUT) += Σ over the block's B rows of dy (B,OUT), summed from zero (the scalar kernel's order)
// (dy's rows ldy elements apart).
// @ts-ignore: decorator
@inline function biasGradF32(db: usize, dy: usize, B: i32, OUT: i32, ldy: i32): void {
  const sy = <usize>ldy << 2;
  let o = 0;
  for (; o + 4 <= OUT; o += 4) {
    const q = <usize>o << 2;
    let a = f32x4.splat(0);
    let dp = dy + q;
    for (let r = 0; r < B; r++) {
      a = f32x4.add(a, v128.load(dp));
      dp += sy;
    }
    v128.store(db + q, f32x4.add(v128.load(db + q), a));
  }
  for (; o < OUT; o++) {
    const q = <usize>o << 2;
    let s: f32 = 0;
    let dp = dy + q;
    for (let r = 0; r < B; r++) {
      s += load<f32>(dp);
      dp += sy;
    }
    store<f32>(db + q, load<f32>(db + q) + s);
  }
}

// dw (OUT,IN) += dyᵀ · x; db (OUT) += Σ_rows dy — per block of GRAD_BLOCK_ROWS rows (which stays in
// L2: 32 rows of 784 inputs = 100 KB), 4 outputs × 8 inputs per tile in 8 accumulators summed from
// zero over the block's rows, then added into dW.
// @ts-ignore: decorator
@inline export function denseBwdWeightF32_4x8<F>(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeightF32_4x8Ld<F>(dw, db, dy, x, B, IN, OUT, OUT);
}

// denseBwdWeightF32_4x8 over OUT output units whose dy rows are ldy values apart: a range of a
// layer's units (dw, db, dy pointing at its first unit), which is how threads split the weight
// gradient — the same tiles and order, so any split by whole 4-unit blocks gives the same bits.
// @ts-ignore: decorator
@inline export function denseBwdWeightF32_4x8Ld<F>(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  for (let r = 0; r < B; r += GRAD_BLOCK_ROWS) {
    const n = min(GRAD_BLOCK_ROWS, B - r);
    const dyb = dy + <usize>r * (<usize>ldy << 2);
    if (db) biasGradF32(db, dyb, n, OUT, ldy);
    denseBwdWeightBlockF32<F>(dw, dyb, x + <usize>r * (<usize>IN << 2), n, IN, OUT, ldy);
  }
}

// @ts-ignore: decorator
@inline function denseBwdWeightBlockF32<F>(dw: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  const sx = <usize>IN << 2;
  const sy = <usize>ldy << 2;
  const xEnd = x + <usize>B * sx;
  let o = 0;
  for (; o + 4 <= OUT; o += 4) {
    const g0 = dw + <usize>o * sx;
    const dyo = dy + (<usize>o << 2);
    let i = 0;
    for (; i + 8 <= IN; i += 8) {
      const q = <usize>i << 2;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        const v0 = v128.load(xp), v1 = v128.load(xp, 16);
        let u = v128.load32_splat(dp);
        a00 = madd4<F>(u, v0, a00); a01 = madd4<F>(u, v1, a01);
        u = v128.load32_splat(dp, 4);
        a10 = madd4<F>(u, v0, a10); a11 = madd4<F>(u, v1, a11);
        u = v128.load32_splat(dp, 8);
        a20 = madd4<F>(u, v0, a20); a21 = madd4<F>(u, v1, a21);
        u = v128.load32_splat(dp, 12);
        a30 = madd4<F>(u, v0, a30); a31 = madd4<F>(u, v1, a31);
        dp += sy;
      }
      const g = g0 + q;
      v128.store(g, f32x4.add(v128.load(g), a00)); v128.store(g, f32x4.add(v128.load(g, 16), a01), 16);
      const g1 = g + sx;
      v128.store(g1, f32x4.add(v128.load(g1), a10)); v128.store(g1, f32x4.add(v128.load(g1, 16), a11), 16);
      const g2 = g1 + sx;
      v128.store(g2, f32x4.add(v128.load(g2), a20)); v128.store(g2, f32x4.add(v128.load(g2, 16), a21), 16);
      const g3 = g2 + sx;
      v128.store(g3, f32x4.add(v128.load(g3), a30)); v128.store(g3, f32x4.add(v128.load(g3, 16), a31), 16);
    }
    for (; i < IN; i++) {
      const q = <usize>i << 2;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        const c = load<f32>(xp);
        s0 += load<f32>(dp) * c; s1 += load<f32>(dp, 4) * c;
        s2 += load<f32>(dp, 8) * c; s3 += load<f32>(dp, 12) * c;
        dp += sy;
      }
      const g = g0 + q;
      store<f32>(g, load<f32>(g) + s0); store<f32>(g + sx, load<f32>(g + sx) + s1);
      store<f32>(g + 2 * sx, load<f32>(g + 2 * sx) + s2); store<f32>(g + 3 * sx, load<f32>(g + 3 * sx) + s3);
    }
  }
  for (; o < OUT; o++) {
    const g0 = dw + <usize>o * sx;
    const dyo = dy + (<usize>o << 2);
    let i = 0;
    for (; i + 16 <= IN; i += 16) {
      const q = <usize>i << 2;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        const u = v128.load32_splat(dp);
        a0 = madd4<F>(u, v128.load(xp), a0); a1 = madd4<F>(u, v128.load(xp, 16), a1);
        a2 = madd4<F>(u, v128.load(xp, 32), a2); a3 = madd4<F>(u, v128.load(xp, 48), a3);
        dp += sy;
      }
      const g = g0 + q;
      v128.store(g, f32x4.add(v128.load(g), a0)); v128.store(g, f32x4.add(v128.load(g, 16), a1), 16);
      v128.store(g, f32x4.add(v128.load(g, 32), a2), 32); v128.store(g, f32x4.add(v128.load(g, 48), a3), 48);
    }
    for (; i + 4 <= IN; i += 4) {
      const q = <usize>i << 2;
      let a0 = f32x4.splat(0);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        a0 = madd4<F>(v128.load32_splat(dp), v128.load(xp), a0);
        dp += sy;
      }
      v128.store(g0 + q, f32x4.add(v128.load(g0 + q), a0));
    }
    for (; i < IN; i++) {
      const q = <usize>i << 2;
      let s0: f32 = 0;
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        s0 += load<f32>(dp) * load<f32>(xp);
        dp += sy;
      }
      store<f32>(g0 + q, load<f32>(g0 + q) + s0);
    }
  }
}

// The scalar weight gradient (dense_bwd_weight_f32__scalar is this with ldy = OUT) over OUT units
// whose dy rows are ldy values apart (a range of a layer's units, as threads split the weight
// gradient): rows in blocks of GRAD_BLOCK_ROWS, each element summed from zero over a block, then
// added into dW. Scalar code only (the scalar binary compiles it too).
// @ts-ignore: decorator
@inline export function denseBwdWeightF32Ld(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  for (let r0 = 0; r0 < B; r0 += GRAD_BLOCK_ROWS) {
    const r1 = min(B, r0 + GRAD_BLOCK_ROWS);
    for (let o = 0; o < OUT; o++) {
      if (db) {
        let s: f32 = 0;
        for (let r = r0; r < r1; r++) s += load<f32>(dy + (<usize>(r * ldy + o) << 2));
        const q = db + (<usize>o << 2);
        store<f32>(q, load<f32>(q) + s);
      }
      const dwo = dw + (<usize>(o * IN) << 2);
      for (let i = 0; i < IN; i++) {
        let s: f32 = 0;
        for (let r = r0; r < r1; r++) s += load<f32>(dy + (<usize>(r * ldy + o) << 2)) * load<f32>(x + (<usize>(r * IN + i) << 2));
        const q = dwo + (<usize>i << 2);
        store<f32>(q, load<f32>(q) + s);
      }
    }
  }
}
