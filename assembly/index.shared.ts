// Entry of the scalar shared-memory binary (build/wasmprop.scalar.shared.wasm): index.ts's kernels
// with the threaded drivers (driver_mt.ts) on an imported shared memory, for a pool of threads.
export * from './kernels';
export { forward_f64, backward_f64, update_f64, eval_f64, train_epochs_f64 } from './driver_mt';
export { forward_f32, backward_f32, update_f32, eval_f32, train_epochs_f32 } from './driver_mt';
export { VARIANT_SCALAR } from './driver';
export * from './kernels_f32';
export { thread_init } from './threads';
export { HEADER_WORDS, LAYER_WORDS, HYPER_WORDS, DIAG_WORDS, POOL_WORDS } from './layout';
export { heap_base, has_simd } from './index';
