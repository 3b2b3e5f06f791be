// wasmprop: a WebAssembly-accelerated backpropagation training engine.
export { Network } from './network.js';
export type {
  NetworkOptions, Parameters, ParametersInput, Gradients, TrainingData, TrainOptions, TrainResult, EpochInfo, NetworkJSON,
  Activation, LossName, LayerSpec, InitName, OptimizerName, Normalization, Schedule, StopReason, BatchInfo, LayerDiagnostics,
} from './network.js';
export { WasmpropError } from './errors.js';
export type { Rows } from './data.js';
export { Rng } from './rng.js';
export { loadBackend, getTsBackend, hasSimd, hasRelaxedSimd, hasWebAssembly } from './backend/index.js';
export type { BackendName, BackendOptions, KernelChoice } from './backend/index.js';
export type { Backend, Isa } from './backend/types.js';
export type { WasmSource } from './backend/wasm-loader.js';
// Model files (pure JSON; data sets live in the `wasmprop/data` subpath, the CLI, CSV files, ONNX export and plots in Node-only modules).
export { parseModel, serializeModel, MODEL_FORMAT, MODEL_VERSION } from './model/format.js';
export type { ModelFile, NetworkDoc, TrainingSummary } from './model/format.js';
// Training in a Web Worker (browsers) or a worker_threads Worker (Node).
export { trainInWorker } from './worker/index.js';
export type { TrainingJob, WorkerNetwork, WorkerTrainOptions, WorkerTrainResult } from './worker/index.js';
