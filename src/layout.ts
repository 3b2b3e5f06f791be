// The arena layout of one network: where the descriptor, parameters, gradients, activations and
// deltas live, as byte offsets from the arena's base. Both backends use this one module; the
// descriptor words mirror assembly/layout.ts (test/layout-abi.test.ts checks they agree).
// Not here: allocation (memory.ts) or any arithmetic on the values.

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

/** Byte offsets (from the arena base) of one weight layer's blocks. */
export interface LayerLayout {
  inUnits: number;
  outUnits: number;
  /** W (OUT,IN) row-major: row = destination unit, column = source unit. */
  w: number;
  /** b (OUT). */
  b: number;
  dw: number;
  db: number;
  /** activations (capacity, OUT). */
  act: number;
  /** deltas ∂loss/∂net (capacity, OUT). */
  delta: number;
}

/** Every offset of a network's arena, computed once per (sizes, capacity). */
export interface Layout {
  sizes: readonly number[];
  capacity: number;
  bytes: number;
  desc: number;
  descWords: number;
  params: number;
  grads: number;
  /** f64 hyper-parameters (HY_*). */
  hyper: number;
  /** Gathered batch inputs (capacity, IN) and targets (capacity, OUT) for shuffled order. */
  gx: number;
  gt: number;
  /** Per-layer diagnostics, DIAG_WORDS f64 each. */
  diag: number;
  nParams: number;
  layers: LayerLayout[];
}

const align16 = (n: number): number => (n + 15) & ~15;

/** Computes the layout for layer sizes (input first) and an activation capacity of `capacity` rows. */
export function computeLayout(sizes: readonly number[], capacity: number): Layout {
  const L = sizes.length - 1;
  const descWords = HEADER_WORDS + L * LAYER_WORDS;
  let nParams = 0;
  for (let l = 0; l < L; l++) nParams += sizes[l + 1] * (sizes[l] + 1);
  const params = align16(descWords * 4);
  const grads = align16(params + nParams * 8);
  // optimizer state (H_OPT1/H_OPT2) is not in the arena: a train call that needs it allocates it
  const hyper = align16(grads + nParams * 8);
  const diag = align16(hyper + HYPER_WORDS * 8);
  let at = align16(diag + L * DIAG_WORDS * 8);
  let p = 0;
  const layers: LayerLayout[] = [];
  for (let l = 0; l < L; l++) {
    const IN = sizes[l];
    const OUT = sizes[l + 1];
    const w = p;
    const b = p + OUT * IN * 8;
    p = b + OUT * 8;
    layers.push({ inUnits: IN, outUnits: OUT, w: params + w, b: params + b, dw: grads + w, db: grads + b, act: 0, delta: 0 });
  }
  for (const ly of layers) {
    ly.act = at;
    at = align16(at + capacity * ly.outUnits * 8);
  }
  for (const ly of layers) {
    ly.delta = at;
    at = align16(at + capacity * ly.outUnits * 8);
  }
  const gx = at;
  const gt = align16(gx + capacity * sizes[0] * 8);
  at = align16(gt + capacity * sizes[L] * 8);
  return { sizes: [...sizes], capacity, bytes: at, desc: 0, descWords, params, grads, hyper, gx, gt, diag, nParams, layers };
}

/**
 * Writes the descriptor for an arena at byte address `base` (absolute pointers) into `i32`:
 * structure, activation kinds and loss. Training settings (optimizer, biases, diagnostics,
 * hyper-parameters) are set per call by the Network.
 */
export function writeDescriptor(i32: Int32Array, base: number, layout: Layout, kinds: readonly number[], loss: number): void {
  const d = (base + layout.desc) >> 2;
  const L = layout.layers.length;
  i32.fill(0, d, d + layout.descWords);
  i32[d + H_LAYERS] = L;
  i32[d + H_CAPACITY] = layout.capacity;
  i32[d + H_PARAMS] = base + layout.params;
  i32[d + H_GRADS] = base + layout.grads;
  i32[d + H_NPARAMS] = layout.nParams;
  i32[d + H_IN] = layout.sizes[0];
  i32[d + H_OUT] = layout.sizes[L];
  // H_OPT1 / H_OPT2 stay 0 until a train call with a stateful optimizer points them at its block
  i32[d + H_HYPER] = base + layout.hyper;
  i32[d + H_LOSS] = loss;
  i32[d + H_WITHBIAS] = 1;
  i32[d + H_GX] = base + layout.gx;
  i32[d + H_GT] = base + layout.gt;
  for (let l = 0; l < L; l++) {
    const ly = layout.layers[l];
    const q = d + HEADER_WORDS + l * LAYER_WORDS;
    i32[q + L_IN] = ly.inUnits;
    i32[q + L_OUT] = ly.outUnits;
    i32[q + L_W] = base + ly.w;
    i32[q + L_B] = base + ly.b;
    i32[q + L_DW] = base + ly.dw;
    i32[q + L_DB] = base + ly.db;
    i32[q + L_ACT] = base + ly.act;
    i32[q + L_DELTA] = base + ly.delta;
    i32[q + L_KIND] = kinds[l];
  }
}
