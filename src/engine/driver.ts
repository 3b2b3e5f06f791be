// The one interface through which the engine calls kernels: whole-layer, whole-batch driver entry
// points bound to a backend and its kernel family — the backend's own drivers (WASM or the TS
// twin) on one thread, or a pool of threads on a shared-memory backend, which serves the same
// interface and decides per call whether the call is big enough to wake its workers.
// Not here: which kernel a driver picks per shape (assembly/driver.ts and its twin decide that).
import type { Dtype } from '../api/types.js';
import type { Backend } from '../backend/types.js';
import { poolTuning, type Pool, type PoolFn } from '../backend/pool.js';
import { H_CAPACITY } from '../backend/abi.js';

/** Driver calls on byte pointers into the backend's memory; `desc` is an arena's descriptor. */
export interface KernelDriver {
  /** Forward pass of B rows at x; outputs land in the last layer's activation block. */
  forward(desc: number, x: number, B: number): void;
  /** Backward pass after forward; gradients += scale·∇Σloss; returns Σloss over the rows. */
  backward(desc: number, x: number, t: number, B: number, scale: number): number;
  /** One optimizer step from the gradient block. */
  update(desc: number): void;
  /** Mean loss over N rows (forward only); if out ≠ 0 writes [mean loss, accuracy] there. */
  evaluate(desc: number, x: number, t: number, N: number, out: number): number;
  /** Whole epochs of mini-batch training; returns the last epoch's running mean loss; lossOut[e] = exact loss after epoch e when ≠ 0. */
  trainEpochs(desc: number, x: number, t: number, N: number, order: number, batch: number, epochs: number, lossOut: number): number;
  /** p (n) = v. */
  fill(p: number, v: number, n: number): void;
}

/** The backend's drivers with its kernel family bound, for arenas of element type `dtype` (fill: element-typed). */
export function bindDriver(backend: Backend, dtype: Dtype = 'f64'): KernelDriver {
  const fns = backend.fns;
  const v = backend.variant;
  if (dtype === 'f32') return bindDriverF32(backend);
  return {
    forward: (desc, x, B) => fns.forward_f64(v, desc, x, B),
    backward: (desc, x, t, B, scale) => fns.backward_f64(v, desc, x, t, B, scale),
    update: (desc) => fns.update_f64(v, desc),
    evaluate: (desc, x, t, N, out) => fns.eval_f64(v, desc, x, t, N, out),
    trainEpochs: (desc, x, t, N, order, batch, epochs, lossOut) => fns.train_epochs_f64(v, desc, x, t, N, order, batch, epochs, lossOut),
    fill: (p, value, n) => fns.fill_f64__scalar(p, value, n),
  };
}

/** The float32 drivers (assembly/driver.ts at T = f32, or its twin) with the kernel family bound. */
function bindDriverF32(backend: Backend): KernelDriver {
  const fns = backend.fns;
  const v = backend.variant;
  return {
    forward: (desc, x, B) => fns.forward_f32(v, desc, x, B),
    backward: (desc, x, t, B, scale) => fns.backward_f32(v, desc, x, t, B, scale),
    update: (desc) => fns.update_f32(v, desc),
    evaluate: (desc, x, t, N, out) => fns.eval_f32(v, desc, x, t, N, out),
    trainEpochs: (desc, x, t, N, order, batch, epochs, lossOut) => fns.train_epochs_f32(v, desc, x, t, N, order, batch, epochs, lossOut),
    fill: (p, value, n) => fns.fill_f32__scalar(p, value, n),
  };
}

/**
 * The shared-memory backend's drivers (either dtype), run on `pool` when the call's widest product (rows × IN × OUT)
 * reaches poolTuning.minWork; smaller calls (W1, W2) run on the calling thread alone, where waking
 * the workers and the barriers would cost more than the split saves.
 */
export function bindPoolDriver(backend: Backend, pool: Pool, sizes: readonly number[], dtype: Dtype = 'f64'): KernelDriver {
  const v = backend.variant;
  // the entry points of the arena's element type (named once, not per call)
  const fn = (name: string): PoolFn => `${name}_${dtype}` as PoolFn;
  const [fwd, bwd, upd, ev, run] = [fn('forward'), fn('backward'), fn('update'), fn('eval'), fn('train_epochs')];
  let widest = 0;
  for (let l = 0; l + 1 < sizes.length; l++) widest = Math.max(widest, sizes[l] * sizes[l + 1]);
  const par = (rows: number): boolean => rows * widest >= poolTuning.minWork;
  const capacity = (desc: number): number => backend.views.i32[(desc >> 2) + H_CAPACITY];
  return {
    forward: (desc, x, B) => void pool.run(desc, fwd, [v, desc, x, B], par(B)),
    backward: (desc, x, t, B, scale) => pool.run(desc, bwd, [v, desc, x, t, B, scale], par(B)),
    update: (desc) => void pool.run(desc, upd, [v, desc], par(1)),
    evaluate: (desc, x, t, N, out) => pool.run(desc, ev, [v, desc, x, t, N, out], par(Math.min(N, capacity(desc)))),
    trainEpochs: (desc, x, t, N, order, batch, epochs, lossOut) =>
      pool.run(desc, run, [v, desc, x, t, N, order, batch, epochs, lossOut], par(Math.min(batch, N))),
    // element-typed, on the calling thread: the one-thread binding's
    fill: bindDriver(backend, dtype).fill,
  };
}
