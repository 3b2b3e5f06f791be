// Entry of the scalar binary (build/wasmprop.scalar.wasm): scalar kernels and the drivers.
// The SIMD binary's entry is index.simd.ts, which exports all of this and the f64x2 variants.

export * from './kernels';
export { forward_f64, backward_f64, update_f64, eval_f64, train_epochs_f64, VARIANT_SCALAR } from './driver';
export * from './kernels_f32';
export { forward_f32, backward_f32, update_f32, eval_f32, train_epochs_f32 } from './driver';
export { HEADER_WORDS, LAYER_WORDS, HYPER_WORDS, DIAG_WORDS } from './layout';

/** First byte the TypeScript allocator may hand out (everything above belongs to the TS side). */
export function heap_base(): usize {
  return __heap_base;
}

/** 1 when this binary was built with SIMD128 kernels. */
export function has_simd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
