// What a backend provides: linear memory, an allocator in it, and functions with the kernel ABI
// (byte pointers and integer sizes; outputs first, then inputs, then dimensions).
import type { Isa } from '../api/types.js';
import type { Allocator, MemoryViews } from './memory.js';
import type { SharedInstance } from './wasm-loader.js';

export type { Isa };

/**
 * Driver entry points, identical in the WASM binaries (assembly/driver.ts) and the TS twin.
 * Settings (loss, optimizer, learning rate, alpha, …) are read from the descriptor at `desc`.
 */
export interface DriverFns extends DriverFnsF32 {
  /** Forward pass of B rows at x; outputs land in the last layer's activation block. */
  forward_f64(variant: number, desc: number, x: number, B: number): void;
  /** Backward pass after forward_f64; grads += scale·∇Σloss; returns Σloss over the rows. */
  backward_f64(variant: number, desc: number, x: number, t: number, B: number, scale: number): number;
  /** One optimizer step (weight decay, then SGD / momentum / Nesterov / Adam) from the gradient block. */
  update_f64(variant: number, desc: number): void;
  /** Mean loss over N rows (forward only); if out ≠ 0 writes [mean loss, accuracy] there. */
  eval_f64(variant: number, desc: number, x: number, t: number, N: number, out: number): number;
  /** Whole epochs of mini-batch training (rows in order, or by the i32 indices at `order`); lossOut[e] = mean loss after epoch e when ≠ 0. */
  train_epochs_f64(variant: number, desc: number, x: number, t: number, N: number, order: number, batch: number, epochs: number, lossOut: number): number;
  /** p (n) = v */
  fill_f64__scalar(p: number, v: number, n: number): void;
}

/**
 * The float32 driver entry points (assembly/driver.ts at T = f32, and its twin): the f64 ones'
 * signatures over arenas whose element blocks hold float32; hyper-parameters, loss results,
 * `out`/`lossOut` words stay float64.
 */
export interface DriverFnsF32 {
  forward_f32(variant: number, desc: number, x: number, B: number): void;
  backward_f32(variant: number, desc: number, x: number, t: number, B: number, scale: number): number;
  update_f32(variant: number, desc: number): void;
  eval_f32(variant: number, desc: number, x: number, t: number, N: number, out: number): number;
  train_epochs_f32(variant: number, desc: number, x: number, t: number, N: number, order: number, batch: number, epochs: number, lossOut: number): number;
  /** p (n) = v (float32) */
  fill_f32__scalar(p: number, v: number, n: number): void;
}

/** A kernel function with the pointer ABI (all arguments are numbers). */
export type KernelFn = (...args: number[]) => number | void;

export interface Backend {
  /** 'wasm' or 'ts' (the pure-TypeScript twin). */
  readonly name: 'wasm' | 'ts';
  /** Kernel family the drivers use. */
  readonly isa: Isa;
  /** Value of the drivers' `variant` argument for this isa. */
  readonly variant: number;
  readonly views: MemoryViews;
  readonly allocator: Allocator;
  readonly fns: DriverFns;
  /** Every kernel this backend exports, by registry name (e.g. `dense_fwd_f64__simd128`). */
  readonly kernels: Readonly<Record<string, KernelFn>>;
  /** The shared-memory binary (module and memory) a pool of threads instantiates; only on threaded backends. */
  readonly shared?: SharedInstance;
}
