// Network descriptor layout, shared by every kernel driver.
// This file only names word offsets; the TypeScript `src/layout.ts` computes the values and
// writes the descriptor into the arena. Keep the two in step (test/layout-abi.test.ts checks).
//
// Descriptor = HEADER_WORDS i32 words, then LAYER_WORDS i32 words per weight layer.

export const HEADER_WORDS: i32 = 8;
export const H_LAYERS: i32 = 0;    // number of weight layers L
export const H_CAPACITY: i32 = 1;  // rows the activation/delta buffers hold
export const H_PARAMS: i32 = 2;    // byte pointer to the parameters (per layer W then b)
export const H_GRADS: i32 = 3;     // byte pointer to the gradients (same layout)
export const H_NPARAMS: i32 = 4;   // number of f64 parameters
export const H_IN: i32 = 5;        // input units
export const H_OUT: i32 = 6;       // output units

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

// @ts-ignore: decorator
@inline export function hdr(desc: usize, word: i32): i32 {
  return load<i32>(desc + (<usize>word << 2));
}

// @ts-ignore: decorator
@inline export function lyr(desc: usize, l: i32, word: i32): i32 {
  return load<i32>(desc + (<usize>(HEADER_WORDS + l * LAYER_WORDS + word) << 2));
}
