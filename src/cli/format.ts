// Text formatting of the CLI: numbers the way the tutorial prints them, aligned tables, CSV cells.
// Only presentation; every number printed is computed elsewhere.

/** `digits` significant digits without trailing zeros (0.35891648, not 0.358916480). */
export function sig(x: number, digits = 9): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e9) return x.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  const s = x.toPrecision(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A fixed number of decimals (loss columns). */
export function fixed(x: number | undefined, decimals = 5): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  return x.toFixed(decimals);
}

/** A share as a percentage with one decimal. */
export function pct(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '—' : `${(100 * x).toFixed(1)}%`;
}

/** Compact scientific notation (gradient RMS). */
export function sci(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '—' : x.toExponential(2);
}

/**
 * Thousands separators for counts/throughput, as toLocaleString('en-US') writes them (but 0, not
 * −0, for a small negative; from 1e21 on, JavaScript's exponent form) — by hand: the first
 * toLocaleString of a process loads ICU's locale data (≈ 40 ms of a 0.3 s CLI run).
 */
export function count(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  const r = Math.round(x);
  // from 1e21 on String gives the exponent form, which the pattern leaves as it is
  return (r < 0 ? '-' : '') + String(Math.abs(r)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Renders rows as a table: columns right-aligned except those listed in `left`. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], left: readonly number[] = [0], indent = '  '): string {
  const w = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    indent + r.map((cell, c) => (left.includes(c) ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  ').replace(/\s+$/, '');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** One CSV cell (quoted when it holds a delimiter, quote or newline). */
export function csvCell(v: string | number): string {
  const s = typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
