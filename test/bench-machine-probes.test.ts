// The bench's probes of the machine (bench/latency.ts), printed beside the paired ratios: the
// cross-core round trip and each core's lost time and pace with every core busy. They run real
// child processes here (≈ 1 s in all): the numbers must be of the right kind and in range.
// Not here: the ratios themselves (they are measured, never asserted).
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { coreAvailability, crossCoreRoundTrip } from '../bench/latency.js';
import { canPin } from '../bench/pin.js';
import { pairedMarkdown } from '../bench/paired.js';

describe('the bench\'s machine probes', () => {
  it('the cross-core round trip is a positive number of microseconds', () => {
    const rt = crossCoreRoundTrip();
    expect(rt).toBeGreaterThan(0);
    expect(rt).toBeLessThan(1000);
  });

  it('each core\'s lost time is a share of its time and its pace is relative to the fastest core', () => {
    const cores = coreAvailability();
    if (availableParallelism() < 2 || !canPin()) {
      expect(cores).toBeUndefined();
      return;
    }
    expect(cores).toHaveLength(availableParallelism());
    for (const c of cores!) {
      expect(c.lost).toBeGreaterThanOrEqual(0);
      expect(c.lost).toBeLessThan(1);
      expect(c.pace).toBeGreaterThan(0);
      expect(c.pace).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...cores!.map((c) => c.pace))).toBe(1);
  });

  it('the paired table prints them per round, and a round whose probe failed as a dash', () => {
    const rates = { 'wasm-simd': { W3: [10, 10] }, 'wasm-simd-mt': { W3: [18, 16] } };
    const md = pairedMarkdown(rates, [{ id: 'W3' } as never], 2, [1.02, 0.25], [[{ lost: 0.05, pace: 1 }, { lost: 0.18, pace: 0.93 }], undefined]).join('\n');
    expect(md).toContain('1.02, 0.25 µs');
    expect(md).toContain('core 0 / core 1 …: 5 % (1.00) / 18 % (0.93); —.');
    expect(md).toMatch(/\| W3 \| 1\.\d+× \[1\.60–1\.80\]/);
  });
});
