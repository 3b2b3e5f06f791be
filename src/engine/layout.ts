// The arena layout of one network: where the descriptor, parameters, gradients, activations and
// deltas live, as byte offsets from the arena's base. Both backends' memory is laid out by this one
// module; the descriptor's word offsets are the ABI constants of backend/abi.ts.
// Not here: allocation (backend/memory.ts) or any arithmetic on the values.
import {
  HEADER_WORDS, H_LAYERS, H_CAPACITY, H_PARAMS, H_GRADS, H_NPARAMS, H_IN, H_OUT, H_HYPER, H_LOSS, H_WITHBIAS, H_GX, H_GT,
  HYPER_WORDS, DIAG_WORDS, LAYER_WORDS, L_IN, L_OUT, L_W, L_B, L_DW, L_DB, L_ACT, L_DELTA, L_KIND,
} from '../backend/abi.js';

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

// every block on a cache line of its own (64 bytes): two threads that write neighbouring blocks —
// or the two ends of one block split between them — do not share a line (measured: W3 and
// W3-online on 2 threads 1.00–1.06× faster than with 16-byte blocks, paired in one process)
const align64 = (n: number): number => (n + 63) & ~63;

/**
 * Computes the layout for layer sizes (input first) and an activation capacity of `capacity` rows;
 * `elementBytes` is the size of one element of the parameter, gradient, activation, delta and
 * staging blocks (8: f64, 4: f32). The hyper-parameter and diagnostics blocks are f64 words in both.
 */
export function computeLayout(sizes: readonly number[], capacity: number, elementBytes: 4 | 8 = 8): Layout {
  const E = elementBytes;
  const L = sizes.length - 1;
  const descWords = HEADER_WORDS + L * LAYER_WORDS;
  let nParams = 0;
  for (let l = 0; l < L; l++) nParams += sizes[l + 1] * (sizes[l] + 1);
  const params = align64(descWords * 4);
  const grads = align64(params + nParams * E);
  // optimizer state (H_OPT1/H_OPT2) is not in the arena: a train call that needs it allocates it
  const hyper = align64(grads + nParams * E);
  const diag = align64(hyper + HYPER_WORDS * 8);
  let at = align64(diag + L * DIAG_WORDS * 8);
  let p = 0;
  const layers: LayerLayout[] = [];
  for (let l = 0; l < L; l++) {
    const IN = sizes[l];
    const OUT = sizes[l + 1];
    const w = p;
    const b = p + OUT * IN * E;
    p = b + OUT * E;
    layers.push({ inUnits: IN, outUnits: OUT, w: params + w, b: params + b, dw: grads + w, db: grads + b, act: 0, delta: 0 });
  }
  for (const ly of layers) {
    ly.act = at;
    at = align64(at + capacity * ly.outUnits * E);
  }
  for (const ly of layers) {
    ly.delta = at;
    at = align64(at + capacity * ly.outUnits * E);
  }
  const gx = at;
  const gt = align64(gx + capacity * sizes[0] * E);
  at = align64(gt + capacity * sizes[L] * E);
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
