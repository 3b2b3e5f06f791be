// How the CSV reader turns field text into numbers and keeps them while a file streams in: the
// strict decimal parser (with an exact fast path), growable Float64Array rows, and a target
// column that defers "numbers or classes?" to the last row without one string per row.
// Not the reader itself (csv.ts) and not a CSV parser (papaparse is, csv-parser.ts).

/** Most data rows a CSV may have (2^24): a larger file is refused at the row past the bound. */
export const MAX_CSV_ROWS = 2 ** 24;
/** Most feature values (rows × feature columns) a CSV may have: 2^27 float64 = 1 GiB. Also the bound on rows × classes. */
export const MAX_CSV_VALUES = 2 ** 27;
/** Most distinct class labels a categorical target may have. */
export const MAX_CSV_CLASSES = 2 ** 16;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

// The definition of parseNumber: the grammar above, after trimming, and finite.
function parseNumberStrict(s: string): number {
  const t = s.trim();
  if (!NUMBER.test(t)) return NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Parses a strict decimal number ("1", "-2.5e3", ".5"); NaN for anything else (including "").
 * Why not just Number(): it also takes "0x10", "Infinity" and "". The common case — at most 15
 * or so digits and a small exponent — is computed here as digits × or ÷ an exact power of ten,
 * which IEEE rounding makes exactly Number()'s result (Clinger's fast path) at a third of the
 * cost; everything else goes through the regular expression and Number().
 */
export function parseNumber(s: string): number {
  let i = 0;
  let end = s.length;
  let c = 0;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  let negative = false;
  c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  let w = 0;
  let digits = 0;
  let fraction = 0;
  for (; i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57; i++, digits++) w = w * 10 + (c - 48);
  if (i < end && c === 46) {
    for (i++; i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57; i++, digits++, fraction++) w = w * 10 + (c - 48);
  }
  if (digits === 0) return parseNumberStrict(s);
  let e = 0;
  if (i < end && (c === 101 || c === 69)) {
    i++;
    let expNegative = false;
    c = s.charCodeAt(i);
    if (c === 43 || c === 45) {
      expNegative = c === 45;
      i++;
    }
    let expDigits = 0;
    for (; i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57; i++, expDigits++) if (e < 10000) e = e * 10 + (c - 48);
    if (expDigits === 0) return NaN;
    if (expNegative) e = -e;
  }
  // w < 2^53: every digit was accumulated exactly
  if (i !== end || w >= 2 ** 53) return parseNumberStrict(s);
  const p = e - fraction;
  let v: number;
  if (p === 0) v = w;
  else if (p > 0 && p <= 22) v = w * POW10[p];
  else if (p < 0 && p >= -22) v = w / POW10[-p];
  else return parseNumberStrict(s);
  return negative ? -v : v;
}

// Rows of numbers in one Float64Array that grows by half when full. A reader that knows about
// how many rows are coming (`reserve`) saves the copies; the result is the array itself or a view
// of its first rows (at most ~1/8 unused), so no final copy doubles the memory.
export class Rows {
  /** The storage; re-read after every `next()` (growing replaces it). */
  data: Float64Array;
  private used = 0;
  constructor(private readonly width: number) {
    this.data = new Float64Array(1024 * width);
  }

  /** Makes room for `rows` rows in all (one allocation now instead of several later). */
  reserve(rows: number): void {
    if (rows * this.width > this.data.length) this.resize(Math.min(rows, MAX_CSV_ROWS) * this.width);
  }

  private resize(length: number): void {
    const next = new Float64Array(length);
    next.set(this.data.subarray(0, this.used));
    this.data = next;
  }

  /** Offset in `data` of the next row (room is made first). */
  next(): number {
    if (this.used + this.width > this.data.length) this.resize(Math.ceil(this.data.length * 1.5 / this.width) * this.width);
    const offset = this.used;
    this.used += this.width;
    return offset;
  }

  /** The rows written (a view when little is unused, else a compact copy). */
  take(): Float64Array {
    if (this.used === this.data.length) return this.data;
    if (this.data.length - this.used <= this.data.length / 8) return this.data.subarray(0, this.used);
    return this.data.slice(0, this.used);
  }
}

// One target column as it is read: its numbers (NaN for a non-number) and, while there are at most
// MAX_CSV_CLASSES distinct texts, each row's label id — so that the decision numeric/classes can
// wait for the last row without keeping one string per row.
export class TargetColumn {
  readonly numbers = new Rows(1);
  private ids: Int32Array[] | undefined = [];
  private block = new Int32Array(0);
  private at = 0;
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();
  /** How many values are numbers, and the first that is not (row index and text). */
  count = 0;
  firstBad = -1;
  firstBadText = '';

  add(text: string, r: number): void {
    const t = text.trim();
    const v = parseNumber(t);
    const k = this.numbers.next();
    this.numbers.data[k] = v;
    if (!Number.isNaN(v)) this.count++;
    else if (this.firstBad < 0) {
      this.firstBad = r;
      this.firstBadText = t;
    }
    if (this.ids === undefined) return;
    let id = this.index.get(t);
    if (id === undefined) {
      if (this.labels.length === MAX_CSV_CLASSES) {
        this.ids = undefined; // too many to be classes: numbers only from here on
        return;
      }
      id = this.labels.length;
      this.index.set(t, id);
      this.labels.push(t);
    }
    if (this.at === this.block.length) {
      this.block = new Int32Array(1 << 16);
      this.ids.push(this.block);
      this.at = 0;
    }
    this.block[this.at++] = id;
  }

  /** Label id of row r; undefined after more than MAX_CSV_CLASSES distinct texts. */
  id(r: number): number | undefined {
    return this.ids?.[r >>> 16][r & 0xffff];
  }

  /** First row whose label satisfies `bad` (-1 if none). */
  findRow(rows: number, bad: (label: string) => boolean): number {
    const hit = new Set(this.labels.map((l, k) => (bad(l) ? k : -1)).filter((k) => k >= 0));
    if (hit.size === 0) return -1;
    for (let r = 0; r < rows; r++) if (hit.has(this.id(r)!)) return r;
    return -1;
  }
}
