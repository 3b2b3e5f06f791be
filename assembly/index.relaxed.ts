// Entry of the relaxed-SIMD binary (build/wasmprop.relaxed.wasm): everything in the SIMD binary plus
// the relaxed_madd variants. Loaded only where a relaxed-SIMD probe module validates.
export * from './index.simd';
export * from './kernels_relaxed';
export * from './kernels_relaxed_f32';
export { VARIANT_RELAXED } from './driver';
