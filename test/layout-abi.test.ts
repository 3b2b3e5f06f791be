// The descriptor layout is defined twice (assembly/layout.ts for kernels, src/layout.ts for the TS
// side); the WASM binary exports its word counts and this checks both sides agree.
import { describe, it, expect } from 'vitest';
import { instantiateWasm, hasSimd } from '../src/backend/wasm-loader.js';
import { HEADER_WORDS, LAYER_WORDS, computeLayout } from '../src/layout.js';

describe('arena layout', () => {
  it('descriptor word counts agree with the WASM binaries', async () => {
    for (const bin of hasSimd() ? (['scalar', 'simd'] as const) : (['scalar'] as const)) {
      const ex = await instantiateWasm(bin);
      expect((ex.HEADER_WORDS as WebAssembly.Global).value, bin).toBe(HEADER_WORDS);
      expect((ex.LAYER_WORDS as WebAssembly.Global).value, bin).toBe(LAYER_WORDS);
      expect((ex.has_simd as () => number)(), bin).toBe(bin === 'simd' ? 1 : 0);
    }
  });

  it('parameters are per layer W (OUT×IN) then b, gradients in the identical layout, blocks 16-byte aligned', () => {
    const l = computeLayout([3, 5, 2], 4);
    expect(l.nParams).toBe(5 * 3 + 5 + 2 * 5 + 2);
    expect(l.layers[0].b - l.layers[0].w).toBe(15 * 8);
    expect(l.layers[1].w - l.layers[0].b).toBe(5 * 8);
    expect(l.grads - l.params).toBeGreaterThanOrEqual(l.nParams * 8);
    for (const ly of l.layers) {
      expect(ly.dw - ly.w).toBe(l.grads - l.params);
      expect(ly.db - ly.b).toBe(l.grads - l.params);
      expect(ly.act % 16).toBe(0);
      expect(ly.delta % 16).toBe(0);
    }
    expect(l.params % 16).toBe(0);
    expect(l.grads % 16).toBe(0);
    expect(l.bytes).toBeGreaterThanOrEqual(l.layers[1].delta + 4 * 2 * 8);
  });
});
