// The kernel ABI is written twice: assembly/layout.ts (the kernels' word offsets and codes) and
// src/backend/abi.ts (the TS side's). This compares EVERY shared constant by name and value, the
// variant numbers of assembly/driver.ts with what each binary exports and what the family table
// names, and the word counts each binary exports; then the arena layout's shape.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import * as abi from '../src/backend/abi.js';
import { FAMILIES, exportedValue } from '../src/backend/families.js';
import { instantiateWasm, instantiateShared, hasSimd, hasRelaxedSimd, hasWasmThreads } from '../src/backend/wasm-loader.js';
import { POOL_FNS } from '../src/backend/pool.js';
import { loadBackend } from '../src/backend/index.js';
import { computeLayout } from '../src/engine/layout.js';
import type { KernelFamily } from '../src/api/types.js';

/** `export const NAME: i32 = N;` of an AssemblyScript source, by name. */
function asConstants(path: string): Map<string, number> {
  const src = readFileSync(new URL(path, import.meta.url), 'utf8');
  const out = new Map<string, number>();
  for (const m of src.matchAll(/^export const (\w+): i32 = (-?\d+);/gm)) out.set(m[1], Number(m[2]));
  return out;
}

const available: Record<KernelFamily, boolean> = { scalar: true, simd: hasSimd(), relaxed: hasRelaxedSimd() };

describe('kernel ABI', () => {
  it('every constant of assembly/layout.ts equals the one of src/backend/abi.ts, and neither side has one the other lacks', () => {
    const as = asConstants('../assembly/layout.ts');
    const ts = new Map(Object.entries(abi).filter(([, v]) => typeof v === 'number') as [string, number][]);
    expect(as.size).toBeGreaterThan(40);
    expect([...as.keys()].sort()).toEqual([...ts.keys()].sort());
    for (const [name, v] of as) expect(ts.get(name), name).toBe(v);
  });

  it('each binary exports the variant numbers of assembly/driver.ts, and the family table names the export of every family', async () => {
    const driver = asConstants('../assembly/driver.ts');
    const variants = [...driver].filter(([k]) => k.startsWith('VARIANT_'));
    expect(variants.length).toBe(Object.keys(FAMILIES).length);
    for (const f of Object.values(FAMILIES)) expect(driver.has(f.variantExport), f.variantExport).toBe(true);
    for (const bin of Object.keys(FAMILIES) as KernelFamily[]) {
      if (!available[bin]) continue;
      const ex = await instantiateWasm(bin);
      for (const [name, v] of variants) {
        const got = exportedValue(ex[name]);
        // a binary exports the variant numbers of the families it has kernels for
        const has = Object.values(FAMILIES).some((f) => f.variantExport === name && FAMILIES[bin].features.includes(f.isa));
        expect(got, `${bin} ${name}`).toBe(has ? v : undefined);
      }
      expect(exportedValue(ex.HEADER_WORDS), bin).toBe(abi.HEADER_WORDS);
      expect(exportedValue(ex.LAYER_WORDS), bin).toBe(abi.LAYER_WORDS);
      expect(exportedValue(ex.HYPER_WORDS), bin).toBe(abi.HYPER_WORDS);
      expect(exportedValue(ex.DIAG_WORDS), bin).toBe(abi.DIAG_WORDS);
      expect((ex.has_simd as () => number)(), bin).toBe(bin === 'scalar' ? 0 : 1);
    }
  });

  it('each shared-memory binary exports what its plain twin does, the pool entry points and the same word counts, on an imported shared memory', async () => {
    expect(hasWasmThreads()).toBe(true);
    const driver = asConstants('../assembly/driver.ts');
    for (const bin of Object.keys(FAMILIES) as KernelFamily[]) {
      if (!available[bin]) continue;
      const plain = await instantiateWasm(bin);
      const shared = await instantiateShared(bin);
      expect(shared.memory.buffer instanceof SharedArrayBuffer, bin).toBe(true);
      const { checkDriverExports } = await import('../src/backend/index.js');
      expect(() => checkDriverExports(shared.exports), bin).not.toThrow();
      for (const name of Object.keys(plain)) expect(name in shared.exports, `${bin}.shared lacks ${name}`).toBe(true);
      for (const fn of POOL_FNS) expect(typeof shared.exports[fn], `${bin}.shared ${fn}`).toBe('function');
      expect(typeof shared.exports.thread_init, bin).toBe('function');
      expect('thread_init' in plain, `${bin} (plain) has no threads`).toBe(false);
      for (const [name, v] of [...driver].filter(([k]) => k.startsWith('VARIANT_'))) {
        expect(exportedValue(shared.exports[name]), `${bin}.shared ${name}`).toBe(exportedValue(plain[name]) === undefined ? undefined : v);
      }
      for (const w of ['HEADER_WORDS', 'LAYER_WORDS', 'HYPER_WORDS', 'DIAG_WORDS', 'POOL_WORDS'] as const) {
        expect(exportedValue(shared.exports[w]), `${bin}.shared ${w}`).toBe(abi[w]);
      }
    }
  });

  it('the pool control block keeps its barrier words on cache lines of their own and the arguments inside it', () => {
    const bytes = (w: number): number => w * 4;
    expect(bytes(abi.POOL_SEQ) % 64).toBe(0);
    expect(bytes(abi.POOL_COUNT) % 64).toBe(0);
    expect(bytes(abi.POOL_GEN) % 64).toBe(0);
    expect(bytes(abi.POOL_ARGS) % 8).toBe(0);
    expect(bytes(abi.POOL_RESULT) % 8).toBe(0);
    // train_epochs_f64 has the most arguments: 9 f64 slots must end before the result and the barrier
    expect(abi.POOL_ARGS + 2 * 9).toBeLessThanOrEqual(abi.POOL_RESULT);
    expect(abi.POOL_RESULT + 2).toBeLessThanOrEqual(abi.POOL_COUNT);
    expect(abi.POOL_GEN).toBeLessThan(abi.POOL_WORDS);
    expect(abi.H_POOL).toBeLessThan(abi.HEADER_WORDS);
  });

  it("a backend's variant is the number its binary exports for the family", async () => {
    for (const f of Object.values(FAMILIES)) {
      if (!available[f.family]) continue;
      const b = await loadBackend({ kernel: f.family });
      expect(b.isa).toBe(f.isa);
      expect(b.variant, f.family).toBe(asConstants('../assembly/driver.ts').get(f.variantExport));
    }
  });

  it('a binary without a driver export fails at load with a message naming it', async () => {
    const { checkDriverExports } = await import('../src/backend/index.js');
    const ex = await instantiateWasm('scalar');
    expect(() => checkDriverExports(ex)).not.toThrow();
    const { train_epochs_f64: _dropped, ...partial } = ex;
    expect(() => checkDriverExports(partial as typeof ex)).toThrow(/^wasm: expected a wasmprop binary exporting forward_f64.*, got "a module without train_epochs_f64"$/);
  });

  it('parameters are per layer W (OUT×IN) then b, gradients in the identical layout, blocks 64-byte (cache-line) aligned', () => {
    const l = computeLayout([3, 5, 2], 4);
    expect(l.nParams).toBe(5 * 3 + 5 + 2 * 5 + 2);
    expect(l.layers[0].b - l.layers[0].w).toBe(15 * 8);
    expect(l.layers[1].w - l.layers[0].b).toBe(5 * 8);
    expect(l.grads - l.params).toBeGreaterThanOrEqual(l.nParams * 8);
    for (const ly of l.layers) {
      expect(ly.dw - ly.w).toBe(l.grads - l.params);
      expect(ly.db - ly.b).toBe(l.grads - l.params);
      expect(ly.act % 64).toBe(0);
      expect(ly.delta % 64).toBe(0);
    }
    expect(l.params % 64).toBe(0);
    expect(l.grads % 64).toBe(0);
    expect(l.bytes).toBeGreaterThanOrEqual(l.layers[1].delta + 4 * 2 * 8);
  });
});
