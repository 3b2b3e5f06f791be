// The CLI's number formatting (src/cli/format.ts): pinned where it is written by hand instead of
// through Intl — thousands separators exactly as toLocaleString('en-US') writes them.
// Not here: the tables the commands print (cli-train.test.ts, cli-trace.test.ts).
import { describe, expect, it } from 'vitest';
import { count, fixed, pct, sig } from '../src/cli/format.js';

describe('count', () => {
  it('groups digits by thousands like toLocaleString("en-US"), rounding first', () => {
    const cases: [number, string][] = [
      [0, '0'], [7, '7'], [999, '999'], [999.5, '1,000'], [1000, '1,000'], [12345, '12,345'],
      [120146.9, '120,147'], [2254707.3, '2,254,707'], [-1234, '-1,234'], [-999, '-999'],
      [123456789012, '123,456,789,012'], [2 ** 53, '9,007,199,254,740,992'],
    ];
    for (const [x, s] of cases) {
      expect(count(x)).toBe(s);
      expect(count(x)).toBe(Math.round(x).toLocaleString('en-US'));
    }
  });

  it('agrees with toLocaleString on many magnitudes below 1e21', () => {
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 16807) % 2147483647;
      const x = ((seed / 2147483647) * 2 - 1) * 10 ** (k % 21);
      if (Math.abs(Math.round(x)) === 0) continue;
      expect(count(x)).toBe(Math.round(x).toLocaleString('en-US'));
    }
  });

  it('a dash where there is no count; 0 for a small negative', () => {
    expect(count(undefined)).toBe('—');
    expect(count(Number.NaN)).toBe('—');
    expect(count(Number.POSITIVE_INFINITY)).toBe('—');
    expect(count(-0.2)).toBe('0');
  });
});

describe('the other cells', () => {
  it('fixed, pct and sig', () => {
    expect(fixed(0.0641834)).toBe('0.06418');
    expect(fixed(undefined)).toBe('—');
    expect(pct(0.9833)).toBe('98.3%');
    expect(sig(0.358916480)).toBe('0.35891648');
    expect(sig(1.5e-5)).toBe('1.5e-5');
  });
});
