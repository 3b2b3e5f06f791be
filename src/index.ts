// wasmprop: a WebAssembly-accelerated backpropagation training engine. The public entry: the
// Network API, its types and name lists, model files and training in a worker.
export { Network } from './api/network.js';
export type {
  NetworkOptions, Parameters, ParametersInput, Gradients, TrainingData, TrainOptions, TrainResult, EpochInfo, NetworkJSON, NetworkDoc,
  Activation, LossName, LayerSpec, InitName, OptimizerName, MomentumForm, TrainingStateJSON, Normalization, Schedule, StopReason, BatchInfo, LayerDiagnostics,
  BackendName, BackendOptions, KernelChoice, KernelFamily, Isa, WasmSource, Rows,
} from './api/types.js';
export { ACTIVATIONS, LOSSES, OPTIMIZERS, MOMENTUM_FORMS, INITIALIZERS, BACKENDS, KERNEL_CHOICES, KERNEL_FAMILIES } from './api/types.js';
export { WasmpropError } from './api/errors.js';
export { LEARNING_RATES, TRAIN_DEFAULTS } from './options/train.js';
export { Rng } from './util/rng.js';
export { loadBackend, getTsBackend, hasSimd, hasRelaxedSimd, hasWebAssembly } from './backend/index.js';
export type { Backend } from './backend/types.js';
// Model files (pure JSON; data sets live in the `wasmprop/data` subpath, the CLI, CSV files, ONNX export and plots in Node-only modules).
export { parseModel, serializeModel, MODEL_FORMAT, MODEL_VERSION } from './model/format.js';
export type { ModelFile, TrainingSummary } from './model/format.js';
// Training in a Web Worker (browsers) or a worker_threads Worker (Node).
export { trainInWorker } from './worker/index.js';
export type { TrainingJob, WorkerNetwork, WorkerTrainOptions, WorkerTrainResult } from './worker/index.js';
