// Entry of the relaxed-SIMD shared-memory binary (build/wasmprop.relaxed.shared.wasm): index.relaxed.ts's
// kernels with the threaded drivers, for a pool of threads.
export * from './index.simd.shared';
export * from './kernels_relaxed';
export * from './kernels_relaxed_f32';
export { VARIANT_RELAXED } from './driver';
