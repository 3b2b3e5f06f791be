// The arena layout of one network: where the descriptor, parameters, gradients, activations and
// deltas live, as byte offsets from the arena's base. Both backends use this one module; the
// descriptor words mirror assembly/layout.ts (test/layout-abi.test.ts checks they agree).
// Not here: allocation (memory.ts) or any arithmetic on the values.

export const HEADER_WORDS = 8;
export const H_LAYERS = 0;
export const H_CAPACITY = 1;
export const H_PARAMS = 2;
export const H_GRADS = 3;
export const H_NPARAMS = 4;
export const H_IN = 5;
export const H_OUT = 6;

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
  let at = align16(grads + nParams * 8);
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
  return { sizes: [...sizes], capacity, bytes: at, desc: 0, descWords, params, grads, nParams, layers };
}

/** Writes the descriptor for an arena at byte address `base` (absolute pointers) into `i32`. */
export function writeDescriptor(i32: Int32Array, base: number, layout: Layout, kinds: readonly number[]): void {
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
