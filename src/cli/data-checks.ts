// What `wasmprop train` checks in the data before (and after) training, so that its messages
// name the data, not the engine's knobs: a target with a single class (trained with a warning,
// as two classes, the second never seen), values too large for float64 arithmetic (refused,
// naming the column and the row), and, when training diverges anyway, whether the scale of a
// column rather than the learning rate is the likely cause. Not a validator of CSV syntax (csv.ts).
import { WasmpropError } from '../api/errors.js';
import type { CliIo } from './io.js';
import type { LoadedData } from './data.js';

/** Largest |value| accepted in an input or numeric target column: its square still fits in a float64 with room for sums. */
export const MAX_DATA_MAGNITUDE = 1e150;
/** A column whose largest |value| is above this is named when training diverges. */
export const LARGE_DATA_MAGNITUDE = 1e8;

/** The largest |value| of one column and where it is. */
interface ColumnPeak {
  what: 'feature' | 'target';
  name: string;
  value: number;
  row: number;
}

function columnPeaks(values: Float64Array, rows: number, width: number, names: readonly string[] | undefined, what: ColumnPeak['what']): ColumnPeak[] {
  const peaks: ColumnPeak[] = [];
  for (let c = 0; c < width; c++) {
    let best = 0;
    let row = 0;
    for (let r = 0; r < rows; r++) {
      const a = Math.abs(values[r * width + c]);
      if (a > best || Number.isNaN(a)) {
        best = a;
        row = r;
        if (Number.isNaN(a)) break;
      }
    }
    peaks.push({ what, name: names?.[c] ?? `${what}${c + 1}`, value: values[row * width + c], row });
  }
  return peaks;
}

function where(data: LoadedData, p: ColumnPeak): string {
  const at = data.lines ? `line ${data.lines[p.row]}` : `row ${p.row + 1}`;
  return `${data.name} ${at}, ${p.what} column ${JSON.stringify(p.name)}`;
}

/** The column with the largest |value| among inputs and numeric targets. */
function largest(data: LoadedData): ColumnPeak | undefined {
  const peaks = columnPeaks(data.inputs, data.rows, data.inputSize, data.featureNames, 'feature');
  if (!data.classes) peaks.push(...columnPeaks(data.targets, data.rows, data.outputSize, data.targetNames, 'target'));
  let top: ColumnPeak | undefined;
  for (const p of peaks) if (!top || !(Math.abs(p.value) <= Math.abs(top.value))) top = p;
  return top;
}

/** Refuses values that overflow float64 arithmetic (non-finite, or |x| > MAX_DATA_MAGNITUDE), naming column and row. */
export function checkMagnitudes(data: LoadedData): void {
  const top = largest(data);
  if (top && !(Math.abs(top.value) <= MAX_DATA_MAGNITUDE)) {
    throw new WasmpropError(where(data, top), `finite values of magnitude at most ${MAX_DATA_MAGNITUDE} (larger ones overflow float64 in the loss or the normalization: rescale the column)`, top.value);
  }
}

/**
 * A diverged run (the engine blames `learningRate`) on data with a column above
 * LARGE_DATA_MAGNITUDE: the error names the column first. Any other error is returned as it is.
 */
export function explainDivergence(e: unknown, data: LoadedData, normalized: boolean): unknown {
  if (!(e instanceof WasmpropError) || !(e.argument === 'learningRate' || /non-finite/.test(e.message))) return e;
  const top = largest(data);
  if (!top || Math.abs(top.value) <= LARGE_DATA_MAGNITUDE || (normalized && top.what === 'feature')) return e;
  return new WasmpropError(where(data, top), `values of a scale the network can fit (training diverged to a non-finite loss; rescale the ${top.what} column, or lower --lr below ${e.received})`, top.value);
}

/**
 * A categorical target with one class: warns on stderr and returns the data with a second,
 * never-seen class `(not LABEL)`, so that the model is an ordinary two-class softmax (which
 * predicts LABEL once trained). Other data is returned unchanged.
 */
export function widenSingleClass(data: LoadedData, io: CliIo): LoadedData {
  if (!data.classes || data.classes.length !== 1) return data;
  const label = data.classes[0];
  const target = data.targetNames?.[0] ?? 'target';
  io.stderr(`wasmprop: warning: ${data.name}: the target ${JSON.stringify(target)} has a single class (${JSON.stringify(label)} in all ${data.rows} rows); training a two-class model with an unseen class ${JSON.stringify(`(not ${label})`)}: it can only learn to predict ${JSON.stringify(label)}\n`);
  const targets = new Float64Array(data.rows * 2);
  for (let r = 0; r < data.rows; r++) targets[2 * r] = 1;
  return { ...data, targets, outputSize: 2, classes: [label, `(not ${label})`] };
}
