// f64x2 (WebAssembly SIMD128) kernel variants. Same ABI and shapes as kernels.ts; only compiled
// into the SIMD binary (the drivers reach them behind `if (ASC_FEATURE_SIMD)`).
// Sums are reordered (two lanes), so they match the scalar kernels to ~1e-15 relative, not bitwise.

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
