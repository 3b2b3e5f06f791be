// The public Network: a fully connected sigmoid(alpha) network trained by backpropagation on
// the summed-squared error, living in one arena of a backend's linear memory.
// This is the thin wrapper of the design card: it validates, lays out, copies data in and
// results out; every number is computed by the backend's kernels (WASM or the TS twin).
import { WasmpropError, checkBoolean, checkFinite, checkPositiveFinite, checkPositiveInt, describe } from './errors.js';
import { ACT_SIGMOID, computeLayout, writeDescriptor, type Layout } from './layout.js';
import { copyRows, countRows, checkRow, type Rows } from './data.js';
import { Rng } from './rng.js';
import { getBackendSync, loadBackend, type BackendName, type BackendOptions, type KernelChoice } from './backend/index.js';
import type { Backend, Isa } from './backend/types.js';
import type { WasmSource } from './backend/wasm-loader.js';

/** Options of `Network.create` / `new Network`. */
export interface NetworkOptions {
  /** Units per layer, input first: `[2, 2, 2]` is 2 inputs, 2 hidden, 2 outputs. At least 2 entries. */
  layers: readonly number[];
  /** Sigmoid gain: out = 1/(1+exp(−alpha·net)). Default 1. */
  alpha?: number;
  /** 'wasm' (default) or 'ts' (the pure-TypeScript twin). */
  backend?: BackendName;
  /** WASM kernel family: 'auto' (default: SIMD where supported), 'scalar' or 'simd'. */
  kernel?: KernelChoice;
  /** Seed of the weight initializer (xoshiro128**). Default 1: the same seed gives the same weights on every backend. */
  seed?: number;
  /** Initial weights uniform in ±initRange. Default: Glorot, sqrt(6/(fanIn+fanOut)) per layer. Biases start at 0. */
  initRange?: number;
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

/** Result of `gradients`: mean SSE and its gradient over the rows, taken as ONE batch. */
export interface Gradients extends Parameters {
  loss: number;
}

/** A training data set: inputs and targets as arrays of rows or flat row-major Float64Arrays. */
export interface TrainingData {
  inputs: Rows;
  targets: Rows;
}

/** Progress after an epoch (passed to `onEpoch`). */
export interface EpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean SSE over all the data after this epoch. */
  loss: number;
}

/** Options of `train`. */
export interface TrainOptions {
  /** Step size of p ← p − learningRate·grad. Default 0.5 (the worked example's). */
  learningRate?: number;
  /** Passes over the data. Default 1000. */
  epochs?: number;
  /** Rows per step, consecutive and in order (the last batch may be smaller). Default 1 (online SGD). */
  batchSize?: number;
  /** Whether biases are trained. Default true (the worked example keeps them fixed: false). */
  trainBias?: boolean;
  /** Record the mean SSE over all data after every epoch (one extra forward pass). Default true. */
  recordLoss?: boolean;
  /** Called after every epoch; return false to stop early. Implies recordLoss. */
  onEpoch?: (info: EpochInfo) => void | boolean;
}

/** Result of `train`. */
export interface TrainResult {
  /** Mean SSE over the data after the last step. */
  error: number;
  /** Epochs run. */
  epochs: number;
  /** Mean SSE over the data after each epoch (empty when recordLoss is false). */
  lossPerEpoch: number[];
}

/** The JSON document of a network (`toJSON` / `fromJSON`). */
export interface NetworkJSON {
  format: 'wasmprop-network';
  version: 1;
  layers: number[];
  alpha: number;
  weights: number[][][];
  biases: number[][];
}

const FORMAT = 'wasmprop-network';
/** Refuse networks whose arena would not fit in wasm32 memory before allocating anything. */
const MAX_PARAMS = 2 ** 27; // 1 GiB of float64 parameters (twice that with gradients)

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ backend: Backend; ptr: number }>((h) => h.backend.allocator.free(h.ptr))
  : undefined;

function checkLayers(v: unknown): number[] {
  if (!Array.isArray(v) || v.length < 2) throw new WasmpropError('layers', 'an array of at least 2 unit counts (input first)', v);
  v.forEach((n, k) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new WasmpropError(`layers[${k}]`, 'a positive integer unit count', n);
  });
  let params = 0;
  for (let l = 0; l + 1 < v.length; l++) params += v[l + 1] * (v[l] + 1);
  if (params > MAX_PARAMS) throw new WasmpropError('layers', `at most ${MAX_PARAMS} parameters in all`, `${params} parameters`);
  return [...v];
}

function checkOptions(o: unknown): NetworkOptions {
  if (typeof o !== 'object' || o === null) throw new WasmpropError('options', 'an object like { layers: [2, 2, 2] }', o);
  return o as NetworkOptions;
}

/** A fully connected sigmoid(alpha) network trained by backpropagation on SSE. */
export class Network {
  /** Units per layer, input first. */
  readonly layers: readonly number[];
  /** Sigmoid gain. */
  readonly alpha: number;
  private readonly backend: Backend;
  private layout: Layout;
  private base: number;
  private disposed = false;
  private readonly handle: { backend: Backend; ptr: number };

  /** Creates a network, loading the backend first. The way to start. */
  static async create(options: NetworkOptions): Promise<Network> {
    const o = checkOptions(options);
    checkLayers(o.layers);
    const backend = await loadBackend(o as BackendOptions);
    return new Network(o, backend);
  }

  /**
   * Synchronous construction: works for backend 'ts', and for 'wasm' once a WASM network was
   * created (or `Network.init()` awaited) in this process. Otherwise use `Network.create`.
   */
  constructor(options: NetworkOptions, backend?: Backend) {
    const o = checkOptions(options);
    this.layers = Object.freeze(checkLayers(o.layers));
    this.alpha = o.alpha === undefined ? 1 : checkPositiveFinite('alpha', o.alpha);
    const seed = o.seed === undefined ? 1 : checkFinite('seed', o.seed);
    if (o.initRange !== undefined) checkPositiveFinite('initRange', o.initRange);
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
    this.initialize(seed, o.initRange);
  }

  /** Loads the WASM backend (same options as create) so that `new Network` and `fromJSON` work synchronously. */
  static async init(options: { backend?: BackendName; kernel?: KernelChoice; wasm?: WasmSource } = {}): Promise<void> {
    await loadBackend(options);
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

  private writeDesc(): void {
    writeDescriptor(this.backend.views.i32, this.base, this.layout, this.layout.layers.map(() => ACT_SIGMOID));
  }

  /** Makes the activation buffers hold at least `rows` rows (moves the arena; parameters are kept). */
  private ensureCapacity(rows: number): void {
    if (this.layout.capacity >= rows) return;
    const next = computeLayout(this.layers, rows);
    const ptr = this.backend.allocator.alloc(next.bytes); // may grow memory: views after this
    const f = this.backend.views.f64;
    f.copyWithin((ptr + next.params) >> 3, (this.base + this.layout.params) >> 3, ((this.base + this.layout.params) >> 3) + this.layout.nParams);
    this.backend.allocator.free(this.base);
    this.base = ptr;
    this.handle.ptr = ptr;
    this.layout = next;
    this.writeDesc();
  }

  private get desc(): number {
    return this.base + this.layout.desc;
  }

  private initialize(seed: number, initRange: number | undefined): void {
    const rng = new Rng(seed);
    const f = this.backend.views.f64;
    for (const ly of this.layout.layers) {
      const r = initRange ?? Math.sqrt(6 / (ly.inUnits + ly.outUnits));
      const w = (this.base + ly.w) >> 3;
      for (let k = 0; k < ly.inUnits * ly.outUnits; k++) f[w + k] = rng.uniform(r);
      f.fill(0, (this.base + ly.b) >> 3, ((this.base + ly.b) >> 3) + ly.outUnits);
    }
  }

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
        copyRows(`parameters.weights[${l}]`, W, IN, staged, at);
      } else {
        if (!Array.isArray(W) || W.length !== OUT) throw new WasmpropError(`parameters.weights[${l}]`, `${OUT} rows (one per destination unit) of ${IN} numbers`, W);
        copyRows(`parameters.weights[${l}]`, W, IN, staged, at);
      }
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

  /** Stages inputs/targets in a fresh data block; returns [ptr, xPtr, tPtr, rows]. Validates before allocating. */
  private stage(inputs: unknown, targets: unknown, extraF64 = 0): { ptr: number; x: number; t: number; n: number; extra: number } {
    const IN = this.layers[0];
    const OUT = this.layers[this.layers.length - 1];
    const n = countRows('inputs', inputs, IN);
    const nt = countRows('targets', targets, OUT);
    if (n !== nt) throw new WasmpropError('targets', `${n} rows, as many as inputs`, `${nt} rows`);
    const bytes = (n * IN + n * OUT + extraF64) * 8;
    const ptr = this.backend.allocator.alloc(bytes);
    const f = this.backend.views.f64;
    const x = ptr;
    const t = ptr + n * IN * 8;
    copyRows('inputs', inputs, IN, f, x >> 3);
    copyRows('targets', targets, OUT, f, t >> 3);
    return { ptr, x, t, n, extra: t + n * OUT * 8 };
  }

  /** Mean SSE over the rows and its gradient with respect to every parameter, the rows taken as ONE batch. */
  gradients(inputs: Rows, targets: Rows): Gradients {
    this.alive();
    const IN = this.layers[0];
    const n = countRows('inputs', inputs, IN);
    this.ensureCapacity(n);
    const s = this.stage(inputs, targets);
    try {
      const fns = this.backend.fns;
      fns.fill_f64__scalar(this.base + this.layout.grads, 0, this.layout.nParams);
      fns.forward_f64(this.backend.variant, this.desc, s.x, s.n, this.alpha);
      const sse = fns.backward_f64(this.backend.variant, this.desc, s.x, s.t, s.n, this.alpha, 1 / s.n, 1);
      return { loss: sse / s.n, ...this.readBlock(this.layout.grads) };
    } finally {
      this.backend.allocator.free(s.ptr);
    }
  }

  /** Mean SSE over the rows (forward only). */
  loss(inputs: Rows, targets: Rows): number {
    this.alive();
    const s = this.stage(inputs, targets);
    try {
      this.ensureCapacity(Math.min(s.n, 256));
      return this.backend.fns.eval_loss_f64(this.backend.variant, this.desc, s.x, s.t, s.n, this.alpha);
    } finally {
      this.backend.allocator.free(s.ptr);
    }
  }

  /** Outputs for one input row. */
  run(input: readonly number[] | Float64Array): Float64Array {
    this.alive();
    checkRow('input', input, this.layers[0]);
    return this.runBatch([input as number[]]);
  }

  /** Outputs for many rows, flat row-major (rows × output units). */
  runBatch(inputs: Rows): Float64Array {
    this.alive();
    const IN = this.layers[0];
    const OUT = this.layers[this.layers.length - 1];
    const n = countRows('inputs', inputs, IN);
    this.ensureCapacity(Math.min(n, 256));
    const ptr = this.backend.allocator.alloc(n * IN * 8);
    try {
      copyRows('inputs', inputs, IN, this.backend.views.f64, ptr >> 3);
      const out = new Float64Array(n * OUT);
      const cap = this.layout.capacity;
      const top = (this.base + this.layout.layers[this.layout.layers.length - 1].act) >> 3;
      for (let r = 0; r < n; r += cap) {
        const B = Math.min(cap, n - r);
        this.backend.fns.forward_f64(this.backend.variant, this.desc, ptr + r * IN * 8, B, this.alpha);
        out.set(this.backend.views.f64.subarray(top, top + B * OUT), r * OUT);
      }
      return out;
    } finally {
      this.backend.allocator.free(ptr);
    }
  }

  /**
   * Trains by mini-batch SGD on the mean SSE of each batch: samples in the given order, consecutive
   * batches of batchSize. All gradients of a step come from one forward pass (exact backprop).
   */
  train(data: TrainingData, options: TrainOptions = {}): TrainResult {
    this.alive();
    if (typeof data !== 'object' || data === null) throw new WasmpropError('data', 'an object { inputs, targets }', data);
    if (typeof options !== 'object' || options === null) throw new WasmpropError('options', 'an object', options);
    const lr = options.learningRate === undefined ? 0.5 : checkPositiveFinite('learningRate', options.learningRate);
    const epochs = options.epochs === undefined ? 1000 : checkPositiveInt('epochs', options.epochs);
    const batchSize = options.batchSize === undefined ? 1 : checkPositiveInt('batchSize', options.batchSize);
    const trainBias = options.trainBias === undefined ? true : checkBoolean('trainBias', options.trainBias);
    const onEpoch = options.onEpoch;
    if (onEpoch !== undefined && typeof onEpoch !== 'function') throw new WasmpropError('onEpoch', 'a function', onEpoch);
    const record = onEpoch !== undefined || (options.recordLoss === undefined ? true : checkBoolean('recordLoss', options.recordLoss));
    const n = countRows('inputs', data.inputs, this.layers[0]);
    countRows('targets', data.targets, this.layers[this.layers.length - 1]);
    this.ensureCapacity(Math.min(batchSize, n));
    const s = this.stage(data.inputs, data.targets, record ? epochs : 0);
    const fns = this.backend.fns;
    const v = this.backend.variant;
    const withBias = trainBias ? 1 : 0;
    try {
      let ran = epochs;
      if (onEpoch) {
        for (let e = 0; e < epochs; e++) {
          fns.train_epochs_f64(v, this.desc, s.x, s.t, s.n, batchSize, 1, lr, this.alpha, withBias, s.extra + e * 8);
          const loss = this.backend.views.f64[(s.extra >> 3) + e];
          if (onEpoch({ epoch: e + 1, loss }) === false) {
            ran = e + 1;
            break;
          }
        }
      } else {
        fns.train_epochs_f64(v, this.desc, s.x, s.t, s.n, batchSize, epochs, lr, this.alpha, withBias, record ? s.extra : 0);
      }
      const lossPerEpoch = record ? Array.from(this.backend.views.f64.subarray(s.extra >> 3, (s.extra >> 3) + ran)) : [];
      const error = record ? lossPerEpoch[ran - 1] : fns.eval_loss_f64(v, this.desc, s.x, s.t, s.n, this.alpha);
      return { error, epochs: ran, lossPerEpoch };
    } finally {
      this.backend.allocator.free(s.ptr);
    }
  }

  /** A JSON document with the architecture and exact float64 parameters. */
  toJSON(): NetworkJSON {
    this.alive();
    const p = this.getParameters();
    return { format: FORMAT, version: 1, layers: [...this.layers], alpha: this.alpha, ...p };
  }

  /** Rebuilds a network from `toJSON` output (an object or its JSON string). Synchronous: see the constructor. */
  static fromJSON(json: unknown, options: BackendOptions = {}): Network {
    const doc = parseDoc(json);
    const net = new Network({ layers: doc.layers, alpha: doc.alpha, ...options });
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
  const layers = checkLayers(d.layers);
  const alpha = checkPositiveFinite('json.alpha', d.alpha);
  if (!Array.isArray(d.weights)) throw new WasmpropError('json.weights', 'an array of weight matrices', d.weights);
  if (!Array.isArray(d.biases)) throw new WasmpropError('json.biases', 'an array of bias vectors', d.biases);
  void describe;
  return { format: FORMAT, version: 1, layers, alpha, weights: d.weights as number[][][], biases: d.biases as number[][] };
}
