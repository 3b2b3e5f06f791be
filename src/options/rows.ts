// Turning user data (arrays of rows, or flat row-major Float64Arrays or Float32Arrays) into validated row sources,
// with the checks that make bad input a clear error instead of a NaN. Pure: a RowSource copies
// rows into any Float64Array (or Float32Array: rounded) it is given; where that array lives is the engine's business.
import { WasmpropError, describe } from '../api/errors.js';
import type { Rows } from '../api/types.js';
import { allFinite } from '../util/finite.js';

export type { Rows };

// The typed arrays taken as rows: float64, and float32 (image data, other frameworks' tensors, a
// float32 network's own outputs) — widened exactly to float64, or copied as is into a float32 arena.
function isFloatArray(v: unknown): v is Float64Array | Float32Array {
  return v instanceof Float64Array || v instanceof Float32Array;
}

/**
 * Writes `rows` (each of `width` numbers) into `dst` starting at element `at`, checking shape and
 * finiteness. Returns the row count. `name` is the argument's name in error messages.
 * Call once with dst = null to validate and count without writing.
 */
export function copyRows(name: string, rows: unknown, width: number, dst: Float64Array | null, at: number): number {
  const first = Array.isArray(rows) ? rows[0] : undefined;
  if (isFloatArray(rows) || (Array.isArray(rows) && rows.length > 0 && !Array.isArray(first) && !ArrayBuffer.isView(first))) {
    const flat = rows as ArrayLike<number>;
    if (flat.length === 0) throw new WasmpropError(name, 'at least one row', rows);
    if (flat.length % width !== 0) {
      throw new WasmpropError(name, `a flat array whose length is a multiple of the row size ${width}`, `length ${flat.length}`);
    }
    const k = isFloatArray(flat) && allFinite(flat) ? -1 : firstNonFinite(flat);
    if (k >= 0) {
      const where = flat.length === width ? `${name}[${k}]` : `${name}[${k}] (row ${Math.floor(k / width)}, column ${k % width})`;
      throw new WasmpropError(where, 'a finite number', flat[k]);
    }
    if (dst) {
      if (isFloatArray(flat)) dst.set(flat, at);
      else for (let k = 0; k < flat.length; k++) dst[at + k] = flat[k];
    }
    return flat.length / width;
  }
  if (!Array.isArray(rows)) throw new WasmpropError(name, 'an array of rows or a flat Float64Array or Float32Array', rows);
  if (rows.length === 0) throw new WasmpropError(name, 'at least one row', rows);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as unknown;
    if (!(Array.isArray(row) || isFloatArray(row))) throw new WasmpropError(`${name}[${r}]`, `a row of ${width} numbers`, row);
    if (row.length !== width) throw new WasmpropError(`${name}[${r}]`, `a row of ${width} numbers`, `a row of ${row.length}`);
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new WasmpropError(`${name}[${r}][${c}]`, 'a finite number', v);
      if (dst) dst[at + r * width + c] = v;
    }
  }
  return rows.length;
}

// The index of the first value that is not a finite number, or −1.
function firstNonFinite(flat: ArrayLike<unknown>): number {
  for (let k = 0; k < flat.length; k++) {
    const v = flat[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) return k;
  }
  return -1;
}

/** Row count of `rows` after validation (throws WasmpropError like copyRows). */
export function countRows(name: string, rows: unknown, width: number): number {
  return copyRows(name, rows, width, null, 0);
}

/** Checks a single input row (array, Float64Array or Float32Array of `width` finite numbers). */
export function checkRow(name: string, row: unknown, width: number): ArrayLike<number> {
  if (!(Array.isArray(row) || isFloatArray(row))) throw new WasmpropError(name, `a row of ${width} numbers`, row);
  if (row.length !== width) throw new WasmpropError(name, `a row of ${width} numbers`, `${describe(row)}`);
  for (let c = 0; c < width; c++) {
    const v = row[c];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new WasmpropError(`${name}[${c}]`, 'a finite number', v);
  }
  return row as ArrayLike<number>;
}

/**
 * The caller's rows, validated once, read by row index. Training and evaluation copy them into the
 * engine's memory a chunk at a time (see `Network.stagingBytes`), so a large data set is never held
 * twice: the rows stay where the caller keeps them.
 */
export class RowSource {
  private constructor(
    readonly width: number,
    readonly rows: number,
    private readonly flat: ArrayLike<number> | undefined,
    private readonly list: readonly ArrayLike<number>[] | undefined,
  ) {}

  /** Validates `rows` like copyRows (same errors) and wraps them. */
  static of(name: string, rows: unknown, width: number): RowSource {
    const n = countRows(name, rows, width);
    const first = Array.isArray(rows) ? rows[0] : undefined;
    const isFlat = isFloatArray(rows) || (Array.isArray(rows) && !Array.isArray(first) && !ArrayBuffer.isView(first));
    return isFlat
      ? new RowSource(width, n, rows as ArrayLike<number>, undefined)
      : new RowSource(width, n, undefined, rows as readonly ArrayLike<number>[]);
  }

  /**
   * Copies `count` rows into `dst` from element `at`: rows start … start+count−1, or, with `index`,
   * the rows index[start] … index[start+count−1].
   */
  copy(dst: Float64Array | Float32Array, at: number, start: number, count: number, index?: ArrayLike<number>): void {
    const w = this.width;
    const flat = this.flat;
    if (isFloatArray(flat)) {
      if (!index) {
        dst.set(flat.subarray(start * w, (start + count) * w), at);
        return;
      }
      for (let k = 0; k < count; k++) {
        const r = index[start + k];
        dst.set(flat.subarray(r * w, (r + 1) * w), at + k * w);
      }
      return;
    }
    for (let k = 0; k < count; k++) {
      const r = index ? index[start + k] : start + k;
      const q = at + k * w;
      if (flat) {
        for (let c = 0; c < w; c++) dst[q + c] = flat[r * w + c];
      } else {
        const row = this.list![r];
        if (isFloatArray(row)) dst.set(row, q);
        else for (let c = 0; c < w; c++) dst[q + c] = row[c];
      }
    }
  }
}

/** A training or validation set as the engine reads it: the caller's rows, maybe through an index map. */
export interface RowSet {
  x: RowSource;
  t: RowSource;
  rows: number;
  /** Set row k is caller row map[k] (a validation fraction's shuffle); absent: row k is row k. */
  map?: Uint32Array;
}

/** Inputs and targets validated together (same row count). */
export function sourcePair(inputs: unknown, targets: unknown, widthIn: number, widthOut: number, inName = 'inputs', tName = 'targets'): [RowSource, RowSource] {
  const x = RowSource.of(inName, inputs, widthIn);
  const t = RowSource.of(tName, targets, widthOut);
  if (x.rows !== t.rows) throw new WasmpropError(tName, `${x.rows} rows, as many as ${inName}`, `${t.rows} rows`);
  return [x, t];
}

/** Whether every target row is 0/1 and, with several outputs, one-hot: then accuracy means something. */
export function isClassLike(src: RowSource): boolean {
  const width = src.width;
  const step = 1024;
  const t = new Float64Array(Math.min(step, src.rows) * width);
  for (let r0 = 0; r0 < src.rows; r0 += step) {
    const c = Math.min(step, src.rows - r0);
    src.copy(t, 0, r0, c);
    for (let r = 0; r < c * width; r += width) {
      let ones = 0;
      for (let j = 0; j < width; j++) {
        const v = t[r + j];
        if (v !== 0 && v !== 1) return false;
        ones += v;
      }
      if (width > 1 && ones !== 1) return false;
    }
  }
  return true;
}
