// Classification metrics on flat outputs/targets: predicted class per row, accuracy, confusion
// matrix. A single output unit is a binary classifier thresholded at 0.5. No losses here: the loss
// of a network is the engine's (`net.loss`), so it always matches what training minimised.
import { WasmpropError } from '../api/errors.js';
import { argmax } from './split.js';

/** Class index per row: argmax for width > 1, `out ≥ 0.5` for a single output. */
export function predictedClasses(values: ArrayLike<number>, rows: number, width: number): Uint32Array {
  if (values.length !== rows * width) throw new WasmpropError('values', `${rows}×${width} values`, `${values.length} values`);
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = width === 1 ? (values[r] >= 0.5 ? 1 : 0) : argmax(values, r * width, width);
  return out;
}

/** Share of rows whose predicted class equals the target class (0..1). */
export function accuracy(outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number, width: number): number {
  const p = predictedClasses(outputs, rows, width);
  const t = predictedClasses(targets, rows, width);
  let hit = 0;
  for (let r = 0; r < rows; r++) if (p[r] === t[r]) hit++;
  return hit / rows;
}

/** Confusion matrix m[actual][predicted] (counts); size = width, or 2 for a single output. */
export function confusionMatrix(outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number, width: number): number[][] {
  const k = width === 1 ? 2 : width;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const p = predictedClasses(outputs, rows, width);
  const t = predictedClasses(targets, rows, width);
  for (let r = 0; r < rows; r++) m[t[r]][p[r]]++;
  return m;
}
