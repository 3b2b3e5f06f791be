// f32x4 (WebAssembly SIMD128) kernel variants of the float32 family. Same ABI and shapes as
// kernels_f32.ts; only compiled into the SIMD (and relaxed-SIMD) binaries. The blocked loop bodies
// are tiles_f32.ts (generic over Plain/Fused); the vector ops here keep the scalar kernels' order
// exactly (sgd_step, fill, dense_sgd_update, the sigmoid and exp), the fused online update's
// forward half sums like the forward tiles ('reordered').
// Not here: allocation, packing, activations other than the sigmoid.
import { Plain } from './tiles';
import { denseFwdF32_4x2, denseFwdRowF32, denseBwdDataF32_4x8, denseBwdWeightF32_4x8, hsum4 } from './tiles_f32';
import { expf, exp_f32x4, sigmoidf, sigmoid_f32x4 } from './exp_f32';

/** y (B,OUT) = x (B,IN) · wᵀ + b — 4 rows × 2 outputs per tile (see denseFwdF32_4x2). */
export function dense_fwd_f32__simd128_4x2(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwdF32_4x2<Plain>(y, x, w, b, B, IN, OUT);
}

/** y (B,OUT) = x (B,IN) · wᵀ + b — matrix–vector per row, 4 outputs × 8 inputs per step; the driver's choice for B < 4. */
export function dense_fwd_f32__simd128_mv4(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    denseFwdRowF32<Plain>(y + (<usize>(r * OUT) << 2), x + (<usize>(r * IN) << 2), w, b, IN, OUT);
  }
}

/** dx (B,IN) = dy (B,OUT) · w (OUT,IN) — 4 rows × 8 inputs per tile (see denseBwdDataF32_4x8). */
export function dense_bwd_data_f32__simd128_4x8(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdDataF32_4x8<Plain>(dx, dy, w, B, IN, OUT);
}

/** dw (OUT,IN) += dyᵀ · x; db += Σ_rows dy (db == 0: skipped) — 4 outputs × 8 inputs, blocked rows. */
export function dense_bwd_weight_f32__simd128_4x8(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeightF32_4x8<Plain>(dw, db, dy, x, B, IN, OUT);
}

/** p (n) −= lr · g (n) — 4 vectors (16 values) per iteration, then 1 vector, then scalar. */
export function sgd_step_f32__simd128_x4(p: usize, g: usize, lr: f32, n: i32): void {
  const lv = f32x4.splat(lr);
  const end16 = <usize>(n & ~15) << 2;
  const end4 = <usize>(n & ~3) << 2;
  const full = <usize>n << 2;
  let q: usize = 0;
  for (; q < end16; q += 64) {
    const pp = p + q;
    const gp = g + q;
    const p0 = f32x4.sub(v128.load(pp), f32x4.mul(lv, v128.load(gp)));
    const p1 = f32x4.sub(v128.load(pp, 16), f32x4.mul(lv, v128.load(gp, 16)));
    const p2 = f32x4.sub(v128.load(pp, 32), f32x4.mul(lv, v128.load(gp, 32)));
    const p3 = f32x4.sub(v128.load(pp, 48), f32x4.mul(lv, v128.load(gp, 48)));
    v128.store(pp, p0); v128.store(pp, p1, 16); v128.store(pp, p2, 32); v128.store(pp, p3, 48);
  }
  for (; q < end4; q += 16) v128.store(p + q, f32x4.sub(v128.load(p + q), f32x4.mul(lv, v128.load(g + q))));
  for (; q < full; q += 4) store<f32>(p + q, load<f32>(p + q) - lr * load<f32>(g + q));
}

/** p (n) = v — 4 vector stores (16 values) per iteration, then 1 vector, then scalar. */
export function fill_f32__simd128_x4(p: usize, v: f32, n: i32): void {
  const vv = f32x4.splat(v);
  const end16 = <usize>(n & ~15) << 2;
  const end4 = <usize>(n & ~3) << 2;
  const full = <usize>n << 2;
  let q: usize = 0;
  for (; q < end16; q += 64) {
    const pp = p + q;
    v128.store(pp, vv); v128.store(pp, vv, 16); v128.store(pp, vv, 32); v128.store(pp, vv, 48);
  }
  for (; q < end4; q += 16) v128.store(p + q, vv);
  for (; q < full; q += 4) store<f32>(p + q, v);
}

/**
 * w (OUT,IN) −= lr · (dy ⊗ x); b −= lr · dy (b == 0: skipped) — 8 rows × one x vector (4 inputs)
 * per step, the 8 dy splats in registers; w − lr·(d·x) per element as the scalar kernel (exact).
 */
export function dense_sgd_update_f32__simd128_8x4(w: usize, b: usize, dy: usize, x: usize, lr: f32, IN: i32, OUT: i32): void {
  const end = <usize>(IN & ~3) << 2;
  const full = <usize>IN << 2;
  const sx = full;
  const lv = f32x4.splat(lr);
  if (b) {
    for (let o = 0; o < OUT; o++) {
      const q = <usize>o << 2;
      store<f32>(b + q, load<f32>(b + q) - lr * load<f32>(dy + q));
    }
  }
  let o = 0;
  for (; o + 8 <= OUT; o += 8) {
    const dq = dy + (<usize>o << 2);
    const v0 = v128.load32_splat(dq), v1 = v128.load32_splat(dq, 4);
    const v2 = v128.load32_splat(dq, 8), v3 = v128.load32_splat(dq, 12);
    const v4 = v128.load32_splat(dq, 16), v5 = v128.load32_splat(dq, 20);
    const v6 = v128.load32_splat(dq, 24), v7 = v128.load32_splat(dq, 28);
    const w0 = w + <usize>o * sx;
    for (let p: usize = 0; p < end; p += 16) {
      const u = v128.load(x + p);
      let q = w0 + p;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v0, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v1, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v2, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v3, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v4, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v5, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v6, u)))); q += sx;
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(lv, f32x4.mul(v7, u))));
    }
    for (let p = end; p < full; p += 4) {
      const e = load<f32>(x + p);
      let q = w0 + p;
      for (let k = 0; k < 8; k++) {
        store<f32>(q, load<f32>(q) - lr * (load<f32>(dq + (<usize>k << 2)) * e));
        q += sx;
      }
    }
  }
  for (; o < OUT; o++) {
    const d = load<f32>(dy + (<usize>o << 2));
    const dv = f32x4.splat(d);
    const wo = w + <usize>o * sx;
    for (let p: usize = 0; p < end; p += 16) {
      v128.store(wo + p, f32x4.sub(v128.load(wo + p), f32x4.mul(lv, f32x4.mul(dv, v128.load(x + p)))));
    }
    for (let p = end; p < full; p += 4) store<f32>(wo + p, load<f32>(wo + p) - lr * (d * load<f32>(x + p)));
  }
}

/**
 * w −= lr·(dy ⊗ x); b −= lr·dy (b == 0: skipped); y (OUT) = w · xn + bf — 2 rows × 8 inputs per step:
 * each updated vector is stored and multiplied into its row's accumulator at once (W read once per
 * sample). The update is exact; y is summed in the forward tiles' order, so chained online rows give
 * the bits of the unchained update + dense_fwd_f32__simd128_mv4.
 */
export function dense_sgd_update_fwd_f32__simd128_2x8(
  y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f32, IN: i32, OUT: i32,
): void {
  const end8 = <usize>(IN & ~7) << 2;
  const end = <usize>(IN & ~3) << 2;
  const full = <usize>IN << 2;
  const sx = full;
  const lv = f32x4.splat(lr);
  let o = 0;
  for (; o + 2 <= OUT; o += 2) {
    const oq = <usize>o << 2;
    const d0 = load<f32>(dy + oq), d1 = load<f32>(dy + oq, 4);
    if (b) {
      store<f32>(b + oq, load<f32>(b + oq) - lr * d0);
      store<f32>(b + oq, load<f32>(b + oq, 4) - lr * d1, 4);
    }
    const v0 = f32x4.splat(d0), v1 = f32x4.splat(d1);
    const w0 = w + <usize>o * sx;
    const w1 = w0 + sx;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    let p: usize = 0;
    for (; p < end8; p += 32) {
      const q0 = w0 + p, q1 = w1 + p;
      const u0 = v128.load(x + p), u1 = v128.load(x + p, 16);
      const n0 = v128.load(xn + p), n1 = v128.load(xn + p, 16);
      const t00 = f32x4.sub(v128.load(q0), f32x4.mul(lv, f32x4.mul(v0, u0)));
      const t10 = f32x4.sub(v128.load(q1), f32x4.mul(lv, f32x4.mul(v1, u0)));
      const t01 = f32x4.sub(v128.load(q0, 16), f32x4.mul(lv, f32x4.mul(v0, u1)));
      const t11 = f32x4.sub(v128.load(q1, 16), f32x4.mul(lv, f32x4.mul(v1, u1)));
      v128.store(q0, t00); v128.store(q0, t01, 16);
      v128.store(q1, t10); v128.store(q1, t11, 16);
      a0 = f32x4.add(a0, f32x4.mul(n0, t00)); a1 = f32x4.add(a1, f32x4.mul(n0, t10));
      a0 = f32x4.add(a0, f32x4.mul(n1, t01)); a1 = f32x4.add(a1, f32x4.mul(n1, t11));
    }
    if (p < end) {
      const q0 = w0 + p, q1 = w1 + p;
      const u0 = v128.load(x + p), n0 = v128.load(xn + p);
      const t00 = f32x4.sub(v128.load(q0), f32x4.mul(lv, f32x4.mul(v0, u0)));
      const t10 = f32x4.sub(v128.load(q1), f32x4.mul(lv, f32x4.mul(v1, u0)));
      v128.store(q0, t00); v128.store(q1, t10);
      a0 = f32x4.add(a0, f32x4.mul(n0, t00)); a1 = f32x4.add(a1, f32x4.mul(n0, t10));
    }
    let s0 = hsum4(a0), s1 = hsum4(a1);
    for (let q = end; q < full; q += 4) {
      const e = load<f32>(x + q), en = load<f32>(xn + q);
      const t0 = load<f32>(w0 + q) - lr * (d0 * e);
      const t1 = load<f32>(w1 + q) - lr * (d1 * e);
      store<f32>(w0 + q, t0); store<f32>(w1 + q, t1);
      s0 += en * t0; s1 += en * t1;
    }
    store<f32>(y + oq, s0 + load<f32>(bf + oq));
    store<f32>(y + oq, s1 + load<f32>(bf + oq, 4), 4);
  }
  if (o < OUT) {
    const oq = <usize>o << 2;
    const d0 = load<f32>(dy + oq);
    if (b) store<f32>(b + oq, load<f32>(b + oq) - lr * d0);
    const v0 = f32x4.splat(d0);
    const w0 = w + <usize>o * sx;
    let a0 = f32x4.splat(0);
    for (let p: usize = 0; p < end; p += 16) {
      const t = f32x4.sub(v128.load(w0 + p), f32x4.mul(lv, f32x4.mul(v0, v128.load(x + p))));
      v128.store(w0 + p, t);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(xn + p), t));
    }
    let s0 = hsum4(a0);
    for (let q = end; q < full; q += 4) {
      const t0 = load<f32>(w0 + q) - lr * (d0 * load<f32>(x + q));
      store<f32>(w0 + q, t0);
      s0 += load<f32>(xn + q) * t0;
    }
    store<f32>(y + oq, s0 + load<f32>(bf + oq));
  }
}

/** y (n) = exp(x (n)) — four lanes of expf (identical bits to exp_f32__scalar). */
export function exp_f32__simd128(y: usize, x: usize, n: i32): void {
  const end = <usize>(n & ~3) << 2;
  const full = <usize>n << 2;
  let q: usize = 0;
  for (; q < end; q += 16) v128.store(y + q, exp_f32x4(v128.load(x + q)));
  for (; q < full; q += 4) store<f32>(y + q, expf(load<f32>(x + q)));
}

/** y (n) = 1 / (1 + exp(−alpha · x)) — four lanes of the scalar kernel's operations (sigmoidf: identical bits), then one. */
export function sigmoid_fwd_f32__simd128(y: usize, x: usize, alpha: f32, n: i32): void {
  const av = f32x4.splat(alpha);
  const end = <usize>(n & ~3) << 2;
  const full = <usize>n << 2;
  let q: usize = 0;
  for (; q < end; q += 16) v128.store(y + q, sigmoid_f32x4(f32x4.mul(av, v128.load(x + q))));
  for (; q < full; q += 4) store<f32>(y + q, sigmoidf(alpha * load<f32>(x + q)));
}
