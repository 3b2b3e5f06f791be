// wasmprop: a WebAssembly-accelerated backpropagation training engine.
export { Network } from './network.js';
export type {
  NetworkOptions, Parameters, ParametersInput, Gradients, TrainingData, TrainOptions, TrainResult, EpochInfo, NetworkJSON,
  Activation, LossName, LayerSpec, InitName, OptimizerName, Normalization, Schedule, StopReason, BatchInfo, LayerDiagnostics,
} from './network.js';
export { WasmpropError } from './errors.js';
export type { Rows } from './data.js';
export { Rng } from './rng.js';
export { loadBackend, getTsBackend, hasSimd, hasWebAssembly } from './backend/index.js';
export type { BackendName, BackendOptions, KernelChoice } from './backend/index.js';
export type { Backend, Isa } from './backend/types.js';
export type { WasmSource } from './backend/wasm-loader.js';
// Data and model files (browser-safe; the Node-only CSV reader, CLI, ONNX export and plots are not re-exported here).
export { loadDataset, loadDatasetAsync, preloadDigits, DATASET_NAMES } from './data/datasets.js';
export type { Dataset, DatasetName, DatasetOptions } from './data/datasets.js';
export { computeNormalization, applyNormalization } from './data/normalize.js';
export type { NormalizationKind } from './data/normalize.js';
export { splitDataset, shuffleDataset, subsetRows, oneHot, argmax } from './data/split.js';
export { accuracy, confusionMatrix, predictedClasses } from './data/metrics.js';
export { parseModel, serializeModel, MODEL_FORMAT, MODEL_VERSION } from './model/format.js';
export type { ModelFile, NetworkDoc, TrainingSummary } from './model/format.js';
