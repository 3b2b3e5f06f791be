// The kernel ABI's shared constants: descriptor word offsets, hyper-parameter words, activation,
// loss and optimizer codes. They mirror assembly/layout.ts word for word (test/layout-abi.test.ts
// compares every one). Both backends and the engine read them from here.
// Not here: computing offsets (engine/layout.ts) or writing them (engine/arena.ts).
export const HEADER_WORDS = 20;
export const H_LAYERS = 0;
export const H_CAPACITY = 1;
export const H_PARAMS = 2;
export const H_GRADS = 3;
export const H_NPARAMS = 4;
export const H_IN = 5;
export const H_OUT = 6;
export const H_OPT1 = 7;
export const H_OPT2 = 8;
export const H_HYPER = 9;
export const H_LOSS = 10;
export const H_OPTIMIZER = 11;
export const H_WITHBIAS = 12;
export const H_GX = 13;
export const H_GT = 14;
export const H_DIAG = 15;
export const H_STEP = 16;
/** What train_epochs writes to lossOut[e] (RECORD_*). */
export const H_RECORD = 17;
/** Momentum / Nesterov form (MFORM_*). */
export const H_MFORM = 18;
export const H_POOL = 19;

/** A thread pool's control block (i32 word offsets; see assembly/layout.ts). */
export const POOL_THREADS = 0;
export const POOL_SPIN = 1;
export const POOL_BROKEN = 2;
export const POOL_UNITS_MIN = 3;
export const POOL_ROTATE = 4;
export const POOL_READY = 5;
export const POOL_DONE = 6;
export const POOL_SEQ = 16;
export const POOL_FN = 17;
export const POOL_ARGS = 18;
export const POOL_RESULT = 40;
export const POOL_COUNT = 48;
export const POOL_GEN = 64;
export const POOL_CLAIM = 80;
export const POOL_MAX_THREADS = 256;
export const POOL_WORDS = 4176; // POOL_CLAIM + 16 · POOL_MAX_THREADS

/** f64 hyper-parameter block (the driver reads learning rate, alpha, … from here). */
export const HY_LR = 0;
export const HY_ALPHA = 1;
export const HY_MU = 2;
export const HY_BETA1 = 3;
export const HY_BETA2 = 4;
export const HY_EPS = 5;
export const HY_WD = 6;
export const HY_SLOPE = 7;
export const HYPER_WORDS = 8;

/** Per-layer diagnostics (f64): Σ mean(dW²) per step, steps, saturated units, units seen. */
export const DIAG_WORDS = 4;

/** Per-epoch loss records: the running mean of the epoch's batch losses, or the exact loss after the epoch. */
export const RECORD_RUNNING = 0;
export const RECORD_EXACT = 1;

/** Momentum forms: the learning rate folded into the velocity (Keras), or applied to it (PyTorch). */
export const MFORM_KERAS = 0;
export const MFORM_TORCH = 1;

export const LOSS_SSE = 0;
export const LOSS_XENT = 1;

export const OPT_SGD = 0;
export const OPT_MOMENTUM = 1;
export const OPT_NESTEROV = 2;
export const OPT_ADAM = 3;

export const LAYER_WORDS = 10;
export const L_IN = 0;
export const L_OUT = 1;
export const L_W = 2;
export const L_B = 3;
export const L_DW = 4;
export const L_DB = 5;
export const L_ACT = 6;
export const L_DELTA = 7;
export const L_KIND = 8;

export const ACT_SIGMOID = 0;
export const ACT_TANH = 1;
export const ACT_RELU = 2;
export const ACT_LEAKY_RELU = 3;
export const ACT_LINEAR = 4;
export const ACT_SOFTMAX = 5;
