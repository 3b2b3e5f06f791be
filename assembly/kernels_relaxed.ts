// Relaxed-SIMD kernel variants: the register-blocked f64x2 kernels of kernels_simd.ts with
// f64x2.relaxed_madd in place of mul + add. Only compiled into build/wasmprop.relaxed.wasm
// (asc --enable simd,relaxed-simd), which the TS side loads only where WebAssembly.validate accepts
// a relaxed-SIMD probe. relaxed_madd may or may not fuse (x64 V8 with FMA3 fuses), so results
// differ from the scalar kernels by more than reordering alone: tested with the RELAXED tolerance.
// Not here: new loop structures (see tiles.ts for the tiling and its comments).
import { Fused, denseFwd4x2, denseBwdData4x4, denseBwdWeight4x4 } from './tiles';

/** y (B,OUT) = x (B,IN) · wᵀ + b — 4 rows × 2 outputs, relaxed_madd. */
export function dense_fwd_f64__relaxed_4x2(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwd4x2<Fused>(y, x, w, b, B, IN, OUT);
}

/** dx (B,IN) = dy (B,OUT) · w (OUT,IN) — 4 rows × 4 inputs, relaxed_madd. */
export function dense_bwd_data_f64__relaxed_4x4(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdData4x4<Fused>(dx, dy, w, B, IN, OUT);
}

/** dw (OUT,IN) += dyᵀ · x; db (OUT) += Σ_rows dy (db == 0: skipped) — 4 outputs × 4 inputs, relaxed_madd. */
export function dense_bwd_weight_f64__relaxed_4x4(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeight4x4<Fused>(dw, db, dy, x, B, IN, OUT);
}
