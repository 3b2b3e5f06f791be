// wasmprop: a WebAssembly-accelerated backpropagation training engine.
export { Network } from './network.js';
export type {
  NetworkOptions, Parameters, ParametersInput, Gradients, TrainingData, TrainOptions, TrainResult, EpochInfo, NetworkJSON,
} from './network.js';
export { WasmpropError } from './errors.js';
export type { Rows } from './data.js';
export { Rng } from './rng.js';
export { loadBackend, getTsBackend, hasSimd, hasWebAssembly } from './backend/index.js';
export type { BackendName, BackendOptions, KernelChoice } from './backend/index.js';
export type { Backend, Isa } from './backend/types.js';
export type { WasmSource } from './backend/wasm-loader.js';
