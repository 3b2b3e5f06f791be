// Entry of the SIMD shared-memory binary (build/wasmprop.simd.shared.wasm): index.simd.ts's kernels
// with the threaded drivers, for a pool of threads.
export * from './index.shared';
export * from './kernels_simd';
export * from './kernels_simd_f32';
export { VARIANT_SIMD128 } from './driver';
