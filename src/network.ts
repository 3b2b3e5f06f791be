// The public Network: a fully connected network trained by backpropagation, living in one arena of
// a backend's linear memory. The seeds' model is the default: sigmoid(alpha) units everywhere and
// the summed-squared error; other activations, cross-entropy and optimizers are options.
// This is the thin wrapper of the design card: it validates, lays out, copies data in and results
// out, and loops over epochs when a callback or schedule needs it; every number is computed by the
// backend's kernels (WASM or the TS twin). Not here: data loading (src/data/), files (src/model/).
import { WasmpropError, checkBoolean, checkFinite, checkPositiveFinite, checkPositiveInt } from './errors.js';
import {
  computeLayout, writeDescriptor, type Layout, ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_LINEAR, ACT_SOFTMAX,
  LOSS_SSE, LOSS_XENT, OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM, H_OPTIMIZER, H_WITHBIAS, H_DIAG, H_STEP, H_OPT1, H_OPT2,
  HY_LR, HY_ALPHA, HY_MU, HY_BETA1, HY_BETA2, HY_EPS, HY_WD, HY_SLOPE, HYPER_WORDS, DIAG_WORDS,
} from './layout.js';
import { copyRows, checkRow, RowSource, type Rows } from './data.js';
import { Rng, permutation } from './rng.js';
import { getBackendSync, loadBackend, type BackendName, type BackendOptions, type KernelChoice } from './backend/index.js';
import type { Backend, Isa } from './backend/types.js';
import type { WasmSource } from './backend/wasm-loader.js';

/** Transfer functions. 'sigmoid' is the seeds' 1/(1+exp(−alpha·net)); 'softmax' is for the output layer only. */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'linear' | 'softmax';
/** 'sse': ½·Σ(target − out)² per sample (the seeds'); 'cross-entropy': with a softmax (categorical) or sigmoid (binary) output. */
export type LossName = 'sse' | 'cross-entropy';
/** A layer: its unit count, or `{ units, activation }` (the input layer takes no activation). */
export type LayerSpec = number | { units: number; activation?: Activation };
/** Weight initializers (all uniform, from the seeded xoshiro128** PRNG). */
export type InitName = 'xavier' | 'he' | 'uniform';
/** Optimizers; every update is one flat kernel over all parameters. */
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam';

/** Input normalization stored in the network and applied by run/train/loss: x' = (x − offset)·scale. */
export interface Normalization {
  /** How offset/scale were computed ('minmax', 'zscore', …); informational. */
  kind?: string;
  offset: number[];
  scale: number[];
}

/** Options of `Network.create` / `new Network`. */
export interface NetworkOptions {
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
  /** Record the mean loss over all rows after every epoch (one extra forward pass). Default true. */
  recordLoss?: boolean;
  /**
   * With recordLoss false: compute `error` exactly with one forward pass over all rows at the end
   * (default true), or report the running loss instead — the mean loss of the rows as they were
   * seen during the last epoch, before each one's step, which costs nothing (`errorKind: 'running'`).
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
  /** Mean loss over the training rows after each epoch (empty when recordLoss is false). */
  lossPerEpoch: number[];
  /** One entry per epoch (empty when recordLoss is false and nothing else asked for per-epoch work). */
  history: EpochInfo[];
  stoppedBy: StopReason;
}

/** The JSON document of a network (`toJSON` / `fromJSON`). Parameters are exact float64. */
export interface NetworkJSON {
  format: 'wasmprop-network';
  version: 1;
  layers: LayerSpec[];
  alpha: number;
  loss: LossName;
  leakySlope?: number;
  normalization?: Normalization;
  weights: number[][][];
  biases: number[][];
}

const FORMAT = 'wasmprop-network';
/** Refuse networks whose arena would not fit in wasm32 memory before allocating anything. */
const MAX_PARAMS = 2 ** 26;
const ACTIVATIONS: Record<Activation, number> = {
  sigmoid: ACT_SIGMOID, tanh: ACT_TANH, relu: ACT_RELU, 'leaky-relu': ACT_LEAKY_RELU, linear: ACT_LINEAR, softmax: ACT_SOFTMAX,
};
const OPTIMIZERS: Record<OptimizerName, number> = { sgd: OPT_SGD, momentum: OPT_MOMENTUM, nesterov: OPT_NESTEROV, adam: OPT_ADAM };

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ backend: Backend; ptr: number }>((h) => h.backend.allocator.free(h.ptr))
  : undefined;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new WasmpropError(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
  }
  return v as T;
}

interface Architecture {
  sizes: number[];
  activations: Activation[];
  specs: LayerSpec[];
  loss: LossName;
}

function checkArchitecture(layers: unknown, defaultActivation: unknown, loss: unknown): Architecture {
  if (!Array.isArray(layers) || layers.length < 2) throw new WasmpropError('layers', 'an array of at least 2 layers (input first)', layers);
  const act = defaultActivation === undefined ? 'sigmoid' : oneOf('activation', defaultActivation, Object.keys(ACTIVATIONS) as Activation[]);
  const sizes: number[] = [];
  const activations: Activation[] = [];
  const specs: LayerSpec[] = [];
  layers.forEach((spec: unknown, k) => {
    let units: unknown = spec;
    let a: Activation = act;
    if (typeof spec === 'object' && spec !== null) {
      const s = spec as { units?: unknown; activation?: unknown };
      units = s.units;
      if (s.activation !== undefined) {
        if (k === 0) throw new WasmpropError('layers[0].activation', 'no activation on the input layer', s.activation);
        a = oneOf(`layers[${k}].activation`, s.activation, Object.keys(ACTIVATIONS) as Activation[]);
      }
    }
    if (typeof units !== 'number' || !Number.isInteger(units) || units <= 0) {
      throw new WasmpropError(typeof spec === 'object' ? `layers[${k}].units` : `layers[${k}]`, 'a positive integer unit count', units);
    }
    sizes.push(units);
    if (k > 0) {
      activations.push(a);
      // toJSON writes every non-sigmoid activation per layer, so a document needs no top-level default
      specs.push(a === 'sigmoid' && typeof spec === 'number' ? units : { units, activation: a });
    } else specs.push(units);
  });
  const L = activations.length;
  activations.forEach((a, l) => {
    if (a === 'softmax' && l !== L - 1) throw new WasmpropError(`layers[${l + 1}].activation`, "'softmax' only on the output layer", a);
  });
  if (activations[L - 1] === 'softmax' && sizes[L] < 2) throw new WasmpropError(`layers[${L}].units`, 'at least 2 units for a softmax output', sizes[L]);
  const lossName = loss === undefined ? 'sse' : oneOf('loss', loss, ['sse', 'cross-entropy'] as const);
  if (lossName === 'cross-entropy' && activations[L - 1] !== 'softmax' && activations[L - 1] !== 'sigmoid') {
    throw new WasmpropError('loss', "'cross-entropy' with a 'softmax' or 'sigmoid' output layer", `an output activation '${activations[L - 1]}'`);
  }
  let params = 0;
  for (let l = 0; l < L; l++) params += sizes[l + 1] * (sizes[l] + 1);
  if (params > MAX_PARAMS) throw new WasmpropError('layers', `at most ${MAX_PARAMS} parameters in all`, `${params} parameters`);
  return { sizes, activations, specs, loss: lossName };
}

function checkNormalization(v: unknown, inputs: number): Normalization | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object') throw new WasmpropError('normalization', '{ offset: number[], scale: number[] }', v);
  const n = v as { kind?: unknown; offset?: unknown; scale?: unknown };
  const vec = (name: 'offset' | 'scale'): number[] => {
    const a = n[name];
    if (!(Array.isArray(a) || a instanceof Float64Array) || a.length !== inputs) {
      throw new WasmpropError(`normalization.${name}`, `${inputs} numbers (one per input)`, a);
    }
    return Array.from(a as ArrayLike<number>, (x, k) => checkFinite(`normalization.${name}[${k}]`, x));
  };
  if (n.kind !== undefined && typeof n.kind !== 'string') throw new WasmpropError('normalization.kind', 'a string', n.kind);
  return { ...(n.kind !== undefined ? { kind: n.kind as string } : {}), offset: vec('offset'), scale: vec('scale') };
}

function checkOptions(o: unknown): NetworkOptions {
  if (typeof o !== 'object' || o === null) throw new WasmpropError('options', 'an object like { layers: [2, 2, 2] }', o);
  return o as NetworkOptions;
}

function isClassLike(src: RowSource): boolean {
  const width = src.width;
  const step = 1024;
  const t = new Float64Array(Math.min(step, src.rows) * width);
  for (let r0 = 0; r0 < src.rows; r0 += step) {
    const c = Math.min(step, src.rows - r0);
    src.copy(t, 0, r0, c);
    for (let r = 0; r < c * width; r += width) {
      let ones = 0;
      for (let j = 0; j < width; j++) {
        const v = t[r + j];
        if (v !== 0 && v !== 1) return false;
        ones += v;
      }
      if (width > 1 && ones !== 1) return false;
    }
  }
  return true;
}

/** A training or validation set as the engine reads it: the caller's rows, maybe through an index map. */
interface RowSet {
  x: RowSource;
  t: RowSource;
  rows: number;
  /** Set row k is caller row map[k] (a validation fraction's shuffle); absent: row k is row k. */
  map?: Uint32Array;
}

/** Network.stagingBytes, checked. */
function stagingBudget(): number {
  const b = Network.stagingBytes;
  if (typeof b !== 'number' || !Number.isFinite(b) || b < 1) throw new WasmpropError('Network.stagingBytes', 'a positive number of bytes', b);
  return b;
}

/** A fully connected network trained by backpropagation. */
export class Network {
  /**
   * Bytes of data rows (inputs + targets as float64) copied into the engine's memory at once.
   * A training set that fits (with its validation set) is staged once per train call; a larger one
   * streams through a chunk of this size every epoch (a multiple of batchSize rows: the same
   * batches, the same results), so the engine never holds a second copy of a big data set and its
   * memory (which a WebAssembly instance never gives back) stays small. evaluate/loss/runBatch
   * stage in chunks of this size too. Default 4 MiB. Rows are read again each epoch when streamed:
   * do not change them while train runs.
   */
  static stagingBytes = 4 * 1024 * 1024;

  /** Units per layer, input first. */
  readonly layers: readonly number[];
  /** Activation per weight layer (layers[1..]). */
  readonly activations: readonly Activation[];
  /** Sigmoid gain. */
  readonly alpha: number;
  /** The loss trained and reported. */
  readonly lossName: LossName;
  /** Input normalization applied to every input row, if any. */
  readonly normalization: Normalization | undefined;
  private readonly specs: LayerSpec[];
  private readonly leakySlope: number;
  private readonly seed: number;
  private readonly backend: Backend;
  private layout: Layout;
  private base: number;
  private disposed = false;
  private readonly handle: { backend: Backend; ptr: number };

  /** Creates a network, loading the backend first. The way to start. */
  static async create(options: NetworkOptions): Promise<Network> {
    const o = checkOptions(options);
    checkArchitecture(o.layers, o.activation, o.loss);
    const backend = await loadBackend(o as BackendOptions);
    return new Network(o, backend);
  }

  /** Loads the WASM backend (same options as create) so that `new Network` and `fromJSON` work synchronously. */
  static async init(options: { backend?: BackendName; kernel?: KernelChoice; wasm?: WasmSource } = {}): Promise<void> {
    await loadBackend(options);
  }

  /**
   * Synchronous construction: works for backend 'ts', and for 'wasm' once a WASM network was
   * created (or `Network.init()` awaited) in this process. Otherwise use `Network.create`.
   */
  constructor(options: NetworkOptions, backend?: Backend) {
    const o = checkOptions(options);
    const arch = checkArchitecture(o.layers, o.activation, o.loss);
    this.layers = Object.freeze(arch.sizes);
    this.activations = Object.freeze(arch.activations);
    this.specs = arch.specs;
    this.lossName = arch.loss;
    this.alpha = o.alpha === undefined ? 1 : checkPositiveFinite('alpha', o.alpha);
    this.leakySlope = o.leakySlope === undefined ? 0.01 : checkFinite('leakySlope', o.leakySlope);
    this.seed = o.seed === undefined ? 1 : checkFinite('seed', o.seed);
    this.normalization = checkNormalization(o.normalization, arch.sizes[0]);
    const init = o.init === undefined ? (o.initRange !== undefined ? 'uniform' : 'xavier') : oneOf('init', o.init, ['xavier', 'he', 'uniform'] as const);
    const initRange = o.initRange === undefined ? 0.5 : checkPositiveFinite('initRange', o.initRange);
    const b = backend ?? getBackendSync(o as BackendOptions);
    if (!b) {
      throw new WasmpropError('backend', "a loaded backend: use `await Network.create(...)` (or `await Network.init()`) before `new Network` with backend 'wasm'", 'wasm (not loaded yet)');
    }
    this.backend = b;
    this.layout = computeLayout(this.layers, 1);
    this.base = this.backend.allocator.alloc(this.layout.bytes);
    this.handle = { backend: b, ptr: this.base };
    registry?.register(this, this.handle, this);
    this.writeDesc();
    this.initialize(init, initRange);
  }

  /** Which backend and kernel family this network runs on. */
  get backendInfo(): { backend: 'wasm' | 'ts'; isa: Isa } {
    return { backend: this.backend.name, isa: this.backend.isa };
  }

  /** Number of trainable parameters (weights and biases). */
  get parameterCount(): number {
    return this.layout.nParams;
  }

  private alive(): void {
    if (this.disposed) throw new WasmpropError('this', 'a network that has not been disposed', 'a disposed network');
  }

  private get desc(): number {
    return this.base + this.layout.desc;
  }

  private writeDesc(): void {
    const kinds = this.activations.map((a) => ACTIVATIONS[a]);
    writeDescriptor(this.backend.views.i32, this.base, this.layout, kinds, this.lossName === 'sse' ? LOSS_SSE : LOSS_XENT);
    const f = this.backend.views.f64;
    const h = (this.base + this.layout.hyper) >> 3;
    f.fill(0, h, h + HYPER_WORDS);
    f[h + HY_ALPHA] = this.alpha;
    f[h + HY_SLOPE] = this.leakySlope;
  }

  private setHeader(word: number, v: number): void {
    this.backend.views.i32[(this.desc >> 2) + word] = v;
  }

  private setHyper(word: number, v: number): void {
    this.backend.views.f64[((this.base + this.layout.hyper) >> 3) + word] = v;
  }

  /** Makes the activation buffers hold at least `rows` rows (moves the arena; parameters are kept). */
  private ensureCapacity(rows: number): void {
    if (this.layout.capacity >= rows) return;
    const next = computeLayout(this.layers, rows);
    const ptr = this.backend.allocator.alloc(next.bytes); // may grow memory: views after this
    const f = this.backend.views.f64;
    const from = (this.base + this.layout.params) >> 3;
    f.copyWithin((ptr + next.params) >> 3, from, from + this.layout.nParams);
    this.backend.allocator.free(this.base);
    this.base = ptr;
    this.handle.ptr = ptr;
    this.layout = next;
    this.writeDesc();
  }

  private initialize(init: InitName, initRange: number): void {
    const rng = new Rng(this.seed);
    const f = this.backend.views.f64;
    for (const ly of this.layout.layers) {
      const r = init === 'uniform' ? initRange : init === 'he' ? Math.sqrt(6 / ly.inUnits) : Math.sqrt(6 / (ly.inUnits + ly.outUnits));
      const w = (this.base + ly.w) >> 3;
      for (let k = 0; k < ly.inUnits * ly.outUnits; k++) f[w + k] = rng.uniform(r);
      f.fill(0, (this.base + ly.b) >> 3, ((this.base + ly.b) >> 3) + ly.outUnits);
    }
  }

  // ---- parameters ------------------------------------------------------------------------------

  /** Replaces all weights and biases (validated completely before anything is written). */
  setParameters(p: ParametersInput): void {
    this.alive();
    if (typeof p !== 'object' || p === null) throw new WasmpropError('parameters', 'an object { weights, biases }', p);
    const L = this.layout.layers.length;
    if (!Array.isArray(p.weights) || p.weights.length !== L) throw new WasmpropError('parameters.weights', `an array of ${L} weight matrices`, p.weights);
    if (!Array.isArray(p.biases) || p.biases.length !== L) throw new WasmpropError('parameters.biases', `an array of ${L} bias vectors`, p.biases);
    const staged = new Float64Array(this.layout.nParams);
    let at = 0;
    for (let l = 0; l < L; l++) {
      const { inUnits: IN, outUnits: OUT } = this.layout.layers[l];
      const W = p.weights[l] as unknown;
      if (W instanceof Float64Array) {
        if (W.length !== OUT * IN) throw new WasmpropError(`parameters.weights[${l}]`, `a Float64Array of ${OUT}×${IN} = ${OUT * IN} values`, W);
      } else if (!Array.isArray(W) || W.length !== OUT) {
        throw new WasmpropError(`parameters.weights[${l}]`, `${OUT} rows (one per destination unit) of ${IN} numbers`, W);
      }
      copyRows(`parameters.weights[${l}]`, W, IN, staged, at);
      at += OUT * IN;
      const bias = p.biases[l] as unknown;
      if (!(Array.isArray(bias) || bias instanceof Float64Array) || bias.length !== OUT) {
        throw new WasmpropError(`parameters.biases[${l}]`, `${OUT} numbers`, bias);
      }
      copyRows(`parameters.biases[${l}]`, bias, OUT, staged, at);
      at += OUT;
    }
    this.backend.views.f64.set(staged, (this.base + this.layout.params) >> 3);
  }

  /** Replaces all parameters from one flat array in arena order (as returned by getParametersFlat). */
  setParametersFlat(values: Float64Array | readonly number[]): void {
    this.alive();
    if (!(values instanceof Float64Array || Array.isArray(values)) || values.length !== this.layout.nParams) {
      throw new WasmpropError('values', `${this.layout.nParams} parameters in arena order`, values);
    }
    const staged = new Float64Array(this.layout.nParams);
    copyRows('values', values, this.layout.nParams, staged, 0);
    this.backend.views.f64.set(staged, (this.base + this.layout.params) >> 3);
  }

  /**
   * Zero-copy view of all parameters in arena order (per layer W row-major, then b). Writes go
   * straight into the network. The view is detached when memory grows (any call that allocates:
   * creating networks, train, gradients, run…): take a fresh one after such calls.
   */
  parameterView(): Float64Array {
    this.alive();
    const at = (this.base + this.layout.params) >> 3;
    return this.backend.views.f64.subarray(at, at + this.layout.nParams);
  }

  /** Zero-copy view of the gradient block (same layout as parameterView), as left by the last gradients()/train step. */
  gradientView(): Float64Array {
    this.alive();
    const at = (this.base + this.layout.grads) >> 3;
    return this.backend.views.f64.subarray(at, at + this.layout.nParams);
  }

  private readBlock(offset: number): Parameters {
    const f = this.backend.views.f64;
    const weights: number[][][] = [];
    const biases: number[][] = [];
    for (const ly of this.layout.layers) {
      const w = (this.base + ly.w - this.layout.params + offset) >> 3;
      const b = (this.base + ly.b - this.layout.params + offset) >> 3;
      const M: number[][] = [];
      for (let o = 0; o < ly.outUnits; o++) M.push(Array.from(f.subarray(w + o * ly.inUnits, w + (o + 1) * ly.inUnits)));
      weights.push(M);
      biases.push(Array.from(f.subarray(b, b + ly.outUnits)));
    }
    return { weights, biases };
  }

  /** A copy of all weights and biases: weights[l][destination][source], biases[l][destination]. */
  getParameters(): Parameters {
    this.alive();
    return this.readBlock(this.layout.params);
  }

  /** All parameters as one flat Float64Array copy, in arena order (per layer W row-major, then b). */
  getParametersFlat(): Float64Array {
    this.alive();
    const at = (this.base + this.layout.params) >> 3;
    return this.backend.views.f64.slice(at, at + this.layout.nParams);
  }

  // ---- data staging ----------------------------------------------------------------------------

  /** Applies the input normalization in place to `rows` rows at element `at`. */
  private normalize(f: Float64Array, at: number, rows: number): void {
    const nz = this.normalization;
    if (!nz) return;
    const IN = this.layers[0];
    for (let r = 0; r < rows; r++) {
      const q = at + r * IN;
      for (let i = 0; i < IN; i++) f[q + i] = (f[q + i] - nz.offset[i]) * nz.scale[i];
    }
  }

  /** Copies validated rows into memory at byte address `ptr` (inputs are normalized). */
  private put(name: string, rows: unknown, width: number, ptr: number, normalize: boolean): void {
    const f = this.backend.views.f64;
    const n = copyRows(name, rows, width, f, ptr >> 3);
    if (normalize) this.normalize(f, ptr >> 3, n);
  }

  /**
   * Copies `count` rows of a set to buffer rows x/t (byte addresses): set rows first … first+count−1,
   * or with `order` the set rows order[first …]; inputs are normalized.
   */
  private stageRows(set: RowSet, x: number, t: number, first: number, count: number, order?: Uint32Array): void {
    let index: ArrayLike<number> | undefined = set.map;
    let from = first;
    if (order) {
      const idx = order.slice(first, first + count);
      if (set.map) for (let k = 0; k < count; k++) idx[k] = set.map[idx[k]];
      index = idx;
      from = 0;
    }
    const f = this.backend.views.f64;
    set.x.copy(f, x >> 3, from, count, index);
    set.t.copy(f, t >> 3, from, count, index);
    this.normalize(f, x >> 3, count);
  }

  /** Mean loss and accuracy over a set, staged `bufRows` rows at a time at x/t; `out` is 16 bytes for eval_f64. */
  private evalStreamed(set: RowSet, x: number, t: number, bufRows: number, out: number): { loss: number; accuracy: number } {
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < set.rows; r += bufRows) {
      const c = Math.min(bufRows, set.rows - r);
      this.stageRows(set, x, t, r, c);
      this.backend.fns.eval_f64(this.backend.variant, this.desc, x, t, c, out);
      const f = this.backend.views.f64;
      loss += f[out >> 3] * c;
      correct += Math.round(f[(out >> 3) + 1] * c);
    }
    return { loss: loss / set.rows, accuracy: correct / set.rows };
  }

  /** Validates inputs/targets together; returns them as row sources. */
  private sourcePair(inputs: unknown, targets: unknown, inName = 'inputs', tName = 'targets'): [RowSource, RowSource] {
    const x = RowSource.of(inName, inputs, this.layers[0]);
    const t = RowSource.of(tName, targets, this.layers[this.layers.length - 1]);
    if (x.rows !== t.rows) throw new WasmpropError(tName, `${x.rows} rows, as many as ${inName}`, `${t.rows} rows`);
    return [x, t];
  }

  /** Rows per staging chunk for rows of `width` numbers (Network.stagingBytes), at most `n`. */
  private chunkRows(width: number, n: number): number {
    return Math.max(1, Math.min(n, Math.floor(stagingBudget() / (width * 8))));
  }

  // ---- one pass --------------------------------------------------------------------------------

  /** Mean loss over the rows and its gradient with respect to every parameter, the rows taken as ONE batch. */
  gradients(inputs: Rows, targets: Rows): Gradients {
    this.alive();
    const n = this.sourcePair(inputs, targets)[0].rows;
    this.ensureCapacity(n);
    const IN = this.layers[0];
    const ptr = this.backend.allocator.alloc(n * (IN + this.layers[this.layers.length - 1]) * 8);
    try {
      const x = ptr;
      const t = ptr + n * IN * 8;
      this.put('inputs', inputs, IN, x, true);
      this.put('targets', targets, this.layers[this.layers.length - 1], t, false);
      const fns = this.backend.fns;
      fns.fill_f64__scalar(this.base + this.layout.grads, 0, this.layout.nParams);
      fns.forward_f64(this.backend.variant, this.desc, x, n);
      const loss = fns.backward_f64(this.backend.variant, this.desc, x, t, n, 1 / n);
      return { loss: loss / n, ...this.readBlock(this.layout.grads) };
    } finally {
      this.backend.allocator.free(ptr);
    }
  }

  /** Evaluates rows: mean loss and, for class-like targets, accuracy (rows staged a chunk at a time). */
  evaluate(inputs: Rows, targets: Rows): { loss: number; accuracy: number } {
    this.alive();
    const [xs, ts] = this.sourcePair(inputs, targets);
    const n = xs.rows;
    const IN = this.layers[0];
    const OUT = this.layers[this.layers.length - 1];
    const chunk = this.chunkRows(IN + OUT, n);
    this.ensureCapacity(Math.min(n, 256));
    const ptr = this.backend.allocator.alloc(chunk * (IN + OUT) * 8 + 16);
    try {
      return this.evalStreamed({ x: xs, t: ts, rows: n }, ptr, ptr + chunk * IN * 8, chunk, ptr + chunk * (IN + OUT) * 8);
    } finally {
      this.backend.allocator.free(ptr);
    }
  }

  /** Mean loss over the rows (forward only). */
  loss(inputs: Rows, targets: Rows): number {
    return this.evaluate(inputs, targets).loss;
  }

  /** Outputs for one input row. */
  run(input: readonly number[] | Float64Array): Float64Array {
    this.alive();
    checkRow('input', input, this.layers[0]);
    return this.runBatch([input as number[]]);
  }

  /** Outputs for many rows, flat row-major (rows × output units); rows staged a chunk at a time. */
  runBatch(inputs: Rows): Float64Array {
    this.alive();
    const IN = this.layers[0];
    const OUT = this.layers[this.layers.length - 1];
    const xs = RowSource.of('inputs', inputs, IN);
    const n = xs.rows;
    const chunk = this.chunkRows(IN, n);
    this.ensureCapacity(Math.min(n, 256));
    const ptr = this.backend.allocator.alloc(chunk * IN * 8);
    try {
      const out = new Float64Array(n * OUT);
      const cap = this.layout.capacity;
      const top = (this.base + this.layout.layers[this.layout.layers.length - 1].act) >> 3;
      for (let r0 = 0; r0 < n; r0 += chunk) {
        const c = Math.min(chunk, n - r0);
        xs.copy(this.backend.views.f64, ptr >> 3, r0, c);
        this.normalize(this.backend.views.f64, ptr >> 3, c);
        for (let r = 0; r < c; r += cap) {
          const B = Math.min(cap, c - r);
          this.backend.fns.forward_f64(this.backend.variant, this.desc, ptr + r * IN * 8, B);
          out.set(this.backend.views.f64.subarray(top, top + B * OUT), (r0 + r) * OUT);
        }
      }
      return out;
    } finally {
      this.backend.allocator.free(ptr);
    }
  }

  // ---- training --------------------------------------------------------------------------------

  /**
   * Trains by mini-batch gradient descent on the mean loss of each batch: consecutive batches of
   * batchSize in the given order (or shuffled per epoch). All gradients of a step come from one
   * forward pass (exact backprop). A failed call (bad options or data) changes nothing; a run that
   * diverges to a non-finite loss restores the parameters it started from and throws.
   */
  train(data: TrainingData, options: TrainOptions = {}): TrainResult {
    this.alive();
    if (typeof data !== 'object' || data === null) throw new WasmpropError('data', 'an object { inputs, targets }', data);
    if (typeof options !== 'object' || options === null) throw new WasmpropError('options', 'an object', options);
    const o = options;
    const optimizer = o.optimizer === undefined ? 'sgd' : oneOf('optimizer', o.optimizer, ['sgd', 'momentum', 'nesterov', 'adam'] as const);
    const defaultLr = optimizer === 'adam' ? 0.001 : optimizer === 'sgd' ? 0.5 : 0.1;
    const lr = o.learningRate === undefined ? defaultLr : checkPositiveFinite('learningRate', o.learningRate);
    const epochs = o.epochs === undefined ? 1000 : checkPositiveInt('epochs', o.epochs);
    const batchSize = o.batchSize === undefined ? 1 : checkPositiveInt('batchSize', o.batchSize);
    const trainBias = o.trainBias === undefined ? true : checkBoolean('trainBias', o.trainBias);
    const shuffle = o.shuffle === undefined ? false : checkBoolean('shuffle', o.shuffle);
    const seed = o.seed === undefined ? this.seed : checkFinite('seed', o.seed);
    const mu = o.momentum === undefined ? 0.9 : checkUnit('momentum', o.momentum);
    const beta1 = o.beta1 === undefined ? 0.9 : checkUnit('beta1', o.beta1);
    const beta2 = o.beta2 === undefined ? 0.999 : checkUnit('beta2', o.beta2);
    const eps = o.epsilon === undefined ? 1e-8 : checkPositiveFinite('epsilon', o.epsilon);
    const wd = o.weightDecay === undefined ? 0 : checkNonNegative('weightDecay', o.weightDecay);
    const schedule = checkSchedule(o.schedule);
    const errorThreshold = o.errorThreshold === undefined ? undefined : checkNonNegative('errorThreshold', o.errorThreshold);
    const patience = o.patience === undefined ? undefined : checkPositiveInt('patience', o.patience);
    const restoreBest = o.restoreBest === undefined ? true : checkBoolean('restoreBest', o.restoreBest);
    const timeBudgetMs = o.timeBudgetMs === undefined ? undefined : checkPositiveFinite('timeBudgetMs', o.timeBudgetMs);
    const onEpoch = o.onEpoch;
    const onBatch = o.onBatch;
    if (onEpoch !== undefined && typeof onEpoch !== 'function') throw new WasmpropError('onEpoch', 'a function', onEpoch);
    if (onBatch !== undefined && typeof onBatch !== 'function') throw new WasmpropError('onBatch', 'a function', onBatch);
    const diagnostics = o.diagnostics === undefined ? !!(onEpoch || onBatch) : checkBoolean('diagnostics', o.diagnostics);
    const recordLoss = o.recordLoss === undefined ? true : checkBoolean('recordLoss', o.recordLoss);
    const finalError = o.finalError === undefined ? true : checkBoolean('finalError', o.finalError);

    const IN = this.layers[0];
    const OUT = this.layers[this.layers.length - 1];
    const [xs, tsrc] = this.sourcePair(data.inputs, data.targets);
    const nAll = xs.rows;
    let n = nAll;
    let nv = 0;
    let split = 0;
    let vSources: [RowSource, RowSource] | undefined;
    const v = o.validation;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || v <= 0 || v >= 1) throw new WasmpropError('validation', 'a fraction in (0, 1) or a data set { inputs, targets }', v);
      nv = Math.round(n * v);
      if (nv < 1 || nv >= n) throw new WasmpropError('validation', `a fraction leaving at least one row on each side of ${n} rows`, v);
      split = nv;
    } else if (v !== undefined) {
      if (typeof v !== 'object' || v === null) throw new WasmpropError('validation', 'a fraction in (0, 1) or a data set { inputs, targets }', v);
      vSources = this.sourcePair(v.inputs, v.targets, 'validation.inputs', 'validation.targets');
      nv = vSources[0].rows;
    }
    if (patience !== undefined && nv === 0) throw new WasmpropError('patience', 'a validation set (option validation) to watch', 'no validation');
    if (split) n -= nv;
    const budget = stagingBudget();

    // Which caller rows make the training and validation sets: a seeded shuffle of all rows when the
    // validation set is a fraction (its last `nv` rows validate), the rows as given otherwise.
    const rng = new Rng(seed);
    let trainSet: RowSet = { x: xs, t: tsrc, rows: n };
    let validSet: RowSet | undefined;
    if (split) {
      const perm = permutation(nAll, rng);
      trainSet = { x: xs, t: tsrc, rows: n, map: perm.subarray(0, n) };
      validSet = { x: xs, t: tsrc, rows: nv, map: perm.subarray(n) };
    } else if (vSources) {
      validSet = { x: vSources[0], t: vSources[1], rows: nv };
    }
    const classLike = isClassLike(tsrc);

    // Everything is valid: from here on the network changes.
    this.ensureCapacity(Math.min(batchSize, n));
    // The staging area: the whole data set when it fits the budget (staged once, shuffled inside the
    // engine), else a chunk of a multiple of batchSize rows that each epoch streams the rows through.
    const rowBytes = (IN + OUT) * 8;
    const chunkRows = Math.max(batchSize, Math.floor(budget / rowBytes / batchSize) * batchSize);
    const resident = n + nv <= chunkRows;
    const bufRows = resident ? n + nv : Math.min(chunkRows, Math.max(n, nv));
    const lossOutWords = recordLoss && resident ? epochs : 0;
    // optimizer state for this call only (velocity; Adam's m and v), in the parameters' layout
    const nP = this.layout.nParams;
    const optWords = optimizer === 'sgd' ? 0 : optimizer === 'adam' ? 2 * nP : nP;
    const bytes = bufRows * rowBytes + lossOutWords * 8 + 16 + optWords * 8 + (resident ? n * 4 : 0);
    const block = this.backend.allocator.alloc(bytes); // may grow memory: views after this
    const x = block;
    const t = x + bufRows * IN * 8;
    // f64 blocks first (8-byte aligned for both backends), the i32 order last
    const lossOut = t + bufRows * OUT * 8;
    const evalOut = lossOut + lossOutWords * 8;
    const opt1 = evalOut + 16;
    const opt2 = optimizer === 'adam' ? opt1 + nP * 8 : 0;
    const orderPtr = opt1 + optWords * 8;
    const start = this.getParametersFlat();
    const fns = this.backend.fns;
    const variant = this.backend.variant;
    const desc = this.desc;

    /** Copies rows of a set (in `order`, when given) to buffer row `at`. */
    const stage = (set: RowSet, at: number, first: number, count: number, order?: Uint32Array): void =>
      this.stageRows(set, x + at * IN * 8, t + at * OUT * 8, first, count, order);
    /** Mean loss and accuracy over a set (resident: the rows staged at buffer row `at`). */
    const evalSet = (set: RowSet, at: number): { loss: number; accuracy: number } => {
      if (!resident) return this.evalStreamed(set, x, t, bufRows, evalOut);
      fns.eval_f64(variant, desc, x + at * IN * 8, t + at * OUT * 8, set.rows, evalOut);
      const f = this.backend.views.f64;
      return { loss: f[evalOut >> 3], accuracy: f[(evalOut >> 3) + 1] };
    };
    /**
     * One epoch over the training rows (in `order` when shuffling): the batches of `count` rows staged
     * at x/t, one call for all of them, or one per batch for onBatch. Returns the running loss summed
     * over the rows and whether onBatch asked to stop.
     */
    let batchNo = 0;
    const runRows = (count: number, order: number, e: number): { sum: number; stop: boolean } => {
      if (!onBatch) return { sum: fns.train_epochs_f64(variant, desc, x, t, count, order, batchSize, 1, 0) * count, stop: false };
      let sum = 0;
      for (let r = 0; r < count; r += batchSize) {
        const B = Math.min(batchSize, count - r);
        const loss = order
          ? fns.train_epochs_f64(variant, desc, x, t, B, order + r * 4, batchSize, 1, 0)
          : fns.train_epochs_f64(variant, desc, x + r * IN * 8, t + r * OUT * 8, B, 0, batchSize, 1, 0);
        sum += loss * B;
        if (onBatch({ epoch: e + 1, batch: ++batchNo, loss }) === false) return { sum, stop: true };
      }
      return { sum, stop: false };
    };
    const trainEpoch = (order: Uint32Array | undefined, e: number): { sum: number; stop: boolean } => {
      batchNo = 0;
      if (resident) {
        if (order) this.backend.views.i32.set(order, orderPtr >> 2);
        return runRows(n, order ? orderPtr : 0, e);
      }
      let sum = 0;
      for (let r = 0; r < n; r += bufRows) {
        const c = Math.min(bufRows, n - r);
        stage(trainSet, 0, r, c, order);
        const run = runRows(c, 0, e);
        sum += run.sum;
        if (run.stop) return { sum, stop: true };
      }
      return { sum, stop: false };
    };

    try {
      if (resident) {
        stage(trainSet, 0, 0, n);
        if (validSet) stage(validSet, n, 0, nv);
      }

      // training settings live in the descriptor for the length of this call
      this.setHeader(H_OPTIMIZER, OPTIMIZERS[optimizer]);
      this.setHeader(H_WITHBIAS, trainBias ? 1 : 0);
      this.setHeader(H_STEP, 0);
      this.setHeader(H_DIAG, diagnostics ? this.base + this.layout.diag : 0);
      this.setHyper(HY_LR, lr);
      this.setHyper(HY_MU, mu);
      this.setHyper(HY_BETA1, beta1);
      this.setHyper(HY_BETA2, beta2);
      this.setHyper(HY_EPS, eps);
      this.setHyper(HY_WD, wd);
      // each train call starts its optimizer afresh
      if (optWords) {
        fns.fill_f64__scalar(opt1, 0, optWords);
        this.setHeader(H_OPT1, opt1);
        this.setHeader(H_OPT2, opt2);
      }

      const perEpoch = shuffle || schedule || nv > 0 || onEpoch || onBatch || diagnostics || timeBudgetMs !== undefined ||
        errorThreshold !== undefined;
      if (!perEpoch) {
        // the fast path: no callback between epochs; a resident data set runs every epoch in one
        // call (no boundary crossing per sample or per epoch), a streamed one one call per chunk
        const exact = recordLoss || finalError;
        let lossPerEpoch: number[] = [];
        let error: number;
        if (resident) {
          const running = fns.train_epochs_f64(variant, desc, x, t, n, 0, batchSize, epochs, recordLoss ? lossOut : 0);
          if (recordLoss) lossPerEpoch = Array.from(this.backend.views.f64.subarray(lossOut >> 3, (lossOut >> 3) + epochs));
          error = recordLoss ? lossPerEpoch[epochs - 1] : finalError ? fns.eval_f64(variant, desc, x, t, n, 0) : running;
        } else {
          let running = 0;
          for (let e = 0; e < epochs; e++) {
            running = trainEpoch(undefined, e).sum / n;
            if (recordLoss) lossPerEpoch.push(evalSet(trainSet, 0).loss);
          }
          error = recordLoss ? lossPerEpoch[epochs - 1] : finalError ? evalSet(trainSet, 0).loss : running;
        }
        if (!Number.isFinite(error) || (!exact && !this.getParametersFlat().every(Number.isFinite))) this.diverged(start, lr, epochs);
        const history = lossPerEpoch.map((loss, e) => ({ epoch: e + 1, loss, samplesPerSecond: NaN, learningRate: lr }));
        return { error, errorKind: exact ? 'final' : 'running', epochs, lossPerEpoch, history, stoppedBy: 'epochs' };
      }

      const history: EpochInfo[] = [];
      const began = now();
      let stoppedBy: StopReason = 'epochs';
      let best = Infinity;
      let bestParams: Float64Array | undefined;
      let sinceBest = 0;
      let ran = 0;
      const L = this.layout.layers.length;
      for (let e = 0; e < epochs; e++) {
        const lrE = !schedule ? lr : schedule.type === 'step' ? lr * Math.pow(schedule.factor, Math.floor(e / schedule.every)) : lr * Math.pow(schedule.gamma, e);
        this.setHyper(HY_LR, lrE);
        const order = shuffle ? permutation(n, rng) : undefined;
        if (diagnostics) fns.fill_f64__scalar(this.base + this.layout.diag, 0, L * DIAG_WORDS);
        const t0 = now();
        const stop = trainEpoch(order, e).stop;
        const elapsed = now() - t0;
        ran = e + 1;
        const ev = evalSet(trainSet, 0);
        const info: EpochInfo = { epoch: e + 1, loss: ev.loss, samplesPerSecond: elapsed > 0 ? n / (elapsed / 1000) : Infinity, learningRate: lrE };
        if (classLike) info.accuracy = ev.accuracy;
        if (validSet) {
          const vev = evalSet(validSet, n);
          info.validationLoss = vev.loss;
          if (classLike) info.validationAccuracy = vev.accuracy;
        }
        if (diagnostics) {
          const f = this.backend.views.f64;
          const d = (this.base + this.layout.diag) >> 3;
          info.layers = Array.from({ length: L }, (_, l) => {
            const q = d + l * DIAG_WORDS;
            return { gradRms: Math.sqrt(f[q] / Math.max(f[q + 1], 1)), saturation: f[q + 3] > 0 ? f[q + 2] / f[q + 3] : 0 };
          });
        }
        if (!Number.isFinite(info.loss)) this.diverged(start, lrE, e + 1);
        history.push(info);
        if (stop) {
          stoppedBy = 'callback';
          break;
        }
        if (onEpoch && onEpoch(info) === false) {
          stoppedBy = 'callback';
          break;
        }
        if (errorThreshold !== undefined && info.loss <= errorThreshold) {
          stoppedBy = 'errorThreshold';
          break;
        }
        if (patience !== undefined && info.validationLoss !== undefined) {
          if (info.validationLoss < best) {
            best = info.validationLoss;
            sinceBest = 0;
            if (restoreBest) bestParams = this.getParametersFlat();
          } else if (++sinceBest >= patience) {
            stoppedBy = 'patience';
            break;
          }
        }
        if (timeBudgetMs !== undefined && now() - began >= timeBudgetMs) {
          stoppedBy = 'timeBudget';
          break;
        }
      }
      let error = history[history.length - 1].loss;
      if (bestParams && history[history.length - 1].validationLoss !== best) {
        this.backend.views.f64.set(bestParams, (this.base + this.layout.params) >> 3);
        error = evalSet(trainSet, 0).loss;
      }
      return { error, errorKind: 'final', epochs: ran, lossPerEpoch: recordLoss ? history.map((h) => h.loss) : [], history: recordLoss ? history : [], stoppedBy };
    } finally {
      this.setHeader(H_WITHBIAS, 1);
      this.setHeader(H_DIAG, 0);
      this.setHeader(H_OPT1, 0);
      this.setHeader(H_OPT2, 0);
      this.backend.allocator.free(block);
    }
  }

  /** Puts back the parameters a diverged run started from and throws. */
  private diverged(start: Float64Array, lr: number, epoch: number): never {
    this.backend.views.f64.set(start, (this.base + this.layout.params) >> 3);
    throw new WasmpropError('learningRate', `a step size small enough for training to stay finite (the loss became non-finite by epoch ${epoch}; parameters restored)`, lr);
  }

  // ---- serialization ---------------------------------------------------------------------------

  /** A JSON document with the architecture and exact float64 parameters. */
  toJSON(): NetworkJSON {
    this.alive();
    const p = this.getParameters();
    const doc: NetworkJSON = { format: FORMAT, version: 1, layers: this.specs.map((s) => (typeof s === 'number' ? s : { ...s })), alpha: this.alpha, loss: this.lossName, ...p };
    if (this.activations.includes('leaky-relu')) doc.leakySlope = this.leakySlope;
    if (this.normalization) doc.normalization = { ...this.normalization, offset: [...this.normalization.offset], scale: [...this.normalization.scale] };
    return doc;
  }

  /** Rebuilds a network from `toJSON` output (an object or its JSON string). Synchronous: see the constructor. */
  static fromJSON(json: unknown, options: BackendOptions = {}): Network {
    const doc = parseDoc(json);
    const net = new Network({
      layers: doc.layers, alpha: doc.alpha, loss: doc.loss, normalization: doc.normalization,
      ...(doc.leakySlope !== undefined ? { leakySlope: doc.leakySlope } : {}), ...options,
    });
    try {
      net.setParameters(doc);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return net;
  }

  /** Like fromJSON, loading the backend first. */
  static async load(json: unknown, options: BackendOptions = {}): Promise<Network> {
    const doc = parseDoc(json);
    await loadBackend(options);
    return Network.fromJSON(doc, options);
  }

  /** Frees the network's memory. Any later call throws. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    registry?.unregister(this);
    this.backend.allocator.free(this.base);
  }
}

function checkUnit(name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new WasmpropError(name, 'a number in [0, 1)', v);
  return v;
}

function checkNonNegative(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new WasmpropError(name, 'a finite number ≥ 0', v);
  return v;
}

function checkSchedule(s: unknown): Schedule | undefined {
  if (s === undefined) return undefined;
  if (typeof s !== 'object' || s === null) throw new WasmpropError('schedule', "{ type: 'step', every, factor } or { type: 'exponential', gamma }", s);
  const o = s as Record<string, unknown>;
  const type = oneOf('schedule.type', o.type, ['step', 'exponential'] as const);
  if (type === 'step') return { type, every: checkPositiveInt('schedule.every', o.every), factor: checkPositiveFinite('schedule.factor', o.factor) };
  return { type, gamma: checkPositiveFinite('schedule.gamma', o.gamma) };
}

function parseDoc(json: unknown): NetworkJSON {
  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      throw new WasmpropError('json', 'a valid JSON document', `a string that does not parse (${(e as Error).message})`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new WasmpropError('json', 'a network document object', doc);
  const d = doc as Record<string, unknown>;
  if (d.format !== FORMAT) throw new WasmpropError('json.format', `'${FORMAT}'`, d.format);
  if (d.version !== 1) throw new WasmpropError('json.version', '1', d.version);
  const arch = checkArchitecture(d.layers, undefined, d.loss);
  const alpha = checkPositiveFinite('json.alpha', d.alpha);
  if (!Array.isArray(d.weights)) throw new WasmpropError('json.weights', 'an array of weight matrices', d.weights);
  if (!Array.isArray(d.biases)) throw new WasmpropError('json.biases', 'an array of bias vectors', d.biases);
  const out: NetworkJSON = {
    format: FORMAT, version: 1, layers: d.layers as LayerSpec[], alpha, loss: arch.loss,
    weights: d.weights as number[][][], biases: d.biases as number[][],
  };
  if (d.leakySlope !== undefined) out.leakySlope = checkFinite('json.leakySlope', d.leakySlope);
  const nz = checkNormalization(d.normalization, arch.sizes[0]);
  if (nz) out.normalization = nz;
  return out;
}
