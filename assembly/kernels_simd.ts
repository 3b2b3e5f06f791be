// f64x2 (WebAssembly SIMD128) kernel variants. Same ABI and shapes as kernels.ts; only compiled
// into the SIMD (and relaxed-SIMD) binaries: the drivers reach them behind `if (ASC_FEATURE_SIMD)`.
// Two kinds per op:
//   __simd128        the straight f64x2 version of the scalar loop (one accumulator / one axpy);
//   __simd128_RxC    register-blocked: an R×C tile of outputs is kept in f64x2 accumulators over
//                    the whole reduction, so every vector loaded is used R or C times
//                    (__simd128_mv4: the matrix–vector form of dense_fwd for B < 4).
// The blocked loop bodies live in tiles.ts, generic over `F` (Plain here, Fused in
// kernels_relaxed.ts), so the relaxed-SIMD variants are the same loops with f64x2.relaxed_madd.
// Not here: allocation, packing copies (no variant needs one: both operands of every product are
// contiguous along the reduced axis in the canonical OUT×IN layout), activations other than the
// sigmoid forward (whose exp on two lanes is exp_simd.ts).
// Rounding: dense_fwd sums two lanes separately (≈1e-15 relative from the scalar order), every
// dense_fwd variant here in the same order (identical bits); the blocked dense_bwd_data /
// dense_bwd_weight, every sgd_step and dense_sgd_update keep the scalar order exactly;
// dense_sgd_update_fwd updates exactly and sums its forward product like dense_fwd.
import { exp_f64x2 } from './exp_simd';
import { Plain, denseFwd4x2, denseFwdMv4, denseBwdData4x4, denseBwdWeight4x4, denseSgdUpdateFwd2x4 } from './tiles';

// ---------------------------------------------------------------------------------------------
// dense forward: y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT)

// y (B,OUT) = x (B,IN) · wᵀ + b      — dot products with f64x2 accumulators
export function dense_fwd_f64__simd128(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  const IN2 = IN & ~1;
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * IN) << 3);
    const yr = y + (<usize>(r * OUT) << 3);
    for (let o = 0; o < OUT; o++) {
      const wo = w + (<usize>(o * IN) << 3);
      let acc = f64x2.splat(0);
      let i = 0;
      for (; i < IN2; i += 2) {
        const p = <usize>i << 3;
        acc = f64x2.add(acc, f64x2.mul(v128.load(wo + p), v128.load(xr + p)));
      }
      let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      if (i < IN) s += load<f64>(wo + (<usize>i << 3)) * load<f64>(xr + (<usize>i << 3));
      store<f64>(yr + (<usize>o << 3), s + load<f64>(b + (<usize>o << 3)));
    }
  }
}

/** y (B,OUT) = x (B,IN) · wᵀ + b — register-blocked 4 rows × 2 outputs (see denseFwd4x2). */
export function dense_fwd_f64__simd128_4x2(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwd4x2<Plain>(y, x, w, b, B, IN, OUT);
}

/** y (B,OUT) = x (B,IN) · wᵀ + b — matrix–vector, 4 outputs × 4 inputs per step (see denseFwdMv4); the driver's choice for B < 4. */
export function dense_fwd_f64__simd128_mv4(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwdMv4<Plain>(y, x, w, b, B, IN, OUT);
}

// ---------------------------------------------------------------------------------------------
// dense backward, data: dx (B,IN) = dy (B,OUT) · w (OUT,IN)     (overwrites dx)

// dx (B,IN) = dy (B,OUT) · w (OUT,IN)      — row axpy with f64x2
export function dense_bwd_data_f64__simd128(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  const IN2 = IN & ~1;
  for (let r = 0; r < B; r++) {
    const dxr = dx + (<usize>(r * IN) << 3);
    const dyr = dy + (<usize>(r * OUT) << 3);
    memory.fill(dxr, 0, <usize>IN << 3);
    for (let o = 0; o < OUT; o++) {
      const d = load<f64>(dyr + (<usize>o << 3));
      const dv = f64x2.splat(d);
      const wo = w + (<usize>(o * IN) << 3);
      let i = 0;
      for (; i < IN2; i += 2) {
        const p = <usize>i << 3;
        v128.store(dxr + p, f64x2.add(v128.load(dxr + p), f64x2.mul(dv, v128.load(wo + p))));
      }
      if (i < IN) {
        const p = <usize>i << 3;
        store<f64>(dxr + p, load<f64>(dxr + p) + d * load<f64>(wo + p));
      }
    }
  }
}

/** dx (B,IN) = dy (B,OUT) · w (OUT,IN) — register-blocked 4 rows × 4 inputs (see denseBwdData4x4). */
export function dense_bwd_data_f64__simd128_4x4(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdData4x4<Plain>(dx, dy, w, B, IN, OUT);
}

// ---------------------------------------------------------------------------------------------
// dense backward, weights: dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN);  db (OUT) += Σ_rows dy

// dw (OUT,IN) += dyᵀ · x;  db (OUT) += Σ_rows dy  (db == 0: skipped)   — row axpy with f64x2
export function dense_bwd_weight_f64__simd128(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  const IN2 = IN & ~1;
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * IN) << 3);
    const dyr = dy + (<usize>(r * OUT) << 3);
    for (let o = 0; o < OUT; o++) {
      const d = load<f64>(dyr + (<usize>o << 3));
      if (db) store<f64>(db + (<usize>o << 3), load<f64>(db + (<usize>o << 3)) + d);
      const dv = f64x2.splat(d);
      const dwo = dw + (<usize>(o * IN) << 3);
      let i = 0;
      for (; i < IN2; i += 2) {
        const p = <usize>i << 3;
        v128.store(dwo + p, f64x2.add(v128.load(dwo + p), f64x2.mul(dv, v128.load(xr + p))));
      }
      if (i < IN) {
        const p = <usize>i << 3;
        store<f64>(dwo + p, load<f64>(dwo + p) + d * load<f64>(xr + p));
      }
    }
  }
}

/** dw (OUT,IN) += dyᵀ · x; db (OUT) += Σ_rows dy (db == 0: skipped) — register-blocked 4 outputs × 4 inputs. */
export function dense_bwd_weight_f64__simd128_4x4(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeight4x4<Plain>(dw, db, dy, x, B, IN, OUT);
}

// ---------------------------------------------------------------------------------------------
// SGD step: p (n) −= lr · g (n)

// p (n) −= lr · g (n)
export function sgd_step_f64__simd128(p: usize, g: usize, lr: f64, n: i32): void {
  const n2 = n & ~1;
  const lv = f64x2.splat(lr);
  let k = 0;
  for (; k < n2; k += 2) {
    const q = <usize>k << 3;
    v128.store(p + q, f64x2.sub(v128.load(p + q), f64x2.mul(lv, v128.load(g + q))));
  }
  if (k < n) {
    const q = <usize>k << 3;
    store<f64>(p + q, load<f64>(p + q) - lr * load<f64>(g + q));
  }
}

// p (n) −= lr · g (n)      — 4 vectors (8 values) per iteration, then 2-wide, then scalar
export function sgd_step_f64__simd128_x4(p: usize, g: usize, lr: f64, n: i32): void {
  const lv = f64x2.splat(lr);
  const end8 = <usize>(n & ~7) << 3;
  const end2 = <usize>(n & ~1) << 3;
  let q: usize = 0;
  for (; q < end8; q += 64) {
    const pp = p + q;
    const gp = g + q;
    const p0 = f64x2.sub(v128.load(pp), f64x2.mul(lv, v128.load(gp)));
    const p1 = f64x2.sub(v128.load(pp, 16), f64x2.mul(lv, v128.load(gp, 16)));
    const p2 = f64x2.sub(v128.load(pp, 32), f64x2.mul(lv, v128.load(gp, 32)));
    const p3 = f64x2.sub(v128.load(pp, 48), f64x2.mul(lv, v128.load(gp, 48)));
    v128.store(pp, p0); v128.store(pp, p1, 16); v128.store(pp, p2, 32); v128.store(pp, p3, 48);
  }
  for (; q < end2; q += 16) {
    v128.store(p + q, f64x2.sub(v128.load(p + q), f64x2.mul(lv, v128.load(g + q))));
  }
  if (end2 < (<usize>n << 3)) {
    store<f64>(p + end2, load<f64>(p + end2) - lr * load<f64>(g + end2));
  }
}

// ---------------------------------------------------------------------------------------------
// fill: p (n) = v   (the driver zeroes the gradient block with it before every batch)

// p (n) = v      — 4 vector stores (8 values) per iteration, then 2-wide, then scalar
export function fill_f64__simd128_x4(p: usize, v: f64, n: i32): void {
  const vv = f64x2.splat(v);
  const end8 = <usize>(n & ~7) << 3;
  const end2 = <usize>(n & ~1) << 3;
  let q: usize = 0;
  for (; q < end8; q += 64) {
    const pp = p + q;
    v128.store(pp, vv); v128.store(pp, vv, 16); v128.store(pp, vv, 32); v128.store(pp, vv, 48);
  }
  for (; q < end2; q += 16) v128.store(p + q, vv);
  if (end2 < (<usize>n << 3)) store<f64>(p + end2, v);
}

// w (OUT,IN) −= lr · (dy ⊗ x);  b (OUT) −= lr · dy (b == 0: skipped)   — f64x2, same operations
// per element as the scalar kernel (bit-identical)
export function dense_sgd_update_f64__simd128(w: usize, b: usize, dy: usize, x: usize, lr: f64, IN: i32, OUT: i32): void {
  const IN2 = IN & ~1;
  const lv = f64x2.splat(lr);
  for (let o = 0; o < OUT; o++) {
    const d = load<f64>(dy + (<usize>o << 3));
    if (b) store<f64>(b + (<usize>o << 3), load<f64>(b + (<usize>o << 3)) - lr * d);
    const dv = f64x2.splat(d);
    const wo = w + (<usize>(o * IN) << 3);
    let i = 0;
    for (; i < IN2; i += 2) {
      const p = <usize>i << 3;
      v128.store(wo + p, f64x2.sub(v128.load(wo + p), f64x2.mul(lv, f64x2.mul(dv, v128.load(x + p)))));
    }
    if (i < IN) {
      const p = <usize>i << 3;
      store<f64>(wo + p, load<f64>(wo + p) - lr * (d * load<f64>(x + p)));
    }
  }
}

// w (OUT,IN) −= lr · (dy ⊗ x);  b (OUT) −= lr · dy (b == 0: skipped)   — 8 rows × 2 inputs (one
// vector) per step: each x vector is loaded once for 8 rows, the 8 dy splats stay in registers.
// Same operations per element as the scalar kernel (bit-identical). Left-over rows one at a time.
export function dense_sgd_update_f64__simd128_8x2(w: usize, b: usize, dy: usize, x: usize, lr: f64, IN: i32, OUT: i32): void {
  const end = <usize>(IN & ~1) << 3;        // bytes covered by whole vectors
  const odd = (IN & 1) != 0;                 // the odd last element sits at byte offset `end`
  const sx = <usize>IN << 3;                 // row stride of w, bytes
  const lv = f64x2.splat(lr);
  if (b) {
    for (let o = 0; o < OUT; o++) {
      const q = <usize>o << 3;
      store<f64>(b + q, load<f64>(b + q) - lr * load<f64>(dy + q));
    }
  }
  let o = 0;
  for (; o + 8 <= OUT; o += 8) {
    const dq = dy + (<usize>o << 3);
    const v0 = v128.load64_splat(dq), v1 = v128.load64_splat(dq, 8);
    const v2 = v128.load64_splat(dq, 16), v3 = v128.load64_splat(dq, 24);
    const v4 = v128.load64_splat(dq, 32), v5 = v128.load64_splat(dq, 40);
    const v6 = v128.load64_splat(dq, 48), v7 = v128.load64_splat(dq, 56);
    const w0 = w + <usize>o * sx;
    for (let p: usize = 0; p < end; p += 16) {
      const u = v128.load(x + p);
      let q = w0 + p;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v0, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v1, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v2, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v3, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v4, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v5, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v6, u)))); q += sx;
      v128.store(q, f64x2.sub(v128.load(q), f64x2.mul(lv, f64x2.mul(v7, u))));
    }
    if (odd) {
      const e = load<f64>(x + end);
      let q = w0 + end;
      for (let k = 0; k < 8; k++) {
        store<f64>(q, load<f64>(q) - lr * (load<f64>(dq + (<usize>k << 3)) * e));
        q += sx;
      }
    }
  }
  for (; o < OUT; o++) {
    const d = load<f64>(dy + (<usize>o << 3));
    const dv = f64x2.splat(d);
    const wo = w + <usize>o * sx;
    for (let p: usize = 0; p < end; p += 16) {
      v128.store(wo + p, f64x2.sub(v128.load(wo + p), f64x2.mul(lv, f64x2.mul(dv, v128.load(x + p)))));
    }
    if (odd) store<f64>(wo + end, load<f64>(wo + end) - lr * (d * load<f64>(x + end)));
  }
}

// ---------------------------------------------------------------------------------------------
// fused online step + next forward: w −= lr·(dy ⊗ x); b −= lr·dy; y = w · xn + bf

/** w −= lr·(dy ⊗ x); b −= lr·dy (b == 0: skipped); y (OUT) = w · xn (IN) + bf — 2 rows × 4 inputs per step (see denseSgdUpdateFwd2x4). */
export function dense_sgd_update_fwd_f64__simd128_2x4(
  y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f64, IN: i32, OUT: i32,
): void {
  denseSgdUpdateFwd2x4<Plain>(y, w, b, dy, x, xn, bf, lr, IN, OUT);
}

// ---------------------------------------------------------------------------------------------
// sigmoid forward: y (n) = 1 / (1 + exp(−alpha · x (n)))   (in place allowed: y == x)

/**
 * Two lanes at a time with exp_f64x2 (Math.exp's own algorithm per lane): bit-identical to the scalar
 * kernel. The two inputs are loaded one f64 each, not as one v128: on small layers they were just
 * written by two scalar stores (the scalar product kernels), and a 16-byte load spanning two 8-byte
 * stores cannot be store-forwarded — it waits for both to reach the cache (~8 % of a W1 update).
 */
export function sigmoid_fwd_f64__simd128(y: usize, x: usize, alpha: f64, n: i32): void {
  sigmoidFwdF64x2(y, x, alpha, n);
}

/** The body of sigmoid_fwd_f64__simd128, inlined where the drivers call it (dispatch.ts actFwd). */
// @ts-ignore: decorator
@inline export function sigmoidFwdF64x2(y: usize, x: usize, alpha: f64, n: i32): void {
  const na = f64x2.splat(-alpha);
  const one = f64x2.splat(1.0);
  const n2 = n & ~1;
  let k = 0;
  for (; k < n2; k += 2) {
    const p = <usize>k << 3;
    v128.store(y + p, f64x2.div(one, f64x2.add(one, exp_f64x2(f64x2.mul(na, f64x2(load<f64>(x + p), load<f64>(x + p, 8)))))));
  }
  if (k < n) {
    const p = <usize>k << 3;
    store<f64>(y + p, 1.0 / (1.0 + Math.exp(-alpha * load<f64>(x + p))));
  }
}
