// Staging: the one way rows enter the engine's memory. The caller's validated rows (RowSource) are
// copied a chunk at a time into scratch blocks of the arena's memory, in order, through an index
// map (a validation split) or in a shuffled order, and the network's input normalization is
// applied on the way in. Also the streamed evaluation over a set that train and evaluate share.
// Not here: validation (options/rows.ts), the epoch loop (trainer.ts).
import type { RowSet, RowSource } from '../options/rows.js';
import type { Arena } from './arena.js';

export type { RowSet };

/** Bytes of data rows copied into memory at once (see `Network.stagingBytes`). */
export const DEFAULT_STAGING_BYTES = 4 * 1024 * 1024;

/** Applies the arena's input normalization in place to `rows` rows at element `at` of `f` (default: the arena's element view). */
export function normalizeRows(arena: Arena, at: number, rows: number, f: Float64Array | Float32Array = arena.data): void {
  const nz = arena.spec.normalization;
  if (!nz) return;
  const IN = arena.inputs;
  for (let r = 0; r < rows; r++) {
    const q = at + r * IN;
    for (let i = 0; i < IN; i++) f[q + i] = (f[q + i] - nz.offset[i]) * nz.scale[i];
  }
}

/**
 * Copies `count` rows of a set to buffer rows at byte addresses x/t: set rows first … first+count−1,
 * or with `order` the set rows order[first …]; inputs are normalized.
 */
export function stageRows(arena: Arena, set: RowSet, x: number, t: number, first: number, count: number, order?: Uint32Array): void {
  let index: ArrayLike<number> | undefined = set.map;
  let from = first;
  if (order) {
    const idx = order.slice(first, first + count);
    if (set.map) for (let k = 0; k < count; k++) idx[k] = set.map[idx[k]];
    index = idx;
    from = 0;
  }
  set.t.copy(arena.data, t >> arena.shift, from, count, index);
  copyInputs(arena, set.x, x, from, count, index);
}

/** Copies rows of inputs only (runBatch): rows first … first+count−1 to byte address x, normalized. */
export function stageInputs(arena: Arena, xs: RowSource, x: number, first: number, count: number): void {
  copyInputs(arena, xs, x, first, count);
}

// Inputs are normalized in float64 and rounded to the arena's element type once: an f32 arena with a
// normalization stages through a float64 scratch copy (the rows rounded after, not before, x' = (x − o)·s).
function copyInputs(arena: Arena, xs: RowSource, x: number, from: number, count: number, index?: ArrayLike<number>): void {
  if (arena.dtype === 'f32' && arena.spec.normalization) {
    const tmp = new Float64Array(count * arena.inputs);
    xs.copy(tmp, 0, from, count, index);
    normalizeRows(arena, 0, count, tmp);
    arena.data.set(tmp, x >> arena.shift);
    return;
  }
  xs.copy(arena.data, x >> arena.shift, from, count, index);
  normalizeRows(arena, x >> arena.shift, count);
}

/** Mean loss and accuracy over a set, staged `bufRows` rows at a time at x/t; `out` is 16 bytes for the evaluate driver. */
export function evaluateStreamed(arena: Arena, set: RowSet, x: number, t: number, bufRows: number, out: number): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < set.rows; r += bufRows) {
    const c = Math.min(bufRows, set.rows - r);
    stageRows(arena, set, x, t, r, c);
    arena.driver.evaluate(arena.desc, x, t, c, out);
    const f = arena.f64;
    loss += f[out >> 3] * c;
    correct += Math.round(f[(out >> 3) + 1] * c);
  }
  return { loss: loss / set.rows, accuracy: correct / set.rows };
}

/** Rows per staging chunk for rows of `width` elements of `elementBytes` within `budget` bytes, at most `n`. */
export function chunkRows(budget: number, width: number, n: number, elementBytes = 8): number {
  return Math.max(1, Math.min(n, Math.floor(budget / (width * elementBytes))));
}

/** `bytes` rounded up to a multiple of 8 (f64 words after f32 blocks). */
export function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
