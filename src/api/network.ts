// The public Network: a fully connected network trained by backpropagation, living in one arena of
// a backend's linear memory. The seeds' model is the default: sigmoid(alpha) units everywhere and
// the summed-squared error; other activations, cross-entropy and optimizers are options.
// This is the thin wrapper of the design card: every method resolves its input (src/options/),
// calls the engine (src/engine/), and shapes the result; every number is computed by the backend's
// kernels (WASM or the TS twin). Not here: validation rules, memory layout, the epoch loop.
import { WasmpropError } from './errors.js';
import type {
  Activation, BackendInfo, BackendOptions, Dtype, Gradients, LossName, NetworkJSON, NetworkOptions, Normalization, Parameters,
  ParametersInput, Rows, TrainOptions, TrainResult, TrainingData, WasmSource, BackendName, KernelChoice, LayerSpec, InitName, ThreadCount,
} from './types.js';
import { NETWORK_FORMAT } from './types.js';
import { resolveNetworkOptions, resolveBackendOptions, type NetworkConfig } from '../options/network.js';
import { resolveNetworkDocument, parseJsonText } from '../options/document.js';
import { resolveTrainOptions, resolveTrainData } from '../options/train.js';
import { checkObject, checkKnownKeys } from '../options/checks.js';
import { RowSource, checkRow, copyRows, sourcePair } from '../options/rows.js';
import { Rng } from '../util/rng.js';
import { getRuntimeSync, loadBackend, loadRuntime, loadThreadedBackend, threadCount, threadsUnavailable, type Runtime } from '../backend/index.js';
import type { Backend } from '../backend/types.js';
import type { Pool } from '../backend/pool.js';
import { Arena } from '../engine/arena.js';
import { DEFAULT_STAGING_BYTES } from '../engine/staging.js';
import { evaluatePass, gradientPass, outputPass } from '../engine/passes.js';
import { train as runTraining } from '../engine/trainer.js';
import { TrainingState } from '../engine/training-state.js';

/** What a collected network leaves to free: its arena, its training state and its pool of threads. */
interface Handle { backend: Backend; ptr: number; state: number; pool?: Pool }
const finalizer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<Handle>((h) => {
    h.pool?.release();
    h.backend.allocator.free(h.ptr);
    h.backend.allocator.free(h.state);
  })
  : undefined;

/** The runtime a `create`/`load` prepared, taken by the constructor it calls (synchronously). */
let pendingRuntime: Runtime | undefined;

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
  static stagingBytes = DEFAULT_STAGING_BYTES;

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
  /** Element type of the parameters and of every kernel's arithmetic ('f64' or 'f32'). */
  readonly dtype: Dtype;
  private readonly config: NetworkConfig;
  private readonly arena: Arena;
  /** Where training stands: the next train call continues it (see TrainOptions, resetTraining). */
  private readonly progress: TrainingState;
  /** The pool of threads the network's calls run on (threads > 1), ended by dispose. */
  private readonly pool: Pool | undefined;
  private disposed = false;
  /** Set while `train` runs: calls that change the network are refused from its callbacks. */
  private training = false;

  /** Creates a network, loading the backend first. The way to start. */
  static async create(options: NetworkOptions): Promise<Network> {
    const cfg = resolveNetworkOptions(options);
    return Network.withRuntime(await loadRuntime(cfg.backend), () => new Network(options));
  }

  /** Builds a network on a loaded runtime; a failed build ends the runtime's pool. */
  private static withRuntime(rt: Runtime, build: () => Network): Network {
    pendingRuntime = rt;
    try {
      return build();
    } catch (e) {
      rt.pool?.release();
      throw e;
    } finally {
      pendingRuntime = undefined;
    }
  }

  /**
   * Loads the WASM backend (same options as create) so that `new Network` and `fromJSON` work
   * synchronously; with `threads`, also the shared-memory backend (a synchronous constructor in
   * Node then starts its pool itself).
   */
  static async init(options: { backend?: BackendName; kernel?: KernelChoice; wasm?: WasmSource; threads?: ThreadCount } = {}): Promise<void> {
    const o = checkObject('options', options);
    checkKnownKeys('options', o, ['backend', 'kernel', 'wasm', 'threads']);
    const b = resolveBackendOptions(o);
    await loadBackend(b);
    if (threadCount(b.threads) > 1 && !threadsUnavailable(b)) await loadThreadedBackend(b);
  }

  /**
   * Synchronous construction: works for backend 'ts', and for 'wasm' once a WASM network was
   * created (or `Network.init()` awaited) in this process. Otherwise use `Network.create`.
   */
  constructor(options: NetworkOptions, backend?: Backend) {
    const cfg = resolveNetworkOptions(options);
    const rt: Runtime | undefined = backend ? { backend } : pendingRuntime ?? getRuntimeSync(cfg.backend);
    pendingRuntime = undefined; // taken: one runtime (and pool) per network
    if (!rt) {
      const threads = threadCount(cfg.backend.threads) > 1 ? ' (with its `threads`)' : '';
      throw new WasmpropError('backend', `a loaded backend: use \`await Network.create(...)\` (or \`await Network.init()\`${threads}) before \`new Network\` with backend 'wasm'`, 'wasm (not loaded yet)');
    }
    const b = rt.backend;
    this.pool = rt.pool;
    this.config = cfg;
    this.layers = Object.freeze([...cfg.sizes]);
    this.activations = Object.freeze([...cfg.activations]);
    this.alpha = cfg.alpha;
    this.lossName = cfg.loss;
    this.normalization = cfg.normalization;
    this.dtype = cfg.dtype;
    try {
      this.arena = new Arena(b, cfg, this.pool);
    } catch (e) {
      this.pool?.release();
      throw e;
    }
    this.progress = new TrainingState(this.arena);
    const handle: Handle = { backend: b, ptr: this.arena.base, state: 0, pool: this.pool };
    this.arena.onMove = (ptr) => {
      handle.ptr = ptr;
    };
    this.progress.onChange = (ptr) => {
      handle.state = ptr;
    };
    finalizer?.register(this, handle, this);
    this.initialize(cfg.init, cfg.initRange);
  }

  /** Which backend, kernel family and element type this network runs on, and on how many threads. */
  get backendInfo(): BackendInfo {
    return { backend: this.arena.backend.name, isa: this.arena.backend.isa, threads: this.pool?.threadsInUse ?? 1, dtype: this.arena.dtype };
  }

  /** Number of trainable parameters (weights and biases). */
  get parameterCount(): number {
    return this.arena.nParams;
  }

  /** Throws after dispose; with `changes`, also inside a running train's callbacks. */
  private alive(changes?: string): void {
    if (this.disposed) throw new WasmpropError('this', 'a network that has not been disposed', 'a disposed network');
    if (changes && this.training) {
      throw new WasmpropError(changes, 'a call outside a running train (inside onEpoch/onBatch only run, runBatch, evaluate, loss, getParameters*, parameterView, toJSON may be called)', 'a call from a train callback');
    }
  }

  private initialize(init: InitName, initRange: number): void {
    const rng = new Rng(this.config.seed);
    // f32 arenas hold the same draws rounded to float32
    const f = this.arena.data;
    const base = this.arena.base;
    const sh = this.arena.shift;
    for (const ly of this.arena.layout.layers) {
      const r = init === 'uniform' ? initRange : init === 'he' ? Math.sqrt(6 / ly.inUnits) : Math.sqrt(6 / (ly.inUnits + ly.outUnits));
      const w = (base + ly.w) >> sh;
      for (let k = 0; k < ly.inUnits * ly.outUnits; k++) f[w + k] = rng.uniform(r);
      f.fill(0, (base + ly.b) >> sh, ((base + ly.b) >> sh) + ly.outUnits);
    }
  }

  // ---- parameters ------------------------------------------------------------------------------

  /** Replaces all weights and biases (validated completely before anything is written). */
  setParameters(p: ParametersInput): void {
    this.alive('setParameters');
    if (typeof p !== 'object' || p === null) throw new WasmpropError('parameters', 'an object { weights, biases }', p);
    const lys = this.arena.layout.layers;
    const L = lys.length;
    if (!Array.isArray(p.weights) || p.weights.length !== L) throw new WasmpropError('parameters.weights', `an array of ${L} weight matrices`, p.weights);
    if (!Array.isArray(p.biases) || p.biases.length !== L) throw new WasmpropError('parameters.biases', `an array of ${L} bias vectors`, p.biases);
    const staged = new Float64Array(this.arena.nParams);
    let at = 0;
    for (let l = 0; l < L; l++) {
      const { inUnits: IN, outUnits: OUT } = lys[l];
      const W = p.weights[l] as unknown;
      if (W instanceof Float64Array) {
        if (W.length !== OUT * IN) throw new WasmpropError(`parameters.weights[${l}]`, `a Float64Array of ${OUT}×${IN} = ${OUT * IN} values`, W);
      } else if (!Array.isArray(W) || W.length !== OUT) {
        throw new WasmpropError(`parameters.weights[${l}]`, `${OUT} rows (one per destination unit) of ${IN} numbers`, W);
      }
      copyRows(`parameters.weights[${l}]`, W, IN, staged, at);
      at += OUT * IN;
      const bias = p.biases[l] as unknown;
      if (!(Array.isArray(bias) || bias instanceof Float64Array) || bias.length !== OUT) throw new WasmpropError(`parameters.biases[${l}]`, `${OUT} numbers`, bias);
      copyRows(`parameters.biases[${l}]`, bias, OUT, staged, at);
      at += OUT;
    }
    this.arena.writeParams(staged);
  }

  /** Replaces all parameters from one flat array in arena order (as returned by getParametersFlat). */
  setParametersFlat(values: Float64Array | readonly number[]): void {
    this.alive('setParametersFlat');
    if (!(values instanceof Float64Array || Array.isArray(values)) || values.length !== this.arena.nParams) {
      throw new WasmpropError('values', `${this.arena.nParams} parameters in arena order`, values);
    }
    const staged = new Float64Array(this.arena.nParams);
    copyRows('values', values, this.arena.nParams, staged, 0);
    this.arena.writeParams(staged);
  }

  /**
   * Zero-copy view of all parameters in arena order (per layer W row-major, then b): a Float64Array,
   * or a Float32Array for dtype 'f32'. Writes go straight into the network. The view is detached
   * when memory grows (any call that allocates: creating networks, train, gradients, run…): take a
   * fresh one after such calls.
   */
  parameterView(): Float64Array | Float32Array {
    this.alive();
    return this.arena.data.subarray(this.arena.paramsAt, this.arena.paramsAt + this.arena.nParams);
  }

  /**
   * Zero-copy view of the gradient block (same layout and element type as parameterView): the gradient of the last
   * gradients() call, or of the last batch step of a train call. The fused online-SGD path (batch
   * size 1, plain SGD, no weight decay or diagnostics) updates in place and writes no gradient.
   */
  gradientView(): Float64Array | Float32Array {
    this.alive();
    return this.arena.data.subarray(this.arena.gradsAt, this.arena.gradsAt + this.arena.nParams);
  }

  /** A copy of all weights and biases: weights[l][destination][source], biases[l][destination]. */
  getParameters(): Parameters {
    this.alive();
    return this.arena.readNested();
  }

  /** All parameters as one flat Float64Array copy, in arena order (per layer W row-major, then b). */
  getParametersFlat(): Float64Array {
    this.alive();
    return this.arena.readFlat();
  }

  // ---- one pass --------------------------------------------------------------------------------

  /** Mean loss over the rows and its gradient with respect to every parameter, the rows taken as ONE batch. */
  gradients(inputs: Rows, targets: Rows): Gradients {
    this.alive('gradients');
    const [xs, ts] = sourcePair(inputs, targets, this.arena.inputs, this.arena.outputs);
    const loss = gradientPass(this.arena, xs, ts);
    return { loss, ...this.arena.readNested(true) };
  }

  /** Evaluates rows: mean loss and, for class-like targets (0/1 or one-hot rows), accuracy (rows staged a chunk at a time). */
  evaluate(inputs: Rows, targets: Rows): { loss: number; accuracy?: number } {
    this.alive();
    const [xs, ts] = sourcePair(inputs, targets, this.arena.inputs, this.arena.outputs);
    return evaluatePass(this.arena, xs, ts, stagingBudget());
  }

  /** Mean loss over the rows (forward only). */
  loss(inputs: Rows, targets: Rows): number {
    return this.evaluate(inputs, targets).loss;
  }

  /** Outputs for one input row. */
  run(input: readonly number[] | Float64Array | Float32Array): Float64Array {
    this.alive();
    checkRow('input', input, this.arena.inputs);
    return this.runBatch([input as number[]]);
  }

  /** Outputs for many rows, flat row-major (rows × output units); rows staged a chunk at a time. */
  runBatch(inputs: Rows): Float64Array {
    this.alive();
    return outputPass(this.arena, RowSource.of('inputs', inputs, this.arena.inputs), stagingBudget());
  }

  // ---- training --------------------------------------------------------------------------------

  /**
   * Trains by mini-batch gradient descent on the mean loss of each batch: consecutive batches of
   * batchSize in the given order (or shuffled per epoch). All gradients of a step come from one
   * forward pass (exact backprop). A failed call (bad options or data) changes nothing; a run that
   * diverges to a non-finite loss restores the parameters it started from and throws.
   */
  train(data: TrainingData, options: TrainOptions = {}): TrainResult {
    this.alive('train');
    const cfg = resolveTrainOptions(options, this.config.seed);
    const rng = new Rng(cfg.seed);
    const sets = resolveTrainData(data, (options as { validation?: unknown }).validation, cfg, this.arena.inputs, this.arena.outputs, rng);
    const budget = stagingBudget();
    this.training = true;
    try {
      return runTraining(this.arena, cfg, sets, rng, budget, this.progress);
    } finally {
      this.training = false;
    }
  }

  /**
   * Forgets where training stands: the next train call starts afresh (zeroed optimizer state,
   * epoch 0 for schedules, shuffles from the seed). A call with another optimizer, other optimizer
   * hyper-parameters or another seed does this by itself; a failed call too.
   */
  resetTraining(): void {
    this.alive('resetTraining');
    this.progress.reset();
  }

  // ---- serialization ---------------------------------------------------------------------------

  /** A JSON document with the architecture, the exact parameters (float64, or float32 values with `dtype: 'f32'`) and (version 2) where training stands. */
  toJSON(): NetworkJSON {
    this.alive();
    const c = this.config;
    const doc: NetworkJSON = {
      format: NETWORK_FORMAT, version: 1, layers: c.specs.map((s: LayerSpec) => (typeof s === 'number' ? s : { ...s })), alpha: c.alpha, loss: c.loss,
      ...this.arena.readNested(),
    };
    if (c.activations.includes('leaky-relu')) doc.leakySlope = c.leakySlope;
    if (c.normalization) doc.normalization = { ...c.normalization, offset: [...c.normalization.offset], scale: [...c.normalization.scale] };
    const training = this.progress.toJSON();
    if (training) {
      doc.version = 2;
      doc.training = training;
    }
    if (c.dtype === 'f32') doc.dtype = 'f32';
    return doc;
  }

  /**
   * Rebuilds a network from a network document (`toJSON` output, an object or its JSON string),
   * validated by the same rules as model files. Unknown keys are reported with a warning, never read.
   * Synchronous: see the constructor.
   */
  static fromJSON(json: unknown, options: BackendOptions = {}): Network {
    checkKnownKeys('options', checkObject('options', options), ['backend', 'kernel', 'wasm', 'threads']);
    const { doc } = readDocument(json);
    const net = new Network({
      layers: doc.layers, alpha: doc.alpha, ...(doc.activation ? { activation: doc.activation } : {}), ...(doc.loss ? { loss: doc.loss } : {}),
      ...(doc.normalization ? { normalization: doc.normalization } : {}), ...(doc.leakySlope !== undefined ? { leakySlope: doc.leakySlope } : {}),
      ...(doc.dtype ? { dtype: doc.dtype } : {}), ...options,
    });
    try {
      net.setParameters(doc);
      if (doc.training) net.progress.restore(doc.training);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return net;
  }

  /**
   * Builds a trainable network from an ONNX file of dense layers (wasmprop's own exports, and the
   * common fully connected graphs of torch.onnx.export and Keras converters; see docs/cli.md). The
   * importer and protobufjs (an optional dependency) load on first use; anything it cannot read is
   * refused with a WasmpropError naming the node and its op.
   */
  static async fromOnnx(bytes: Uint8Array | ArrayBuffer, options: { loss?: LossName; backend?: BackendName; kernel?: KernelChoice } = {}): Promise<Network> {
    // a feature loaded on demand: the one import of the API from outside its parts (see test/architecture-imports.test.ts)
    const { importOnnx } = await import('../model/onnx-import.js');
    return importOnnx(bytes, options);
  }

  /** Like fromJSON, loading the backend first. */
  static async load(json: unknown, options: BackendOptions = {}): Promise<Network> {
    const { doc } = readDocument(json);
    const rt = await loadRuntime(resolveBackendOptions(checkObject('options', options)));
    return Network.withRuntime(rt, () => Network.fromJSON(doc, options));
  }

  /** Frees the network's memory. Any later call throws. Safe to call twice; refused inside a running train's callbacks. */
  dispose(): void {
    if (this.disposed) return;
    this.alive('dispose');
    this.disposed = true;
    finalizer?.unregister(this);
    this.progress.reset();
    this.pool?.release();
    this.arena.dispose();
  }
}

/** Parses and validates a network document for fromJSON/load; warns about unknown keys. */
function readDocument(json: unknown): ReturnType<typeof resolveNetworkDocument> {
  const ignored: string[] = [];
  const r = resolveNetworkDocument('json', parseJsonText('json', json), ignored);
  if (ignored.length) console.warn(`wasmprop: fromJSON ignored unknown keys ${ignored.join(', ')}`);
  return r;
}

export type * from './types.js';
