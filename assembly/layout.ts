// Network descriptor layout, shared by every kernel driver.
// This file only names word offsets; the TypeScript `src/layout.ts` computes the values and
// writes the descriptor into the arena. Keep the two in step (test/layout-abi.test.ts checks).
//
// Descriptor = HEADER_WORDS i32 words, then LAYER_WORDS i32 words per weight layer.

export const HEADER_WORDS: i32 = 20;
export const H_LAYERS: i32 = 0;    // number of weight layers L
export const H_CAPACITY: i32 = 1;  // rows the activation/delta buffers hold
export const H_PARAMS: i32 = 2;    // byte pointer to the parameters (per layer W then b)
export const H_GRADS: i32 = 3;     // byte pointer to the gradients (same layout)
export const H_NPARAMS: i32 = 4;   // number of f64 parameters
export const H_IN: i32 = 5;        // input units
export const H_OUT: i32 = 6;       // output units
export const H_OPT1: i32 = 7;      // byte pointer, optimizer state 1 (velocity / Adam m), parameters' layout
export const H_OPT2: i32 = 8;      // byte pointer, optimizer state 2 (Adam v), parameters' layout
export const H_HYPER: i32 = 9;     // byte pointer, f64 hyper-parameters (HY_*)
export const H_LOSS: i32 = 10;     // LOSS_*
export const H_OPTIMIZER: i32 = 11; // OPT_*
export const H_WITHBIAS: i32 = 12; // 1: biases are trained
export const H_GX: i32 = 13;       // byte pointer, gathered batch inputs (CAPACITY,IN) for shuffled order
export const H_GT: i32 = 14;       // byte pointer, gathered batch targets (CAPACITY,OUT)
export const H_DIAG: i32 = 15;     // byte pointer, per-layer diagnostics (DIAG_WORDS f64 each), 0 = off
export const H_STEP: i32 = 16;     // optimizer steps taken (Adam's t)
export const H_RECORD: i32 = 17;   // what train_epochs writes to lossOut[e]: RECORD_RUNNING or RECORD_EXACT
export const H_MFORM: i32 = 18;    // momentum / Nesterov form: MFORM_KERAS or MFORM_TORCH
export const H_POOL: i32 = 19;     // byte pointer, the thread pool's control block (POOL_*), 0 = one thread

// A thread pool's control block (i32 words; the TS side's pool writes calls there, driver_mt.ts
// and threads.ts read it). The barrier's words sit on cache lines of their own.
export const POOL_THREADS: i32 = 0;   // threads of the pool (the calling thread included)
export const POOL_SPIN: i32 = 1;      // polls of a barrier before a thread sleeps in atomic.wait
export const POOL_BROKEN: i32 = 2;    // set when a worker failed: barriers stop waiting
export const POOL_UNITS_MIN: i32 = 3; // multiply-adds below which a product split by units runs on thread 0
export const POOL_ROTATE: i32 = 4;    // tests: thread t starts a dynamic section on range t + this (threads.ts claim)
export const POOL_READY: i32 = 5;     // workers that have instantiated the module (the TS side waits on it; not read here)
export const POOL_DONE: i32 = 6;      // calls the workers have left, summed (the TS side waits on it after a failure; not read here)
export const POOL_SEQ: i32 = 16;      // call number: workers wait on it for the next call
export const POOL_FN: i32 = 17;       // which driver the call runs (the TS side's numbering)
export const POOL_ARGS: i32 = 18;     // the call's arguments, as f64 from word 18 (byte 72)
export const POOL_RESULT: i32 = 40;   // thread 0's result of the call, as f64 (byte 160)
export const POOL_COUNT: i32 = 48;    // threads arrived at the current barrier
export const POOL_GEN: i32 = 64;      // barriers passed (threads wait on it)
export const POOL_CLAIM: i32 = 80;    // per thread t, word POOL_CLAIM + 16·t: items taken of t's range (threads.ts claim)
export const POOL_MAX_THREADS: i32 = 256;
export const POOL_WORDS: i32 = 4176;    // POOL_CLAIM + 16 · POOL_MAX_THREADS

// f64 hyper-parameter block
export const HY_LR: i32 = 0;
export const HY_ALPHA: i32 = 1;
export const HY_MU: i32 = 2;
export const HY_BETA1: i32 = 3;
export const HY_BETA2: i32 = 4;
export const HY_EPS: i32 = 5;
export const HY_WD: i32 = 6;
export const HY_SLOPE: i32 = 7;
export const HYPER_WORDS: i32 = 8;

// per-layer diagnostics, accumulated over an epoch: Σ mean(dW²) per step, steps, saturated, seen
export const DIAG_WORDS: i32 = 4;

// per-epoch loss records of train_epochs
export const RECORD_RUNNING: i32 = 0; // the mean of the epoch's batch losses, seen during training (free)
export const RECORD_EXACT: i32 = 1;   // the mean loss over all rows after the epoch (one extra forward pass)

// momentum forms: where the learning rate goes
export const MFORM_KERAS: i32 = 0; // v = mu·v − lr·g ; p += v   (lr folded into the velocity)
export const MFORM_TORCH: i32 = 1; // b = mu·b + g ; p −= lr·b   (PyTorch's SGD)

export const LOSS_SSE: i32 = 0;
export const LOSS_XENT: i32 = 1;   // cross-entropy: with softmax (categorical) or sigmoid (binary) output

export const OPT_SGD: i32 = 0;
export const OPT_MOMENTUM: i32 = 1;
export const OPT_NESTEROV: i32 = 2;
export const OPT_ADAM: i32 = 3;

export const LAYER_WORDS: i32 = 10;
export const L_IN: i32 = 0;        // source units
export const L_OUT: i32 = 1;       // destination units
export const L_W: i32 = 2;         // byte pointer, W (OUT,IN) row-major
export const L_B: i32 = 3;         // byte pointer, b (OUT)
export const L_DW: i32 = 4;        // byte pointer, dW (OUT,IN)
export const L_DB: i32 = 5;        // byte pointer, db (OUT)
export const L_ACT: i32 = 6;       // byte pointer, activations out (CAPACITY,OUT)
export const L_DELTA: i32 = 7;     // byte pointer, deltas dLoss/dnet (CAPACITY,OUT)
export const L_KIND: i32 = 8;      // activation kind (ACT_*)

export const ACT_SIGMOID: i32 = 0; // out = 1/(1+exp(-alpha*net)), d out/d net = alpha*out*(1-out)
export const ACT_TANH: i32 = 1;
export const ACT_RELU: i32 = 2;
export const ACT_LEAKY_RELU: i32 = 3; // slope HY_SLOPE below 0
export const ACT_LINEAR: i32 = 4;
export const ACT_SOFTMAX: i32 = 5;    // output layer only, row-wise

// @ts-ignore: decorator
@inline export function hyper(desc: usize, word: i32): f64 {
  return load<f64>(<usize>hdr(desc, H_HYPER) + (<usize>word << 3));
}

// @ts-ignore: decorator
@inline export function hdr(desc: usize, word: i32): i32 {
  return load<i32>(desc + (<usize>word << 2));
}

// @ts-ignore: decorator
@inline export function lyr(desc: usize, l: i32, word: i32): i32 {
  return load<i32>(desc + (<usize>(HEADER_WORDS + l * LAYER_WORDS + word) << 2));
}
