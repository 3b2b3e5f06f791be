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

/** Applies the arena's input normalization in place to `rows` rows at element `at` of the arena's f64 view. */
export function normalizeRows(arena: Arena, at: number, rows: number): void {
  const nz = arena.spec.normalization;
  if (!nz) return;
  const f = arena.f64;
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
  const f = arena.f64;
  set.x.copy(f, x >> 3, from, count, index);
  set.t.copy(f, t >> 3, from, count, index);
  normalizeRows(arena, x >> 3, count);
}

/** Copies rows of inputs only (runBatch): rows first … first+count−1 to byte address x, normalized. */
export function stageInputs(arena: Arena, xs: RowSource, x: number, first: number, count: number): void {
  xs.copy(arena.f64, x >> 3, first, count);
  normalizeRows(arena, x >> 3, count);
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

/** Rows per staging chunk for rows of `width` numbers within `budget` bytes, at most `n`. */
export function chunkRows(budget: number, width: number, n: number): number {
  return Math.max(1, Math.min(n, Math.floor(budget / (width * 8))));
}
