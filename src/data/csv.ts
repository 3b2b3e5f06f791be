// CSV → Dataset with a real CSV parser (papaparse, csv-parser.ts: quoted fields, embedded
// delimiters/newlines, BOM).
// Picks a target column (default: the last), one-hot encodes a categorical target, keeps numeric
// targets, and turns every problem into a one-line WasmpropError naming file, line and column.
// Records are consumed one at a time (CsvBuilder.add): feature values go straight into a
// Float64Array and a target column keeps numbers and label ids, not one string per row, so memory
// is about the size of the numbers (csv-values.ts). Works on text (parseCsv) or fed record by
// record; reading a file on Node, streamed, is csv-file.ts.
import { WasmpropError } from '../api/errors.js';
import type { Dataset } from './datasets.js';
import { checkDelimiter, parseCsvText, type CsvSink } from './csv-parser.js';
import { MAX_CSV_CLASSES, MAX_CSV_ROWS, MAX_CSV_VALUES, parseNumber, Rows, TargetColumn } from './csv-values.js';

export { MAX_CSV_CLASSES, MAX_CSV_ROWS, MAX_CSV_VALUES, parseNumber };

/** Options of `parseCsv`. */
export interface CsvOptions {
  /** File name used in error messages. Default '<csv>'. */
  file?: string;
  /**
   * Target column(s): header name or 1-based index ("3"). Several (all numeric) as a list, or as
   * one string "a,b" — a string that is itself a column name ("species, latin") is that one column.
   * Default: the last column.
   */
  target?: string | readonly string[];
  /** Whether the first row is a header. Default true; without one, columns are named col1, col2, … */
  header?: boolean;
  /** Field delimiter. Default ','. */
  delimiter?: string;
  /** Feature columns to use, by name, in this order (a model's featureNames). Default: all non-target columns. */
  features?: readonly string[];
  /** Fixed class order for a categorical target (a model's classes); a label outside it is an error. */
  classes?: readonly string[];
  /**
   * 'auto' (default): numeric when every target value is a number, categorical when fewer than half
   * are (a mostly numeric column with a stray "NA" is an error naming it); 'class' forces
   * categorical; 'number' forces numeric.
   */
  targetKind?: 'auto' | 'class' | 'number';
  /** When false, a missing target column is allowed (prediction input): targets are then empty. Default true. */
  requireTarget?: boolean;
  /** Read only the first n data rows; the rest of the file is not parsed. Default: all (up to MAX_CSV_ROWS). */
  maxRows?: number;
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


/** Sorts class labels: numerically when all are numbers, else by code unit (locale-independent). */
export function sortClasses(labels: Iterable<string>): string[] {
  const u = [...new Set(labels)];
  if (u.every((l) => !Number.isNaN(parseNumber(l)))) return u.sort((a, b) => parseNumber(a) - parseNumber(b));
  return u.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Parses CSV text into a Dataset (see CsvOptions); throws one-line WasmpropErrors naming file, line and column. */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvDataset {
  const file = opts.file ?? '<csv>';
  if (typeof text !== 'string') throw new WasmpropError(file, 'CSV text', text);
  const delimiter = checkDelimiter(opts.delimiter);
  const builder = new CsvBuilder(opts);
  // One line-end convention first ('\n'): the parser is told it, and a line count is then a
  // count of '\n' (a CRLF or lone CR inside a quoted field would otherwise be miscounted).
  const lf = text.replace(/\r\n?/g, '\n');
  let lines = 1;
  for (let at = lf.indexOf('\n'); at >= 0; at = lf.indexOf('\n', at + 1)) lines++;
  builder.reserve(lines); // at most one data row per line: one allocation
  parseCsvText(lf, builder, delimiter);
  return builder.finish();
}

/** Builds a CsvDataset from parsed records fed one at a time (`add`), then `finish()`. */
export class CsvBuilder implements CsvSink {
  /** File name of error messages. */
  readonly file: string;
  private readonly hasHeader: boolean;
  private columns: string[] | undefined;
  private width = 0;
  private headerLine = 1;
  private targetCols: number[] = [];
  private featureCols: number[] = [];
  private values: Rows | undefined;
  private targetData: TargetColumn[] = [];
  private readonly lines: number[] = [];
  private nextLine = 1;
  private readonly maxRows: number;

  constructor(private readonly opts: CsvOptions = {}) {
    this.file = opts.file ?? '<csv>';
    this.hasHeader = opts.header ?? true;
    const m = opts.maxRows;
    if (m !== undefined && (!Number.isInteger(m) || m < 1)) throw new WasmpropError('maxRows', 'a positive integer row count', m);
    this.maxRows = Math.min(m ?? MAX_CSV_ROWS, MAX_CSV_ROWS);
  }

  private expected = 0;

  /** Makes room for about `rows` data rows in all (a reader that can estimate it saves copies). */
  reserve(rows: number): void {
    rows = Math.min(rows, this.maxRows);
    this.expected = rows;
    this.values?.reserve(rows);
    for (const c of this.targetData) c.numbers.reserve(rows);
  }

  /** Line the next record starts on. */
  get line(): number {
    return this.nextLine;
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.lines.length;
  }

  /** True once `maxRows` rows are in: later records are ignored (a reader may stop parsing). */
  get full(): boolean {
    return this.opts.maxRows !== undefined && this.rows >= this.maxRows;
  }

  private at(line: number, col?: number, colName?: string): string {
    return `${this.file} line ${line}${col === undefined ? '' : `, column ${col}${colName === undefined ? '' : ` (${JSON.stringify(colName)})`}`}`;
  }

  /** Takes the next record of the file (every record, empty lines included: they count lines). */
  add(record: string[]): void {
    // With line ends normalized to \n, a record spans one line plus the newlines inside its
    // (quoted) fields.
    const line = this.nextLine;
    let span = 1;
    for (let k = 0; k < record.length; k++) {
      for (let at = record[k].indexOf('\n'); at >= 0; at = record[k].indexOf('\n', at + 1)) span++;
    }
    this.nextLine += span;
    // An empty line, or one of only whitespace, is skipped.
    if (record.length === 1 && record[0].trim() === '') return;
    if (this.full) return;
    if (this.columns === undefined) {
      this.start(record, line);
      if (this.hasHeader) return;
    }
    this.row(record, line);
  }

  // The first record: the header (or the width of a header-less file); target and feature columns.
  private start(first: string[], line: number): void {
    const width = (this.width = first.length);
    this.headerLine = line;
    const columns = (this.columns = this.hasHeader ? first.map((c) => c.trim()) : Array.from({ length: width }, (_, k) => `col${k + 1}`));
    if (this.hasHeader) {
      const seen = new Map<string, number>();
      columns.forEach((c, k) => {
        if (c === '') throw new WasmpropError(this.at(line, k + 1), 'a column name in the header', '""');
        if (seen.has(c)) throw new WasmpropError(this.at(line, k + 1, c), `a unique column name (column ${seen.get(c)! + 1} has it too)`, c);
        seen.set(c, k);
      });
    }
    const resolve = (spec: string): number => {
      const k = columns.indexOf(spec);
      if (k >= 0) return k;
      if (/^\d+$/.test(spec) && Number(spec) >= 1 && Number(spec) <= width) return Number(spec) - 1;
      return -1;
    };
    const listColumns = (): string => (columns.length > 8 ? [...columns.slice(0, 8), '…'] : columns).map((c) => JSON.stringify(c)).join(', ');
    const t = this.opts.target;
    // A name is never split: "species, latin" is one column when the file has it.
    const targetSpecs = t === undefined ? [columns[width - 1]] : typeof t === 'string' ? (resolve(t.trim()) >= 0 ? [t.trim()] : t.split(',').map((s) => s.trim())) : [...t];
    let targetCols = targetSpecs.map((s) => resolve(s));
    const missing = targetSpecs.filter((_, i) => targetCols[i] < 0);
    if (missing.length > 0) {
      if ((this.opts.requireTarget ?? true) || missing.length < targetSpecs.length) {
        throw new WasmpropError(`${this.at(line)} (header): target column ${JSON.stringify(missing[0])}`, `one of the columns ${listColumns()}`, 'no such column');
      }
      targetCols = [];
    }
    this.targetCols = targetCols;
    this.featureCols = this.pickFeatures(columns, targetCols, line);
    if (this.featureCols.length === 0) throw new WasmpropError(`${this.at(line)} (header)`, 'at least one feature column besides the target', `${width} column(s)`);
    this.values = new Rows(this.featureCols.length);
    this.targetData = targetCols.map(() => new TargetColumn());
    if (this.expected > 0) this.reserve(this.expected);
  }

  private pickFeatures(columns: string[], targetCols: number[], line: number): number[] {
    const features = this.opts.features;
    const rest = (): number[] => columns.map((_, k) => k).filter((k) => !targetCols.includes(k));
    if (!features) return rest();
    if (!this.hasHeader) {
      // Without a header, features are positional: every non-target column, in order.
      const cols = rest();
      if (cols.length !== features.length) {
        throw new WasmpropError(this.at(1), `${features.length} feature columns (the model's)${targetCols.length ? ' plus the target' : ''}`, `${cols.length} feature columns`);
      }
      return cols;
    }
    return features.map((f) => {
      const k = columns.indexOf(f);
      if (k >= 0) return k;
      throw new WasmpropError(`${this.at(line)} (header): feature column ${JSON.stringify(f)}`, `a column of the file (the model was trained on ${features.length} features)`, 'no such column');
    });
  }

  private row(rec: string[], line: number): void {
    const { width, featureCols } = this;
    const columns = this.columns!;
    if (rec.length !== width) {
      const col = Math.min(rec.length, width) + 1;
      throw new WasmpropError(this.at(line, col, rec.length < width ? columns[col - 1] : undefined), `${width} fields per row (as in ${this.hasHeader ? 'the header' : 'the first row'})`, `${rec.length} fields`);
    }
    const r = this.lines.length;
    if (r >= MAX_CSV_ROWS) throw new WasmpropError(this.at(line), `at most ${MAX_CSV_ROWS} data rows (wasmprop's CSV bound; read fewer with maxRows / --rows)`, `row ${r + 1}`);
    if ((r + 1) * featureCols.length > MAX_CSV_VALUES) {
      throw new WasmpropError(this.at(line), `at most ${MAX_CSV_VALUES} feature values, rows × ${featureCols.length} features (wasmprop's CSV bound; read fewer with maxRows / --rows)`, `row ${r + 1}`);
    }
    const values = this.values!;
    const offset = values.next();
    const block = values.data;
    for (let c = 0; c < featureCols.length; c++) {
      const k = featureCols[c];
      const v = parseNumber(rec[k]);
      if (Number.isNaN(v)) throw new WasmpropError(this.at(line, k + 1, columns[k]), 'a finite number (feature column)', rec[k]);
      block[offset + c] = v;
    }
    for (let j = 0; j < this.targetCols.length; j++) this.targetData[j].add(rec[this.targetCols[j]], r);
    this.lines.push(line);
  }

  /** The data set (after the last record). */
  finish(): CsvDataset {
    const columns = this.columns;
    if (columns === undefined) throw new WasmpropError(this.at(1), 'a header row and at least one data row', 'an empty file');
    const n = this.lines.length;
    if (n === 0) throw new WasmpropError(this.at(this.headerLine + 1), 'at least one data row after the header', 'only the header');
    const { featureCols, targetCols, lines } = this;
    const base = {
      name: this.file, inputs: this.values!.take(), rows: n, inputSize: featureCols.length, featureNames: featureCols.map((k) => columns[k]),
      targetNames: targetCols.map((k) => columns[k]), lines, columns,
    };
    const classes = this.opts.classes;
    if (targetCols.length === 0) {
      return { ...base, targets: new Float64Array(0), outputSize: classes?.length ?? 0, classes: classes ? [...classes] : undefined, hasTargets: false };
    }
    return { ...base, ...this.targets(), hasTargets: true };
  }

  // The targets: one-hot classes or numbers, by targetKind (see CsvOptions).
  private targets(): { targets: Float64Array; outputSize: number; classes?: string[] } {
    const { targetCols, targetData: cols, lines } = this;
    const n = lines.length;
    const columns = this.columns!;
    const where = (j: number, r: number): string => this.at(lines[r], targetCols[j] + 1, columns[targetCols[j]]);
    const kind = this.opts.targetKind ?? (this.opts.classes ? 'class' : 'auto');
    if (kind === 'auto') {
      // A mostly numeric column with a few non-numbers ("NA", "?") is a numeric column with bad
      // values, not a column of classes: refuse, naming the first one.
      const j = cols.findIndex((c) => c.count < n && 2 * c.count >= n);
      if (j >= 0) {
        throw new WasmpropError(where(j, cols[j].firstBad), `a number (${cols[j].count} of the ${n} values of this target are numbers; for class labels use targetKind 'class', on the command line --categorical)`, cols[j].firstBadText);
      }
    }
    if (kind === 'class' || (kind === 'auto' && cols.some((c) => c.count < n))) {
      if (targetCols.length !== 1) {
        const j = Math.max(0, cols.findIndex((c) => c.firstBad >= 0));
        throw new WasmpropError(where(j, Math.max(cols[j].firstBad, 0)), 'a number (several target columns must all be numeric)', cols[j].firstBadText);
      }
      return this.classTargets(cols[0], where);
    }
    const m = targetCols.length;
    const targets = new Float64Array(n * m);
    cols.forEach((c, j) => {
      if (c.firstBad >= 0) throw new WasmpropError(where(j, c.firstBad), 'a finite number (numeric target)', c.firstBadText);
      const v = c.numbers.take();
      for (let r = 0; r < n; r++) targets[r * m + j] = v[r];
    });
    return { targets, outputSize: m };
  }

  // One-hot targets of a categorical column: the model's classes, or the sorted labels.
  private classTargets(col: TargetColumn, where: (j: number, r: number) => string): { targets: Float64Array; outputSize: number; classes: string[] } {
    const n = this.lines.length;
    if (col.id(0) === undefined) throw new WasmpropError(where(0, n - 1), `at most ${MAX_CSV_CLASSES} distinct class labels`, 'more');
    const empty = col.findRow(n, (l) => l === '');
    if (empty >= 0) throw new WasmpropError(where(0, empty), 'a class label', '""');
    const given = this.opts.classes;
    const classes = given ? [...given] : sortClasses(col.labels);
    if (given) {
      const known = new Set(classes);
      const bad = col.findRow(n, (l) => !known.has(l));
      if (bad >= 0) throw new WasmpropError(where(0, bad), `one of the model's classes ${classes.map((c) => JSON.stringify(c)).join(', ')}`, col.labels[col.id(bad)!]);
    }
    const K = classes.length;
    if (n * K > MAX_CSV_VALUES) throw new WasmpropError(where(0, n - 1), `at most ${MAX_CSV_VALUES} one-hot target values, rows × classes`, `${n} rows × ${K} classes`);
    const position = new Map(classes.map((c, k) => [c, k]));
    const slot = col.labels.map((l) => position.get(l)!);
    const targets = new Float64Array(n * K);
    for (let r = 0; r < n; r++) targets[r * K + slot[col.id(r)!]] = 1;
    return { targets, outputSize: K, classes };
  }
}
