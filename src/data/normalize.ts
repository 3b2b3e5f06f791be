// Input normalization statistics: computes offset/scale from training rows so that
// x' = (x − offset)·scale. The Network applies them itself (option `normalization`, stored by
// toJSON); this file only computes them, checks them, and applies them for code paths that must
// do it outside the engine (ONNX export, the fallback of src/model/predictor.ts).
import { WasmpropError } from '../api/errors.js';

/** The two normalizations: min-max to [0, 1], or z-score (mean 0, standard deviation 1). */
export type NormalizationKind = 'minmax' | 'zscore';

/** Per-feature statistics: x' = (x − offset[c])·scale[c]. `kind` says how they were computed (informational). */
export interface Normalization {
  kind?: NormalizationKind | string;
  offset: number[];
  scale: number[];
}

/**
 * Statistics of `inputs` (rows × inputSize, row-major). minmax: offset = min, scale = 1/(max − min),
 * 1 when max = min. zscore: offset = mean, scale = 1/std (population std), 1 when std = 0.
 */
export function computeNormalization(kind: NormalizationKind, inputs: Float64Array | Float32Array, rows: number, inputSize: number): Normalization {
  if (kind !== 'minmax' && kind !== 'zscore') throw new WasmpropError('kind', "'minmax' or 'zscore'", kind);
  if (!Number.isInteger(rows) || rows <= 0) throw new WasmpropError('rows', 'a positive integer', rows);
  if (!Number.isInteger(inputSize) || inputSize <= 0) throw new WasmpropError('inputSize', 'a positive integer', inputSize);
  if (inputs.length !== rows * inputSize) throw new WasmpropError('inputs', `${rows}×${inputSize} = ${rows * inputSize} values`, inputs);
  const offset = new Array<number>(inputSize);
  const scale = new Array<number>(inputSize);
  for (let c = 0; c < inputSize; c++) {
    if (kind === 'minmax') {
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < rows; r++) {
        const v = inputs[r * inputSize + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      offset[c] = lo;
      scale[c] = hi > lo ? 1 / (hi - lo) : 1;
    } else {
      // two passes: the mean first, then the centered sum of squares (no cancellation)
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += inputs[r * inputSize + c];
      const mean = sum / rows;
      let ss = 0;
      for (let r = 0; r < rows; r++) {
        const d = inputs[r * inputSize + c] - mean;
        ss += d * d;
      }
      const std = Math.sqrt(ss / rows);
      offset[c] = mean;
      scale[c] = std > 0 ? 1 / std : 1;
    }
    if (!Number.isFinite(offset[c]) || !Number.isFinite(scale[c])) {
      throw new WasmpropError(`inputs (column ${c})`, 'finite values with finite statistics', `offset ${offset[c]}, scale ${scale[c]}`);
    }
  }
  return { kind, offset, scale };
}

/** Checks a normalization object (from a file or a caller) against the input width; returns a clean copy. */
export function checkNormalization(name: string, v: unknown, inputSize: number): Normalization {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WasmpropError(name, 'an object { kind, offset, scale }', v);
  const o = v as Record<string, unknown>;
  const kind = o.kind;
  if (kind !== undefined && (typeof kind !== 'string' || kind.length > 64)) throw new WasmpropError(`${name}.kind`, "a short string such as 'minmax' or 'zscore'", kind);
  const vec = (key: 'offset' | 'scale'): number[] => {
    const a = o[key];
    if (!Array.isArray(a) || a.length !== inputSize) throw new WasmpropError(`${name}.${key}`, `an array of ${inputSize} numbers (one per input)`, a);
    return a.map((x, k) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new WasmpropError(`${name}.${key}[${k}]`, 'a finite number', x);
      if (key === 'scale' && x === 0) throw new WasmpropError(`${name}.scale[${k}]`, 'a non-zero number', x);
      return x;
    });
  };
  const out: Normalization = { offset: vec('offset'), scale: vec('scale') };
  return kind === undefined ? out : { kind, ...out };
}

/** Returns a normalized copy of `inputs` (rows × offset.length, row-major). */
export function applyNormalization(norm: Normalization, inputs: Float64Array | Float32Array): Float64Array {
  const w = norm.offset.length;
  if (inputs.length % w !== 0) throw new WasmpropError('inputs', `a multiple of ${w} values`, inputs);
  const out = new Float64Array(inputs.length);
  for (let k = 0; k < inputs.length; k++) {
    const c = k % w;
    out[k] = (inputs[k] - norm.offset[c]) * norm.scale[c];
  }
  return out;
}
