// The finiteness check of flat Float64Array rows (options/rows.ts): a branch-free sum of v·0 over
// the whole array, then the exact place of the first bad value for the error. Pinned here: every
// kind of non-finite value is found wherever it sits (in the 4-wide loop and in its tail), and
// finite extremes (−0, ±Number.MAX_VALUE, subnormals) are not mistaken for bad values.
// The check itself (util/finite.ts) has one function per element type: float32 arrays (a float32
// network's parameters and gradients) are pinned the same way.
// Not here: the other shapes of rows (arrays of rows: network-errors.test.ts).
import { describe, expect, it } from 'vitest';
import { WasmpropError } from '../src/api/errors.js';
import { copyRows } from '../src/options/rows.js';
import { allFinite } from '../src/util/finite.js';

const W = 7;

function rowsWith(n: number, at: number, v: number): Float64Array {
  const a = new Float64Array(n).map((_, i) => ((i * 37) % 11) / 11 - 0.5);
  a[at] = v;
  return a;
}

describe('flat Float64Array rows: finiteness', () => {
  it('accepts finite extremes and copies them bit for bit', () => {
    const a = new Float64Array([-0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1e-310, 3, ...new Array(7).fill(1)]);
    const dst = new Float64Array(a.length + 2);
    expect(copyRows('inputs', a, W, dst, 2)).toBe(2);
    expect(Object.is(dst[2], -0)).toBe(true);
    expect([...dst.subarray(2)]).toEqual([...a]);
  });

  for (const [name, bad] of [['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['-Infinity', Number.NEGATIVE_INFINITY]] as const) {
    // 63 values: positions in the 4-wide loop (0, 5, 58) and in its 3-value tail (60, 62)
    for (const at of [0, 5, 58, 60, 62]) {
      it(`finds ${name} at element ${at} and names its row and column`, () => {
        const a = rowsWith(63, at, bad);
        let err: unknown;
        try {
          copyRows('inputs', a, W, null, 0);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(WasmpropError);
        const msg = (err as Error).message;
        expect(msg).toContain(`inputs[${at}] (row ${Math.floor(at / W)}, column ${at % W})`);
        expect(msg).toContain('a finite number');
        expect(msg).toContain(name);
      });
    }
  }

  it('reports the first of several bad values', () => {
    const a = rowsWith(63, 40, Number.NaN);
    a[12] = Number.POSITIVE_INFINITY;
    expect(() => copyRows('inputs', a, W, null, 0)).toThrow(/inputs\[12\] \(row 1, column 5\)/);
  });
});

describe('allFinite on either element type', () => {
  for (const [type, make] of [['Float64Array', (n: number) => new Float64Array(n)], ['Float32Array', (n: number) => new Float32Array(n)]] as const) {
    it(`${type}: true for finite values of every length 0–9, false for each bad value at each position`, () => {
      for (let n = 0; n <= 9; n++) {
        const a = make(n).map((_, i) => (i % 3) - 1.5);
        if (n > 0) a[0] = -0;
        expect(allFinite(a)).toBe(true);
        for (let at = 0; at < n; at++) {
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
            const b = a.slice();
            b[at] = bad;
            expect(allFinite(b), `${type} length ${n}, ${bad} at ${at}`).toBe(false);
          }
        }
      }
    });
  }

  it('float32 extremes are finite; a float64 value beyond float32 stored in one is not', () => {
    expect(allFinite(Float32Array.from([3.4028234663852886e38, -3.4028234663852886e38, 1.4e-45, -0]))).toBe(true);
    expect(allFinite(Float32Array.from([1, 2, 3, 4, 1e39]))).toBe(false);
  });
});
