// Scalar reference kernels (f64). Straight loops in the order the maths is written; every SIMD
// variant is tested against these and against the pure-TS twins in src/backend/ts-kernels.ts.
// Not here: allocation (kernels never allocate), layout (src/layout.ts), orchestration (driver.ts).
// ABI: byte pointers and i32 sizes; outputs first, then inputs, then dimensions.

// y (B,OUT) = x (B,IN) · wᵀ (IN,OUT) + b (OUT)      [net]
export function dense_fwd_f64__scalar(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * IN) << 3);
    const yr = y + (<usize>(r * OUT) << 3);
    for (let o = 0; o < OUT; o++) {
      const wo = w + (<usize>(o * IN) << 3);
      let s: f64 = 0;
      for (let i = 0; i < IN; i++) {
        s += load<f64>(wo + (<usize>i << 3)) * load<f64>(xr + (<usize>i << 3));
      }
      store<f64>(yr + (<usize>o << 3), s + load<f64>(b + (<usize>o << 3)));
    }
  }
}

// y (n) = 1 / (1 + exp(-alpha · x (n)))   (in place allowed: y == x)
export function sigmoid_fwd_f64__scalar(y: usize, x: usize, alpha: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    store<f64>(y + p, 1.0 / (1.0 + Math.exp(-alpha * load<f64>(x + p))));
  }
}

// d (n) *= alpha · y · (1 − y)     (chain rule through the sigmoid, eq. 6.2)
export function sigmoid_bwd_f64__scalar(d: usize, y: usize, alpha: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const v = load<f64>(y + p);
    store<f64>(d + p, load<f64>(d + p) * (alpha * v * (1.0 - v)));
  }
}

// delta (n) = scale · (out − target) · alpha · out · (1 − out); returns Σ ½ (target − out)²
// (∂SSE/∂out = −E, eq. 6.17 × 6.21; ∂out/∂net = alpha·out·(1−out), eq. 6.2)
export function sse_sigmoid_delta_f64__scalar(delta: usize, out: usize, target: usize, alpha: f64, scale: f64, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const o = load<f64>(out + p);
    const e = load<f64>(target + p) - o;
    sse += 0.5 * e * e;
    store<f64>(delta + p, scale * (-e) * (alpha * o * (1.0 - o)));
  }
  return sse;
}

// returns Σ ½ (target (n) − out (n))²
export function sse_loss_f64__scalar(out: usize, target: usize, n: i32): f64 {
  let sse: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = <usize>k << 3;
    const e = load<f64>(target + p) - load<f64>(out + p);
    sse += 0.5 * e * e;
  }
  return sse;
}

// dx (B,IN) = dy (B,OUT) · w (OUT,IN)     (overwrites dx: a delta, not an accumulated gradient)
export function dense_bwd_data_f64__scalar(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    const dxr = dx + (<usize>(r * IN) << 3);
    const dyr = dy + (<usize>(r * OUT) << 3);
    for (let i = 0; i < IN; i++) store<f64>(dxr + (<usize>i << 3), 0.0);
    for (let o = 0; o < OUT; o++) {
      const d = load<f64>(dyr + (<usize>o << 3));
      const wo = w + (<usize>(o * IN) << 3);
      for (let i = 0; i < IN; i++) {
        const p = <usize>i << 3;
        store<f64>(dxr + p, load<f64>(dxr + p) + d * load<f64>(wo + p));
      }
    }
  }
}

// dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN);  db (OUT) += Σ_rows dy   (db == 0: bias gradient skipped)
export function dense_bwd_weight_f64__scalar(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  for (let r = 0; r < B; r++) {
    const xr = x + (<usize>(r * IN) << 3);
    const dyr = dy + (<usize>(r * OUT) << 3);
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

// p (n) = v
export function fill_f64__scalar(p: usize, v: f64, n: i32): void {
  for (let k = 0; k < n; k++) store<f64>(p + (<usize>k << 3), v);
}

// p (n) −= lr · g (n)     (one SGD step over the whole flat parameter block)
export function sgd_step_f64__scalar(p: usize, g: usize, lr: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const q = <usize>k << 3;
    store<f64>(p + q, load<f64>(p + q) - lr * load<f64>(g + q));
  }
}
