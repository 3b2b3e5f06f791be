// Relaxed-SIMD float32 variants: the register-blocked f32x4 tiles of tiles_f32.ts with
// f32x4.relaxed_madd in place of mul + add. Only compiled into build/wasmprop.relaxed.wasm.
// relaxed_madd may or may not fuse (x64 V8 with FMA3 fuses), so results differ from the scalar
// order by more than reordering alone: tested with the f32 'fused' tolerance.
// Not here: new loop structures (tiles_f32.ts).
import { Fused } from './tiles';
import { denseFwdF32_4x2, denseBwdDataF32_4x8, denseBwdWeightF32_4x8 } from './tiles_f32';

/** y (B,OUT) = x (B,IN) · wᵀ + b — 4 rows × 2 outputs, relaxed_madd. */
export function dense_fwd_f32__relaxed_4x2(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32): void {
  denseFwdF32_4x2<Fused>(y, x, w, b, B, IN, OUT);
}

/** dx (B,IN) = dy (B,OUT) · w (OUT,IN) — 4 rows × 8 inputs, relaxed_madd. */
export function dense_bwd_data_f32__relaxed_4x8(dx: usize, dy: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdDataF32_4x8<Fused>(dx, dy, w, B, IN, OUT);
}

/** dw (OUT,IN) += dyᵀ · x; db += Σ_rows dy (db == 0: skipped) — 4 outputs × 8 inputs, blocked rows, relaxed_madd. */
export function dense_bwd_weight_f32__relaxed_4x8(dw: usize, db: usize, dy: usize, x: usize, B: i32, IN: i32, OUT: i32): void {
  denseBwdWeightF32_4x8<Fused>(dw, db, dy, x, B, IN, OUT);
}
