// One network's arena in a backend's linear memory: the descriptor, parameters, gradients,
// hyper-parameters, activations and deltas (engine/layout.ts), and the only code that writes the
// descriptor. Training settings reach the kernels through ONE writer, `writeTrainConfig`.
// The arena knows its element type ('f64' or 'f32': the parameter, gradient, activation, delta and
// staging blocks; hyper-parameters and diagnostics are f64 words in both); every byte size is computed in 53-bit
// arithmetic and checked against the memory limit before anything is allocated.
// Not here: user input (the engine only sees resolved configs), staging rows (staging.ts), loops (trainer.ts).
import { WasmpropError } from '../api/errors.js';
import type { Activation, Dtype, LossName, Normalization } from '../api/types.js';
import type { Backend } from '../backend/types.js';
import { MAX_MEMORY_BYTES } from '../backend/memory.js';
import {
  ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_LINEAR, ACT_SOFTMAX, LOSS_SSE, LOSS_XENT,
  OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAM, H_OPTIMIZER, H_WITHBIAS, H_DIAG, H_STEP, H_OPT1, H_OPT2, H_RECORD, RECORD_EXACT, RECORD_RUNNING, H_MFORM, MFORM_KERAS, MFORM_TORCH,
  HY_LR, HY_ALPHA, HY_MU, HY_BETA1, HY_BETA2, HY_EPS, HY_WD, HY_SLOPE, HYPER_WORDS, DIAG_WORDS,
} from '../backend/abi.js';
import { computeLayout, writeDescriptor, type Layout } from './layout.js';
import { bindDriver, bindPoolDriver, type KernelDriver } from './driver.js';
import type { Pool } from '../backend/pool.js';

const ACT_CODES: Record<Activation, number> = {
  sigmoid: ACT_SIGMOID, tanh: ACT_TANH, relu: ACT_RELU, 'leaky-relu': ACT_LEAKY_RELU, linear: ACT_LINEAR, softmax: ACT_SOFTMAX,
};
const LOSS_CODES: Record<LossName, number> = { sse: LOSS_SSE, 'cross-entropy': LOSS_XENT };
const OPT_CODES = { sgd: OPT_SGD, momentum: OPT_MOMENTUM, nesterov: OPT_NESTEROV, adam: OPT_ADAM } as const;

/** What an arena is built from (resolved by options/network.ts). */
export interface ArenaSpec {
  sizes: readonly number[];
  activations: readonly Activation[];
  loss: LossName;
  alpha: number;
  leakySlope: number;
  normalization: Normalization | undefined;
  /** Element type (default 'f64'). */
  dtype?: Dtype;
}

/** The settings of a training call as the kernels read them (the descriptor and hyper-parameter words). */
export interface KernelTrainConfig {
  optimizer: keyof typeof OPT_CODES;
  trainBias: boolean;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** Accumulate per-layer diagnostics into the arena's diagnostics block. */
  diagnostics: boolean;
  /** Optimizer state blocks (byte pointers, parameters' layout; 0 = none) and the steps taken so far. */
  opt1: number;
  opt2: number;
  step: number;
  /** What trainEpochs records per epoch in its lossOut block: the running loss or the exact one. */
  record: 'running' | 'exact';
  /** Where the learning rate goes in momentum / Nesterov. */
  momentumForm: 'keras' | 'pytorch';
}

/** The settings outside training: biases trained by gradients()/update, nothing else switched on. */
const IDLE: KernelTrainConfig = {
  optimizer: 'sgd', trainBias: true, learningRate: 0, momentum: 0, beta1: 0, beta2: 0, epsilon: 0, weightDecay: 0,
  diagnostics: false, opt1: 0, opt2: 0, step: 0, record: 'running', momentumForm: 'keras',
};

/** Bytes of one element of an f64 arena (an arena's own size is `arena.elementBytes`). */
export const ELEMENT_BYTES = 8;

/** Refuses an allocation of `bytes` more that the backend's memory cannot hold, before anything is allocated. */
export function checkFits(backend: Backend, bytes: number, what: string): void {
  if (!backend.allocator.canAlloc(bytes)) {
    const used = backend.allocator.highWater;
    throw new WasmpropError(what, `a size that fits WebAssembly memory (limit ${MAX_MEMORY_BYTES} bytes, ${used} in use)`, `${bytes} bytes needed`);
  }
}

/** A network's arena: layout, pointers, the kernel driver bound to its backend. */
export class Arena {
  layout: Layout;
  base: number;
  readonly driver: KernelDriver;
  readonly dtype: Dtype;
  /** Bytes of one element: 8 (f64) or 4 (f32). */
  readonly elementBytes: 4 | 8;
  /** log2(elementBytes): byte address >> shift = index in `data`. */
  readonly shift: 2 | 3;
  private readonly kinds: number[];
  private readonly lossCode: number;
  private freed = false;
  /** Called when the arena moves (ensureCapacity), so a finalizer can follow it. */
  onMove: (ptr: number) => void = () => {};

  /** An arena in `backend`'s memory; with `pool` (on a shared-memory backend) its driver calls run on the pool's threads. */
  constructor(readonly backend: Backend, readonly spec: ArenaSpec, readonly pool?: Pool) {
    this.kinds = spec.activations.map((a) => ACT_CODES[a]);
    this.lossCode = LOSS_CODES[spec.loss];
    this.dtype = spec.dtype ?? 'f64';
    this.elementBytes = this.dtype === 'f32' ? 4 : 8;
    this.shift = this.dtype === 'f32' ? 2 : 3;
    this.layout = computeLayout(spec.sizes, 1, this.elementBytes);
    checkFits(backend, this.layout.bytes, 'layers');
    this.base = backend.allocator.alloc(this.layout.bytes);
    this.driver = pool ? bindPoolDriver(backend, pool, spec.sizes, this.dtype) : bindDriver(backend, this.dtype);
    this.writeDesc();
  }

  /** Byte address of the descriptor. */
  get desc(): number {
    return this.base + this.layout.desc;
  }
  /** The float64 view (hyper-parameters, diagnostics, loss words; the elements of an f64 arena). */
  get f64(): Float64Array {
    return this.backend.views.f64;
  }
  /** The element view: Float64Array for f64 arenas, Float32Array for f32 ones (index = byte address >> shift). */
  get data(): Float64Array | Float32Array {
    return this.dtype === 'f32' ? this.backend.views.f32 : this.backend.views.f64;
  }
  get nParams(): number {
    return this.layout.nParams;
  }
  /** Element index of the parameter block in `data`. */
  get paramsAt(): number {
    return (this.base + this.layout.params) >> this.shift;
  }
  /** Element index of the gradient block in `data`. */
  get gradsAt(): number {
    return (this.base + this.layout.grads) >> this.shift;
  }
  get inputs(): number {
    return this.spec.sizes[0];
  }
  get outputs(): number {
    return this.spec.sizes[this.spec.sizes.length - 1];
  }

  private writeDesc(): void {
    writeDescriptor(this.backend.views.i32, this.base, this.layout, this.kinds, this.lossCode);
    const f = this.f64;
    const h = (this.base + this.layout.hyper) >> 3;
    f.fill(0, h, h + HYPER_WORDS);
    f[h + HY_ALPHA] = this.spec.alpha;
    f[h + HY_SLOPE] = this.spec.leakySlope;
  }

  /** The settings last written (re-applied when the arena moves, with the step count the kernels reached). */
  private current: KernelTrainConfig = IDLE;

  /** The one writer of training settings: every word the kernels read for a training call. */
  writeTrainConfig(cfg: KernelTrainConfig): void {
    this.current = cfg;
    const i32 = this.backend.views.i32;
    const d = this.desc >> 2;
    i32[d + H_OPTIMIZER] = OPT_CODES[cfg.optimizer];
    i32[d + H_WITHBIAS] = cfg.trainBias ? 1 : 0;
    i32[d + H_STEP] = cfg.step;
    i32[d + H_DIAG] = cfg.diagnostics ? this.base + this.layout.diag : 0;
    i32[d + H_OPT1] = cfg.opt1;
    i32[d + H_OPT2] = cfg.opt2;
    i32[d + H_RECORD] = cfg.record === 'exact' ? RECORD_EXACT : RECORD_RUNNING;
    i32[d + H_MFORM] = cfg.momentumForm === 'pytorch' ? MFORM_TORCH : MFORM_KERAS;
    const f = this.f64;
    const h = (this.base + this.layout.hyper) >> 3;
    f[h + HY_LR] = cfg.learningRate;
    f[h + HY_MU] = cfg.momentum;
    f[h + HY_BETA1] = cfg.beta1;
    f[h + HY_BETA2] = cfg.beta2;
    f[h + HY_EPS] = cfg.epsilon;
    f[h + HY_WD] = cfg.weightDecay;
  }

  /** Puts the idle settings back (after a training call, also a failed one). */
  clearTrainConfig(): void {
    this.writeTrainConfig(IDLE);
  }

  /** Optimizer steps taken, as the kernels counted them (Adam's t). */
  get step(): number {
    return this.backend.views.i32[(this.desc >> 2) + H_STEP];
  }

  /** Bytes that ensureCapacity(rows) would allocate (0 when the arena already holds that many rows). */
  capacityBytes(rows: number): number {
    return this.layout.capacity >= rows ? 0 : computeLayout(this.spec.sizes, rows, this.elementBytes).bytes;
  }

  /** Makes the activation buffers hold at least `rows` rows (moves the arena; parameters are kept). */
  ensureCapacity(rows: number): void {
    if (this.layout.capacity >= rows) return;
    const next = computeLayout(this.spec.sizes, rows, this.elementBytes);
    checkFits(this.backend, next.bytes, 'batchSize');
    // a read call inside a train callback may move the arena mid-run: keep the run's settings
    const cfg = { ...this.current, step: this.step };
    const ptr = this.backend.allocator.alloc(next.bytes); // may grow memory: views after this
    const f = this.data;
    const from = this.paramsAt;
    f.copyWithin((ptr + next.params) >> this.shift, from, from + this.layout.nParams);
    f.copyWithin((ptr + next.grads) >> this.shift, this.gradsAt, this.gradsAt + this.layout.nParams);
    // the diagnostics are f64 words in every dtype
    const f64 = this.f64;
    const diag = (this.base + this.layout.diag) >> 3;
    f64.copyWithin((ptr + next.diag) >> 3, diag, diag + this.layout.layers.length * DIAG_WORDS);
    this.backend.allocator.free(this.base);
    this.base = ptr;
    this.layout = next;
    this.writeDesc();
    this.writeTrainConfig(cfg);
    this.onMove(ptr);
  }

  /** Scratch memory for a call (staging, optimizer state); may grow memory. */
  alloc(bytes: number, what: string): number {
    checkFits(this.backend, bytes, what);
    return this.backend.allocator.alloc(bytes);
  }

  free(ptr: number): void {
    this.backend.allocator.free(ptr);
  }

  /** A copy of the parameters (or, with `grads`, the gradients) in arena order, as float64 (f32 values exactly). */
  readFlat(grads = false): Float64Array {
    const at = grads ? this.gradsAt : this.paramsAt;
    return new Float64Array(this.data.subarray(at, at + this.nParams));
  }

  /** Overwrites all parameters from a flat arena-order array of nParams values (rounded to float32 in an f32 arena). */
  writeParams(values: Float64Array): void {
    this.data.set(values, this.paramsAt);
  }

  /** Per layer, W as rows (destination unit) of source weights and b, from the parameter or gradient block. */
  readNested(grads = false): { weights: number[][][]; biases: number[][] } {
    const f = this.data;
    const weights: number[][][] = [];
    const biases: number[][] = [];
    for (const ly of this.layout.layers) {
      const w = (this.base + (grads ? ly.dw : ly.w)) >> this.shift;
      const b = (this.base + (grads ? ly.db : ly.b)) >> this.shift;
      const M: number[][] = [];
      for (let o = 0; o < ly.outUnits; o++) M.push(Array.from(f.subarray(w + o * ly.inUnits, w + (o + 1) * ly.inUnits)));
      weights.push(M);
      biases.push(Array.from(f.subarray(b, b + ly.outUnits)));
    }
    return { weights, biases };
  }

  /** Frees the arena; safe to call twice. */
  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    this.backend.allocator.free(this.base);
  }
}
