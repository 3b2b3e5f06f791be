// Every public type of wasmprop and the name lists (activations, losses, optimizers, initializers,
// backends, kernel families) as `const` arrays: the one place each is spelled. No runtime import:
// every other part may import this file.
// Not here: checking values against these lists (src/options/) or any behaviour.

/** Where a wasmprop binary can come from: bytes, a compiled module, or a URL (string or URL) or a fetch Response. */
export type WasmSource = ArrayBuffer | ArrayBufferView | WebAssembly.Module | URL | string | Response;

/** Backends: 'wasm' (the AssemblyScript kernels) or 'ts' (the pure-TypeScript twin). */
export const BACKENDS = ['wasm', 'ts'] as const;
/** A backend name. */
export type BackendName = (typeof BACKENDS)[number];

/**
 * The WASM kernel families, each one binary build/wasmprop.<family>.wasm: scalar kernels; scalar +
 * f64x2 SIMD128 kernels; all of those + relaxed-SIMD (f64x2.relaxed_madd) kernels.
 */
export const KERNEL_FAMILIES = ['scalar', 'simd', 'relaxed'] as const;
/** A kernel family. */
export type KernelFamily = (typeof KERNEL_FAMILIES)[number];
/** Kernel choices of the options: a family, or 'auto'. */
export const KERNEL_CHOICES = ['auto', ...KERNEL_FAMILIES] as const;
/**
 * Kernel family request. 'auto' picks the fastest family the runtime validates: relaxed SIMD
 * (fused multiply-add where the CPU has it — Chromium, Node ≥ 22), else SIMD128, else scalar.
 * Relaxed results are exact float64 but may differ in the last bits between CPUs with and without
 * FMA; ask for 'simd' for bit-identical results on every machine. With your own binary (option
 * `wasm`) 'auto' means SIMD128 where it validates: the engine cannot tell which binary it got.
 */
export type KernelChoice = (typeof KERNEL_CHOICES)[number];
/** The instruction set a family's kernels use, as `backendInfo` reports it ('ts' for the twin). */
export type Isa = 'scalar' | 'simd128' | 'relaxed-simd' | 'ts';

/**
 * Element types of a network's arena: 'f64' (default: exact float64 end to end) or 'f32' (float32
 * parameters, gradients, optimizer state, activations and staged rows; twice the SIMD lanes).
 */
export const DTYPES = ['f64', 'f32'] as const;
/** An element type (see DTYPES). */
export type Dtype = (typeof DTYPES)[number];
/** Most threads a network may train on. */
export const MAX_THREADS = 256;
/**
 * Threads a network trains on: a whole number from 1 to MAX_THREADS, or 'auto' (the cores the
 * runtime reports: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers).
 * Results are bit-identical for every thread count (docs/threads.md).
 */
export type ThreadCount = number | 'auto';

/** Options that choose and load a backend (`Network.init`, `fromJSON`, `load`). */
export interface BackendOptions {
  /** 'wasm' (default) or 'ts' (the pure-TypeScript twin). */
  backend?: BackendName;
  /** WASM kernel family; default 'auto'. */
  kernel?: KernelChoice;
  /** Where to load the .wasm from (bytes, a WebAssembly.Module, a URL); default: the packaged file. */
  wasm?: WasmSource;
  /**
   * Threads to train on (WASM backend; shared memory and a pool of workers). Default 1. Where
   * threads are not possible (no SharedArrayBuffer, a page's main thread, the TS backend, your own
   * `wasm` binary) the network says so once and runs on one thread. See docs/threads.md.
   */
  threads?: ThreadCount;
}

/** What a network runs on (`Network#backendInfo`). */
export interface BackendInfo {
  backend: BackendName;
  isa: Isa;
  /** Threads its products are split over (1 unless a pool of workers serves it). */
  threads: number;
  /** Element type of the arena. */
  dtype: Dtype;
}

/** Rows of numbers: an array of rows, or a flat row-major array/typed array (float64 or float32). */
export type Rows = readonly (readonly number[] | Float64Array | Float32Array)[] | Float64Array | Float32Array | readonly number[];

/** Activation names. 'sigmoid' is the seeds' 1/(1+exp(−alpha·net)); 'softmax' is for the output layer only. */
export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear', 'softmax'] as const;
/** Transfer functions (see ACTIVATIONS). */
export type Activation = (typeof ACTIVATIONS)[number];
/** 'sse': ½·Σ(target − out)² per sample (the seeds'); 'cross-entropy': with a softmax (categorical) or sigmoid (binary) output. */
export type LossName = (typeof LOSSES)[number];
/** Loss names. */
export const LOSSES = ['sse', 'cross-entropy'] as const;
/** A layer: its unit count, or `{ units, activation }` (the input layer takes no activation). */
export type LayerSpec = number | { units: number; activation?: Activation };
/** Weight initializers (all uniform, from the seeded xoshiro128** PRNG). */
export type InitName = (typeof INITIALIZERS)[number];
/** Initializer names. */
export const INITIALIZERS = ['xavier', 'he', 'uniform'] as const;
/** Optimizers; every update is one flat kernel over all parameters. */
export type OptimizerName = (typeof OPTIMIZERS)[number];
/** Momentum forms (see TrainOptions.momentumForm). */
export const MOMENTUM_FORMS = ['keras', 'pytorch'] as const;
/** A momentum form. */
export type MomentumForm = (typeof MOMENTUM_FORMS)[number];
/** Optimizer names: the one list the API, the CLI and the playground offer. */
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam'] as const;

/** Input normalization stored in the network and applied by run/train/loss: x' = (x − offset)·scale. */
export interface Normalization {
  /** How offset/scale were computed ('minmax', 'zscore', …); informational. */
  kind?: string;
  offset: number[];
  scale: number[];
}

/** Options of `Network.create` / `new Network`. */
export interface NetworkOptions extends BackendOptions {
  /** Units per layer, input first: `[2, 2, 2]`, or `[4, { units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }]`. */
  layers: readonly LayerSpec[];
  /** Sigmoid gain: out = 1/(1+exp(−alpha·net)). Default 1. */
  alpha?: number;
  /** Activation of every layer given as a plain number. Default 'sigmoid'. */
  activation?: Activation;
  /** Loss. Default 'sse'. */
  loss?: LossName;
  /** Slope of 'leaky-relu' below 0. Default 0.01. */
  leakySlope?: number;
  /** 'xavier' (default: ±sqrt(6/(fanIn+fanOut))), 'he' (±sqrt(6/fanIn)) or 'uniform' (±initRange). Biases start at 0. */
  init?: InitName;
  /** Range of 'uniform' initialization (default 0.5); giving it alone implies init 'uniform'. */
  initRange?: number;
  /** Seed of the initializer (xoshiro128**). Default 1: the same seed gives the same weights on every backend. */
  seed?: number;
  /** Input normalization applied to every input row. Default none. */
  normalization?: Normalization;
  /** 'wasm' (default) or 'ts' (the pure-TypeScript twin). */
  backend?: BackendName;
  /** WASM kernel family: 'auto' (default: SIMD128 where it validates, else scalar), 'scalar', 'simd', or 'relaxed' (relaxed-SIMD FMA; only where the runtime has it, results may differ in the last bits between CPUs). */
  kernel?: KernelChoice;
  /** Where to load the .wasm from (bytes, a WebAssembly.Module or a URL); default: the packaged file. */
  wasm?: WasmSource;
  /**
   * Element type of the arena: 'f64' (default) or 'f32'. With 'f32', inputs and targets are rounded
   * to float32 when staged and every kernel computes in float32 (losses are summed in float64);
   * results still come back as numbers / Float64Array, parameterView() is a Float32Array.
   */
  dtype?: Dtype;
  /** Threads to train on: 1 (default) to 256, or 'auto' (the runtime's cores); results are the same bits for every count (docs/threads.md). */
  threads?: ThreadCount;
}

/** Parameters in the golden files' convention: weights[l] is [layers[l+1]][layers[l]] (row = destination unit). */
export interface Parameters {
  weights: number[][][];
  biases: number[][];
}

/** What `setParameters` accepts: nested arrays, or one Float64Array per layer (row-major). */
export interface ParametersInput {
  weights: readonly (readonly (readonly number[])[] | Float64Array)[];
  biases: readonly (readonly number[] | Float64Array)[];
}

/** Result of `gradients`: mean loss and its gradient over the rows, taken as ONE batch. */
export interface Gradients extends Parameters {
  loss: number;
}

/** A training data set: inputs and targets as arrays of rows or flat row-major Float64Arrays. */
export interface TrainingData {
  inputs: Rows;
  targets: Rows;
}

/** Per-layer diagnostics of an epoch (the chapter's vanishing gradient made visible). */
export interface LayerDiagnostics {
  /** RMS of the weight gradient over the epoch's steps: sqrt(mean over steps of mean(dW²)). */
  gradRms: number;
  /** Share of the layer's unit activations (over the epoch's samples) whose derivative is below 1% of its maximum. */
  saturation: number;
}

/** Progress after an epoch (passed to `onEpoch`, collected in `history`). */
export interface EpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean loss over all training rows after this epoch. */
  loss: number;
  /** Mean loss over the validation rows, when there are any. */
  validationLoss?: number;
  /** Share of training rows classified right (argmax; ≥ 0.5 for one output), for class-like targets. */
  accuracy?: number;
  /** The same over the validation rows. */
  validationAccuracy?: number;
  /** Training throughput of this epoch (rows per second, evaluation excluded). */
  samplesPerSecond: number;
  /** Learning rate used in this epoch (after the schedule). */
  learningRate: number;
  /** Per weight layer, input side first (with `diagnostics`). */
  layers?: LayerDiagnostics[];
}

/** Progress after a batch (passed to `onBatch`). */
export interface BatchInfo {
  epoch: number;
  /** 1-based batch number within the epoch. */
  batch: number;
  /** Mean loss of the batch's rows, seen during the step (before the update). */
  loss: number;
}

/** Learning-rate schedules: `step` multiplies by `factor` every `every` epochs; `exponential` by `gamma` each epoch. */
export type Schedule = { type: 'step'; every: number; factor: number } | { type: 'exponential'; gamma: number };

/** Options of `train`. Every field is optional; defaults are the seeds' plain online SGD. */
export interface TrainOptions {
  /** Step size. Default 0.5 for 'sgd' (the worked example's), 0.1 for 'momentum'/'nesterov', 0.001 for 'adam'. */
  learningRate?: number;
  /** Passes over the data. Default 1000. */
  epochs?: number;
  /** Rows per step, consecutive (the last batch may be smaller). Default 1 (online SGD). */
  batchSize?: number;
  /** Whether biases are trained. Default true (the worked example keeps them fixed: false). */
  trainBias?: boolean;
  /** Shuffle the training rows every epoch (seeded). Default false: the given order. */
  shuffle?: boolean;
  /** Seed of shuffling and of the validation split. Default: the network's seed. */
  seed?: number;
  /** Default 'sgd'. */
  optimizer?: OptimizerName;
  /** Momentum coefficient of 'momentum'/'nesterov'. Default 0.9. */
  momentum?: number;
  /**
   * Where the learning rate goes in 'momentum'/'nesterov'. 'keras' (default): v ← μv − lr·g, p ← p + v
   * (Keras, and the Sutskever form of Nesterov). 'pytorch': b ← μb + g, p ← p − lr·b (Nesterov:
   * p ← p − lr·(g + μb)), as torch.optim.SGD. They agree under a constant learning rate and
   * differ under a schedule.
   */
  momentumForm?: MomentumForm;
  /** Adam's β1 (default 0.9), β2 (default 0.999) and ε (default 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** L2 weight decay λ (added as λ·W to the weight gradient; biases are not decayed). Default 0. */
  weightDecay?: number;
  /** Learning-rate schedule. Default none. */
  schedule?: Schedule;
  /** Validation rows: a data set, or a fraction in (0, 1) split off the end after a seeded shuffle. */
  validation?: TrainingData | number;
  /** Stop when the training loss after an epoch is ≤ this. */
  errorThreshold?: number;
  /** Stop when the validation loss has not improved for this many epochs (needs validation). */
  patience?: number;
  /** With patience: put back the parameters of the best validation epoch at the end. Default true. */
  restoreBest?: boolean;
  /** Stop after the epoch in which this much wall time (ms) has passed. */
  timeBudgetMs?: number;
  /**
   * What `lossPerEpoch` records. Default true: each epoch's running loss — the mean of its batch
   * losses, each seen during the step before the update (Keras's convention), which the training
   * pass computes for free. 'exact': the mean loss over all rows after each epoch (one extra forward
   * pass per epoch). false: nothing. Whenever JS runs between epochs (a callback, validation, a
   * shuffle, a schedule, a stop rule, diagnostics) each epoch is evaluated exactly anyway, and the
   * history holds those exact losses.
   */
  recordLoss?: boolean | 'exact';
  /**
   * Compute `error` exactly with one forward pass over all rows at the end (default true), or
   * report the last epoch's running loss instead, which costs nothing (`errorKind: 'running'`).
   */
  finalError?: boolean;
  /** Per-layer gradient RMS and saturation in the history. Default: true when a callback is given. */
  diagnostics?: boolean;
  /** Called after every epoch; return false to stop. */
  onEpoch?: (info: EpochInfo) => void | boolean;
  /** Called after every batch; return false to stop. */
  onBatch?: (info: BatchInfo) => void | boolean;
}

/** Why training ended. */
export type StopReason = 'epochs' | 'errorThreshold' | 'patience' | 'timeBudget' | 'callback';

/** Result of `train`. */
export interface TrainResult {
  /** Mean loss over the training rows after the last step (or of the restored best parameters); see errorKind. */
  error: number;
  /** 'final': `error` is exact after the last step; 'running': the last epoch's running loss (finalError false). */
  errorKind: 'final' | 'running';
  /** Epochs run. */
  epochs: number;
  /** Per epoch, the training loss that recordLoss asks for (empty when recordLoss is false). */
  lossPerEpoch: number[];
  /** One entry per epoch (empty when recordLoss is false and nothing else asked for per-epoch work). */
  history: EpochInfo[];
  stoppedBy: StopReason;
}

/** The `format` string of a network document (`Network#toJSON`). */
export const NETWORK_FORMAT = 'wasmprop-network';

/**
 * Where a training run stands, so that the next `train` call — in this process, or after
 * toJSON/fromJSON, a model file, another machine or backend — continues it: the optimizer and its
 * hyper-parameters (a call with others starts afresh), the epochs and optimizer steps taken, the
 * shuffle generator's state, and the optimizer state in arena order (velocity; Adam's m and v).
 */
export interface TrainingStateJSON {
  optimizer: OptimizerName;
  momentum: number;
  momentumForm: MomentumForm;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The seed the run's shuffles and split are drawn from. */
  seed: number;
  /** Epochs trained so far: schedules continue from here. */
  epochs: number;
  /** Optimizer steps taken (Adam's t). */
  step: number;
  /** The shuffle generator's state (four 32-bit words). */
  rng: [number, number, number, number];
  /** The optimizer state blocks in arena order: none (sgd), [velocity] (momentum, nesterov), [m, v] (adam). */
  state: number[][];
}

/** A network document as read (from `fromJSON`, or inside a model file): architecture and exact float64 parameters. */
export interface NetworkDoc {
  format: typeof NETWORK_FORMAT;
  /** 1; 2 when the document carries a training state. */
  version: 1 | 2;
  layers: LayerSpec[];
  alpha: number;
  /** Default activation of plain-number layers (toJSON writes none: it gives every non-sigmoid layer's own). */
  activation?: Activation;
  /** Default 'sse'. */
  loss?: LossName;
  /** Slope of 'leaky-relu' below 0 (default 0.01). */
  leakySlope?: number;
  normalization?: Normalization;
  /** Element type of the network's parameters (default 'f64'); 'f32' documents hold float32 values exactly. */
  dtype?: Dtype;
  weights: number[][][];
  biases: number[][];
  /** Where training stands (version 2): the next train call continues from it. */
  training?: TrainingStateJSON;
}

/** The JSON document of a network as `toJSON` writes it (`fromJSON` reads any NetworkDoc). */
export interface NetworkJSON extends NetworkDoc {
  loss: LossName;
}
