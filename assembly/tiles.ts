// Register-blocked f64x2 loop bodies shared by the SIMD128 variants (kernels_simd.ts, F = Plain) and
// the relaxed-SIMD variants (kernels_relaxed.ts, F = Fused). Each is generic over F only to choose
// mul + add or f64x2.relaxed_madd; the choice is resolved at compile time. An R×C tile of outputs
// stays in f64x2 accumulators over the whole reduction, so every vector loaded is used R or C times.
// denseFwdMv4 and denseSgdUpdateFwd2x4 (the online-training kernels) are instantiated with Plain only:
// their relaxed twins measured no faster (bench/README.md, "Online training"). At the end, the
// scalar weight-gradient loop with an explicit dy stride (for parts of a product split by units).
// Not here: exports (these are @inline templates; the named variants live in kernels_simd.ts and
// kernels_relaxed.ts), allocation or packing (both operands of every product are contiguous along
// the reduced axis in the canonical OUT×IN layout, so no variant needs a packed copy).

/** Marker type for the generic blocked kernels: separate multiply and add (bit-stable everywhere). */
export class Plain {}
/** Marker type for the generic blocked kernels: f64x2.relaxed_madd (fused where the CPU has FMA). */
export class Fused {}

// c + a·b, fused or not according to F (resolved at compile time: the other branch is not emitted)
// @ts-ignore: decorator
@inline export function madd<F>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (idof<F>() == idof<Fused>()) return f64x2.relaxed_madd(a, b, c);
  }
  return f64x2.add(c, f64x2.mul(a, b));
}

// sum of both lanes
// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// y (B,OUT) = x (B,IN) · wᵀ + b      — 4 rows × 2 outputs per tile: 8 f64x2 accumulators, each
// step loads 4 x vectors and 2 w vectors for 8 multiply-adds. Left-over rows (B % 4) take the
// matrix–vector tile below (denseFwdMv4), left-over outputs 4×1. ldy != 0: y's row stride in
// elements (the threaded driver computes a range of a wider layer's outputs in place); 0 = OUT.
// @ts-ignore: decorator
@inline export function denseFwd4x2<F>(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, ldy: i32 = 0): void {
  const end = <usize>(IN & ~1) << 3;        // bytes covered by whole vectors
  const odd = (IN & 1) != 0;
  const tail = end;                          // byte offset of the odd last element
  const sx = <usize>IN << 3;                 // row stride of x and of w, bytes
  const sy = <usize>(ldy ? ldy : OUT) << 3;  // row stride of y, bytes
  let r = 0;
  for (; r + 4 <= B; r += 4) {
    const x0 = x + <usize>r * sx;
    const x1 = x0 + sx;
    const x2 = x1 + sx;
    const x3 = x2 + sx;
    const y0 = y + <usize>r * sy;
    let o = 0;
    for (; o + 2 <= OUT; o += 2) {
      const w0 = w + <usize>o * sx;
      const w1 = w0 + sx;
      let a00 = f64x2.splat(0), a01 = f64x2.splat(0);
      let a10 = f64x2.splat(0), a11 = f64x2.splat(0);
      let a20 = f64x2.splat(0), a21 = f64x2.splat(0);
      let a30 = f64x2.splat(0), a31 = f64x2.splat(0);
      for (let p: usize = 0; p < end; p += 16) {
        const v0 = v128.load(w0 + p);
        const v1 = v128.load(w1 + p);
        let u = v128.load(x0 + p);
        a00 = madd<F>(u, v0, a00); a01 = madd<F>(u, v1, a01);
        u = v128.load(x1 + p);
        a10 = madd<F>(u, v0, a10); a11 = madd<F>(u, v1, a11);
        u = v128.load(x2 + p);
        a20 = madd<F>(u, v0, a20); a21 = madd<F>(u, v1, a21);
        u = v128.load(x3 + p);
        a30 = madd<F>(u, v0, a30); a31 = madd<F>(u, v1, a31);
      }
      let s00 = hsum(a00), s01 = hsum(a01), s10 = hsum(a10), s11 = hsum(a11);
      let s20 = hsum(a20), s21 = hsum(a21), s30 = hsum(a30), s31 = hsum(a31);
      if (odd) {
        const c0 = load<f64>(w0 + tail), c1 = load<f64>(w1 + tail);
        const e0 = load<f64>(x0 + tail), e1 = load<f64>(x1 + tail);
        const e2 = load<f64>(x2 + tail), e3 = load<f64>(x3 + tail);
        s00 += c0 * e0; s01 += c1 * e0; s10 += c0 * e1; s11 += c1 * e1;
        s20 += c0 * e2; s21 += c1 * e2; s30 += c0 * e3; s31 += c1 * e3;
      }
      const b0 = load<f64>(b + (<usize>o << 3)), b1 = load<f64>(b + (<usize>o << 3), 8);
      const yo = y0 + (<usize>o << 3);
      store<f64>(yo, s00 + b0); store<f64>(yo, s01 + b1, 8);
      store<f64>(yo + sy, s10 + b0); store<f64>(yo + sy, s11 + b1, 8);
      store<f64>(yo + 2 * sy, s20 + b0); store<f64>(yo + 2 * sy, s21 + b1, 8);
      store<f64>(yo + 3 * sy, s30 + b0); store<f64>(yo + 3 * sy, s31 + b1, 8);
    }
    if (o < OUT) {
      // the last output of an odd OUT: 4×1
      const w0 = w + <usize>o * sx;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (let p: usize = 0; p < end; p += 16) {
        const v0 = v128.load(w0 + p);
        a0 = madd<F>(v128.load(x0 + p), v0, a0);
        a1 = madd<F>(v128.load(x1 + p), v0, a1);
        a2 = madd<F>(v128.load(x2 + p), v0, a2);
        a3 = madd<F>(v128.load(x3 + p), v0, a3);
      }
      let s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
      if (odd) {
        const c0 = load<f64>(w0 + tail);
        s0 += c0 * load<f64>(x0 + tail); s1 += c0 * load<f64>(x1 + tail);
        s2 += c0 * load<f64>(x2 + tail); s3 += c0 * load<f64>(x3 + tail);
      }
      const b0 = load<f64>(b + (<usize>o << 3));
      const yo = y0 + (<usize>o << 3);
      store<f64>(yo, s0 + b0); store<f64>(yo + sy, s1 + b0);
      store<f64>(yo + 2 * sy, s2 + b0); store<f64>(yo + 3 * sy, s3 + b0);
    }
  }
  // left-over rows (B % 4): the matrix–vector tile, which sums each output in this order too
  if (r < B) denseFwdMv4<F>(y + <usize>r * sy, x + <usize>r * sx, w, b, B - r, IN, OUT, ldy);
}

// y (B,OUT) = x (B,IN) · wᵀ + b      — matrix–vector form for few rows (the driver's choice for
// B < 4, where denseFwd4x2 has no whole 4-row tile): each row of x against 4 outputs at a time, one
// f64x2 accumulator per output, 4 inputs (2 x vectors, each used 4 times) per step: 8 multiply-adds.
// Why not 1×4 with one vector per step: each accumulator then adds
// once per step and the loop is bound by the add latency; here the two adds of a step per
// accumulator come with twice the work in between. Why not 8 outputs: 8 row pointers do not fit
// V8's x64 registers and the loop spills (measured slower). Every output sums its products in the
// same order as in denseFwd4x2 (lane-wise over the vectors in order, lanes added, odd tail, bias),
// so both give identical bits.
// @ts-ignore: decorator
@inline export function denseFwdMv4<F>(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, ldy: i32 = 0): void {
  const end4 = <usize>(IN & ~3) << 3;       // bytes covered by whole 2-vector steps
  const end = <usize>(IN & ~1) << 3;        // bytes covered by whole vectors
  const odd = (IN & 1) != 0;                 // the odd last element sits at byte offset `end`
  const sx = <usize>IN << 3;                 // row stride of x and of w, bytes
  const sy = <usize>(ldy ? ldy : OUT) << 3;  // row stride of y, bytes (ldy: as in denseFwd4x2)
  for (let r = 0; r < B; r++) {
    const x0 = x + <usize>r * sx;
    const y0 = y + <usize>r * sy;
    let o = 0;
    for (; o + 4 <= OUT; o += 4) {
      const w0 = w + <usize>o * sx;
      const w1 = w0 + sx;
      const w2 = w1 + sx;
      const w3 = w2 + sx;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let p: usize = 0;
      for (; p < end4; p += 32) {
        let u = v128.load(x0 + p);
        a0 = madd<F>(u, v128.load(w0 + p), a0);
        a1 = madd<F>(u, v128.load(w1 + p), a1);
        a2 = madd<F>(u, v128.load(w2 + p), a2);
        a3 = madd<F>(u, v128.load(w3 + p), a3);
        u = v128.load(x0 + p, 16);
        a0 = madd<F>(u, v128.load(w0 + p, 16), a0);
        a1 = madd<F>(u, v128.load(w1 + p, 16), a1);
        a2 = madd<F>(u, v128.load(w2 + p, 16), a2);
        a3 = madd<F>(u, v128.load(w3 + p, 16), a3);
      }
      if (p < end) {
        const u = v128.load(x0 + p);
        a0 = madd<F>(u, v128.load(w0 + p), a0);
        a1 = madd<F>(u, v128.load(w1 + p), a1);
        a2 = madd<F>(u, v128.load(w2 + p), a2);
        a3 = madd<F>(u, v128.load(w3 + p), a3);
      }
      let s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
      if (odd) {
        const e = load<f64>(x0 + end);
        s0 += load<f64>(w0 + end) * e; s1 += load<f64>(w1 + end) * e;
        s2 += load<f64>(w2 + end) * e; s3 += load<f64>(w3 + end) * e;
      }
      const bo = b + (<usize>o << 3);
      const yo = y0 + (<usize>o << 3);
      store<f64>(yo, s0 + load<f64>(bo)); store<f64>(yo, s1 + load<f64>(bo, 8), 8);
      store<f64>(yo, s2 + load<f64>(bo, 16), 16); store<f64>(yo, s3 + load<f64>(bo, 24), 24);
    }
    for (; o < OUT; o++) {
      // left-over outputs (OUT % 4): one at a time
      const w0 = w + <usize>o * sx;
      let a0 = f64x2.splat(0);
      for (let p: usize = 0; p < end; p += 16) a0 = madd<F>(v128.load(x0 + p), v128.load(w0 + p), a0);
      let s0 = hsum(a0);
      if (odd) s0 += load<f64>(w0 + end) * load<f64>(x0 + end);
      store<f64>(y0 + (<usize>o << 3), s0 + load<f64>(b + (<usize>o << 3)));
    }
  }
}

// w (OUT,IN) −= lr · (dy ⊗ x);  b (OUT) −= lr · dy (b == 0: skipped);  then y (OUT) = w · xn + bf
// — one online-SGD step of layer 0 fused with the next sample's forward product, 2 rows × 4 inputs
// (2 vectors) per step: each new weight vector is stored and multiplied into its row's accumulator
// at once, so W is read once per sample instead of twice. Per element the update is
// w − lr·(d·x), the scalar kernel's operations (exact); per output the products are summed in
// denseFwd4x2's / denseFwdMv4's order, so y is bit-identical to those kernels run on the updated
// w. bf is read after b's update (the driver passes bf = b). Why 2 rows: with 4 (or 4 × 2
// vectors) the splats, accumulators and vectors in flight exceed V8's 16 xmm registers and the loop
// spills (measured slower: bench/README.md); why 2 vectors: with one, each accumulator's add latency binds.
// @ts-ignore: decorator
@inline export function denseSgdUpdateFwd2x4<F>(
  y: usize, w: usize, b: usize, dy: usize, x: usize, xn: usize, bf: usize, lr: f64, IN: i32, OUT: i32,
): void {
  const end4 = <usize>(IN & ~3) << 3;       // bytes covered by whole 2-vector steps
  const end = <usize>(IN & ~1) << 3;        // bytes covered by whole vectors
  const odd = (IN & 1) != 0;                 // the odd last element sits at byte offset `end`
  const sx = <usize>IN << 3;                 // row stride of w, bytes
  const lv = f64x2.splat(lr);
  let o = 0;
  for (; o + 2 <= OUT; o += 2) {
    const oq = <usize>o << 3;
    const d0 = load<f64>(dy + oq), d1 = load<f64>(dy + oq, 8);
    if (b) {
      store<f64>(b + oq, load<f64>(b + oq) - lr * d0);
      store<f64>(b + oq, load<f64>(b + oq, 8) - lr * d1, 8);
    }
    const v0 = f64x2.splat(d0), v1 = f64x2.splat(d1);
    const w0 = w + <usize>o * sx;
    const w1 = w0 + sx;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    let p: usize = 0;
    for (; p < end4; p += 32) {
      const q0 = w0 + p, q1 = w1 + p;
      const u0 = v128.load(x + p), u1 = v128.load(x + p, 16);
      const n0 = v128.load(xn + p), n1 = v128.load(xn + p, 16);
      const t00 = f64x2.sub(v128.load(q0), f64x2.mul(lv, f64x2.mul(v0, u0)));
      const t10 = f64x2.sub(v128.load(q1), f64x2.mul(lv, f64x2.mul(v1, u0)));
      const t01 = f64x2.sub(v128.load(q0, 16), f64x2.mul(lv, f64x2.mul(v0, u1)));
      const t11 = f64x2.sub(v128.load(q1, 16), f64x2.mul(lv, f64x2.mul(v1, u1)));
      v128.store(q0, t00); v128.store(q0, t01, 16);
      v128.store(q1, t10); v128.store(q1, t11, 16);
      a0 = madd<F>(n0, t00, a0); a1 = madd<F>(n0, t10, a1);
      a0 = madd<F>(n1, t01, a0); a1 = madd<F>(n1, t11, a1);
    }
    if (p < end) {
      const q0 = w0 + p, q1 = w1 + p;
      const u0 = v128.load(x + p), n0 = v128.load(xn + p);
      const t00 = f64x2.sub(v128.load(q0), f64x2.mul(lv, f64x2.mul(v0, u0)));
      const t10 = f64x2.sub(v128.load(q1), f64x2.mul(lv, f64x2.mul(v1, u0)));
      v128.store(q0, t00); v128.store(q1, t10);
      a0 = madd<F>(n0, t00, a0); a1 = madd<F>(n0, t10, a1);
    }
    let s0 = hsum(a0), s1 = hsum(a1);
    if (odd) {
      const e = load<f64>(x + end), en = load<f64>(xn + end);
      const t0 = load<f64>(w0 + end) - lr * (d0 * e);
      const t1 = load<f64>(w1 + end) - lr * (d1 * e);
      store<f64>(w0 + end, t0); store<f64>(w1 + end, t1);
      s0 += t0 * en; s1 += t1 * en;
    }
    store<f64>(y + oq, s0 + load<f64>(bf + oq));
    store<f64>(y + oq, s1 + load<f64>(bf + oq, 8), 8);
  }
  if (o < OUT) {
    // the last row of an odd OUT: one vector per step
    const oq = <usize>o << 3;
    const d0 = load<f64>(dy + oq);
    if (b) store<f64>(b + oq, load<f64>(b + oq) - lr * d0);
    const v0 = f64x2.splat(d0);
    const w0 = w + <usize>o * sx;
    let a0 = f64x2.splat(0);
    for (let p: usize = 0; p < end; p += 16) {
      const t = f64x2.sub(v128.load(w0 + p), f64x2.mul(lv, f64x2.mul(v0, v128.load(x + p))));
      v128.store(w0 + p, t);
      a0 = madd<F>(v128.load(xn + p), t, a0);
    }
    let s0 = hsum(a0);
    if (odd) {
      const t0 = load<f64>(w0 + end) - lr * (d0 * load<f64>(x + end));
      store<f64>(w0 + end, t0);
      s0 += t0 * load<f64>(xn + end);
    }
    store<f64>(y + oq, s0 + load<f64>(bf + oq));
  }
}

// dx (B,IN) = dy (B,OUT) · w (OUT,IN)      — 4 rows × 4 inputs (2 vectors) per tile, the 8
// accumulators kept over the whole OUT loop and stored once: each step loads 4 broadcast dy values
// and 2 w vectors for 8 multiply-adds. Left-over rows take 1 row × 8 inputs (4 vectors: the B = 1
// case); left-over inputs 2-wide then scalar. The sum over o runs in the scalar kernel's order,
// so with F = Plain the result is bit-identical to dense_bwd_data_f64__scalar.
// @ts-ignore: decorator
@inline export function denseBwdData4x4<F>(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  const sx = <usize>IN << 3;                 // row stride of dx and of w, bytes
  const sy = <usize>OUT << 3;                // row stride of dy, bytes
  const wEnd = w + <usize>OUT * sx;          // one past the last row of w
  let r = 0;
  for (; r + 4 <= B; r += 4) {
    const d0 = dy + <usize>r * sy;
    const x0 = dx + <usize>r * sx;
    let i = 0;
    for (; i + 4 <= IN; i += 4) {
      const q = <usize>i << 3;
      let a00 = f64x2.splat(0), a01 = f64x2.splat(0);
      let a10 = f64x2.splat(0), a11 = f64x2.splat(0);
      let a20 = f64x2.splat(0), a21 = f64x2.splat(0);
      let a30 = f64x2.splat(0), a31 = f64x2.splat(0);
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        const v0 = v128.load(wp);
        const v1 = v128.load(wp, 16);
        let u = v128.load64_splat(dp);
        a00 = madd<F>(u, v0, a00); a01 = madd<F>(u, v1, a01);
        u = v128.load64_splat(dp + sy);
        a10 = madd<F>(u, v0, a10); a11 = madd<F>(u, v1, a11);
        u = v128.load64_splat(dp + 2 * sy);
        a20 = madd<F>(u, v0, a20); a21 = madd<F>(u, v1, a21);
        u = v128.load64_splat(dp + 3 * sy);
        a30 = madd<F>(u, v0, a30); a31 = madd<F>(u, v1, a31);
        dp += 8;
      }
      const xo = x0 + q;
      v128.store(xo, a00); v128.store(xo, a01, 16);
      v128.store(xo + sx, a10); v128.store(xo + sx, a11, 16);
      v128.store(xo + 2 * sx, a20); v128.store(xo + 2 * sx, a21, 16);
      v128.store(xo + 3 * sx, a30); v128.store(xo + 3 * sx, a31, 16);
    }
    for (; i < IN; i++) {
      // left-over inputs (IN % 4): scalar, 4 rows
      const q = <usize>i << 3;
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        const c = load<f64>(wp);
        s0 += load<f64>(dp) * c; s1 += load<f64>(dp + sy) * c;
        s2 += load<f64>(dp + 2 * sy) * c; s3 += load<f64>(dp + 3 * sy) * c;
        dp += 8;
      }
      store<f64>(x0 + q, s0); store<f64>(x0 + sx + q, s1);
      store<f64>(x0 + 2 * sx + q, s2); store<f64>(x0 + 3 * sx + q, s3);
    }
  }
  for (; r < B; r++) {
    const d0 = dy + <usize>r * sy;
    const x0 = dx + <usize>r * sx;
    let i = 0;
    for (; i + 8 <= IN; i += 8) {
      const q = <usize>i << 3;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        const u = v128.load64_splat(dp);
        a0 = madd<F>(u, v128.load(wp), a0);
        a1 = madd<F>(u, v128.load(wp, 16), a1);
        a2 = madd<F>(u, v128.load(wp, 32), a2);
        a3 = madd<F>(u, v128.load(wp, 48), a3);
        dp += 8;
      }
      const xo = x0 + q;
      v128.store(xo, a0); v128.store(xo, a1, 16); v128.store(xo, a2, 32); v128.store(xo, a3, 48);
    }
    for (; i + 2 <= IN; i += 2) {
      const q = <usize>i << 3;
      let a0 = f64x2.splat(0);
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        a0 = madd<F>(v128.load64_splat(dp), v128.load(wp), a0);
        dp += 8;
      }
      v128.store(x0 + q, a0);
    }
    if (i < IN) {
      const q = <usize>i << 3;
      let s0: f64 = 0;
      let dp = d0;
      for (let wp = w + q; wp < wEnd; wp += sx) {
        s0 += load<f64>(dp) * load<f64>(wp);
        dp += 8;
      }
      store<f64>(x0 + q, s0);
    }
  }
}

// db (OUT) += Σ_rows dy (B,OUT), vectorized over OUT; the sum over rows runs in the scalar order.
// sy: the row stride of dy in bytes (OUT·8, or the whole layer's when OUT is a range of its units).
// @ts-ignore: decorator
@inline export function biasGrad(db: usize, dy: usize, B: i32, OUT: i32, sy: usize): void {
  let o = 0;
  for (; o + 2 <= OUT; o += 2) {
    const q = <usize>o << 3;
    let a = v128.load(db + q);
    let dp = dy + q;
    for (let r = 0; r < B; r++) {
      a = f64x2.add(a, v128.load(dp));
      dp += sy;
    }
    v128.store(db + q, a);
  }
  if (o < OUT) {
    const q = <usize>o << 3;
    let s = load<f64>(db + q);
    let dp = dy + q;
    for (let r = 0; r < B; r++) {
      s += load<f64>(dp);
      dp += sy;
    }
    store<f64>(db + q, s);
  }
}

// dw (OUT,IN) += dyᵀ · x      — 4 outputs × 4 inputs (2 vectors) per tile: the 8 accumulators
// start from dw, run over all B rows (4 broadcast dy values + 2 x vectors → 8 multiply-adds per
// row) and are stored once. Left-over outputs take 1 × 8-input tiles; left-over inputs 2-wide then
// scalar. Rows are added to each dw element in the scalar kernel's order, so with F = Plain the
// result is bit-identical to dense_bwd_weight_f64__scalar. db as in biasGrad.
// @ts-ignore: decorator
@inline export function denseBwdWeight4x4<F>(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeight4x4Ld<F>(dw, db, dy, x, B, IN, OUT, OUT);
}

// denseBwdWeight4x4 over OUT output units whose dy rows are ldy values apart: a range of a layer's
// units (dw, db, dy pointing at its first unit), which is how threads split the weight gradient.
// @ts-ignore: decorator
@inline export function denseBwdWeight4x4Ld<F>(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  // Rows in blocks of BWD_WEIGHT_ROWS: each dW tile then sums a block of x rows that stays in L2
  // (32 rows of 784 inputs = 200 KB) instead of streaming all B rows of x once per tile. The
  // additions into each dW element still come in row order, so the result is unchanged (exact).
  for (let r = 0; r < B; r += BWD_WEIGHT_ROWS) {
    const n = min(BWD_WEIGHT_ROWS, B - r);
    denseBwdWeight4x4Rows<F>(dw, db, dy + <usize>r * (<usize>ldy << 3), x + <usize>r * (<usize>IN << 3), n, IN, OUT, <usize>ldy << 3);
  }
}

const BWD_WEIGHT_ROWS: i32 = 32;

// @ts-ignore: decorator
@inline function denseBwdWeight4x4Rows<F>(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, sy: usize): void {
  if (db) biasGrad(db, dy, B, OUT, sy);
  const sx = <usize>IN << 3;                 // row stride of x and of dw, bytes
  const xEnd = x + <usize>B * sx;            // one past the last row of x
  let o = 0;
  for (; o + 4 <= OUT; o += 4) {
    const g0 = dw + <usize>o * sx;
    const dyo = dy + (<usize>o << 3);
    let i = 0;
    for (; i + 4 <= IN; i += 4) {
      const q = <usize>i << 3;
      const g = g0 + q;
      let a00 = v128.load(g), a01 = v128.load(g, 16);
      let a10 = v128.load(g + sx), a11 = v128.load(g + sx, 16);
      let a20 = v128.load(g + 2 * sx), a21 = v128.load(g + 2 * sx, 16);
      let a30 = v128.load(g + 3 * sx), a31 = v128.load(g + 3 * sx, 16);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        const v0 = v128.load(xp);
        const v1 = v128.load(xp, 16);
        let u = v128.load64_splat(dp);
        a00 = madd<F>(u, v0, a00); a01 = madd<F>(u, v1, a01);
        u = v128.load64_splat(dp, 8);
        a10 = madd<F>(u, v0, a10); a11 = madd<F>(u, v1, a11);
        u = v128.load64_splat(dp, 16);
        a20 = madd<F>(u, v0, a20); a21 = madd<F>(u, v1, a21);
        u = v128.load64_splat(dp, 24);
        a30 = madd<F>(u, v0, a30); a31 = madd<F>(u, v1, a31);
        dp += sy;
      }
      v128.store(g, a00); v128.store(g, a01, 16);
      v128.store(g + sx, a10); v128.store(g + sx, a11, 16);
      v128.store(g + 2 * sx, a20); v128.store(g + 2 * sx, a21, 16);
      v128.store(g + 3 * sx, a30); v128.store(g + 3 * sx, a31, 16);
    }
    for (; i < IN; i++) {
      // left-over inputs (IN % 4): scalar, 4 outputs
      const q = <usize>i << 3;
      const g = g0 + q;
      let s0 = load<f64>(g), s1 = load<f64>(g + sx), s2 = load<f64>(g + 2 * sx), s3 = load<f64>(g + 3 * sx);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        const c = load<f64>(xp);
        s0 += load<f64>(dp) * c; s1 += load<f64>(dp, 8) * c;
        s2 += load<f64>(dp, 16) * c; s3 += load<f64>(dp, 24) * c;
        dp += sy;
      }
      store<f64>(g, s0); store<f64>(g + sx, s1); store<f64>(g + 2 * sx, s2); store<f64>(g + 3 * sx, s3);
    }
  }
  for (; o < OUT; o++) {
    // left-over outputs (OUT % 4): one dw row at a time, 8 inputs per tile
    const g0 = dw + <usize>o * sx;
    const dyo = dy + (<usize>o << 3);
    let i = 0;
    for (; i + 8 <= IN; i += 8) {
      const q = <usize>i << 3;
      const g = g0 + q;
      let a0 = v128.load(g), a1 = v128.load(g, 16), a2 = v128.load(g, 32), a3 = v128.load(g, 48);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        const u = v128.load64_splat(dp);
        a0 = madd<F>(u, v128.load(xp), a0);
        a1 = madd<F>(u, v128.load(xp, 16), a1);
        a2 = madd<F>(u, v128.load(xp, 32), a2);
        a3 = madd<F>(u, v128.load(xp, 48), a3);
        dp += sy;
      }
      v128.store(g, a0); v128.store(g, a1, 16); v128.store(g, a2, 32); v128.store(g, a3, 48);
    }
    for (; i + 2 <= IN; i += 2) {
      const q = <usize>i << 3;
      const g = g0 + q;
      let a0 = v128.load(g);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        a0 = madd<F>(v128.load64_splat(dp), v128.load(xp), a0);
        dp += sy;
      }
      v128.store(g, a0);
    }
    if (i < IN) {
      const q = <usize>i << 3;
      const g = g0 + q;
      let s0 = load<f64>(g);
      let dp = dyo;
      for (let xp = x + q; xp < xEnd; xp += sx) {
        s0 += load<f64>(dp) * load<f64>(xp);
        dp += sy;
      }
      store<f64>(g, s0);
    }
  }
}

// dense_bwd_weight_f64__scalar over OUT units whose dy rows are ldy values apart (a range of a
// layer's units, as threads split the weight gradient): the same loop, the same order.
// @ts-ignore: decorator
@inline export function denseBwdWeightLd(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32, ldy: i32): void {
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * IN) << 3);
    const dyr = dy + (<usize>(r * ldy) << 3);
    for (let o = 0; o < OUT; o++) {
      const d = load<f64>(dyr + (<usize>o << 3));
      if (db) store<f64>(db + (<usize>o << 3), load<f64>(db + (<usize>o << 3)) + d);
      const dwo = dw + (<usize>(o * IN) << 3);
      for (let i = 0; i < IN; i++) {
        const p = <usize>i << 3;
        store<f64>(dwo + p, load<f64>(dwo + p) + d * load<f64>(xr + p));
      }
    }
  }
}
