// Entry of the SIMD binary (build/wasmprop.simd.wasm): everything in index.ts plus f64x2 variants.
export * from './index';
export * from './kernels_simd';
export * from './kernels_simd_f32';
export { VARIANT_SIMD128 } from './driver';
