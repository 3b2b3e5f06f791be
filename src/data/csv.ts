// CSV → Dataset with a real CSV parser (csv-parse: quoted fields, embedded commas/newlines, BOM).
// Picks a target column (default: the last), one-hot encodes a categorical target, keeps numeric
// targets, and turns every problem into a one-line WasmpropError naming file, line and column.
// Works on text only (no file system): see csv-file.ts for reading a path on Node.
import { parse } from 'csv-parse/sync';
import { WasmpropError } from '../api/errors.js';
import type { Dataset } from './datasets.js';
import { oneHot } from './split.js';

/** Options of `parseCsv`. */
export interface CsvOptions {
  /** File name used in error messages. Default '<csv>'. */
  file?: string;
  /** Target column(s): header name or 1-based index ("3"); several only when all are numeric. Default: the last column. */
  target?: string | readonly string[];
  /** Whether the first row is a header. Default true; without one, columns are named col1, col2, … */
  header?: boolean;
  /** Field delimiter. Default ','. */
  delimiter?: string;
  /** Feature columns to use, by name, in this order (a model's featureNames). Default: all non-target columns. */
  features?: readonly string[];
  /** Fixed class order for a categorical target (a model's classes); a label outside it is an error. */
  classes?: readonly string[];
  /** 'auto' (default): categorical when any target value is not a number; 'class' forces categorical; 'number' forces numeric. */
  targetKind?: 'auto' | 'class' | 'number';
  /** When false, a missing target column is allowed (prediction input): targets are then empty. Default true. */
  requireTarget?: boolean;
}

/** A parsed CSV: a Dataset plus where each row came from. */
export interface CsvDataset extends Dataset {
  /** False when the target column was absent (requireTarget: false); targets is then empty. */
  hasTargets: boolean;
  /** 1-based line of each data row in the file. */
  lines: number[];
  /** Every column name of the file, in order. */
  columns: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a strict decimal number ("1", "-2.5e3", ".5"); NaN for anything else (including ""). */
export function parseNumber(s: string): number {
  const t = s.trim();
  if (!NUMBER.test(t)) return NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

/** Sorts class labels: numerically when all are numbers, else by code unit (locale-independent). */
export function sortClasses(labels: Iterable<string>): string[] {
  const u = [...new Set(labels)];
  if (u.every((l) => !Number.isNaN(parseNumber(l)))) return u.sort((a, b) => parseNumber(a) - parseNumber(b));
  return u.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Parses CSV text into a Dataset (see CsvOptions); throws one-line WasmpropErrors naming file, line and column. */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvDataset {
  const file = opts.file ?? '<csv>';
  const at = (line: number, col?: number, colName?: string): string =>
    `${file} line ${line}${col === undefined ? '' : `, column ${col}${colName === undefined ? '' : ` (${JSON.stringify(colName)})`}`}`;
  if (typeof text !== 'string') throw new WasmpropError(file, 'CSV text', text);

  type Rec = { record: string[]; raw: string; info: { lines: number } };
  let records: Rec[];
  try {
    // One line-end convention first: csv-parse counts a CRLF inside a quoted field as two lines,
    // which would put every later line number off by one.
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true, delimiter: opts.delimiter ?? ',', info: true, raw: true, relax_column_count: true,
      skip_empty_lines: true, trim: false,
    }) as unknown as Rec[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new WasmpropError(at(err.lines ?? 1), 'valid CSV', err.message.replace(/\s+/g, ' '));
  }
  // csv-parse reports the line where a record ENDS; a quoted field may span lines, so count back.
  const startLine = (r: Rec): number => {
    // raw also carries the skipped blank lines before the record: drop them and the final newline
    const raw = r.raw.replace(/^\n+/, '').replace(/\n$/, '');
    return r.info.lines - (raw.match(/\n/g)?.length ?? 0);
  };
  // A file of only blank lines/whitespace is "empty" too.
  const rows = records.filter((r) => !(r.record.length === 1 && r.record[0].trim() === ''));
  if (rows.length === 0) throw new WasmpropError(at(1), 'a header row and at least one data row', 'an empty file');

  const hasHeader = opts.header ?? true;
  const width = rows[0].record.length;
  const columns = hasHeader ? rows[0].record.map((c) => c.trim()) : Array.from({ length: width }, (_, k) => `col${k + 1}`);
  if (hasHeader) {
    const seen = new Map<string, number>();
    columns.forEach((c, k) => {
      if (c === '') throw new WasmpropError(at(startLine(rows[0]), k + 1), 'a column name in the header', '""');
      if (seen.has(c)) throw new WasmpropError(at(startLine(rows[0]), k + 1, c), `a unique column name (column ${seen.get(c)! + 1} has it too)`, c);
      seen.set(c, k);
    });
  }
  const data = hasHeader ? rows.slice(1) : rows;
  if (data.length === 0) throw new WasmpropError(at(startLine(rows[0]) + 1), 'at least one data row after the header', 'only the header');
  const headerLine = startLine(rows[0]);

  const resolve = (spec: string): number => {
    const k = columns.indexOf(spec);
    if (k >= 0) return k;
    if (/^\d+$/.test(spec) && Number(spec) >= 1 && Number(spec) <= width) return Number(spec) - 1;
    return -1;
  };
  const listColumns = (): string => (columns.length > 8 ? [...columns.slice(0, 8), '…'] : columns).map((c) => JSON.stringify(c)).join(', ');

  // Target columns.
  const requireTarget = opts.requireTarget ?? true;
  const targetSpecs = opts.target === undefined ? [columns[width - 1]] : typeof opts.target === 'string' ? opts.target.split(',').map((s) => s.trim()) : [...opts.target];
  let targetCols = targetSpecs.map((s) => resolve(s));
  const missing = targetSpecs.filter((_, i) => targetCols[i] < 0);
  if (missing.length > 0) {
    if (requireTarget || missing.length < targetSpecs.length) {
      throw new WasmpropError(`${at(headerLine)} (header): target column ${JSON.stringify(missing[0])}`, `one of the columns ${listColumns()}`, 'no such column');
    }
    targetCols = [];
  }
  // Feature columns.
  let featureCols: number[];
  if (opts.features) {
    featureCols = opts.features.map((f) => {
      const k = hasHeader ? columns.indexOf(f) : -1;
      if (k >= 0) return k;
      if (!hasHeader) return -1;
      throw new WasmpropError(`${at(headerLine)} (header): feature column ${JSON.stringify(f)}`, `a column of the file (the model was trained on ${opts.features!.length} features)`, 'no such column');
    });
    if (!hasHeader) {
      // Without a header, features are positional: every non-target column, in order.
      featureCols = columns.map((_, k) => k).filter((k) => !targetCols.includes(k));
      if (featureCols.length !== opts.features.length) {
        throw new WasmpropError(at(1), `${opts.features.length} feature columns (the model's)${targetCols.length ? ' plus the target' : ''}`, `${featureCols.length} feature columns`);
      }
    }
  } else {
    featureCols = columns.map((_, k) => k).filter((k) => !targetCols.includes(k));
  }
  if (featureCols.length === 0) throw new WasmpropError(`${at(headerLine)} (header)`, 'at least one feature column besides the target', `${width} column(s)`);

  const n = data.length;
  const inputSize = featureCols.length;
  const inputs = new Float64Array(n * inputSize);
  const lines: number[] = new Array(n);
  const rawTargets: string[][] = targetCols.map(() => new Array<string>(n));
  for (let r = 0; r < n; r++) {
    const rec = data[r].record;
    const line = startLine(data[r]);
    lines[r] = line;
    if (rec.length !== width) {
      const col = Math.min(rec.length, width) + 1;
      throw new WasmpropError(at(line, col, rec.length < width ? columns[col - 1] : undefined), `${width} fields per row (as in ${hasHeader ? 'the header' : 'the first row'})`, `${rec.length} fields`);
    }
    for (let c = 0; c < inputSize; c++) {
      const k = featureCols[c];
      const v = parseNumber(rec[k]);
      if (Number.isNaN(v)) throw new WasmpropError(at(line, k + 1, columns[k]), 'a finite number (feature column)', rec[k]);
      inputs[r * inputSize + c] = v;
    }
    targetCols.forEach((k, j) => {
      rawTargets[j][r] = rec[k].trim();
    });
  }

  const base = {
    name: file, inputs, rows: n, inputSize, featureNames: featureCols.map((k) => columns[k]),
    targetNames: targetCols.map((k) => columns[k]), lines, columns,
  };
  if (targetCols.length === 0) {
    return { ...base, targets: new Float64Array(0), outputSize: opts.classes?.length ?? 0, classes: opts.classes ? [...opts.classes] : undefined, hasTargets: false };
  }
  const kind = opts.targetKind ?? (opts.classes ? 'class' : 'auto');
  const firstBad = (j: number): number => rawTargets[j].findIndex((s) => Number.isNaN(parseNumber(s)));
  const categorical = kind === 'class' || (kind === 'auto' && rawTargets.some((_, j) => firstBad(j) >= 0));
  if (categorical) {
    if (targetCols.length !== 1) {
      const j = rawTargets.findIndex((_, j) => firstBad(j) >= 0);
      const r = firstBad(Math.max(j, 0));
      throw new WasmpropError(at(lines[Math.max(r, 0)], targetCols[Math.max(j, 0)] + 1, columns[targetCols[Math.max(j, 0)]]), 'a number (several target columns must all be numeric)', rawTargets[Math.max(j, 0)][Math.max(r, 0)]);
    }
    const labels = rawTargets[0];
    const empty = labels.findIndex((l) => l === '');
    if (empty >= 0) throw new WasmpropError(at(lines[empty], targetCols[0] + 1, columns[targetCols[0]]), 'a class label', '""');
    const classes = opts.classes ? [...opts.classes] : sortClasses(labels);
    if (opts.classes) {
      const known = new Set(classes);
      const bad = labels.findIndex((l) => !known.has(l));
      if (bad >= 0) {
        throw new WasmpropError(at(lines[bad], targetCols[0] + 1, columns[targetCols[0]]), `one of the model's classes ${classes.map((c) => JSON.stringify(c)).join(', ')}`, labels[bad]);
      }
    }
    return { ...base, targets: oneHot(labels, classes), outputSize: classes.length, classes, hasTargets: true };
  }
  const m = targetCols.length;
  const targets = new Float64Array(n * m);
  rawTargets.forEach((col, j) => {
    col.forEach((s, r) => {
      const v = parseNumber(s);
      if (Number.isNaN(v)) throw new WasmpropError(at(lines[r], targetCols[j] + 1, columns[targetCols[j]]), 'a finite number (numeric target)', s);
      targets[r * m + j] = v;
    });
  });
  return { ...base, targets, outputSize: m, hasTargets: true };
}
